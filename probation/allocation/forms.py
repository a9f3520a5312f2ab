"""Allocation forms. They check the shape of the input; the services check the rules and report
errors against the same field names, so every message appears next to its field."""

from django import forms

from probation.core.forms import DateField, VersionedForm
from probation.sentences.constants import DisposalType, OffenceCategory, RequirementType
from probation.sentences.services import CourtCase
from probation.workforce.constants import AssignmentReason

from .services import WITHIN_PROVIDER_REASONS


def _capacity(officer) -> str:
    figures = getattr(officer, "workload", None)
    if figures is None:
        return ""
    over = " (over capacity)" if figures.excessive else ""
    if figures.capacity is None:
        return f", no hours available for cases{over}"
    return f", {figures.capacity:.0f}% of capacity{over}"


def _officer_label(officer) -> str:
    cases = f"{officer.caseload_count} case{'' if officer.caseload_count == 1 else 's'}"
    grade = f", {officer.grade}" if officer.grade else ""
    return f"{officer}{grade}, {officer.team.name}: {cases} now{_capacity(officer)}"


def officer_choices(officers) -> list[tuple[str, str]]:
    return [(str(o.pk), _officer_label(o)) for o in officers]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you accept the recommendation?",
        choices=[
            ("accept", "Yes, accept the recommendation"),
            ("override", "No, override the recommendation"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you accept the recommendation"},
    )
    provider = forms.ChoiceField(
        label="Provider that will supervise the case",
        error_messages={
            "required": "Select the provider that will supervise the case",
            "invalid_choice": "Select the provider that will supervise the case",
        },
    )
    facing_deportation = forms.BooleanField(
        label="Foreign national facing deportation",
        required=False,
        help_text="Tick if the court or the Home Office has said deportation is being considered",
    )
    rationale = forms.CharField(
        label="Reason for overriding the recommendation",
        required=False,
        widget=forms.Textarea,
        help_text="Needed only when you override the recommendation",
    )

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {str(p.pk): p for p in providers}
        self.fields["provider"].choices = [("", "Choose a provider")] + [
            (str(p.pk), f"{p.name} ({p.get_type_display().lower()})") for p in providers
        ]

    @property
    def chosen_provider(self):
        return self.providers.get(self.cleaned_data.get("provider") or "")


class AcknowledgeForm(forms.Form):
    officer = forms.ChoiceField(
        label="Responsible officer",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the responsible officer",
            "invalid_choice": "Select the responsible officer",
        },
    )

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = {str(o.pk): o for o in officers}
        self.fields["officer"].choices = officer_choices(officers)

    @property
    def chosen_officer(self):
        return self.officers.get(self.cleaned_data.get("officer") or "")


class EscalationReferForm(forms.Form):
    reason = forms.CharField(
        label="Why is the case being referred?",
        widget=forms.Textarea,
        help_text="Say what changed and what the latest assessment found",
        error_messages={"required": "Enter why the case is being referred"},
    )


class EscalationDecisionForm(forms.Form):
    ACCEPT_NOW = "accept_now"
    ACCEPT_LATER = "accept_later"
    DECLINE = "decline"
    decision = forms.ChoiceField(
        label="What do you want to do?",
        widget=forms.RadioSelect,
        choices=[
            (ACCEPT_NOW, "Accept and allocate an officer now"),
            (ACCEPT_LATER, "Accept, and allocate an officer later"),
            (DECLINE, "Decline the referral"),
        ],
        error_messages={"required": "Select what you want to do"},
    )
    officer = forms.ChoiceField(label="Responsible officer", widget=forms.RadioSelect, required=False)
    decline_reason = forms.CharField(label="Reason for declining", widget=forms.Textarea, required=False)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = {str(o.pk): o for o in officers}
        self.fields["officer"].choices = officer_choices(officers)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.ACCEPT_NOW and not data.get("officer"):
            self.add_error("officer", "Select the responsible officer")
        return data

    @property
    def chosen_officer(self):
        return self.officers.get(self.cleaned_data.get("officer") or "")


class EscalationReallocateForm(AcknowledgeForm):
    pass


class ReallocateForm(VersionedForm):
    officer = forms.ChoiceField(
        label="New responsible officer",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the new responsible officer",
            "invalid_choice": "Select the new responsible officer",
        },
    )
    reason = forms.ChoiceField(
        label="Reason for the change",
        choices=[("", "Choose a reason")]
        + [(r.value, r.label) for r in AssignmentReason if r in WITHIN_PROVIDER_REASONS],
        error_messages={"required": "Select the reason for the change"},
    )
    reason_detail = forms.CharField(label="Explain the change", widget=forms.Textarea, required=False)
    warning_understood = forms.BooleanField(required=False)

    def __init__(self, *args, officers=(), warning_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = {str(o.pk): o for o in officers}
        self.fields["officer"].choices = officer_choices(officers)
        if warning_label:
            self.fields["warning_understood"].label = warning_label
            self.fields["reason_detail"].help_text = "Required: say why another change of officer is needed"
        else:
            del self.fields["warning_understood"]

    @property
    def chosen_officer(self):
        return self.officers.get(self.cleaned_data.get("officer") or "")


# A new court case ----------------------------------------------------------------------------------


class FindCaseForm(forms.Form):
    crn = forms.CharField(
        label="Case reference number (CRN)",
        max_length=20,
        help_text="For example, X123456",
        error_messages={"required": "Enter the case reference number"},
    )

    def clean_crn(self):
        return self.cleaned_data["crn"].strip().upper()


def _whole(label: str, *, minimum: int = 1):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=minimum,
        max_value=32000,
        error_messages={
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be at least {minimum}",
            "max_value": f"{label} is too large",
        },
    )


class CourtCaseForm(forms.Form):
    """The shape of a new court case; `probation.sentences.services` checks it against the law."""

    court = forms.CharField(
        label="Convicting court",
        max_length=200,
        error_messages={"required": "Enter the convicting court"},
    )
    conviction_date = DateField(
        label="Date of conviction",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of conviction"},
    )
    offence_description = forms.CharField(
        label="Main offence",
        max_length=300,
        help_text="As charged, for example Assault by beating",
        error_messages={"required": "Enter the main offence"},
    )
    offence_category = forms.ChoiceField(
        label="Offence category",
        choices=[("", "Choose a category")] + list(OffenceCategory.choices),
        error_messages={
            "required": "Select the offence category",
            "invalid_choice": "Select the offence category",
        },
    )
    disposal_type = forms.ChoiceField(
        label="Sentence",
        widget=forms.RadioSelect,
        choices=DisposalType.choices,
        error_messages={"required": "Select the sentence", "invalid_choice": "Select the sentence"},
    )
    sentence_date = DateField(
        label="Date of sentence",
        error_messages={"required": "Enter the date of sentence"},
    )
    start_date = DateField(
        label="Supervision starts",
        help_text="The sentence date for an order; the release date for licence and "
        "post-sentence supervision",
        error_messages={"required": "Enter the date supervision starts"},
    )
    length_months = _whole("Length in months")
    custodial_days = _whole("Custodial term in days")
    release_date = DateField(label="Release date", required=False)
    licence_end_date = DateField(label="Licence end date", required=False)
    requirement_type = forms.ChoiceField(
        label="Requirement",
        required=False,
        choices=[("", "No requirement")] + list(RequirementType.choices),
        error_messages={"invalid_choice": "Select the requirement"},
    )
    requirement_length = _whole("Requirement length")
    consent_given = forms.BooleanField(
        label="The person consented to the requirement",
        required=False,
        help_text="Needed for drug rehabilitation, alcohol treatment and mental health treatment",
    )
    facing_deportation = forms.BooleanField(
        label="Foreign national facing deportation",
        required=False,
        help_text="Tick if the court or the Home Office has said deportation is being considered",
    )

    def court_case(self) -> CourtCase:
        data = self.cleaned_data
        return CourtCase(**{name: data[name] for name in CourtCase.__dataclass_fields__})
