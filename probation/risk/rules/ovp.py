"""OVP: the OASys Violence Predictor.

Points (total 0–98):
  any previous sanction 5; violent sanctions 0→0, 1→4, 2→7, 3→9, 4→11, then one more for each up
  to 17→24, 18 or more→25; non-violent sanctions 0–2→0, 3–4→2, 5–10→3, 11–20→4, 21+→5; age at the
  start of follow-up 18–19→20, 20–21→17, 22–23→14, 24–25→12, 26–30→10, 31–35→8, 36–40→6, 41–45→4,
  46–50→2, 51+→0; male 5; does not recognise the impact of offending on others 4; no fixed abode
  4; unemployed 4; ceil(2.5 × (current alcohol problem + excessive alcohol use)); current
  psychiatric treatment 4; 3 × temper control; 3 × pro-criminal attitudes.
  p1 = logistic(0.0722·score − 4.5215)    p2 = logistic(0.0722·score − 3.8773)

OVP is validated for adults: an age at follow-up under 18 is refused.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from probation.risk.rules._common import band_for, require_bool, require_choice, require_int, require_key
from probation.risk.rules.ogrs3 import SEXES, percent_from_probability

__all__ = [
    "DEFAULT_OVP_BANDS",
    "OvpBands",
    "OvpInputs",
    "OvpResult",
    "age_points",
    "calculate_ovp",
    "non_violent_sanction_points",
    "ovp_band",
    "ovp_inputs_from_mapping",
    "ovp_points",
    "ovp_result_to_dict",
    "violent_sanction_points",
]

_SCALE = 0.0722
_ONE_YEAR_SHIFT = 4.5215
_TWO_YEAR_SHIFT = 3.8773
_MIN_AGE = 18

# (first count in the group, points), highest first.
_NON_VIOLENT = ((21, 5), (11, 4), (5, 3), (3, 2), (0, 0))
# (youngest age in the group, points), oldest first.
_AGE = ((51, 0), (46, 2), (41, 4), (36, 6), (31, 8), (26, 10), (24, 12), (22, 14), (20, 17), (18, 20))
_VIOLENT_START = (0, 4, 7, 9, 11)  # 0–4 sanctions; from 5 on, 5→12 and one more each, up to 25

_INT_FIELDS = (
    ("previous_sanctions", 0, None),
    ("violent_sanctions", 0, None),
    ("non_violent_sanctions", 0, None),
    ("age_at_follow_up", _MIN_AGE, None),
    ("alcohol_problem", 0, 2),
    ("alcohol_excessive", 0, 2),
    ("temper_control", 0, 2),
    ("pro_criminal_attitudes", 0, 2),
)
_BOOL_FIELDS = (
    "does_not_recognise_impact",
    "no_fixed_abode",
    "unemployed",
    "psychiatric_treatment",
)


@dataclass(frozen=True)
class OvpBands:
    """Lowest 2-year percent of each band above low (defaults: 30, 60, 80)."""

    medium_from: int = 30
    high_from: int = 60
    very_high_from: int = 80


DEFAULT_OVP_BANDS = OvpBands()


@dataclass(frozen=True)
class OvpInputs:
    sex: str  # male or female
    age_at_follow_up: int  # 18 or over
    previous_sanctions: int  # any previous sanction scores 5
    violent_sanctions: int
    non_violent_sanctions: int
    does_not_recognise_impact: bool
    no_fixed_abode: bool
    unemployed: bool
    alcohol_problem: int  # 0–2, current alcohol use is a problem
    alcohol_excessive: int  # 0–2, binge or excessive use in the last six months
    psychiatric_treatment: bool  # current psychiatric treatment, or treatment pending
    temper_control: int  # 0–2
    pro_criminal_attitudes: int  # 0–2


@dataclass(frozen=True)
class OvpResult:
    score: int
    one_year: int
    two_year: int
    band: str


def violent_sanction_points(count: int) -> int:
    if count < 0:
        raise ValueError(f"The number of violent sanctions cannot be negative ({count}).")
    if count < len(_VIOLENT_START):
        return _VIOLENT_START[count]
    return min(count + 7, 25)


def non_violent_sanction_points(count: int) -> int:
    if count < 0:
        raise ValueError(f"The number of non-violent sanctions cannot be negative ({count}).")
    return next(points for first, points in _NON_VIOLENT if count >= first)


def age_points(age_at_follow_up: int) -> int:
    if age_at_follow_up < _MIN_AGE:
        raise ValueError(
            f"OVP applies from age {_MIN_AGE} at the start of follow-up, not {age_at_follow_up}."
        )
    return next(points for youngest, points in _AGE if age_at_follow_up >= youngest)


def _validate(inputs: OvpInputs) -> None:
    require_choice(inputs.sex, "sex", SEXES)
    for name, low, high in _INT_FIELDS:
        if name == "age_at_follow_up":
            require_int(getattr(inputs, name), name)
            age_points(inputs.age_at_follow_up)
        else:
            require_int(getattr(inputs, name), name, low, high)
    for name in _BOOL_FIELDS:
        require_bool(getattr(inputs, name), name)


def ovp_points(inputs: OvpInputs) -> int:
    """The OVP total score (0–98)."""
    _validate(inputs)
    alcohol = inputs.alcohol_problem + inputs.alcohol_excessive
    return (
        (5 if inputs.previous_sanctions > 0 else 0)
        + violent_sanction_points(inputs.violent_sanctions)
        + non_violent_sanction_points(inputs.non_violent_sanctions)
        + age_points(inputs.age_at_follow_up)
        + (5 if inputs.sex == "male" else 0)
        + (4 if inputs.does_not_recognise_impact else 0)
        + (4 if inputs.no_fixed_abode else 0)
        + (4 if inputs.unemployed else 0)
        + (5 * alcohol + 1) // 2  # ceil(2.5 × alcohol), exactly
        + (4 if inputs.psychiatric_treatment else 0)
        + 3 * inputs.temper_control
        + 3 * inputs.pro_criminal_attitudes
    )


def ovp_band(two_year: int, bands: OvpBands = DEFAULT_OVP_BANDS) -> str:
    return band_for(two_year, bands.medium_from, bands.high_from, bands.very_high_from)


def calculate_ovp(inputs: OvpInputs, bands: OvpBands = DEFAULT_OVP_BANDS) -> OvpResult:
    score = ovp_points(inputs)
    one_year = percent_from_probability(1.0 / (1.0 + math.exp(-(_SCALE * score - _ONE_YEAR_SHIFT))))
    two_year = percent_from_probability(1.0 / (1.0 + math.exp(-(_SCALE * score - _TWO_YEAR_SHIFT))))
    return OvpResult(score, one_year, two_year, ovp_band(two_year, bands))


def ovp_inputs_from_mapping(d: Mapping[str, Any]) -> OvpInputs:
    """Inputs from JSON-like keys named as the OvpInputs fields; all are required."""
    values = {"sex": require_key(d, "sex")}
    values.update({name: require_key(d, name) for name, _, _ in _INT_FIELDS})
    values.update({name: require_key(d, name) for name in _BOOL_FIELDS})
    inputs = OvpInputs(**values)
    _validate(inputs)
    return inputs


def ovp_result_to_dict(result: OvpResult) -> dict[str, Any]:
    return {
        "score": result.score,
        "one_year": result.one_year,
        "two_year": result.two_year,
        "band": result.band,
    }
