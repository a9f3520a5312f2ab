import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from probation.core.forms import DateField, VersionedForm

from .constants import AbsenceReason, ContactFrequency, ContactMethod, ContactType, Outcome, Repeat
from .selectors import NOT_RECORDED

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class BookAppointmentForm(forms.Form):
    type = forms.ChoiceField(
        label="Type of appointment",
        choices=[("", "Choose a type")] + [(v, ContactType(v).label) for v in ContactType.appointments()],
        error_messages={"required": "Select the type of appointment"},
    )
    date = DateField(
        label="Date",
        error_messages={"required": "Enter the date of the appointment"},
        help_text="For example, 27 3 2027",
    )
    time = forms.CharField(
        label="Time",
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time of the appointment"},
    )
    location = forms.CharField(
        label="Location",
        max_length=200,
        required=False,
        help_text="For example, the office, or the person's home address",
    )
    national_standard = forms.BooleanField(
        label="Counts towards National Standard contact",
        required=False,
        initial=True,
        help_text="Only National Standard contacts count towards the case's contact level",
    )
    requirement = forms.TypedChoiceField(
        label="Requirement this appointment delivers (optional)", required=False, coerce=int, empty_value=None
    )
    repeat = forms.ChoiceField(
        label="Repeat", choices=Repeat.choices, required=False, widget=forms.RadioSelect, initial=""
    )
    occurrences = forms.IntegerField(
        label="Number of appointments in all",
        required=False,
        min_value=2,
        max_value=26,
        help_text="Only for a repeating appointment, for example 6",
        error_messages={
            "min_value": "Number of appointments must be between 2 and 26",
            "max_value": "Number of appointments must be between 2 and 26",
            "invalid": "Number of appointments must be a number, like 6",
        },
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    sensitive = forms.BooleanField(
        label="Contains sensitive information",
        required=False,
        help_text="Only the case's team can read it without asking to",
    )

    def __init__(self, *args, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [("", "None")] + [
            (r.pk, f"{r.get_type_display()} from {r.start_date:%-d %b %Y}") for r in requirements
        ]

    def clean_time(self):
        match = TIME.match(self.cleaned_data["time"])
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError("Enter a real time, like 09:30 or 14:30")
        return time(int(match[1]), int(match[2]))

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time"):
            data["starts_at"] = timezone.make_aware(datetime.combine(data["date"], data["time"]))
        if data.get("repeat") and not data.get("occurrences") and "occurrences" not in self.errors:
            self.add_error("occurrences", "Enter how many appointments to book in all")
        if not data.get("repeat"):
            data["occurrences"] = 1
        return data


def outcome_choices(current_outcome: str):
    if current_outcome == Outcome.AWAITING_EVIDENCE:
        return [
            (Outcome.ACCEPTABLE_ABSENCE, "Acceptable absence – evidence given"),
            (Outcome.UNACCEPTABLE_ABSENCE, "Unacceptable absence – no reasonable excuse"),
        ]
    return [
        (Outcome.ATTENDED_COMPLIED, Outcome.ATTENDED_COMPLIED.label),
        (Outcome.ATTENDED_FAILED, Outcome.ATTENDED_FAILED.label),
        (Outcome.AWAITING_EVIDENCE, "Failed to attend – waiting for evidence (5 working days)"),
        (Outcome.ACCEPTABLE_ABSENCE, Outcome.ACCEPTABLE_ABSENCE.label),
        (Outcome.UNACCEPTABLE_ABSENCE, Outcome.UNACCEPTABLE_ABSENCE.label),
    ]


class OutcomeForm(VersionedForm):
    """The single form that records an outcome: everything else is filled in for the officer."""

    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the appointment"},
    )
    absence_reason = forms.ChoiceField(
        label="Reason for the absence",
        required=False,
        choices=[("", "Choose a reason")] + list(AbsenceReason.choices),
    )
    notes = forms.CharField(
        label="Notes",
        widget=forms.Textarea,
        required=False,
        help_text="Added to the contact's notes. Needed for a failure to comply",
    )
    sensitive = forms.BooleanField(label="Contains sensitive information", required=False)

    def __init__(self, *args, contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcome_choices(contact.outcome)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.ACCEPTABLE_ABSENCE and not data.get("absence_reason"):
            self.add_error("absence_reason", "Select the reason the absence is acceptable")
        return data


class ContactFilterForm(forms.Form):
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "All types"), *ContactType.choices])
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[("", "All outcomes"), (NOT_RECORDED, "Not recorded")]
        + [(v, label) for v, label in Outcome.choices if v],
    )


class ContactLevelForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often",
        choices=ContactFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often the person must be seen"},
    )
    method = forms.ChoiceField(
        label="How",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how contact is made"},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea,
        required=False,
        help_text="Needed when contact is reduced: why it is compatible with the risks in this case",
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StepDownDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[("approve", "Approve the step-down"), ("refuse", "Refuse the step-down")],
        error_messages={"required": "Select whether you approve or refuse the step-down"},
    )
    notes = forms.CharField(
        label="Notes",
        widget=forms.Textarea,
        required=False,
        help_text="Needed when you refuse: the person asking will read them",
    )
