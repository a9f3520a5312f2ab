"""Writes to contacts and contact levels. Each takes the acting user, runs in one transaction, checks
permission, refuses a stale version and writes the audit row. Bad input raises `ValidationError`
with the field it belongs to, so the form can show it beside that field."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record, changes_between
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.access import case_access
from probation.people.models import Person
from probation.sentences.models import Requirement

from . import rules, selectors
from .constants import AbsenceReason, ContactType, Outcome, Repeat, StepDownRule, StepDownStatus
from .models import Contact, ContactLevel

MAX_OCCURRENCES = 26
REPEAT_DAYS = {Repeat.WEEKLY: 7, Repeat.FORTNIGHTLY: 14}


class StepDownRefused(Exception):
    """The step-down rule refuses this change outright; `reasons` say why in words."""

    def __init__(self, reasons):
        super().__init__("; ".join(reasons))
        self.reasons = tuple(reasons)


def _writable_case(by_user, person: Person) -> Person:
    found, access = case_access(by_user, person.crn)
    if found is None or not access.allowed or not selectors.can_write(by_user, found):
        raise NotPermitted("You may not change this case")
    return found


def _new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


# --- Appointments -------------------------------------------------------------------------------------


@transaction.atomic
def appointment_book(
    *,
    by_user,
    person: Person,
    type: str,
    starts_at: datetime,
    location: str = "",
    national_standard: bool = True,
    notes: str = "",
    sensitive: bool = False,
    requirement_id: int | None = None,
    repeat: str = Repeat.NONE,
    occurrences: int = 1,
    officer=None,
) -> list[Contact]:
    """Book one appointment, or a series (every week or two weeks, `occurrences` in all) sharing a key.
    The appointment is with the case's responsible officer unless another officer is named."""
    person = _writable_case(by_user, person)
    errors: dict[str, str] = {}
    if type not in ContactType.appointments():
        errors["type"] = "Select the type of appointment"
    if repeat and repeat not in REPEAT_DAYS:
        errors["repeat"] = "Select how often the appointment repeats"
    if repeat and not 2 <= occurrences <= MAX_OCCURRENCES:
        errors["occurrences"] = f"Number of appointments must be between 2 and {MAX_OCCURRENCES}"
    if not repeat and occurrences != 1:
        errors["repeat"] = "Select how often the appointment repeats"
    requirement = None
    if requirement_id:
        requirement = Requirement.objects.filter(pk=requirement_id, disposal__event__person=person).first()
        if requirement is None:
            errors["requirement"] = "Select one of this person's requirements"
    if timezone.is_naive(starts_at):
        raise ValueError("The appointment time must carry its time zone")
    if errors:
        raise ValidationError(errors)

    series = uuid.uuid4().hex if repeat else ""
    local = timezone.localtime(starts_at).replace(tzinfo=None)
    officer = officer or person.officer or by_user
    contacts = []
    for i in range(occurrences if repeat else 1):
        # Step in local wall-clock time, so a series keeps its hour across a clock change.
        when = timezone.make_aware(local + timedelta(days=REPEAT_DAYS.get(repeat, 0) * i))
        contacts.append(
            Contact.objects.create(
                external_id=_new_id("contact"),
                person=person,
                officer=officer,
                requirement=requirement,
                type=type,
                starts_at=when,
                location=location,
                national_standard=national_standard,
                notes=notes,
                sensitive=sensitive,
                series=series,
                booked_by=by_user,
            )
        )
    first = contacts[0]
    when = timezone.localtime(first.starts_at)
    summary = f"Booked {first.get_type_display().lower()} for {when:%d/%m/%Y %H:%M}"
    if len(contacts) > 1:
        summary += f" repeating {Repeat(repeat).label.lower()}, {len(contacts)} in all"
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=first,
        person=person,
        summary=summary,
        detail={
            "contacts": [c.pk for c in contacts],
            "series": series,
            "national_standard": national_standard,
        },
    )
    return contacts


def _outcome_errors(
    contact: Contact, outcome: str, absence_reason: str, notes: str, today: date, now: datetime
) -> dict[str, str]:
    if contact.type not in ContactType.appointments():
        return {"outcome": "Only an appointment takes an outcome"}
    if contact.starts_at > now:
        return {"outcome": "You can record an outcome once the appointment has started"}
    valid = {choice for choice in Outcome.values if choice}
    if contact.outcome == Outcome.AWAITING_EVIDENCE:
        valid = {Outcome.ACCEPTABLE_ABSENCE, Outcome.UNACCEPTABLE_ABSENCE}
    if outcome not in valid:
        return {"outcome": "Select the outcome of the appointment"}
    errors = {}
    if outcome == Outcome.ACCEPTABLE_ABSENCE and absence_reason not in AbsenceReason.values:
        errors["absence_reason"] = "Select the reason the absence is acceptable"
    if outcome == Outcome.UNACCEPTABLE_ABSENCE:
        due = contact.evidence_due or rules.evidence_due(
            timezone.localdate(contact.starts_at), selectors.region(), selectors.evidence_working_days()
        )
        if not rules.absence_judgeable(today, due):
            errors["outcome"] = (
                f"The person has until {due:%-d %B %Y} to give evidence of a reason for the absence. "
                f"You can record it as unacceptable from {rules.first_judgeable_day(due):%-d %B %Y}, "
                "or record it as awaiting evidence now"
            )
    if outcome in Outcome.failures() and not notes.strip():
        errors["notes"] = (
            "Describe how they failed to comply"
            if outcome == Outcome.ATTENDED_FAILED
            else "Say why the absence is unacceptable"
        )
    return errors


@transaction.atomic
def contact_record_outcome(
    *,
    by_user,
    contact_id: int,
    version: int,
    outcome: str,
    absence_reason: str = "",
    notes: str = "",
    sensitive: bool = False,
    now: datetime | None = None,
) -> Contact:
    """Record what happened at an appointment, or judge an absence that was awaiting evidence.

    A failure to attend with no evidence yet is recorded as awaiting evidence, with the evidence due
    date 5 working days on; it can be judged acceptable at any time and unacceptable once that date has
    passed. Notes are added to the contact's notes, never replace them; a contact once marked
    sensitive stays sensitive."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    contact = Contact.objects.select_related("person").get(pk=contact_id)
    _writable_case(by_user, contact.person)
    errors = _outcome_errors(contact, outcome, absence_reason, notes, today, now)
    if errors:
        raise ValidationError(errors)

    before = {
        "outcome": contact.outcome,
        "absence_reason": contact.absence_reason,
        "evidence_due": contact.evidence_due,
        "sensitive": contact.sensitive,
    }
    changes = {
        "outcome": outcome,
        "absence_reason": absence_reason if outcome == Outcome.ACCEPTABLE_ABSENCE else "",
        "sensitive": contact.sensitive or sensitive,
        "outcome_recorded_at": now,
        "outcome_recorded_by": by_user,
    }
    if outcome == Outcome.AWAITING_EVIDENCE:
        changes["evidence_due"] = rules.evidence_due(
            timezone.localdate(contact.starts_at), selectors.region(), selectors.evidence_working_days()
        )
    elif outcome not in Outcome.absences():
        changes["evidence_due"] = None
    if notes.strip():
        heading = f"Outcome, {timezone.localtime(now):%d/%m/%Y} ({by_user}):"
        changes["notes"] = f"{contact.notes}\n\n{heading} {notes.strip()}".strip()
    # The version check and the write are one statement, so two saves cannot both succeed.
    updated = Contact.objects.filter(pk=contact.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=now
    )
    if not updated:
        raise StaleRecord()
    contact.refresh_from_db()
    after = {key: getattr(contact, key) for key in before}
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=contact,
        person=contact.person,
        summary=f"Recorded outcome: {contact.get_outcome_display()}",
        detail={"changes": changes_between(before, after), "notes_added": bool(notes.strip())},
    )
    _after_outcome(contact)
    return contact


def _after_outcome(contact: Contact) -> None:
    """A failure to comply makes an enforcement decision due (and a corrected outcome withdraws it);
    the case's indicators are recomputed once the transaction commits."""
    from probation.enforcement.services import enforcement_assess
    from probation.inspection.indicators.hooks import case_changed

    enforcement_assess(contact)
    case_changed(contact.person_id)


# --- Contact levels -----------------------------------------------------------------------------------


def _lock_person(person: Person) -> Person:
    # Serialises level changes on one case: two requests cannot both read the same "current" level.
    return Person.objects.select_for_update().get(pk=person.pk)


def _decide(person: Person, proposed: rules.Level, current: rules.Level, today: date):
    required_level = rules.required_contact_level(person.tier, person.rosh, selectors.levels_config())
    risk = selectors.risk_inputs(person, today)
    decision = rules.step_down_decision(
        current,
        proposed,
        risk.rosh,
        risk.mappa_level,
        risk.months_since_escalation,
        selectors.step_down_config(),
        required=required_level,
    )
    inputs = {
        "tier": person.tier,
        **risk.as_dict(),
        "current": {"frequency": current.frequency, "method": current.method},
        "proposed": {"frequency": proposed.frequency, "method": proposed.method},
        "required": {"frequency": required_level.frequency, "method": required_level.method},
    }
    return decision, inputs


@transaction.atomic
def contact_level_request(
    *,
    by_user,
    person: Person,
    frequency: str,
    method: str,
    rationale: str,
    based_on: int | None,
    now: datetime | None = None,
) -> ContactLevel:
    """Change how often (and how) a case is seen. A step-down goes through the rule: allowed (in force
    at once), sent to the team's SPO for approval, or refused (`StepDownRefused`, nothing saved).
    `based_on` is the level in force when the form was opened; if it has changed, `StaleRecord`."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    person = _writable_case(by_user, person)
    person = _lock_person(person)
    history = selectors.case_levels(person)
    current = selectors.current_level(history, today)
    if (current.pk if current else None) != based_on:
        raise StaleRecord()
    if any(lv.status == StepDownStatus.AWAITING_APPROVAL for lv in history):
        raise ValidationError(
            "A change to this case's contact level is already awaiting approval. "
            "The SPO must decide it before another change is asked for."
        )
    proposed = rules.Level(frequency, method)
    required = rules.required_contact_level(person.tier, person.rosh, selectors.levels_config())
    current_level = rules.Level(current.frequency, current.method) if current else required.level
    if current is not None and proposed == current_level:
        raise ValidationError({"frequency": "That is the level in force already. Choose a different one"})
    decision, inputs = _decide(person, proposed, current_level, today)
    if decision.outcome == "refused":
        raise StepDownRefused(decision.reasons)
    if decision.is_step_down and not rationale.strip():
        raise ValidationError({"rationale": "Give the reasons for reducing contact"})

    awaiting = decision.outcome == "needs_approval"
    rule_outcome = (
        StepDownRule.NOT_STEP_DOWN
        if not decision.is_step_down
        else StepDownRule.NEEDS_APPROVAL
        if awaiting
        else StepDownRule.ALLOWED
    )
    level = ContactLevel.objects.create(
        external_id=_new_id("contact-level"),
        person=person,
        frequency=frequency,
        method=method,
        effective_from=today,
        is_step_down=decision.is_step_down,
        status=StepDownStatus.AWAITING_APPROVAL if awaiting else StepDownStatus.APPROVED,
        rationale=rationale.strip(),
        requested_by=by_user,
        requested_at=now,
        decided_on=None if awaiting else today,
        rule_outcome=rule_outcome,
        rule_reasons=list(decision.reasons),
        rule_inputs=inputs,
    )
    if not awaiting and current is not None:
        ContactLevel.objects.filter(pk=current.pk).update(effective_to=today)
    verb = "Asked for SPO approval of" if awaiting else "Set"
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=level,
        person=person,
        summary=f"{verb} contact level: {rules.Level(frequency, method).describe().lower()}"
        + (" (step-down)" if decision.is_step_down else ""),
        detail={"rule": rule_outcome, "reasons": list(decision.reasons), "inputs": inputs},
    )
    return level


@transaction.atomic
def contact_level_decide(
    *,
    by_user,
    level_id: int,
    approve: bool,
    notes: str = "",
    now: datetime | None = None,
) -> ContactLevel:
    """The SPO approves or refuses a step-down awaiting approval. The requester may not decide their
    own request. The rule runs again on today's risk: a step-down it would now refuse cannot be
    approved."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    level = ContactLevel.objects.select_related("person").get(pk=level_id)
    person, access = case_access(by_user, level.person.crn)
    if person is None or not access.allowed:
        raise NotPermitted("You may not open this case")
    if level.requested_by_id == by_user.pk:
        raise NotPermitted("You cannot decide your own request: another SPO must")
    if not selectors.can_decide_step_down(by_user, level):
        raise NotPermitted("Only the SPO for the case's team may decide this request")
    if not approve and not notes.strip():
        raise ValidationError({"notes": "Give the reasons for refusing the step-down"})
    person = _lock_person(person)
    if approve:
        history = selectors.case_levels(person)
        current = selectors.current_level(history, today)
        required = rules.required_contact_level(person.tier, person.rosh, selectors.levels_config())
        current_level = rules.Level(current.frequency, current.method) if current else required.level
        decision, inputs = _decide(person, rules.Level(level.frequency, level.method), current_level, today)
        if decision.outcome == "refused":
            raise StepDownRefused(decision.reasons)
    changes = {
        "status": StepDownStatus.APPROVED if approve else StepDownStatus.REFUSED,
        "approved_by": by_user,
        "decided_on": today,
        "decision_notes": notes.strip(),
    }
    if approve:
        changes["effective_from"] = today
    pending = ContactLevel.objects.filter(pk=level.pk, status=StepDownStatus.AWAITING_APPROVAL)
    updated = pending.update(**changes)
    if not updated:
        raise StaleRecord()
    if approve and current is not None:
        ContactLevel.objects.filter(pk=current.pk).update(effective_to=today)
    level.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=level,
        person=person,
        summary=f"{'Approved' if approve else 'Refused'} step-down to {level}",
        detail={"decision": level.status, **({"inputs_at_decision": inputs} if approve else {})},
    )
    return level
