"""probation export [FILE]: write every record in the interchange format."""

from django.core.management.base import BaseCommand

from probation.interchange.exporter import export_records
from probation.interchange.progress import progress_on_stderr


class Command(BaseCommand):
    help = "Export every record in the interchange format (JSON Lines), to FILE or standard output."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write; standard output if left out")

    def handle(self, *args, file: str | None, **options):
        if file:
            with open(file, "w", encoding="utf-8") as out, progress_on_stderr() as progress:
                counts = export_records(out, destination=file, progress=progress)
            self.stderr.write(f"Exported {sum(counts.values())} records to {file}.")
        else:
            with progress_on_stderr() as progress:
                export_records(_Unstyled(self.stdout), destination="standard output", progress=progress)


class _Unstyled:
    """Passes text straight to the command's output, adding no line endings of its own."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")
