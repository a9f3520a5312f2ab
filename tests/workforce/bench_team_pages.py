"""Measure the team workload page and the oversight queue at the scale of a region. Not part of the
suite (the file name keeps it out); run it on its own:

    .venv/bin/pytest -q -s tests/workforce/bench_team_pages.py

Bulk-creates TEAMS teams of OFFICERS officers with CASES cases each (a current sentence, a tier, a
RoSH level), reports, reductions and items awaiting countersignature across the region, then times
requests from one SPO and prints the query count and the median server time of each page."""

import os
import random
import statistics
import time
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from probation.people.models import Person
from probation.plans.models import SentencePlan
from probation.risk.models import RiskAssessment
from probation.sentences.models import Disposal, Event
from probation.workforce.models import CourtReport, Staff, Team, WorkloadReduction

TEAMS = int(os.environ.get("BENCH_TEAMS", 50))
OFFICERS = int(os.environ.get("BENCH_OFFICERS", 8))
CASES = int(os.environ.get("BENCH_CASES", 50))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 7))
TIERS = [f"{letter}{n}" for letter in "ABCD" for n in range(4)]


def _region(personas):
    rng = random.Random(7)
    today = timezone.localdate()
    nps, area = personas.nps, personas.area
    teams = [personas.team] + [
        Team.objects.create(provider=nps, area=area, name=f"Bench {i}", external_id=f"bench-team-{i}")
        for i in range(TEAMS - 1)
    ]
    officers = []
    for t in teams:
        for j in range(OFFICERS):
            officers.append(
                Staff(
                    username=f"b-{t.pk}-{j}",
                    external_id=f"b-{t.pk}-{j}",
                    provider=nps,
                    area=area,
                    team=t,
                    grade="PO",
                    roles=["practitioner"],
                    first_name="Bench",
                    last_name=f"{j}",
                )
            )
    officers = Staff.objects.bulk_create(officers)
    people = []
    for o in officers:
        for k in range(CASES):
            people.append(
                Person(
                    external_id=f"bp-{o.pk}-{k}",
                    crn=f"B{len(people):06d}",
                    first_name="P",
                    last_name=f"{k}",
                    date_of_birth=date(1990, 1, 1),
                    sex="male",
                    provider=nps,
                    team_id=o.team_id,
                    officer=o,
                    tier=rng.choice(TIERS),
                    rosh=rng.choice(["low", "medium", "medium", "high", "very_high"]),
                )
            )
    people = Person.objects.bulk_create(people, batch_size=2000)
    events = Event.objects.bulk_create(
        [
            Event(
                external_id=f"be-{p.pk}",
                person=p,
                number=1,
                conviction_date=today - timedelta(days=90),
                court="Stoke",
            )
            for p in people
        ],
        batch_size=2000,
    )
    disposals = []
    for e in events:
        kind = rng.choice(["community_order", "community_order", "licence", "suspended_sentence"])
        disposals.append(
            Disposal(
                external_id=f"bd-{e.pk}",
                event=e,
                type=kind,
                sentence_date=e.conviction_date,
                start_date=e.conviction_date,
                length_months=24,
                expected_end_date=today + timedelta(days=600),
                release_date=e.conviction_date if kind == "licence" and rng.random() < 0.7 else None,
            )
        )
    disposals = Disposal.objects.bulk_create(disposals, batch_size=2000)
    CourtReport.objects.bulk_create(
        [
            CourtReport(
                external_id=f"bcr-{o.pk}",
                staff=o,
                kind=rng.choice(["standard", "fast", "parole"]),
                requested_on=today,
                due_on=today + timedelta(days=15),
            )
            for o in officers
        ]
    )
    WorkloadReduction.objects.bulk_create(
        [
            WorkloadReduction(
                external_id=f"bwr-{o.pk}", staff=o, reason="Trainee", percent=40, start_date=today
            )
            for o in officers[::5]
        ]
    )
    sample = rng.sample(people, len(people) // 20)
    RiskAssessment.objects.bulk_create(
        [
            RiskAssessment(
                external_id=f"bra-{p.pk}",
                person=p,
                sequence=1,
                status="awaiting_countersignature",
                assessed_by_id=p.officer_id,
                started_on=today - timedelta(days=9),
                submitted_on=today - timedelta(days=rng.randint(1, 30)),
            )
            for p in sample
        ]
    )
    by_person = {d.event.person_id: d for d in disposals}
    SentencePlan.objects.bulk_create(
        [
            SentencePlan(
                person=p,
                disposal=by_person[p.pk],
                status="awaiting_countersignature",
                starts_from=today - timedelta(days=90),
                due_by=today,
                author_id=p.officer_id,
                started_on=today - timedelta(days=20),
                submitted_on=today - timedelta(days=rng.randint(1, 20)),
                needs_countersignature=True,
            )
            for p in sample[::2]
        ]
    )
    return len(people)


def _time(client, url):
    client.get(url)
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(times), len(queries), response


def _gather_statistics():
    """The region is built inside the test's transaction, which autovacuum never sees: without fresh
    statistics PostgreSQL plans for empty tables (nested scans of every sentence for every case).
    ANALYZE counts the transaction's own rows, as autovacuum would count them in service."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def test_measure(personas, client_for):
    started = time.perf_counter()
    cases = _region(personas)
    _gather_statistics()
    print(
        f"\nregion: {TEAMS} teams x {OFFICERS} officers x {CASES} cases = {cases} cases "
        f"(built in {time.perf_counter() - started:.1f} s, {connection.vendor})"
    )
    client = client_for(personas.maria)
    for url in ("/workload/team/", "/oversight/"):
        median, queries, response = _time(client, url)
        extra = ""
        if url == "/oversight/":
            extra = f", {len(response.context['items'])} items, {len(response.context['overdue'])} overdue"
        else:
            extra = f", {len(response.context['rows'])} officers"
        print(f"{url}: median {median * 1000:.0f} ms over {REQUESTS} requests, {queries} queries{extra}")
