"""Enforcement in the interchange format.

`enforcement_action`: one failure to comply (a contact whose outcome is a failure) under an order or a
licence, the step the rules recommended, what the officer decided and why, and what followed (the
warning letter, breach and the court's decision).
`recall_recommendation`: a recommendation to recall someone on licence, with the SPO's and then the
head of service's countersignature (neither the recommending officer) and the outcome."""

from __future__ import annotations

from probation.interchange.fields import Choice, Date, Integer, Ref, String
from probation.interchange.registry import Lookup, Problems, RecordType, Unique, register

from . import rules
from .constants import EnforcementKind, EnforcementStatus, RecallStatus, RecallType

_STATUS_KINDS = {
    EnforcementStatus.DECISION_DUE: {""},
    EnforcementStatus.LETTER_DUE: EnforcementKind.warnings(),
    EnforcementStatus.BREACH_DUE: {EnforcementKind.BREACH},
    EnforcementStatus.WITH_COURT: {EnforcementKind.BREACH},
    EnforcementStatus.RECALL_RECOMMENDED: {EnforcementKind.RECALL},
    EnforcementStatus.COMPLETE: set(EnforcementKind.values),
}


def _person_of_disposal(lookup: Lookup, disposal_id: str | None) -> str | None:
    disposal = lookup.get("disposal", disposal_id) if disposal_id else None
    event = lookup.get("event", disposal["event"]) if disposal else None
    return event["person"] if event else None


def _action_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    kind, status = record.get("kind") or "", record.get("status") or EnforcementStatus.DECISION_DUE
    owner = _person_of_disposal(lookup, record["disposal"])
    if owner is not None and owner != record["person"]:
        problems.append(("disposal", "The sentence belongs to someone else"))
    contact = lookup.get("contact", record.get("contact")) if record.get("contact") else None
    if contact and contact["person"] != record["person"]:
        problems.append(("contact", "The contact is about someone else"))
    if record["judged_on"] < record["failure_on"]:
        problems.append(("judged_on", "A failure cannot be judged before it happened"))
    if kind:
        problems += rules.decision_problems(
            route=record["route"],
            recommended=record["recommended_kind"],
            chosen=kind,
            rationale=record.get("rationale") or "",
        )
        if not record.get("decision_by") or not record.get("decided_on"):
            problems.append(("decided_on", "A decision needs who made it and when"))
    if status in _STATUS_KINDS and kind not in _STATUS_KINDS[status]:
        problems.append(
            ("status", f"A {status.replace('_', ' ')} record cannot have the step {kind or 'undecided'!r}")
        )
    if status == EnforcementStatus.WITHDRAWN and not (record.get("withdrawn_reason") or "").strip():
        problems.append(("withdrawn_reason", "Say why the decision was withdrawn"))
    if (
        status == EnforcementStatus.COMPLETE
        and kind in EnforcementKind.warnings()
        and not record.get("letter_issued_on")
    ):
        problems.append(("letter_issued_on", "A completed warning has the date its letter was sent"))
    if status == EnforcementStatus.WITH_COURT and not record.get("breach_initiated_on"):
        problems.append(("breach_initiated_on", "A breach with the court has the date it was initiated"))
    if record.get("court_outcome") and kind != EnforcementKind.BREACH:
        problems.append(("court_outcome", "Only a breach has a court outcome"))
    if record.get("court_outcome") and not record.get("court_outcome_on"):
        problems.append(("court_outcome_on", "Give the date of the court's decision"))
    for name in ("decided_on", "letter_issued_on", "breach_initiated_on", "court_outcome_on"):
        if record.get(name) and record[name] < record["failure_on"]:
            problems.append((name, "must be on or after the failure"))
    return problems


register(
    RecordType(
        name="enforcement_action",
        model="enforcement.EnforcementAction",
        doc="A failure to comply and what was done about it. Under an order: a warning, unless a warning "
        "given under the same order in the twelve months beginning with the day it was given covers the "
        "failure, in which case breach (return to court); breach on a first failure needs a rationale. "
        "Under a licence: first, second and final warnings, then recall; an earlier recall needs a "
        "rationale. `due_by` is the deadline in working days from the day the failure was judged.",
        order=90,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Ref("disposal", "disposal", required=True, doc="The order or licence the failure was under."),
            Ref("contact", "contact", doc="The contact whose outcome was the failure."),
            Choice(
                "route",
                required=True,
                doc="`order` (warning, then breach) or `licence` (warnings, then recall).",
            ),
            Date("failure_on", required=True, doc="The day of the failure."),
            Date(
                "judged_on", required=True, doc="The day it was judged unacceptable; deadlines count from it."
            ),
            String("failure_description", doc="The failure, as written to the person in the letter."),
            Choice("recommended_kind", required=True, doc="The step the rules recommended."),
            String("recommendation_reason", doc="Why the rules recommended it."),
            Ref(
                "prior_warning",
                "enforcement_action",
                deferred=True,
                doc="For a breach: the warning whose twelve months cover the failure.",
            ),
            Choice("kind", doc="The step decided; absent while the decision is due."),
            Choice("status", doc="Where it has got to. Default `decision_due`."),
            Ref("decision_by", "staff", doc="Who decided."),
            Date("decided_on", doc="When."),
            String("rationale", doc="Why; needed when the step is more severe than the one recommended."),
            Date(
                "due_by",
                required=True,
                doc="The decision and its letter or breach action are due by this day.",
            ),
            Date("letter_issued_on", doc="The day the warning letter was sent: the warning runs from it."),
            Date("breach_initiated_on", doc="The day breach action was initiated."),
            Choice("court_outcome", doc="What the court decided on a breach."),
            Date("court_outcome_on", doc="When the court decided."),
            String("court_outcome_notes", doc="Notes on the court's decision."),
            String("withdrawn_reason", doc="Why a decision was withdrawn (the outcome was changed)."),
        ],
        unique=[
            Unique(
                ("contact",),
                "another enforcement action is about this contact",
                when=lambda r: bool(r.get("contact")),
            )
        ],
        validate=_action_problems,
    )
)


def _recall_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    owner = _person_of_disposal(lookup, record["disposal"])
    if owner is not None and owner != record["person"]:
        problems.append(("disposal", "The licence belongs to someone else"))
    disposal = lookup.get("disposal", record["disposal"])
    if disposal and disposal["sentence_type"] not in {"licence", "pss"}:
        problems.append(("disposal", "Only a licence can be recalled"))
    if record["recall_type"] == RecallType.FIXED_TERM and not record.get("fixed_term_days"):
        problems.append(("fixed_term_days", "A fixed-term recall needs its length in days"))
    if not (record.get("rationale") or "").strip():
        problems.append(("rationale", "A recall needs its reasons"))
    recommender, spo, head = record["recommended_by"], record.get("spo_by"), record.get("head_by")
    if spo and spo == recommender:
        problems.append(("spo_by", "The recommending officer cannot countersign"))
    if head and not spo:
        problems.append(("head_by", "The SPO countersigns before the head of service"))
    if head and head in {recommender, spo}:
        problems.append(
            ("head_by", "The head of service must be someone other than the recommender and the SPO")
        )
    status = record.get("status") or RecallStatus.AWAITING_SPO
    expected = {
        RecallStatus.AWAITING_SPO: not spo and not head,
        RecallStatus.AWAITING_HEAD: bool(spo) and not head,
        RecallStatus.AWAITING_OUTCOME: bool(spo and head),
        RecallStatus.NOT_SUPPORTED: bool(record.get("not_supported_by")),
        RecallStatus.CLOSED: bool(record.get("outcome")),
    }
    if not expected.get(status, True):
        problems.append(("status", f"The countersignatures and outcome do not fit the status {status!r}"))
    if record.get("outcome") and status != RecallStatus.CLOSED:
        problems.append(("outcome", "Only a closed recall has an outcome"))
    return problems


register(
    RecordType(
        name="recall_recommendation",
        model="enforcement.RecallRecommendation",
        doc="A recommendation to recall someone on licence: standard, or fixed-term (14 days for a sentence "
        "under 12 months, 28 otherwise). An SPO countersigns, then a head of service; neither may be the "
        "officer who recommended it, and the head is not the SPO.",
        order=91,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Ref("disposal", "disposal", required=True, doc="The licence."),
            Ref(
                "enforcement_action", "enforcement_action", doc="The failure decision that led to it, if any."
            ),
            Choice("recall_type", required=True, doc="`standard` or `fixed_term`."),
            Integer("fixed_term_days", doc="For a fixed-term recall: 14 or 28."),
            String("rationale", required=True, doc="The reasons for recall."),
            Ref("recommended_by", "staff", required=True, doc="The recommending officer."),
            Date("recommended_on", required=True, doc="When."),
            Choice("status", doc="Where it has got to. Default `awaiting_spo`."),
            Ref("spo_by", "staff", doc="The SPO who countersigned."),
            Date("spo_on", doc="When."),
            String("spo_notes", doc="The SPO's comments."),
            Ref("head_by", "staff", doc="The head of service who countersigned."),
            Date("head_on", doc="When."),
            String("head_notes", doc="The head of service's comments."),
            Ref("not_supported_by", "staff", doc="Who declined to countersign."),
            String("not_supported_reason", doc="Why."),
            Choice("outcome", doc="What happened, once known."),
            Date("outcome_on", doc="When."),
            String("outcome_notes", doc="Notes on the outcome."),
        ],
        unique=[
            Unique(
                ("enforcement_action",),
                "another recall comes from this enforcement decision",
                when=lambda r: bool(r.get("enforcement_action")),
            )
        ],
        validate=_recall_problems,
    )
)
