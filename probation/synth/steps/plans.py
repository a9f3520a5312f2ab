"""Sentence plans, by the rules of `probation.plans`: due 15 working days after sentence or release (5
for protect level A), countersigned by the team's SPO when RoSH is high or very high.

How many plans are late (or never written: a quarter of the late ones) and how many leave a need or
a requirement without an objective are per-provider quality parameters (`ctx.quality`: `late_plan`,
`plan_misses_needs`; the seed found sentence planning poor in the CRC). Plans on time are completed,
and countersigned where needed, by their due date; plans not yet due are still being written. Each
plan has objectives for the criminogenic needs the latest completed assessment rates standard or
severe (two or three needs to an objective) and one for each requirement of the order.
The person's own words and involvement are recorded (a few were not involved, with the reason), and
the diversity needs and adjustments come from the person's record. Plans in force are reviewed about
every 16 weeks, some late and some not at all."""

from __future__ import annotations

from datetime import date, timedelta

from probation.lib.workingdays import add_working_days
from probation.plans import rules
from probation.risk.constants import Need

from ..context import GenerationContext, SynthPerson
from ..registry import step
from ..util import Weighted

NO_PLAN_OF_LATE = 0.25  # of the late plans, the share never written
MISSED_REVIEW = 0.1
INVOLVEMENT = Weighted({"full": 72, "partial": 20, "not_involved": 8})
NOT_FULLY = [
    "In hospital when the plan was written; objectives to be agreed at the next appointment.",
    "Did not want to discuss the plan; will revisit once settled in accommodation.",
    "Needed an interpreter who was not available; objectives explained at a later appointment.",
]
OWN_WORDS = [
    "I want to get a job and keep it this time.",
    "I need somewhere stable to live before anything else.",
    "I want to stop drinking so I can see my kids again.",
    "Stay away from the people I was getting into trouble with.",
    "Get my head straight and finish the order without any trouble.",
]
# Needs likely for an offence category; the rest come from this general pool.
NEEDS_BY_CATEGORY = {
    "violence": ["thinking_behaviour", "alcohol", "relationships", "attitudes"],
    "theft_non_motor": ["drugs", "finance", "ete", "lifestyle"],
    "burglary_domestic": ["drugs", "lifestyle", "accommodation", "ete"],
    "drink_driving": ["alcohol", "thinking_behaviour"],
    "drug_possession_supply": ["drugs", "lifestyle", "finance", "ete"],
}
GENERAL_NEEDS = Weighted(
    {
        "accommodation": 16,
        "ete": 18,
        "finance": 10,
        "relationships": 10,
        "lifestyle": 10,
        "drugs": 10,
        "alcohol": 10,
        "emotional_wellbeing": 8,
        "thinking_behaviour": 6,
        "attitudes": 2,
    }
)
OBJECTIVES = {
    "accommodation": "Find and keep settled accommodation",
    "ete": "Get into training or work, starting with the job centre's work programme",
    "finance": "Set up a budget and deal with rent arrears with the debt advice service",
    "relationships": "Build healthy relationships; complete the relationships module",
    "lifestyle": "Spend time away from the associates linked to offending",
    "drugs": "Engage with the drug service and reduce use, working towards stopping",
    "alcohol": "Cut down drinking with the alcohol service's support",
    "emotional_wellbeing": "See the GP about low mood and take up the wellbeing service",
    "thinking_behaviour": "Learn to spot and manage risky situations (thinking skills work)",
    "attitudes": "Recognise the harm caused to victims and challenge attitudes that support offending",
}
REQUIREMENT_OBJECTIVES = {
    "unpaid_work": "Complete the unpaid work hours on time",
    "rar": "Attend the rehabilitation activity days agreed in this plan",
    "programme": "Complete the accredited programme",
    "drug_rehabilitation": "Keep to the drug rehabilitation requirement and its testing",
    "alcohol_treatment": "Keep to the alcohol treatment requirement",
    "curfew": "Keep to the curfew",
    "mental_health_treatment": "Keep to the mental health treatment",
}
REVIEW_SUMMARIES = [
    "Good progress on the objectives; no change to the plan.",
    "Accommodation objective met; new focus on work. Target dates moved on.",
    "Little progress since the last review; objectives simplified and appointments increased.",
]


def _needs(person: SynthPerson, rng) -> list[str]:
    likely = list(NEEDS_BY_CATEGORY.get(person.main_category, []))
    rng.shuffle(likely)
    chosen = likely[: rng.randint(1, 2)]
    while len(chosen) < rng.randint(2, 3):
        need = GENERAL_NEEDS.pick(rng)
        if need not in chosen:
            chosen.append(need)
    return [n for n in chosen if n in Need.values]


def _requirement_ids(person: SynthPerson) -> list[tuple[str, str]]:
    current = person.current
    if not current.disposal_id.startswith("disposal-"):
        return []
    return [
        (current.disposal_id.replace("disposal-", "requirement-", 1) + f"-{k}", kind)
        for k, kind in enumerate(current.requirement_types, start=1)
    ]


@step("plans", order=86)
def plans(ctx: GenerationContext, rng):
    tiers = ctx.extra.get("tiers", {})
    roshes = ctx.extra.get("rosh", {})
    for person in ctx.people:
        if not person.officers or person.allocated_on is None or not person.sentences:
            continue
        yield from _plan(ctx, rng, person, tiers.get(person.id, ""), roshes.get(person.id, person.risk))


def _plan(ctx: GenerationContext, rng, person: SynthPerson, tier: str, rosh: str):
    current = person.current
    starts_from = rules.plan_starts_from(current.sentence_type, current.sentence_date, current.start_date)
    quality = ctx.quality_of(person.provider)
    late = rng.random() < quality.late_plan
    misses_needs = rng.random() < quality.plan_misses_needs
    if starts_from is None or starts_from > ctx.as_at or (late and rng.random() < NO_PLAN_OF_LATE):
        return
    due_by = rules.plan_due_by(starts_from, tier=tier)
    author = person.officers[0]
    started_on = max(starts_from, person.allocated_on) + timedelta(days=rng.randint(0, 3))
    if not late:
        started_on = min(started_on, due_by)
    if started_on > ctx.as_at:
        return
    if late:
        completed_on = add_working_days(due_by, rng.randint(1, 15))
    else:
        completed_on = started_on + timedelta(days=rng.randint(0, max(0, (due_by - started_on).days)))
    plan_id = f"plan-{person.index:06d}"
    involvement = INVOLVEMENT.pick(rng)
    diversity, adjustments = rules.diversity_summary(
        disability=person.record.get("disability", ""),
        disability_adjustments=person.record.get("disability_adjustments", ""),
        first_language=person.record.get("first_language", "English"),
        interpreter_required=person.record.get("interpreter_required", False),
        literacy_need=person.record.get("literacy_need", False),
        caring_responsibilities=person.record.get("caring_responsibilities", ""),
        pregnancy_maternity=person.record.get("pregnancy_maternity", False),
        gender_identity=person.record.get("gender_identity", ""),
    )
    plan = {
        "type": "sentence_plan",
        "id": plan_id,
        "person": person.id,
        "disposal": current.disposal_id,
        "status": "draft",
        "starts_from": starts_from.isoformat(),
        "due_by": due_by.isoformat(),
        "author": author.id,
        "started_on": started_on.isoformat(),
        "persons_own_words": rng.choice(OWN_WORDS),
        "involvement": involvement,
        "involvement_notes": rng.choice(NOT_FULLY) if involvement != "full" else "",
        "diversity_needs": diversity,
        "adjustments": adjustments,
    }
    countersign = rules.needs_countersignature(rosh)
    manager = person.team.manager
    # A plan is completed on its due date at the earliest when that has not yet passed: until then it
    # is being written, on time or not, and an inspection sees neither.
    if completed_on <= ctx.as_at and due_by < ctx.as_at:
        plan.update(
            submitted_on=completed_on.isoformat(), rosh_at_submission=rosh, needs_countersignature=countersign
        )
        # Countersigned the day it was submitted (a late countersignature would make the plan late),
        # unless the team has no one else to countersign.
        waiting = countersign and (manager is None or manager.id == author.id)
        if waiting:
            plan["status"] = "awaiting_countersignature"
        else:
            plan.update(status="active", completed_on=completed_on.isoformat())
            if countersign:
                plan.update(countersigned_by=manager.id, countersigned_on=completed_on.isoformat())
    reviews = _reviews(ctx, rng, person, plan, completed_on) if plan["status"] == "active" else []
    yield {k: v for k, v in plan.items() if v not in ("", None)}
    yield from _objectives(ctx, rng, person, plan_id, started_on, misses_needs)
    yield from reviews


def _objectives(
    ctx: GenerationContext, rng, person: SynthPerson, plan_id: str, started_on: date, misses: bool
):
    """Objectives for the needs the latest completed assessment rates (made up when the risk step has
    not run or rated none) and for each requirement. A plan that misses leaves one need or one
    requirement without an objective (a plan with only one need names another need instead)."""
    rated = list(ctx.extra.get("needs", {}).get(person.id, []))
    requirements = _requirement_ids(person)
    needs = list(rated) or _needs(person, rng)
    rng.shuffle(needs)
    if misses and requirements and (not rated or rng.random() < 0.5):
        requirements.pop(rng.randrange(len(requirements)))
    elif misses and len(rated) > 1:
        needs.pop(rng.randrange(len(needs)))
    elif misses and rated:
        needs = [rng.choice([n for n in GENERAL_NEEDS.items if n not in rated])]
    per_objective = rng.randint(2, 3)
    n = 0
    for k in range(0, len(needs), per_objective):
        named = needs[k : k + per_objective]
        n += 1
        yield {
            "type": "plan_objective",
            "id": f"{plan_id}-objective-{n}",
            "plan": plan_id,
            "description": OBJECTIVES[named[0]],
            "needs": named,
            "owner": "person",
            "target_date": (started_on + timedelta(weeks=rng.randint(8, 30))).isoformat(),
        }
    for requirement_id, kind in requirements:
        n += 1
        objective_id = f"{plan_id}-objective-{n}"
        yield {
            "type": "plan_objective",
            "id": objective_id,
            "plan": plan_id,
            "description": REQUIREMENT_OBJECTIVES.get(kind, "Keep to the requirement"),
            "owner": "officer",
            "target_date": (started_on + timedelta(weeks=rng.randint(12, 40))).isoformat(),
        }
        yield {
            "type": "plan_objective_requirement",
            "id": f"{objective_id}-requirement",
            "objective": objective_id,
            "requirement": requirement_id,
        }


def _reviews(ctx: GenerationContext, rng, person: SynthPerson, plan: dict, completed_on: date) -> list[dict]:
    """Reviews every 16 weeks or so; the plan's last review and next due date follow them."""
    records = []
    last = completed_on
    due = rules.scheduled_review_due(last)
    n = 0
    while due <= ctx.as_at:
        if rng.random() < MISSED_REVIEW:
            break  # reviews stopped: the review shows as overdue
        reviewed_on = min(due + timedelta(days=rng.randint(-7, 14)), ctx.as_at)
        reviewed_on = max(reviewed_on, last + timedelta(days=1))
        n += 1
        next_due = rules.scheduled_review_due(reviewed_on)
        records.append(
            {
                "type": "plan_review",
                "id": f"{plan['id']}-review-{n}",
                "plan": plan["id"],
                "reason": "scheduled",
                "reviewed_on": reviewed_on.isoformat(),
                "reviewed_by": person.officers[-1].id,
                "summary": rng.choice(REVIEW_SUMMARIES),
                "next_review_due": next_due.isoformat(),
            }
        )
        last, due = reviewed_on, next_due
    plan["last_reviewed_on"] = last.isoformat() if n else None
    plan["next_review_due"] = due.isoformat()
    return records
