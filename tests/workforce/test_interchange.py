"""Staff contracted hours and workload reductions in the interchange format and the generator; the
workload figures use what was imported."""

import json
from datetime import date
from decimal import Decimal

import pytest

from probation.interchange.importer import ImportRejected, import_records
from probation.synth.generator import FOUNDATION_STEPS, generate
from probation.workforce.models import Staff, WorkloadReduction
from probation.workforce.workload import workloads_for
from tests.interchange.conftest import export_text, small_file, wipe_database

AS_AT = date(2026, 11, 2)


def lines(records):
    return [json.dumps(r) for r in records]


def with_hours(hours):
    records = small_file()
    records[3] = {**records[3], "contracted_hours": hours}
    return records


def rejected(records):
    with pytest.raises(ImportRejected) as caught:
        import_records(lines(records))
    return [(p.field, p.reason) for p in caught.value.problems]


REDUCTION = {
    "type": "workload_reduction",
    "id": "reduction-t",
    "staff": "staff-t",
    "reason": "Newly qualified officer",
    "percent": 20,
    "start_date": "2026-01-05",
}


@pytest.fixture(scope="module")
def region():
    return generate(people=3000, seed=7, as_at=AS_AT, only=[*FOUNDATION_STEPS, "workload_reductions"])


def test_most_staff_work_full_time_and_some_part_time(region):
    staff = [r for r in region if r["type"] == "staff"]
    part_time = [s for s in staff if "contracted_hours" in s]
    assert 0.1 < len(part_time) / len(staff) < 0.35
    assert {s["contracted_hours"] for s in part_time} <= {30, 22.5, 18.5}


def test_trainees_newly_qualified_and_leave_reduce_some_practitioners_hours(region):
    staff = {r["id"]: r for r in region if r["type"] == "staff"}
    reductions = [r for r in region if r["type"] == "workload_reduction"]
    assert reductions
    assert all("practitioner" in staff[r["staff"]]["roles"] for r in reductions)
    reasons = {r["reason"].split(",")[0] for r in reductions}
    assert {"Trainee officer", "Newly qualified officer"} <= reasons
    for r in reductions:
        assert ("percent" in r) != ("hours" in r)
        if r["reason"].startswith("Trainee officer, year"):
            assert r["percent"] == {"1": 80, "2": 60, "3": 40}[r["reason"][-1]]


@pytest.mark.django_db
def test_contracted_hours_and_reductions_round_trip_and_reimport_unchanged(region):
    import_records(lines(region))
    first = export_text()
    assert '"contracted_hours": 22.5' in first and '"type": "workload_reduction"' in first
    again = import_records(lines(region))
    for kind in ("staff", "workload_reduction"):
        assert again.counts[kind]["created"] == again.counts[kind]["updated"] == 0
    wipe_database()
    import_records(first.splitlines())
    assert export_text() == first


@pytest.mark.django_db
def test_imported_hours_and_reduction_set_the_officers_available_points():
    import_records(lines([*with_hours(22.5), REDUCTION]))
    officer = Staff.objects.get(username="olive.officer")
    assert officer.contracted_hours == Decimal("22.5")
    assert WorkloadReduction.objects.get(external_id="reduction-t").percent == 20
    (w,) = workloads_for([officer], today=date(2026, 6, 1))
    assert w.figures.available == pytest.approx(2176 * (22.5 - 4.5) / 37)


@pytest.mark.django_db
def test_full_time_hours_are_left_out_of_the_export():
    import_records(lines(small_file()))
    staff = next(json.loads(line) for line in export_text().splitlines() if '"staff-t"' in line)
    assert "contracted_hours" not in staff


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hours, reason",
    [
        ("37", "must be a number of hours, not '37'"),
        (22.55, "must have at most one decimal place, not 22.55"),
        (-1, "must be between 0 and 60 hours, not -1"),
        (True, "must be a number of hours, not true"),
    ],
)
def test_contracted_hours_that_are_not_hours_are_refused(hours, reason):
    assert ("contracted_hours", reason) in rejected(with_hours(hours))
    assert not Staff.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, problem",
    [
        ({"hours": 7.4}, ("percent", "Give either a percentage of contracted hours or a number of hours")),
        ({"percent": None}, ("percent", "Give either a percentage of contracted hours or a number of hours")),
        ({"percent": 120}, ("percent", "must be at most 100, not 120")),
        ({"end_date": "2026-01-01"}, ("end_date", "The end date must be on or after the start date")),
        (
            {"staff": "staff-nobody"},
            ("staff", "there is no staff 'staff-nobody' in the file or the database"),
        ),
    ],
)
def test_a_bad_reduction_is_refused_with_the_field_and_reason(change, problem):
    record = {k: v for k, v in {**REDUCTION, **change}.items() if v is not None}
    assert problem in rejected([*small_file(), record])
    assert not WorkloadReduction.objects.exists()
