"""probation inspect run --provider NAME [--provider NAME…] [--area NAME] --from DATE --to DATE
                       [--sample N | --all] [--seed S] [--confidence C] [--margin E]
                       [--standards CODE] [--on DATE] --json

Draws an inspection sample (see `probation.inspection.sampling`), recomputes the case indicators
for the sampled cases, answers every prompt from them, judges every key question and prints, per
provider, each indicator's result, each key question's percentage and rating, each standard's
rating and the overall rating.

It records no inspection: the only writes are the recomputed indicator rows of the sampled cases.
Set an inspection up in the service to keep the sample, have inspectors confirm the answers and
publish the ratings. Prompts the indicators cannot decide need a human; a key question with such
a prompt is left out of that case's count (reported as `undecided`).
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from probation.inspection import sampling
from probation.inspection.indicators import refresh_all
from probation.inspection.models import StandardSet
from probation.inspection.services import assessment
from probation.workforce.models import Area, Provider


def _provider(name: str) -> Provider:
    found = (
        Provider.objects.filter(name__iexact=name).first()
        or Provider.objects.filter(code__iexact=name).first()
    )
    if found is None:
        raise CommandError(f"No provider called {name!r}")
    return found


class Command(BaseCommand):
    help = "Draw an inspection sample and rate it from the case indicators."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{run,report}")
        run = sub.add_parser("run", help="Sample, compute answers and print the ratings per provider")
        run.add_argument(
            "--provider",
            action="append",
            dest="providers",
            required=True,
            metavar="NAME",
            help="A provider's name or code (repeat for several)",
        )
        run.add_argument("--area", metavar="NAME", help="Only cases whose team is in this area")
        run.add_argument(
            "--from",
            dest="window_start",
            metavar="DATE",
            required=True,
            type=date.fromisoformat,
            help="First day of the window (supervision started on or after)",
        )
        run.add_argument(
            "--to",
            dest="window_end",
            metavar="DATE",
            required=True,
            type=date.fromisoformat,
            help="Last day of the window",
        )
        size = run.add_mutually_exclusive_group()
        size.add_argument(
            "--sample",
            type=int,
            metavar="N",
            help="Sample this many cases (default: from confidence and margin)",
        )
        size.add_argument("--all", action="store_true", dest="take_all", help="Take every eligible case")
        run.add_argument(
            "--seed", type=int, metavar="S", default=1, help="Seed for the random draw (default 1)"
        )
        run.add_argument("--confidence", type=float, default=0.8, help="Confidence level (default 0.8)")
        run.add_argument("--margin", type=float, default=0.1, help="Margin of error (default 0.1)")
        run.add_argument(
            "--standards",
            metavar="CODE",
            default=assessment.DEFAULT_STANDARD_SET,
            help=f"Standard set code (default {assessment.DEFAULT_STANDARD_SET})",
        )
        run.add_argument(
            "--on",
            type=date.fromisoformat,
            metavar="DATE",
            help="Compute the indicators as at this day (default today)",
        )
        run.add_argument("--json", action="store_true", help="Print JSON (the only output format)")
        report = sub.add_parser("report", help="Write an inspection's report as a PDF")
        report.add_argument("inspection_id", type=int, metavar="ID", help="The inspection's number")
        report.add_argument("--pdf", required=True, metavar="FILE", help="Where to write the PDF")

    def handle(self, *args, action, **options):
        if action == "report":
            return self._report(options["inspection_id"], options["pdf"])
        if options["window_end"] < options["window_start"]:
            raise CommandError("--to must not be before --from")
        if options["sample"] is not None and options["sample"] < 0:
            raise CommandError("--sample must not be negative")
        standard_set = StandardSet.objects.filter(code=options["standards"]).first()
        if standard_set is None:
            raise CommandError(f"No standard set with code {options['standards']!r}")
        providers = [_provider(name) for name in options["providers"]]
        area = None
        if options.get("area"):
            area = Area.objects.filter(name__iexact=options["area"]).first()
            if area is None:
                raise CommandError(f"No area called {options['area']!r}")
        try:
            sample = sampling.draw_sample(
                providers=providers,
                area=area,
                window_start=options["window_start"],
                window_end=options["window_end"],
                seed=options["seed"],
                confidence=options["confidence"],
                margin=options["margin"],
                sample=options["sample"],
                take_all=options["take_all"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        on = options.get("on") or timezone.localdate()
        ids = [case.person_id for case in sample.cases]
        if ids:
            with transaction.atomic():
                refresh_all(on=on, person_ids=ids)
        self.stdout.write(
            json.dumps(self.result(standard_set, providers, area, sample, on, options), indent=2)
        )

    def result(self, standard_set, providers, area, sample, on, options) -> dict:
        structure = assessment.structure_for(standard_set)
        slugs = structure.indicator_slugs
        ids = [case.person_id for case in sample.cases]
        rows = assessment.indicator_rows(ids, slugs)
        answers = assessment.compute_answers(structure, ids, rows)
        population: dict[str, int] = {}
        for key, (size, _) in sample.strata.items():
            population[key[0]] = population.get(key[0], 0) + size
        out = []
        for provider in providers:
            cases = [c.person_id for c in sample.cases if c.provider_id == provider.pk]
            chosen = set(cases)
            judgements = [assessment.judge(structure, answers[pid].answers) for pid in cases]
            rated = assessment.rate(structure, judgements)
            out.append(
                {
                    "provider": provider.name,
                    "code": provider.code,
                    "population": population.get(provider.code, 0),
                    "sampled": len(cases),
                    "indicators": assessment.indicator_summary(
                        (row for (pid, _), row in rows.items() if pid in chosen), slugs
                    ),
                    **rated,
                }
            )
        return {
            "standard_set": standard_set.code,
            "area": area.name if area else None,
            "from": options["window_start"].isoformat(),
            "to": options["window_end"].isoformat(),
            "indicators_on": on.isoformat(),
            "seed": options["seed"],
            "population": sample.population,
            "sample_size": sample.size,
            "providers": out,
        }

    def _report(self, inspection_id, filename):
        from probation.inspection.models import Inspection
        from probation.inspection.report.pdf import render_report_pdf

        inspection = Inspection.objects.filter(pk=inspection_id).first()
        if inspection is None:
            raise CommandError(f"No inspection {inspection_id}")
        with open(filename, "wb") as out:
            out.write(render_report_pdf(inspection))
        self.stdout.write(f"Wrote the report of {inspection.name} to {filename}")
