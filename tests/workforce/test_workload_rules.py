import pytest

from probation.core.reference import DEFAULTS
from probation.workforce import workload_rules as r

POINTS = DEFAULTS["workload.points"]
REPORTS = DEFAULTS["workload.report_points"]


@pytest.mark.parametrize(
    "case_type,tier,expected",
    [
        ("community", "A3", 206),
        ("community", "B2", 115),
        ("community", "C1", 50),
        ("community", "D0", 29),
    ],
)
def test_points_for_cases_match_the_domain_reference(case_type, tier, expected):
    assert r.case_points(POINTS, case_type, tier) == expected


def test_every_case_type_and_tier_has_points_and_a_higher_tier_carries_more():
    for case_type in r.CASE_TYPES:
        for letter in "ABCD":
            values = [r.case_points(POINTS, case_type, f"{letter}{n}") for n in range(4)]
            assert all(v > 0 for v in values)
            assert values == sorted(values)
        for n in range(4):
            column = [r.case_points(POINTS, case_type, f"{letter}{n}") for letter in "ABCD"]
            assert column == sorted(column, reverse=True)


def test_an_untiered_case_carries_no_points():
    assert r.case_points(POINTS, "community", "") == 0
    assert r.case_points(POINTS, "unknown", "A3") == 0


@pytest.mark.parametrize("kind,expected", [("standard", 138), ("fast", 65), ("parole", 120), ("other", 0)])
def test_report_points(kind, expected):
    assert r.report_points(REPORTS, kind) == expected


def test_a_full_time_officer_has_2176_points():
    assert (
        r.available_points(full_time_points=2176, full_time_hours=37, contracted_hours=37, reduction_hours=0)
        == 2176
    )


def test_part_time_hours_scale_available_points():
    assert (
        r.available_points(
            full_time_points=2176, full_time_hours=37, contracted_hours=18.5, reduction_hours=0
        )
        == 1088
    )


@pytest.mark.parametrize("percent,expected", [(80, 29.6), (60, 22.2), (40, 14.8), (20, 7.4), (100, 37.0)])
def test_reductions_from_the_domain_reference(percent, expected):
    # Trainee 80/60/40 %, newly qualified 20 %, long-term leave 100 %.
    assert r.reduction_hours(contracted_hours=37, percent=percent, hours=None) == pytest.approx(expected)


def test_a_reduction_in_hours_is_taken_as_given():
    assert r.reduction_hours(contracted_hours=37, percent=50, hours=7.5) == 7.5
    assert r.reduction_hours(contracted_hours=37, percent=None, hours=None) == 0


def test_a_newly_qualified_officer_has_80_percent_of_full_time_points():
    hours = r.reduction_hours(contracted_hours=37, percent=20, hours=None)
    assert r.available_points(
        full_time_points=2176, full_time_hours=37, contracted_hours=37, reduction_hours=hours
    ) == pytest.approx(1740.8)


def test_reductions_larger_than_contracted_hours_leave_nothing():
    assert (
        r.available_points(full_time_points=2176, full_time_hours=37, contracted_hours=20, reduction_hours=30)
        == 0
    )


def test_capacity_is_points_over_available():
    assert r.capacity_percent(2176, 2176) == 100
    assert r.capacity_percent(1088, 2176) == 50
    assert r.capacity_percent(10, 0) is None


@pytest.mark.parametrize("capacity,excessive", [(110, False), (110.01, True), (99, False), (150, True)])
def test_over_110_percent_is_excessive(capacity, excessive):
    assert r.is_excessive(capacity, 110) is excessive


def test_points_with_nothing_available_are_excessive():
    assert r.is_excessive(None, 110, points=29)
    assert not r.is_excessive(None, 110, points=0)


def test_a_whole_workload():
    # Ten community B2 cases (1,150) and two standard reports (276) for a newly qualified full-timer.
    w = r.workload(
        case_points_total=1150,
        report_points_total=276,
        contracted_hours=37,
        reduction_hours_total=7.4,
        full_time_points=2176,
        full_time_hours=37,
        excessive_percent=110,
    )
    assert w.total_points == 1426
    assert w.available == pytest.approx(1740.8)
    assert w.capacity == pytest.approx(81.92, abs=0.01)
    assert not w.excessive
