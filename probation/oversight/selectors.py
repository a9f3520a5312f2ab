"""Reads for oversight: what waits on a manager, and each case's oversight record. Scoped to the teams
the user manages and the cases they may open."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q, QuerySet
from django.urls import reverse

from probation.contacts.selectors import pending_step_downs_for
from probation.core import reference
from probation.enforcement.selectors import (
    enforcement_decisions_due_for,
    pending_recall_countersignatures_for,
)
from probation.people.access import visible_cases
from probation.people.models import Person
from probation.people.selectors import managed_teams
from probation.plans.selectors import pending_plan_countersignatures_for
from probation.risk.constants import AssessmentStatus
from probation.risk.models import MappaRegistration, RiskAssessment, SignificantEvent

from . import rules
from .models import OversightRecord


def may_oversee(user) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and (user.is_manager or user.is_head)
        and not user.is_inspector
    )


def _team_cases(user) -> QuerySet[Person]:
    """Open cases of the teams the user manages, in their own provider, that they may open."""
    if not may_oversee(user) or not user.provider_id:
        return Person.objects.none()
    return visible_cases(user).filter(
        access_blocked=False, team__in=managed_teams(user), provider_id=user.provider_id
    )


def pending_assessment_countersignatures_for(user) -> QuerySet[RiskAssessment]:
    """Risk assessments awaiting countersignature on the teams the user manages, never their own."""
    return (
        RiskAssessment.objects.filter(
            status=AssessmentStatus.AWAITING_COUNTERSIGNATURE, person__in=_team_cases(user)
        )
        .exclude(assessed_by=user)
        .select_related("person", "assessed_by")
        .order_by("submitted_on", "id")
    )


@dataclass(frozen=True)
class QueueItem:
    kind: str
    person: Person
    waiting_since: date | None
    due_on: date | None
    by: object
    href: str
    action: str

    def overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today


def _as_date(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def queue_for(user) -> list[QueueItem]:
    """Everything waiting on this manager for their teams' cases, oldest first. One query per kind."""
    if not may_oversee(user):
        return []
    items: list[QueueItem] = []
    for a in pending_assessment_countersignatures_for(user):
        items.append(
            QueueItem(
                "Risk assessment to countersign",
                a.person,
                a.submitted_on,
                None,
                a.assessed_by,
                reverse("risk:assessment", args=[a.person.crn, a.sequence]),
                "Countersign",
            )
        )
    for p in pending_plan_countersignatures_for(user):
        items.append(
            QueueItem(
                "Sentence plan to countersign",
                p.person,
                p.submitted_on,
                p.due_by,
                p.author,
                reverse("plans:countersign", args=[p.person.crn, p.pk]),
                "Countersign",
            )
        )
    for r in pending_recall_countersignatures_for(user):
        items.append(
            QueueItem(
                "Recall recommendation to countersign",
                r.person,
                r.recommended_on,
                None,
                r.recommended_by,
                reverse("enforcement:recall", args=[r.person.crn, r.pk]),
                "Countersign",
            )
        )
    for s in pending_step_downs_for(user):
        items.append(
            QueueItem(
                "Step-down to approve",
                s.person,
                _as_date(s.requested_at),
                None,
                s.requested_by,
                reverse("contacts:level-decide", args=[s.person.crn, s.pk]),
                "Decide",
            )
        )
    team_ids = set(managed_teams(user).values_list("pk", flat=True))
    for e in enforcement_decisions_due_for(user):
        if e.person.team_id not in team_ids or e.person.officer_id == user.pk:
            continue
        items.append(
            QueueItem(
                "Enforcement decision due",
                e.person,
                e.failure_on,
                e.due_by,
                e.person.officer,
                reverse("enforcement:case", args=[e.person.crn]),
                "Review",
            )
        )
    items.sort(key=lambda i: (i.waiting_since or date.max, i.person.crn))
    return items


@dataclass(frozen=True)
class OverdueOversight:
    person: Person
    last_oversight: date | None
    due: rules.OversightDue


def overdue_oversight_for(user, *, today: date) -> list[OverdueOversight]:
    """High/very high RoSH and MAPPA level 2/3 cases on the user's teams whose recorded oversight is
    overdue, longest overdue first. One query."""
    interval = int(reference.value("oversight.interval_weeks"))
    after_event = int(reference.value("oversight.after_event_days"))
    mappa_ids = MappaRegistration.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today), level__in=rules.OVERSIGHT_MAPPA_LEVELS
    ).values("person_id")
    rows = (
        _team_cases(user)
        .filter(Q(rosh__in=rules.OVERSIGHT_ROSH) | Q(pk__in=mappa_ids))
        .annotate(
            last_oversight=Max("oversight_records__recorded_on"),
        )
        .select_related("officer")
    )
    people = list(rows)
    events = (
        dict(
            SignificantEvent.objects.filter(person__in=[p.pk for p in people])
            .values("person_id")
            .annotate(last=Max("occurred_on"))
            .values_list("person_id", "last")
        )
        if people
        else {}
    )
    result = []
    for p in people:
        due = rules.oversight_due(
            last_oversight=p.last_oversight,
            last_event=events.get(p.pk),
            interval_weeks=interval,
            after_event_days=after_event,
        )
        if due.overdue(today):
            result.append(OverdueOversight(p, p.last_oversight, due))
    result.sort(key=lambda o: (o.due.due_on or date.min, o.person.crn))
    return result


def case_oversight(person: Person) -> list[OversightRecord]:
    return list(OversightRecord.objects.filter(person=person).select_related("recorded_by"))


def can_record_oversight(user, person: Person) -> bool:
    """A manager of the case's team (or a head of service for its area); never on their own case."""
    if not may_oversee(user) or person.team_id is None or person.officer_id == user.pk:
        return False
    return managed_teams(user).filter(pk=person.team_id).exists()
