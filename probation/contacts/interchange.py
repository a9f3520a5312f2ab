"""Contacts and contact levels in the interchange format.

`contact`: every activity on a case (appointment, call, partner contact, note) with its outcome.
`contact_level`: the history of how often, and how, a case must be seen, with step-downs, their
rationale and the SPO's decision."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from probation.interchange.fields import Boolean, Choice, Date, Field, Ref, String, describe
from probation.interchange.registry import Lookup, Problems, RecordType, Unique, register

from .constants import ContactType, Outcome, StepDownStatus


class DateTime(Field):
    """A moment, written ISO 8601 with its offset (a time without one is taken as UK local time)."""

    kind = "date-time"

    def convert(self, value: Any) -> datetime:
        if not isinstance(value, str):
            raise ValueError(f"must be a date and time written YYYY-MM-DDTHH:MM, not {describe(value)}")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date and time written YYYY-MM-DDTHH:MM") from None
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

    def to_json(self, value: Any) -> Any:
        return timezone.localtime(value).isoformat() if value is not None else None

    def schema(self) -> dict:
        return {"type": "string", "format": "date-time"}

    def describe_kind(self) -> str:
        return "date and time, YYYY-MM-DDTHH:MM[:SS][±HH:MM]"


def _contact_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    outcome = record.get("outcome") or ""
    if record.get("ends_at") and record["ends_at"] < record["starts_at"]:
        problems.append(("ends_at", "A contact cannot end before it starts"))
    if outcome and record["contact_type"] not in ContactType.appointments():
        problems.append(("outcome", f"A {record['contact_type'].replace('_', ' ')} takes no outcome"))
    if outcome and record["starts_at"] > timezone.now():
        problems.append(("outcome", "An appointment still to come cannot have an outcome"))
    if outcome == Outcome.ACCEPTABLE_ABSENCE and not record.get("absence_reason"):
        problems.append(("absence_reason", "An acceptable absence needs its reason"))
    if record.get("absence_reason") and outcome != Outcome.ACCEPTABLE_ABSENCE:
        problems.append(("absence_reason", "Only an acceptable absence has a reason"))
    if outcome == Outcome.AWAITING_EVIDENCE and record.get("evidence_due") is None:
        problems.append(("evidence_due", "An absence awaiting evidence needs the date evidence is due"))
    if record.get("evidence_due") and record["evidence_due"] < timezone.localdate(record["starts_at"]):
        problems.append(("evidence_due", "Evidence cannot be due before the absence"))
    if record.get("outcome_recorded_by") and not outcome:
        problems.append(("outcome_recorded_by", "No outcome is recorded"))
    requirement = lookup.get("requirement", record.get("requirement")) if record.get("requirement") else None
    if requirement:
        disposal = lookup.get("disposal", requirement["disposal"])
        event = lookup.get("event", disposal["event"]) if disposal else None
        if event and event["person"] != record["person"]:
            problems.append(("requirement", "The requirement belongs to someone else"))
    return problems


def _level_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    status = record.get("status") or StepDownStatus.APPROVED
    if record.get("effective_to") and record["effective_to"] < record["effective_from"]:
        problems.append(("effective_to", "A contact level cannot end before it starts"))
    if record.get("is_step_down") and not (record.get("rationale") or "").strip():
        problems.append(("rationale", "A step-down needs its rationale"))
    if status != StepDownStatus.APPROVED and not record.get("is_step_down"):
        problems.append(("status", "Only a step-down waits for approval or is refused"))
    if status == StepDownStatus.REFUSED and not record.get("decided_on"):
        problems.append(("decided_on", "A refused step-down needs the date it was refused"))
    if status == StepDownStatus.AWAITING_APPROVAL and (record.get("approved_by") or record.get("decided_on")):
        problems.append(("status", "A step-down awaiting approval has not been decided"))
    if record.get("approved_by") and record.get("approved_by") == record.get("requested_by"):
        problems.append(("approved_by", "Nobody may approve their own step-down"))
    return problems


register(
    RecordType(
        name="contact",
        model="contacts.Contact",
        doc="An activity on a case: an appointment (with its outcome once it has happened), a telephone "
        "call, a partner-agency contact or a case note. Only contacts flagged National Standard count "
        "towards the case's contact level. A failure to attend with no evidence yet is "
        "`awaiting_evidence`, with the date evidence is due (5 working days later).",
        order=70,
        fields=[
            Ref("person", "person", required=True, doc="The person the contact is about."),
            Ref("officer", "staff", doc="The officer who holds the appointment or made the contact."),
            Ref("requirement", "requirement", doc="The person's requirement the contact delivers, if any."),
            Choice("contact_type", attr="type", required=True, doc="What kind of contact."),
            DateTime(
                "starts_at",
                required=True,
                doc="When it starts (or happened).",
                example="2026-03-02T10:30:00+00:00",
            ),
            DateTime("ends_at", doc="When it ends, if known."),
            String("location", doc="Where: the office, the person's home…"),
            Boolean("national_standard", doc="Counts towards the contact level. Default true."),
            Choice("outcome", doc="What happened; absent (or empty) while not recorded."),
            Choice("absence_reason", doc="Why an absence was acceptable; only with `acceptable_absence`."),
            Date("evidence_due", doc="For an absence: the last day the person may give evidence."),
            DateTime("outcome_recorded_at", doc="When the outcome was recorded."),
            Ref("outcome_recorded_by", "staff", doc="Who recorded the outcome."),
            String("notes", doc="What happened. May contain sensitive information (see `sensitive`)."),
            Boolean("sensitive", doc="The notes contain sensitive information. Default false."),
            String("series", doc="Appointments booked together as a repeating series share this key."),
        ],
        validate=_contact_problems,
    )
)

register(
    RecordType(
        name="contact_level",
        model="contacts.ContactLevel",
        doc="How often, and how, a case must be seen, as a history. A step-down (less often, or telephone "
        "instead of face to face) carries its rationale; where risk demands it, an SPO's decision. A "
        "person has at most one step-down awaiting approval.",
        order=71,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Choice("frequency", required=True, doc="How often."),
            Choice("method", doc="Face to face (the default) or telephone."),
            Date("effective_from", required=True, doc="First day in force (or the day asked for)."),
            Date("effective_to", doc="Last day in force, once replaced."),
            Boolean("is_step_down", doc="Less contact than the level before. Default false."),
            Choice("status", doc="`approved` (in force, the default), `awaiting_approval` or `refused`."),
            String("rationale", doc="Why; needed for a step-down."),
            Ref("requested_by", "staff", doc="Who asked for the change."),
            Ref("approved_by", "staff", doc="The SPO who decided a step-down; never the requester."),
            Date("decided_on", doc="When the SPO decided."),
            String("decision_notes", doc="The SPO's notes."),
        ],
        unique=[
            Unique(
                ("person",),
                "the person already has a step-down awaiting approval",
                blame="status",
                when=lambda r: r.get("status") == StepDownStatus.AWAITING_APPROVAL,
            )
        ],
        validate=_level_problems,
    )
)
