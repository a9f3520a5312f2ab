"""Contacts' items for the officer's home page (see `probation.home.due`): absences waiting for a
decision, appointments with no outcome, and step-downs waiting for this SPO. One query per kind; who
may open which case comes from the page's shared caseload (`probation.home.caseload`)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from probation.core import reference
from probation.home.caseload import caseload, shared
from probation.home.due import MAX_ITEMS_PER_KIND, DueItem
from probation.lib.workingdays import add_working_days

from . import selectors
from .constants import ContactType, Outcome, StepDownStatus
from .models import Contact, ContactLevel

# Absences awaiting evidence are few on any caseload (each waits five working days); this many are
# read to find the overdue ones.
ABSENCES_SCANNED = 500

DUE_KINDS = {
    "contacts.absence_decision": "Absences awaiting a decision",
    "contacts.outcome_not_recorded": "Appointments with no outcome recorded",
    "contacts.step_down_approval": "Step-downs awaiting your approval",
}


def _outcome_url(contact: Contact) -> str:
    return reverse("contacts:record-outcome", args=[contact.person.crn, contact.pk])


def absences_awaiting_decision(user, today: date) -> list[DueItem]:
    """Absences on the user's caseload whose evidence window has closed: judge them now."""
    return _absence_items(caseload(user).keep_openable(_absences(user, today)))


def _absence_items(contacts: list[Contact]) -> list[DueItem]:
    return [
        DueItem(
            title=f"Decide the absence from the {c.get_type_display().lower()} on "
            f"{timezone.localtime(c.starts_at):%-d %b}: evidence was due {c.evidence_due:%-d %b}",
            person=c.person,
            due=c.evidence_due,
            overdue=True,
            action_url=_outcome_url(c),
            kind="contacts.absence_decision",
            action_label="Decide absence",
        )
        for c in contacts
    ]


def absences_query(user, today: date):
    """Absences awaiting evidence on the user's open caseload, oldest evidence date first (the caller
    keeps those whose date has passed). The caseload's ids are given as a list and the date is left
    out of the query: the planner then always walks the officer's few cases through the small partial
    index, instead of misjudging the (correlated) outcome and date and scanning every undecided
    absence in the region."""
    return Contact.objects.filter(
        person_id__in=caseload(user).own_ids, outcome=Outcome.AWAITING_EVIDENCE
    ).order_by("evidence_due", "id")[:ABSENCES_SCANNED]


def unrecorded_query(user, today: date):
    start_of_today, _ = selectors.day_bounds(today)
    return Contact.objects.filter(
        officer=user, outcome="", starts_at__lt=start_of_today, type__in=ContactType.appointments()
    ).order_by("starts_at", "id")[:MAX_ITEMS_PER_KIND]


def _absences(user, today: date) -> list[Contact]:
    overdue = [c for c in absences_query(user, today) if c.evidence_due is None or c.evidence_due < today]
    return overdue[:MAX_ITEMS_PER_KIND]


def _unrecorded(user, today: date) -> list[Contact]:
    return list(unrecorded_query(user, today))


def outcomes_not_recorded(user, today: date) -> list[DueItem]:
    """The user's own appointments before today with no outcome."""
    return _unrecorded_items(caseload(user).keep_openable(_unrecorded(user, today)))


def _unrecorded_items(contacts: list[Contact]) -> list[DueItem]:
    return [
        DueItem(
            title=f"Record the outcome of the {c.get_type_display().lower()} on "
            f"{timezone.localtime(c.starts_at):%-d %b at %H:%M}",
            person=c.person,
            due=timezone.localdate(c.starts_at),
            overdue=True,
            action_url=_outcome_url(c),
            kind="contacts.outcome_not_recorded",
            action_label="Record outcome",
        )
        for c in contacts
    ]


def _pending_step_downs(user):
    """`selectors.pending_step_downs_for`, with the access rules taken from the shared caseload."""
    return (
        ContactLevel.objects.filter(caseload(user).managed(), status=StepDownStatus.AWAITING_APPROVAL)
        .exclude(requested_by=user)
        .select_related("person", "requested_by")
        .order_by("requested_at", "id")
    )


def step_downs_to_decide(user, today: date) -> list[DueItem]:
    """Step-downs waiting for this user's decision as SPO; overdue after the decision window."""
    if not user.is_manager and not user.is_head:
        return []
    days = int(reference.value("contacts.step_down_decision_working_days"))
    region = selectors.region()
    items = []
    for level in _pending_step_downs(user)[:MAX_ITEMS_PER_KIND]:
        asked = timezone.localdate(level.requested_at) if level.requested_at else level.effective_from
        due = add_working_days(asked, days, region)
        items.append(
            DueItem(
                title=f"Step-down to {str(level).lower()}, asked for by {level.requested_by}",
                person=level.person,
                due=due,
                overdue=due < today,
                action_url=reverse("contacts:level-decide", args=[level.person.crn, level.pk]),
                kind="contacts.step_down_approval",
                action_label="Decide",
            )
        )
    return items


def due_items(user, today: date) -> list[DueItem]:
    if not getattr(user, "is_authenticated", False) or user.is_inspector or not user.provider_id:
        return []
    with shared(user):
        return [
            *absences_awaiting_decision(user, today),
            *outcomes_not_recorded(user, today),
            *step_downs_to_decide(user, today),
        ]
