"""Reads for allocation work, each scoped to what the user may see and bounded in queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from probation.core import reference
from probation.core.models import ReferenceValue
from probation.people.access import _blocked_expression
from probation.people.models import Person
from probation.people.selectors import managed_teams
from probation.sentences.models import Disposal, Offence
from probation.workforce.constants import Role
from probation.workforce.models import Provider, ResponsibleOfficerAssignment, Staff
from probation.workforce.workload import workloads_for

from . import access, rules
from .constants import AllocationStatus, EscalationStatus
from .handover import active_mappa, latest_complete_assessment
from .models import Allocation, EscalationReferral

OPEN_ESCALATION = (EscalationStatus.REFERRED, EscalationStatus.ACCEPTED)


_CONFIG_KEYS = {
    "nps_offence_categories": "allocation.nps_offence_categories",
    "rsr_threshold": "allocation.rsr_nps_threshold",
    "nps_rosh_levels": "risk.escalation_levels",
    "allocation_days": "allocation.days",
    "allocation_days_highest_tier": "allocation.days_highest_tier",
    "first_contact_days": "first_contact.days",
    "first_contact_days_highest_tier": "first_contact.days_highest_tier",
}


def allocation_config() -> rules.AllocationConfig:
    """The allocation rule's policy from reference data in one query; a key with no row takes its
    documented default from `probation.core.reference`."""
    rows = dict(ReferenceValue.objects.filter(key__in=_CONFIG_KEYS.values()).values_list("key", "value"))
    return rules.AllocationConfig(
        **{name: rows.get(key, reference.DEFAULTS[key]) for name, key in _CONFIG_KEYS.items()}
    )


def region_for(person) -> str:
    """The bank-holiday calendar for a case. Every area this service covers is in England; a Welsh
    area would answer "WLS" here once areas record their country."""
    return "ENG"


def _person_blocked(user):
    """True when limited-access rules keep the user out of the allocation's person."""
    return Exists(
        Person.objects.annotate(blocked=_blocked_expression(user)).filter(
            pk=OuterRef("person_id"), blocked=True
        )
    )


# The allocation queue -------------------------------------------------------------------------------


@dataclass
class QueueRow:
    allocation: Allocation
    due: date
    overdue: bool
    blocked: bool


def court_allocations(user) -> QuerySet[Allocation]:
    if not access.is_court_team(user):
        return Allocation.objects.none()
    return Allocation.objects.filter(court_provider_id=user.provider_id).annotate(
        access_blocked=_person_blocked(user)
    )


def allocation_queue(user, *, today: date | None = None) -> list[QueueRow]:
    """Allocations awaiting the court team's decision, oldest first, each with its due date."""
    today = today or timezone.localdate()
    config = allocation_config()
    qs = (
        court_allocations(user)
        .filter(status=AllocationStatus.AWAITING_DECISION)
        .select_related("person", "disposal")
        .order_by("received_on", "id")
    )
    rows = []
    for allocation in qs:
        due = rules.allocation_due(
            allocation.received_on,
            rules.is_highest_tier(allocation.person.tier),
            region_for(allocation.person),
            config=config,
        )
        rows.append(QueueRow(allocation, due, due < today, allocation.access_blocked))
    return rows


def decided_awaiting_acknowledgement(user) -> QuerySet[Allocation]:
    """What the court team has handed over and the receiving provider has not yet acknowledged."""
    return (
        court_allocations(user)
        .filter(status=AllocationStatus.AWAITING_ACKNOWLEDGEMENT)
        .select_related("person", "provider")
        .order_by("decided_on", "id")
    )


def decision_inputs(allocation: Allocation, *, facing_deportation: bool, on: date) -> dict:
    """The facts the allocation rule is given, as plain values."""
    person = allocation.person
    mappa = active_mappa(person, on)
    assessment = latest_complete_assessment(person)
    categories = list(
        Offence.objects.filter(event_id=allocation.disposal.event_id)
        .order_by("-is_main", "id")
        .values_list("category", flat=True)
    )
    rsr = assessment.rsr if assessment is not None else None
    return {
        "rosh": person.rosh or "",
        "mappa_level": mappa.level if mappa else None,
        "offence_categories": categories,
        "facing_deportation": bool(facing_deportation),
        "rsr": str(rsr) if rsr is not None else None,
    }


def recommendation(allocation: Allocation, *, facing_deportation: bool, on: date, config=None):
    inputs = decision_inputs(allocation, facing_deportation=facing_deportation, on=on)
    rsr = Decimal(inputs["rsr"]) if inputs["rsr"] is not None else None
    decision = rules.decide_provider(**{**inputs, "rsr": rsr}, config=config or allocation_config())
    return decision, inputs


def providers() -> list[Provider]:
    return list(Provider.objects.order_by("type", "name"))


# Handovers ------------------------------------------------------------------------------------------


def handovers(user) -> QuerySet[Allocation]:
    """Handovers to the user's provider that it has not yet acknowledged, oldest first."""
    if not access.may_receive_handovers(user):
        return Allocation.objects.none()
    return (
        Allocation.objects.filter(
            provider_id=user.provider_id, status=AllocationStatus.AWAITING_ACKNOWLEDGEMENT
        )
        .annotate(access_blocked=_person_blocked(user))
        .select_related("person", "disposal", "decided_by")
        .order_by("decided_on", "id")
    )


def candidate_officers(user, *, exclude: Staff | None = None, today: date | None = None) -> list[Staff]:
    """Practitioners and managers in the teams the user manages, with how many cases each holds now
    and their workload (`workload`: points against available points, so a part-time officer or one
    on reduced hours shows as fuller than their case count suggests), lightest caseload first."""
    qs = (
        Staff.objects.filter(team__in=managed_teams(user), provider_id=user.provider_id, is_active=True)
        .select_related("team")
        .annotate(caseload_count=Count("caseload", distinct=True))
        .order_by("caseload_count", "last_name", "first_name", "id")
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    officers = [s for s in qs if s.has_role(Role.PRACTITIONER) or s.has_role(Role.MANAGER)]
    for load in workloads_for(officers, today=today or timezone.localdate()):
        load.officer.workload = load.figures
    return officers


# Escalations ----------------------------------------------------------------------------------------


@dataclass
class EscalationRow:
    referral: EscalationReferral
    days_waiting: int
    blocked: bool


def escalation_scope(user) -> QuerySet[EscalationReferral]:
    if not access.may_accept_escalations(user):
        return EscalationReferral.objects.none()
    return EscalationReferral.objects.filter(to_provider_id=user.provider_id).annotate(
        access_blocked=_person_blocked(user)
    )


def open_escalations(user, *, today: date | None = None) -> list[EscalationRow]:
    """Referrals to the user's provider awaiting acceptance or an officer, oldest first."""
    today = today or timezone.localdate()
    qs = (
        escalation_scope(user)
        .filter(status__in=OPEN_ESCALATION)
        .select_related("person", "from_provider", "referred_by", "accepted_by")
        .order_by("referred_on", "id")
    )
    return [EscalationRow(r, (today - r.referred_on).days, r.access_blocked) for r in qs]


def open_escalation_for(person) -> EscalationReferral | None:
    return EscalationReferral.objects.filter(person=person, status__in=OPEN_ESCALATION).first()


# The case -------------------------------------------------------------------------------------------


def assignment_start_dates(person) -> list[date]:
    return list(
        ResponsibleOfficerAssignment.objects.filter(person=person).values_list("start_date", flat=True)
    )


def case_allocations(person) -> list[Allocation]:
    return list(
        Allocation.objects.filter(person=person)
        .select_related("provider", "decided_by", "acknowledged_by", "allocated_to", "disposal")
        .order_by("-received_on", "-id")
    )


def case_escalations(person) -> list[EscalationReferral]:
    return list(
        EscalationReferral.objects.filter(person=person)
        .select_related("from_provider", "to_provider", "referred_by", "accepted_by", "reallocated_to")
        .order_by("-referred_on", "-id")
    )


def summary_counts(user) -> dict[str, int]:
    """The numbers on the allocation home page: one query per list the user may see."""
    counts = {}
    if access.is_court_team(user):
        counts["awaiting_decision"] = (
            court_allocations(user).filter(status=AllocationStatus.AWAITING_DECISION).count()
        )
        counts["escalations"] = escalation_scope(user).filter(status__in=OPEN_ESCALATION).count()
    if access.may_receive_handovers(user):
        counts["handovers"] = Allocation.objects.filter(
            provider_id=user.provider_id, status=AllocationStatus.AWAITING_ACKNOWLEDGEMENT
        ).count()
    return counts


def disposal_with_details(disposal_id: int) -> Disposal:
    return (
        Disposal.objects.select_related("event")
        .prefetch_related("event__offences", "requirements")
        .get(pk=disposal_id)
    )
