"""`import_records`: check a whole file, then write it in one transaction, or write nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from probation.audit.models import Action
from probation.audit.services import audit_record

from .progress import NO_PROGRESS, Progress
from .registry import record_types
from .validation import Problem, check
from .writer import CREATED, UNCHANGED, UPDATED, Writer


class ImportRejected(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = len({p.line for p in problems})
        super().__init__(f"{lines} line{'s' if lines != 1 else ''} rejected; nothing was imported")


@dataclass
class ImportResult:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    checked_only: bool = False

    def total(self, outcome: str) -> int:
        return sum(c.get(outcome, 0) for c in self.counts.values())

    @property
    def summary(self) -> str:
        return (
            f"{self.total(CREATED)} created, {self.total(UPDATED)} updated, {self.total(UNCHANGED)} unchanged"
        )


def import_records(
    lines: Iterable[str],
    *,
    by_user=None,
    source: str = "",
    total_lines: int | None = None,
    check_only: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportResult:
    """Check every line, then create or update every record (matched by type and external id) in
    one transaction. Raises ImportRejected, having written nothing, if any line has a problem.
    Writes one audit row for the whole import."""
    with transaction.atomic():
        checked = check(lines, total=total_lines, progress=progress)
        if checked.problems:
            raise ImportRejected(checked.problems)
        if check_only:
            counts = {name: {"checked": len(recs)} for name, recs in checked.records.items()}
            return ImportResult(counts=counts, checked_only=True)
        counts = Writer(checked, progress).write()
        order = [t.name for t in record_types()]
        result = ImportResult(
            counts={
                name: {o: counts[name].get(o, 0) for o in (CREATED, UPDATED, UNCHANGED)}
                for name in order
                if name in counts
            }
        )
        audit_record(
            user=by_user,
            action=Action.IMPORT,
            summary=f"Imported {source or 'records'}: {result.summary}",
            detail={"source": source, "lines": checked.lines, "counts": result.counts},
        )
    return result
