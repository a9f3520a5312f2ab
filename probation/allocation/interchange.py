"""Allocation decisions and risk escalations in the interchange format.

`allocation`: the court team's decision on which provider supervises a sentence or release, with the
rule's recommendation and reasons, any override and its rationale, the deadlines, the handover
package and the receiving provider's acknowledgement.
`escalation_referral`: a private provider's case referred back to the public provider when its risk
of serious harm rose to high or very high, and what the public provider did with it."""

from __future__ import annotations

from typing import Any

from probation.interchange.fields import Boolean, Choice, Date, Field, Ref, String, describe
from probation.interchange.registry import Lookup, Problems, RecordType, Unique, register

from .constants import AllocationStatus, EscalationStatus


class TextList(Field):
    """A list of short texts, e.g. the reasons for a recommendation."""

    kind = "text list"
    json_type = "array"

    def convert(self, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise ValueError(f"must be a list, not {describe(value)}")
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise ValueError(f"every item must be text, not {describe(item)}")
        return list(value)

    def schema(self) -> dict:
        return {"type": "array", "items": {"type": "string", "minLength": 1}}

    def describe_kind(self) -> str:
        return "list of texts"


class JsonObject(Field):
    """A small object of plain values, e.g. the inputs a rule was given."""

    kind = "object"
    json_type = "object"

    def convert(self, value: Any) -> dict:
        if not isinstance(value, dict):
            raise ValueError(f"must be an object, not {describe(value)}")
        return dict(value)

    def schema(self) -> dict:
        return {"type": "object"}

    def describe_kind(self) -> str:
        return "object"


DECIDED_FIELDS = ("provider", "decided_by", "decided_on", "recommended_provider_type")
ACKNOWLEDGED_FIELDS = ("acknowledged_by", "acknowledged_on", "allocated_to")


def _allocation_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    status = record.get("status") or AllocationStatus.AWAITING_DECISION
    decided = status != AllocationStatus.AWAITING_DECISION
    acknowledged = status == AllocationStatus.ACKNOWLEDGED
    for name in DECIDED_FIELDS:
        if decided and not record.get(name):
            problems.append((name, "A decided allocation needs this"))
        if not decided and record.get(name):
            problems.append((name, "An allocation awaiting a decision has no decision yet"))
    for name in ACKNOWLEDGED_FIELDS:
        if acknowledged and not record.get(name):
            problems.append((name, "An acknowledged allocation needs this"))
        if not acknowledged and record.get(name):
            problems.append((name, "Only an acknowledged allocation has this"))
    if record.get("overridden") and not (record.get("override_rationale") or "").strip():
        problems.append(("override_rationale", "An override needs its rationale"))
    if record.get("override_rationale") and not record.get("overridden"):
        problems.append(("override_rationale", "Only an override has a rationale"))
    received = record["received_on"]
    for name in ("decided_on", "allocation_due", "first_appointment_due"):
        if record.get(name) and record[name] < received:
            problems.append((name, "Cannot be before the case was received"))
    if (
        record.get("acknowledged_on")
        and record.get("decided_on")
        and record["acknowledged_on"] < record["decided_on"]
    ):
        problems.append(("acknowledged_on", "A handover cannot be acknowledged before it was decided"))
    disposal = lookup.get("disposal", record.get("disposal"))
    event = lookup.get("event", disposal["event"]) if disposal else None
    if event and event["person"] != record["person"]:
        problems.append(("disposal", "The sentence belongs to someone else"))
    court = lookup.get("provider", record.get("court_provider")) if record.get("court_provider") else None
    if court and court.get("sector") != "public":
        problems.append(("court_provider", "Allocations are decided by the public provider's court team"))
    return problems


def _escalation_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    status = record.get("status") or EscalationStatus.REFERRED
    if record["from_provider"] == record["to_provider"]:
        problems.append(("to_provider", "A case is referred to another provider"))
    if status in (
        EscalationStatus.ACCEPTED,
        EscalationStatus.REALLOCATED,
        EscalationStatus.DECLINED,
    ) and not (record.get("accepted_on") and record.get("accepted_by")):
        problems.append(("accepted_on", "Say who accepted or declined the referral, and when"))
    if status == EscalationStatus.REALLOCATED and not (
        record.get("reallocated_on") and record.get("reallocated_to")
    ):
        problems.append(("reallocated_on", "Say who the case was reallocated to, and when"))
    if status == EscalationStatus.DECLINED and not (record.get("declined_reason") or "").strip():
        problems.append(("declined_reason", "A declined referral needs its reason"))
    for name in ("accepted_on", "reallocated_on"):
        if record.get(name) and record[name] < record["referred_on"]:
            problems.append((name, "Cannot be before the referral"))
    return problems


register(
    RecordType(
        name="allocation",
        model="allocation.Allocation",
        doc="The court team's decision on which provider supervises a new sentence or release: the rule's "
        "recommendation (`public` or `private`) with every reason, whether the team overrode it and "
        "why, the deadlines (allocation within 3 working days, first appointment within 5; 1 and 2 "
        "for tier A), the handover package, and the receiving manager's acknowledgement with the "
        "officer they named. Status `awaiting_decision`, `awaiting_acknowledgement` or `acknowledged`.",
        order=60,
        after=("ro_assignment",),
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Ref("disposal", "disposal", required=True, doc="The sentence (or release) being allocated."),
            Date("received_on", required=True, doc="Sentence date, or release date for licence and PSS."),
            Ref("court_provider", "provider", doc="The public provider whose court team decides."),
            Choice("status", doc="Where the allocation is. Default `awaiting_decision`."),
            Boolean("facing_deportation", doc="A foreign national facing deportation. Default false."),
            Choice(
                "recommended_provider_type",
                choices=("", "public", "private"),
                doc="What the rule recommended; empty until decided.",
            ),
            TextList("reasons", doc="Why, one reason per item."),
            JsonObject(
                "decision_inputs", doc="The values the rule was given (RoSH, MAPPA level, offences…)."
            ),
            Ref("provider", "provider", doc="The receiving provider."),
            Boolean("overridden", doc="The team chose the other type of provider. Default false."),
            String(
                "override_rationale", doc="Why the recommendation was overridden; needed with `overridden`."
            ),
            Ref("decided_by", "staff", doc="Who decided."),
            Date("decided_on", doc="When."),
            Date("allocation_due", doc="Last day to name a responsible officer."),
            Date("first_appointment_due", doc="Last day for the first appointment with the officer."),
            String("risk_summary", doc="Handover: risk of serious harm, from the latest assessment."),
            String("offence_summary", doc="Handover: the offences."),
            String("requirements_summary", doc="Handover: the sentence and its requirements."),
            String("safeguarding", doc="Handover: active safeguarding and child-concern flags."),
            Ref("acknowledged_by", "staff", doc="The receiving manager who acknowledged the handover."),
            Date("acknowledged_on", doc="When."),
            Ref("allocated_to", "staff", doc="The responsible officer the receiving manager named."),
        ],
        validate=_allocation_problems,
    )
)

register(
    RecordType(
        name="escalation_referral",
        model="allocation.EscalationReferral",
        doc="A case a private provider referred back to the public provider because its risk of serious "
        "harm rose to high or very high. Status `referred` (awaiting acceptance), `accepted` (awaiting an "
        "officer; the private provider keeps the case meanwhile), `reallocated` or `declined`. A person "
        "has at most one open (referred or accepted) referral.",
        order=61,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Ref(
                "from_provider", "provider", required=True, doc="The private provider that referred the case."
            ),
            Ref("to_provider", "provider", required=True, doc="The public provider it was referred to."),
            Date("referred_on", required=True, doc="When it was referred."),
            String("reason", required=True, doc="Why."),
            Ref("referred_by", "staff", doc="Who referred it."),
            Choice("status", doc="Where the referral is. Default `referred`."),
            Ref("accepted_by", "staff", doc="Who accepted (or declined) it."),
            Date("accepted_on", doc="When."),
            String("declined_reason", doc="Why it was declined."),
            Ref("reallocated_to", "staff", doc="The public provider's officer now responsible."),
            Date("reallocated_on", doc="When."),
        ],
        unique=[
            Unique(
                ("person",),
                "the person already has an open referral",
                blame="status",
                when=lambda r: (
                    (r.get("status") or EscalationStatus.REFERRED)
                    in (EscalationStatus.REFERRED, EscalationStatus.ACCEPTED)
                ),
            )
        ],
        validate=_escalation_problems,
    )
)
