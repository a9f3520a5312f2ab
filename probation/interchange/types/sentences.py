"""Convictions (events), their offences, the sentences passed (disposals) and their requirements.
The legal limits come from `probation.sentences.rules`, the same rules the forms use."""

from probation.sentences.rules import disposal_problems, expected_end_date, requirement_problems

from ..fields import Boolean, Choice, Date, Integer, Ref, String
from ..registry import Lookup, Problems, RecordType, Unique, register


def _renamed(problems: Problems, type_field: str) -> Problems:
    """The rules call the sentence or requirement type `type`; records call it `type_field`."""
    return [(type_field if name == "type" else name, reason) for name, reason in problems]


def _offence_problems(record: dict, lookup: Lookup) -> Problems:
    event = lookup.get("event", record["event"])
    if event and record.get("offence_date") and record["offence_date"] > event["conviction_date"]:
        return [("offence_date", "An offence cannot be committed after the conviction for it")]
    return []


def _fill_expected_end(record: dict) -> None:
    if record.get("expected_end_date") is None:
        record["expected_end_date"] = expected_end_date(
            record["sentence_type"],
            record["start_date"],
            record.get("length_months"),
            record.get("release_date"),
            record.get("licence_end_date"),
        )


def _disposal_problems(record: dict, lookup: Lookup) -> Problems:
    problems = _renamed(
        disposal_problems(
            disposal_type=record["sentence_type"],
            sentence_date=record["sentence_date"],
            start_date=record["start_date"],
            length_months=record.get("length_months"),
            custodial_days=record.get("custodial_days"),
            release_date=record.get("release_date"),
            licence_end_date=record.get("licence_end_date"),
        ),
        "sentence_type",
    )
    event = lookup.get("event", record["event"])
    if event and record["sentence_date"] < event["conviction_date"]:
        problems.append(("sentence_date", "A sentence cannot be passed before the conviction"))
    problems += _termination_problems(record)
    return problems


def _termination_problems(record: dict) -> Problems:
    problems: Problems = []
    ended, reason = record.get("terminated_on"), record.get("termination_reason")
    if ended is not None and ended < record["start_date"]:
        problems.append(("terminated_on", "It cannot end before it starts"))
    if reason and ended is None:
        problems.append(("terminated_on", "Give the date it ended, since a termination reason is given"))
    if ended is not None and not reason:
        problems.append(("termination_reason", "Give the reason it ended"))
    return problems


def _requirement_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    if record.get("end_date") and record["end_date"] < record["start_date"]:
        problems.append(("end_date", "The end date must be on or after the start date"))
    if record.get("terminated_on") and record["terminated_on"] < record["start_date"]:
        problems.append(("terminated_on", "A requirement cannot end before it starts"))
    disposal = lookup.get("disposal", record["disposal"])
    event = lookup.get("event", disposal["event"]) if disposal else None
    person = lookup.get("person", event["person"]) if event else None
    if disposal and person:
        problems += _renamed(
            requirement_problems(
                requirement_type=record["requirement_type"],
                disposal_type=disposal["sentence_type"],
                start_date=record["start_date"],
                disposal_start=disposal["start_date"],
                disposal_end=disposal["expected_end_date"],
                length=record.get("length"),
                date_of_birth=person["date_of_birth"],
                sentence_date=disposal["sentence_date"],
                consent_given=record.get("consent_given", False),
            ),
            "requirement_type",
        )
    return problems


register(
    RecordType(
        name="event",
        model="sentences.Event",
        doc="A conviction: the court, the date and (in `offence` records) what for.",
        order=50,
        fields=[
            Ref("person", "person", required=True, doc="The person convicted."),
            Integer(
                "number", required=True, minimum=1, doc="1 for the person's first event, 2 for the next…"
            ),
            Date("conviction_date", required=True, doc="Date of conviction."),
            String("court", required=True, doc="The convicting court."),
        ],
        unique=[Unique(("person", "number"), "the person already has an event with this number")],
    )
)

register(
    RecordType(
        name="offence",
        model="sentences.Offence",
        doc="An offence of an event; one is the main offence.",
        order=51,
        fields=[
            Ref("event", "event", required=True, doc="The event (conviction)."),
            String("description", required=True, doc="The offence as charged.", example="Assault by beating"),
            Choice("category", required=True, doc="OGRS3 offence category."),
            Date("offence_date", doc="When it was committed; not after the conviction."),
            Boolean("is_main", doc="True for the event's main offence. Default false."),
        ],
        validate=_offence_problems,
    )
)

register(
    RecordType(
        name="disposal",
        model="sentences.Disposal",
        doc="The sentence passed for an event, checked against the legal limits: a community order lasts "
        "at most 3 years; a suspended sentence suspends 14 days to 2 years of custody for 6 months to "
        "2 years; licence and post-sentence supervision need a release date.",
        order=52,
        fields=[
            Ref("event", "event", required=True, doc="The event sentenced."),
            Choice("sentence_type", attr="type", required=True, doc="Sentence type."),
            Date("sentence_date", required=True, doc="Date of sentence; not before the conviction."),
            Date("start_date", required=True, doc="Start of supervision (release, for licence and PSS)."),
            Integer(
                "length_months",
                doc="Length of a community order, or a suspended sentence's operational period, in months.",
            ),
            Integer("custodial_days", doc="Custodial term in days (suspended sentence, licence, PSS)."),
            Date("release_date", doc="Release from custody (licence, PSS)."),
            Date("licence_end_date", doc="End of the licence."),
            Date(
                "expected_end_date",
                doc="When supervision is expected to end; worked out from the other fields when absent.",
            ),
            Date("terminated_on", doc="When the sentence ended, if it has."),
            Choice("termination_reason", doc="Why it ended; required with `terminated_on`."),
        ],
        prepare=_fill_expected_end,
        validate=_disposal_problems,
    )
)

register(
    RecordType(
        name="requirement",
        model="sentences.Requirement",
        doc="A requirement of a community or suspended sentence order, checked against the legal limits "
        "(e.g. unpaid work 40–300 hours; drug, alcohol and mental health treatment need consent).",
        order=53,
        fields=[
            Ref("disposal", "disposal", required=True, doc="The order."),
            Choice("requirement_type", attr="type", required=True, doc="Requirement type."),
            Integer(
                "length",
                doc="Hours (unpaid work, attendance centre), days (RAR, alcohol abstinence), "
                "hours a day (curfew) or months (exclusion).",
            ),
            Date("start_date", required=True, doc="Start; within the order."),
            Date("end_date", doc="End, when set."),
            Boolean("consent_given", doc="The person consented (needed for treatment requirements)."),
            Date("terminated_on", doc="When it ended early."),
            String("notes", doc="Free text."),
        ],
        validate=_requirement_problems,
    )
)
