"""probation interchange_docs: rewrite docs/interchange.schema.json and the record-type reference
in docs/interchange.md from the registry (run it after adding or changing a record type)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from probation.interchange.schema import reference_markdown, schema_text

BEGIN = "<!-- BEGIN record types: made by `probation interchange_docs`, do not edit by hand -->"
END = "<!-- END record types -->"


def docs_dir() -> Path:
    return Path(settings.BASE_DIR) / "docs"


def updated_markdown(current: str) -> str:
    if BEGIN not in current or END not in current:
        raise CommandError(f"docs/interchange.md must contain the markers {BEGIN!r} and {END!r}")
    head, rest = current.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n\n{reference_markdown()}\n{END}{tail}"


class Command(BaseCommand):
    help = "Rewrite the interchange schema and field reference from the registered record types."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report whether they are up to date")

    def handle(self, *args, check: bool, **options):
        schema_path, doc_path = docs_dir() / "interchange.schema.json", docs_dir() / "interchange.md"
        doc = doc_path.read_text(encoding="utf-8")
        wanted = {schema_path: schema_text(), doc_path: updated_markdown(doc)}
        stale = [p for p, text in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        if check:
            if stale:
                names = ", ".join(str(p.relative_to(settings.BASE_DIR)) for p in stale)
                raise CommandError(f"Out of date: {names}. Run `probation interchange_docs`.")
            self.stdout.write("The interchange docs are up to date.")
            return
        for path in stale:
            path.write_text(wanted[path], encoding="utf-8")
            self.stdout.write(f"Wrote {path.relative_to(settings.BASE_DIR)}")
        if not stale:
            self.stdout.write("The interchange docs were already up to date.")
