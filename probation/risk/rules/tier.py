"""Tiering: how much protective and change work a case needs (the HMPPS model, 2021 onwards).

A tier is a protect level (A–D) and a change level (0–3), e.g. ``B2``.

Protect points = the higher of the RSR points and the RoSH points, + MAPPA points, + points for
each complexity flag, + (women only) points for each additional factor for women. Bands A ≥ 150,
B 20–149, C 10–19, D below 10.

Change level:
- 0 when there is no mandate for change: no custodial sentence, and every current requirement is
  unpaid work or restrictive. With no requirements at all (and no custody) there is nothing to
  change through, so that is no mandate too.
- 2 when no needs assessment has been completed in the 55 weeks up to the calculation date.
- otherwise points = Σ need weight × severity + floor(OGRS % / 10) + IOM points, banded
  3 ≥ 20, 2 10–19, 1 below 10.
The first two give 0 change points: the level is set by the rule, not by points.

Every value that policy could change is in ``TierConfig`` so that reference data held in the
database can be passed in; the defaults are the published ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from probation.risk.rules._common import (
    optional_date,
    parse_date,
    require_bool,
    require_choice,
    require_key,
    require_number,
    require_slug_list,
)
from probation.risk.rules.ogrs3 import SEXES

__all__ = [
    "CHANGE_BASES",
    "COMPLEXITY_FLAGS",
    "DEFAULT_TIER_CONFIG",
    "NEEDS",
    "REQUIREMENTS",
    "RESTRICTIVE_REQUIREMENTS",
    "ROSH_LEVELS",
    "SEVERITIES",
    "WOMEN_FACTORS",
    "TierConfig",
    "TierInputs",
    "TierResult",
    "calculate_tier",
    "change_level",
    "change_points",
    "has_mandate_for_change",
    "has_recent_needs_assessment",
    "protect_level",
    "protect_points",
    "tier_inputs_from_mapping",
    "tier_result_to_dict",
]

ROSH_LEVELS = ("low", "medium", "high", "very_high")
COMPLEXITY_FLAGS = (
    "mental_health",
    "self_harm",
    "vulnerability",
    "child_concerns",
    "child_protection",
    "risk_to_children",
    "public_interest",
    "adult_at_risk",
    "street_gangs",
    "terrorism",
)
WOMEN_FACTORS = ("parenting", "impulsivity_temper", "breach_or_recall")
REQUIREMENTS = (
    "unpaid_work",
    "rar",
    "programme",
    "prohibited_activity",
    "curfew",
    "exclusion",
    "residence",
    "foreign_travel_prohibition",
    "mental_health_treatment",
    "drug_rehabilitation",
    "alcohol_treatment",
    "alcohol_abstinence",
    "attendance_centre",
    "electronic_monitoring",
)
RESTRICTIVE_REQUIREMENTS = frozenset(
    {
        "curfew",
        "exclusion",
        "prohibited_activity",
        "foreign_travel_prohibition",
        "residence",
        "electronic_monitoring",
        "alcohol_abstinence",
    }
)
NEEDS = (
    "accommodation",
    "ete",
    "finance",
    "relationships",
    "lifestyle",
    "drugs",
    "alcohol",
    "emotional_wellbeing",
    "thinking_behaviour",
    "attitudes",
)
SEVERITIES = ("none", "standard", "severe")
# Why the change level is what it is.
CHANGE_BASES = ("no_mandate", "no_recent_needs_assessment", "points")


def _frozen(mapping: Mapping[Any, int]) -> Mapping[Any, int]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class TierConfig:
    """Points, thresholds and lists for tiering; defaults as published (2021)."""

    # Protect
    rsr_high_from: float = 7.0
    rsr_high_points: int = 20
    rsr_medium_from: float = 3.0
    rsr_medium_points: int = 10
    rosh_points: Mapping[str, int] = field(
        default_factory=lambda: _frozen({"low": 0, "medium": 10, "high": 20, "very_high": 150})
    )
    mappa_points: Mapping[int, int] = field(default_factory=lambda: _frozen({1: 5, 2: 150, 3: 150}))
    complexity_flags: tuple[str, ...] = COMPLEXITY_FLAGS
    complexity_flag_points: int = 2
    women_factors: tuple[str, ...] = WOMEN_FACTORS
    women_factor_points: int = 2
    protect_a_from: int = 150
    protect_b_from: int = 20
    protect_c_from: int = 10
    # Change
    requirements: tuple[str, ...] = REQUIREMENTS
    restrictive_requirements: frozenset[str] = RESTRICTIVE_REQUIREMENTS
    unpaid_work_requirements: frozenset[str] = frozenset({"unpaid_work"})
    needs: tuple[str, ...] = NEEDS
    need_weights: Mapping[str, int] = field(
        default_factory=lambda: _frozen(
            {
                "accommodation": 1,
                "ete": 1,
                "finance": 0,
                "relationships": 1,
                "lifestyle": 1,
                "drugs": 1,
                "alcohol": 1,
                "emotional_wellbeing": 0,
                "thinking_behaviour": 2,
                "attitudes": 2,
            }
        )
    )
    severity_points: Mapping[str, int] = field(
        default_factory=lambda: _frozen({"none": 0, "standard": 1, "severe": 2})
    )
    ogrs_points_divisor: int = 10  # floor(OGRS % / 10)
    iom_points: int = 2
    needs_assessment_window_weeks: int = 55
    no_assessment_change_level: int = 2
    change_3_from: int = 20
    change_2_from: int = 10


DEFAULT_TIER_CONFIG = TierConfig()


@dataclass(frozen=True)
class TierInputs:
    sex: str
    as_of: date
    rosh: str | None
    rsr: float | None  # percent
    mappa_level: int | None
    complexity_flags: tuple[str, ...] = ()
    women_factors: tuple[str, ...] = ()  # counted for women only
    custodial: bool = False
    requirements: tuple[str, ...] = ()  # current requirements across live orders
    needs: Mapping[str, str] = field(default_factory=dict)  # need → severity; absent means none
    needs_assessed_on: date | None = None
    ogrs: float | None = None  # 2-year percent
    iom: bool = False  # integrated offender management nominal


@dataclass(frozen=True)
class TierResult:
    tier: str
    protect: str
    change: int
    protect_points: int
    change_points: int
    change_basis: str  # one of CHANGE_BASES


def _validate(inputs: TierInputs, config: TierConfig) -> None:
    require_choice(inputs.sex, "sex", SEXES)
    if type(inputs.as_of) is not date:
        raise ValueError(f"'as_of' must be a date, not {inputs.as_of!r}.")
    if inputs.rosh is not None:
        require_choice(inputs.rosh, "rosh", tuple(config.rosh_points))
    if inputs.rsr is not None:
        require_number(inputs.rsr, "rsr", 0, 100)
    if inputs.mappa_level is not None and (
        type(inputs.mappa_level) is not int or inputs.mappa_level not in config.mappa_points
    ):
        levels = ", ".join(str(level) for level in sorted(config.mappa_points))
        raise ValueError(f"'mappa_level' must be one of {levels} or null, not {inputs.mappa_level!r}.")
    require_slug_list(inputs.complexity_flags, "complexity_flags", config.complexity_flags)
    require_slug_list(inputs.women_factors, "women_factors", config.women_factors)
    require_bool(inputs.custodial, "custodial")
    require_slug_list(inputs.requirements, "requirements", config.requirements)
    if not isinstance(inputs.needs, Mapping):
        raise ValueError(f"'needs' must be a mapping of need to severity, not {inputs.needs!r}.")
    for need, severity in inputs.needs.items():
        if need not in config.need_weights:
            raise ValueError(f"'needs' contains {need!r}, which is not one of {', '.join(config.needs)}.")
        require_choice(severity, f"needs.{need}", tuple(config.severity_points))
    if inputs.needs_assessed_on is not None:
        if type(inputs.needs_assessed_on) is not date:
            raise ValueError(f"'needs_assessed_on' must be a date or null, not {inputs.needs_assessed_on!r}.")
        if inputs.needs_assessed_on > inputs.as_of:
            raise ValueError(
                "'needs_assessed_on' is after 'as_of': an assessment cannot come from the future."
            )
    if inputs.ogrs is not None:
        require_number(inputs.ogrs, "ogrs", 0, 100)
    require_bool(inputs.iom, "iom")


def protect_points(inputs: TierInputs, config: TierConfig = DEFAULT_TIER_CONFIG) -> int:
    rsr = inputs.rsr
    if rsr is not None and rsr >= config.rsr_high_from:
        rsr_points = config.rsr_high_points
    elif rsr is not None and rsr >= config.rsr_medium_from:
        rsr_points = config.rsr_medium_points
    else:
        rsr_points = 0
    rosh_points = 0 if inputs.rosh is None else config.rosh_points[inputs.rosh]
    mappa = 0 if inputs.mappa_level is None else config.mappa_points[inputs.mappa_level]
    # Each distinct flag counts once, however many times it was recorded.
    flags = len(set(inputs.complexity_flags)) * config.complexity_flag_points
    women = len(set(inputs.women_factors)) * config.women_factor_points if inputs.sex == "female" else 0
    return max(rsr_points, rosh_points) + mappa + flags + women


def protect_level(points: int, config: TierConfig = DEFAULT_TIER_CONFIG) -> str:
    if points >= config.protect_a_from:
        return "A"
    if points >= config.protect_b_from:
        return "B"
    if points >= config.protect_c_from:
        return "C"
    return "D"


def has_mandate_for_change(inputs: TierInputs, config: TierConfig = DEFAULT_TIER_CONFIG) -> bool:
    """Custody, or at least one current requirement that is neither unpaid work nor restrictive."""
    if inputs.custodial:
        return True
    no_mandate = config.restrictive_requirements | config.unpaid_work_requirements
    return any(requirement not in no_mandate for requirement in inputs.requirements)


def has_recent_needs_assessment(inputs: TierInputs, config: TierConfig = DEFAULT_TIER_CONFIG) -> bool:
    """A needs assessment on or after the day ``needs_assessment_window_weeks`` weeks before ``as_of``."""
    if inputs.needs_assessed_on is None:
        return False
    return inputs.needs_assessed_on >= inputs.as_of - timedelta(weeks=config.needs_assessment_window_weeks)


def change_points(inputs: TierInputs, config: TierConfig = DEFAULT_TIER_CONFIG) -> int:
    needs = sum(config.need_weights[need] * config.severity_points[sev] for need, sev in inputs.needs.items())
    ogrs = 0 if inputs.ogrs is None else int(inputs.ogrs // config.ogrs_points_divisor)
    return needs + ogrs + (config.iom_points if inputs.iom else 0)


def change_level(points: int, config: TierConfig = DEFAULT_TIER_CONFIG) -> int:
    if points >= config.change_3_from:
        return 3
    if points >= config.change_2_from:
        return 2
    return 1


def calculate_tier(inputs: TierInputs, config: TierConfig = DEFAULT_TIER_CONFIG) -> TierResult:
    """The tier for a case on ``inputs.as_of``. Malformed inputs raise ValueError naming the field."""
    _validate(inputs, config)
    p_points = protect_points(inputs, config)
    protect = protect_level(p_points, config)
    if not has_mandate_for_change(inputs, config):
        change, c_points, basis = 0, 0, "no_mandate"
    elif not has_recent_needs_assessment(inputs, config):
        change, c_points, basis = config.no_assessment_change_level, 0, "no_recent_needs_assessment"
    else:
        c_points = change_points(inputs, config)
        change, basis = change_level(c_points, config), "points"
    return TierResult(f"{protect}{change}", protect, change, p_points, c_points, basis)


_KEYS = (
    "sex",
    "as_of",
    "rosh",
    "rsr",
    "mappa_level",
    "complexity_flags",
    "women_factors",
    "custodial",
    "requirements",
    "needs",
    "needs_assessed_on",
    "ogrs",
    "iom",
)


def tier_inputs_from_mapping(d: Mapping[str, Any], config: TierConfig = DEFAULT_TIER_CONFIG) -> TierInputs:
    """Inputs from a JSON-like mapping. Every key is required (use null or [] for "none"), so a
    forgotten field is reported rather than silently lowering the tier. Other keys are ignored."""
    if not isinstance(d, Mapping):
        raise ValueError("Tier inputs must be an object.")
    values = {key: require_key(d, key) for key in _KEYS}
    needs = values["needs"]
    if not isinstance(needs, Mapping):
        raise ValueError(f"'needs' must be an object mapping need to severity, not {needs!r}.")
    inputs = TierInputs(
        sex=values["sex"],
        as_of=parse_date(values["as_of"], "as_of"),
        rosh=values["rosh"],
        rsr=values["rsr"],
        mappa_level=values["mappa_level"],
        complexity_flags=require_slug_list(
            values["complexity_flags"], "complexity_flags", config.complexity_flags
        ),
        women_factors=require_slug_list(values["women_factors"], "women_factors", config.women_factors),
        custodial=values["custodial"],
        requirements=require_slug_list(values["requirements"], "requirements", config.requirements),
        needs=MappingProxyType(dict(needs)),
        needs_assessed_on=optional_date(values["needs_assessed_on"], "needs_assessed_on"),
        ogrs=values["ogrs"],
        iom=values["iom"],
    )
    _validate(inputs, config)
    return inputs


def tier_result_to_dict(result: TierResult) -> dict[str, Any]:
    return {
        "tier": result.tier,
        "protect": result.protect,
        "change": result.change,
        "protect_points": result.protect_points,
        "change_points": result.change_points,
    }
