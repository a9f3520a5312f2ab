"""Reads for enforcement, always within what the user may see, each in a fixed number of queries.

Other apps (the oversight queue, the home page) call:
- `enforcement_decisions_due_for(user)`: decisions, letters and breach actions still owed on the
  user's own cases and on the cases of the teams they manage, soonest deadline first;
- `pending_recall_countersignatures_for(user)`: recalls waiting for this user's countersignature.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from probation.contacts.constants import Outcome
from probation.contacts.models import Contact
from probation.people.access import visible_cases
from probation.people.models import Person
from probation.people.selectors import managed_teams
from probation.sentences.models import Disposal

from . import rules
from .constants import EnforcementStatus, RecallStatus
from .models import EnforcementAction, RecallRecommendation

UNASSESSED_LIMIT = 50


# --- Who may do what ------------------------------------------------------------------------------------


def can_write(user, person: Person) -> bool:
    """Staff of the provider managing the case act on it; inspectors and staff of a provider with another
    role on the case only read."""
    return not user.is_inspector and user.provider_id is not None and user.provider_id == person.provider_id


def _manages_team_of(user, person: Person) -> bool:
    return person.team_id is not None and managed_teams(user).filter(pk=person.team_id).exists()


def can_countersign_as_spo(user, person: Person) -> bool:
    """The SPO (a manager) of the case's team."""
    return can_write(user, person) and user.is_manager and _manages_team_of(user, person)


def can_countersign_as_head(user, person: Person) -> bool:
    """A head of service for the case's area."""
    return can_write(user, person) and user.is_head and _manages_team_of(user, person)


# --- One case -------------------------------------------------------------------------------------------


def case_actions(person: Person) -> list[EnforcementAction]:
    return list(
        EnforcementAction.objects.filter(person=person)
        .select_related("contact", "disposal", "decision_by", "prior_warning", "recall")
        .order_by("-failure_on", "-id")
    )


def case_recalls(person: Person) -> list[RecallRecommendation]:
    return list(
        RecallRecommendation.objects.filter(person=person)
        .select_related("disposal", "recommended_by", "spo_by", "head_by", "not_supported_by")
        .order_by("-recommended_on", "-id")
    )


def unassessed_failures(person: Person) -> list[Contact]:
    """Failures to comply with no enforcement decision yet (recorded before enforcement was wired to
    the outcome, or imported)."""
    assessed = EnforcementAction.objects.filter(contact=OuterRef("pk"))
    return list(
        Contact.objects.filter(person=person, outcome__in=Outcome.failures())
        .exclude(Exists(assessed))
        .order_by("-starts_at")[:UNASSESSED_LIMIT]
    )


def licences_in_force(person: Person, today) -> list[Disposal]:
    candidates = Disposal.objects.filter(
        event__person=person, type__in=["licence", "pss"], terminated_on__isnull=True
    )
    return [
        d
        for d in candidates.order_by("-start_date")
        if rules.licence_in_force(
            disposal_type=d.type,
            terminated_on=d.terminated_on,
            release_date=d.release_date,
            licence_end_date=d.licence_end_date,
            day=today,
        )
    ]


def action_for_case(person: Person, pk: int) -> EnforcementAction | None:
    return (
        EnforcementAction.objects.filter(person=person, pk=pk)
        .select_related("contact", "disposal__event", "decision_by", "prior_warning", "person")
        .first()
    )


def recall_for_case(person: Person, pk: int) -> RecallRecommendation | None:
    return (
        RecallRecommendation.objects.filter(person=person, pk=pk)
        .select_related(
            "disposal", "recommended_by", "spo_by", "head_by", "not_supported_by", "enforcement_action"
        )
        .first()
    )


# --- Across cases ---------------------------------------------------------------------------------------


def _open_cases(user) -> QuerySet[Person]:
    return visible_cases(user).filter(access_blocked=False)


def enforcement_decisions_due_for(user) -> QuerySet[EnforcementAction]:
    """Enforcement owed on the user's caseload and on the cases of the teams they manage: decisions
    due, warning letters to send and breach action to initiate, soonest deadline first."""
    if not getattr(user, "is_authenticated", False) or user.is_inspector:
        return EnforcementAction.objects.none()
    cases = _open_cases(user).filter(Q(officer=user) | Q(team__in=managed_teams(user)))
    return (
        EnforcementAction.objects.filter(status__in=EnforcementStatus.open_with_deadline(), person__in=cases)
        .select_related("person", "contact", "person__officer")
        .order_by("due_by", "id")
    )


def pending_recall_countersignatures_for(user) -> QuerySet[RecallRecommendation]:
    """Recalls waiting for this user: an SPO sees those awaiting the first countersignature on the
    teams they manage, a head of service those awaiting the second in their area; never their own
    recommendation, and a head never one they countersigned as SPO."""
    if not getattr(user, "is_authenticated", False) or user.is_inspector or not user.provider_id:
        return RecallRecommendation.objects.none()
    stages = Q(pk__in=[])
    if user.is_manager:
        stages |= Q(status=RecallStatus.AWAITING_SPO)
    if user.is_head:
        stages |= Q(status=RecallStatus.AWAITING_HEAD) & ~Q(spo_by=user)
    cases = _open_cases(user).filter(team__in=managed_teams(user), provider_id=user.provider_id)
    return (
        RecallRecommendation.objects.filter(stages, person__in=cases)
        .exclude(recommended_by=user)
        .select_related("person", "recommended_by", "disposal")
        .order_by("recommended_on", "id")
    )
