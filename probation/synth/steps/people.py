"""People on probation: identity, diversity, aliases and addresses; and, hidden from the records,
each person's main offence, seriousness and risk, which decide who manages them. Serious offences
(sexual, robbery, serious violence) and high risk go to the National Probation Service, which takes
about 30% of cases; the rest go to the area's CRC."""

from __future__ import annotations

from datetime import date, timedelta

from probation.lib.identifiers import crn_from_number, pnc_check_character

from ..context import GenerationContext, SynthArea, SynthPerson
from ..data import names
from ..data.offences import CATEGORIES
from ..data.places import APPROVED_PREMISES
from ..registry import step
from ..util import Weighted, days_before, drama_mobile, street_address, town_picker
from .organisation import NPS_SHARE

SENTENCE_MIX = {"community_order": 45, "suspended_sentence": 20, "licence": 25, "pss": 10}
SERIOUS_SENTENCE_MIX = {"community_order": 12, "suspended_sentence": 18, "licence": 60, "pss": 10}
SERIOUS_SENTENCES = Weighted(SERIOUS_SENTENCE_MIX)
RISK_IF_SERIOUS = Weighted({"medium": 34, "high": 60, "very_high": 6})
RISK_OTHERWISE = Weighted({"low": 50, "medium": 45, "high": 5})
HIGH_RISK_OTHERWISE = 0.05
CATEGORY = Weighted({c: share for c, (share, _s, _d) in CATEGORIES.items()})
SERIOUS_SHARE = sum(share * serious for share, serious, _d in CATEGORIES.values()) / sum(
    share for share, _serious, _d in CATEGORIES.values()
)
# Besides serious and high-risk cases the NPS takes some others (MAPPA, foreign nationals facing deportation).
_BASE = SERIOUS_SHARE + (1 - SERIOUS_SHARE) * HIGH_RISK_OTHERWISE
NPS_OTHERWISE = max(0.0, (NPS_SHARE - _BASE) / (1 - _BASE))
OTHER_SENTENCES = Weighted(
    {
        k: max(0.0, (SENTENCE_MIX[k] - SERIOUS_SHARE * SERIOUS_SENTENCE_MIX[k]) / (1 - SERIOUS_SHARE))
        for k in SENTENCE_MIX
    }
)

HERITAGE = {
    "W1": names.WHITE_BRITISH,
    "W2": names.WHITE_IRISH,
    "W3": names.TRAVELLER,
    "W9": names.EASTERN_EUROPEAN,
    "M1": names.BLACK_CARIBBEAN,
    "M2": names.BLACK_AFRICAN,
    "M3": names.WHITE_BRITISH,
    "M9": names.WHITE_BRITISH,
    "A1": names.SOUTH_ASIAN_INDIAN,
    "A2": names.SOUTH_ASIAN_MUSLIM,
    "A3": names.SOUTH_ASIAN_MUSLIM,
    "A4": names.CHINESE,
    "A9": names.SOUTH_ASIAN_INDIAN,
    "B1": names.BLACK_CARIBBEAN,
    "B2": names.BLACK_AFRICAN,
    "B9": names.BLACK_CARIBBEAN,
    "O1": names.ARAB_OTHER,
    "O9": names.ARAB_OTHER,
    "NS": names.WHITE_BRITISH,
}
RELIGION_WEIGHTS = {
    "W": {"none": 45, "christian": 30, "not_stated": 25},
    "W3": {"christian": 70, "not_stated": 30},
    "W9": {"christian": 65, "none": 20, "not_stated": 15},
    "M": {"none": 40, "christian": 30, "muslim": 5, "not_stated": 25},
    "A1": {"sikh": 55, "hindu": 35, "not_stated": 10},
    "A2": {"muslim": 90, "not_stated": 10},
    "A3": {"muslim": 92, "not_stated": 8},
    "A4": {"none": 50, "buddhist": 20, "not_stated": 30},
    "A9": {"hindu": 40, "muslim": 30, "other": 10, "not_stated": 20},
    "B1": {"christian": 55, "none": 25, "not_stated": 20},
    "B2": {"christian": 50, "muslim": 35, "not_stated": 15},
    "B9": {"christian": 50, "none": 25, "not_stated": 25},
    "O": {"muslim": 75, "none": 10, "not_stated": 15},
    "NS": {"not_stated": 100},
}
LANGUAGES = {  # (share with another first language, languages, share of those needing an interpreter)
    "W9": (0.9, ["Polish", "Romanian", "Lithuanian", "Czech", "Slovak", "Latvian"], 0.3),
    "A1": (0.15, ["Punjabi", "Gujarati"], 0.2),
    "A2": (0.15, ["Urdu", "Punjabi"], 0.25),
    "A3": (0.25, ["Bengali", "Sylheti"], 0.3),
    "A4": (0.4, ["Mandarin", "Cantonese"], 0.5),
    "B2": (0.3, ["Somali", "Tigrinya", "Amharic", "Arabic"], 0.4),
    "O1": (0.5, ["Arabic"], 0.4),
    "O9": (0.5, ["Kurdish", "Farsi", "Pashto"], 0.4),
}
RELIGION = {code: Weighted(weights) for code, weights in RELIGION_WEIGHTS.items()}
ORIENTATION = Weighted(
    {"heterosexual": 82, "not_stated": 14, "gay_lesbian": 2, "bisexual": 1.7, "other": 0.3}
)
DISABILITIES = [
    ("Dyslexia", "Written information read through with the person; larger print"),
    ("Depression and anxiety", "Appointments at quieter times; reminders by text"),
    ("ADHD", "Shorter sessions with breaks"),
    ("Hearing impairment", "Hearing loop in the interview room"),
    ("Epilepsy", ""),
    ("Mobility impairment: uses a walking stick", "Ground-floor interview room"),
    ("Learning disability", "Easy-read letters; a supporter may attend"),
    ("Autism spectrum condition", "Quiet room"),
    ("Post-traumatic stress disorder", ""),
    ("Type 1 diabetes", ""),
]
CARING = [
    "Cares for two children under 10",
    "Cares for a child aged 4",
    "Shares care of three children",
    "Cares for a disabled parent",
    "Cares for a partner with a long-term illness",
]
GENDER_IDENTITIES = ["Trans woman", "Trans man", "Non-binary"]


@step("people", order=30)
def people(ctx: GenerationContext, rng):
    pncs: set[str] = set()
    index = 0
    for area in ctx.areas:
        ethnicity = Weighted(area.data.ethnicity)
        towns = town_picker(area.data)
        for number in range(1, area.people + 1):
            index += 1
            person = _person(ctx, rng, area, index, number, ethnicity, pncs)
            ctx.people.append(person)
            yield person.record
            yield from _aliases(rng, person)
            yield from _addresses(ctx, rng, person, towns)


def _person(
    ctx, rng, area: SynthArea, index: int, number: int, ethnicity: Weighted, pncs: set
) -> SynthPerson:
    as_at = ctx.as_at
    sex = "male" if rng.random() < 0.85 else "female"
    age = min(70, 18 + int(rng.gammavariate(2.0, 7.5)))
    dob = as_at - timedelta(days=age * 365 + rng.randint(0, 364))
    code = ethnicity.pick(rng)
    male, female, family = HERITAGE[code]
    first = rng.choice(male if sex == "male" else female)
    last = rng.choice(family)
    category = CATEGORY.pick(rng)
    serious = rng.random() < CATEGORIES[category][1]
    risk = (RISK_IF_SERIOUS if serious else RISK_OTHERWISE).pick(rng)
    to_nps = serious or risk in ("high", "very_high") or rng.random() < NPS_OTHERWISE
    provider = area.nps if to_nps else area.crc
    team = rng.choice(area.teams[provider.code])
    sentence_type = (SERIOUS_SENTENCES if serious else OTHER_SENTENCES).pick(rng)
    record = {"type": "person", "id": f"person-{index:06d}", "crn": crn_from_number(area.crn_letter, number)}
    if rng.random() < 0.96:
        record["pnc"] = _pnc(rng, dob, as_at, pncs)
    record["first_name"] = first
    if rng.random() < 0.3:
        record["middle_names"] = rng.choice(male if sex == "male" else female)
    record |= {"last_name": last, "date_of_birth": dob.isoformat(), "sex": sex}
    if rng.random() < 0.003:
        record["gender_identity"] = rng.choice(GENDER_IDENTITIES)
    religion = RELIGION.get(code) or RELIGION.get(code[0]) or RELIGION["NS"]
    record |= {
        "ethnicity": code,
        "religion": religion.pick(rng),
        "sexual_orientation": ORIENTATION.pick(rng),
    }
    if rng.random() < 0.28:
        disability, adjustments = rng.choice(DISABILITIES)
        record["disability"] = disability
        if adjustments:
            record["disability_adjustments"] = adjustments
    if sex == "female" and age < 45 and rng.random() < 0.03:
        record["pregnancy_maternity"] = True
    share, languages, interpreter = LANGUAGES.get(code, (0.0, [], 0.0))
    if rng.random() < share:
        record["first_language"] = rng.choice(languages)
        if rng.random() < interpreter:
            record["interpreter_required"] = True
    if rng.random() < 0.12:
        record["literacy_need"] = True
    if rng.random() < (0.4 if sex == "female" else 0.12):
        record["caring_responsibilities"] = rng.choice(CARING)
    if rng.random() < 0.85:
        record["phone"] = drama_mobile(rng)
    if rng.random() < 0.15:
        record["email"] = f"{first}.{last}{rng.randint(1, 99)}@example.com".lower().replace("'", "")
    limited = ""
    if rng.random() < 0.006:
        limited = "restriction" if rng.random() < 0.5 else "exclusion"
        head = area.heads[provider.code]
        record["access_contact"] = f"{head.name}, Head of Service, {provider.name}, on {head.phone}"
    return SynthPerson(
        index=index,
        id=record["id"],
        crn=record["crn"],
        area=area,
        sex=sex,
        date_of_birth=dob,
        ethnicity=code,
        main_category=category,
        serious=serious,
        risk=risk,
        provider=provider,
        team=team,
        sentence_type=sentence_type,
        record=record,
        limited_access=limited,
    )


def _pnc(rng, dob: date, as_at: date, used: set) -> str:
    year = min(as_at.year, dob.year + 16 + int(rng.expovariate(1 / 4)))
    while True:
        serial = rng.randrange(1, 10**6)
        pnc = f"{year}/{serial:07d}{pnc_check_character(year, serial)}"
        if pnc not in used:
            used.add(pnc)
            return pnc


def _aliases(rng, person: SynthPerson):
    if rng.random() >= 0.05:
        return
    male, female, family = HERITAGE[person.ethnicity]
    record = {
        "type": "alias",
        "id": f"alias-{person.index:06d}-1",
        "person": person.id,
        "first_name": person.record["first_name"],
        "last_name": rng.choice(family),
    }
    if rng.random() < 0.4:
        record["first_name"] = rng.choice(male if person.sex == "male" else female)
    if rng.random() < 0.4:
        record["date_of_birth"] = (
            person.date_of_birth + timedelta(days=rng.choice([-365, -30, 1, 30, 365]))
        ).isoformat()
    yield record


def _addresses(ctx, rng, person: SynthPerson, towns: Weighted):
    as_at, data = ctx.as_at, person.area.data
    adult = person.date_of_birth + timedelta(days=16 * 366)
    roll = rng.random()
    prefix = f"address-{person.index:06d}"
    if roll < 0.04:
        start = max(adult, days_before(as_at, 5, 300, rng))
        current = {"address_type": "nfa", "town": towns.pick(rng).name, "start_date": start.isoformat()}
    elif roll < 0.09 and person.sentence_type in ("licence", "pss"):
        start = max(adult, days_before(as_at, 5, 200, rng))
        current = {
            "address_type": "approved_premises",
            "line1": rng.choice(APPROVED_PREMISES),
            **{k: v for k, v in street_address(data, rng, towns).items() if k != "line1"},
            "start_date": start.isoformat(),
        }
    else:
        start = max(adult, days_before(as_at, 20, 2500, rng))
        current = {**street_address(data, rng, towns), "start_date": start.isoformat()}
    yield {"type": "address", "id": f"{prefix}-1", "person": person.id, **current}
    if rng.random() < 0.35 and start - timedelta(days=120) > adult:
        end = start - timedelta(days=1)
        begun = max(adult, days_before(end, 100, 1500, rng))
        yield {
            "type": "address",
            "id": f"{prefix}-2",
            "person": person.id,
            "address_type": "previous",
            **street_address(data, rng, towns),
            "start_date": begun.isoformat(),
            "end_date": end.isoformat(),
        }
