"""OGP: the OASys General reoffending Predictor (static OGRS3 plus dynamic factors).

    score = round(0.6 × OGRS3 2-year %)                         (at most 59)
          + 5 no fixed abode or transient accommodation
          + 5 unemployed
          + regular offending activities: some 3, significant 5
          + round(3.75 × (current drug misuse + motivation to tackle drug misuse))
          + round(5/6 × (problem solving + awareness of consequences + understands others' views))
          + pro-criminal attitudes: some 3, significant 5
    p1 = logistic(0.0616·score − 3.6832)    p2 = logistic(0.0616·score − 3.0795)

Each item scored 0–2 is 0 none/no problem, 1 some, 2 significant. "round" is half up (as the
assessment service does), computed in exact integer arithmetic so 2.5 becomes 3.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from probation.risk.rules._common import band_for, require_bool, require_int, require_key
from probation.risk.rules.ogrs3 import percent_from_probability

__all__ = [
    "DEFAULT_OGP_BANDS",
    "OgpBands",
    "OgpInputs",
    "OgpResult",
    "calculate_ogp",
    "ogp_band",
    "ogp_inputs_from_mapping",
    "ogp_points",
    "ogp_result_to_dict",
]

_SCALE = 0.0616
_ONE_YEAR_SHIFT = 3.6832
_TWO_YEAR_SHIFT = 3.0795
_SOME_SIGNIFICANT = (0, 3, 5)  # 0 none, 1 some, 2 significant
_LEVEL_FIELDS = (
    "regular_offending",
    "drug_misuse",
    "drug_motivation",
    "problem_solving",
    "awareness_of_consequences",
    "understands_others_views",
    "pro_criminal_attitudes",
)


@dataclass(frozen=True)
class OgpBands:
    """Lowest 2-year percent of each band above low (defaults: 34, 67, 85)."""

    medium_from: int = 34
    high_from: int = 67
    very_high_from: int = 85


DEFAULT_OGP_BANDS = OgpBands()


@dataclass(frozen=True)
class OgpInputs:
    ogrs3_two_year: int  # percent, 0–100
    no_fixed_abode: bool
    unemployed: bool
    regular_offending: int  # 0–2
    drug_misuse: int  # 0–2
    drug_motivation: int  # 0–2, motivation to tackle drug misuse (2 = not motivated)
    problem_solving: int  # 0–2
    awareness_of_consequences: int  # 0–2
    understands_others_views: int  # 0–2
    pro_criminal_attitudes: int  # 0–2


@dataclass(frozen=True)
class OgpResult:
    score: int
    one_year: int
    two_year: int
    band: str


def _half_up(numerator: int, denominator: int) -> int:
    # round(numerator / denominator) with halves going up, for non-negative values.
    return (2 * numerator + denominator) // (2 * denominator)


def _validate(inputs: OgpInputs) -> None:
    require_int(inputs.ogrs3_two_year, "ogrs3_two_year", 0, 100)
    require_bool(inputs.no_fixed_abode, "no_fixed_abode")
    require_bool(inputs.unemployed, "unemployed")
    for name in _LEVEL_FIELDS:
        require_int(getattr(inputs, name), name, 0, 2)


def ogp_points(inputs: OgpInputs) -> int:
    """The OGP total score (0–100)."""
    _validate(inputs)
    thinking = inputs.problem_solving + inputs.awareness_of_consequences + inputs.understands_others_views
    return (
        _half_up(6 * inputs.ogrs3_two_year, 10)
        + (5 if inputs.no_fixed_abode else 0)
        + (5 if inputs.unemployed else 0)
        + _SOME_SIGNIFICANT[inputs.regular_offending]
        + _half_up(375 * (inputs.drug_misuse + inputs.drug_motivation), 100)
        + _half_up(5 * thinking, 6)
        + _SOME_SIGNIFICANT[inputs.pro_criminal_attitudes]
    )


def ogp_band(two_year: int, bands: OgpBands = DEFAULT_OGP_BANDS) -> str:
    return band_for(two_year, bands.medium_from, bands.high_from, bands.very_high_from)


def calculate_ogp(inputs: OgpInputs, bands: OgpBands = DEFAULT_OGP_BANDS) -> OgpResult:
    score = ogp_points(inputs)
    one_year = percent_from_probability(1.0 / (1.0 + math.exp(-(_SCALE * score - _ONE_YEAR_SHIFT))))
    two_year = percent_from_probability(1.0 / (1.0 + math.exp(-(_SCALE * score - _TWO_YEAR_SHIFT))))
    return OgpResult(score, one_year, two_year, ogp_band(two_year, bands))


def ogp_inputs_from_mapping(d: Mapping[str, Any]) -> OgpInputs:
    """Inputs from JSON-like keys named as the OgpInputs fields; all are required."""
    inputs = OgpInputs(
        ogrs3_two_year=require_key(d, "ogrs3_two_year"),
        no_fixed_abode=require_key(d, "no_fixed_abode"),
        unemployed=require_key(d, "unemployed"),
        **{name: require_key(d, name) for name in _LEVEL_FIELDS},
    )
    _validate(inputs)
    return inputs


def ogp_result_to_dict(result: OgpResult) -> dict[str, Any]:
    return {
        "score": result.score,
        "one_year": result.one_year,
        "two_year": result.two_year,
        "band": result.band,
    }
