from datetime import datetime, time

from django import forms
from django.utils import timezone

from probation.contacts.constants import AbsenceReason
from probation.core.forms import DateField, VersionedForm
from probation.risk.constants import Need
from probation.workforce.models import Area

from .constants import (
    Attendance,
    Category,
    DeclineReason,
    Direction,
    EndReason,
    OutcomeAchieved,
    TestResult,
)


class DirectoryFilterForm(forms.Form):
    text = forms.CharField(label="Name or keyword", required=False, max_length=100)
    area = forms.ModelChoiceField(
        label="Area", queryset=Area.objects.order_by("name"), required=False, empty_label="All areas"
    )
    need = forms.ChoiceField(
        label="Need addressed", required=False, choices=[("", "All needs"), *Need.choices]
    )
    category = forms.ChoiceField(label="Type", required=False, choices=[("", "All types"), *Category.choices])
    sex = forms.ChoiceField(
        label="Open to", required=False, choices=[("", "Anyone"), ("male", "Men"), ("female", "Women")]
    )
    crn = forms.CharField(required=False, widget=forms.HiddenInput, max_length=7)
    eligible = forms.BooleanField(label="Only those this person is eligible for", required=False)


class ReferralForm(forms.Form):
    need = forms.ChoiceField(
        label="Need the referral addresses",
        error_messages={"required": "Select the need the referral addresses"},
    )
    desired_outcomes = forms.CharField(
        label="Desired outcomes",
        widget=forms.Textarea,
        help_text="What should be different for the person at the end, for example: has a settled home",
        error_messages={"required": "Enter the outcomes you want for the person"},
    )
    risk_information = forms.CharField(
        label="Risk information for the provider",
        widget=forms.Textarea,
        help_text=(
            "Filled in from the latest risk of serious harm assessment: check it and add what the "
            "provider needs to work safely"
        ),
        error_messages={"required": "Enter the risk information the provider needs"},
    )
    further_information = forms.CharField(
        label="Further information",
        widget=forms.Textarea,
        required=False,
        help_text="Diversity needs and adjustments, availability, childcare, interpreter",
    )

    def __init__(self, *args, needs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Need.choices)
        self.fields["need"].choices = [("", "Select a need")] + [(n, labels[n]) for n in needs]
        if len(needs) == 1:
            self.fields["need"].initial = needs[0]


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label="The provider's decision",
        widget=forms.RadioSelect,
        choices=[("accept", "Accepted"), ("decline", "Declined")],
        error_messages={"required": "Select whether the provider accepted the referral"},
    )
    reason = forms.ChoiceField(
        label="If declined, why", required=False, choices=[("", "Select a reason"), *DeclineReason.choices]
    )
    detail = forms.CharField(label="Details", widget=forms.Textarea, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason"):
            self.add_error("reason", "Select why the referral was declined")
        return data


class ActionPlanForm(VersionedForm):
    action_plan = forms.CharField(
        label="Action plan",
        widget=forms.Textarea,
        help_text="The activities the provider will deliver, how often, and how they meet the outcomes",
        error_messages={"required": "Enter the action plan"},
    )


class ConfirmForm(VersionedForm):
    """A step with nothing to fill in but the record's version."""


class SessionForm(VersionedForm):
    session_date = DateField(
        label="Date of the session", error_messages={"required": "Enter the date of the session"}
    )
    session_time = forms.TimeField(
        label="Start time",
        required=False,
        input_formats=["%H:%M", "%H.%M"],
        help_text="For example, 14:30",
        error_messages={"invalid": "Enter a time like 14:30"},
    )
    attendance = forms.ChoiceField(
        label="Attendance",
        widget=forms.RadioSelect,
        choices=Attendance.choices,
        error_messages={"required": "Select whether the person attended"},
    )
    absence_reason = forms.ChoiceField(
        label="If an acceptable absence, the reason",
        required=False,
        choices=[("", "Select a reason"), *AbsenceReason.choices],
    )
    test_result = forms.ChoiceField(label="Drug or alcohol test", required=False, choices=TestResult.choices)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    record_contact = forms.BooleanField(
        label="Record on the case as an intervention session contact",
        required=False,
        initial=True,
        help_text=(
            "Compliance and RAR days count contacts. Untick only if the session is already on the case record"
        ),
    )

    def __init__(self, *args, with_tests: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_tests:
            del self.fields["test_result"]

    def clean(self):
        data = super().clean()
        if data.get("attendance") == Attendance.ACCEPTABLE_ABSENCE and not data.get("absence_reason"):
            self.add_error("absence_reason", "Select the reason for the absence")
        if data.get("test_result") and data.get("attendance") not in (
            Attendance.ATTENDED,
            Attendance.ATTENDED_FAILED,
        ):
            self.add_error("test_result", "A test can only be recorded when the person attended")
        return data

    @property
    def starts_at(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(
            datetime.combine(data["session_date"], data.get("session_time") or time(9, 0))
        )


class EndForm(VersionedForm):
    ending = forms.ChoiceField(
        label="How did the intervention end?",
        widget=forms.RadioSelect,
        choices=[("complete", "Completed"), ("end_early", "Ended early")],
        error_messages={"required": "Select how the intervention ended"},
    )
    reason = forms.ChoiceField(
        label="If ended early, why", required=False, choices=[("", "Select a reason"), *EndReason.choices]
    )
    detail = forms.CharField(label="Details", widget=forms.Textarea, required=False)

    def __init__(self, *args, may_complete: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_complete:
            self.fields["ending"].choices = [("end_early", "Ended early")]
            self.fields["ending"].initial = "end_early"

    def clean(self):
        data = super().clean()
        if data.get("ending") == "end_early" and not data.get("reason"):
            self.add_error("reason", "Select why the intervention ended early")
        return data


class ReportForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="Were the desired outcomes achieved?",
        widget=forms.RadioSelect,
        choices=OutcomeAchieved.choices,
        error_messages={"required": "Select whether the desired outcomes were achieved"},
    )
    text = forms.CharField(
        label="End-of-service report",
        widget=forms.Textarea,
        help_text="What was delivered, the progress the person made, and what should happen next",
        error_messages={"required": "Enter the end-of-service report"},
    )


class PartnerExchangeForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Partner agency",
        queryset=None,
        empty_label="Select an agency",
        error_messages={"required": "Select the partner agency"},
    )
    direction = forms.ChoiceField(
        label="What happened",
        widget=forms.RadioSelect,
        choices=Direction.choices,
        error_messages={"required": "Select whether information was requested or shared"},
    )
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        help_text="For example, domestic-abuse call-outs in the last 12 months",
        error_messages={"required": "Enter the subject"},
    )
    occurred_on = DateField(
        label="Date requested or shared",
        error_messages={"required": "Enter the date it was requested or shared"},
    )
    response_received_on = DateField(
        label="Date the response was received",
        required=False,
        help_text="Leave blank while a request is awaiting a response",
    )
    summary = forms.CharField(label="Summary", widget=forms.Textarea, required=False)
    sensitive = forms.BooleanField(
        label="Contains sensitive information",
        required=False,
        help_text="Hidden from staff of providers who only deliver an intervention",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class PartnerResponseForm(VersionedForm):
    response_received_on = DateField(label="Date the response was received", required=False)
    summary = forms.CharField(label="Summary", widget=forms.Textarea, required=False)
    sensitive = forms.BooleanField(label="Contains sensitive information", required=False)


class AvailabilityForm(VersionedForm):
    capacity = forms.IntegerField(
        label="Places (people at once)",
        min_value=0,
        error_messages={
            "required": "Enter the number of places",
            "min_value": "Places must be 0 or more",
            "invalid": "Places must be a whole number",
        },
    )
    waiting_weeks = forms.IntegerField(
        label="Current waiting time in weeks",
        min_value=0,
        max_value=104,
        error_messages={
            "required": "Enter the waiting time",
            "min_value": "Waiting time must be 0 or more",
            "max_value": "Waiting time must be 104 weeks or fewer",
            "invalid": "Waiting time must be a whole number of weeks",
        },
    )
    accepting_referrals = forms.BooleanField(label="Accepting referrals", required=False)
