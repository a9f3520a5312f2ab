"""probation tiers recalculate [--provider CODE] [--area NAME] [--reason REASON] [--batch-size N]

Recalculate the tier of every person (or one provider's or area's cases) set-based, storing each
calculation with its inputs and the reason it ran, with a progress bar."""

import time

from django.core.management.base import BaseCommand, CommandError
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from probation.people.models import Person
from probation.risk.constants import TierReason
from probation.risk.services import tier_recalculate_all


class Command(BaseCommand):
    help = "Tiers: `recalculate` works out every person's tier again from the recorded facts."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["recalculate"])
        parser.add_argument("--provider", help="Only the cases this provider (by code) manages")
        parser.add_argument("--area", help="Only the cases of teams in this area (by name)")
        parser.add_argument(
            "--reason",
            default=TierReason.RECALCULATION,
            choices=TierReason.values,
            help="Why the recalculation runs (stored with each calculation)",
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (for logs)")

    def handle(self, *args, action, provider, area, reason, batch_size, no_progress, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        people = Person.objects.all()
        if provider:
            people = people.filter(provider__code=provider)
        if area:
            people = people.filter(team__area__name=area)
        total = people.count()
        started = time.monotonic()
        with Progress(
            TextColumn("Recalculating tiers"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            disable=no_progress,
            console=None,
            transient=False,
        ) as progress:
            task = progress.add_task("tiers", total=total)
            summary = tier_recalculate_all(
                reason=reason,
                people=people,
                batch_size=batch_size,
                progress=lambda n: progress.advance(task, n),
            )
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Recalculated {summary.calculated} of {summary.people} tiers in {elapsed:.1f} s "
            f"({summary.calculated / elapsed if elapsed else 0:,.0f} a second); {summary.changed} changed."
        )
        if summary.by_tier:
            self.stdout.write("By tier: " + ", ".join(f"{t} {n}" for t, n in sorted(summary.by_tier.items())))
        for person_id, message in summary.refused[:20]:
            self.stderr.write(f"Person {person_id}: {message}")
        if summary.refused:
            self.stderr.write(
                f"{len(summary.refused)} case(s) could not be tiered: their recorded facts were refused."
            )
