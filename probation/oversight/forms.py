from django import forms
from django.core.exceptions import ValidationError

from probation.core.forms import DateField

from .constants import OversightTrigger


def add_problems(form: forms.Form, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class OversightRecordForm(forms.Form):
    recorded_on = DateField(label="Date of oversight", error_messages={"required": "Enter the date of oversight"},
                            help_text="For example, 27 3 2026")
    trigger = forms.ChoiceField(label="What prompted it?", widget=forms.RadioSelect, choices=OversightTrigger.choices,
                                error_messages={"required": "Select what prompted the oversight"})
    decision = forms.CharField(label="Decision", widget=forms.Textarea,
                               error_messages={"required": "Enter the decision"})
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea,
                                error_messages={"required": "Enter the rationale for the decision"},
                                help_text="Why you reached this decision, with the evidence you relied on")
    actions_set = forms.CharField(label="Actions set for the officer", widget=forms.Textarea, required=False)
