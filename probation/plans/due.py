"""Sentence plan items for the home page (see `probation.home.due`): plans due or overdue on the
user's caseload, reviews due (scheduled or after a significant event), and plans waiting for this
SPO's countersignature. A fixed number of queries whatever the caseload."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from probation.home.due import MAX_ITEMS_PER_KIND, DueItem

from . import selectors

DUE_KINDS = {
    "plans.plan_due": "Sentence plans due",
    "plans.review_due": "Sentence plan reviews due",
    "plans.countersignature": "Sentence plans awaiting your countersignature",
}


def plans_due(user, today: date) -> list[DueItem]:
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
        for person, due in selectors.plans_due_for(user, today, limit=MAX_ITEMS_PER_KIND)
    ]


def reviews_due(user, today: date) -> list[DueItem]:
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
        for plan, review in selectors.reviews_due_for(user, today, limit=MAX_ITEMS_PER_KIND)
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
        for plan in selectors.pending_plan_countersignatures_for(user)[:MAX_ITEMS_PER_KIND]
    ]


def due_items(user, today: date) -> list[DueItem]:
    if not getattr(user, "is_authenticated", False) or user.is_inspector or not user.provider_id:
        return []
    return [*plans_due(user, today), *reviews_due(user, today), *plans_to_countersign(user, today)]
