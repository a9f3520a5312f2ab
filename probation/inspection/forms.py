from decimal import Decimal

from django import forms

from probation.core.forms import DateField
from probation.workforce.models import Area, Provider

from .constants import Answer, InspectionKind
from .models import StandardSet

ANSWER_CHOICES = [
    (Answer.YES.value, "Yes"),
    (Answer.NO.value, "No"),
    (Answer.NOT_APPLICABLE.value, "Not applicable"),
]
JUDGEMENT_CHOICES = [("yes", "Sufficient"), ("no", "Insufficient"), ("undecided", "Not decided")]


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you setting up?",
        widget=forms.RadioSelect,
        choices=InspectionKind.choices,
        error_messages={"required": "Select what you are setting up"},
    )
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter a name"})
    standard_set = forms.ModelChoiceField(
        label="Standards",
        queryset=StandardSet.objects.filter(active=True),
        empty_label=None,
        error_messages={"required": "Select the standards"},
    )
    providers = forms.ModelMultipleChoiceField(
        label="Providers inspected",
        queryset=Provider.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Not needed for a local audit: it covers your team",
    )
    team = forms.ModelChoiceField(
        label="Team audited",
        queryset=None,
        required=False,
        empty_label=None,
        help_text="For a local audit: one of your teams",
    )
    area = forms.ModelChoiceField(
        label="Area (optional)", queryset=Area.objects.all(), required=False, empty_label="All areas"
    )
    window_start = DateField(
        label="Supervision started on or after", error_messages={"required": "Enter the start of the window"}
    )
    window_end = DateField(
        label="Supervision started on or before", error_messages={"required": "Enter the end of the window"}
    )
    confidence = forms.DecimalField(
        label="Confidence level",
        min_value=Decimal("0.5"),
        max_value=Decimal("0.999"),
        decimal_places=3,
        initial=Decimal("0.8"),
        help_text="As a proportion: 0.8 is 80 % confidence",
    )
    margin = forms.DecimalField(
        label="Margin of error",
        min_value=Decimal("0.01"),
        max_value=Decimal("0.5"),
        decimal_places=3,
        initial=Decimal("0.1"),
        help_text="As a proportion: 0.1 is ± 10 %",
    )
    seed = forms.IntegerField(
        label="Seed for the random draw",
        initial=1,
        min_value=0,
        help_text="The same seed draws the same sample",
    )

    def __init__(self, *args, kinds=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [c for c in InspectionKind.choices if c[0] in kinds]
        # The team is asked for only when there is a choice: someone who manages several teams.
        if teams is not None and teams.count() > 1:
            self.fields["team"].queryset = teams
        else:
            del self.fields["team"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == InspectionKind.INSPECTION and not data.get("providers"):
            self.add_error("providers", "Select at least one provider")
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end < start:
            self.add_error("window_end", "The end of the window must be on or after its start")
        return data


class AssignForm(forms.Form):
    inspector = forms.ModelChoiceField(
        label="Assign to",
        queryset=None,
        empty_label="Select someone",
        error_messages={"required": "Select who will assess the case"},
    )

    def __init__(self, *args, inspectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors


class AssessmentForm(forms.Form):
    """One answer per prompt, prefilled with the computed one; changing it needs a reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(answers)
        for row in self.rows:
            initial = row.answer or (row.computed if row.computed != Answer.NEEDS_HUMAN else None)
            self.fields[f"answer_{row.prompt_id}"] = forms.ChoiceField(
                label=f"{row.prompt.code} {row.prompt.text}",
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                initial=initial,
                error_messages={"required": f"Select an answer for prompt {row.prompt.code}"},
            )
            self.fields[f"reason_{row.prompt_id}"] = forms.CharField(
                label="Reason for changing the computed answer",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=row.override_reason,
            )

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            row.prompt_id: (
                self.cleaned_data.get(f"answer_{row.prompt_id}"),
                self.cleaned_data.get(f"reason_{row.prompt_id}", ""),
            )
            for row in self.rows
        }


class ModerationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Moderation note", widget=forms.Textarea, error_messages={"required": "Enter a moderation note"}
    )

    def __init__(self, *args, judgements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.judgements = [j for j in judgements if j.applicable]
        for j in self.judgements:
            initial = {True: "yes", False: "no", None: "undecided"}[j.sufficient]
            self.fields[f"sufficient_{j.key_question_id}"] = forms.ChoiceField(
                label=f"{j.key_question.code} {j.key_question.text}",
                choices=JUDGEMENT_CHOICES,
                widget=forms.RadioSelect,
                initial=initial,
            )
            self.fields[f"reason_{j.key_question_id}"] = forms.CharField(
                label="Reason for changing the judgement",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def changes(self) -> dict[int, tuple[bool | None, str]]:
        values = {"yes": True, "no": False, "undecided": None}
        return {
            j.key_question_id: (
                values[self.cleaned_data[f"sufficient_{j.key_question_id}"]],
                self.cleaned_data.get(f"reason_{j.key_question_id}", ""),
            )
            for j in self.judgements
        }
