"""Events (convictions), offences, disposals and requirements. Every person has a current sentence
(supervision still running on the as-at date); some have earlier, finished ones. Every value is
within the legal limits that `probation.sentences.rules` checks."""

from __future__ import annotations

from datetime import date, timedelta

from probation.lib.dates import add_months, age_on
from probation.sentences.rules import expected_end_date

from ..context import GenerationContext, SynthPerson, SynthSentence
from ..data.offences import COMPANIONS, describe
from ..registry import step
from ..util import Weighted, choose_without_replacement
from .people import CATEGORY

EVENTS = Weighted({1: 70, 2: 22, 3: 8})
ORDER_MONTHS = Weighted({6: 10, 12: 40, 18: 20, 24: 25, 36: 5})
SSO_MONTHS = Weighted({6: 5, 12: 35, 18: 25, 24: 35})
SSO_WEEKS = Weighted({4: 10, 8: 20, 12: 20, 16: 15, 20: 10, 26: 10, 36: 5, 52: 6, 78: 2, 104: 2})
LICENCE_YEARS = Weighted({2: 20, 2.5: 12, 3: 18, 4: 16, 5: 12, 6: 8, 8: 7, 10: 5, 14: 2})
PSS_WEEKS = Weighted({4: 12, 8: 16, 12: 18, 16: 14, 20: 10, 26: 12, 36: 8, 52: 6, 78: 3, 103: 1})
REQUIREMENTS = {
    "unpaid_work": 45,
    "rar": 55,
    "curfew": 12,
    "programme": 10,
    "drug_rehabilitation": 6,
    "alcohol_treatment": 5,
    "mental_health_treatment": 2,
    "alcohol_abstinence": 3,
    "exclusion": 2,
    "prohibited_activity": 3,
    "attendance_centre": 2,
    "residence": 2,
    "foreign_travel_prohibition": 0.5,
}
REQUIREMENT_COUNT = Weighted({1: 45, 2: 40, 3: 15})
UNPAID_HOURS = Weighted({40: 6, 60: 8, 80: 14, 100: 16, 120: 14, 150: 14, 180: 10, 200: 10, 240: 5, 300: 3})
RAR_DAYS = Weighted({5: 8, 10: 18, 15: 16, 20: 20, 25: 10, 30: 12, 40: 8, 60: 8})
CONSENT = {"drug_rehabilitation", "alcohol_treatment", "mental_health_treatment"}
EXTRA_OFFENCES = Weighted({0: 65, 1: 25, 2: 10})
PREVIOUS_TYPES = Weighted({"community_order": 60, "suspended_sentence": 25, "pss": 15})


@step("sentences", order=40)
def sentences(ctx: GenerationContext, rng):
    for person in ctx.people:
        current = _current_dates(ctx.as_at, person.sentence_type, rng)
        earlier = []
        cursor = current["conviction_date"]
        for _ in range(EVENTS.pick(rng) - 1):
            dates = _previous_dates(cursor, PREVIOUS_TYPES.pick(rng), rng)
            if age_on(person.date_of_birth, dates["conviction_date"]) < 16:
                break
            earlier.append(dates)
            cursor = dates["conviction_date"]
        for number, dates in enumerate([*reversed(earlier), current], 1):
            category = person.main_category if dates is current else _category(rng)
            serious = person.serious if dates is current else False
            yield from _event(rng, person, number, dates, category, serious, dates is current)


def _category(rng) -> str:
    return CATEGORY.pick(rng)


def _current_dates(as_at: date, kind: str, rng) -> dict:
    """Dates for a sentence still being served on `as_at`."""
    dates: dict = {"type": kind}
    if kind in ("community_order", "suspended_sentence"):
        months = (ORDER_MONTHS if kind == "community_order" else SSO_MONTHS).pick(rng)
        sentence = as_at - timedelta(days=rng.randint(0, months * 28 - 14))
        dates |= {"sentence_date": sentence, "start_date": sentence, "length_months": months}
        if kind == "suspended_sentence":
            dates["custodial_days"] = SSO_WEEKS.pick(rng) * 7
    elif kind == "licence":
        days = int(LICENCE_YEARS.pick(rng) * 365)
        release = as_at - timedelta(days=rng.randint(0, min(540, days // 2 - 30)))
        sentence = release - timedelta(days=days // 2)
        dates |= {
            "sentence_date": sentence,
            "start_date": release,
            "custodial_days": days,
            "release_date": release,
            "licence_end_date": sentence + timedelta(days=days),
        }
    else:
        days = PSS_WEEKS.pick(rng) * 7
        release = as_at - timedelta(days=rng.randint(0, 300))
        sentence = release - timedelta(days=days // 2)
        dates |= {
            "sentence_date": sentence,
            "start_date": release,
            "custodial_days": days,
            "release_date": release,
            "licence_end_date": sentence + timedelta(days=days),
        }
    adjourned = rng.random() < 0.3 or kind == "licence"
    dates["conviction_date"] = dates["sentence_date"] - timedelta(days=rng.randint(7, 35) if adjourned else 0)
    return dates


def _previous_dates(before: date, kind: str, rng) -> dict:
    """Dates for a sentence that had finished before the conviction on `before`."""
    sentence = before - timedelta(days=rng.randint(800, 2600))
    dates: dict = {"type": kind, "sentence_date": sentence, "conviction_date": sentence}
    if kind == "pss":
        days = PSS_WEEKS.pick(rng) * 7
        release = sentence + timedelta(days=days // 2)
        dates |= {
            "start_date": release,
            "custodial_days": days,
            "release_date": release,
            "licence_end_date": sentence + timedelta(days=days),
        }
    else:
        dates |= {"start_date": sentence, "length_months": rng.choice([6, 12, 12, 18])}
        if kind == "suspended_sentence":
            dates["custodial_days"] = SSO_WEEKS.pick(rng) * 7
    return dates


def _event(rng, person: SynthPerson, number: int, dates: dict, category: str, serious: bool, current: bool):
    key = f"{person.index:06d}-{number}"
    kind = dates["type"]
    court_list = (
        person.area.data.crown
        if (kind == "licence" or (kind == "pss" and rng.random() < 0.7) or rng.random() < 0.15)
        else person.area.data.magistrates
    )
    conviction = dates["conviction_date"]
    event_id = f"event-{key}"
    yield {
        "type": "event",
        "id": event_id,
        "person": person.id,
        "number": number,
        "conviction_date": conviction.isoformat(),
        "court": rng.choice(court_list),
    }
    offences = [category] + [
        rng.choice(COMPANIONS.get(category, [category])) for _ in range(EXTRA_OFFENCES.pick(rng))
    ]
    for k, offence_category in enumerate(offences, 1):
        yield {
            "type": "offence",
            "id": f"offence-{key}-{k}",
            "event": event_id,
            "description": describe(offence_category, serious and k == 1, rng),
            "category": offence_category,
            "offence_date": (conviction - timedelta(days=rng.randint(7, 300))).isoformat(),
            "is_main": k == 1,
        }
    end = expected_end_date(
        kind,
        dates["start_date"],
        dates.get("length_months"),
        dates.get("release_date"),
        dates.get("licence_end_date"),
    )
    terminated_on, reason = None, ""
    if not current:
        if kind in ("community_order", "suspended_sentence") and rng.random() < 0.15:
            terminated_on = dates["start_date"] + timedelta(
                days=rng.randint(60, dates["length_months"] * 28 - 10)
            )
            reason = "revoked_breach"
        else:
            terminated_on, reason = end, "completed"
    disposal_id = f"disposal-{key}"
    disposal = {"type": "disposal", "id": disposal_id, "event": event_id, "sentence_type": kind}
    for name in (
        "sentence_date",
        "start_date",
        "length_months",
        "custodial_days",
        "release_date",
        "licence_end_date",
    ):
        if name in dates:
            value = dates[name]
            disposal[name] = value.isoformat() if isinstance(value, date) else value
    disposal["expected_end_date"] = end.isoformat()
    if terminated_on is not None:
        disposal |= {"terminated_on": terminated_on.isoformat(), "termination_reason": reason}
    yield disposal
    requirement_types = []
    if kind in ("community_order", "suspended_sentence"):
        for k, requirement in enumerate(_requirements(rng, person, dates, end), 1):
            requirement_types.append(requirement["requirement_type"])
            yield {
                "type": "requirement",
                "id": f"requirement-{key}-{k}",
                "disposal": disposal_id,
                **requirement,
            }
    person.sentences.append(
        SynthSentence(
            event_id=event_id,
            disposal_id=disposal_id,
            sentence_type=kind,
            conviction_date=conviction,
            sentence_date=dates["sentence_date"],
            start_date=dates["start_date"],
            end_date=end,
            terminated_on=terminated_on,
            requirement_types=requirement_types,
        )
    )


def _requirements(rng, person: SynthPerson, dates: dict, end: date) -> list[dict]:
    weights = dict(REQUIREMENTS)
    if age_on(person.date_of_birth, dates["sentence_date"]) > 24:
        del weights["attendance_centre"]
    start = dates["start_date"]
    chosen = choose_without_replacement(weights, REQUIREMENT_COUNT.pick(rng), rng)
    result = []
    for kind in chosen:
        requirement: dict = {"requirement_type": kind, "start_date": start.isoformat()}
        finish = None
        if kind == "unpaid_work":
            requirement["length"] = UNPAID_HOURS.pick(rng)
            finish = min(end, add_months(start, 12) - timedelta(days=1))
        elif kind == "rar":
            requirement["length"] = RAR_DAYS.pick(rng)
        elif kind == "curfew":
            requirement["length"] = rng.randint(8, 12)
            finish = min(end, add_months(start, rng.randint(1, 6)) - timedelta(days=1))
        elif kind == "exclusion":
            months = rng.randint(1, min(12, dates["length_months"]))
            requirement["length"] = months
            finish = min(end, add_months(start, months) - timedelta(days=1))
        elif kind == "alcohol_abstinence":
            requirement["length"] = rng.choice([30, 60, 90, 120])
            finish = min(end, start + timedelta(days=requirement["length"] - 1))
        elif kind == "attendance_centre":
            requirement["length"] = rng.choice([12, 18, 24, 36])
        if finish is not None:
            requirement["end_date"] = finish.isoformat()
        if kind in CONSENT:
            requirement["consent_given"] = True
        result.append(requirement)
    return result
