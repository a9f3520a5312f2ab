"""probation demo_setup: a demonstration database. If there are no people yet, generate a region
(two areas, about 3,000 people, seed 2017) and import it; then give a handful of named accounts a
known password and print them. Refuses to run unless the settings say this is a demo. Running it
again changes nothing."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Value, When

from probation.interchange.importer import ImportRejected, import_records
from probation.interchange.progress import progress_on_stderr
from probation.people.models import Person
from probation.synth.generator import DEFAULT_AREAS, generate
from probation.workforce.models import Staff

DEMO_PASSWORD = "probation-demo-2017"
DEMO_SEED = 2017
DEMO_PEOPLE = 3000
INSPECTOR_USERNAME = "inspector"


class Command(BaseCommand):
    help = "Set up the demo: a synthetic region and a few accounts with a known password (demo mode only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=DEMO_PEOPLE, help="People to generate if there are none"
        )

    def handle(self, *args, people: int, **options):
        if not settings.DEMO:
            raise CommandError(
                "demo_setup only runs in demo mode (PROBATION_MODE=demo): it sets known passwords."
            )
        if not Person.objects.exists():
            self._import_region(people)
        else:
            self.stdout.write("The database already has people: no region generated.")
        accounts = self._demo_accounts()
        self._print(accounts)

    def _import_region(self, people: int) -> None:
        self.stdout.write(f"Generating {people} people in {' and '.join(DEFAULT_AREAS)} (seed {DEMO_SEED})…")
        encode = json.JSONEncoder(ensure_ascii=False).encode
        lines = [encode(r) for r in generate(people=people, seed=DEMO_SEED, areas=DEFAULT_AREAS)]
        try:
            with progress_on_stderr() as progress:
                result = import_records(
                    lines, source=f"demo region (seed {DEMO_SEED})", total_lines=len(lines), progress=progress
                )
        except ImportRejected as rejected:  # the generator's own output: a bug if it ever happens
            for problem in rejected.problems[:20]:
                self.stderr.write(str(problem))
            raise CommandError(str(rejected)) from None
        self.stdout.write(f"Imported the demo region: {result.summary}.")
        self._derive_judgements()

    def _derive_judgements(self) -> None:
        """Tiers, case indicators and today's snapshot are derived from the imported facts."""
        from django.utils import timezone

        from probation.inspection.indicators import refresh_all
        from probation.inspection.indicators.snapshot import take_snapshot
        from probation.risk.constants import TierReason
        from probation.risk.services import tier_recalculate_all

        self.stdout.write("Calculating tiers…")
        tier_recalculate_all(reason=TierReason.IMPORT)
        self.stdout.write("Computing case indicators…")
        today = timezone.localdate()
        refresh_all(on=today)
        take_snapshot(today)

    @transaction.atomic
    def _demo_accounts(self) -> list[tuple[Staff, str]]:
        nps_po = self._officer_with_caseload(public=True)
        crc_po = self._officer_with_caseload(public=False)
        if nps_po is None or crc_po is None:
            raise CommandError("The database has no officers with a caseload in both an NPS and a CRC team.")
        manager = nps_po.team.manager
        head = self._first(Staff.objects.filter(grade="HEAD", provider=nps_po.provider, area=nps_po.area))
        quality = next(
            (
                s
                for s in self._ordered(Staff.objects.filter(provider=nps_po.provider, area=nps_po.area))
                if s.has_role("quality_assurance") and not s.has_role("manager")
            ),
            None,
        )
        inspector, _ = Staff.objects.get_or_create(
            username=INSPECTOR_USERNAME,
            defaults={"first_name": "Imogen", "last_name": "Hale", "roles": ["inspector"], "grade": ""},
        )
        chosen = [
            (nps_po, f"NPS probation officer, {nps_po.team}, {nps_po.n} cases"),
            (crc_po, f"CRC probation officer, {crc_po.team}, {crc_po.n} cases"),
            (manager, f"NPS senior probation officer, manages {nps_po.team}; court team"),
            (crc_po.team.manager, f"CRC senior probation officer, manages {crc_po.team}"),
            (head, f"NPS head of service, {nps_po.area}"),
            (quality, f"NPS quality assurance, {nps_po.area}"),
            (inspector, "Inspector (no provider)"),
        ]
        accounts = []
        for staff, role in chosen:
            if staff is None:
                continue
            if not staff.check_password(DEMO_PASSWORD):
                staff.set_password(DEMO_PASSWORD)
                staff.save(update_fields=["password"])
            accounts.append((staff, role))
        return accounts

    def _ordered(self, queryset):
        """Accounts that already have a password first, so a second run picks the same ones."""
        has_password = Case(
            When(password__startswith="!", then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        return (
            queryset.filter(is_active=True, external_id__isnull=False)
            .annotate(has_no_password=has_password)
            .order_by("has_no_password", "external_id")
        )

    def _first(self, queryset):
        return self._ordered(queryset).first()

    def _officer_with_caseload(self, *, public: bool):
        officers = Staff.objects.filter(
            grade="PO", provider__type="public" if public else "private", team__isnull=False
        )
        officers = officers.annotate(n=Count("caseload")).filter(n__gt=0)
        return self._ordered(officers).select_related("team", "team__manager", "area", "provider").first()

    def _print(self, accounts: list[tuple[Staff, str]]) -> None:
        width = max(len(s.username) for s, _ in accounts)
        role_width = max(len(r) for _, r in accounts)
        self.stdout.write("")
        self.stdout.write(f"{'username':<{width}}  {'role':<{role_width}}  password")
        for staff, role in accounts:
            self.stdout.write(f"{staff.username:<{width}}  {role:<{role_width}}  {DEMO_PASSWORD}")
        self.stdout.write("")
        if settings.OTP_REQUIRED:
            self.stdout.write(
                "Each account sets up an authenticator app the first time it signs in "
                "(or set PROBATION_DEMO_SKIP_OTP=1 for the demo)."
            )
