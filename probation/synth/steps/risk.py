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

from probation.risk.constants import Need, RoshLevel
from probation.risk.rules.ogrs3 import ogrs3_score

from ..context import GenerationContext, SynthPerson
from ..registry import step
from ..util import Weighted

# The share of identified risks with no action in the plan, by provider code.
NO_ACTION_SHARE = {"NPS": 0.30, "CRC": 0.45}
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
    "public": ["Refer to the alcohol service and review attendance monthly.", "Exclusion from the town centre on weekend nights."],
    "known_adult": ["Police domestic-abuse check before every home visit.", "Refer to the Building Better Relationships programme."],
    "children": ["Children's services check; share the plan with the allocated social worker.", "Discuss contact arrangements at every supervision."],
    "staff": ["Two staff at office appointments; flag on the case.", "Address behaviour in supervision and warn about consequences."],
}
# (code, chance, review months): register flags and how often people carry them.
FLAGS = [("RMDO", 0.22, 6), ("ALSH", 0.08, 3), ("RVLN", 0.06, 6), ("RCCO", 0.07, 6), ("RCPR", 0.03, 6),
         ("ADV", 0.18, 6), ("AWEA", 0.04, 6), ("IIOM", 0.05, 6), ("STRG", 0.02, 6), ("RPIR", 0.01, 6)]
OVERDUE_REVIEW = 0.15
MAPPA_SHARE = 0.25  # of NPS high and very high cases
MAPPA_LEVEL = Weighted({1: 85, 2: 12, 3: 3})
PARTNER_CHECKS = 0.30
SIGNIFICANT_EVENT = 0.12
EVENTS = Weighted({"arrest_or_charge": 20, "domestic_abuse_callout": 20, "address_change": 30,
                   "relationship_change": 15, "employment_change": 15})
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
            person.sex, age, max(age, _ages(person.date_of_birth, sentence.start_date)),
            rng.randint(1, 12), max(10, age - rng.randint(0, 15)), person.main_category,
        )
    except (ValueError, TypeError):
        return None, None


def _person(ctx: GenerationContext, rng, person: SynthPerson, rosh_of: dict):
    code = person.provider.code if person.provider.code in RECORDED else ("NPS" if person.provider.public else "CRC")
    level = RECORDED[code][person.risk].pick(rng)
    rosh_of[person.id] = level
    sentence = person.current
    first_day = max(sentence.start_date, ctx.as_at - timedelta(days=730))
    span = (ctx.as_at - first_day).days
    officers = person.officers or person.team.officers
    assessor = (officers[-1] if officers else person.team.manager)
    if assessor is None:
        return
    spo = person.team.manager if person.team.manager and person.team.manager is not assessor else None
    n = 2 if span > 60 and rng.random() < TWO_ASSESSMENTS else 1
    starts = sorted(first_day + timedelta(days=rng.randint(0, max(0, span - 5))) for _ in range(n))
    if n == 2 and (starts[1] - starts[0]).days < 20:
        n, starts = 1, starts[:1]
    ogrs1, ogrs2 = _ogrs3(person, starts[0], rng)
    latest = None
    for i, start in enumerate(starts, start=1):
        is_latest = i == n
        this_level = level if is_latest else RECORDED[code][person.risk].pick(rng)
        submitted = min(start + timedelta(days=rng.randint(0, 10)), ctx.as_at)
        status, countersigner, signed_on, completed = "complete", None, None, submitted
        needs_sign = RoshLevel.needs_countersignature(this_level)
        if needs_sign:
            if spo is None:
                this_level = "medium"
                needs_sign = False
            else:
                countersigner, signed_on = spo.id, min(submitted + timedelta(days=rng.randint(0, 5)), ctx.as_at)
                completed = signed_on
        if is_latest and rng.random() < DRAFT:
            status, submitted, countersigner, signed_on, completed = "draft", None, None, None, None
        elif is_latest and needs_sign and rng.random() < AWAITING_COUNTERSIGNATURE:
            status, countersigner, signed_on, completed = "awaiting_countersignature", None, None, None
        elif not is_latest:
            status = "superseded"
        groups = _by_group(rng, this_level, sentence.sentence_type in {"licence", "pss"})
        aid = f"risk-assessment-{person.index:06d}-{i}"
        yield _clean({
            "type": "risk_assessment",
            "id": aid,
            "person": person.id,
            "sequence": i,
            "status": status if status != "draft" else None,  # draft by default
            "assessed_by": assessor.id,
            "started_on": _iso(start),
            "submitted_on": _iso(submitted),
            "countersigned_by": countersigner,
            "countersigned_on": _iso(signed_on),
            "completed_on": _iso(completed),
            "rosh_overall": this_level,
            "rosh_by_group": groups,
            "who_is_at_risk": ", ".join(g.replace("_", " ") for g in groups["community"] if groups["community"][g] == this_level).capitalize(),
            "risk_to_self_self_harm": rng.random() < 0.08,
            "ogrs3_one_year": ogrs1,
            "ogrs3_two_year": ogrs2,
            "needs": {need: SEVERITY[this_level].pick(rng) for need in NEEDS},
        })
        if status in ("complete", "superseded", "awaiting_countersignature"):
            latest = (aid, this_level, groups, completed or submitted)
    if latest is not None:
        yield from _risks(ctx, rng, person, code, latest, assessor)
    yield from _flags(ctx, rng, person, assessor)
    if code == "NPS" and level in ("high", "very_high") and rng.random() < MAPPA_SHARE:
        start = first_day + timedelta(days=rng.randint(0, min(30, span)))
        yield _clean({
            "type": "mappa",
            "id": f"mappa-{person.index:06d}",
            "person": person.id,
            "category": 1 if person.main_category.startswith("sexual") else 2,
            "level": MAPPA_LEVEL.pick(rng),
            "start_date": _iso(start),
            "review_due": _iso(ctx.as_at + timedelta(days=rng.randint(-20, 120))),
        })
    if rng.random() < PARTNER_CHECKS:
        kind = "police_domestic_abuse" if rng.random() < 0.6 else rng.choice(("childrens_services", "adult_social_care"))
        asked = first_day + timedelta(days=rng.randint(0, min(14, span)))
        answered = asked + timedelta(days=rng.randint(2, 20))
        yield _clean({
            "type": "partner_check",
            "id": f"partner-check-{person.index:06d}",
            "person": person.id,
            "kind": kind,
            "agency": AGENCY[kind],
            "requested_on": _iso(asked),
            "answered_on": _iso(answered) if answered <= ctx.as_at else None,
            "outcome": "No call-outs recorded in the last two years." if answered <= ctx.as_at else "",
            "requested_by": assessor.id,
        })
    if span > 14 and rng.random() < SIGNIFICANT_EVENT:
        occurred = first_day + timedelta(days=rng.randint(0, span - 7))
        recorded = occurred + timedelta(days=rng.randint(0, 5))
        yield _clean({
            "type": "significant_event",
            "id": f"significant-event-{person.index:06d}",
            "person": person.id,
            "event_type": EVENTS.pick(rng),
            "occurred_on": _iso(occurred),
            "recorded_on": _iso(recorded),
            "review_due": _iso(recorded + timedelta(days=10)),
            "recorded_by": assessor.id,
        })


def _by_group(rng, level: str, custody: bool) -> dict:
    rank = RoshLevel.rank(level)
    lower = [lv for lv in RoshLevel.values if RoshLevel.rank(lv) <= rank]
    top = rng.choice(("public", "known_adult", "known_adult", "children"))
    community = {g: (level if g == top else rng.choice(lower)) for g in ("public", "known_adult", "children", "staff")}
    groups = {"community": community}
    if custody:
        groups["custody"] = {"prisoners": rng.choice(lower), "staff": rng.choice(lower)}
    return groups


def _risks(ctx, rng, person, code, latest, assessor):
    aid, level, groups, on = latest
    low, high = RISKS_FOR[level]
    count = rng.randint(low, high)
    if not count:
        return
    on = on or ctx.as_at
    yield _clean({
        "type": "risk_plan",
        "id": f"risk-plan-{person.index:06d}",
        "person": person.id,
        "contingency": "If risk rises: increase reporting, police check, consider recall or breach.",
        "last_reviewed_on": _iso(on),
    })
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
        if rng.random() < NO_ACTION_SHARE[code]:
            continue
        for k, text in enumerate(ACTIONS[group][: rng.randint(1, 2)], start=1):
            due = on + timedelta(days=rng.randint(14, 90))
            delivered = due <= ctx.as_at and rng.random() < 0.7
            yield _clean({
                "type": "risk_action",
                "id": f"risk-action-{person.index:06d}-{j}-{k}",
                "person": person.id,
                "risk": rid,
                "action": text,
                "owner_name": assessor.name,
                "due_on": _iso(due),
                "status": "delivered" if delivered else None,  # open by default
                "delivered_on": _iso(min(due, ctx.as_at)) if delivered else None,
                "evidence": "Recorded in supervision." if delivered else "",
            })


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
