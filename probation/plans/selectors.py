"""Reads for sentence plans, within what the user may see, each in a fixed number of queries.

Other apps (the oversight queue, the home page) call:
- `pending_plan_countersignatures_for(user)`: plans waiting for this SPO's countersignature;
- `plans_due_for(user, today)` and `reviews_due_for(user, today)`: the officer's plans due or
  overdue, and plan reviews due (scheduled or after a significant event).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from probation.people.access import visible_cases
from probation.people.models import Person
from probation.people.selectors import managed_teams
from probation.risk.constants import ActionStatus, AssessmentStatus, Need
from probation.risk.models import NeedRating, RiskAction, RiskAssessment, SignificantEvent
from probation.sentences.models import Disposal, Requirement

from . import rules
from .constants import ObjectiveStatus, PlanStatus
from .models import Objective, PlanReview, SentencePlan
from .policy import current_policy

# --- Who may do what ------------------------------------------------------------------------------------


def can_write(user, person: Person) -> bool:
    """Staff of the provider managing the case; inspectors and other providers only read."""
    return not user.is_inspector and user.provider_id is not None and user.provider_id == person.provider_id


def can_countersign(user, person: Person) -> bool:
    """An SPO (manager) of the case's team, or a head of service for its area."""
    if not can_write(user, person) or not (user.is_manager or user.is_head) or person.team_id is None:
        return False
    return managed_teams(user).filter(pk=person.team_id).exists()


# --- When a plan is due ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanDue:
    disposal: Disposal
    starts_from: date
    due_by: date

    def overdue(self, today: date) -> bool:
        return self.due_by < today


def plan_due_from(disposals, tier: str | None, policy) -> PlanDue | None:
    """The plan owed for the latest sentence or release among current sentences (None when no current
    sentence has started supervision in the community)."""
    best = None
    for d in disposals:
        starts = rules.plan_starts_from(d.type, d.sentence_date, d.release_date)
        if starts is not None and (best is None or starts > best[1]):
            best = (d, starts)
    if best is None:
        return None
    return PlanDue(best[0], best[1], rules.plan_due_by(best[1], tier=tier, policy=policy))


def _current_disposals(person_ids) -> QuerySet[Disposal]:
    return Disposal.objects.filter(
        event__person_id__in=person_ids, terminated_on__isnull=True
    ).select_related("event")


def plan_due(person: Person, policy=None) -> PlanDue | None:
    return plan_due_from(_current_disposals([person.pk]), person.tier, policy or current_policy())


def plan_outstanding(due: PlanDue | None, plans) -> bool:
    """True while no completed plan answers the latest sentence or release."""
    if due is None:
        return False
    return not any(p.completed_on and p.starts_from >= due.starts_from for p in plans)


# --- One case -------------------------------------------------------------------------------------------


def case_plans(person: Person) -> list[SentencePlan]:
    return list(
        SentencePlan.objects.filter(person=person)
        .select_related("author", "countersigned_by", "disposal")
        .order_by("-started_on", "-id")
    )


def plan_objectives(plan: SentencePlan) -> list[Objective]:
    return list(
        plan.objectives.prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.order_by("start_date", "id")),
            Prefetch("risk_actions", queryset=RiskAction.objects.order_by("due_on", "id")),
        ).order_by("target_date", "id")
    )


def plan_reviews(plan: SentencePlan) -> list[PlanReview]:
    return list(
        plan.reviews.select_related("reviewed_by", "significant_event").order_by("-reviewed_on", "-id")
    )


def latest_need_ratings(person: Person) -> tuple[RiskAssessment | None, dict[str, str]]:
    """The needs of the latest complete assessment, as {need: severity}."""
    assessment = (
        RiskAssessment.objects.filter(person=person, status=AssessmentStatus.COMPLETE)
        .order_by("-completed_on", "-sequence")
        .first()
    )
    if assessment is None:
        return None, {}
    ratings = dict(NeedRating.objects.filter(assessment=assessment).values_list("need", "severity"))
    order = list(Need.values)
    return assessment, dict(sorted(ratings.items(), key=lambda item: order.index(item[0])))


def plannable_requirements(person: Person) -> list[Requirement]:
    """Requirements of current sentences that have not ended."""
    return list(
        Requirement.objects.filter(disposal__event__person=person, disposal__terminated_on__isnull=True)
        .filter(terminated_on__isnull=True)
        .select_related("disposal")
        .order_by("start_date", "id")
    )


def plannable_risk_actions(person: Person) -> list[RiskAction]:
    return list(
        RiskAction.objects.filter(person=person)
        .exclude(status=ActionStatus.CANCELLED)
        .select_related("risk")
        .order_by("due_on", "id")
    )


def case_significant_events(person: Person) -> list[SignificantEvent]:
    return list(SignificantEvent.objects.filter(person=person).order_by("-occurred_on", "-id")[:50])


def review_due_for_plan(plan: SentencePlan, events, reviewed_event_ids, policy) -> rules.ReviewDue | None:
    if plan.status != PlanStatus.ACTIVE or plan.completed_on is None:
        return None
    return rules.review_due(
        since=plan.last_reviewed_on or plan.completed_on,
        next_review_due=plan.next_review_due,
        events=[(e.pk, e.recorded_on, e.review_due) for e in events],
        reviewed_event_ids=reviewed_event_ids,
        policy=policy,
    )


@dataclass
class Gaps:
    needs: list[tuple[str, str, str]]  # (need, label, severity)
    requirements: list[Requirement]


def plan_gaps(objectives: list[Objective], ratings: dict[str, str], requirements: list[Requirement]) -> Gaps:
    """Needs rated standard or severe, and current requirements, that no objective addresses."""
    open_objectives = [o for o in objectives if o.status != ObjectiveStatus.NO_LONGER_NEEDED]
    needs = rules.unaddressed_needs(ratings, (o.needs for o in open_objectives))
    requirement_ids = rules.unaddressed_ids(
        (r.pk for r in requirements), ([r.pk for r in o.requirements.all()] for o in open_objectives)
    )
    by_id = {r.pk: r for r in requirements}
    return Gaps(
        needs=[(n, Need(n).label, ratings[n]) for n in needs],
        requirements=[by_id[i] for i in requirement_ids],
    )


# --- Across cases ---------------------------------------------------------------------------------------


def _open_cases(user) -> QuerySet[Person]:
    return visible_cases(user).filter(access_blocked=False)


def pending_plan_countersignatures_for(user) -> QuerySet[SentencePlan]:
    """Plans awaiting countersignature on the teams the user manages, never their own, oldest first."""
    if not getattr(user, "is_authenticated", False) or user.is_inspector or not user.provider_id:
        return SentencePlan.objects.none()
    if not (user.is_manager or user.is_head):
        return SentencePlan.objects.none()
    cases = _open_cases(user).filter(team__in=managed_teams(user), provider_id=user.provider_id)
    return (
        SentencePlan.objects.filter(status=PlanStatus.AWAITING_COUNTERSIGNATURE, person__in=cases)
        .exclude(author=user)
        .select_related("person", "author")
        .order_by("submitted_on", "id")
    )


def _caseload(user) -> QuerySet[Person]:
    if not getattr(user, "is_authenticated", False) or user.is_inspector or not user.provider_id:
        return Person.objects.none()
    return _open_cases(user).filter(officer=user)


def plans_due_for(user, today: date, *, limit: int | None = None) -> list[tuple[Person, PlanDue]]:
    """Cases on the user's caseload whose plan for the latest sentence or release is not complete,
    soonest deadline first. Three queries whatever the caseload."""
    people = {p.pk: p for p in _caseload(user).only("pk", "crn", "first_name", "last_name", "tier")}
    if not people:
        return []
    disposals = defaultdict(list)
    for d in _current_disposals(list(people)):
        disposals[d.event.person_id].append(d)
    plans = defaultdict(list)
    for p in SentencePlan.objects.filter(person_id__in=list(disposals), completed_on__isnull=False).only(
        "person_id", "starts_from", "completed_on"
    ):
        plans[p.person_id].append(p)
    policy = current_policy()
    due = []
    for person_id, ds in disposals.items():
        person = people[person_id]
        owed = plan_due_from(ds, person.tier, policy)
        if plan_outstanding(owed, plans[person_id]):
            due.append((person, owed))
    due.sort(key=lambda item: (item[1].due_by, item[0].pk))
    return due[:limit] if limit else due


def reviews_due_for(user, today: date, *, within_days: int = 14, limit: int | None = None):
    """Plans in force on the user's caseload with a review due within `within_days` (or overdue), with
    why: (plan, ReviewDue). Three queries whatever the caseload."""
    active = list(
        SentencePlan.objects.filter(status=PlanStatus.ACTIVE, person__in=_caseload(user)).select_related(
            "person"
        )
    )
    if not active:
        return []
    person_ids = [p.person_id for p in active]
    events = defaultdict(list)
    for e in SignificantEvent.objects.filter(person_id__in=person_ids).only(
        "pk", "person_id", "recorded_on", "review_due"
    ):
        events[e.person_id].append(e)
    reviewed = defaultdict(set)
    for plan_id, event_id in PlanReview.objects.filter(
        plan__in=[p.pk for p in active], significant_event__isnull=False
    ).values_list("plan_id", "significant_event_id"):
        reviewed[plan_id].add(event_id)
    policy = current_policy()
    horizon = date.fromordinal(today.toordinal() + within_days)
    due = []
    for plan in active:
        review = review_due_for_plan(plan, events[plan.person_id], reviewed[plan.pk], policy)
        if review and review.due_on <= horizon:
            due.append((plan, review))
    due.sort(key=lambda item: (item[1].due_on, item[0].pk))
    return due[:limit] if limit else due
