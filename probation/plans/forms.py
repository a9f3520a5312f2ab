from django import forms
from django.core.exceptions import ValidationError

from probation.core.forms import DateField, VersionedForm
from probation.risk.constants import Need

from .constants import Involvement, ObjectiveOwner, ObjectiveStatus, ReviewReason


def add_problems(form: forms.Form, error: ValidationError) -> None:
    """Put a service's field problems beside the fields they belong to (or at the top)."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class PlanDetailsForm(VersionedForm):
    persons_own_words = forms.CharField(
        label="In their own words",
        widget=forms.Textarea,
        required=False,
        help_text="What the person wants to achieve and what they think will help, as they put it",
    )
    involvement = forms.ChoiceField(
        label="How was the person involved in the plan?",
        widget=forms.RadioSelect,
        required=False,
        choices=Involvement.choices,
    )
    involvement_notes = forms.CharField(
        label="Why were they not fully involved?",
        widget=forms.Textarea,
        required=False,
        help_text="Needed unless they were fully involved",
    )
    diversity_needs = forms.CharField(
        label="Diversity needs",
        widget=forms.Textarea,
        required=False,
        help_text="Copied from the person's record when the plan began; add anything that affects the plan",
    )
    adjustments = forms.CharField(
        label="Adjustments we make",
        widget=forms.Textarea,
        required=False,
        help_text="For example, an interpreter, easy-read letters, appointments around childcare",
    )


class ObjectiveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(
        label="Objective",
        widget=forms.Textarea,
        error_messages={"required": "Describe the objective"},
        help_text="What will change, in words the person understands",
    )
    needs = forms.MultipleChoiceField(
        label="Needs it addresses",
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requirements = forms.TypedMultipleChoiceField(
        label="Requirements it delivers",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    risk_actions = forms.TypedMultipleChoiceField(
        label="Risk management actions it carries out",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = forms.ChoiceField(
        label="Who owns it?",
        widget=forms.RadioSelect,
        choices=ObjectiveOwner.choices,
        error_messages={"required": "Select who owns the objective"},
    )
    owner_name = forms.CharField(
        label="Name of the officer or partner agency", max_length=200, required=False
    )
    target_date = DateField(label="Target date", error_messages={"required": "Enter a target date"})
    status = forms.ChoiceField(
        label="Progress", choices=ObjectiveStatus.choices, initial=ObjectiveStatus.OPEN
    )
    progress = forms.CharField(label="Progress notes", widget=forms.Textarea, required=False)

    def __init__(self, *args, requirements, risk_actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirements"].choices = [
            (
                r.pk,
                f"{r.get_type_display()}{f': {r.length} {r.length_unit}' if r.length else ''}"
                f" (from {r.start_date:%-d %b %Y})",
            )
            for r in requirements
        ]
        self.fields["risk_actions"].choices = [
            (a.pk, f"{a.action[:120]} (by {a.due_on:%-d %b %Y})") for a in risk_actions
        ]


class SubmitForm(VersionedForm):
    pass


class CountersignForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Do you countersign this plan?",
        widget=forms.RadioSelect,
        choices=[("countersign", "Yes, I countersign it"), ("return", "No, return it to the author")],
        error_messages={"required": "Select whether you countersign the plan"},
    )
    notes = forms.CharField(
        label="Comments", widget=forms.Textarea, required=False, help_text="Needed if you return the plan"
    )


class ReviewForm(VersionedForm):
    reason = forms.ChoiceField(
        label="Why is the plan being reviewed?",
        widget=forms.RadioSelect,
        choices=ReviewReason.choices,
        error_messages={"required": "Select why the plan is being reviewed"},
    )
    significant_event = forms.TypedChoiceField(
        label="Significant event", coerce=int, required=False, empty_value=None
    )
    reviewed_on = DateField(
        label="Date of the review", error_messages={"required": "Enter the date of the review"}
    )
    summary = forms.CharField(
        label="What has changed, and what happens next",
        widget=forms.Textarea,
        error_messages={"required": "Summarise the review: what has changed and what happens next"},
    )
    persons_views = forms.CharField(label="The person's views", widget=forms.Textarea, required=False)

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["significant_event"].choices = [("", "None")] + [
            (e.pk, f"{e.get_type_display()} on {e.occurred_on:%-d %b %Y}") for e in events
        ]
