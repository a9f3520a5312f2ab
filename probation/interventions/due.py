"""Interventions' items for the officer's home page (see `probation.home.due`): referrals on the
user's caseload that have stalled, and action plans waiting for the officer's approval. One query
per kind."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from probation.core import reference
from probation.home.due import MAX_ITEMS_PER_KIND, DueItem

from . import selectors
from .constants import ReferralStatus
from .models import Referral

DUE_KINDS = {
    "interventions.action_plan": "Action plans awaiting your approval",
    "interventions.stalled": "Stalled referrals",
}


def _url(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.person.crn, referral.pk])


def stalled(user, today: date) -> list[DueItem]:
    days = int(reference.value("interventions.stalled_days"))
    items = []
    for r in selectors.stalled_referrals(user, today=today)[:MAX_ITEMS_PER_KIND]:
        due = r.last_progress_on + timedelta(days=days)
        what = (
            "the end-of-service report has not arrived"
            if r.status in ReferralStatus.ended()
            else f"{r.get_status_display().lower()} with no progress"
        )
        items.append(
            DueItem(
                title=f"{r.intervention.name}: {what} since {r.last_progress_on.day} {r.last_progress_on:%b}",
                person=r.person,
                due=due,
                overdue=due < today,
                action_url=_url(r),
                kind="interventions.stalled",
                action_label="Chase referral",
            )
        )
    return items


def action_plans(user, today: date) -> list[DueItem]:
    days = int(reference.value("interventions.stalled_days"))
    items = []
    for r in selectors.action_plans_to_approve(user)[:MAX_ITEMS_PER_KIND]:
        submitted = r.action_plan_submitted_on or r.last_progress_on
        due = submitted + timedelta(days=days)
        items.append(
            DueItem(
                title=f"Approve the action plan for {r.intervention.name} "
                f"(submitted {submitted.day} {submitted:%b})",
                person=r.person,
                due=due,
                overdue=due < today,
                action_url=reverse("referrals:approve", args=[r.person.crn, r.pk]),
                kind="interventions.action_plan",
                action_label="Review plan",
            )
        )
    return items


def due_items(user, today: date) -> list[DueItem]:
    if not getattr(user, "is_authenticated", False) or user.is_inspector or not user.provider_id:
        return []
    return [*action_plans(user, today), *stalled(user, today)]
