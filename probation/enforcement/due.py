"""Enforcement items for the home page (see `probation.home.due`): decisions, warning letters and
breach action owed on the user's caseload, failures not yet assessed, and recalls waiting for this
user's countersignature. One query per kind; who may open which case comes from the page's shared
caseload (`probation.home.caseload`)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from probation.contacts.constants import Outcome
from probation.contacts.models import Contact
from probation.home.caseload import caseload, shared
from probation.home.due import MAX_ITEMS_PER_KIND, DueItem

from . import rules
from .constants import EnforcementKind, EnforcementStatus, RecallStatus
from .models import EnforcementAction, RecallRecommendation

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
    """Decisions, letters and breach action owed on the user's own open caseload, soonest first (the
    caseload part of `selectors.enforcement_decisions_due_for`)."""
    cases = caseload(user)
    actions = cases.keep_openable(
        list(
            EnforcementAction.objects.filter(
                person_id__in=cases.own_ids, status__in=EnforcementStatus.open_with_deadline()
            ).order_by("due_by", "id")[:MAX_ITEMS_PER_KIND]
        )
    )
    return [_action_item(a, today) for a in actions]


def failures_unassessed(user, today: date) -> list[DueItem]:
    """Failures on the user's caseload that no enforcement decision has picked up yet."""
    cases = caseload(user)
    contacts = cases.keep_openable(
        list(
            Contact.objects.filter(person_id__in=cases.own_ids, outcome__in=Outcome.failures())
            .exclude(Exists(EnforcementAction.objects.filter(contact=OuterRef("pk"))))
            .only("pk", "person_id", "type", "starts_at")
            .order_by("starts_at", "id")[:MAX_ITEMS_PER_KIND]
        )
    )
    urls = {crn: reverse("enforcement:case", args=[crn]) for crn in {c.person.crn for c in contacts}}
    return [
        DueItem(
            title=f"Assess the failure at the {c.get_type_display().lower()} on "
            f"{timezone.localtime(c.starts_at):%-d %b} for enforcement",
            person=c.person,
            due=timezone.localdate(c.starts_at),
            overdue=True,
            action_url=urls[c.person.crn],
            kind="enforcement.unassessed",
            action_label="Assess",
        )
        for c in contacts
    ]


def _recalls_awaiting(user):
    """`selectors.pending_recall_countersignatures_for`, with the access rules taken from the shared
    caseload: an SPO's first countersignatures on the teams they manage, a head of service's second
    in their area; never their own recommendation, nor (for a head) one they countersigned as SPO."""
    if not (user.is_manager or user.is_head):
        return RecallRecommendation.objects.none()
    stages = Q(pk__in=[])
    if user.is_manager:
        stages |= Q(status=RecallStatus.AWAITING_SPO)
    if user.is_head:
        stages |= Q(status=RecallStatus.AWAITING_HEAD) & ~Q(spo_by=user)
    return (
        RecallRecommendation.objects.filter(stages, caseload(user).managed(same_provider=True))
        .exclude(recommended_by=user)
        .select_related("person", "recommended_by", "disposal")
        .order_by("recommended_on", "id")
    )


def recalls_to_countersign(user, today: date) -> list[DueItem]:
    items = []
    for recall in _recalls_awaiting(user)[:MAX_ITEMS_PER_KIND]:
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
    with shared(user):
        return [
            *actions_due(user, today),
            *failures_unassessed(user, today),
            *recalls_to_countersign(user, today),
        ]
