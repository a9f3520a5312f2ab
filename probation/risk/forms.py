"""Forms for the risk pages. They check the shape of what was typed; the services check the rules."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from probation.core.forms import DateField, VersionedForm

from .constants import (
    ActionOwner,
    AssessmentKind,
    MappaCategory,
    MappaLevel,
    Need,
    NeedSeverity,
    PartnerCheckKind,
    RiskGroup,
    RoshLevel,
    SignificantEventType,
)
from .models import FlagType, RiskAssessment
from .services.assessments import CONTENT_FIELDS, SETTINGS

NOT_DECIDED = [("", "Not yet decided")]
NOT_RATED = [("", "Not yet rated")]
SETTING_LABELS = {"community": "In the community", "custody": "In custody"}


def _date(label: str, required_message: str, *, required: bool = True, today_default: bool = True, **kw):
    return DateField(
        label=label,
        required=required,
        initial=timezone.localdate if today_default else None,
        error_messages={"required": required_message},
        **kw,
    )


def _text(label: str, *, required_message: str = "", help_text: str = "", max_length: int | None = None):
    return forms.CharField(
        label=label,
        required=bool(required_message),
        widget=forms.Textarea,
        help_text=help_text,
        max_length=max_length,
        error_messages={"required": required_message} if required_message else {},
    )


def _percent(label: str, help_text: str = ""):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=99,
        help_text=help_text,
        error_messages={
            "invalid": f"{label} must be a whole number",
            # Django fills these in with %-formatting, so a literal % is written %%.
            "min_value": f"{label.replace('%', '%%')} must be between 1 and 99",
            "max_value": f"{label.replace('%', '%%')} must be between 1 and 99",
        },
    )


class StartAssessmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of assessment",
        choices=AssessmentKind.choices,
        initial=AssessmentKind.SCREENING,
        widget=forms.RadioSelect,
        help_text="A screening that finds high or very high risk of serious harm needs a full analysis",
        error_messages={"required": "Select screening or full analysis"},
    )


class AssessmentForm(VersionedForm):
    """One GOV.UK form for the whole draft: RoSH overall and by group, the full analysis, risk to
    self, the ten criminogenic needs, factors for women and the predictor scores."""

    kind = forms.ChoiceField(
        label="Type of assessment", choices=AssessmentKind.choices, widget=forms.RadioSelect
    )
    rosh_overall = forms.ChoiceField(
        label="Overall risk of serious harm", choices=NOT_DECIDED + RoshLevel.choices, required=False
    )
    who_is_at_risk = _text("Who is at risk")
    nature_of_risk = _text("What is the nature of the risk")
    imminence = _text("When is the risk likely to be greatest", help_text="How soon could the harm happen?")
    factors_increasing = _text("What circumstances are likely to increase the risk")
    factors_decreasing = _text("What factors are likely to reduce the risk")
    risk_to_self_suicide = forms.BooleanField(label="Suicide", required=False)
    risk_to_self_self_harm = forms.BooleanField(label="Self-harm", required=False)
    risk_to_self_vulnerability = forms.BooleanField(label="Vulnerability", required=False)
    risk_to_self_notes = _text("Risk to self: details")
    women_parenting = forms.BooleanField(label="Has parenting responsibilities", required=False)
    women_impulsivity_temper = forms.BooleanField(
        label="Impulsivity or temper control problems", required=False
    )
    women_breach_or_recall = forms.BooleanField(label="Has been breached or recalled before", required=False)
    ogrs3_one_year = _percent("OGRS3 1-year %")
    ogrs3_two_year = _percent("OGRS3 2-year %")
    ogp_two_year = _percent("OGP 2-year %")
    ovp_two_year = _percent("OVP 2-year %")
    rsr = forms.DecimalField(
        label="RSR %",
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "invalid": "RSR must be a number, like 4.25",
            "min_value": "RSR must be between 0 and 100",
            "max_value": "RSR must be between 0 and 100",
            "max_decimal_places": "RSR must have no more than 2 decimal places",
            "max_digits": "RSR must be between 0 and 100",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for setting in SETTINGS:
            for group, label in RiskGroup.choices:
                self.fields[f"rosh_{setting}_{group}"] = forms.ChoiceField(
                    label=label, choices=NOT_DECIDED + RoshLevel.choices, required=False
                )
        for need, label in Need.choices:
            self.fields[f"need_{need}"] = forms.ChoiceField(
                label=label, choices=NOT_RATED + NeedSeverity.choices, required=False
            )

    @classmethod
    def initial_for(cls, assessment: RiskAssessment, needs: dict[str, str]) -> dict:
        initial = {name: getattr(assessment, name) for name in CONTENT_FIELDS if name != "rosh_by_group"}
        for setting, groups in (assessment.rosh_by_group or {}).items():
            for group, level in groups.items():
                initial[f"rosh_{setting}_{group}"] = level
        initial |= {f"need_{need}": severity for need, severity in needs.items()}
        return initial | {"version": assessment.version}

    def rosh_fieldsets(self):
        return [
            (SETTING_LABELS[setting], [self[f"rosh_{setting}_{group}"] for group in RiskGroup.values])
            for setting in SETTINGS
        ]

    def need_fields(self):
        return [self[f"need_{need}"] for need in Need.values]

    def clean(self):
        data = super().clean()
        one, two = data.get("ogrs3_one_year"), data.get("ogrs3_two_year")
        if one is not None and two is not None and one > two:
            self.add_error("ogrs3_one_year", "OGRS3 1-year % cannot be more than the 2-year %")
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {name: data[name] for name in CONTENT_FIELDS if name in data}
        changes["rosh_by_group"] = {
            setting: {
                group: data[f"rosh_{setting}_{group}"]
                for group in RiskGroup.values
                if data[f"rosh_{setting}_{group}"]
            }
            for setting in SETTINGS
        }
        for name in (
            "who_is_at_risk",
            "nature_of_risk",
            "imminence",
            "factors_increasing",
            "factors_decreasing",
            "risk_to_self_notes",
        ):
            changes[name] = changes[name] or ""
        return changes

    def needs(self) -> dict[str, str]:
        return {need: self.cleaned_data[f"need_{need}"] for need in Need.values}


class IdentifiedRiskForm(forms.Form):
    group = forms.ChoiceField(
        label="Who is at risk",
        choices=[("", "Select who is at risk")] + RiskGroup.choices,
        error_messages={"required": "Select who is at risk"},
    )
    level = forms.ChoiceField(
        label="Level of risk",
        choices=[("", "Select the level")] + RoshLevel.choices,
        error_messages={"required": "Select the level of risk"},
    )
    description = _text(
        "Describe the risk",
        required_message="Describe the risk",
        help_text="Who, what harm, in what circumstances",
    )


class ReturnAssessmentForm(forms.Form):
    reason = _text("What needs to change", required_message="Enter what needs to change")


class RegistrationForm(forms.Form):
    flag = forms.ModelChoiceField(
        label="Flag",
        queryset=FlagType.objects.all(),
        empty_label="Select a flag",
        error_messages={"required": "Select a flag", "invalid_choice": "Select a flag from the list"},
    )
    registered_on = _date("Date registered", "Enter the date registered")
    notes = _text("Why the flag is needed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flag"].label_from_instance = lambda flag: f"{flag.name} ({flag.get_group_display()})"


class DeregisterForm(forms.Form):
    deregistered_on = _date("Date de-registered", "Enter the date de-registered")
    reason = _text(
        "Why the flag is no longer needed", required_message="Enter why the flag is no longer needed"
    )


class ReviewRegistrationForm(forms.Form):
    reviewed_on = _date("Date reviewed", "Enter the date reviewed")
    notes = _text("What the review found")


class MappaForm(forms.Form):
    category = forms.TypedChoiceField(
        label="Category",
        coerce=int,
        choices=[("", "Select a category")] + MappaCategory.choices,
        error_messages={"required": "Select the MAPPA category"},
    )
    level = forms.TypedChoiceField(
        label="Level",
        coerce=int,
        choices=[("", "Select a level")] + MappaLevel.choices,
        error_messages={"required": "Select the MAPPA level"},
    )
    start_date = _date("Start date", "Enter the start date")
    review_due = _date("Next review due", "Enter when the next review is due", today_default=False)


class MappaEndForm(forms.Form):
    end_date = _date("End date", "Enter the end date")


class ContingencyForm(VersionedForm):
    contingency = _text(
        "Contingency plan",
        required_message="Enter the contingency plan",
        help_text="What will happen if the risk rises or the plan is not working, and who does it",
    )
    last_reviewed_on = _date("Date the plan was last reviewed", "", required=False, today_default=False)


class RiskActionForm(forms.Form):
    risk = forms.TypedChoiceField(
        label="Risk this action addresses",
        coerce=int,
        choices=(),
        error_messages={"required": "Select the risk this action addresses"},
    )
    action = _text("What will be done", required_message="Enter what will be done")
    owner = forms.ChoiceField(
        label="Who will do it",
        choices=ActionOwner.choices,
        widget=forms.RadioSelect,
        initial=ActionOwner.OFFICER,
        error_messages={"required": "Select who will do it"},
    )
    owner_name = forms.CharField(
        label="Name of the officer or partner agency", max_length=200, required=False
    )
    due_on = _date("Due by", "Enter the date it is due by", today_default=False)

    def __init__(self, *args, risks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk"].choices = [("", "Select a risk")] + [
            (
                risk.pk,
                f"{risk.get_group_display()} ({risk.get_level_display().lower()}): {risk.description[:80]}",
            )
            for risk in risks
        ]


class DeliverActionForm(forms.Form):
    delivered_on = _date("Date it was done", "Enter the date it was done")
    evidence = _text(
        "Evidence it was done",
        required_message="Enter the evidence that it was done",
        help_text="For example, the contact, referral or check that shows it happened",
    )


class PartnerCheckForm(forms.Form):
    kind = forms.ChoiceField(
        label="Check",
        choices=PartnerCheckKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of check"},
    )
    agency = forms.CharField(
        label="Agency asked", max_length=200, error_messages={"required": "Enter the agency asked"}
    )
    requested_on = _date("Date requested", "Enter the date requested")


class PartnerAnswerForm(forms.Form):
    answered_on = _date("Date answered", "Enter the date answered")
    outcome = _text("What the agency said", required_message="Enter what the agency said")


class SignificantEventForm(forms.Form):
    type = forms.ChoiceField(
        label="What happened",
        choices=SignificantEventType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    occurred_on = _date("Date it happened", "Enter the date it happened")
    details = _text("Details")
