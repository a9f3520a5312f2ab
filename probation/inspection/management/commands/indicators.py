"""probation indicators refresh [--date D] [--crn CRN]...
probation indicators snapshot [--date D] [--refresh]

`refresh` recomputes every case indicator from the recorded facts (all cases, or the cases named);
`snapshot` stores today's (or D's) aggregates per provider, area, team and officer for the trends.
Run both nightly: `probation indicators refresh && probation indicators snapshot`."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from probation.inspection.indicators import ordered
from probation.inspection.indicators.engine import refresh_indicator
from probation.inspection.indicators.snapshot import take_snapshot
from probation.people.models import Person


class Command(BaseCommand):
    help = "Recompute the case indicators, or store the daily snapshot of their aggregates."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{refresh,snapshot}")
        refresh = sub.add_parser(
            "refresh", help="Recompute every indicator for every case (or the cases named)"
        )
        refresh.add_argument("--date", type=date.fromisoformat, help="Compute as at this day (default today)")
        refresh.add_argument(
            "--crn", action="append", dest="crns", metavar="CRN", help="Only this case (repeat for several)"
        )
        refresh.add_argument("--no-progress", action="store_true", help="No progress bar (for logs)")
        snapshot = sub.add_parser(
            "snapshot", help="Store the aggregates per provider, area, team and officer"
        )
        snapshot.add_argument(
            "--date", type=date.fromisoformat, help="The day the snapshot is for (default today)"
        )
        snapshot.add_argument(
            "--refresh",
            action="store_true",
            help="Recompute the indicators as at that day first, to back-fill a past day "
            "(the stored results are then recomputed as at today)",
        )
        snapshot.add_argument("--no-progress", action="store_true", help="No progress bar (for logs)")

    def handle(self, *args, action, **options):
        on = options.get("date") or timezone.localdate()
        if on > timezone.localdate():
            raise CommandError("The date must be today or in the past")
        console = Console(stderr=True, quiet=options.get("verbosity", 1) == 0)
        if action == "refresh" or options.get("refresh"):
            self._refresh(console, on, options.get("crns"), options.get("no_progress"))
        if action == "snapshot":
            started = time.monotonic()
            rows = take_snapshot(on)
            console.print(f"Snapshot for {on:%d %B %Y}: {rows} rows in {time.monotonic() - started:.1f} s")
            if options.get("refresh") and on < timezone.localdate():
                # Back-filling left the stored results as at the past day: bring them back to today.
                self._refresh(console, timezone.localdate(), None, options.get("no_progress"))

    def _refresh(self, console, on, crns, no_progress):
        ids = None
        if crns:
            found = dict(Person.objects.filter(crn__in=[c.upper() for c in crns]).values_list("crn", "pk"))
            missing = sorted({c.upper() for c in crns} - set(found))
            if missing:
                raise CommandError(f"No case with CRN {', '.join(missing)}")
            ids = list(found.values())
        indicators = ordered()
        started = time.monotonic()
        total = 0
        with Progress(
            TextColumn("{task.description:<30}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=no_progress or console.quiet,
            transient=False,
        ) as progress:
            task = progress.add_task("Indicators", total=len(indicators))
            for ind in indicators:
                progress.update(task, description=ind.slug)
                t = time.monotonic()
                rows = refresh_indicator(ind, on=on, person_ids=ids)
                total += rows
                if no_progress:
                    console.print(f"{ind.slug:<28} {rows:>9} cases {time.monotonic() - t:7.1f} s")
                progress.advance(task)
            progress.update(task, description="Indicators")
        console.print(
            f"Refreshed {len(indicators)} indicators as at {on:%d %B %Y}: {total} case results "
            f"in {time.monotonic() - started:.1f} s"
        )
