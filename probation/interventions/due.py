"""Interventions' items for the officer's home page (see `probation.home.due`): referrals on the
user's caseload that have stalled, and action plans waiting for the officer's approval. One query
per kind; the user's open caseload comes from the page's shared caseload (`probation.home.caseload`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from probation.core import reference
from probation.home.caseload import caseload, shared
from probation.home.due import MAX_ITEMS_PER_KIND, DueItem

from . import rules
from .constants import ReferralStatus
from .models import Referral

DUE_KINDS = {
    "interventions.action_plan": "Action plans awaiting your approval",
    "interventions.stalled": "Stalled referrals",
}


def _url(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.person.crn, referral.pk])


def _stalled(user, today: date, days: int):
    """`selectors.stalled_referrals` on the shared caseload: open referrals nothing has moved on for
    `days` days, and ended ones still without their end-of-service report."""
    cases = caseload(user)
    return cases.keep_openable(
        list(
            Referral.objects.filter(
                person_id__in=cases.own_ids, last_progress_on__lte=rules.stalled_since(today, days)
            )
            .filter(
                Q(status__in=ReferralStatus.open())
                | Q(status__in=ReferralStatus.ended(), report_submitted_on__isnull=True)
            )
            .select_related("intervention")
            .order_by("last_progress_on", "id")[:MAX_ITEMS_PER_KIND]
        )
    )


def _action_plans(user):
    """`selectors.action_plans_to_approve` on the shared caseload."""
    cases = caseload(user)
    return cases.keep_openable(
        list(
            Referral.objects.filter(person_id__in=cases.own_ids, status=ReferralStatus.ACTION_PLAN_SUBMITTED)
            .select_related("intervention")
            .order_by("action_plan_submitted_on", "id")[:MAX_ITEMS_PER_KIND]
        )
    )


def _stalled_days() -> int:
    return int(reference.value("interventions.stalled_days"))


def stalled(user, today: date, days: int | None = None) -> list[DueItem]:
    days = _stalled_days() if days is None else days
    items = []
    for r in _stalled(user, today, days):
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


def action_plans(user, today: date, days: int | None = None) -> list[DueItem]:
    days = _stalled_days() if days is None else days
    items = []
    for r in _action_plans(user):
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
    days = _stalled_days()
    with shared(user):
        return [*action_plans(user, today, days), *stalled(user, today, days)]
