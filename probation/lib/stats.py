"""Statistics for inspection samples and caseload comparisons.

- How many cases to sample for a given confidence and margin of error, with the finite-population
  correction (inspections sample from a few hundred to a few thousand cases).
- Median and interquartile range, for "officer compared with a benchmark ± IQR", and where a value
  lies against such a band (below, within or above it).
- Proportional stratified allocation by the largest-remainder method, so a sample matches its
  population on gender, sentence type, ethnicity and RoSH.
- Inspectorate-style phrases for proportions ("in almost half of the cases") that never overstate.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

__all__ = [
    "DEFAULT_SAMPLE_DESIGN",
    "SampleDesign",
    "allocate_proportionally",
    "band_position",
    "interquartile_range",
    "median",
    "proportion_phrase",
    "quartiles",
    "sample_size",
    "z_for_confidence",
]

K = TypeVar("K", bound=Hashable)


# ---------------------------------------------------------------------------------------------
# Sample size


@dataclass(frozen=True)
class SampleDesign:
    """How sure a sample must be. Defaults: 80 % confidence, ± 10 %, worst-case proportion 0.5."""

    confidence: float = 0.80
    margin: float = 0.10
    proportion: float = 0.5


DEFAULT_SAMPLE_DESIGN = SampleDesign()

# Guards against 41.000000000001 from floating point becoming 42.
_CEIL_SLACK = 1e-9


def z_for_confidence(confidence: float) -> float:
    """The two-sided standard-normal critical value (0.95 → 1.959…, 0.80 → 1.281…)."""
    if not 0 < confidence < 1:
        raise ValueError(f"Confidence must be strictly between 0 and 1, not {confidence!r}.")
    return statistics.NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def sample_size(population: int | None = None, design: SampleDesign = DEFAULT_SAMPLE_DESIGN) -> int:
    """Cases to sample: n0 = z²·p(1−p)/e², corrected for a finite population of ``population``.

    n = n0 / (1 + (n0 − 1) / N), rounded up. With no population the uncorrected n0 is rounded up.
    The answer never exceeds the population.
    """
    if not 0 < design.margin < 1:
        raise ValueError(f"The margin of error must be strictly between 0 and 1, not {design.margin!r}.")
    if not 0 < design.proportion < 1:
        raise ValueError(
            f"The expected proportion must be strictly between 0 and 1, not {design.proportion!r}."
        )
    z = z_for_confidence(design.confidence)
    n0 = z * z * design.proportion * (1 - design.proportion) / (design.margin * design.margin)
    if population is None:
        return math.ceil(n0 - _CEIL_SLACK)
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise ValueError(f"The population must be a whole number of cases, not {population!r}.")
    if population == 0:
        return 0
    n = n0 / (1 + (n0 - 1) / population)
    return min(population, math.ceil(n - _CEIL_SLACK))


# ---------------------------------------------------------------------------------------------
# Median and interquartile range


def _numbers(values: Sequence[float]) -> list[float]:
    data = list(values)
    if not data:
        raise ValueError("At least one value is needed.")
    return data


def median(values: Sequence[float]) -> float:
    """The middle value (the mean of the two middle values for an even count)."""
    return statistics.median(_numbers(values))


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """Lower quartile, median and upper quartile.

    Quartiles are interpolated between data points treating the data as the whole population
    (the "inclusive" method, as spreadsheets' QUARTILE.INC): the minimum and maximum are the 0th
    and 100th percentiles, so a quartile never lies outside the data.
    """
    data = _numbers(values)
    if len(data) == 1:
        return data[0], data[0], data[0]
    q1, q2, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return q1, q2, q3


def interquartile_range(values: Sequence[float]) -> float:
    """Upper quartile minus lower quartile (see ``quartiles`` for the method)."""
    q1, _, q3 = quartiles(values)
    return q3 - q1


BELOW = "below"
WITHIN = "within"
ABOVE = "above"


def band_position(value: float, lower: float, upper: float) -> str:
    """Where ``value`` lies against the band from ``lower`` to ``upper``: "below", "within" or
    "above". The band includes both ends, so a value on a quartile is within it."""
    if lower > upper:
        raise ValueError(f"A band cannot start at {lower!r} and end lower, at {upper!r}.")
    if value < lower:
        return BELOW
    if value > upper:
        return ABOVE
    return WITHIN


# ---------------------------------------------------------------------------------------------
# Proportional stratified allocation


def allocate_proportionally(sizes: Mapping[K, int], n: int) -> dict[K, int]:
    """Share ``n`` sample places among strata in proportion to their sizes (largest remainder).

    Each stratum first gets the whole part of n·size/total; the places left go one each to the
    strata with the largest remainders (ties: the larger stratum, then the order given). Exact
    integer arithmetic, so the result is deterministic and always sums to ``n``; no stratum is
    given more places than it has cases.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"The sample size must be a non-negative whole number, not {n!r}.")
    for key, size in sizes.items():
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"Stratum {key!r} must have a non-negative whole number of cases, not {size!r}.")
    total = sum(sizes.values())
    if n > total:
        raise ValueError(f"Cannot sample {n} cases from a population of {total}.")
    if total == 0:
        return {key: 0 for key in sizes}
    allocation: dict[K, int] = {}
    remainders: list[tuple[int, int, int, K]] = []
    for order, (key, size) in enumerate(sizes.items()):
        whole, remainder = divmod(n * size, total)
        allocation[key] = whole
        # Sort key: largest remainder first, then largest stratum, then the order given.
        remainders.append((-remainder, -size, order, key))
    left = n - sum(allocation.values())
    for _, _, _, key in sorted(remainders, key=lambda item: item[:3])[:left]:
        allocation[key] += 1
    return allocation


# ---------------------------------------------------------------------------------------------
# Phrases for proportions

# Landmark fractions and the words for them. "one in four cases" reads better than "a quarter of
# the cases" in reports; thirds and halves read better as fractions.
_LANDMARKS: tuple[tuple[Fraction, str], ...] = (
    (Fraction(1, 10), "one in ten cases"),
    (Fraction(1, 5), "one in five cases"),
    (Fraction(1, 4), "one in four cases"),
    (Fraction(1, 3), "a third of the cases"),
    (Fraction(1, 2), "half of the cases"),
    (Fraction(2, 3), "two-thirds of the cases"),
    (Fraction(3, 4), "three-quarters of the cases"),
    (Fraction(4, 5), "four in five cases"),
    (Fraction(9, 10), "nine in ten cases"),
)
# "All" is a landmark that can only be approached from below.
_ALL = (Fraction(1), "all of the cases")

NONE_PHRASE = "in none of the cases"
ALL_PHRASE = "in all of the cases"
SMALL_NUMBER_PHRASE = "in a small number of the cases"
MINORITY_PHRASE = "in a minority of the cases"
MOST_PHRASE = "in most of the cases"


def proportion_phrase(numerator: int, denominator: int, *, closeness: Fraction = Fraction(1, 20)) -> str:
    """Describe numerator/denominator as an inspection report would, without ever overstating.

    - 0 → "in none of the cases"; all → "in all of the cases".
    - exactly a landmark (a half, a third, one in four, …) → "in half of the cases".
    - within ``closeness`` (default 5 percentage points) above a landmark → "in over …" (always
      strictly above it); within ``closeness`` and a quarter of the landmark below it → "in
      almost …" (always strictly below it). The nearer landmark wins; at equal distance "over"
      the lower one.
    - below every landmark's reach (under 7.5 %) → "in a small number of the cases".
    - otherwise "in a minority of the cases" (under half) or "in most of the cases" (over half).
    """
    for name, value in (("numerator", numerator), ("denominator", denominator)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"The {name} must be a whole number of cases, not {value!r}.")
    if denominator <= 0:
        raise ValueError("There are no cases to describe (the denominator must be at least 1).")
    if not 0 <= numerator <= denominator:
        raise ValueError(f"{numerator} cases out of {denominator} is not a proportion.")
    if numerator == 0:
        return NONE_PHRASE
    if numerator == denominator:
        return ALL_PHRASE
    share = Fraction(numerator, denominator)
    best: tuple[Fraction, int, str] | None = None  # (distance, 0 for over / 1 for almost, phrase)
    for landmark, words in (*_LANDMARKS, _ALL):
        if share == landmark:
            return f"in {words}"
        distance = abs(share - landmark)
        if share > landmark:
            if distance > closeness:
                continue
            candidate = (distance, 0, f"in over {words}")
        else:
            # "Almost" must stay near in relative terms too: 5 % is not "almost one in ten".
            if distance > min(closeness, landmark / 4):
                continue
            candidate = (distance, 1, f"in almost {words}")
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    if best is not None:
        return best[2]
    if share < _LANDMARKS[0][0]:
        return SMALL_NUMBER_PHRASE
    return MINORITY_PHRASE if share < Fraction(1, 2) else MOST_PHRASE
