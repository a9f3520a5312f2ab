"""probation generate --people N --seed S [--area NAME]... [--as-at DATE] [--quality FILE.json]
[--out FILE]"""

import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from probation.synth.generator import DEFAULT_AREAS, FOUNDATION_STEPS, generate, write_jsonl
from probation.synth.quality import QualityProfile


class Command(BaseCommand):
    help = (
        "Generate a synthetic region (providers, teams, staff, people, sentences, responsible officers) in "
        "the interchange format. The same options always give the same file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="How many people on probation")
        parser.add_argument("--seed", type=int, required=True, help="Seed for the random choices")
        parser.add_argument(
            "--area",
            action="append",
            dest="areas",
            metavar="NAME",
            help=f"An area (repeat for several); default: {' and '.join(DEFAULT_AREAS)}",
        )
        parser.add_argument(
            "--as-at", type=date.fromisoformat, help="The date the data describes (default today)"
        )
        parser.add_argument(
            "--quality",
            metavar="FILE.json",
            help="Quality of practice per provider (see docs/generator.md); the seed inspection's by default",
        )
        parser.add_argument("--out", help="File to write; standard output if left out")
        parser.add_argument(
            "--steps",
            type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
            help="Run only these steps (comma-separated), e.g. the foundation's: "
            + ",".join(FOUNDATION_STEPS),
        )

    def handle(self, *args, people, seed, areas, as_at, out, steps, quality=None, **options):
        started = time.monotonic()
        try:
            profile = QualityProfile.from_json(quality) if quality else None
            records = generate(
                people=people,
                seed=seed,
                areas=areas or DEFAULT_AREAS,
                as_at=as_at,
                only=steps,
                quality=profile,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if out:
            with open(out, "w", encoding="utf-8") as stream:
                n = write_jsonl(records, stream)
            self.stderr.write(
                f"Wrote {n} records for {people} people to {out} in {time.monotonic() - started:.1f} s"
            )
        else:
            write_jsonl(records, sys.stdout if self.stdout._out is sys.stdout else _Plain(self.stdout))


class _Plain:
    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")
