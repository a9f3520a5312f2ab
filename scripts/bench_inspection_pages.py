"""Benchmark the inspection pages and the vitals and continuity pages on PostgreSQL.

    bash scripts/with-postgres.sh .venv/bin/python scripts/bench_inspection_pages.py --people 50000 250000

It grows the synthetic caseload of `scripts/bench_indicators.py` (its `Region`, written with COPY) to
each size in turn, runs `probation indicators refresh` and `probation indicators snapshot`, then times
the pages through the Django test client in a separate process (`--measure`): each page is requested
once to warm up, then `--repeat` times; the median and the number of queries of one request are
printed, with the load average. Pages: setting up an inspection of one provider and area over a
supervision-start window, drawing its stratified sample (the service call and the page), the
inspection page, a case assessment page (prefilled with indicator evidence), the same case assessed
as the lead sees it to moderate, the report page and its PDF; the vitals team page, one officer's
vitals and a drill-down to the cases, and the continuity page, for a manager and for quality
assurance.

`--hold FILE` keeps the throwaway server after each size until FILE exists (then deletes it), so
`--measure` can be run again by hand with the DATABASE_URL it prints. Nothing here is used by the
service.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench_indicators as bench  # noqa: E402  (sets Django up)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def build(args) -> None:
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        print(cursor.fetchone()[0], flush=True)
    region = bench.Region(args.as_at, args.seed, args.contacts)
    for size in sorted(args.people):
        started = time.monotonic()
        region.grow(size, lambda n: print(f"  loaded {n:,} people", file=sys.stderr, flush=True))
        print(f"\n== {size:,} people grown in {time.monotonic() - started:.0f} s (load {load()})", flush=True)
        refresh, _ = bench.timed(["indicators", "refresh", "--no-progress"])
        snapshot, _ = bench.timed(["indicators", "snapshot"])
        print(f"refresh {refresh:.1f} s, snapshot {snapshot:.1f} s (load {load()})", flush=True)
        connection.close()
        measure_cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--measure",
            "--repeat",
            str(args.repeat),
            "--as-at",
            args.as_at.isoformat(),
        ]
        result = subprocess.run(measure_cmd, cwd=ROOT)
        if result.returncode:
            print(f"measurement at {size:,} failed ({result.returncode})", flush=True)
        if args.hold:
            print(
                f"holding: DATABASE_URL={os.environ.get('DATABASE_URL')}; touch {args.hold} to go on",
                flush=True,
            )
            while not os.path.exists(args.hold):
                time.sleep(5)
            os.remove(args.hold)


class Timer:
    """Times one page or call: the first run warms up, then `repeat` timed runs; the query count is
    that of the last run (the pages' counts do not depend on which run)."""

    def __init__(self, repeat: int):
        self.repeat = repeat
        self.rows: list[tuple[str, str, float, float, float, int]] = []

    def run(self, label: str, behind: str, call, *, warm: bool = True, check=None) -> object:
        from django.test.utils import CaptureQueriesContext

        result = None
        if warm:
            result = call()
            if check:
                check(result)
        times, queries = [], 0
        for _ in range(self.repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                result = call()
                times.append(time.perf_counter() - started)
            queries = len(captured.captured_queries)
            if check:
                check(result)
        row = (label, behind, statistics.median(times), min(times), max(times), queries)
        self.rows.append(row)
        print(
            f"  {label}: median {row[2] * 1000:.0f} ms (min {row[3] * 1000:.0f}, max {row[4] * 1000:.0f}), "
            f"{queries} queries [{behind}] (load {load()})",
            flush=True,
        )
        return result


def ok(response) -> None:
    if response.status_code not in (200, 302):
        raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")


def signed_in(user):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    session = client.session
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def measure(args) -> None:
    import logging
    import warnings

    from django.urls import reverse

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # "Anchor defined twice" for each chart
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="No directory at")

    from probation.inspection.constants import Answer, InspectionStatus
    from probation.inspection.models import Inspection, InspectionCase, StandardSet
    from probation.inspection.services import inspections as services
    from probation.people.models import Person
    from probation.vitals import rules as vital_rules
    from probation.workforce.models import Area, Provider, Staff, Team

    as_at = args.as_at
    people = Person.objects.filter(external_id__startswith=f"{bench.PREFIX}-").count()
    print(f"\n== measuring at {people:,} people, as at {as_at}, load {load()}", flush=True)
    started_load = os.getloadavg()
    provider = Provider.objects.get(code="BNPS")
    area = Area.objects.get(name="Bench area 0")
    team = Team.objects.get(external_id=f"{bench.PREFIX}-team-0")
    manager = team.manager
    manager.roles = ["manager"]
    manager.save(update_fields=["roles"])
    qa, _ = Staff.objects.get_or_create(
        username=f"{bench.PREFIX}-qa",
        defaults=dict(
            external_id=f"{bench.PREFIX}-qa",
            first_name="Quality",
            last_name="Assurance",
            provider=provider,
            area=area,
            team=team,
            grade="SPO",
            roles=["quality_assurance"],
            password="!",
        ),
    )
    lead, assessor = (
        Staff.objects.get_or_create(
            username=f"{bench.PREFIX}-inspector-{k}",
            defaults=dict(
                external_id=f"{bench.PREFIX}-inspector-{k}",
                first_name="Inspector",
                last_name=str(k),
                grade="",
                roles=["inspector"],
                password="!",
            ),
        )[0]
        for k in (1, 2)
    )
    officer = Staff.objects.filter(team=team, roles__icontains='"practitioner"').order_by("pk").first()
    standard_set = StandardSet.objects.get(code="hmip-2018-case-supervision")
    window_start, window_end = as_at - timedelta(days=180), as_at - timedelta(days=91)
    in_scope = Person.objects.filter(provider=provider, team__area=area)
    team_cases = Person.objects.filter(team=team).count()
    officer_cases = Person.objects.filter(officer=officer).count()
    print(
        f"provider {provider.code}: {Person.objects.filter(provider=provider).count():,} cases; "
        f"in area 0: {in_scope.count():,}; team 0: {team_cases}; officer {officer.pk}: {officer_cases}",
        flush=True,
    )
    t = Timer(args.repeat)
    c_lead, c_assessor, c_manager, c_qa = (signed_in(u) for u in (lead, assessor, manager, qa))

    # Setting up inspections: each POST makes one, kept for the draws below.
    form = {
        "kind": "inspection",
        "name": "Bench inspection",
        "standard_set": standard_set.pk,
        "providers": [provider.pk],
        "area": area.pk,
        "window_start_0": window_start.day,
        "window_start_1": window_start.month,
        "window_start_2": window_start.year,
        "window_end_0": window_end.day,
        "window_end_1": window_end.month,
        "window_end_2": window_end.year,
        "confidence": "0.8",
        "margin": "0.1",
        "seed": "5",
    }
    before = set(Inspection.objects.values_list("pk", flat=True))
    t.run("New inspection form (GET)", "-", lambda: c_lead.get(reverse("inspections:new")), check=ok)

    def created(response):
        ok(response)
        if response.status_code != 302:
            raise SystemExit("setting up the inspection did not redirect")

    t.run(
        "Set up an inspection (POST, one provider and area, 13-week window)",
        "-",
        lambda: c_lead.post(reverse("inspections:new"), form),
        check=created,
    )
    while Inspection.objects.exclude(pk__in=before).count() < 2 * (args.repeat + 1):
        services.inspection_create(
            by_user=lead,
            kind="inspection",
            name="Bench inspection",
            standard_set=standard_set,
            providers=[provider],
            area=area,
            window_start=window_start,
            window_end=window_end,
            confidence=0.8,
            margin=0.1,
            seed=5,
        )
    fresh = list(
        Inspection.objects.exclude(pk__in=before).filter(status=InspectionStatus.SETUP).order_by("pk")
    )
    print(f"  {len(fresh)} inspections set up", flush=True)
    draws = iter(fresh)
    sizes = []
    t.run(
        "Draw the sample: service call (`inspection_draw_sample`)",
        "eligible population",
        lambda: sizes.append(services.inspection_draw_sample(by_user=lead, inspection=next(draws), on=as_at)),
    )

    def draw_page():
        inspection = next(draws)
        return c_lead.post(reverse("inspections:detail", args=[inspection.pk]), {"form": "draw"})

    t.run("Draw the sample: the page (POST, redirect)", "eligible population", draw_page, check=ok)
    inspection = Inspection.objects.filter(pk=fresh[0].pk).get()
    print(
        f"  population {inspection.population:,}, sample {sizes[0]} (sizes {sorted(set(sizes))})", flush=True
    )
    for k, r in enumerate(t.rows):
        if r[1] == "eligible population":
            t.rows[k] = (r[0], f"{inspection.population:,} eligible, {sizes[0]} drawn", *r[2:])
    cases = list(InspectionCase.objects.filter(inspection=inspection).order_by("pk"))
    for case in cases:
        services.inspection_case_assign(by_user=lead, case=case, inspector=assessor)
    case = cases[0]
    detail = reverse("inspections:detail", args=[inspection.pk])
    sampled = f"{len(cases)} sampled of {inspection.population:,}"
    t.run(
        "Inspection page, lead (sample, assignments, provisional ratings)",
        sampled,
        lambda: c_lead.get(detail),
        check=ok,
    )
    case_url = reverse("inspections:case", args=[inspection.pk, case.pk])
    t.run(
        "Case assessment page, assessor (prefilled with indicator evidence)",
        "1",
        lambda: c_assessor.get(case_url),
        check=ok,
    )

    def answers_for(one):
        return {
            a.prompt_id: ((a.computed if a.computed != Answer.NEEDS_HUMAN else Answer.YES), "")
            for a in one.answers.all()
        }

    saves = []
    for one in cases:
        started = time.perf_counter()
        services.case_assessment_save(by_user=assessor, case=one, answers=answers_for(one))
        saves.append(time.perf_counter() - started)
    print(
        f"  {len(cases)} assessments saved, median {statistics.median(saves) * 1000:.0f} ms each", flush=True
    )
    t.run(
        "Case moderation page, lead (assessed case, judgements to moderate)",
        "1",
        lambda: c_lead.get(case_url),
        check=ok,
    )
    t.run(
        "Inspection page after assessment (ratings per provider)",
        sampled,
        lambda: c_lead.get(detail),
        check=ok,
    )
    started = time.perf_counter()
    services.inspection_publish(by_user=lead, inspection=inspection)
    print(f"  published in {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
    report = reverse("inspections:report", args=[inspection.pk])
    pdf = reverse("inspections:report-pdf", args=[inspection.pk])
    t.run("Report (HTML), published, lead", sampled, lambda: c_lead.get(report), check=ok)
    t.run("Report (HTML), published, quality assurance", sampled, lambda: c_qa.get(report), check=ok)
    t.run("Report (PDF), published, lead", sampled, lambda: c_lead.get(pdf), check=ok)

    # Vitals and continuity.
    slug = vital_rules.VITALS[-1].slug
    area_cases = Person.objects.filter(provider=provider, team__area=team.area_id).count()
    behind = f"team {team_cases} (benchmarks over {area_cases:,} in the area)"
    for who, client in (("manager", c_manager), ("quality assurance", c_qa)):
        t.run(
            f"Vitals team page, {who}",
            behind,
            lambda c=client: c.get(reverse("vitals:home") + f"?team={team.pk}"),
            check=ok,
        )
        t.run(
            f"Vitals officer page, {who}",
            f"officer {officer_cases} (benchmarks over {area_cases:,})",
            lambda c=client: c.get(reverse("vitals:officer", args=[officer.pk])),
            check=ok,
        )
        t.run(
            f"Vitals drill-down ({slug}), team, {who}",
            str(team_cases),
            lambda c=client: c.get(reverse("vitals:team-cases", args=[team.pk, slug])),
            check=ok,
        )
        t.run(
            f"Vitals drill-down ({slug}), officer, not met, {who}",
            str(officer_cases),
            lambda c=client: c.get(
                reverse("vitals:officer-cases", args=[officer.pk, slug]), {"result": "not_met"}
            ),
            check=ok,
        )
        t.run(
            f"Continuity team page, {who}",
            str(team_cases),
            lambda c=client: c.get(reverse("continuity:team") + f"?team={team.pk}"),
            check=ok,
        )
    ended_load = os.getloadavg()
    print(f"\nload average at start {started_load[0]:.2f}, at end {ended_load[0]:.2f} (1-minute)")
    print(f"\n| page ({people:,} people) | cases behind it | median | min-max | queries |")
    print("|---|---:|---:|---:|---:|")
    for label, behind_it, median, low, high, queries in t.rows:
        print(f"| {label} | {behind_it} | {median:.2f} s | {low:.2f}-{high:.2f} s | {queries} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[50_000, 250_000])
    parser.add_argument("--contacts", type=int, default=25, help="Contacts per person")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-at", type=date.fromisoformat, default=date.today())
    parser.add_argument("--repeat", type=int, default=10, help="Timed requests per page")
    parser.add_argument("--measure", action="store_true", help="Only time the pages on the database as it is")
    parser.add_argument("--hold", help="After each size, wait until this file exists")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit(
            "Run it against PostgreSQL: "
            "bash scripts/with-postgres.sh .venv/bin/python scripts/bench_inspection_pages.py"
        )
    if args.measure:
        measure(args)
    else:
        build(args)


if __name__ == "__main__":
    main()
