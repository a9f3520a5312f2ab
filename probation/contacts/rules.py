"""Contact rules: absences and their evidence, how often a case must be seen, and when a step-down
(less contact, or telephone instead of face to face) may go ahead.

Pure functions of plain values: no database, no clock. Policy that can change lives in reference data
(`probation.core.reference`, keys registered by `probation.contacts.apps`); the defaults are below.

Absences [practice]
    After a failure to attend, the person has 5 working days (the day after the absence is day 1;
    weekends and the region's bank holidays do not count) to give evidence of a reasonable excuse.
    The absence can be judged *acceptable* whenever evidence arrives, but judged *unacceptable* only
    once that window has closed: the day after the evidence due date.

Contact levels (the defaults, reference data ``contacts.levels``)
    The level a case needs is the more frequent of what its tier's protect level and its RoSH ask for:

    =========================  ====================  =========================
    protect level (tier)       RoSH                  contact
    =========================  ====================  =========================
    A                          very high             weekly
    B                          high                  every two weeks
    C                          medium                every four weeks
    D                          low                   every eight weeks
    =========================  ====================  =========================

    With neither a tier nor a RoSH (a new case not yet assessed) contact is weekly until assessed.
    Contact must be face to face unless the protect level is C or D *and* RoSH is low; then
    telephone contact is allowed.

Step-down (reference data ``contacts.step_down``)
    A change is a step-down when it is less frequent than the current level, or moves from face to
    face to telephone. Every step-down needs a written rationale. Then, in this order:

    * **refused outright** when RoSH is very high or the case is managed at MAPPA level 3: the
      inspectorate found step-down "not compatible with the risks"; no approval can make it so, and
      a reduction there is a decision for the MAPPA panel or a new risk assessment first.
    * **sent to the SPO for approval** when RoSH is high, the case is at MAPPA level 2, risk has
      escalated in the last 3 months, or the new level would be below what the tier and RoSH require.
    * **allowed** otherwise, recorded with its rationale.

    A change that is not a step-down (the same or more contact) is always allowed.

Contact level met
    Only National Standard contacts that took place count. A weekly level needs 4 in the last four
    weeks, fortnightly 2, four-weekly 1; an eight-weekly level needs 1 in the last eight weeks
    (``compliance_window_weeks``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from probation.lib.workingdays import add_working_days

__all__ = [
    "DEFAULT_EVIDENCE_WORKING_DAYS",
    "DEFAULT_LEVELS",
    "DEFAULT_STEP_DOWN",
    "FREQUENCIES",
    "METHODS",
    "Level",
    "RequiredLevel",
    "StepDownDecision",
    "absence_judgeable",
    "below_required",
    "compliance_window_weeks",
    "contact_level_met",
    "contacts_needed",
    "evidence_due",
    "first_judgeable_day",
    "last_escalation",
    "is_step_down",
    "months_since_escalation",
    "required_contact_level",
    "step_down_decision",
]

# How many times each frequency means contact in four weeks, most frequent first.
FREQUENCIES: dict[str, float] = {"weekly": 4, "fortnightly": 2, "monthly": 1, "bimonthly": 0.5}
FREQUENCY_WORDS = {
    "weekly": "weekly",
    "fortnightly": "every two weeks",
    "monthly": "every four weeks",
    "bimonthly": "every eight weeks",
}
# Face to face is more contact than a telephone call.
METHODS: dict[str, int] = {"face_to_face": 1, "telephone": 0}
METHOD_WORDS = {"face_to_face": "face to face", "telephone": "telephone allowed"}
ROSH_WORDS = {"low": "low", "medium": "medium", "high": "high", "very_high": "very high"}

DEFAULT_EVIDENCE_WORKING_DAYS = 5

DEFAULT_LEVELS: dict[str, Any] = {
    "by_protect_level": {"A": "weekly", "B": "fortnightly", "C": "monthly", "D": "bimonthly"},
    "by_rosh": {"very_high": "weekly", "high": "fortnightly", "medium": "monthly", "low": "bimonthly"},
    "not_assessed": "weekly",
    "telephone_protect_levels": ["C", "D"],
    "telephone_rosh": ["low"],
}

DEFAULT_STEP_DOWN: dict[str, Any] = {
    "refuse_rosh": ["very_high"],
    "refuse_mappa_levels": [3],
    "approval_rosh": ["high"],
    "approval_mappa_levels": [2],
    "escalation_months": 3,
    "below_required_needs_approval": True,
}

Outcome = Literal["allowed", "needs_approval", "refused"]


# --- Absences ---------------------------------------------------------------------------------------


def evidence_due(absence_date: date, region: str = "ENG", days: int = DEFAULT_EVIDENCE_WORKING_DAYS) -> date:
    """The last day the person may give evidence for an absence: ``days`` working days after it."""
    return add_working_days(absence_date, days, region)


def absence_judgeable(today: date, evidence_due: date | None) -> bool:
    """Whether an absence may now be judged unacceptable: the evidence window has closed. An absence
    with no evidence window (none was given) may be judged at once."""
    if evidence_due is None:
        return True
    return today > evidence_due


def first_judgeable_day(evidence_due: date) -> date:
    """The first day on which the absence may be judged unacceptable."""
    return evidence_due + timedelta(days=1)


# --- Contact levels ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    frequency: str
    method: str = "face_to_face"

    def __post_init__(self):
        _check_frequency(self.frequency)
        _check_method(self.method)

    @property
    def per_four_weeks(self) -> float:
        return FREQUENCIES[self.frequency]

    def describe(self) -> str:
        method = "face to face" if self.method == "face_to_face" else "by telephone"
        return f"{FREQUENCY_WORDS[self.frequency].capitalize()}, {method}"


@dataclass(frozen=True)
class RequiredLevel:
    """The contact a case needs, with the derivation in words for the page that shows it."""

    frequency: str
    method: str
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def level(self) -> Level:
        return Level(self.frequency, self.method)

    @property
    def per_four_weeks(self) -> float:
        return FREQUENCIES[self.frequency]

    def describe(self) -> str:
        return f"{FREQUENCY_WORDS[self.frequency].capitalize()}, {METHOD_WORDS[self.method]}"


def _check_frequency(value: str) -> None:
    if value not in FREQUENCIES:
        raise ValueError(f"Contact frequency must be one of {', '.join(FREQUENCIES)}, not {value!r}")


def _check_method(value: str) -> None:
    if value not in METHODS:
        raise ValueError(f"Contact method must be one of {', '.join(METHODS)}, not {value!r}")


def _check_rosh(value: str | None) -> str:
    value = value or ""
    if value and value not in ROSH_WORDS:
        raise ValueError(f"RoSH must be one of {', '.join(ROSH_WORDS)} or empty, not {value!r}")
    return value


def _protect_level(tier: str | None) -> str:
    tier = (tier or "").strip().upper()
    if not tier:
        return ""
    if tier[0] not in "ABCD" or (len(tier) > 1 and tier[1:] not in {"0", "1", "2", "3"}) or len(tier) > 2:
        raise ValueError(f"Tier must be a protect level A–D and a change level 0–3, like B2, not {tier!r}")
    return tier[0]


def _most_frequent(frequencies: Iterable[str]) -> str:
    return max(frequencies, key=lambda f: FREQUENCIES[f])


def required_contact_level(
    tier: str | None, rosh: str | None, config: Mapping[str, Any] | None = None
) -> RequiredLevel:
    """How often, and how, a case must be seen, from its tier (its protect level) and its RoSH."""
    config = {**DEFAULT_LEVELS, **(config or {})}
    protect = _protect_level(tier)
    rosh = _check_rosh(rosh)
    candidates: list[str] = []
    reasons: list[str] = []
    if protect:
        frequency = config["by_protect_level"][protect]
        _check_frequency(frequency)
        candidates.append(frequency)
        reasons.append(f"Tier {tier.strip().upper()} (protect level {protect}): {FREQUENCY_WORDS[frequency]}")
    if rosh:
        frequency = config["by_rosh"][rosh]
        _check_frequency(frequency)
        candidates.append(frequency)
        reasons.append(f"Risk of serious harm {ROSH_WORDS[rosh]}: {FREQUENCY_WORDS[frequency]}")
    if not candidates:
        frequency = config["not_assessed"]
        _check_frequency(frequency)
        candidates.append(frequency)
        reasons.append(f"No tier or risk of serious harm yet: {FREQUENCY_WORDS[frequency]} until assessed")
    elif len(candidates) == 2 and candidates[0] != candidates[1]:
        reasons.append(f"The more frequent applies: {FREQUENCY_WORDS[_most_frequent(candidates)]}")
    telephone = protect in config["telephone_protect_levels"] and rosh in config["telephone_rosh"]
    if telephone:
        method = "telephone"
        reasons.append(f"Telephone contact allowed: protect level {protect} and {ROSH_WORDS[rosh]} RoSH")
    else:
        method = "face_to_face"
        allowed_levels = " or ".join(config["telephone_protect_levels"]) or "none"
        allowed_rosh = " or ".join(ROSH_WORDS.get(r, r) for r in config["telephone_rosh"]) or "none"
        reasons.append(
            f"Face to face: telephone contact only for protect level {allowed_levels}"
            f" with {allowed_rosh} RoSH"
        )
    return RequiredLevel(_most_frequent(candidates), method, tuple(reasons))


def is_step_down(current: Level, proposed: Level) -> bool:
    """Less frequent contact, or telephone instead of face to face."""
    return below_required(proposed, current)


def below_required(level: Level, required: Level | RequiredLevel) -> bool:
    return level.per_four_weeks < required.per_four_weeks or METHODS[level.method] < METHODS[required.method]


@dataclass(frozen=True)
class StepDownDecision:
    outcome: Outcome
    is_step_down: bool
    reasons: tuple[str, ...] = ()

    @property
    def needs_rationale(self) -> bool:
        return self.is_step_down


def step_down_decision(
    current: Level,
    proposed: Level,
    rosh: str | None,
    mappa_level: int | None,
    risk_escalated_months_ago: float | None,
    config: Mapping[str, Any] | None = None,
    required: Level | RequiredLevel | None = None,
) -> StepDownDecision:
    """Whether a change of contact level may go ahead: "allowed", "needs_approval" (by the case's SPO)
    or "refused", with the reasons in words.

    ``risk_escalated_months_ago`` is how long ago the case's risk last rose (None if it never has);
    ``required`` is the level the tier and RoSH require, when known.
    """
    config = {**DEFAULT_STEP_DOWN, **(config or {})}
    rosh = _check_rosh(rosh)
    if mappa_level is not None and (isinstance(mappa_level, bool) or mappa_level not in (1, 2, 3)):
        raise ValueError(f"MAPPA level must be 1, 2 or 3, or none, not {mappa_level!r}")
    if risk_escalated_months_ago is not None and risk_escalated_months_ago < 0:
        raise ValueError("Months since risk escalated must not be negative")
    if not is_step_down(current, proposed):
        return StepDownDecision("allowed", False, ("Not a step-down: contact stays the same or increases",))

    refusals: list[str] = []
    if rosh in config["refuse_rosh"]:
        refusals.append(f"Risk of serious harm is {ROSH_WORDS[rosh]}: contact cannot be reduced")
    if mappa_level in config["refuse_mappa_levels"]:
        refusals.append(f"The case is managed at MAPPA level {mappa_level}: contact cannot be reduced")
    if refusals:
        return StepDownDecision("refused", True, tuple(refusals))

    approvals: list[str] = []
    if rosh in config["approval_rosh"]:
        approvals.append(f"Risk of serious harm is {ROSH_WORDS[rosh]}")
    if mappa_level in config["approval_mappa_levels"]:
        approvals.append(f"The case is managed at MAPPA level {mappa_level}")
    window = config["escalation_months"]
    if risk_escalated_months_ago is not None and risk_escalated_months_ago < window:
        approvals.append(f"Risk escalated in the last {window} months")
    check_required = required is not None and config["below_required_needs_approval"]
    if check_required and below_required(proposed, required):
        approvals.append(
            f"The new level is below what the tier and RoSH require ({required.describe().lower()})"
        )
    if approvals:
        return StepDownDecision("needs_approval", True, tuple(approvals))
    return StepDownDecision("allowed", True, ("A step-down compatible with the case's risk",))


def months_since_escalation(today: date, escalated_on: date | None) -> float | None:
    """Whole and part months (of 30.44 days) from an escalation to today; None if there was none."""
    if escalated_on is None:
        return None
    return max(0.0, (today - escalated_on).days / 30.4375)


def last_escalation(ratings: Iterable[tuple[date, str]]) -> date | None:
    """The last date on which RoSH rose above the rating before it, from (date, rosh) pairs of completed
    assessments in any order."""
    ranks = {"low": 0, "medium": 1, "high": 2, "very_high": 3}
    previous = None
    escalated = None
    for on, rosh in sorted(r for r in ratings if r[1] in ranks):
        if previous is not None and ranks[rosh] > ranks[previous]:
            escalated = on
        previous = rosh
    return escalated


# --- Contact level met --------------------------------------------------------------------------------


def compliance_window_weeks(required_per_4_weeks: float) -> int:
    """The weeks over which contact is counted: four, or eight for contact less often than four-weekly."""
    if required_per_4_weeks <= 0:
        raise ValueError("Required contacts must be more than none")
    return 4 if required_per_4_weeks >= 1 else 8


def contacts_needed(required_per_4_weeks: float) -> int:
    """National Standard contacts needed in the compliance window."""
    weeks = compliance_window_weeks(required_per_4_weeks)
    return math.ceil(required_per_4_weeks * weeks / 4 - 1e-9)


def contact_level_met(required_per_4_weeks: float, ns_contacts_in_window: int) -> bool:
    """Whether the National Standard contacts that took place in the compliance window meet the level."""
    if isinstance(ns_contacts_in_window, bool) or not isinstance(ns_contacts_in_window, int):
        raise ValueError(f"Contacts must be a whole number, not {ns_contacts_in_window!r}")
    if ns_contacts_in_window < 0:
        raise ValueError("Contacts must not be negative")
    return ns_contacts_in_window >= contacts_needed(required_per_4_weeks)
