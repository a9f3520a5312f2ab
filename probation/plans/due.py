"""Sentence plan items for the home page (see `probation.home.due`): plans due or overdue on the
user's caseload, reviews due (scheduled or after a significant event), and plans waiting for this
SPO's countersignature. A fixed number of queries whatever the caseload.

The lists are those of `selectors.plans_due_for`, `reviews_due_for` and
`pending_plan_countersignatures_for`, read from the page's shared caseload
(`probation.home.caseload`) instead of applying the access rules in each query."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.urls import reverse

from probation.home.caseload import caseload, shared
from probation.home.due import MAX_ITEMS_PER_KIND, DueItem
from probation.risk.models import SignificantEvent

from . import selectors
from .constants import PlanStatus
from .models import PlanReview, SentencePlan
from .policy import current_policy

# Reviews due within this many days are listed (as `selectors.reviews_due_for`).
REVIEW_HORIZON_DAYS = 14


def _plans_due(user, policy) -> list[tuple]:
    people = caseload(user).own
    if not people:
        return []
    disposals = defaultdict(list)
    for d in selectors._current_disposals(list(people)):
        disposals[d.event.person_id].append(d)
    plans = defaultdict(list)
    for p in SentencePlan.objects.filter(person_id__in=list(disposals), completed_on__isnull=False).only(
        "person_id", "starts_from", "completed_on"
    ):
        plans[p.person_id].append(p)
    due = []
    for person_id, ds in disposals.items():
        person = people[person_id]
        owed = selectors.plan_due_from(ds, person.tier, policy)
        if selectors.plan_outstanding(owed, plans[person_id]):
            due.append((person, owed))
    due.sort(key=lambda item: (item[1].due_by, item[0].pk))
    return due[:MAX_ITEMS_PER_KIND]


def _reviews_due(user, today: date, policy) -> list[tuple]:
    people = caseload(user).own
    active = list(SentencePlan.objects.filter(status=PlanStatus.ACTIVE, person_id__in=list(people)))
    if not active:
        return []
    for plan in active:
        plan.person = people[plan.person_id]
    events = defaultdict(list)
    for e in SignificantEvent.objects.filter(person_id__in=[p.person_id for p in active]).only(
        "pk", "person_id", "recorded_on", "review_due"
    ):
        events[e.person_id].append(e)
    reviewed = defaultdict(set)
    for plan_id, event_id in PlanReview.objects.filter(
        plan__in=[p.pk for p in active], significant_event__isnull=False
    ).values_list("plan_id", "significant_event_id"):
        reviewed[plan_id].add(event_id)
    horizon = today + timedelta(days=REVIEW_HORIZON_DAYS)
    due = []
    for plan in active:
        review = selectors.review_due_for_plan(plan, events[plan.person_id], reviewed[plan.pk], policy)
        if review and review.due_on <= horizon:
            due.append((plan, review))
    due.sort(key=lambda item: (item[1].due_on, item[0].pk))
    return due[:MAX_ITEMS_PER_KIND]


def _plans_awaiting_countersignature(user):
    if not (user.is_manager or user.is_head):
        return SentencePlan.objects.none()
    return (
        SentencePlan.objects.filter(
            caseload(user).managed(same_provider=True), status=PlanStatus.AWAITING_COUNTERSIGNATURE
        )
        .exclude(author=user)
        .select_related("person", "author")
        .order_by("submitted_on", "id")
    )


DUE_KINDS = {
    "plans.plan_due": "Sentence plans due",
    "plans.review_due": "Sentence plan reviews due",
    "plans.countersignature": "Sentence plans awaiting your countersignature",
}


def plans_due(user, today: date, policy=None) -> list[DueItem]:
    return [
        DueItem(
            title=f"Sentence plan for the {due.disposal.get_type_display().lower()} "
            f"({'released' if due.disposal.type in {'licence', 'pss'} else 'sentenced'} "
            f"{due.starts_from:%-d %b %Y})",
            person=person,
            due=due.due_by,
            overdue=due.due_by < today,
            action_url=reverse("plans:plan", args=[person.crn]),
            kind="plans.plan_due",
            action_label="Plan",
        )
        for person, due in _plans_due(user, policy or current_policy())
    ]


def reviews_due(user, today: date, policy=None) -> list[DueItem]:
    return [
        DueItem(
            title="Review the sentence plan" + (" after a significant event" if review.event_id else ""),
            person=plan.person,
            due=review.due_on,
            overdue=review.due_on < today,
            action_url=reverse("plans:review", args=[plan.person.crn, plan.pk])
            + (f"?event={review.event_id}" if review.event_id else ""),
            kind="plans.review_due",
            action_label="Review",
        )
        for plan, review in _reviews_due(user, today, policy or current_policy())
    ]


def plans_to_countersign(user, today: date) -> list[DueItem]:
    return [
        DueItem(
            title=f"Countersign the sentence plan by {plan.author}, submitted {plan.submitted_on:%-d %b}",
            person=plan.person,
            due=plan.due_by,
            overdue=plan.due_by < today,
            action_url=reverse("plans:countersign", args=[plan.person.crn, plan.pk]),
            kind="plans.countersignature",
            action_label="Countersign",
        )
        for plan in _plans_awaiting_countersignature(user)[:MAX_ITEMS_PER_KIND]
    ]


def due_items(user, today: date) -> list[DueItem]:
    if not getattr(user, "is_authenticated", False) or user.is_inspector or not user.provider_id:
        return []
    policy = current_policy()
    with shared(user):
        return [
            *plans_due(user, today, policy),
            *reviews_due(user, today, policy),
            *plans_to_countersign(user, today),
        ]
