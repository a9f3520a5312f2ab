"""Risk: assessments, identified risks and their plan actions, registrations, MAPPA, partner checks
and significant events.

Each person has one or two RoSH assessments (the earlier superseded). The recorded level follows the
person's hidden risk: public-provider (NPS) cases are mostly high or medium with some very high;
private-provider (CRC) cases low or medium, with a few high awaiting escalation. Complete high and
very high assessments are countersigned by the team's SPO; a few recent ones still wait for it, and
a few are drafts. Risks are assessed well but not always followed through: the share of identified
risks with no plan action at all is a per-provider parameter (`NO_ACTION_SHARE`). Register flags
carry review dates, some overdue; MAPPA covers a few NPS cases. The recorded RoSH of each person is
left in `ctx.extra["rosh"]` for the contacts step."""

from __future__ import annotations

from datetime import date, timedelta

from probation.lib.workingdays import add_working_days
from probation.risk.constants import Need, RoshLevel
from probation.risk.rules.ogrs3 import ogrs3_score

from ..context import GenerationContext, SynthPerson
from ..quality import DEFAULT as DEFAULT_QUALITY
from ..registry import step
from ..util import Weighted

# The share of cases (and so of identified risks) with no action in the plan, by sector: the
# defaults of the quality profile (`probation.synth.quality`), which is what the step reads.
NO_ACTION_SHARE = {"NPS": DEFAULT_QUALITY.public.no_action, "CRC": DEFAULT_QUALITY.private.no_action}
PARTNER_CHECK_DAYS = 10  # working days to answer (`risk.partner_check_days`)
ASSESSMENT_DAYS = 15  # working days to complete the first assessment (`assessment.days`)
# Recorded RoSH given the hidden risk, by provider: NPS records it as it is (a few one step up);
# CRC cases above medium have mostly been escalated, so a few high remain and very high is rare.
RECORDED = {
    "NPS": {
        "low": Weighted({"low": 80, "medium": 20}),
        "medium": Weighted({"medium": 85, "high": 15}),
        "high": Weighted({"high": 85, "very_high": 10, "medium": 5}),
        "very_high": Weighted({"very_high": 90, "high": 10}),
    },
    "CRC": {
        "low": Weighted({"low": 90, "medium": 10}),
        "medium": Weighted({"medium": 92, "low": 5, "high": 3}),
        "high": Weighted({"high": 70, "medium": 30}),
        "very_high": Weighted({"high": 100}),
    },
}
TWO_ASSESSMENTS = 0.45
DRAFT = 0.04  # the latest assessment is still a draft
AWAITING_COUNTERSIGNATURE = 0.05  # of high and very high latest ones
SEVERITY = {
    "low": Weighted({"none": 55, "standard": 40, "severe": 5}),
    "medium": Weighted({"none": 35, "standard": 50, "severe": 15}),
    "high": Weighted({"none": 25, "standard": 45, "severe": 30}),
    "very_high": Weighted({"none": 20, "standard": 40, "severe": 40}),
}
RISKS_FOR = {"low": (0, 1), "medium": (1, 2), "high": (1, 3), "very_high": (2, 3)}
RISK_TEXT = {
    "public": "Violence towards strangers in the night-time economy when drinking.",
    "known_adult": "Violence and coercive control towards a current or former partner.",
    "children": "Emotional harm to children who witness violence at home.",
    "staff": "Verbal abuse and threats towards staff when challenged.",
}
ACTIONS = {
    "public": [
        "Refer to the alcohol service and review attendance monthly.",
        "Exclusion from the town centre on weekend nights.",
    ],
    "known_adult": [
        "Police domestic-abuse check before every home visit.",
        "Refer to the Building Better Relationships programme.",
    ],
    "children": [
        "Children's services check; share the plan with the allocated social worker.",
        "Discuss contact arrangements at every supervision.",
    ],
    "staff": [
        "Two staff at office appointments; flag on the case.",
        "Address behaviour in supervision and warn about consequences.",
    ],
}
# (code, chance, review months): register flags and how often people carry them.
FLAGS = [
    ("RMDO", 0.22, 6),
    ("ALSH", 0.08, 3),
    ("RVLN", 0.06, 6),
    ("RCCO", 0.07, 6),
    ("RCPR", 0.03, 6),
    ("ADV", 0.18, 6),
    ("AWEA", 0.04, 6),
    ("IIOM", 0.05, 6),
    ("STRG", 0.02, 6),
    ("RPIR", 0.01, 6),
]
OVERDUE_REVIEW = 0.15
MAPPA_SHARE = 0.25  # of NPS high and very high cases
MAPPA_LEVEL = Weighted({1: 85, 2: 12, 3: 3})
PARTNER_CHECKS = 0.30
SIGNIFICANT_EVENT = 0.12
EVENTS = Weighted(
    {
        "arrest_or_charge": 20,
        "domestic_abuse_callout": 20,
        "address_change": 30,
        "relationship_change": 15,
        "employment_change": 15,
    }
)
AGENCY = {
    "police_domestic_abuse": "Police domestic abuse unit",
    "childrens_services": "Children's services",
    "adult_social_care": "Adult social care",
}
NEEDS = list(Need.values)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _clean(record: dict) -> dict:
    return {k: v for k, v in record.items() if v not in ("", None, {}, False)}


@step("risk", order=65)
def risk(ctx: GenerationContext, rng):
    rosh_of: dict[str, str] = ctx.extra.setdefault("rosh", {})
    for person in ctx.people:
        if not person.sentences:
            continue
        yield from _person(ctx, rng, person, rosh_of)


def _ages(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _ogrs3(person: SynthPerson, on: date, rng) -> tuple[int | None, int | None]:
    sentence = person.current
    try:
        age = _ages(person.date_of_birth, sentence.conviction_date)
        return ogrs3_score(
            person.sex,
            age,
            max(age, _ages(person.date_of_birth, sentence.start_date)),
            rng.randint(1, 12),
            max(10, age - rng.randint(0, 15)),
            person.main_category,
        )
    except (ValueError, TypeError):
        return None, None


def _person(ctx: GenerationContext, rng, person: SynthPerson, rosh_of: dict):
    code = (
        person.provider.code
        if person.provider.code in RECORDED
        else ("NPS" if person.provider.public else "CRC")
    )
    quality = ctx.quality_of(person.provider)
    level = RECORDED[code][person.risk].pick(rng)
    sentence = person.current
    start = sentence.start_date
    span = (ctx.as_at - start).days
    officers = person.officers or person.team.officers
    assessor = officers[-1] if officers else person.team.manager
    if assessor is None:
        return
    spo = person.team.manager if person.team.manager and person.team.manager is not assessor else None
    late = rng.random() < quality.late_assessment
    # A case where risk is not kept to a minimum: its first action, check or review that falls due
    # is missed (`_Misses`); every other case has each done in time.
    miss = _Misses(rng.random() < quality.risk_not_minimised)
    ogrs1, ogrs2 = _ogrs3(person, start, rng)
    plan = _assessment_plan(ctx, rng, start, late, level, spo is not None)
    event = None
    first_done = plan[0]["completed"]
    if first_done is not None and (ctx.as_at - first_done).days > 14 and rng.random() < SIGNIFICANT_EVENT:
        occurred = first_done + timedelta(days=rng.randint(1, (ctx.as_at - first_done).days - 7))
        recorded = occurred + timedelta(days=rng.randint(0, 5))
        event = (occurred, recorded, recorded + timedelta(days=10), EVENTS.pick(rng))
    review = _second_assessment(ctx, rng, plan[0], event, miss, level, spo is not None)
    if review is not None:
        plan.append(review)
    rosh_of[person.id] = plan[-1]["level"]
    latest = None
    n = len(plan)
    assessed: list[tuple[date, str]] = []
    for i, a in enumerate(plan, start=1):
        this_level = a["level"]
        status, submitted, signed_on, completed = a["status"], a["submitted"], a["signed"], a["completed"]
        countersigner = spo.id if signed_on else None
        if i < n and status == "complete":
            status = "superseded"
        groups = _by_group(rng, this_level, sentence.sentence_type in {"licence", "pss"})
        aid = f"risk-assessment-{person.index:06d}-{i}"
        needs = {need: SEVERITY[this_level].pick(rng) for need in NEEDS}
        yield _clean(
            {
                "type": "risk_assessment",
                "id": aid,
                "person": person.id,
                "sequence": i,
                "status": status if status != "draft" else None,  # draft by default
                "assessed_by": assessor.id,
                "started_on": _iso(a["started"]),
                "submitted_on": _iso(submitted),
                "countersigned_by": countersigner,
                "countersigned_on": _iso(signed_on),
                "completed_on": _iso(completed),
                "rosh_overall": this_level,
                "rosh_by_group": groups,
                "who_is_at_risk": ", ".join(
                    g.replace("_", " ") for g in groups["community"] if groups["community"][g] == this_level
                ).capitalize(),
                "risk_to_self_self_harm": rng.random() < 0.08,
                "ogrs3_one_year": ogrs1,
                "ogrs3_two_year": ogrs2,
                "needs": needs,
            }
        )
        if status in ("complete", "superseded"):
            latest = (aid, this_level, groups, completed)
            assessed.append((completed, this_level))
            ctx.extra.setdefault("needs", {})[person.id] = [
                need for need, severity in needs.items() if severity in ("standard", "severe")
            ]
    ctx.extra.setdefault("assessed", {})[person.id] = assessed
    check = None
    if span >= 0 and rng.random() < PARTNER_CHECKS:
        others = ("childrens_services", "adult_social_care")
        kind = "police_domestic_abuse" if rng.random() < 0.6 else rng.choice(others)
        asked = start + timedelta(days=rng.randint(0, min(14, span)))
        deadline = add_working_days(asked, PARTNER_CHECK_DAYS)
        if miss.pending and deadline < ctx.as_at:
            answered = add_working_days(deadline, rng.randint(1, 10)) if rng.random() < 0.6 else None
            miss.done = True
        elif deadline >= ctx.as_at:
            answered = None  # not yet due: unanswered (so an inspection judges it in no case yet)
        else:
            answered = asked + timedelta(days=rng.randint(1, max(1, (deadline - asked).days)))
        if answered is not None and answered > ctx.as_at:
            answered = None
        check = _clean(
            {
                "type": "partner_check",
                "id": f"partner-check-{person.index:06d}",
                "person": person.id,
                "kind": kind,
                "agency": AGENCY[kind],
                "requested_on": _iso(asked),
                "answered_on": _iso(answered),
                "outcome": "No call-outs recorded in the last two years." if answered else "",
                "requested_by": assessor.id,
            }
        )
    if latest is not None:
        yield from _risks(ctx, rng, person, latest, assessor, quality, miss)
    yield from _flags(ctx, rng, person, assessor)
    if code == "NPS" and level in ("high", "very_high") and rng.random() < MAPPA_SHARE:
        mappa_start = start + timedelta(days=rng.randint(0, min(30, max(0, span))))
        mappa_level = MAPPA_LEVEL.pick(rng)
        ctx.extra.setdefault("mappa", {})[person.id] = (mappa_start, mappa_level)
        yield _clean(
            {
                "type": "mappa",
                "id": f"mappa-{person.index:06d}",
                "person": person.id,
                "category": 1 if person.main_category.startswith("sexual") else 2,
                "level": mappa_level,
                "start_date": _iso(mappa_start),
                "review_due": _iso(ctx.as_at + timedelta(days=rng.randint(-20, 120))),
            }
        )
    if check is not None:
        yield check
    if event is not None:
        occurred, recorded, review_due, event_type = event
        ctx.extra.setdefault("events", {})[person.id] = [(event_type, occurred)]
        yield _clean(
            {
                "type": "significant_event",
                "id": f"significant-event-{person.index:06d}",
                "person": person.id,
                "event_type": event_type,
                "occurred_on": _iso(occurred),
                "recorded_on": _iso(recorded),
                "review_due": _iso(review_due),
                "recorded_by": assessor.id,
            }
        )


class _Misses:
    """Whether a case misses a step to keep risk to a minimum, and whether the miss has been placed.
    Its steps are placed in order (the significant event's review, the partner check, then the risk
    actions): the first that is due by the as-at date is missed, and any step not yet due is left
    undone, so the case is judged only on the missed step."""

    def __init__(self, wanted: bool):
        self.wanted = wanted
        self.done = False

    @property
    def pending(self) -> bool:
        return self.wanted and not self.done


def _assessment_plan(ctx, rng, start: date, late: bool, level: str, can_countersign: bool) -> list[dict]:
    """The first assessment after the start: on time within 4 working days, late after 16 or more
    (so whatever the tier's deadline, 5 or 15 working days, it is met or missed). Until 15 working
    days have passed it is still being written, late or not: an inspection then sees neither."""
    submitted = add_working_days(start, rng.randint(16, 40) if late else rng.randint(0, 2))
    if ctx.as_at < add_working_days(start, ASSESSMENT_DAYS):
        submitted = max(submitted, ctx.as_at + timedelta(days=1))
    first = _dates(ctx, rng, start, submitted, level, can_countersign, allow_pending=False)
    return [first]


def _dates(
    ctx, rng, started: date, submitted: date, level: str, can_countersign: bool, *, allow_pending: bool
) -> dict:
    if RoshLevel.needs_countersignature(level) and not can_countersign:
        level = "medium"
    signed = None
    completed = submitted
    if RoshLevel.needs_countersignature(level):
        signed = add_working_days(submitted, rng.randint(0, 2))
        completed = signed
    status = "complete"
    if submitted > ctx.as_at:
        status, submitted, signed, completed = "draft", None, None, None
    elif completed > ctx.as_at:
        status, signed, completed = "awaiting_countersignature", None, None
    elif allow_pending and rng.random() < DRAFT:
        status, submitted, signed, completed = "draft", None, None, None
    elif allow_pending and signed and rng.random() < AWAITING_COUNTERSIGNATURE:
        status, signed, completed = "awaiting_countersignature", None, None
    return {
        "started": started,
        "submitted": submitted,
        "signed": signed,
        "completed": completed,
        "status": status,
        "level": level,
    }


def _second_assessment(
    ctx, rng, first: dict, event, miss: _Misses, level: str, can_countersign: bool
) -> dict | None:
    """A review of the assessment: after a significant event (within its review date, unless this is
    where the case misses a step), or now and then."""
    if first["completed"] is None:
        return None
    if event is not None:
        occurred, _recorded, review_due, _type = event
        if review_due >= ctx.as_at:
            return None  # not yet due: not yet reviewed (so an inspection judges it in no case yet)
        if miss.pending:
            miss.done = True
            after = review_due + timedelta(days=rng.randint(1, 40))
            if after > ctx.as_at or rng.random() >= TWO_ASSESSMENTS:
                return None
            submitted = min(after + timedelta(days=rng.randint(0, 10)), ctx.as_at)
            return _dates(ctx, rng, after, submitted, level, can_countersign, allow_pending=True)
        started = occurred + timedelta(days=rng.randint(0, 1))
        submitted = started + timedelta(days=rng.randint(0, 2))
        return _dates(ctx, rng, started, submitted, level, can_countersign, allow_pending=False)
    span = (ctx.as_at - first["completed"]).days
    if span <= 40 or rng.random() >= TWO_ASSESSMENTS:
        return None
    started = first["completed"] + timedelta(days=rng.randint(20, span - 10))
    submitted = min(started + timedelta(days=rng.randint(0, 10)), ctx.as_at)
    return _dates(ctx, rng, started, submitted, level, can_countersign, allow_pending=True)


LEVELS_UP_TO = {
    lv: [lower for lower in RoshLevel.values if RoshLevel.rank(lower) <= RoshLevel.rank(lv)]
    for lv in RoshLevel.values
}


def _by_group(rng, level: str, custody: bool) -> dict:
    lower = LEVELS_UP_TO[level]
    top = rng.choice(("public", "known_adult", "known_adult", "children"))
    community = {
        g: (level if g == top else rng.choice(lower)) for g in ("public", "known_adult", "children", "staff")
    }
    groups = {"community": community}
    if custody:
        groups["custody"] = {"prisoners": rng.choice(lower), "staff": rng.choice(lower)}
    return groups


def _risks(ctx, rng, person, latest, assessor, quality, miss: _Misses):
    aid, level, groups, on = latest
    low, high = RISKS_FOR[level]
    count = rng.randint(low, high)
    if not count:
        return
    on = on or ctx.as_at
    yield _clean(
        {
            "type": "risk_plan",
            "id": f"risk-plan-{person.index:06d}",
            "person": person.id,
            "contingency": "If risk rises: increase reporting, police check, consider recall or breach.",
            "last_reviewed_on": _iso(on),
        }
    )
    # A case not followed through has no action for any of its risks.
    unactioned = rng.random() < quality.no_action
    chosen = sorted(groups["community"], key=lambda g: -RoshLevel.rank(groups["community"][g]))[:count]
    for j, group in enumerate(chosen, start=1):
        rid = f"identified-risk-{person.index:06d}-{j}"
        yield {
            "type": "identified_risk",
            "id": rid,
            "person": person.id,
            "assessment": aid,
            "group": group,
            "level": groups["community"][group],
            "description": RISK_TEXT[group],
        }
        if unactioned:
            continue
        for k, text in enumerate(ACTIONS[group][: rng.randint(1, 2)], start=1):
            due = on + timedelta(days=rng.randint(14, 90))
            delivered_on = None
            if due <= ctx.as_at and miss.pending:
                miss.done = True  # the step missed: still open, or done late
                late = due + timedelta(days=rng.randint(1, 30))
                delivered_on = late if late <= ctx.as_at and rng.random() < 0.5 else None
            elif due <= ctx.as_at:
                delivered_on = max(on, due - timedelta(days=rng.randint(0, 10)))
            yield _clean(
                {
                    "type": "risk_action",
                    "id": f"risk-action-{person.index:06d}-{j}-{k}",
                    "person": person.id,
                    "risk": rid,
                    "action": text,
                    "owner_name": assessor.name,
                    "due_on": _iso(due),
                    "status": "delivered" if delivered_on else None,  # open by default
                    "delivered_on": _iso(delivered_on),
                    "evidence": "Recorded in supervision." if delivered_on else "",
                }
            )


def _flags(ctx, rng, person, assessor):
    start = person.current.start_date
    for code, chance, months in FLAGS:
        if rng.random() >= chance:
            continue
        registered = start + timedelta(days=rng.randint(0, 20))
        if registered > ctx.as_at:
            registered = ctx.as_at
        # The review falls a cycle after the last one held; a few were missed and are overdue.
        period = months * 30
        elapsed = (ctx.as_at - registered).days
        review = registered + timedelta(days=period * (elapsed // period + 1))
        if rng.random() < OVERDUE_REVIEW and review - timedelta(days=period) > registered:
            review -= timedelta(days=period)
        yield {
            "type": "registration",
            "id": f"registration-{person.index:06d}-{code}",
            "person": person.id,
            "flag": code,
            "registered_on": _iso(registered),
            "review_due": _iso(review),
            "registered_by": assessor.id,
        }
