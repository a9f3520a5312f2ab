"""Allocation between providers, as pure rules: plain values in, plain values out.

At court the public provider (NPS) assesses every case and decides who supervises it (DOMAIN.md §4):
high or very high risk of serious harm, every MAPPA case, the most serious offences, foreign
nationals facing deportation, and (configurable) an RSR score at or above a threshold go to the
public provider; low and medium risk go to a private provider (CRC). Each reason that sent a case
to the public provider is named, so the decision can be read back and challenged.

Deadlines count working days after the day the case was received (sentence or release), from
National Standards 2007: allocation within 3 working days (1 for the highest tier), first contact
with the responsible officer within 5 (2). The day counts are passed in so that reference data held
in the database can change them; the defaults are the documented ones.

Continuity: a change of responsible officer is any assignment after the first. A manager is warned
when a reallocation would be the third (configurable) change in twelve months.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from probation.core.reference import DEFAULTS
from probation.lib.dates import add_months
from probation.lib.workingdays import add_working_days
from probation.risk.constants import RoshLevel
from probation.sentences.constants import OffenceCategory

__all__ = [
    "LOW_OR_MEDIUM_REASON",
    "NOT_ASSESSED_REASON",
    "AllocationConfig",
    "Decision",
    "allocation_due",
    "changes_in_last_12_months",
    "decide_provider",
    "first_appointment_due",
    "is_highest_tier",
    "ordinal",
    "reallocation_warning",
]

PUBLIC: Literal["public"] = "public"
PRIVATE: Literal["private"] = "private"
LOW_OR_MEDIUM_REASON = "Low or medium risk of serious harm"
NOT_ASSESSED_REASON = "Risk of serious harm not yet assessed"
_ROSH_LEVELS = {"", "low", "medium", "high", "very_high"}


@dataclass(frozen=True)
class AllocationConfig:
    """Policy that reference data may change. Defaults are those in `probation.core.reference`."""

    nps_offence_categories: tuple[str, ...] = tuple(DEFAULTS["allocation.nps_offence_categories"])
    rsr_threshold: Decimal = Decimal(str(DEFAULTS["allocation.rsr_nps_threshold"]))
    nps_rosh_levels: tuple[str, ...] = tuple(DEFAULTS["risk.escalation_levels"])
    allocation_days: int = DEFAULTS["allocation.days"]
    allocation_days_highest_tier: int = DEFAULTS["allocation.days_highest_tier"]
    first_contact_days: int = DEFAULTS["first_contact.days"]
    first_contact_days_highest_tier: int = DEFAULTS["first_contact.days_highest_tier"]

    def __post_init__(self):
        object.__setattr__(self, "nps_offence_categories", tuple(self.nps_offence_categories))
        object.__setattr__(self, "nps_rosh_levels", tuple(self.nps_rosh_levels))
        object.__setattr__(self, "rsr_threshold", _decimal(self.rsr_threshold, "RSR threshold"))
        for name in (
            "allocation_days",
            "allocation_days_highest_tier",
            "first_contact_days",
            "first_contact_days_highest_tier",
        ):
            days = getattr(self, name)
            if isinstance(days, bool) or not isinstance(days, int) or days < 0:
                label = name.replace("_", " ").capitalize()
                raise ValueError(f"{label} must be a whole number of days, not {days!r}")


@dataclass(frozen=True)
class Decision:
    provider_type: Literal["public", "private"]
    reasons: list[str] = field(default_factory=list)

    @property
    def is_public(self) -> bool:
        return self.provider_type == PUBLIC


def _decimal(value, what: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not {value!r}")
    try:
        result = Decimal(str(value))
    except Exception as exc:  # decimal.InvalidOperation and friends
        raise ValueError(f"{what} must be a number, not {value!r}") from exc
    if not result.is_finite() or result < 0:
        raise ValueError(f"{what} must be a number of 0 or more, not {value!r}")
    return result


DEFAULT_CONFIG = AllocationConfig()


def _percent(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return f"{text}%"


def decide_provider(
    *,
    rosh: str | None,
    mappa_level: int | None,
    offence_categories: Iterable[str],
    facing_deportation: bool,
    rsr: Decimal | float | str | None,
    config: AllocationConfig | None = None,
) -> Decision:
    """Which type of provider should supervise the case, and why.

    `rosh` is the overall risk of serious harm level ("" or None when not yet assessed), `mappa_level`
    the level of any active MAPPA registration (None when there is none), `rsr` the latest RSR score
    as a percentage (None when not scored). A case with no RoSH assessment is recommended to the
    public provider, which assesses it: a case is only sent to a private provider on evidence that
    the risk is low or medium.
    """
    config = config or DEFAULT_CONFIG
    rosh = rosh or ""
    if rosh not in _ROSH_LEVELS:
        raise ValueError(f"Unknown risk of serious harm level {rosh!r}")
    if mappa_level is not None and (isinstance(mappa_level, bool) or mappa_level not in (1, 2, 3)):
        raise ValueError(f"MAPPA level must be 1, 2 or 3, not {mappa_level!r}")
    categories = list(dict.fromkeys(offence_categories))
    unknown = [c for c in categories if c not in OffenceCategory.values]
    if unknown:
        raise ValueError(f"Unknown offence categories: {', '.join(map(repr, unknown))}")
    rsr_value = None if rsr is None or rsr == "" else _decimal(rsr, "RSR")

    reasons: list[str] = []
    if rosh in config.nps_rosh_levels:
        reasons.append(f"{RoshLevel(rosh).label} risk of serious harm")
    if mappa_level:
        reasons.append(f"Managed under MAPPA (level {mappa_level})")
    for category in categories:
        if category in config.nps_offence_categories:
            reasons.append(f"Serious offence: {OffenceCategory(category).label}")
    if facing_deportation:
        reasons.append("Foreign national facing deportation")
    if rsr_value is not None and rsr_value >= config.rsr_threshold:
        reasons.append(
            f"RSR {_percent(rsr_value)} is at or above the {_percent(config.rsr_threshold)} threshold"
        )
    if reasons:
        return Decision(PUBLIC, reasons)
    if not rosh:
        return Decision(PUBLIC, [NOT_ASSESSED_REASON])
    return Decision(PRIVATE, [LOW_OR_MEDIUM_REASON])


def is_highest_tier(tier: str | None) -> bool:
    """The A tiers (A0–A3) are the highest: the most protective work."""
    return bool(tier) and tier.upper().startswith("A")


def allocation_due(
    received_on: date, highest_tier: bool, region: str = "ENG", *, config: AllocationConfig | None = None
) -> date:
    """The last day to allocate a responsible officer: 3 working days after receipt (1 for the
    highest tier)."""
    config = config or DEFAULT_CONFIG
    days = config.allocation_days_highest_tier if highest_tier else config.allocation_days
    return add_working_days(received_on, days, region)


def first_appointment_due(
    received_on: date, highest_tier: bool, region: str = "ENG", *, config: AllocationConfig | None = None
) -> date:
    """The last day for the first appointment with the responsible officer: 5 working days after
    receipt (2 for the highest tier)."""
    config = config or DEFAULT_CONFIG
    days = config.first_contact_days_highest_tier if highest_tier else config.first_contact_days
    return add_working_days(received_on, days, region)


def changes_in_last_12_months(assignment_start_dates: Sequence[date], on: date) -> int:
    """How many changes of responsible officer started in the twelve months up to and including `on`.

    The dates are the start dates of every responsible-officer assignment the person has had, in any
    order. The earliest is the first allocation, not a change; every later one is a change.
    Assignments starting after `on` are not counted."""
    ordered = sorted(assignment_start_dates)
    window_start = add_months(on, -12)
    return sum(1 for start in ordered[1:] if window_start < start <= on)


def ordinal(n: int) -> str:
    words = {
        1: "first",
        2: "second",
        3: "third",
        4: "fourth",
        5: "fifth",
        6: "sixth",
        7: "seventh",
        8: "eighth",
        9: "ninth",
        10: "tenth",
    }
    if n in words:
        return words[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def reallocation_warning(count_after_change: int, warn_at: int = 3) -> str:
    """The warning a manager must acknowledge when a reallocation would be the `warn_at`-th (or later)
    change of officer in twelve months; "" when there is nothing to warn about."""
    if isinstance(warn_at, bool) or not isinstance(warn_at, int) or warn_at < 1:
        raise ValueError(f"The warning threshold must be a whole number of 1 or more, not {warn_at!r}")
    if count_after_change < warn_at:
        return ""
    return f"This would be the {ordinal(count_after_change)} change of responsible officer in 12 months"
