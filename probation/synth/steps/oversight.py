"""Management oversight: records by the team's senior probation officer on high and very high RoSH
cases (every MAPPA level 2 and 3 case in the region is one of them).

Oversight falls due every configured number of weeks (`oversight.interval_weeks`); managers record
it around then, but a share of records come late, the provider's `late_oversight` in the quality
profile (`probation.synth.quality`): the seed found CRC oversight weaker than the NPS's. The gap
after the last record runs on to the as-at date, so a few cases are overdue there too. A significant
event on an overseen case is followed by oversight within the configured working days
(`oversight.after_event_days`), late as often as the rest. Reads
the recorded RoSH and significant events the risk step leaves in `ctx.extra["rosh"]` and
`ctx.extra["events"]` (a list of (type, date) per person, when the risk step records them)."""

from __future__ import annotations

from datetime import date, timedelta

from probation.core.reference import DEFAULTS
from probation.lib.workingdays import add_working_days

from ..context import GenerationContext
from ..registry import step
from ..util import Weighted

LATE_WEEKS = (1, 10)  # how late a late record is
OVERSEEN = ("high", "very_high")
LOOK_BACK_DAYS = 365
TRIGGER = Weighted({"periodic": 60, "supervision": 25, "audit": 10, "other": 5})
DECISIONS = [
    (
        "Risk management plan remains proportionate; continue weekly reporting.",
        "Compliance is good and the latest police check shows no call-outs.",
        "",
    ),
    (
        "Increase reporting to twice weekly until the next review.",
        "Recent drinking and a change of address raise the risk to a known adult.",
        "Request a domestic-abuse police check; review the plan within 10 working days.",
    ),
    (
        "Refer for a MAPPA level 2 discussion.",
        "Risk to children has risen and several agencies are involved.",
        "Prepare the MAPPA referral form by Friday.",
    ),
    (
        "Home visit to be arranged with a second officer.",
        "The address has not been verified since the move.",
        "Complete a joint home visit within two weeks and record the outcome.",
    ),
    (
        "No change; the plan is working.",
        "Attendance at the programme is full and the partner check is clear.",
        "",
    ),
]


@step("oversight", order=90)
def oversight(ctx: GenerationContext, rng):
    rosh_of: dict[str, str] = ctx.extra.get("rosh", {})
    events_of: dict[str, list] = ctx.extra.get("events", {})
    interval = timedelta(weeks=int(DEFAULTS["oversight.interval_weeks"]))
    after_event = int(DEFAULTS["oversight.after_event_days"])
    for person in ctx.people:
        manager = person.team.manager
        if rosh_of.get(person.id) not in OVERSEEN or manager is None or not person.sentences:
            continue
        if person.officers and person.officers[-1] is manager:
            continue
        start = max(
            person.current.start_date,
            person.allocated_on or date.min,
            ctx.as_at - timedelta(days=LOOK_BACK_DAYS),
        )
        late_share = ctx.quality_of(person.provider).late_oversight
        on = start + timedelta(days=rng.randint(7, 28))
        n = 0
        while on <= ctx.as_at:
            n += 1
            decision, rationale, actions = rng.choice(DECISIONS)
            record = {
                "type": "oversight_record",
                "id": f"oversight-{person.index:06d}-{n}",
                "person": person.id,
                "recorded_by": manager.id,
                "recorded_on": on.isoformat(),
                "trigger": TRIGGER.pick(rng),
                "decision": decision,
                "rationale": rationale,
            }
            if actions:
                record["actions_set"] = actions
            yield record
            if rng.random() < late_share:
                on += interval + timedelta(weeks=rng.randint(*LATE_WEEKS))
            else:
                on += interval - timedelta(days=rng.randint(0, 14))
        for k, (event_type, occurred) in enumerate(events_of.get(person.id, []), start=1):
            if occurred < start:
                continue
            due = add_working_days(occurred, after_event)
            late = rng.random() < late_share
            on = (
                due + timedelta(days=rng.randint(1, 30))
                if late
                else occurred + timedelta(days=rng.randint(1, (due - occurred).days))
            )
            if on > ctx.as_at:
                continue
            yield {
                "type": "oversight_record",
                "id": f"oversight-{person.index:06d}-event-{k}",
                "person": person.id,
                "recorded_by": manager.id,
                "recorded_on": on.isoformat(),
                "trigger": "significant_event",
                "decision": "Risk reviewed after the event; the plan stands, with closer contact.",
                "rationale": f"A significant event ({str(event_type).replace('_', ' ')}) was reported on "
                f"{occurred:%-d %B %Y}.",
                "actions_set": "Review the risk management plan and record the outcome.",
            }
