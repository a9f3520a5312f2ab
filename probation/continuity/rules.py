"""Continuity of the responsible officer, as pure rules: plain values in, plain values out.

A change of responsible officer is any assignment after a case's first (the allocation rule,
`probation.allocation.rules.changes_in_last_12_months`), counted when it started in the twelve
months up to the day. A case has *frequent* changes when it has reached the number at which a
manager is warned before reallocating (`continuity.warn_at_change`, the "third change in 12 months").

How a case's contact fared is its stored `contact_level_met` case indicator: whether the National
Standard appointments of the last eight weeks reached the level set for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from probation.allocation.rules import changes_in_last_12_months
from probation.lib.dates import add_months

__all__ = [
    "MET",
    "NOT_APPLICABLE",
    "NOT_MET",
    "UNDECIDED",
    "Assignment",
    "ContactTally",
    "Summary",
    "bucket_labels",
    "changes",
    "is_frequent",
    "officers_in_window",
    "summarise",
]

MET, NOT_MET, UNDECIDED, NOT_APPLICABLE = "met", "not_met", "undecided", "not_applicable"


@dataclass(frozen=True)
class Assignment:
    start_date: date
    officer: str


def _check_threshold(warn_at: int) -> None:
    if isinstance(warn_at, bool) or not isinstance(warn_at, int) or warn_at < 1:
        raise ValueError(
            f"The frequent-change threshold must be a whole number of 1 or more, not {warn_at!r}"
        )


def changes(assignments: Sequence[Assignment], on: date) -> int:
    """Changes of officer that started in the twelve months up to and including `on`."""
    return changes_in_last_12_months([a.start_date for a in assignments], on)


def is_frequent(change_count: int, warn_at: int) -> bool:
    _check_threshold(warn_at)
    return change_count >= warn_at


def officers_in_window(assignments: Sequence[Assignment], on: date) -> list[str]:
    """The officers who held the case over the twelve months up to `on`, in order: whoever held it
    when the twelve months began, then each officer assigned in them. Assignments on the same day
    keep the order given; assignments after `on` are left out."""
    window_start = add_months(on, -12)
    ordered = sorted(
        (a for a in enumerate(assignments) if a[1].start_date <= on),
        key=lambda item: (item[1].start_date, item[0]),
    )
    before = [a for _, a in ordered if a.start_date <= window_start]
    within = [a for _, a in ordered if a.start_date > window_start]
    return [a.officer for a in (before[-1:] + within)]


def bucket_labels(warn_at: int) -> list[str]:
    """The summary's columns: "0", "1", … up to one below the threshold, then "3 or more"."""
    _check_threshold(warn_at)
    return [str(n) for n in range(warn_at)] + [f"{warn_at} or more"]


@dataclass
class ContactTally:
    """How contact fared for a group of cases: met, not met, needing a human, or not applicable."""

    met: int = 0
    not_met: int = 0
    undecided: int = 0
    not_applicable: int = 0

    @property
    def applicable(self) -> int:
        return self.met + self.not_met + self.undecided

    @property
    def cases(self) -> int:
        return self.applicable + self.not_applicable

    @property
    def percent(self) -> float | None:
        """Met as a share of the cases the contact level applies to; a case needing a human counts as
        not met, so the figure never overstates."""
        return None if not self.applicable else 100 * self.met / self.applicable

    def add(self, result: str) -> None:
        if result not in (MET, NOT_MET, UNDECIDED, NOT_APPLICABLE):
            raise ValueError(f"Unknown contact result {result!r}")
        setattr(self, result, getattr(self, result) + 1)


@dataclass
class Summary:
    warn_at: int
    # (label, cases) for 0, 1, …, "warn_at or more" changes.
    buckets: list[tuple[str, int]] = field(default_factory=list)
    frequent: ContactTally = field(default_factory=ContactTally)
    rest: ContactTally = field(default_factory=ContactTally)

    @property
    def cases(self) -> int:
        return sum(n for _, n in self.buckets)


def summarise(cases: Iterable[tuple[int, str]], warn_at: int) -> Summary:
    """From (changes, contact result) per case: how many cases had 0, 1, 2, 3 or more changes, and
    how contact fared among the cases with frequent changes and among the rest."""
    labels = bucket_labels(warn_at)
    counts = [0] * len(labels)
    summary = Summary(warn_at)
    for change_count, result in cases:
        if isinstance(change_count, bool) or not isinstance(change_count, int) or change_count < 0:
            raise ValueError(f"A number of changes must be a whole number of 0 or more, not {change_count!r}")
        counts[min(change_count, warn_at)] += 1
        (summary.frequent if is_frequent(change_count, warn_at) else summary.rest).add(result)
    summary.buckets = list(zip(labels, counts, strict=True))
    return summary
