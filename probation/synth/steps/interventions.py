"""Interventions: each area's directory and partner agencies (the same entries, with the same ids,
as the interventions app seeds), referrals with their sessions, and information exchanged with
partner agencies.

Who is referred follows the sentence: a programme requirement leads to an accredited programme, a
DRR or ATR to treatment, a RAR to rehabilitation activities and partner services; people on licence
or post-sentence supervision are sometimes referred to accommodation, employment or finance help.
Only referrals the eligibility rule allows are made. Outcomes follow published patterns loosely:
most referrals are accepted; roughly half of accredited programmes and treatment episodes are
completed and the rest end early, mostly for non-engagement or breach; rehabilitation activities
and partner services complete more often. Recent referrals are still open on the as-at date, and a
few have stalled (no decision, or no end-of-service report)."""

from __future__ import annotations

from datetime import date, timedelta

from probation.interventions import rules, seed
from probation.lib.dates import age_on

from ..context import GenerationContext, SynthPerson
from ..registry import step
from ..util import Weighted

ATTENDANCE = Weighted({"attended": 80, "failed_to_attend": 9, "acceptable_absence": 8, "attended_failed": 3})
ABSENCE_REASONS = Weighted({"medical": 45, "work": 20, "childcare": 15, "court": 8, "other": 12})
TESTS = Weighted({"negative": 58, "positive": 32, "refused": 5, "": 5})
DECLINE_REASONS = Weighted(
    {"not_suitable": 35, "no_capacity": 20, "person_declined": 25, "risk_too_high": 10, "other": 10}
)
END_REASONS = Weighted(
    {
        "non_engagement": 50,
        "breach_or_recall": 20,
        "withdrawn": 10,
        "moved_area": 8,
        "provider_unable": 7,
        "risk_changed": 5,
    }
)
# Chance of completing, once started, by category.
COMPLETION = {
    "accredited_programme": 0.55,
    "drug_treatment": 0.5,
    "alcohol_treatment": 0.55,
    "rar_activity": 0.78,
    "womens_service": 0.7,
    "accommodation": 0.65,
    "ete": 0.62,
    "finance": 0.72,
    "wellbeing": 0.6,
    "other": 0.6,
}
DECLINED = 0.08
NEVER_DECIDED = 0.03  # the provider never answers: the referral stalls
REPORT_MISSING = 0.08  # the provider never sends the end-of-service report
OUTCOME_IF_COMPLETED = Weighted({"achieved": 70, "partly": 25, "not_achieved": 5})
OUTCOME_IF_ENDED = Weighted({"achieved": 5, "partly": 35, "not_achieved": 60})
PARTNER_SERVICES = ("accommodation", "ete", "finance", "wellbeing")
REPORTS = {
    "achieved": "Attended as planned and met the desired outcomes. No further work needed from the service.",
    "partly": "Made some progress towards the desired outcomes; keep this need in the sentence plan.",
    "not_achieved": "Did not engage enough to make progress. The need remains and should be reviewed.",
}


@step("interventions", order=70)
def interventions(ctx: GenerationContext, rng):
    directories = {}
    for area in ctx.areas:
        directories[area.name] = _Directory(area.name)
        yield from directories[area.name].records(area.id)
    for person in ctx.people:
        directory = directories[person.area.name]
        yield from _referrals(ctx, rng, person, directory)
        yield from _exchanges(ctx, rng, person, directory)


class _Directory:
    def __init__(self, area_name: str):
        self.area_name = area_name
        self.partners = seed.partners_for(area_name)
        self.entries = {entry["name"]: entry for entry in seed.interventions_for(area_name)}

    def id(self, name: str) -> str:
        return seed.intervention_id(self.area_name, name)

    def agency(self, kind: str) -> str | None:
        name = next((name for name, k, _ in self.partners if k == kind), None)
        return seed.partner_id(self.area_name, name) if name else None

    def records(self, area_id: str):
        for name, kind, contact in self.partners:
            record = {
                "type": "partner_agency",
                "id": seed.partner_id(self.area_name, name),
                "name": name,
                "kind": kind,
                "area": area_id,
            }
            if contact:
                record["contact_details"] = contact
            yield record
        for name, entry in self.entries.items():
            external_id = self.id(name)
            record = {
                "type": "intervention",
                "id": external_id,
                "name": name,
                "category": entry["category"],
                "area": area_id,
                "description": entry["description"],
                "sex": entry["sex"],
                "counts_as_rar": entry["counts_as_rar"],
                "capacity": entry["capacity"],
                "waiting_weeks": entry["waiting_weeks"],
            }
            for key in ("max_rosh", "required_requirement", "expected_sessions"):
                if entry[key]:
                    record[key] = entry[key]
            if entry["partner"]:
                record["partner"] = seed.partner_id(self.area_name, entry["partner"])
            yield record
            for need in entry["needs"]:
                yield {
                    "type": "intervention_need",
                    "id": seed.need_id(external_id, need),
                    "intervention": external_id,
                    "need": need,
                }


def _choices(rng, person: SynthPerson, directory: _Directory, on: date) -> list[str]:
    """The interventions the officer would look at for this person, most important first."""
    current = person.current
    requirements = set(current.requirement_types)
    wanted = []
    if "programme" in requirements:
        if person.main_category.startswith("sexual"):
            wanted.append("Kaizen" if person.risk in ("high", "very_high") else "Horizon")
        elif person.main_category == "violence" and person.sex == "male" and rng.random() < 0.5:
            wanted.append("Building Better Relationships")
        else:
            wanted.append("Thinking Skills Programme")
    if "drug_rehabilitation" in requirements:
        wanted.append("Drug rehabilitation requirement treatment")
    if "alcohol_treatment" in requirements:
        wanted.append("Alcohol treatment requirement treatment")
    if "rar" in requirements:
        if person.sex == "female" and rng.random() < 0.7:
            wanted.append("Women's centre: holistic support")
        activities = [name for name, e in directory.entries.items() if e["category"] == "rar_activity"]
        wanted.append(rng.choice(activities))
        if rng.random() < 0.5:
            wanted.append(_partner_service(rng, directory))
        if 18 <= age_on(person.date_of_birth, on) <= 25 and rng.random() < 0.3:
            wanted.append("Mentoring for young adults")
    elif current.sentence_type in ("licence", "pss") and rng.random() < 0.4:
        wanted.append(_partner_service(rng, directory))
    return list(dict.fromkeys(wanted))


def _partner_service(rng, directory: _Directory) -> str:
    category = rng.choice(PARTNER_SERVICES)
    return next(name for name, e in directory.entries.items() if e["category"] == category)


def _requirement_id(person: SynthPerson, requirement_type: str) -> str | None:
    """The id the sentences step gave the current sentence's requirement of this type."""
    current = person.current
    if requirement_type not in current.requirement_types:
        return None
    k = current.requirement_types.index(requirement_type) + 1
    return f"requirement-{person.index:06d}-{len(person.sentences)}-{k}"


def _referrals(ctx: GenerationContext, rng, person: SynthPerson, directory: _Directory):
    current = person.current
    start = max(current.start_date, person.allocated_on or current.start_date)
    officer = person.officers[-1].id if person.officers else None
    if officer is None:
        return
    candidate = rules.Candidate(
        sex=person.sex,
        rosh=person.risk,
        requirement_types=frozenset(current.requirement_types),
        sentence_end=current.end_date,
    )
    for k, name in enumerate(_choices(rng, person, directory, start), 1):
        entry = directory.entries[name]
        referred_on = start + timedelta(days=rng.randint(3, 40) + 7 * (k - 1))
        if referred_on > ctx.as_at:
            continue
        offer = rules.Offer(
            sex=entry["sex"],
            max_rosh=entry["max_rosh"],
            required_requirement=entry["required_requirement"],
            waiting_weeks=entry["waiting_weeks"],
        )
        if not rules.eligibility(candidate, offer, referred_on).eligible:
            continue
        requirement_type = entry["required_requirement"] or ("rar" if entry["counts_as_rar"] else "")
        yield from _referral(
            ctx,
            rng,
            person,
            entry,
            f"referral-{person.index:06d}-{k}",
            directory.id(name),
            referred_on,
            officer,
            _requirement_id(person, requirement_type) if requirement_type else None,
        )


def _referral(ctx, rng, person, entry, referral_id, intervention_id, referred_on, officer, requirement_id):
    as_at = ctx.as_at
    need = entry["needs"][0] if rng.random() < 0.7 else rng.choice(entry["needs"])
    record = {
        "type": "referral",
        "id": referral_id,
        "person": person.id,
        "intervention": intervention_id,
        "need": need,
        "desired_outcomes": _outcomes(need),
        "rosh_at_referral": person.risk,
        "risk_information": f"Risk of serious harm: {person.risk.replace('_', ' ')}. "
        "See the risk assessment for who is at risk and what increases it.",
        "referred_on": referred_on.isoformat(),
        "referred_by": officer,
    }
    if requirement_id:
        record["requirement"] = requirement_id
    sessions: list[dict] = []
    progress = [referred_on]

    def finish(status: str):
        record["status"] = status
        record["last_progress_on"] = max(progress).isoformat()
        return [record, *sessions]

    decided = referred_on + timedelta(days=rng.randint(2, 14))
    if decided > as_at or rng.random() < NEVER_DECIDED:
        return finish("referred")
    record |= {"decided_on": decided.isoformat(), "decided_by": officer}
    progress.append(decided)
    if rng.random() < DECLINED:
        record["decline_reason"] = DECLINE_REASONS.pick(rng)
        return finish("declined")
    submitted = decided + timedelta(days=rng.randint(5, 21))
    if submitted > as_at:
        return finish("accepted")
    record |= {
        "action_plan": _plan(entry),
        "action_plan_submitted_on": submitted.isoformat(),
        "action_plan_submitted_by": officer,
    }
    progress.append(submitted)
    approved = submitted + timedelta(days=rng.randint(1, 10))
    if approved > as_at:
        return finish("action_plan_submitted")
    record |= {"action_plan_approved_on": approved.isoformat(), "action_plan_approved_by": officer}
    progress.append(approved)

    expected = entry["expected_sessions"] or 6
    completes = rng.random() < COMPLETION[entry["category"]]
    planned = expected if completes else rng.randint(0, max(0, expected - 2))
    first = max(
        approved + timedelta(days=rng.randint(2, 9)),
        referred_on + timedelta(days=int(entry["waiting_weeks"] * 7 * rng.uniform(0.6, 1.2))),
    )
    attended = 0
    day = first
    treatment = entry["category"] in ("drug_treatment", "alcohol_treatment")
    for n in range(1, 10 * expected):
        if attended >= planned or day > as_at:
            break
        attendance = ATTENDANCE.pick(rng)
        session = {
            "type": "intervention_session",
            "id": f"{referral_id}-s{n}",
            "referral": referral_id,
            "starts_at": f"{day.isoformat()}T{rng.choice([10, 11, 14, 15])}:00:00",
            "attendance": attendance,
            "recorded_by": officer,
        }
        if attendance == "acceptable_absence":
            session["absence_reason"] = ABSENCE_REASONS.pick(rng)
        if treatment and attendance in ("attended", "attended_failed"):
            result = TESTS.pick(rng)
            if result:
                session["test_result"] = result
        sessions.append(session)
        progress.append(day)
        attended += attendance == "attended"
        day += timedelta(days=7 if rng.random() < 0.85 else 14)
    last = max(progress)
    if attended < planned:
        return finish("in_progress")  # still being delivered on the as-at date
    ended = last + timedelta(days=rng.randint(1, 10))
    if ended > as_at:
        return finish("in_progress")
    record["ended_on"] = ended.isoformat()
    progress.append(ended)
    if completes:
        status = "completed"
    else:
        status = "ended_early"
        record["end_reason"] = END_REASONS.pick(rng)
    reported = ended + timedelta(days=rng.randint(3, 20))
    if reported <= as_at and rng.random() >= REPORT_MISSING:
        outcome = (OUTCOME_IF_COMPLETED if completes else OUTCOME_IF_ENDED).pick(rng)
        record |= {
            "report_outcome": outcome,
            "report_text": REPORTS[outcome],
            "report_submitted_on": reported.isoformat(),
            "report_submitted_by": officer,
        }
        progress.append(reported)
    return finish(status)


def _outcomes(need: str) -> str:
    return {
        "accommodation": "Has a settled, suitable home and knows how to keep the tenancy.",
        "ete": "Is in work, training or education, or has a clear plan to get there.",
        "finance": "Has a working budget, the benefits due and a plan for debts.",
        "relationships": "Understands abusive behaviour and uses safer ways to handle conflict.",
        "lifestyle": "Has a structured week away from offending associates.",
        "drugs": "Stable on treatment, reduced drug use shown by negative tests.",
        "alcohol": "Drinks within safe limits; no alcohol-related offending.",
        "emotional_wellbeing": "Manages low mood and stress; linked to ongoing support.",
        "thinking_behaviour": "Uses problem-solving and self-control skills in risky situations.",
        "attitudes": "Recognises and challenges attitudes that support offending.",
    }[need]


def _plan(entry: dict) -> str:
    sessions = entry["expected_sessions"] or 6
    return (
        f"{sessions} sessions, usually weekly, starting with an assessment of goals. Progress reviewed "
        "with the responsible officer half way through and at the end."
    )


def _exchanges(ctx: GenerationContext, rng, person: SynthPerson, directory: _Directory):
    if rng.random() >= 0.45:
        return
    current = person.current
    officer = person.officers[-1].id if person.officers else None
    if officer is None or current.start_date >= ctx.as_at:
        return
    options = [("police", "requested", "Domestic-abuse call-outs in the last 12 months", True)]
    if rng.random() < 0.5:
        options.append(
            ("childrens_services", "requested", "Children known to services at the home address", True)
        )
    if {"drug_rehabilitation", "alcohol_treatment"} & set(current.requirement_types):
        options.append(("substance_misuse", "shared", "Sentence, requirement and appointment details", False))
    if person.risk in ("high", "very_high"):
        options.append(("mappa", "shared", "Risk management plan for the MAPPA meeting", True))
    if rng.random() < 0.3:
        options.append(
            ("housing", "shared", "Address history and risk information for a housing application", False)
        )
    rng.shuffle(options)
    span = (ctx.as_at - current.start_date).days
    for k, (kind, direction, subject, sensitive) in enumerate(options[: rng.randint(1, 3)], 1):
        agency = directory.agency(kind)
        if agency is None:
            continue
        on = current.start_date + timedelta(days=rng.randint(0, span))
        record = {
            "type": "partner_exchange",
            "id": f"exchange-{person.index:06d}-{k}",
            "person": person.id,
            "agency": agency,
            "direction": direction,
            "subject": subject,
            "occurred_on": on.isoformat(),
            "recorded_by": officer,
        }
        if sensitive:
            record["sensitive"] = True
        if direction == "requested":
            answered = on + timedelta(days=rng.randint(2, 25))
            if answered <= ctx.as_at and rng.random() < 0.9:
                record["response_received_on"] = answered.isoformat()
                record["summary"] = rng.choice(
                    [
                        "No incidents recorded.",
                        "One call-out recorded; no further action taken.",
                        "Known to the service; the allocated worker will contact the officer.",
                    ]
                )
            else:
                record["summary"] = "Request sent by secure email."
        else:
            record["summary"] = "Shared by secure email with the person's knowledge."
        yield record
