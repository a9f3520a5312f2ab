"""Enforcement items for the home page (see `probation.home.due`): decisions, warning letters and
breach action owed on the user's caseload, failures not yet assessed, and recalls waiting for this
user's countersignature. One query per kind."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from probation.contacts.constants import Outcome
from probation.contacts.models import Contact
from probation.home.due import MAX_ITEMS_PER_KIND, DueItem

from . import rules, selectors
from .constants import EnforcementKind, EnforcementStatus
from .models import EnforcementAction

DUE_KINDS = {
    "enforcement.action_due": "Enforcement decisions, warning letters and breach action due",
    "enforcement.unassessed": "Failures to comply with no enforcement decision",
    "enforcement.recall_countersignature": "Recalls awaiting your countersignature",
}


def _action_item(action: EnforcementAction, today: date) -> DueItem:
    crn, day = action.person.crn, f"{action.failure_on:%-d %b}"
    if action.status == EnforcementStatus.DECISION_DUE:
        title = f"Decide on the failure of {day}: {rules.kind_name(action.recommended_kind)} recommended"
        url, label = reverse("enforcement:decide", args=[crn, action.pk]), "Decide"
    elif action.status == EnforcementStatus.LETTER_DUE:
        title = f"Send the {EnforcementKind(action.kind).label.lower()} letter for the failure of {day}"
        url, label = reverse("enforcement:letter-issued", args=[crn, action.pk]), "Record letter sent"
    else:
        title = f"Initiate breach for the failure of {day}"
        url, label = reverse("enforcement:breach", args=[crn, action.pk]), "Record breach initiated"
    return DueItem(
        title=title,
        person=action.person,
        due=action.due_by,
        overdue=action.due_by < today,
        action_url=url,
        kind="enforcement.action_due",
        action_label=label,
    )


def actions_due(user, today: date) -> list[DueItem]:
    actions = selectors.enforcement_decisions_due_for(user).filter(person__officer=user)[:MAX_ITEMS_PER_KIND]
    return [_action_item(a, today) for a in actions]


def failures_unassessed(user, today: date) -> list[DueItem]:
    """Failures on the user's caseload that no enforcement decision has picked up yet."""
    contacts = (
        Contact.objects.filter(
            person__in=selectors._open_cases(user).filter(officer=user), outcome__in=Outcome.failures()
        )
        .exclude(Exists(EnforcementAction.objects.filter(contact=OuterRef("pk"))))
        .select_related("person")
        .order_by("starts_at", "id")[:MAX_ITEMS_PER_KIND]
    )
    return [
        DueItem(
            title=f"Assess the failure at the {c.get_type_display().lower()} on "
            f"{timezone.localtime(c.starts_at):%-d %b} for enforcement",
            person=c.person,
            due=timezone.localdate(c.starts_at),
            overdue=True,
            action_url=reverse("enforcement:case", args=[c.person.crn]),
            kind="enforcement.unassessed",
            action_label="Assess",
        )
        for c in contacts
    ]


def recalls_to_countersign(user, today: date) -> list[DueItem]:
    items = []
    for recall in selectors.pending_recall_countersignatures_for(user)[:MAX_ITEMS_PER_KIND]:
        due = rules.action_due_by(EnforcementKind.RECALL, recall.recommended_on)
        items.append(
            DueItem(
                title=f"{recall.get_recall_type_display()} recommended by {recall.recommended_by} on "
                f"{recall.recommended_on:%-d %b}: {recall.get_status_display().lower()}",
                person=recall.person,
                due=due,
                overdue=due < today,
                action_url=reverse("enforcement:recall-countersign", args=[recall.person.crn, recall.pk]),
                kind="enforcement.recall_countersignature",
                action_label="Countersign",
            )
        )
    return items


def due_items(user, today: date) -> list[DueItem]:
    if not getattr(user, "is_authenticated", False) or user.is_inspector or not user.provider_id:
        return []
    return [
        *actions_due(user, today),
        *failures_unassessed(user, today),
        *recalls_to_countersign(user, today),
    ]
