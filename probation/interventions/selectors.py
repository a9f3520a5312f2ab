"""Reads for interventions. Case-level reads take a person the caller has already been allowed to
open (`_open_case` in the views); caseload reads start from `visible_cases`. Each is a fixed number
of queries whatever the size of the directory or the case."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from probation.contacts.models import Contact
from probation.core import reference
from probation.people.access import visible_cases
from probation.people.models import Person
from probation.risk.constants import AssessmentStatus, RoshLevel
from probation.risk.models import RiskAssessment
from probation.sentences.models import Disposal, Requirement

from . import rules
from .constants import Direction, ReferralStatus
from .models import Intervention, InterventionNeed, PartnerAgency, PartnerExchange, Referral, Session

# Referrals that hold one of an intervention's places.
PLACE_HOLDING = (ReferralStatus.ACCEPTED, ReferralStatus.ACTION_PLAN_SUBMITTED, ReferralStatus.IN_PROGRESS)
# Contact outcomes that make a day count towards a RAR.
RAR_DAY_OUTCOMES = ("attended_complied",)


# ---------------------------------------------------------------------------------------------------
# The directory
# ---------------------------------------------------------------------------------------------------


def directory(
    *, area_id: int | None = None, need: str = "", sex: str = "", category: str = "", text: str = ""
) -> QuerySet[Intervention]:
    """Directory entries with what the page shows: deliverer, needs and places taken. `sex` is the
    person's sex: entries open to them (any, or their own)."""
    qs = Intervention.objects.select_related("area", "provider", "partner").prefetch_related(
        Prefetch("needs", queryset=InterventionNeed.objects.order_by("need"))
    )
    if area_id:
        qs = qs.filter(area_id=area_id)
    if need:
        qs = qs.filter(Exists(InterventionNeed.objects.filter(intervention=OuterRef("pk"), need=need)))
    if sex:
        qs = qs.filter(sex__in=("any", sex))
    if category:
        qs = qs.filter(category=category)
    if text:
        qs = qs.filter(
            Q(name__icontains=text) | Q(description__icontains=text) | Q(partner__name__icontains=text)
        )
    return with_places_taken(qs).order_by("category", "name", "id")


def eligible_for(
    qs: QuerySet[Intervention], candidate: rules.Candidate, today: date
) -> QuerySet[Intervention]:
    """The entries the eligibility rule would allow for `candidate`, as a database filter (so the
    directory pages correctly). Agrees with `rules.eligibility`, which the tests check."""
    levels = [level for level in RoshLevel.values if RoshLevel.rank(level) >= RoshLevel.rank(candidate.rosh)]
    condition = (
        Q(sex__in=("any", candidate.sex))
        & (Q(max_rosh="") | Q(max_rosh__in=levels if candidate.rosh else []))
        & (Q(required_requirement="") | Q(required_requirement__in=sorted(candidate.requirement_types)))
        & Q(accepting_referrals=True)
    )
    if candidate.sentence_end is not None:
        condition &= Q(waiting_weeks__lte=max((candidate.sentence_end - today).days // 7, -1))
    return qs.filter(condition)


def with_places_taken(qs: QuerySet[Intervention]) -> QuerySet[Intervention]:
    return qs.annotate(places_taken=Count("referrals", filter=Q(referrals__status__in=PLACE_HOLDING)))


def intervention_detail(pk: int) -> Intervention | None:
    return directory().filter(pk=pk).first()


def offer_for(intervention: Intervention) -> rules.Offer:
    """The intervention as the eligibility rule sees it (needs the `places_taken` annotation)."""
    return rules.Offer(
        sex=intervention.sex,
        max_rosh=intervention.max_rosh,
        required_requirement=intervention.required_requirement,
        accepting_referrals=intervention.accepting_referrals,
        capacity=intervention.capacity,
        places_taken=getattr(intervention, "places_taken", 0),
        waiting_weeks=intervention.waiting_weeks,
    )


def current_requirements(person: Person, today: date) -> list[Requirement]:
    """Requirements of current sentences that have not ended."""
    return list(
        Requirement.objects.filter(
            disposal__event__person=person, disposal__terminated_on__isnull=True, terminated_on__isnull=True
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("disposal")
        .order_by("start_date", "id")
    )


def candidate_for(
    person: Person, today: date, requirements: list[Requirement] | None = None
) -> rules.Candidate:
    """The person as the eligibility rule sees them."""
    if requirements is None:
        requirements = current_requirements(person, today)
    ends = (
        Disposal.objects.filter(
            event__person=person, terminated_on__isnull=True, expected_end_date__isnull=False
        )
        .order_by("-expected_end_date")
        .values_list("expected_end_date", flat=True)
        .first()
    )
    return rules.Candidate(
        sex=person.sex,
        rosh=person.rosh or "",
        requirement_types=frozenset(r.type for r in requirements),
        sentence_end=ends,
        gender_identity=person.gender_identity,
    )


def eligibility_for(person: Person, intervention: Intervention, today: date) -> rules.Eligibility:
    if not hasattr(intervention, "places_taken"):
        intervention = with_places_taken(Intervention.objects.filter(pk=intervention.pk)).get()
    return rules.eligibility(candidate_for(person, today), offer_for(intervention), today)


# ---------------------------------------------------------------------------------------------------
# Referrals on a case
# ---------------------------------------------------------------------------------------------------


def risk_summary(person: Person) -> str:
    """Risk information for a provider, from the latest complete risk of serious harm assessment."""
    assessment = (
        RiskAssessment.objects.filter(person=person, status=AssessmentStatus.COMPLETE)
        .order_by("-sequence")
        .first()
    )
    if assessment is None:
        level = RoshLevel(person.rosh).label if person.rosh else "not yet assessed"
        return f"Risk of serious harm: {level}. No completed risk assessment to summarise."
    level = assessment.get_rosh_overall_display() or "not rated"
    completed = (
        f" (assessment completed {assessment.completed_on:%d/%m/%Y})" if assessment.completed_on else ""
    )
    parts = [f"Risk of serious harm: {level}{completed}."]
    for label, text in (
        ("Who is at risk", assessment.who_is_at_risk),
        ("Nature of the risk", assessment.nature_of_risk),
        ("When the risk is greatest", assessment.imminence),
        ("What increases the risk", assessment.factors_increasing),
        ("What reduces the risk", assessment.factors_decreasing),
    ):
        if text:
            parts.append(f"{label}: {text.strip()}")
    to_self = [
        name
        for name, flag in (
            ("suicide", assessment.risk_to_self_suicide),
            ("self-harm", assessment.risk_to_self_self_harm),
            ("vulnerability", assessment.risk_to_self_vulnerability),
        )
        if flag
    ]
    if to_self:
        notes = f". {assessment.risk_to_self_notes.strip()}" if assessment.risk_to_self_notes else ""
        parts.append("Risk to self: " + ", ".join(to_self) + notes)
    return "\n".join(parts)


@dataclass
class ReferralRow:
    referral: Referral
    progress: rules.TreatmentProgress
    stalled: bool
    actions: frozenset[str]


def _row(referral: Referral, today: date, stalled_days: int) -> ReferralRow:
    sessions = [(s.attendance, s.test_result) for s in referral.sessions.all()]
    report_in = referral.report_submitted_on is not None
    return ReferralRow(
        referral=referral,
        progress=rules.treatment_progress(sessions, referral.intervention.expected_sessions),
        stalled=rules.is_stalled(
            referral.status,
            referral.last_progress_on,
            report_submitted=report_in,
            today=today,
            stalled_days=stalled_days,
        ),
        actions=rules.allowed_actions(referral.status, report_submitted=report_in),
    )


def _referrals(person: Person) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(person=person)
        .select_related(
            "intervention", "intervention__partner", "intervention__provider", "requirement", "referred_by"
        )
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "id")))
    )


def case_referrals(person: Person, *, today: date | None = None) -> dict:
    """Everything the case's Interventions tab shows."""
    today = today or timezone.localdate()
    stalled_days = reference.value("interventions.stalled_days")
    rows = [_row(r, today, stalled_days) for r in _referrals(person).order_by("-referred_on", "-id")]
    requirements = current_requirements(person, today)
    return {
        "open_rows": [
            row for row in rows if row.referral.status in ReferralStatus.open() or row.referral.report_due
        ],
        "closed_rows": [
            row
            for row in rows
            if not (row.referral.status in ReferralStatus.open() or row.referral.report_due)
        ],
        "rar": rar_progress(person, today, requirements),
        "stalled_days": stalled_days,
        "exchanges": list(case_exchanges(person)[:5]),
        "exchange_count": PartnerExchange.objects.filter(person=person).count(),
    }


def referral_detail(person: Person, pk: int, *, today: date | None = None) -> ReferralRow | None:
    referral = (
        _referrals(person)
        .select_related(
            "decided_by", "action_plan_submitted_by", "action_plan_approved_by", "report_submitted_by"
        )
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        return None
    return _row(referral, today or timezone.localdate(), reference.value("interventions.stalled_days"))


@dataclass(frozen=True)
class RarRow:
    requirement: Requirement
    progress: rules.RarProgress


def rar_progress(person: Person, today: date, requirements: list[Requirement] | None = None) -> list[RarRow]:
    """RAR days used and remaining for each current RAR requirement, counted from the contacts
    recorded against it: the case record is the single source of attendance."""
    if requirements is None:
        requirements = current_requirements(person, today)
    rars = [r for r in requirements if r.type == "rar"]
    if not rars:
        return []
    days: dict[int, list[tuple[date, bool]]] = defaultdict(list)
    for requirement_id, starts_at, outcome in Contact.objects.filter(requirement__in=rars).values_list(
        "requirement_id", "starts_at", "outcome"
    ):
        days[requirement_id].append((timezone.localdate(starts_at), outcome in RAR_DAY_OUTCOMES))
    ends = {r.pk: r.end_date or r.disposal.expected_end_date for r in rars}
    return [
        RarRow(requirement=r, progress=rules.rar_days(days[r.pk], r.length, today=today, ends_on=ends[r.pk]))
        for r in rars
    ]


# ---------------------------------------------------------------------------------------------------
# Stalled referrals across a caseload (the home page's due items)
# ---------------------------------------------------------------------------------------------------


def stalled_referrals(user, *, today: date) -> QuerySet[Referral]:
    """Referrals on the user's own caseload that nothing has moved on for the configured number of
    days: open ones, and ended ones still without their end-of-service report."""
    cutoff = rules.stalled_since(today, reference.value("interventions.stalled_days"))
    cases = visible_cases(user).filter(officer=user, access_blocked=False)
    return (
        Referral.objects.filter(person__in=cases.values("pk"), last_progress_on__lte=cutoff)
        .filter(
            Q(status__in=ReferralStatus.open())
            | Q(status__in=ReferralStatus.ended(), report_submitted_on__isnull=True)
        )
        .select_related("person", "intervention")
        .order_by("last_progress_on", "id")
    )


def action_plans_to_approve(user) -> QuerySet[Referral]:
    """Action plans on the user's own caseload waiting for the responsible officer's approval."""
    cases = visible_cases(user).filter(officer=user, access_blocked=False)
    return (
        Referral.objects.filter(person__in=cases.values("pk"), status=ReferralStatus.ACTION_PLAN_SUBMITTED)
        .select_related("person", "intervention")
        .order_by("action_plan_submitted_on", "id")
    )


# ---------------------------------------------------------------------------------------------------
# Partner agencies
# ---------------------------------------------------------------------------------------------------


def case_exchanges(person: Person) -> QuerySet[PartnerExchange]:
    return (
        PartnerExchange.objects.filter(person=person)
        .select_related("agency", "recorded_by")
        .order_by("-occurred_on", "-id")
    )


def agencies_for(person: Person) -> QuerySet[PartnerAgency]:
    """Agencies to choose from on a case: those of the case's area, then those working across areas."""
    area_id = person.team.area_id if person.team_id else None
    return PartnerAgency.objects.filter(Q(area_id=area_id) | Q(area__isnull=True)).order_by("name")


def may_read_sensitive(user, person: Person) -> bool:
    """Sensitive partner information stays with the provider that manages the case (and inspectors
    granted the case); staff of a provider that only delivers an intervention do not see it."""
    return user.is_inspector or (user.provider_id is not None and user.provider_id == person.provider_id)


def with_partner_involvement(qs: QuerySet[Person]) -> QuerySet[Person]:
    """Annotate cases with whether their rehabilitative work involved partners, in one query:
    `partner_referral` — a referral (not declined) to an intervention delivered by a partner agency
    or by a provider other than the one managing the case; `partner_exchange` — information
    requested from or shared with a partner agency; `partner_involved` — either."""
    partner_referral = Exists(
        Referral.objects.filter(person=OuterRef("pk"))
        .exclude(status=ReferralStatus.DECLINED)
        .filter(
            Q(intervention__partner__isnull=False)
            | (Q(intervention__provider__isnull=False) & ~Q(intervention__provider=OuterRef("provider")))
        )
    )
    partner_exchange = Exists(PartnerExchange.objects.filter(person=OuterRef("pk")))
    return qs.annotate(
        partner_referral=partner_referral,
        partner_exchange=partner_exchange,
        partner_involved=ExpressionWrapper(partner_referral | partner_exchange, output_field=BooleanField()),
    )


def outstanding_requests(person: Person) -> QuerySet[PartnerExchange]:
    return case_exchanges(person).filter(direction=Direction.REQUESTED, response_received_on__isnull=True)
