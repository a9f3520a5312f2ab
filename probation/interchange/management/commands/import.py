"""probation import FILE: check an interchange file and, if every line is good, write it all."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from probation.interchange.importer import ImportRejected, import_records
from probation.interchange.progress import progress_on_stderr


class Command(BaseCommand):
    help = (
        "Import an interchange file (JSON Lines; see docs/interchange.md). Every line is checked first; "
        "if any is rejected, each problem is listed on stderr and nothing is written. Records are matched "
        "by external id, so importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import, or - for standard input")
        parser.add_argument("--check", action="store_true", help="Check the file but write nothing")

    def handle(self, *args, file: str, check: bool, **options):
        if file == "-":
            text, source = sys.stdin.read(), "standard input"
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"There is no file {file}")
            text, source = path.read_text(encoding="utf-8"), path.name
        # Only a newline ends a line: JSON text may hold other line separators (U+2028) unescaped.
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        total = len(lines)
        try:
            with progress_on_stderr() as progress:
                result = import_records(
                    lines, source=source, total_lines=total, check_only=check, progress=progress
                )
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(rejected)) from None
        if check:
            checked = sum(c["checked"] for c in result.counts.values())
            self.stdout.write(f"{checked} records checked; no problems found. Nothing was written.")
            return
        width = max((len(name) for name in result.counts), default=6)
        self.stdout.write(f"{'record type':<{width}}  {'created':>8}  {'updated':>8}  {'unchanged':>9}")
        for name, c in result.counts.items():
            self.stdout.write(f"{name:<{width}}  {c['created']:>8}  {c['updated']:>8}  {c['unchanged']:>9}")
        self.stdout.write(f"Imported {source}: {result.summary}.")
