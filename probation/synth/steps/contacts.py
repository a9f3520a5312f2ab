"""Contacts and contact levels. Each case is seen weekly for its first twelve weeks (induction), then
as often as its tier and risk of serious harm require (`probation.contacts.rules`), face to face
unless telephone contact is allowed. Some steady lower-risk cases are stepped down after six months;
a few step-downs wait for the SPO, and a few high-risk cases carry a step-down nobody approved (the
practice the inspectorate criticised, kept so that it can be found).

Each person has a compliance profile: most attend nearly always, some miss now and then, a few
often. Absences in the last five working days are awaiting evidence; a few older ones were never
decided; a few recent appointments have no outcome yet. The next one or two appointments are booked.
Unpaid work sessions (not National Standard contacts) run weekly for those with that requirement."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from probation.contacts import rules
from probation.lib.workingdays import is_working_day

from ..context import GenerationContext, SynthPerson
from ..registry import step
from ..util import Weighted

LONDON = ZoneInfo("Europe/London")
INDUCTION_WEEKS = 12
GAP_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 28, "bimonthly": 56}
# The tier's protect level, where no tier has been worked out for the person yet.
PROTECT_FOR_RISK = {"very_high": "A", "high": "B", "medium": "C", "low": "D"}
CHANGE_LEVEL = Weighted({"0": 10, "1": 35, "2": 40, "3": 15})
PROFILES = Weighted({"good": 70, "mixed": 22, "poor": 8})
# Outcome shares of an appointment that happened, by profile.
OUTCOMES = {
    "good": Weighted(
        {"attended_complied": 93, "attended_failed": 1, "acceptable_absence": 4, "unacceptable_absence": 2}
    ),
    "mixed": Weighted(
        {"attended_complied": 78, "attended_failed": 4, "acceptable_absence": 9, "unacceptable_absence": 9}
    ),
    "poor": Weighted(
        {"attended_complied": 55, "attended_failed": 8, "acceptable_absence": 12, "unacceptable_absence": 25}
    ),
}
ABSENCE_REASONS = Weighted(
    {
        "medical": 35,
        "work": 20,
        "childcare": 15,
        "court": 8,
        "holiday": 5,
        "religious": 2,
        "remanded": 3,
        "stood_down": 7,
        "other": 5,
    }
)
NOTES = [
    "Discussed progress against the sentence plan.",
    "Reviewed employment search; attending the job centre weekly.",
    "Talked through accommodation; housing referral chased.",
    "Explored triggers for offending; completed a thinking skills exercise.",
    "Reported reduced drinking; agreed to attend the alcohol service.",
    "Checked in on wellbeing; no concerns raised.",
    "Reminded of the requirements of the order and the consequences of failing to comply.",
]
SENSITIVE_NOTES = [
    "Disclosed a new relationship; partner has children. Children's services check requested.",
    "Disclosed self-harm in the last month; GP and mental-health team informed.",
    "Police intelligence shared about associates; not to be discussed with the person.",
]
FAIL_NOTES = {
    "attended_failed": "Arrived under the influence and could not engage; appointment ended early.",
    "unacceptable_absence": "No contact and no evidence given within five working days.",
}


def _level_for(person: SynthPerson, ctx: GenerationContext, rng) -> tuple[str, str]:
    """The person's tier and recorded RoSH: those a risk step left in `ctx.extra`, else made up from
    the hidden risk."""
    tiers = ctx.extra.get("tiers", {})
    roshes = ctx.extra.get("rosh", {})
    rosh = roshes.get(person.id, person.risk)
    tier = tiers.get(person.id) or PROTECT_FOR_RISK[person.risk] + CHANGE_LEVEL.pick(rng)
    return tier, rosh


def _moment(day: date, rng) -> datetime:
    return datetime.combine(day, time(9 + rng.randint(0, 7), rng.choice((0, 30))), LONDON)


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _officer_on(person: SynthPerson, day: date, start: date, end: date):
    """The officer holding the case on a day: the periods are spread evenly over the supervision."""
    officers = person.officers
    if len(officers) == 1 or end <= start:
        return officers[-1]
    share = (day - start).days / max(1, (end - start).days)
    return officers[min(len(officers) - 1, max(0, int(share * len(officers))))]


@step("contacts", order=80)
def contacts(ctx: GenerationContext, rng):
    for person in ctx.people:
        if not person.officers or person.allocated_on is None:
            continue
        yield from _person(ctx, rng, person)


def _levels(ctx, rng, person: SynthPerson, start: date, tier: str, rosh: str):
    """The person's contact level history: (records, [(from, frequency, method)]) oldest first."""
    required = rules.required_contact_level(tier, rosh)
    manager = person.team.manager
    prefix = f"contact-level-{person.index:06d}"
    periods = [(start, "weekly", "face_to_face")]
    records = [
        {
            "type": "contact_level",
            "id": f"{prefix}-1",
            "person": person.id,
            "frequency": "weekly",
            "effective_from": start.isoformat(),
            "rationale": "Induction: weekly for the first twelve weeks",
            "requested_by": person.officers[0].id,
        }
    ]
    after_induction = start + timedelta(weeks=INDUCTION_WEEKS)
    if after_induction > ctx.as_at:
        return records, periods
    records[-1]["effective_to"] = after_induction.isoformat()
    periods.append((after_induction, required.frequency, required.method))
    records.append(
        {
            "type": "contact_level",
            "id": f"{prefix}-2",
            "person": person.id,
            "frequency": required.frequency,
            "method": required.method,
            "effective_from": after_induction.isoformat(),
            "rationale": "; ".join(required.reasons),
            "requested_by": person.officers[0].id,
        }
    )
    six_months = start + timedelta(days=182)
    if six_months > ctx.as_at or required.frequency == "bimonthly":
        return records, periods
    slower = {"weekly": "fortnightly", "fortnightly": "monthly", "monthly": "bimonthly"}[required.frequency]
    requester = _officer_on(person, six_months, start, ctx.as_at)
    draw = rng.random()
    decision = rules.step_down_decision(
        rules.Level(required.frequency, required.method),
        rules.Level(slower, required.method),
        rosh,
        None,
        None,
        required=required,
    )
    step_down = {
        "type": "contact_level",
        "id": f"{prefix}-3",
        "person": person.id,
        "frequency": slower,
        "method": required.method,
        "is_step_down": True,
        "requested_by": requester.id,
        "rationale": "Complying well for six months, stable housing and work; risk unchanged",
    }
    if decision.outcome == "allowed" and draw < 0.25:
        records[-1]["effective_to"] = six_months.isoformat()
        periods.append((six_months, slower, required.method))
        records.append(
            {**step_down, "effective_from": six_months.isoformat(), "decided_on": six_months.isoformat()}
        )
    elif decision.outcome == "needs_approval" and draw < 0.04 and manager and manager is not requester:
        # Stepped down without the SPO's approval: what the inspection found.
        records[-1]["effective_to"] = six_months.isoformat()
        periods.append((six_months, slower, required.method))
        records.append({**step_down, "effective_from": six_months.isoformat()})
    elif decision.outcome == "needs_approval" and draw < 0.10 and manager and manager is not requester:
        asked = max(six_months, ctx.as_at - timedelta(days=rng.randint(0, 12)))
        records.append({**step_down, "effective_from": asked.isoformat(), "status": "awaiting_approval"})
    elif decision.outcome == "needs_approval" and draw < 0.16 and manager and manager is not requester:
        decided = six_months + timedelta(days=rng.randint(1, 6))
        records.append(
            {
                **step_down,
                "effective_from": six_months.isoformat(),
                "status": "refused",
                "approved_by": manager.id,
                "decided_on": decided.isoformat(),
                "decision_notes": "Not yet: wait for the risk review",
            }
        )
    return records, periods


def _person(ctx: GenerationContext, rng, person: SynthPerson):
    current = person.current
    start = person.allocated_on
    ends = [d for d in (current.terminated_on, current.end_date) if d is not None]
    finish = min(ends) if ends else ctx.as_at + timedelta(days=28)
    tier, rosh = _level_for(person, ctx, rng)
    level_records, periods = _levels(ctx, rng, person, start, tier, rosh)
    yield from level_records

    profile = PROFILES.pick(rng)
    outcomes = OUTCOMES[profile]
    horizon = min(finish, ctx.as_at + timedelta(days=21))
    now = datetime.combine(ctx.as_at, time(12, 0), LONDON)
    n = 0
    day = _weekday(start + timedelta(days=rng.randint(0, 4)))
    booked_ahead = 0
    while day <= horizon and booked_ahead < 2:
        frequency, method = next((f, m) for since, f, m in reversed(periods) if since <= day)
        moment = _moment(day, rng)
        officer = _officer_on(person, day, start, ctx.as_at)
        n += 1
        contact_type = (
            "telephone"
            if method == "telephone" and rng.random() < 0.6
            else (
                "home_visit"
                if rng.random() < (0.2 if rosh in ("high", "very_high") else 0.07)
                else "video"
                if rng.random() < 0.03
                else "office"
            )
        )
        record = {
            "type": "contact",
            "id": f"contact-{person.index:06d}-{n}",
            "person": person.id,
            "officer": officer.id,
            "contact_type": contact_type,
            "starts_at": moment.isoformat(),
            "location": {
                "office": person.team.name + " office",
                "home_visit": "Home address",
                "telephone": "",
                "video": "Video call",
            }[contact_type],
        }
        if moment > now:
            booked_ahead += 1
        else:
            record.update(_outcome(rng, outcomes, moment, ctx.as_at, officer))
        if rng.random() < 0.35 or record.get("outcome") in FAIL_NOTES:
            sensitive = rng.random() < 0.03
            text = rng.choice(SENSITIVE_NOTES if sensitive else NOTES)
            record["notes"] = FAIL_NOTES.get(record.get("outcome"), text)
            if sensitive and record.get("outcome") not in FAIL_NOTES:
                record["sensitive"] = True
        yield {k: v for k, v in record.items() if v not in ("", None)}
        if rng.random() < 0.08 and moment <= now:
            n += 1
            yield {
                "type": "contact",
                "id": f"contact-{person.index:06d}-{n}",
                "person": person.id,
                "officer": officer.id,
                "contact_type": "partner_contact",
                "national_standard": False,
                "starts_at": (moment + timedelta(hours=2)).isoformat(),
                "notes": "Checked with the police domestic-abuse unit: no call-outs since the last check.",
            }
        day = _weekday(day + timedelta(days=GAP_DAYS[frequency] + rng.randint(-1, 1)))

    if "unpaid_work" in current.requirement_types and current.disposal_id.startswith("disposal-"):
        k = current.requirement_types.index("unpaid_work") + 1
        requirement = current.disposal_id.replace("disposal-", "requirement-", 1) + f"-{k}"
        day = _weekday(start + timedelta(days=14))
        for _ in range(rng.randint(6, 16)):
            if day > min(horizon, ctx.as_at):
                break
            moment = datetime.combine(day, time(9, 0), LONDON)
            n += 1
            yield {
                "type": "contact",
                "id": f"contact-{person.index:06d}-{n}",
                "person": person.id,
                "officer": _officer_on(person, day, start, ctx.as_at).id,
                "requirement": requirement,
                "contact_type": "unpaid_work",
                "starts_at": moment.isoformat(),
                "national_standard": False,
                "location": "Community payback project",
                **_outcome(rng, outcomes, moment, ctx.as_at, None),
            }
            day = _weekday(day + timedelta(days=7))


def _outcome(rng, outcomes: Weighted, moment: datetime, as_at: date, officer) -> dict:
    """The outcome recorded for an appointment that has happened, as things stood on `as_at`."""
    day = moment.date()
    if (as_at - day).days <= 3 and rng.random() < 0.10:
        return {}  # not recorded yet
    outcome = outcomes.pick(rng)
    result: dict = {"outcome": outcome}
    if outcome in ("acceptable_absence", "unacceptable_absence"):
        due = rules.evidence_due(day, "ENG")
        result["evidence_due"] = due.isoformat()
        if not rules.absence_judgeable(as_at, due) or rng.random() < 0.04:
            result["outcome"] = "awaiting_evidence"  # still within the window, or never decided
        elif outcome == "acceptable_absence":
            result["absence_reason"] = ABSENCE_REASONS.pick(rng)
    recorded = moment + timedelta(hours=rng.randint(1, 6))
    if result["outcome"] in ("acceptable_absence", "unacceptable_absence"):
        recorded = datetime.combine(
            _next_working_day(rules.first_judgeable_day(rules.evidence_due(day, "ENG"))), time(10, 0), LONDON
        )
    if recorded.date() <= as_at:
        result["outcome_recorded_at"] = recorded.isoformat()
        if officer is not None:
            result["outcome_recorded_by"] = officer.id
    return result


def _next_working_day(day: date) -> date:
    while not is_working_day(day, "ENG"):
        day += timedelta(days=1)
    return day
