"""Progress bars on long work, shown on stderr only when it is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Progress:
    """Reports phases of work; this base class shows nothing."""

    def phase(self, description: str, total: int | None = None) -> Callable[[int], None]:
        return _ignore


def _ignore(_n: int) -> None:
    return None


NO_PROGRESS = Progress()


class _RichProgress(Progress):
    def __init__(self, bar) -> None:
        self.bar = bar
        self.current = None

    def phase(self, description: str, total: int | None = None) -> Callable[[int], None]:
        if self.current is not None:
            task = self.bar.tasks[self.current]
            self.bar.update(self.current, completed=task.total if task.total is not None else task.completed)
        self.current = self.bar.add_task(description, total=total)
        task_id = self.current
        return lambda n: self.bar.advance(task_id, n)


@contextmanager
def progress_on_stderr(enabled: bool | None = None) -> Iterator[Progress]:
    """A progress reporter drawing rich bars on stderr if it is a terminal (or `enabled` says so)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield NO_PROGRESS
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bars

    columns = (TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Bars(*columns, console=Console(stderr=True)) as bar:
        yield _RichProgress(bar)
