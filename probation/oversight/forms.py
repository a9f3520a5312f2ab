from django import forms
from django.core.exceptions import ValidationError

from probation.core.forms import DateField, VersionedForm

from .constants import OversightTrigger, QualityRating, SfoReviewType


def add_problems(form: forms.Form, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class OversightRecordForm(forms.Form):
    recorded_on = DateField(
        label="Date of oversight",
        error_messages={"required": "Enter the date of oversight"},
        help_text="For example, 27 3 2026",
    )
    trigger = forms.ChoiceField(
        label="What prompted it?",
        widget=forms.RadioSelect,
        choices=OversightTrigger.choices,
        error_messages={"required": "Select what prompted the oversight"},
    )
    decision = forms.CharField(
        label="Decision", widget=forms.Textarea, error_messages={"required": "Enter the decision"}
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea,
        error_messages={"required": "Enter the rationale for the decision"},
        help_text="Why you reached this decision, with the evidence you relied on",
    )
    actions_set = forms.CharField(label="Actions set for the officer", widget=forms.Textarea, required=False)


class SfoChargeForm(forms.Form):
    offence = forms.ModelChoiceField(
        label="Offence charged",
        queryset=None,
        empty_label="Select the offence",
        error_messages={"required": "Select the offence charged"},
    )
    charged_on = DateField(label="Date of charge", error_messages={"required": "Enter the date of charge"})
    offence_details = forms.CharField(label="Details", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import QualifyingOffence

        self.fields["offence"].queryset = QualifyingOffence.objects.all()


class SfoNotifyForm(forms.Form):
    notified_on = DateField(
        label="Date notified", error_messages={"required": "Enter the date of notification"}
    )


class SfoReviewAssignForm(forms.Form):
    review_type = forms.ChoiceField(
        label="Type of review",
        widget=forms.RadioSelect,
        choices=SfoReviewType.choices,
        error_messages={"required": "Select the type of review"},
    )
    reviewer = forms.ModelChoiceField(
        label="Reviewer",
        queryset=None,
        empty_label="Select a reviewer",
        error_messages={"required": "Select a reviewer"},
    )

    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class SfoChronologyForm(forms.Form):
    occurred_on = DateField(label="Date", error_messages={"required": "Enter the date"})
    entry = forms.CharField(
        label="What happened", widget=forms.Textarea, error_messages={"required": "Enter what happened"}
    )


class SfoLearningActionForm(forms.Form):
    action = forms.CharField(
        label="Learning action",
        widget=forms.Textarea,
        error_messages={"required": "Enter the learning action"},
    )
    owner = forms.CharField(label="Owner", error_messages={"required": "Enter who owns the action"})
    due_on = DateField(label="Due by", error_messages={"required": "Enter the date it is due"})


class SfoReviewCompleteForm(forms.Form):
    completed_on = DateField(
        label="Date completed", error_messages={"required": "Enter the date the review was completed"}
    )
    summary = forms.CharField(
        label="Summary of the review",
        widget=forms.Textarea,
        error_messages={"required": "Enter a summary of the review"},
    )


class SfoRatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="Quality of the review",
        widget=forms.RadioSelect,
        choices=QualityRating.choices,
        error_messages={"required": "Select a rating"},
    )


class ChargeForm(forms.Form):
    offence_code = forms.ChoiceField(
        label="Offence charged",
        choices=(),
        error_messages={"required": "Select the offence charged"},
        help_text="Offences on this list can be Serious Further Offences",
    )
    other_offence = forms.CharField(label="If another offence, what was it?", required=False, max_length=200)
    charged_on = DateField(
        label="Date of charge",
        error_messages={"required": "Enter the date of charge"},
        help_text="For example, 27 3 2026",
    )
    details = forms.CharField(label="Details", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .charges import OTHER_OFFENCE
        from .models import QualifyingOffence

        self.fields["offence_code"].choices = [
            ("", "Select the offence"),
            *QualifyingOffence.objects.values_list("code", "name"),
            (OTHER_OFFENCE, "Another offence"),
        ]


class LearningActionCompleteForm(VersionedForm):
    completed_on = DateField(
        label="Date completed",
        error_messages={"required": "Enter the date the action was completed"},
        help_text="For example, 27 3 2026",
    )
    note = forms.CharField(
        label="What was done",
        widget=forms.Textarea,
        error_messages={"required": "Enter what was done"},
    )
