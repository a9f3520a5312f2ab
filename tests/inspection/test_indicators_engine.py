"""The indicator engine: the working-day calendar, idempotent refresh, incremental equal to full, the
hook services call, the daily snapshot and the `probation indicators` command."""

import logging
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Value

from probation.inspection.constants import SnapshotLevel
from probation.inspection.indicators import (
    INDICATORS,
    Indicator,
    calendar,
    hooks,
    ordered,
    refresh_all,
    refresh_for_people,
)
from probation.inspection.indicators.engine import refresh_indicator
from probation.inspection.indicators.snapshot import take_snapshot
from probation.inspection.indicators.sql import Sql
from probation.inspection.models import CaseIndicator, IndicatorSnapshot
from probation.lib.workingdays import add_working_days, working_days_between
from tests import factories as f
from tests.inspection.test_indicators_builders import (
    ON,
    Org,
    action,
    allocation,
    assessment,
    case,
    contact,
    identified_risk,
    level,
    oversight,
    plan,
)

pytestmark = pytest.mark.django_db


def rows():
    return sorted(
        CaseIndicator.objects.values_list(
            "person_id", "indicator", "applicable", "met", "evidence_type", "evidence_id"
        )
    )


@pytest.fixture
def caseload():
    """A handful of cases touching every indicator, in two teams."""
    org = Org()
    other_team = f.team("Stafford", org.provider, org.area)
    other_officer = f.staff("olive", team_=other_team)
    people = []
    for k, officer in enumerate([org.officer, org.officer, org.colleague, other_officer]):
        person, disposal = case(
            officer, start=date(2025, 12, 1) + timedelta(days=7 * k), interpreter_required=bool(k % 2)
        )
        allocation(
            person,
            disposal,
            received_on=disposal.start_date,
            first_appointment_due=add_working_days(disposal.start_date, 5),
        )
        for week in range(k, 12):
            contact(
                person,
                disposal.start_date + timedelta(days=7 * week + 1),
                "attended_complied" if week % 4 else "unacceptable_absence",
            )
        level(person, "weekly", disposal.start_date)
        ra = assessment(
            person,
            disposal.start_date + timedelta(days=10 + 5 * k),
            rosh=["low", "high"][k % 2],
            needs={"accommodation": "severe", "ete": "none"},
        )
        action(
            identified_risk(ra),
            disposal.start_date + timedelta(days=30),
            delivered_on=None if k == 2 else disposal.start_date + timedelta(days=29),
        )
        plan(
            person,
            disposal,
            starts_from=disposal.start_date,
            due_by=add_working_days(disposal.start_date, 15),
            completed_on=disposal.start_date + timedelta(days=12 + 4 * k),
        )
        if k % 2:
            oversight(person, ON - timedelta(days=20 * k), by=org.manager)
        people.append(person)
    org.other_team, org.other_officer, org.people = other_team, other_officer, people
    return org


# The calendar ----------------------------------------------------------------------------------------
def test_the_calendar_adds_working_days_as_the_python_rules_do(db):
    q = Sql(ON)
    joins, day = q.add_working_days("t", "c.day", "5")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.day, {day} FROM {calendar.TABLE} c {joins} WHERE c.region = 'ENG' "
            f"AND c.day >= {q.lit(date(2025, 12, 1))} AND c.day <= {q.lit(date(2026, 12, 31))} ORDER BY c.day"
        )
        found = [(date.fromisoformat(str(a)), date.fromisoformat(str(b))) for a, b in cursor.fetchall()]
    assert len(found) == 396
    assert all(due == add_working_days(start, 5) for start, due in found)


def test_the_calendar_counts_working_days_between_dates(db):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT day, number FROM {calendar.TABLE} WHERE region = 'WLS' AND day IN (%s, %s)",
            [date(2026, 3, 31), date(2026, 4, 14)],
        )
        numbers = {date.fromisoformat(str(d)): n for d, n in cursor.fetchall()}
    assert numbers[date(2026, 4, 14)] - numbers[date(2026, 3, 31)] == working_days_between(
        date(2026, 3, 31), date(2026, 4, 14), "WLS"
    )


def test_the_calendar_covers_2010_to_2035_for_england_and_wales(db):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT region, MIN(day), MAX(day), COUNT(*) FROM {calendar.TABLE} "
            "GROUP BY region ORDER BY region"
        )
        found = [(r, str(a), str(b), n) for r, a, b, n in cursor.fetchall()]
    assert found == [("ENG", "2010-01-01", "2035-12-31", 9496), ("WLS", "2010-01-01", "2035-12-31", 9496)]


# Refreshing ------------------------------------------------------------------------------------------
def test_every_case_gets_one_row_per_indicator(caseload):
    refresh_all(on=ON)
    assert CaseIndicator.objects.count() == len(caseload.people) * len(ordered())
    assert set(CaseIndicator.objects.values_list("indicator", flat=True)) == {i.slug for i in ordered()}


def test_refreshing_twice_changes_nothing(caseload):
    refresh_all(on=ON)
    first, stamps = rows(), sorted(CaseIndicator.objects.values_list("pk", "computed_at"))
    assert set(refresh_all(on=ON).values()) == {0}
    assert rows() == first
    assert sorted(CaseIndicator.objects.values_list("pk", "computed_at")) == stamps


def test_an_incremental_refresh_writes_what_a_full_one_would(caseload):
    refresh_all(on=ON)
    changed = caseload.people[1]
    plan_ = changed.sentence_plans.get()
    plan_.adjustments = "Interpreter booked"
    plan_.save()
    contact(changed, ON - timedelta(days=1), "unacceptable_absence")
    refresh_for_people([changed.pk], on=ON)
    incremental = rows()
    CaseIndicator.objects.all().delete()
    refresh_all(on=ON)
    assert rows() == incremental


def test_an_incremental_refresh_of_everyone_equals_the_full_refresh(caseload):
    refresh_all(on=ON)
    full = rows()
    CaseIndicator.objects.all().delete()
    refresh_for_people([p.pk for p in caseload.people], on=ON)
    assert rows() == full


def test_an_incremental_refresh_touches_only_the_cases_named(caseload):
    refresh_all(on=ON)
    first, rest = caseload.people[0], caseload.people[1:]
    CaseIndicator.objects.filter(person__in=rest).update(met=None, evidence_type="stale")
    refresh_for_people([first.pk], on=ON)
    assert set(CaseIndicator.objects.filter(person__in=rest).values_list("evidence_type", flat=True)) == {
        "stale"
    }


def test_the_incremental_refresh_takes_a_fixed_number_of_statements(caseload):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        refresh_for_people([caseload.people[0].pk], on=ON)
    with CaptureQueriesContext(connection) as everyone:
        refresh_for_people([p.pk for p in caseload.people], on=ON)
    # Per indicator: its savepoint, a session setting on PostgreSQL, one write, and the reference values
    # it reads. Never per case.
    assert len(one) == len(everyone) <= 6 * len(ordered())


def test_an_indicator_written_as_an_annotated_queryset_is_still_supported(caseload):
    from django.db.models import BooleanField, CharField, IntegerField

    simple = Indicator(
        "test_everyone",
        "Everyone",
        "Applies to everyone; never decided.",
        annotate=lambda people, on: people.annotate(
            ind_applicable=Value(True, output_field=BooleanField()),
            ind_met=Value(None, output_field=BooleanField()),
            ind_evidence_type=Value("people.person", output_field=CharField()),
            ind_evidence_id=Value(None, output_field=IntegerField()),
        ),
    )
    assert refresh_indicator(simple, on=ON) == len(caseload.people)
    assert set(CaseIndicator.objects.filter(indicator="test_everyone").values_list("applicable", "met")) == {
        (True, None)
    }


def test_every_indicator_the_standards_name_is_registered_and_documented():
    from pathlib import Path

    from probation.inspection.standards_data import STANDARD_SETS

    ordered()
    named = {
        slug
        for data in STANDARD_SETS
        for _, _, questions in data["standards"]
        for _, _, prompts in questions
        for _, _, slugs in prompts
        for slug in slugs
    }
    assert named <= set(INDICATORS)
    docs = (Path(__file__).resolve().parents[2] / "docs" / "indicators.md").read_text()
    for slug in INDICATORS:
        assert f"`{slug}`" in docs, slug


# The hook services call ------------------------------------------------------------------------------
def test_a_change_is_recomputed_once_the_transaction_commits(caseload, django_capture_on_commit_callbacks):
    person = caseload.people[0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            hooks.case_changed(person.pk)
            hooks.case_changed(person.pk)
            assert not CaseIndicator.objects.filter(person=person).exists()
    assert len(callbacks) == 2
    assert CaseIndicator.objects.filter(person=person).count() == len(ordered())


def test_a_change_rolled_back_is_recomputed_with_the_next_commit(
    caseload, django_capture_on_commit_callbacks
):
    first, second = caseload.people[:2]
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            hooks.case_changed(first.pk)
            raise RuntimeError("the service failed")
    assert not CaseIndicator.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        hooks.case_changed(second.pk)
    assert set(CaseIndicator.objects.values_list("person_id", flat=True)) == {first.pk, second.pk}


def test_a_failure_to_recompute_is_logged_and_never_raised(
    caseload, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(ids):
        raise RuntimeError("database went away")

    monkeypatch.setattr("probation.inspection.indicators.engine.refresh_for_people", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        hooks.case_changed(caseload.people[0].pk)
    assert "Could not recompute the indicators" in caplog.text


# The snapshot ----------------------------------------------------------------------------------------
def test_the_snapshot_counts_applicable_and_met_cases_per_level(caseload):
    refresh_all(on=ON)
    written = take_snapshot(ON)
    assert written == IndicatorSnapshot.objects.count()
    for level_, key in [
        (SnapshotLevel.PROVIDER, caseload.provider.pk),
        (SnapshotLevel.AREA, caseload.area.pk),
        (SnapshotLevel.TEAM, caseload.team.pk),
        (SnapshotLevel.OFFICER, caseload.officer.pk),
    ]:
        people = {
            SnapshotLevel.PROVIDER: {"person__provider": caseload.provider},
            SnapshotLevel.AREA: {"person__team__area": caseload.area},
            SnapshotLevel.TEAM: {"person__team": caseload.team},
            SnapshotLevel.OFFICER: {"person__officer": caseload.officer},
        }[level_]
        for slug in ("plan_timely", "contact_level_met"):
            cases = CaseIndicator.objects.filter(indicator=slug, **people)
            snap = IndicatorSnapshot.objects.get(taken_on=ON, level=level_, key=key, indicator=slug)
            assert (snap.applicable, snap.met) == (
                cases.filter(applicable=True).count(),
                cases.filter(applicable=True, met=True).count(),
            )


def test_taking_the_snapshot_again_replaces_the_day(caseload):
    refresh_all(on=ON)
    take_snapshot(ON)
    count = IndicatorSnapshot.objects.count()
    take_snapshot(ON)
    take_snapshot(ON - timedelta(days=1))
    assert IndicatorSnapshot.objects.filter(taken_on=ON).count() == count
    assert IndicatorSnapshot.objects.count() == 2 * count


# The command -----------------------------------------------------------------------------------------
def test_the_command_refreshes_every_case_and_reports(caseload):
    err = StringIO()
    call_command("indicators", "refresh", "--date", ON.isoformat(), "--no-progress", stderr=err)
    assert CaseIndicator.objects.count() == len(caseload.people) * len(ordered())


def test_the_command_refreshes_the_cases_named(caseload):
    call_command(
        "indicators",
        "refresh",
        "--date",
        ON.isoformat(),
        "--crn",
        caseload.people[0].crn.lower(),
        "--no-progress",
    )
    assert set(CaseIndicator.objects.values_list("person_id", flat=True)) == {caseload.people[0].pk}
    with pytest.raises(CommandError, match="No case with CRN Z999999"):
        call_command("indicators", "refresh", "--crn", "Z999999", "--no-progress")


def test_the_command_backfills_a_snapshot_then_recomputes_for_today(caseload):
    from django.utils import timezone

    call_command("indicators", "snapshot", "--date", ON.isoformat(), "--refresh", "--no-progress")
    assert IndicatorSnapshot.objects.filter(taken_on=ON).exists()
    # The stored results are as at today again: recomputing them for today changes nothing, for the
    # back-filled day it would.
    assert set(refresh_all(on=timezone.localdate()).values()) == {0}
    assert sum(refresh_all(on=ON).values()) > 0


def test_the_command_refuses_the_future(caseload):
    with pytest.raises(CommandError, match="today or in the past"):
        call_command("indicators", "snapshot", "--date", "2099-01-01")
