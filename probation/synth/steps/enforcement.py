"""Enforcement of the failures the contacts step recorded, by the rules of `probation.enforcement`.

Each failure to comply (unacceptable absence, or attended and failed to comply) under an order gets a
warning, or breach when a warning given under the same order in the twelve months beginning with the
day it was given covers it; under a licence, first, second and final warnings, then recall. Officers
decide within a working day or two and send the letter at once; in the share of cases the quality
profile gives (`missed_enforcement`), the first failure due in the last year was never decided (kept
so the oversight queue and inspection can find it). Older failures were sometimes decided late or
never. The most recent are still waiting for a decision, as on any working day. A few first failures
go straight to breach, and a few licence cases straight to recall, with a rationale; a failure after
a recall (a fixed-term recall served, say) is a recall again. Breaches come back from court
some weeks later (continued, varied or no further action: the synthetic sentences keep running).
Recalls are countersigned by the team's SPO and the area's head of service.

The failures are those of the contacts step: read from `ctx.extra["contact_failures"]` when a step
has published them, otherwise found by replaying the contacts step with its own random stream (it
is deterministic)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from probation.contacts.constants import ContactType, Outcome
from probation.enforcement import rules
from probation.enforcement.constants import EnforcementKind as K
from probation.enforcement.constants import EnforcementRoute
from probation.lib.workingdays import add_working_days

from ..context import GenerationContext, SynthPerson
from ..registry import step
from ..util import Weighted

LOOKBACK_DAYS = 365  # `enforcement.lookback_days`: what the inspection looks at
# Before the look-back, some decisions were late or never made; within it, the quality profile's
# `missed_enforcement` decides (a share of cases, not of failures).
NEVER_DECIDED = 0.03
LATE_DECISION = 0.12
LATE_LETTER = 0.08
LATE_BREACH = 0.12
BREACH_FIRST = 0.05
RECALL_EARLY = 0.06
COURT = Weighted({"continued": 45, "varied": 40, "no_further_action": 15})
BREACH_RATIONALE = [
    "Abusive and threatening to reception staff when challenged about the absence.",
    "Failed the first appointment after a pattern of disengagement on the last order; court should review.",
    "Attended under the influence and refused to leave the building; police called.",
]
RECALL_RATIONALE = [
    "Whereabouts unknown since the missed appointment; risk to a known adult cannot be managed.",
    "Arrested for a further offence of violence; risk is no longer manageable in the community.",
    "Breached the exclusion zone around the victim's address, confirmed by the police.",
]


def _failures(ctx: GenerationContext) -> dict[str, list[dict]]:
    """The contacts step's failures by person id, oldest first."""
    published = ctx.extra.get("contact_failures")
    if published is None:
        from .contacts import contacts as contacts_step

        published = [
            r for r in contacts_step(ctx, ctx.rng("contacts")) if r.get("outcome") in Outcome.failures()
        ]
    by_person: dict[str, list[dict]] = defaultdict(list)
    for record in published:
        by_person[record["person"]].append(record)
    for records in by_person.values():
        records.sort(key=lambda r: r["starts_at"])
    return by_person


def _day(moment: str) -> date:
    return datetime.fromisoformat(moment).date()


def _describe(record: dict) -> str:
    when = datetime.fromisoformat(record["starts_at"])
    what = ContactType(record["contact_type"]).label.lower()
    day = f"{when:%A} {when.day} {when:%B %Y at %H:%M}"
    if record["outcome"] == Outcome.ATTENDED_FAILED:
        return f"You attended your {what} on {day} but did not comply with what was required of you."
    return f"You did not attend your {what} on {day}, and did not give an acceptable reason."


@step("enforcement", order=85)
def enforcement(ctx: GenerationContext, rng):
    failures = _failures(ctx)
    for person in ctx.people:
        if person.id in failures and person.sentences:
            yield from _enforced(ctx, rng, person, failures[person.id])


def _enforced(ctx: GenerationContext, rng, person: SynthPerson, failures: list[dict]):
    """A case's enforcement, done well, or (for the share of cases the quality profile gives) with
    the first failure due in the last year left undecided. A case whose decisions in that year depart
    from the rule (which an inspector must judge) is left as it is, so the share holds among the cases
    the indicator decides. Where none of the year's failures is yet due for its step, none has a
    decision recorded yet (so an inspection judges the case in neither event)."""
    missed = rng.random() < ctx.quality_of(person.provider).missed_enforcement
    state = rng.getstate()
    records, departed, any_due = _person(ctx, rng, person, failures, miss=False)
    if not any_due:
        since = (ctx.as_at - timedelta(days=LOOKBACK_DAYS)).isoformat()
        held = {r["id"] for r in records if r["type"] == "enforcement_action" and r["failure_on"] >= since}
        return [r for r in records if r["id"] not in held and r.get("enforcement_action") not in held]
    if missed and not departed:
        rng.setstate(state)
        records, _departed, _due = _person(ctx, rng, person, failures, miss=True)
    return records


def _person(ctx: GenerationContext, rng, person: SynthPerson, failures: list[dict], *, miss: bool):
    """(records, whether a decision in the look-back departed from the rule, whether a failure in the
    look-back was due for its step by the as-at date)."""
    out: list[dict] = []
    departed = any_due = False
    sentence = person.current
    licence = sentence.sentence_type in {"licence", "pss"}
    warnings: list[tuple[date, str]] = []  # (given on, id) under the order
    steps: list[str] = []  # licence steps decided
    recent = ctx.as_at - timedelta(days=7)
    since = ctx.as_at - timedelta(days=LOOKBACK_DAYS)
    for n, contact in enumerate(failures, start=1):
        failure_on = _day(contact["starts_at"])
        judged_on = _day(contact["outcome_recorded_at"]) if contact.get("outcome_recorded_at") else failure_on
        looked_at = failure_on >= since  # by the inspection's look-back
        route = rules.route_for(sentence.sentence_type, failure_on, sentence.end_date if licence else None)
        if route == EnforcementRoute.ORDER:
            rec = rules.recommend_for_order(failure_on=failure_on, warnings_given_on=[d for d, _ in warnings])
            prior = next((i for d, i in warnings if d == rec.prior_warning_on), None)
        else:
            rec, prior = rules.recommend_for_licence(steps_taken=steps), None
        action_id = f"enforcement-{person.index:06d}-{n}"
        due_by = rules.action_due_by(rec.kind, judged_on)
        record = {
            "type": "enforcement_action",
            "id": action_id,
            "person": person.id,
            "disposal": sentence.disposal_id,
            "contact": contact["id"],
            "route": str(rec.route),
            "failure_on": failure_on.isoformat(),
            "judged_on": judged_on.isoformat(),
            "failure_description": _describe(contact),
            "recommended_kind": str(rec.kind),
            "recommendation_reason": rec.reason,
            "prior_warning": prior,
            "due_by": due_by.isoformat(),
        }
        any_due = any_due or (looked_at and due_by < ctx.as_at)
        if miss and looked_at:
            if due_by < ctx.as_at:
                out.append(_clean(record))  # the missed decision: never made
                miss = False
                continue
            continue  # not yet due, and nothing missed yet: still within the time to decide
        # Within the look-back, decisions are made in time; before it, some were late or never made.
        careless = not looked_at
        pending = judged_on >= recent and due_by >= ctx.as_at and rng.random() < 0.5
        if pending or (careless and rng.random() < NEVER_DECIDED):
            out.append(_clean(record))
            continue
        late = careless and rng.random() < LATE_DECISION
        decided_on = min(
            add_working_days(judged_on, rng.randint(3, 8) if late else rng.randint(0, 1)), ctx.as_at
        )
        kind, rationale = rec.kind, ""
        officer = contact.get("officer") or person.officers[-1].id
        spo = person.team.manager
        head = person.area.heads.get(person.provider.code)
        if rec.kind == K.WARNING and rng.random() < BREACH_FIRST:
            kind, rationale = K.BREACH, rng.choice(BREACH_RATIONALE)
        elif route == EnforcementRoute.LICENCE and rec.kind != K.RECALL and rng.random() < RECALL_EARLY:
            kind, rationale = K.RECALL, rng.choice(RECALL_RATIONALE)
        if kind == K.RECALL and (spo is None or head is None or officer in {spo.id, head.id}):
            if rec.kind == K.RECALL:  # nobody else to countersign: the decision waits
                out.append(_clean(record))
                continue
            kind, rationale = rec.kind, ""
        departed = departed or (looked_at and kind != rec.kind)
        record.update(
            kind=str(kind),
            decision_by=officer,
            decided_on=decided_on.isoformat(),
            rationale=rationale,
            due_by=rules.action_due_by(kind, judged_on).isoformat(),
        )
        if kind in K.warnings():
            sent = add_working_days(
                decided_on,
                rng.randint(2, 5) if careless and rng.random() < LATE_LETTER else rng.randint(0, 1),
            )
            if sent > ctx.as_at:
                record["status"] = "letter_due"
            else:
                record.update(status="complete", letter_issued_on=sent.isoformat())
                if route == EnforcementRoute.ORDER:
                    warnings.append((sent, action_id))
            steps.append(kind)
            out.append(_clean(record))
        elif kind == K.BREACH:
            initiated = add_working_days(
                decided_on,
                rng.randint(11, 15) if careless and rng.random() < LATE_BREACH else rng.randint(2, 9),
            )
            if initiated > ctx.as_at:
                record["status"] = "breach_due"
            else:
                record.update(status="with_court", breach_initiated_on=initiated.isoformat())
                court_on = initiated + timedelta(days=rng.randint(21, 56))
                if court_on <= ctx.as_at:
                    outcome = COURT.pick(rng)
                    record.update(
                        status="complete",
                        court_outcome=outcome,
                        court_outcome_on=court_on.isoformat(),
                        court_outcome_notes="Further hours added to the order."
                        if outcome == "varied"
                        else "",
                    )
            out.append(_clean(record))
        else:
            record["status"] = "recall_recommended"
            out.append(_clean(record))
            out.append(_clean(_recall(ctx, rng, person, record, decided_on, officer, spo, head)))
            steps.append(kind)  # a later failure (after a fixed-term recall, say) is a recall again
    return out, departed, any_due


def _recall(ctx, rng, person, action: dict, decided_on: date, officer: str, spo, head) -> dict:
    sentence = person.current
    recall_type = "fixed_term" if rng.random() < 0.4 else "standard"
    months = (
        max(1, round((sentence.end_date - sentence.sentence_date).days / 30.44))
        if sentence.end_date
        else None
    )
    days = rules.fixed_term_recall_days(length_months=months, custodial_days=None, sentence_date=None)
    if recall_type == "fixed_term" and days is None:
        recall_type = "standard"
    record = {
        "type": "recall_recommendation",
        "id": action["id"].replace("enforcement-", "recall-", 1),
        "person": person.id,
        "disposal": sentence.disposal_id,
        "enforcement_action": action["id"],
        "recall_type": recall_type,
        "fixed_term_days": days if recall_type == "fixed_term" else None,
        "rationale": action["rationale"] or rng.choice(RECALL_RATIONALE),
        "recommended_by": officer,
        "recommended_on": decided_on.isoformat(),
        "status": "awaiting_spo",
    }
    spo_on = decided_on + timedelta(days=rng.randint(0, 1))
    if spo_on > ctx.as_at:
        return record
    record.update(status="awaiting_head", spo_by=spo.id, spo_on=spo_on.isoformat())
    head_on = spo_on + timedelta(days=rng.randint(0, 2))
    if head_on > ctx.as_at:
        return record
    record.update(status="awaiting_outcome", head_by=head.id, head_on=head_on.isoformat())
    outcome_on = head_on + timedelta(days=rng.randint(1, 3))
    if outcome_on > ctx.as_at:
        return record
    outcome = "recalled" if rng.random() < 0.85 else "at_large"
    record.update(status="closed", outcome=outcome, outcome_on=outcome_on.isoformat())
    return record


def _clean(record: dict) -> dict:
    return {k: v for k, v in record.items() if v not in ("", None)}
