"""RSR (risk of serious recidivism) bands.

RSR itself is entered as a percent from the assessment; only its banding is a rule here. The
assessment service bands at 3.0 and 6.9 while the tiering service uses 3.00 and 7.00 (see
``tier.TierConfig``), so the cut-offs are parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from probation.risk.rules._common import require_number

__all__ = ["DEFAULT_RSR_BANDS", "RSR_BANDS", "RsrBands", "rsr_band", "validate_rsr"]

RSR_BANDS = ("low", "medium", "high")


@dataclass(frozen=True)
class RsrBands:
    """Lowest percent of the medium and high bands (defaults 3.0 and 6.9)."""

    medium_from: float = 3.0
    high_from: float = 6.9


DEFAULT_RSR_BANDS = RsrBands()


def validate_rsr(value: Any, key: str = "rsr") -> float:
    """An RSR percent: a number from 0 to 100."""
    return require_number(value, key, 0, 100)


def rsr_band(percent: float, bands: RsrBands = DEFAULT_RSR_BANDS) -> str:
    """low (below medium_from), medium, or high (at or above high_from)."""
    value = validate_rsr(percent)
    if value >= bands.high_from:
        return "high"
    if value >= bands.medium_from:
        return "medium"
    return "low"
