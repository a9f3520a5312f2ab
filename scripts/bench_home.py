"""Time the officer's home page, diary and case contact list at the scale of a large region.

Bulk-creates a region (default 50,000 people, 25 contacts each: 1.25 million contacts) in the
database DATABASE_URL names, then times requests through the Django test client for a typical
officer (and their SPO), and prints the median server time and the query count of each page.

    bash scripts/with-postgres.sh .venv/bin/python scripts/bench_home.py
    bash scripts/with-postgres.sh .venv/bin/python scripts/bench_home.py --people 5000 --requests 10

Run it against a throwaway database: it migrates and fills whatever database it is given.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probation.settings")
os.environ.setdefault("PROBATION_MODE", "test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

CASES_PER_OFFICER = 40
OFFICERS_PER_TEAM = 8
TIERS = [("A", 2), ("B", 18), ("C", 35), ("D", 45)]
ROSH_BY_PROTECT = {"A": "very_high", "B": "high", "C": "medium", "D": "low"}
GAP_DAYS = {"A": 7, "B": 14, "C": 28, "D": 56}
OUTCOMES = [
    ("attended_complied", 82),
    ("attended_failed", 3),
    ("acceptable_absence", 7),
    ("unacceptable_absence", 5),
    ("", 2),
    ("awaiting_evidence", 1),
]
TYPES = [("office", 75), ("home_visit", 8), ("telephone", 10), ("video", 3), ("partner_contact", 4)]


def weighted(rng, pairs):
    total = sum(w for _v, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x <= 0:
            return value
    return pairs[-1][0]


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY rows into the model's table (PostgreSQL), in chunks; returns how many."""
    table = model._meta.db_table
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    n = 0
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def build(people: int, per_person: int, seed: int) -> dict:
    from probation.contacts.models import Contact, ContactLevel
    from probation.people.models import Person
    from probation.risk.models import FlagType, Registration
    from probation.workforce.models import Area, Provider, Staff, Team

    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    provider = Provider.objects.create(
        external_id="bench-nps", name="National Probation Service", code="NPS", type="public"
    )
    area = Area.objects.create(external_id="bench-area", name="Bench region")
    officers_needed = max(1, people // CASES_PER_OFFICER)
    teams, officers, managers = [], [], []
    for t in range((officers_needed + OFFICERS_PER_TEAM - 1) // OFFICERS_PER_TEAM):
        team = Team.objects.create(
            external_id=f"bench-team-{t}", name=f"Team {t:03d}", provider=provider, area=area
        )
        manager = Staff(
            username=f"spo{t:03d}",
            external_id=f"bench-spo-{t}",
            first_name="Sam",
            last_name=f"Spo{t}",
            provider=provider,
            area=area,
            team=team,
            grade="SPO",
            roles=["manager"],
        )
        manager.set_unusable_password()
        manager.save()
        team.manager = manager
        team.save(update_fields=["manager"])
        teams.append(team)
        managers.append(manager)
    staff = []
    for o in range(officers_needed):
        team = teams[o // OFFICERS_PER_TEAM]
        s = Staff(
            username=f"po{o:05d}",
            external_id=f"bench-po-{o}",
            first_name="Pat",
            last_name=f"Officer{o}",
            provider=provider,
            area=area,
            team=team,
            grade="PO",
            roles=["practitioner"],
            password="!",
        )
        staff.append(s)
    Staff.objects.bulk_create(staff, batch_size=2000)
    officers = list(Staff.objects.filter(grade="PO").order_by("id"))

    print(f"Creating {people:,} people…", flush=True)
    persons = []
    for i in range(people):
        officer = officers[i % len(officers)]
        protect = weighted(rng, TIERS)
        persons.append(
            Person(
                external_id=f"bench-person-{i}",
                crn=f"B{i:06d}",
                first_name="Alex",
                last_name=f"Person{i:06d}",
                date_of_birth=date(1970 + i % 35, 1 + i % 12, 1 + i % 28),
                sex="male" if i % 5 else "female",
                provider=provider,
                team_id=officer.team_id,
                officer=officer,
                tier=f"{protect}{rng.randint(0, 3)}",
                rosh=ROSH_BY_PROTECT[protect],
            )
        )
    Person.objects.bulk_create(persons, batch_size=5000)
    person_rows = list(Person.objects.values_list("id", "officer_id", "tier").order_by("id"))

    print(f"Creating {people * per_person:,} contacts…", flush=True)
    fields = [f for f in Contact._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    start_time = time.perf_counter()

    def contact_rows():
        seq = 0
        for pid, officer_id, tier in person_rows:
            gap = GAP_DAYS[tier[0]]
            # The person's contacts run back from up to two weeks ahead, one every `gap` days.
            first = today + timedelta(days=rng.randint(-gap, 14))
            for k in range(per_person):
                day = first - timedelta(days=gap * k + rng.randint(0, 2))
                while day.weekday() >= 5:
                    day -= timedelta(days=1)
                starts = timezone.make_aware(
                    datetime(day.year, day.month, day.day, 9 + rng.randint(0, 7), rng.choice((0, 30)))
                )
                type_ = weighted(rng, TYPES)
                outcome, evidence_due = "", None
                if starts < now and type_ != "partner_contact":
                    outcome = weighted(rng, OUTCOMES)
                    if outcome == "awaiting_evidence":
                        evidence_due = day + timedelta(days=7)
                    if outcome == "" and rng.random() < 0.8:  # most unrecorded outcomes get caught up
                        outcome = "attended_complied"
                seq += 1
                values = {
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                    "external_id": f"bench-c-{seq}",
                    "person_id": pid,
                    "officer_id": officer_id,
                    "requirement_id": None,
                    "type": type_,
                    "starts_at": starts,
                    "ends_at": None,
                    "location": "Office",
                    "national_standard": type_ != "partner_contact",
                    "outcome": outcome,
                    "absence_reason": "medical" if outcome == "acceptable_absence" else "",
                    "evidence_due": evidence_due,
                    "outcome_recorded_at": starts if outcome else None,
                    "outcome_recorded_by_id": officer_id if outcome else None,
                    "notes": "Discussed progress." if rng.random() < 0.3 else "",
                    "sensitive": rng.random() < 0.03,
                    "series": "",
                    "booked_by_id": None,
                }
                yield [values[f.attname] for f in fields]

    n = copy_rows(Contact, columns, contact_rows())
    print(f"  {n:,} contacts in {time.perf_counter() - start_time:.0f} s", flush=True)

    print("Creating contact levels and registrations…", flush=True)
    levels, registrations = [], []
    flags = list(FlagType.objects.all()[:6])
    for pid, officer_id, tier in person_rows:
        levels.append(
            ContactLevel(
                external_id=f"bench-l-{pid}",
                person_id=pid,
                frequency={"A": "weekly", "B": "fortnightly", "C": "monthly", "D": "bimonthly"}[tier[0]],
                effective_from=today - timedelta(days=120),
            )
        )
        if rng.random() < 0.01:
            levels.append(
                ContactLevel(
                    external_id=f"bench-lp-{pid}",
                    person_id=pid,
                    frequency="monthly",
                    status="awaiting_approval",
                    is_step_down=True,
                    effective_from=today,
                    requested_by_id=officer_id,
                    requested_at=now,
                    rationale="Stable",
                )
            )
        if flags and rng.random() < 0.35:
            registrations.append(
                Registration(
                    external_id=f"bench-r-{pid}",
                    person_id=pid,
                    flag=rng.choice(flags),
                    registered_on=today - timedelta(days=200),
                    review_due=today + timedelta(days=rng.randint(-60, 180)),
                )
            )
    ContactLevel.objects.bulk_create(levels, batch_size=5000)
    Registration.objects.bulk_create(registrations, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"officers": officers, "managers": managers}


def migrate(fake: list[str]) -> None:
    """Migrate, firing deferred constraint checks after each data migration, so that a migration that
    changes data and then alters the same table also runs on PostgreSQL. Migrations named in `fake`
    (app.name) are marked as applied without running: a way past one that fails on PostgreSQL and
    that the pages measured here do not need."""
    from django.db.migrations.operations.special import RunPython

    original = RunPython.database_forwards

    def forwards(self, app_label, schema_editor, from_state, to_state):
        original(self, app_label, schema_editor, from_state, to_state)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    RunPython.database_forwards = forwards
    try:
        from django.db.migrations.loader import MigrationLoader

        graph = MigrationLoader(connection).graph
        for name in fake:
            app, migration = name.split(".", 1)
            for parent in sorted(node.key for node in graph.node_map[(app, migration)].parents):
                call_command("migrate", *parent, verbosity=0, stdout=io.StringIO())
            call_command("migrate", app, migration, fake=True, verbosity=0, stdout=io.StringIO())
        call_command("migrate", verbosity=0, stdout=io.StringIO())
    finally:
        RunPython.database_forwards = original


def signed_in(user) -> Client:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


class QueryLog:
    """Counts and times every query (a connection wrapper survives the request's own bookkeeping)."""

    def __init__(self):
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))


def measure(client: Client, url: str, params: dict, requests: int, show_slow: bool = False):
    for _ in range(3):  # warm caches and connections
        assert client.get(url, params).status_code == 200, url
    log = QueryLog()
    with connection.execute_wrapper(log):
        client.get(url, params)
    if show_slow:
        for ms, sql in sorted(log.queries, reverse=True)[:3]:
            print(f"    {ms:7.1f} ms  {sql[:300]}")
    if show_slow:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, url, params)
        pstats.Stats(profile).sort_stats("cumulative").print_stats("probation|template|otp|axes|session", 30)
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    return (
        statistics.median(times),
        max(times),
        statistics.median(cpu),
        len(log.queries),
        sum(ms for ms, _sql in log.queries),
    )


def explain(officer) -> None:
    """EXPLAIN ANALYZE of the queries behind the officer's home page and diary."""
    from probation.contacts import due as contact_due
    from probation.contacts import selectors

    today = timezone.localdate()
    monday = selectors.week_start(today)
    begin, _ = selectors.day_bounds(monday)
    end, _ = selectors.day_bounds(monday + timedelta(days=7))
    from probation.contacts.models import Contact

    queries = {
        "absences awaiting a decision": contact_due.absences_query(officer, today),
        "outcomes not recorded": contact_due.unrecorded_query(officer, today),
        "diary week": Contact.objects.filter(
            officer=officer, starts_at__gte=begin, starts_at__lt=end
        ).order_by("starts_at", "id"),
        "access check": selectors.visible_cases(officer)
        .filter(pk__in=list(officer.caseload.values_list("pk", flat=True)[:20]), access_blocked=False)
        .values_list("pk", flat=True),
    }
    for title, queryset in queries.items():
        plan = queryset.explain(analyze=True)
        print(f"\n-- {title}\n{plan}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--contacts-per-person", type=int, default=25)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--show-slow",
        action="store_true",
        help="Print the slowest queries, a profile, and each due-item provider's cost",
    )
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE the home page's and diary's queries"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Measure a region an earlier run built in the same database instead of building one",
    )
    parser.add_argument(
        "--fake-migration",
        action="append",
        default=[],
        metavar="APP.NAME",
        help="Mark a migration as applied without running it (its dependencies do run)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL: bash scripts/with-postgres.sh .venv/bin/python " + __file__)

    from probation.contacts.models import Contact
    from probation.workforce.models import Staff

    built = Staff._meta.db_table in connection.introspection.table_names()
    if args.reuse and built and Staff.objects.filter(external_id__startswith="bench-po-").exists():
        officers = list(Staff.objects.filter(grade="PO", external_id__startswith="bench-po-").order_by("id"))
    else:
        migrate(args.fake_migration)
        started = time.perf_counter()
        officers = build(args.people, args.contacts_per_person, args.seed)["officers"]
        print(f"Region built in {time.perf_counter() - started:.0f} s", flush=True)

    officer = officers[len(officers) // 2]
    manager = officer.team.manager
    case = officer.caseload.order_by("id").first()
    print(
        f"{Contact.objects.count():,} contacts; officer {officer.username} has "
        f"{officer.caseload.count()} cases and {Contact.objects.filter(officer=officer).count():,} contacts"
    )
    pages = [
        ("Home page (officer)", officer, reverse("home"), {}),
        ("Home page (SPO)", manager, reverse("home"), {}),
        ("Diary, this week (officer)", officer, reverse("diary:week"), {}),
        ("Diary, an officer's week (SPO)", manager, reverse("diary:week"), {"officer": officer.pk}),
        ("Case contact list", officer, reverse("contacts:list", args=[case.crn]), {}),
        ("My cases (officer)", officer, reverse("cases:my-cases"), {}),
        ("Team cases (SPO)", manager, reverse("cases:team-cases"), {}),
        ("Search by surname (officer)", officer, reverse("cases:search"), {"q": case.last_name}),
        ("Case overview", officer, reverse("cases:overview", args=[case.crn]), {}),
    ]
    if args.show_slow:
        from probation.home import due

        today = timezone.localdate()
        for user in (officer, manager):
            for provider in due.providers():
                provider.due_items(user, today)
                started, started_cpu = time.perf_counter(), time.process_time()
                log = QueryLog()
                with connection.execute_wrapper(log):
                    items = provider.due_items(user, today)
                print(
                    f"  {user.username} {provider.module}: {len(items)} items, {len(log.queries)} queries, "
                    f"{(time.perf_counter() - started) * 1000:.0f} ms wall, "
                    f"{(time.process_time() - started_cpu) * 1000:.0f} ms CPU"
                )
    if args.explain:
        explain(officer)
    print("\n| page | median ms | max ms | median app CPU ms | queries | ms in SQL (one request) |")
    print("|---|---|---|---|---|---|")
    for title, user, url, params in pages:
        median, worst, cpu, queries, sql_ms = measure(
            signed_in(user), url, params, args.requests, args.show_slow
        )
        print(f"| {title} | {median:.0f} | {worst:.0f} | {cpu:.0f} | {queries} | {sql_ms:.0f} |", flush=True)


if __name__ == "__main__":
    main()
