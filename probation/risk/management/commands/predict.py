"""manage.py predict KIND [FILE|-]: the same scoring as `probation predict`, from inside Django."""

import sys

from django.core.management.base import BaseCommand, CommandError

from probation.risk.predict_stream import predict_stream
from probation.risk.rules.batch import KINDS


class Command(BaseCommand):
    help = 'Score JSON Lines with a predictor (ogrs3, ogp, ovp, rsr, tier); a bad line gives {"error": …}.'
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", nargs="?", default="-", help="JSON Lines file, or - for standard input")

    def handle(self, *args, kind, file, **options):
        try:
            source = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        with source:
            predict_stream(kind, source, sys.stdout)
