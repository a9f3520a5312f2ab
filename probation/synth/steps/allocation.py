"""Responsible officers and case involvements. Each case is allocated a few days after its sentence
starts; its officer then changes at random times, at the provider's rate of changes per case-year
(`ro_changes_per_year` in the quality profile: CRC cases change officer more often than NPS cases).
Some NPS cases began in a CRC and came back to the NPS when their risk rose (a change besides).
Where a CRC manages a case the NPS did the court work; where
the NPS manages a case with unpaid work or a programme, the CRC delivers it."""

from __future__ import annotations

import math
from datetime import date, timedelta

from ..context import GenerationContext, SynthPerson, SynthStaff, SynthTeam
from ..registry import step
from ..util import Weighted, spread_dates

ALLOCATION_DELAY = Weighted({0: 10, 1: 30, 2: 25, 3: 15, 4: 8, 5: 5, 7: 4, 10: 3})
CHANGE_REASONS = Weighted({"reallocation": 35, "staff_left": 30, "workload": 25, "other": 10})
PO_PREFERENCE = {"very_high": 1.0, "high": 1.0, "medium": 0.6, "low": 0.4}
DELIVERED_BY_CRC = {"unpaid_work", "programme"}


def pick_officer(team: SynthTeam, risk: str, rng, avoid: SynthStaff | None = None) -> SynthStaff:
    grade = "PO" if rng.random() < PO_PREFERENCE[risk] else "PSO"
    pool = [o for o in team.officers if o.grade == grade and o is not avoid]
    pool = pool or [o for o in team.officers if o is not avoid] or team.officers
    return rng.choice(pool)


@step("allocation", order=50)
def allocation(ctx: GenerationContext, rng):
    for person in ctx.people:
        yield from _assignments(ctx, rng, person)
        yield from _involvements(rng, person)


def _assignments(ctx, rng, person: SynthPerson):
    current = person.current
    first = min(ctx.as_at, current.start_date + timedelta(days=ALLOCATION_DELAY.pick(rng)))
    provider = person.provider
    escalated = provider.public and not person.serious and person.risk == "high" and rng.random() < 0.35
    changes = _change_days(first, ctx.as_at, ctx.quality_of(provider).ro_changes_per_year, rng)
    if escalated:
        escalation = spread_dates(first, ctx.as_at, 1, rng)
        escalated = bool(escalation) and escalation[0] not in changes
        if escalated:
            changes = [escalation[0], *(d for d in changes if d > escalation[0])]
    periods = []  # (team, officer, start, reason, detail)
    if escalated and changes:
        crc_team = rng.choice(person.area.teams[person.area.crc.code])
        periods.append((crc_team, pick_officer(crc_team, "medium", rng), first, "initial", ""))
        periods.append(
            (
                person.team,
                pick_officer(person.team, person.risk, rng),
                changes.pop(0),
                "risk_escalation",
                "Risk of serious harm rose to high; the case was referred back to the NPS",
            )
        )
        person.escalated_on = periods[-1][2]
    else:
        periods.append((person.team, pick_officer(person.team, person.risk, rng), first, "initial", ""))
    for day in changes:
        previous = periods[-1][1]
        periods.append(
            (
                person.team,
                pick_officer(person.team, person.risk, rng, avoid=previous),
                day,
                CHANGE_REASONS.pick(rng),
                "",
            )
        )
    for k, (team, officer, start, reason, detail) in enumerate(periods, 1):
        person.officers.append(officer)
        record = {
            "type": "ro_assignment",
            "id": f"roa-{person.index:06d}-{k}",
            "person": person.id,
            "officer": officer.id,
            "provider": team.provider.id,
            "team": team.id,
            "start_date": start.isoformat(),
        }
        if k < len(periods):
            # The same day, as when an officer is changed through the service.
            record["end_date"] = periods[k][2].isoformat()
        record["reason"] = reason
        if detail:
            record["reason_detail"] = detail
        yield record
    person.allocated_on = first


def _change_days(first: date, last: date, per_year: float, rng) -> list[date]:
    """Days of the changes of officer after `first`, up to `last`: a Poisson process at `per_year`
    changes a year (at most one a day)."""
    days: list[date] = []
    if per_year <= 0:
        return days
    offset = 0.0
    while True:
        offset += rng.expovariate(per_year / 365.25)
        day = first + timedelta(days=math.ceil(offset))
        if day > last:
            return days
        if not days or days[-1] != day:
            days.append(day)


def _involvements(rng, person: SynthPerson):
    current = person.current
    n = 0
    prefix = f"involvement-{person.index:06d}"
    if not person.provider.public:
        n += 1
        yield {
            "type": "case_involvement",
            "id": f"{prefix}-{n}",
            "person": person.id,
            "provider": person.area.nps.id,
            "role": "court",
            "start_date": current.conviction_date.isoformat(),
            "end_date": person.allocated_on.isoformat(),
        }
    if person.escalated_on is not None:
        n += 1
        yield {
            "type": "case_involvement",
            "id": f"{prefix}-{n}",
            "person": person.id,
            "provider": person.area.crc.id,
            "role": "supervision",
            "start_date": person.allocated_on.isoformat(),
            "end_date": person.escalated_on.isoformat(),
        }
    if person.provider.public and DELIVERED_BY_CRC & set(current.requirement_types):
        n += 1
        yield {
            "type": "case_involvement",
            "id": f"{prefix}-{n}",
            "person": person.id,
            "provider": person.area.crc.id,
            "role": "intervention",
            "start_date": current.start_date.isoformat(),
        }
