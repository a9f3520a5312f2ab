from django import forms

from probation.core.forms import VersionedForm
from probation.sentences.constants import DisposalType

from .constants import Ethnicity, Religion, SexualOrientation


class PersonDetailsForm(VersionedForm):
    phone = forms.CharField(label="Phone number", max_length=40, required=False)
    email = forms.EmailField(
        label="Email address", required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    first_language = forms.CharField(
        label="First language",
        max_length=60,
        error_messages={"required": "Enter the person's first language"},
    )
    interpreter_required = forms.BooleanField(label="Needs an interpreter", required=False)
    literacy_need = forms.BooleanField(label="Has a literacy need", required=False)
    gender_identity = forms.CharField(
        label="Gender identity", max_length=100, required=False, help_text="Only if different from sex"
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices)
    religion = forms.ChoiceField(label="Religion or belief", choices=Religion.choices)
    sexual_orientation = forms.ChoiceField(label="Sexual orientation", choices=SexualOrientation.choices)
    disability = forms.CharField(label="Disabilities", widget=forms.Textarea, required=False)
    disability_adjustments = forms.CharField(
        label="Adjustments we make", widget=forms.Textarea, required=False,
        help_text="For example, appointments on the ground floor, easy-read letters",
    )
    pregnancy_maternity = forms.BooleanField(label="Pregnant or on maternity", required=False)
    caring_responsibilities = forms.CharField(
        label="Caring responsibilities", widget=forms.Textarea, required=False
    )


class CaseloadFilterForm(forms.Form):
    text = forms.CharField(label="Name or CRN", required=False, max_length=100)
    sentence_type = forms.ChoiceField(
        label="Sentence", required=False, choices=[("", "All sentences"), *DisposalType.choices]
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name, CRN, PNC ID or date of birth",
        max_length=100,
        help_text="For example, Smith, X123456, 2001/0123456Z or 27/03/1990",
        error_messages={"required": "Enter a name, CRN, PNC ID or date of birth"},
    )
