from django import forms
from django.core.exceptions import ValidationError

from probation.core.forms import DateField, VersionedForm

from .constants import CourtOutcome, EnforcementKind, RecallOutcome, RecallType


def add_problems(form: forms.Form, error: ValidationError) -> None:
    """Put a service's field problems beside the fields they belong to (or at the top)."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class DecisionForm(VersionedForm):
    kind = forms.ChoiceField(
        label="What have you decided?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you have decided"},
    )
    failure_description = forms.CharField(
        label="Describe the failure",
        widget=forms.Textarea,
        help_text="Written to the person: it appears in the letter",
        error_messages={"required": "Describe the failure: it goes into the letter"},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea,
        required=False,
        help_text="Needed when you choose a more serious step than the one recommended, and for recall",
    )
    recall_type = forms.ChoiceField(
        label="Type of recall (if recalling)",
        widget=forms.RadioSelect,
        required=False,
        choices=RecallType.choices,
    )

    def __init__(self, *args, permitted: list[str], licence: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, EnforcementKind(k).label) for k in permitted]
        if not licence:
            del self.fields["recall_type"]


class LetterIssuedForm(VersionedForm):
    issued_on = DateField(
        label="Date the letter was sent", error_messages={"required": "Enter the date the letter was sent"}
    )


class BreachInitiatedForm(VersionedForm):
    initiated_on = DateField(
        label="Date breach action was initiated",
        help_text="The day the breach pack went to the court team. For example, 27 3 2026",
        error_messages={"required": "Enter the date breach action was initiated"},
    )


class CourtOutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="What did the court decide?",
        widget=forms.RadioSelect,
        choices=CourtOutcome.choices,
        error_messages={"required": "Select what the court decided"},
    )
    outcome_on = DateField(
        label="Date of the court's decision",
        error_messages={"required": "Enter the date of the court's decision"},
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)


class RecallForm(forms.Form):
    disposal = forms.TypedChoiceField(
        label="Licence", coerce=int, error_messages={"required": "Select a licence currently in force"}
    )
    recall_type = forms.ChoiceField(
        label="Type of recall",
        widget=forms.RadioSelect,
        choices=RecallType.choices,
        error_messages={"required": "Select the type of recall"},
        help_text="Fixed-term recall is 14 days for a sentence under 12 months and 28 days otherwise",
    )
    rationale = forms.CharField(
        label="Reasons for recall",
        widget=forms.Textarea,
        error_messages={"required": "Give the reasons for recall: the countersigning managers read them"},
    )

    def __init__(self, *args, licences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disposal"].choices = [
            (d.pk, f"{d.get_type_display()} from {d.release_date or d.start_date:%-d %B %Y}")
            for d in licences
        ]
        if len(licences) == 1:
            self.fields["disposal"].initial = licences[0].pk


class CountersignForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Do you countersign this recall?",
        widget=forms.RadioSelect,
        choices=[("countersign", "Yes, I countersign it"), ("not_supported", "No, I do not support it")],
        error_messages={"required": "Select whether you countersign the recall"},
    )
    notes = forms.CharField(
        label="Comments",
        widget=forms.Textarea,
        required=False,
        help_text="Needed if you do not support the recall",
    )


class RecallOutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        choices=RecallOutcome.choices,
        error_messages={"required": "Select the outcome"},
    )
    outcome_on = DateField(
        label="Date of the outcome", error_messages={"required": "Enter the date of the outcome"}
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
