"""Sentence plans in the interchange format.

`sentence_plan`: the plan for a sentence or release, when it was due and done, who wrote and who
countersigned it, the person's own words and involvement, and their diversity needs and adjustments.
`plan_objective`: what the plan sets out to achieve, the criminogenic needs it addresses, who owns it
and by when. `plan_objective_requirement`: an objective delivers a requirement of the sentence.
`plan_review`: a review of the plan in force.

Links from objectives to risk management actions, and reviews that follow a significant event, are
not in the format yet: they wait for the risk app's record types for those."""

from __future__ import annotations

from probation.interchange.fields import Boolean, Choice, ChoiceList, Date, Ref, String
from probation.interchange.registry import Lookup, Problems, RecordType, Unique, register
from probation.risk.constants import Need

from . import rules
from .constants import PlanStatus, ReviewReason


def _plan_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    status = record.get("status") or PlanStatus.DRAFT
    if record.get("disposal"):
        disposal = lookup.get("disposal", record["disposal"])
        event = lookup.get("event", disposal["event"]) if disposal else None
        if event and event["person"] != record["person"]:
            problems.append(("disposal", "The sentence belongs to someone else"))
    if record["due_by"] < record["starts_from"]:
        problems.append(("due_by", "A plan cannot be due before the sentence or release it follows"))
    if record.get("countersigned_by") and record["countersigned_by"] == record["author"]:
        problems.append(("countersigned_by", "Nobody may countersign their own plan"))
    if status in {PlanStatus.ACTIVE, PlanStatus.SUPERSEDED} and not record.get("completed_on"):
        problems.append(("completed_on", "A plan that has been in force has the date it was completed"))
    if (
        status == PlanStatus.ACTIVE
        and record.get("needs_countersignature")
        and not record.get("countersigned_by")
    ):
        problems.append(("countersigned_by", "A high or very high RoSH plan needs an SPO's countersignature"))
    if status == PlanStatus.AWAITING_COUNTERSIGNATURE and not record.get("submitted_on"):
        problems.append(("submitted_on", "A plan awaiting countersignature has been submitted"))
    if record.get("completed_on") and record["completed_on"] < record["started_on"]:
        problems.append(("completed_on", "A plan cannot be completed before it was started"))
    if (
        record.get("involvement")
        and record["involvement"] != "full"
        and not (record.get("involvement_notes") or "").strip()
        and status != PlanStatus.DRAFT
    ):
        problems.append(("involvement_notes", "Say why the person was not fully involved"))
    return problems


register(
    RecordType(
        name="sentence_plan",
        model="plans.SentencePlan",
        doc="A sentence plan: due within 15 working days of sentence or release (5 for protect level A); "
        "countersigned by an SPO, never its author, when RoSH is high or very high. A person has at most "
        "one plan in force and one in progress (draft or awaiting countersignature).",
        order=92,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Ref("disposal", "disposal", doc="The sentence or release the plan responds to."),
            Choice("status", doc="`draft` (default), `awaiting_countersignature`, `active` or `superseded`."),
            Date("starts_from", required=True, doc="The sentence or release date the deadline counts from."),
            Date("due_by", required=True, doc="When the plan is due."),
            Ref("author", "staff", required=True, doc="Who wrote it."),
            Date("started_on", required=True, doc="When it was begun."),
            Date("submitted_on", doc="When it was submitted."),
            Date("completed_on", doc="When it came into force (submitted, and countersigned if needed)."),
            Boolean("needs_countersignature", doc="RoSH was high or very high at submission. Default false."),
            String("rosh_at_submission", doc="The RoSH level when it was submitted."),
            Ref("countersigned_by", "staff", doc="The SPO who countersigned."),
            Date("countersigned_on", doc="When."),
            String("countersignature_notes", doc="The SPO's comments."),
            String("returned_notes", doc="Why the SPO last returned it to its author."),
            String("persons_own_words", doc="What the person wants to achieve, in their own words."),
            Choice("involvement", doc="How the person was involved."),
            String("involvement_notes", doc="Why they were not fully involved."),
            String("diversity_needs", doc="Diversity needs, as on the person's record when the plan began."),
            String("adjustments", doc="Adjustments made so the person can take part."),
            Date("last_reviewed_on", doc="The last review."),
            Date("next_review_due", doc="When the next scheduled review is due."),
        ],
        unique=[
            Unique(
                ("person",),
                "the person already has a plan in force",
                blame="status",
                when=lambda r: r.get("status") == PlanStatus.ACTIVE,
            ),
            Unique(
                ("person",),
                "the person already has a plan in progress",
                blame="status",
                when=lambda r: (r.get("status") or PlanStatus.DRAFT) in PlanStatus.in_progress(),
            ),
        ],
        validate=_plan_problems,
    )
)


def _objective_problems(record: dict, lookup: Lookup) -> Problems:
    plan = lookup.get("sentence_plan", record["plan"])
    problems: Problems = []
    if plan:
        problems += [
            (name, reason)
            for name, reason in rules.objective_problems(
                target_date=record["target_date"],
                started_on=plan["started_on"],
                owner=record.get("owner") or "",
                owner_name=record.get("owner_name") or "",
                linked_count=1,
            )
        ]
    return problems


register(
    RecordType(
        name="plan_objective",
        model="plans.Objective",
        doc="An objective of a sentence plan, with the criminogenic needs it addresses, who owns it and "
        "by when.",
        order=93,
        fields=[
            Ref("plan", "sentence_plan", required=True, doc="The plan."),
            String("description", required=True, doc="What will change, in words the person understands."),
            ChoiceList("needs", choices=Need.values, doc="The criminogenic needs it addresses."),
            Choice("owner", doc="`person` (default), `officer` or `partner`."),
            String("owner_name", doc="The officer or partner agency; needed for a partner."),
            Date("target_date", required=True, doc="When it should be achieved."),
            Choice("status", doc="Progress. Default `open`."),
            String("progress", doc="Progress notes."),
        ],
        validate=_objective_problems,
    )
)


def _link_problems(record: dict, lookup: Lookup) -> Problems:
    objective = lookup.get("plan_objective", record["objective"])
    plan = lookup.get("sentence_plan", objective["plan"]) if objective else None
    requirement = lookup.get("requirement", record["requirement"])
    disposal = lookup.get("disposal", requirement["disposal"]) if requirement else None
    event = lookup.get("event", disposal["event"]) if disposal else None
    if plan and event and event["person"] != plan["person"]:
        return [("requirement", "The requirement belongs to someone else")]
    return []


register(
    RecordType(
        name="plan_objective_requirement",
        model="plans.ObjectiveRequirement",
        doc="An objective delivers (part of) a requirement of the person's sentence.",
        order=94,
        fields=[
            Ref("objective", "plan_objective", required=True, doc="The objective."),
            Ref("requirement", "requirement", required=True, doc="The requirement."),
        ],
        unique=[Unique(("objective", "requirement"), "the objective already names this requirement")],
        validate=_link_problems,
    )
)


def _review_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    if record["reason"] == ReviewReason.SIGNIFICANT_EVENT:
        problems.append(("reason", "Reviews after a significant event cannot be exchanged yet: use `other`"))
    if record["next_review_due"] < record["reviewed_on"]:
        problems.append(("next_review_due", "The next review cannot be due before this one"))
    plan = lookup.get("sentence_plan", record["plan"])
    if plan and plan.get("completed_on") and record["reviewed_on"] < plan["completed_on"]:
        problems.append(("reviewed_on", "A plan cannot be reviewed before it came into force"))
    return problems


register(
    RecordType(
        name="plan_review",
        model="plans.PlanReview",
        doc="A review of a sentence plan in force: at the set interval, or after another change.",
        order=95,
        fields=[
            Ref("plan", "sentence_plan", required=True, doc="The plan."),
            Choice("reason", required=True, doc="Why it was reviewed."),
            Date("reviewed_on", required=True, doc="When."),
            Ref("reviewed_by", "staff", required=True, doc="Who reviewed it."),
            String("summary", required=True, doc="What changed and what happens next."),
            String("persons_views", doc="The person's views."),
            Date("next_review_due", required=True, doc="When the next review is due."),
        ],
        validate=_review_problems,
    )
)
