"""Contacts and contact levels. Each case is seen weekly for its first twelve weeks (induction, from
the first appointment), then as often as its tier and risk of serious harm require
(`probation.contacts.rules`), face to face unless telephone contact is allowed. Appointments are never
further apart than the level asks.

The quality profile (`ctx.quality`) decides, per provider: the share of cases first seen after the
first-appointment deadline (`late_first_contact`; the others are seen, and the appointment recorded,
by it); the share seen less often than their level asks in the last eight weeks (four, for a newer
level) that an inspection counts (`contact_level_missed`; in the other cases every appointment in
that window took place); and the share of the last year's step-downs that the risks did not allow
and nobody approved (`risky_step_down`: the practice the inspectorate criticised). Cases whose risks
allow it are stepped down at their latest six-monthly review, some with the SPO's approval; a few
risky requests wait for the SPO or were refused.

Each person has a compliance profile: most attend nearly always, some miss now and then, a few
often. Absences in the last five working days are awaiting evidence; a few older ones were never
decided; a few recent appointments have no outcome yet. The next one or two appointments are booked.
Unpaid work sessions (not National Standard contacts) run weekly for those with that requirement.
The failures to comply are left in `ctx.extra["contact_failures"]` for the enforcement step."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from probation.allocation import rules as allocation_rules
from probation.contacts import rules
from probation.contacts.constants import ContactFrequency, Outcome
from probation.lib.workingdays import add_working_days, is_working_day

from ..context import GenerationContext, SynthPerson
from ..registry import step
from ..util import Weighted

LONDON = ZoneInfo("Europe/London")
HIGH = ("high", "very_high")
FAILURES = set(Outcome.failures())
STEP_DOWN = 0.4  # of cases whose risks allow it, stepped down at the latest six-monthly review
REVIEW_DAYS = 182
STEP_DOWN_LOOKBACK_DAYS = 365  # `step_down.lookback_days`
ESCALATION_DAYS = 91  # `step_down.escalation_lookback_days`
ESCALATING_EVENTS = {"arrest_or_charge", "domestic_abuse_callout"}
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
    cases = [_case(ctx, rng, p) for p in ctx.people if p.officers and p.allocated_on is not None]
    rates = _step_down_rates(ctx, cases)
    # The failures to comply, for the enforcement step (which otherwise replays this step).
    failures = ctx.extra["contact_failures"] = []
    for case in cases:
        for record in _person(ctx, rng, case, rates[case.person.provider.code]):
            if record.get("outcome") in FAILURES:
                failures.append(record)
            yield record


@dataclass(eq=False)
class _Case:
    person: SynthPerson
    tier: str
    rosh: str
    required: rules.RequiredLevel
    six_months: date  # the latest six-monthly review of the level (the first, for a newer case)
    step_down_due: bool  # reached six months, with a level that can come down
    risky: bool | None  # on the six-month day the risks did not allow a step-down (None: unclear)
    counted: bool  # a step-down then would be within the indicator's look-back


def _case(ctx: GenerationContext, rng, person: SynthPerson) -> _Case:
    tier, rosh = _level_for(person, ctx, rng)
    required = rules.required_contact_level(tier, rosh)
    # The level is reviewed every six months; a step-down comes at the latest review.
    reviews = max(1, (ctx.as_at - person.allocated_on).days // REVIEW_DAYS)
    six_months = person.allocated_on + timedelta(days=REVIEW_DAYS * reviews)
    return _Case(
        person=person,
        tier=tier,
        rosh=rosh,
        required=required,
        six_months=six_months,
        step_down_due=six_months <= ctx.as_at and required.frequency != "bimonthly",
        risky=_risky_on(ctx, person, six_months, rosh),
        counted=six_months > ctx.as_at - timedelta(days=STEP_DOWN_LOOKBACK_DAYS),
    )


def _risky_on(ctx: GenerationContext, person: SynthPerson, day: date, rosh: str) -> bool | None:
    """Whether the risks on `day` rule a step-down out, as the inspection judges it: RoSH high or very
    high in the assessment then in force, MAPPA level 2 or 3, or an escalation (a referral back to
    the NPS, an arrest or charge, a domestic-abuse call-out) in the 91 days before. None when a
    referral back falls so near the window that the allocation step's date decides."""
    escalated = person.escalated_on
    if escalated is not None and day - timedelta(days=ESCALATION_DAYS - 1) <= escalated <= day + timedelta(
        days=12
    ):
        return None
    if "assessed" not in ctx.extra:  # the risk step has not run: the recorded RoSH is all there is
        return rosh in HIGH
    then = [level for completed, level in ctx.extra["assessed"].get(person.id, []) if completed <= day]
    if then and then[-1] in HIGH:
        return True
    mappa = ctx.extra.get("mappa", {}).get(person.id)
    if mappa and mappa[1] >= 2 and mappa[0] <= day:
        return True
    since = day - timedelta(days=ESCALATION_DAYS)
    return any(
        kind in ESCALATING_EVENTS and since <= occurred <= day
        for kind, occurred in ctx.extra.get("events", {}).get(person.id, [])
    )


def _step_down_rates(ctx: GenerationContext, cases: list[_Case]) -> dict[str, tuple[float, float]]:
    """Per provider, the chance that a case whose risks rule a step-down out is stepped down anyway,
    and the chance for the other cases, chosen so that the step-downs the inspection looks at are
    incompatible with the risks in the share the quality profile asks (`risky_step_down`)."""
    risky: dict[str, int] = defaultdict(int)
    safe: dict[str, int] = defaultdict(int)
    providers = {}
    for case in cases:
        code = case.person.provider.code
        providers[code] = case.person.provider
        if case.step_down_due and case.counted and case.risky is not None:
            (risky if case.risky else safe)[code] += 1
    rates: dict[str, tuple[float, float]] = {}
    for code, provider in providers.items():
        share = ctx.quality_of(provider).risky_step_down
        h, low = risky[code], safe[code]
        if share <= 0 or h == 0:
            rates[code] = (0.0, STEP_DOWN)
        elif low == 0 or share >= 1:
            rates[code] = (STEP_DOWN, 0.0 if share >= 1 else STEP_DOWN)
        else:
            u = share * STEP_DOWN * low / ((1 - share) * h)
            rates[code] = (u, STEP_DOWN) if u <= 1 else (1.0, (1 - share) * h / (share * low))
    return rates


def _levels(ctx, rng, case: _Case, start: date, rates: tuple[float, float]):
    """The person's contact level history: (records, [(from, frequency, method)]) oldest first."""
    person, required = case.person, case.required
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
    if not case.step_down_due or case.risky is None:
        return records, periods
    six_months = case.six_months
    slower = {"weekly": "fortnightly", "fortnightly": "monthly", "monthly": "bimonthly"}[required.frequency]
    requester = _officer_on(person, six_months, start, ctx.as_at)
    spo = manager if manager is not None and manager is not requester else None
    draw = rng.random()
    decision = rules.step_down_decision(
        rules.Level(required.frequency, required.method),
        rules.Level(slower, required.method),
        case.rosh,
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
    risky_rate, safe_rate = rates

    def in_force(extra: dict) -> None:
        records[-1]["effective_to"] = six_months.isoformat()
        periods.append((six_months, slower, required.method))
        records.append({**step_down, "effective_from": six_months.isoformat(), **extra})

    if case.risky and draw < risky_rate:
        # Stepped down though the risks did not allow it, and nobody approved it: what the
        # inspection found.
        in_force({})
    elif case.risky and spo and draw < risky_rate + (1 - risky_rate) * 0.1:
        asked = max(six_months, ctx.as_at - timedelta(days=rng.randint(0, 12)))
        records.append({**step_down, "effective_from": asked.isoformat(), "status": "awaiting_approval"})
    elif case.risky and spo and draw < risky_rate + (1 - risky_rate) * 0.2:
        decided = six_months + timedelta(days=rng.randint(1, 6))
        records.append(
            {
                **step_down,
                "effective_from": six_months.isoformat(),
                "status": "refused",
                "approved_by": spo.id,
                "decided_on": decided.isoformat(),
                "decision_notes": "Not yet: wait for the risk review",
            }
        )
    elif not case.risky and draw < safe_rate:
        if decision.outcome == "allowed":
            in_force({"decided_on": six_months.isoformat()})
        elif spo is not None:
            in_force({"approved_by": spo.id, "decided_on": six_months.isoformat()})
    return records, periods


def _first_day(case: _Case, late: bool, rng) -> date:
    """The first appointment: on a working day from receipt to the first-appointment deadline (the
    allocation step's), or, when late, one to ten working days after it."""
    received = case.person.current.start_date
    highest = case.person.risk == "very_high"
    due = allocation_rules.first_appointment_due(received, highest)
    if late:
        return add_working_days(due, rng.randint(1, 10))
    config = allocation_rules.DEFAULT_CONFIG
    days = config.first_contact_days_highest_tier if highest else config.first_contact_days
    return add_working_days(received, rng.randint(0 if is_working_day(received, "ENG") else 1, days))


def _window(ctx: GenerationContext, periods) -> tuple[date, int] | None:
    """The first day and the appointments asked for in the window the inspection counts contact in,
    for the level in force on the as-at date (None when it has been in force under four weeks)."""
    since, frequency, _method = periods[-1]
    if since <= ctx.as_at - timedelta(days=55):
        return ctx.as_at - timedelta(days=55), int(ContactFrequency.per_four_weeks(frequency) * 2)
    if since <= ctx.as_at - timedelta(days=27):
        return ctx.as_at - timedelta(days=27), int(ContactFrequency.per_four_weeks(frequency))
    return None


def _schedule(ctx, rng, first: date, horizon: date, periods) -> list[date]:
    """Appointment days, never further apart than the level in force asks (a weekend brings an
    appointment forward to the Friday), and two booked after the as-at date."""
    days: list[date] = []
    day = first
    ahead = 0
    while day <= horizon and ahead < 2:
        days.append(day)
        ahead += day > ctx.as_at
        frequency = next((f for since, f, _m in reversed(periods) if since <= day), periods[0][1])
        following = day + timedelta(days=GAP_DAYS[frequency] + rng.randint(-2, 0))
        if following.weekday() >= 5:
            following -= timedelta(days=following.weekday() - 4)
        day = max(following, day + timedelta(days=1))
    return days


def _person(ctx: GenerationContext, rng, case: _Case, rates: tuple[float, float]):
    person = case.person
    current = person.current
    start = person.allocated_on
    ends = [d for d in (current.terminated_on, current.end_date) if d is not None]
    finish = min(ends) if ends else ctx.as_at + timedelta(days=28)
    quality = ctx.quality_of(person.provider)
    late_first = rng.random() < quality.late_first_contact
    short = rng.random() < quality.contact_level_missed
    first_day = _first_day(case, late_first, rng)
    # Induction (weekly) runs from the first appointment.
    level_records, periods = _levels(ctx, rng, case, first_day, rates)
    yield from level_records

    profile = PROFILES.pick(rng)
    outcomes = OUTCOMES[profile]
    horizon = min(finish, ctx.as_at + timedelta(days=21))
    now = datetime.combine(ctx.as_at, time(12, 0), LONDON)
    days = _schedule(ctx, rng, first_day, horizon, periods)
    window = _window(ctx, periods)
    if window is not None and short and window[1] > 0:
        # Seen less often than the level asks, in the window the inspection counts.
        inside = [d for d in days if window[0] <= d <= ctx.as_at]
        keep = rng.randint(max(0, window[1] // 2 - 1), window[1] - 1)
        dropped = set(rng.sample(inside, max(0, len(inside) - keep)))
        days = [d for d in days if d not in dropped]
    n = 0
    for i, day in enumerate(days):
        _frequency, method = next(
            ((f, m) for since, f, m in reversed(periods) if since <= day), periods[0][1:]
        )
        counted = window is not None and window[0] <= day <= ctx.as_at
        # The first appointment in time, and those in the window counted for the contact level,
        # took place (the person was seen; a few failed to comply) and are recorded.
        seen = counted or (i == 0 and not late_first)
        moment = _moment(day, rng)
        if seen and day == ctx.as_at:
            moment = datetime.combine(day, time(9 + rng.randint(0, 2), rng.choice((0, 30))), LONDON)
        officer = _officer_on(person, day, start, ctx.as_at)
        n += 1
        home = rng.random() < (0.2 if case.rosh in HIGH else 0.07)
        video = rng.random() < 0.03 and not seen
        contact_type = (
            "telephone"
            if method == "telephone" and rng.random() < 0.6
            else ("home_visit" if home else "video" if video else "office")
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
            pass  # booked
        elif seen:
            record.update(_took_place(rng, outcomes, moment, officer))
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


def _took_place(rng, outcomes: Weighted, moment: datetime, officer) -> dict:
    """An appointment the person attended (complying, or now and then not), recorded that day."""
    steps = zip([0, *outcomes.cumulative], outcomes.cumulative, strict=False)
    shares = dict(zip(outcomes.items, (b - a for a, b in steps), strict=True))
    complied, failed = shares["attended_complied"], shares["attended_failed"]
    outcome = "attended_failed" if rng.random() * (complied + failed) < failed else "attended_complied"
    recorded = moment + timedelta(hours=rng.randint(1, 3))
    result = {"outcome": outcome, "outcome_recorded_at": recorded.isoformat()}
    if officer is not None:
        result["outcome_recorded_by"] = officer.id
    return result


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
