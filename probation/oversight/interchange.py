"""Oversight and Serious Further Offences in the interchange format.

`oversight_record`: a manager's recorded oversight of a case. `sfo`: a Serious Further Offence, from
the charge through notification and review to the inspectorate's rating of the review; the providers
that can see it are not in the record but follow from the case (the managing provider and every
provider involved since the charge, or since supervision ended), as when one is opened in the
service. `sfo_chronology_entry` and `sfo_learning_action`: the review's chronology and the learning
actions it set."""

from __future__ import annotations

from typing import Any

from probation.interchange.fields import Choice, Date, Ref, String
from probation.interchange.registry import Lookup, Problems, RecordType, Unique, register

from .constants import SfoStatus


def _oversight_problems(record: dict, lookup: Lookup) -> Problems:
    staff = lookup.get("staff", record["recorded_by"])
    if staff is not None and "manager" not in (staff.get("roles") or []) and staff.get("grade") != "HEAD":
        return [("recorded_by", "Oversight is recorded by a manager or head of service")]
    return []


register(
    RecordType(
        name="oversight_record",
        model="oversight.OversightRecord",
        doc="A manager's recorded oversight of a case: what prompted it, the decision, the rationale and "
        "the actions set for the officer. High and very high RoSH and MAPPA level 2 and 3 cases need "
        "one at least every configured number of weeks and after every significant event.",
        order=120,
        fields=[
            Ref("person", "person", required=True, doc="The person whose case was overseen."),
            Ref("recorded_by", "staff", required=True, doc="The manager who recorded it."),
            Date("recorded_on", required=True, doc="When the oversight took place."),
            Choice("trigger", required=True, doc="What prompted it."),
            String("decision", required=True, doc="The decision."),
            String("rationale", required=True, doc="Why, with the evidence relied on."),
            String("actions_set", doc="Actions set for the officer."),
        ],
        validate=_oversight_problems,
    )
)


class OffenceCode(String):
    """The code of an offence on the qualifying list (reference data, e.g. `MURDER`, `RAPE`)."""

    kind = "qualifying offence"

    def _max_length(self) -> int | None:
        return 40

    def describe_kind(self) -> str:
        return "code of an offence on the qualifying list, e.g. `MURDER`, `RAPE`, `MANSLAUGHTER`"


_STAGES = {
    SfoStatus.AWAITING_NOTIFICATION: 0,
    SfoStatus.NOTIFIED: 1,
    SfoStatus.REVIEW_COMPLETE: 2,
    SfoStatus.RATED: 3,
}


def _later(record: dict, later: str, earlier: str, reason: str) -> Problems:
    a, b = record.get(later), record.get(earlier)
    return [(later, reason)] if a is not None and b is not None and a < b else []


def _sfo_problems(record: dict, _lookup: Lookup) -> Problems:
    from .models import QualifyingOffence

    problems: Problems = []
    if not QualifyingOffence.objects.filter(code=record["offence"]).exists():
        problems.append(("offence", f"{record['offence']!r} is not on the list of qualifying offences"))
    stage = _STAGES[record.get("status") or SfoStatus.AWAITING_NOTIFICATION]
    needed: list[tuple[int, str, str]] = [
        (1, "notified_on", "A notified SFO has the date it was notified"),
        (1, "review_due", "A notified SFO has the date its review is due"),
        (2, "review_completed_on", "A completed review has the date it was completed"),
        (2, "review_type", "A completed review has its type"),
        (2, "reviewer", "A completed review has its reviewer"),
        (2, "review_summary", "A completed review has its summary"),
        (3, "quality_rating", "A rated review has its rating"),
        (3, "rated_by", "A rated review has who rated it"),
    ]
    for at, name, reason in needed:
        if stage >= at and not record.get(name):
            problems.append((name, reason))
    for at, name, reason in [
        (1, "notified_on", "An SFO awaiting notification has no notification date"),
        (2, "review_completed_on", "A review still under way has no completion date"),
        (3, "quality_rating", "A review not yet rated has no rating"),
    ]:
        if stage < at and record.get(name):
            problems.append((name, reason))
    problems += _later(
        record, "notification_due", "charged_on", "Notification cannot be due before the charge"
    )
    problems += _later(record, "notified_on", "charged_on", "An SFO cannot be notified before the charge")
    problems += _later(record, "review_due", "notified_on", "A review cannot be due before notification")
    problems += _later(
        record, "review_completed_on", "notified_on", "A review cannot be completed before notification"
    )
    if record.get("supervision_ended_on") and record["supervision_ended_on"] > record["charged_on"]:
        problems.append(("supervision_ended_on", "Set only when supervision had ended before the charge"))
    if record.get("rated_by") and record.get("rated_by") == record.get("reviewer"):
        problems.append(("rated_by", "Nobody may rate a review they wrote"))
    return problems


def _set_providers(writer: Any) -> None:
    """Every SFO in the file is visible to the providers involved in its case, as in the service."""
    from probation.people.models import Person

    from .models import SeriousFurtherOffence
    from .sfo import involved_provider_ids

    records = writer.file_values("sfo")
    if not records:
        return
    pks = {writer.pk("sfo", ext): values for ext, values in records.items()}
    people = Person.objects.in_bulk({writer.pk("person", v["person"]) for v in pks.values()})
    for sfo in SeriousFurtherOffence.objects.filter(pk__in=pks):
        values = pks[sfo.pk]
        person = people[sfo.person_id]
        sfo.providers.set(
            involved_provider_ids(person, values.get("supervision_ended_on") or values["charged_on"])
        )


register(
    RecordType(
        name="sfo",
        model="oversight.SeriousFurtherOffence",
        doc="A Serious Further Offence: a charge for a qualifying offence while the person was under "
        "supervision or within 28 days of its end. Notification is due 10 working days after the "
        "charge and the review 60 working days after notification (configurable); the inspectorate "
        "rates the quality of a sample of reviews. Every provider involved in the case can see it.",
        order=121,
        after=("ro_assignment", "case_involvement"),
        fields=[
            Ref("person", "person", required=True, doc="The person charged."),
            OffenceCode("offence", attr="offence_id", required=True, doc="The qualifying offence charged."),
            String("offence_details", doc="Details of the offence."),
            Date("charged_on", required=True, doc="The date of charge."),
            Date("supervision_ended_on", doc="When supervision ended, if it had by the charge."),
            Choice("status", doc="Where it has got to. Default `awaiting_notification`."),
            Date("notification_due", required=True, doc="When notification is due."),
            Date("notified_on", doc="When it was notified."),
            Ref("notified_by", "staff", doc="Who notified it."),
            Choice("review_type", doc="Standard or comprehensive review."),
            Ref("reviewer", "staff", doc="Who reviews it."),
            Date("review_due", doc="When the review is due."),
            Date("review_completed_on", doc="When the review was completed."),
            String("review_summary", doc="What the review found."),
            Choice("quality_rating", doc="The inspectorate's rating of the review."),
            Ref("rated_by", "staff", doc="The inspector who rated it."),
        ],
        unique=[Unique(("person", "offence", "charged_on"), "this charge is already an SFO")],
        validate=_sfo_problems,
        after_write=_set_providers,
    )
)


register(
    RecordType(
        name="sfo_chronology_entry",
        model="oversight.SfoChronologyEntry",
        doc="An entry in the chronology of a Serious Further Offence review.",
        order=122,
        fields=[
            Ref("sfo", "sfo", required=True, doc="The SFO."),
            Date("occurred_on", required=True, doc="When it happened."),
            String("entry", required=True, doc="What happened."),
        ],
    )
)


def _learning_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    if not record.get("completed_on"):
        for name in ("completed_note", "completed_by"):
            if record.get(name):
                problems.append((name, "Only a completed action has this"))
    sfo = lookup.get("sfo", record["sfo"])
    if sfo is not None and record.get("completed_on") and record["completed_on"] < sfo["charged_on"]:
        problems.append(("completed_on", "An action cannot be completed before the charge"))
    return problems


register(
    RecordType(
        name="sfo_learning_action",
        model="oversight.SfoLearningAction",
        doc="A learning action set by a Serious Further Offence review: what, who owns it, by when, and "
        "when it was done.",
        order=123,
        fields=[
            Ref("sfo", "sfo", required=True, doc="The SFO."),
            String("action", required=True, doc="The learning action."),
            String("owner", required=True, doc="Who owns it (a role or a name)."),
            Date("due_on", required=True, doc="When it is due."),
            Date("completed_on", doc="When it was done."),
            String("completed_note", doc="What was done."),
            Ref("completed_by", "staff", doc="Who marked it done."),
        ],
        validate=_learning_problems,
    )
)
