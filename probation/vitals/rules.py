"""Officer and team vitals, as pure rules: plain values in, plain values out.

A vital is the share of an officer's applicable cases that meet one of the case indicators the
inspection app stores (`probation.inspection.indicators`): the first appointment on time, the
assessment on time, the plan on time, enforcement taken in time, and contact at the level set.
A case whose stored result cannot be decided without a human counts as applicable and not met, so
a figure never overstates.

Each officer is compared with a benchmark: the median and interquartile range of the rates of
officers with a *comparable caseload*. Comparable is the dashboard's definition
(`probation.inspection.dashboard.selectors.caseload_mix`), so the two pages never disagree: the same
provider and area, and the same mix of cases (licences and post-sentence supervision under a third
of the caseload, a third to two-thirds, or over two-thirds). When the area has fewer than
`MIN_OFFICERS` such officers with enough cases, the provider's are used instead, and the benchmark
says so. An officer's rate is counted towards a benchmark, and flagged against one, only with at
least `MIN_CASES` applicable cases: below that one case moves the rate too far to compare.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from probation.lib import stats

__all__ = [
    "MIN_CASES",
    "MIN_OFFICERS",
    "VITALS",
    "Benchmark",
    "Tally",
    "Vital",
    "benchmark",
    "benchmarks_by_group",
    "position",
]

MIN_CASES = 5
MIN_OFFICERS = 5

AREA = "area"
PROVIDER = "provider"

# Positions against a benchmark.
BELOW, WITHIN, ABOVE = stats.BELOW, stats.WITHIN, stats.ABOVE
TOO_FEW_CASES = "too_few_cases"
NO_BENCHMARK = "no_benchmark"
POSITION_LABELS = {
    BELOW: "Below the range",
    WITHIN: "Within the range",
    ABOVE: "Above the range",
    TOO_FEW_CASES: "Too few cases to compare",
    NO_BENCHMARK: "Too few comparable officers",
}


@dataclass(frozen=True)
class Vital:
    slug: str  # the stored case indicator it reads
    name: str


VITALS = (
    Vital("first_contact_timely", "Timely first appointment"),
    Vital("assessment_timely", "Timely assessment"),
    Vital("plan_timely", "Timely plan"),
    Vital("enforcement_appropriate", "Timely enforcement"),
    Vital("contact_level_met", "Contact level met"),
)


@dataclass
class Tally:
    """Applicable cases, and how many of them met the indicator or need a human to decide."""

    applicable: int = 0
    met: int = 0
    undecided: int = 0

    def __post_init__(self) -> None:
        if min(self.applicable, self.met, self.undecided) < 0 or self.met + self.undecided > self.applicable:
            raise ValueError(
                f"{self.met} met and {self.undecided} undecided cannot come from {self.applicable} cases."
            )

    @property
    def not_met(self) -> int:
        return self.applicable - self.met - self.undecided

    @property
    def percent(self) -> float | None:
        """Met as a share of every applicable case; None when no case applies."""
        return None if not self.applicable else 100 * self.met / self.applicable

    def add(self, other: Tally) -> None:
        self.applicable += other.applicable
        self.met += other.met
        self.undecided += other.undecided


@dataclass(frozen=True)
class Benchmark:
    lower: float
    median: float
    upper: float
    officers: int
    basis: str  # AREA or PROVIDER
    group: str  # the caseload mix the officers share

    @property
    def iqr(self) -> float:
        return self.upper - self.lower


def benchmark(tallies: Iterable[Tally], *, basis: str, group: str) -> Benchmark | None:
    """The median and quartiles of the rates of officers with at least MIN_CASES applicable cases;
    None when fewer than MIN_OFFICERS officers qualify."""
    rates = [t.percent for t in tallies if t.applicable >= MIN_CASES]
    if len(rates) < MIN_OFFICERS:
        return None
    lower, middle, upper = stats.quartiles(rates)
    return Benchmark(lower, middle, upper, len(rates), basis, group)


def benchmarks_by_group(
    tallies: Mapping[int, Tally], group_of: Mapping[int, str], *, basis: str
) -> dict[str, Benchmark]:
    """One benchmark per group of comparable officers (officer id → tally, officer id → group).
    Officers with no group are left out."""
    grouped: dict[str, list[Tally]] = defaultdict(list)
    for officer, tally in tallies.items():
        if officer in group_of:
            grouped[group_of[officer]].append(tally)
    found = {}
    for group, members in grouped.items():
        made = benchmark(members, basis=basis, group=group)
        if made is not None:
            found[group] = made
    return found


def position(tally: Tally, bench: Benchmark | None) -> str:
    """Where an officer's rate lies against the benchmark of comparable officers."""
    if tally.applicable < MIN_CASES or tally.percent is None:
        return TOO_FEW_CASES
    if bench is None:
        return NO_BENCHMARK
    return stats.band_position(tally.percent, bench.lower, bench.upper)
