"""OGRS3: the Offender Group Reconviction Scale, version 3 (Howard et al., 2009).

The likelihood of a proven reoffence within one and two years, from static facts only: sex, age,
the number of sanctions (the current one included), the age at the first sanction and the
category of the current offence.

    copas = ln(sanctions / (10 + age at current conviction − age at first sanction))
    y     = age-and-sex weight[age at start of follow-up]
            + (0.12614 for a first sanction, else 0.46306)
            + 1.25112 · copas
            + offence weight
    p1 = logistic(y + 1.40256)        p2 = logistic(y + 2.1217)

Each probability is rounded to 5 decimal places, then to a whole percent (both half up, in decimal
arithmetic) and clamped to 1–99. The band is read from the 2-year percent.

This module is on the hot path of bulk scoring (a million lines at a time), so the core works on
plain ints and floats with precomputed tables; the decimal definition of the rounding is kept
beside the fast one (a search in precomputed thresholds) and the two are tested against each other.
"""

from __future__ import annotations

import math
from bisect import bisect_right as _bisect
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from probation.risk.rules._common import band_for, parse_date, require_int, require_key

__all__ = [
    "DEFAULT_OGRS3_BANDS",
    "OFFENCE_CATEGORIES",
    "OFFENCE_WEIGHTS",
    "SEXES",
    "Ogrs3Bands",
    "Ogrs3Inputs",
    "Ogrs3Result",
    "calculate_ogrs3",
    "copas_rate",
    "ogrs3_band",
    "ogrs3_fields_from_mapping",
    "ogrs3_inputs_from_mapping",
    "ogrs3_result_to_dict",
    "ogrs3_score",
    "ogrs3_score_mapping",
    "percent_from_probability",
    "percent_from_probability_decimal",
    "score_from_dates",
]

SEXES = ("male", "female")

OFFENCE_CATEGORIES: Mapping[str, str] = MappingProxyType(
    {
        "violence": "Violence against the person",
        "robbery": "Robbery",
        "public_order": "Public order",
        "sexual_not_child": "Sexual (not against a child)",
        "sexual_child": "Sexual (against a child)",
        "soliciting": "Soliciting or prostitution",
        "burglary_domestic": "Burglary (domestic)",
        "burglary_other": "Burglary (other)",
        "theft_non_motor": "Theft (non-motor)",
        "handling": "Handling stolen goods",
        "fraud_forgery": "Fraud and forgery",
        "absconding_bail": "Absconding or bail offences",
        "taking_driving_away": "Taking and driving away",
        "theft_from_vehicles": "Theft from vehicles",
        "other_motoring": "Other motoring",
        "drink_driving": "Drink driving",
        "criminal_damage": "Criminal damage",
        "drug_import_export_production": "Drug import, export or production",
        "drug_possession_supply": "Drug possession or supply",
        "other": "Other offence",
    }
)

# Violence against the person is the reference category (weight 0).
OFFENCE_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "violence": 0.0,
        "robbery": -0.6348,
        "public_order": 0.1819,
        "sexual_not_child": 0.0328,
        "sexual_child": -0.6534,
        "soliciting": 0.7606,
        "burglary_domestic": -0.1239,
        "burglary_other": 0.2406,
        "theft_non_motor": 0.6612,
        "handling": 0.3519,
        "fraud_forgery": 0.1599,
        "absconding_bail": 0.7334,
        "taking_driving_away": 0.3801,
        "theft_from_vehicles": 0.4272,
        "other_motoring": 0.2622,
        "drink_driving": -0.1214,
        "criminal_damage": 0.205,
        "drug_import_export_production": -0.7956,
        "drug_possession_supply": 0.0772,
        "other": -0.0607,
    }
)

# (youngest age in the group, male weight, female weight); each group runs to the next one's start.
_AGE_GROUPS = (
    (10, 0.0, 0.785),
    (12, 0.08392, 0.61385),
    (14, 0.07578, 0.66952),
    (16, -0.0616, -0.9592),
    (18, -0.6251, -0.8975),
    (21, -1.0515, -1.0285),
    (25, -1.1667, -1.0528),
    (30, -1.326, -1.1291),
    (35, -1.368, -1.4219),
    (40, -1.4997, -1.5247),
    (50, -2.0253, -2.4498),
)
_OLDEST_GROUP_START = _AGE_GROUPS[-1][0]
_OFFENCE_WEIGHTS = dict(OFFENCE_WEIGHTS)  # a plain dict: the fastest lookup on the hot path


def _age_table(column: int) -> tuple[float, ...]:
    # Index by age 0..50 (50 stands for 50 and over); ages under 10 are refused before lookup.
    table = [0.0] * (_OLDEST_GROUP_START + 1)
    for age in range(_AGE_GROUPS[0][0], _OLDEST_GROUP_START + 1):
        table[age] = next(group[column] for group in reversed(_AGE_GROUPS) if group[0] <= age)
    return tuple(table)


_AGE_WEIGHTS: dict[str, tuple[float, ...]] = {"male": _age_table(1), "female": _age_table(2)}

_FIRST_SANCTION = 0.12614
_REPEAT_SANCTIONS = 0.46306
_COPAS_WEIGHT = 1.25112
_ONE_YEAR_SHIFT = 1.40256
_TWO_YEAR_SHIFT = 2.1217
_MIN_AGE = 10  # age of criminal responsibility in England and Wales
_MAX_AGE = 120  # beyond this a date of birth is a placeholder, not a fact
_MIN_PERCENT, _MAX_PERCENT = 1, 99
_exp, _log = math.exp, math.log


@dataclass(frozen=True)
class Ogrs3Bands:
    """Lowest 2-year percent of each band above low (defaults: 50, 75, 90)."""

    medium_from: int = 50
    high_from: int = 75
    very_high_from: int = 90


DEFAULT_OGRS3_BANDS = Ogrs3Bands()


@dataclass(frozen=True, slots=True)
class Ogrs3Inputs:
    sex: str
    date_of_birth: date
    conviction_date: date
    follow_up_start: date  # sentence date (community) or release date (custody)
    sanctions: int  # including the current one
    first_sanction_age: int
    offence: str  # a key of OFFENCE_CATEGORIES


@dataclass(frozen=True, slots=True)
class Ogrs3Result:
    one_year: int
    two_year: int
    band: str


# ---------------------------------------------------------------------------------------------
# Rounding: 5 decimal places, then a whole percent, half up each time.

_PLACES = Decimal("0.00001")
_WHOLE = Decimal(1)
_HUNDRED = Decimal(100)


def percent_from_probability_decimal(p: float) -> int:
    """The defining rounding, in exact decimal arithmetic: 5 dp half up, percent half up, 1–99."""
    five_places = Decimal(p).quantize(_PLACES, rounding=ROUND_HALF_UP)
    percent = int((five_places * _HUNDRED).quantize(_WHOLE, rounding=ROUND_HALF_UP))
    return min(_MAX_PERCENT, max(_MIN_PERCENT, percent))


def _percent_thresholds() -> tuple[float, ...]:
    # The two roundings give at least k % exactly when p ≥ (2000k − 1001) / 200000 (p rounds to
    # 0.xx500 or more at 5 dp). For each k keep the smallest float at or above that exact value:
    # then "float p ≥ threshold" is exactly "rounds to at least k %", with no tie cases left.
    thresholds = []
    for k in range(1, 101):
        exact = Fraction(2000 * k - 1001, 200_000)
        nearest = float(exact)
        thresholds.append(nearest if Fraction(nearest) >= exact else math.nextafter(nearest, math.inf))
    return tuple(thresholds)


_THRESHOLDS = _percent_thresholds()
# Index: how many thresholds p reaches (0–100); value: that percent clamped to 1–99.
_CLAMPED = tuple(min(_MAX_PERCENT, max(_MIN_PERCENT, k)) for k in range(101))


def percent_from_probability(p: float) -> int:
    """Same answer as ``percent_from_probability_decimal``, by a search in precomputed thresholds."""
    return _CLAMPED[_bisect(_THRESHOLDS, p)]


# ---------------------------------------------------------------------------------------------
# The score


def _too_few_sanctions(sanctions: int) -> str:
    return f"The number of sanctions must be at least 1 (it includes the current one), not {sanctions}."


def copas_rate(sanctions: int, age_at_conviction: int, first_sanction_age: int) -> float:
    """ln(sanctions / (10 + age at current conviction − age at first sanction)): the pace of offending."""
    if sanctions < 1:
        raise ValueError(_too_few_sanctions(sanctions))
    denominator = 10 + age_at_conviction - first_sanction_age
    if denominator <= 0:
        raise ValueError(
            "The ages give a non-positive denominator (10 + age at conviction − age at first sanction = "
            f"{denominator}); check the age at first sanction."
        )
    return math.log(sanctions / denominator)


def ogrs3_score(
    sex: str,
    age_at_conviction: int,
    age_at_follow_up: int,
    sanctions: int,
    first_sanction_age: int,
    offence: str,
) -> tuple[int, int]:
    """The 1-year and 2-year OGRS3 percents from ages in whole years. Refusals raise ValueError."""
    age_weights = _AGE_WEIGHTS.get(sex) if type(sex) is str else None
    if age_weights is None:
        raise ValueError(f"Sex must be one of {', '.join(SEXES)}, not {sex!r}.")
    offence_weight = OFFENCE_WEIGHTS.get(offence) if type(offence) is str else None
    if offence_weight is None:
        raise ValueError(
            f"Unknown offence category {offence!r}; expected one of: {', '.join(OFFENCE_WEIGHTS)}."
        )
    # Exact type checks: a bool or float age would otherwise index the table or compare silently.
    if type(sanctions) is not int:
        require_int(sanctions, "sanctions")
    if type(age_at_conviction) is not int:
        require_int(age_at_conviction, "age_at_conviction")
    if type(age_at_follow_up) is not int:
        require_int(age_at_follow_up, "age_at_follow_up")
    if type(first_sanction_age) is not int:
        require_int(first_sanction_age, "first_sanction_age")
    if sanctions < 1:
        raise ValueError(_too_few_sanctions(sanctions))
    if age_at_conviction < _MIN_AGE:
        raise ValueError(
            f"The age at the current conviction is {age_at_conviction}; OGRS3 needs an age of at least "
            f"{_MIN_AGE} (the age of criminal responsibility)."
        )
    if age_at_conviction > _MAX_AGE:
        raise ValueError(
            f"An age at conviction of {age_at_conviction} is not believable; check the date of birth."
        )
    if age_at_follow_up < age_at_conviction:
        raise ValueError("Follow-up cannot start before the current conviction.")
    if first_sanction_age < _MIN_AGE:
        raise ValueError(
            f"The age at first sanction is {first_sanction_age}; nobody under {_MIN_AGE} can be sanctioned."
        )
    if first_sanction_age > age_at_conviction:
        raise ValueError(
            f"The first sanction (at age {first_sanction_age}) cannot come after the current conviction "
            f"(at age {age_at_conviction})."
        )
    return _percents(
        age_weights[age_at_follow_up if age_at_follow_up < _OLDEST_GROUP_START else _OLDEST_GROUP_START],
        sanctions,
        10 + age_at_conviction - first_sanction_age,
        offence_weight,
    )


def _percents(age_weight: float, sanctions: int, denominator: int, offence_weight: float) -> tuple[int, int]:
    """The formula itself, on inputs already checked (denominator = 10 + age at conviction − first age)."""
    y = (
        age_weight
        + (_FIRST_SANCTION if sanctions == 1 else _REPEAT_SANCTIONS)
        + _COPAS_WEIGHT * _log(sanctions / denominator)
        + offence_weight
    )
    return (
        _CLAMPED[_bisect(_THRESHOLDS, 1.0 / (1.0 + _exp(-(y + _ONE_YEAR_SHIFT))))],
        _CLAMPED[_bisect(_THRESHOLDS, 1.0 / (1.0 + _exp(-(y + _TWO_YEAR_SHIFT))))],
    )


def ogrs3_band(two_year: int, bands: Ogrs3Bands = DEFAULT_OGRS3_BANDS) -> str:
    """low, medium, high or very_high from the 2-year percent."""
    return band_for(two_year, bands.medium_from, bands.high_from, bands.very_high_from)


def score_from_dates(
    sex: str,
    date_of_birth: date,
    conviction_date: date,
    follow_up_start: date,
    sanctions: int,
    first_sanction_age: int,
    offence: str,
) -> tuple[int, int]:
    """``ogrs3_score`` with the ages worked out from dates."""
    if follow_up_start < conviction_date:
        raise ValueError(
            f"Follow-up cannot start ({follow_up_start.isoformat()}) before the conviction "
            f"({conviction_date.isoformat()})."
        )
    if conviction_date < date_of_birth:
        raise ValueError("The conviction date is before the date of birth.")
    born = (date_of_birth.month, date_of_birth.day)
    return ogrs3_score(
        sex,
        conviction_date.year - date_of_birth.year - ((conviction_date.month, conviction_date.day) < born),
        follow_up_start.year - date_of_birth.year - ((follow_up_start.month, follow_up_start.day) < born),
        sanctions,
        first_sanction_age,
        offence,
    )


def calculate_ogrs3(inputs: Ogrs3Inputs, bands: Ogrs3Bands = DEFAULT_OGRS3_BANDS) -> Ogrs3Result:
    """OGRS3 for a case, ages worked out from the dates."""
    one_year, two_year = score_from_dates(
        inputs.sex,
        inputs.date_of_birth,
        inputs.conviction_date,
        inputs.follow_up_start,
        inputs.sanctions,
        inputs.first_sanction_age,
        inputs.offence,
    )
    return Ogrs3Result(one_year, two_year, ogrs3_band(two_year, bands))


# ---------------------------------------------------------------------------------------------
# Plain-value interchange


def ogrs3_fields_from_mapping(d: Mapping[str, Any]) -> tuple[str, date, date, date, int, int, str]:
    """The seven inputs, checked for type, in ``score_from_dates`` order (see the JSON keys below)."""
    sex = require_key(d, "sex")
    if type(sex) is not str or sex not in _AGE_WEIGHTS:
        raise ValueError(f"'sex' must be one of {', '.join(SEXES)}, not {sex!r}.")
    offence = require_key(d, "offence")
    if type(offence) is not str or offence not in OFFENCE_WEIGHTS:
        raise ValueError(f"'offence' {offence!r} is not an OGRS3 offence category.")
    return (
        sex,
        parse_date(require_key(d, "date_of_birth"), "date_of_birth"),
        parse_date(require_key(d, "conviction_date"), "conviction_date"),
        parse_date(require_key(d, "follow_up_start"), "follow_up_start"),
        require_int(require_key(d, "sanctions"), "sanctions"),
        require_int(require_key(d, "first_sanction_age"), "first_sanction_age"),
        offence,
    )


_fromiso = date.fromisoformat


def ogrs3_score_mapping(d: Mapping[str, Any]) -> tuple[int, int]:
    """The 1-year and 2-year percents straight from a JSON-like mapping (keys as below).

    Bulk scoring calls this a million times, so well-formed input takes a short path with the
    checks folded together; anything unusual goes through the full checks, which give the same
    answer or the precise refusal.
    """
    try:
        sex, offence = d["sex"], d["offence"]
        dob, conv, start = d["date_of_birth"], d["conviction_date"], d["follow_up_start"]
        sanctions, first = d["sanctions"], d["first_sanction_age"]
        if (
            type(sex) is str
            and type(offence) is str
            and type(dob) is str
            and type(conv) is str
            and type(start) is str
            and type(sanctions) is int
            and type(first) is int
            and sanctions >= 1
            and sex in _AGE_WEIGHTS
            and offence in _OFFENCE_WEIGHTS
        ):
            dob, conv, start = _fromiso(dob), _fromiso(conv), _fromiso(start)
            if dob <= conv <= start:
                born = dob.month * 32 + dob.day  # month and day as one comparable number
                age = conv.year - dob.year - (conv.month * 32 + conv.day < born)
                if _MIN_AGE <= first <= age <= _MAX_AGE:
                    at_start = start.year - dob.year - (start.month * 32 + start.day < born)
                    if at_start > _OLDEST_GROUP_START:
                        at_start = _OLDEST_GROUP_START
                    return _percents(
                        _AGE_WEIGHTS[sex][at_start],
                        sanctions,
                        10 + age - first,
                        _OFFENCE_WEIGHTS[offence],
                    )
    except (KeyError, ValueError):
        pass
    return score_from_dates(*ogrs3_fields_from_mapping(d))


def ogrs3_inputs_from_mapping(d: Mapping[str, Any]) -> Ogrs3Inputs:
    """Inputs from JSON-like keys: sex, date_of_birth, conviction_date, follow_up_start (ISO dates),
    sanctions, first_sanction_age, offence. A missing or malformed key is named in the ValueError."""
    return Ogrs3Inputs(*ogrs3_fields_from_mapping(d))


def ogrs3_result_to_dict(result: Ogrs3Result) -> dict[str, Any]:
    return {"one_year": result.one_year, "two_year": result.two_year, "band": result.band}
