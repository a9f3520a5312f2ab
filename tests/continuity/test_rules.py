"""The rules behind continuity: changes of officer in 12 months, the officers in order, and the
summary a manager reads."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation.continuity import rules
from probation.continuity.rules import Assignment

ON = date(2026, 11, 28)


def history(*starts):
    return [Assignment(start, f"Officer {n}") for n, start in enumerate(starts, 1)]


def test_the_first_allocation_is_not_a_change_and_each_later_assignment_is():
    assert rules.changes(history(date(2026, 1, 5)), ON) == 0
    assert rules.changes(history(date(2026, 1, 5), date(2026, 3, 1), date(2026, 6, 1)), ON) == 2


def test_only_changes_in_the_twelve_months_to_the_day_count():
    cases = history(
        date(2024, 1, 1), date(2025, 11, 28), date(2025, 11, 29), date(2026, 11, 28), date(2026, 11, 29)
    )
    # 28 Nov 2025 is twelve months before, so outside; 29 Nov 2026 is after the day.
    assert rules.changes(cases, ON) == 2


def test_the_officers_in_order_start_with_whoever_held_the_case_when_the_twelve_months_began():
    cases = [
        Assignment(date(2026, 6, 1), "Cara"),
        Assignment(date(2024, 1, 1), "Ann"),
        Assignment(date(2025, 2, 1), "Ben"),
        Assignment(date(2026, 12, 1), "Future"),
    ]
    assert rules.officers_in_window(cases, ON) == ["Ben", "Cara"]


def test_a_case_allocated_within_the_twelve_months_lists_every_officer():
    cases = history(date(2026, 1, 5), date(2026, 2, 1), date(2026, 2, 1))
    assert rules.officers_in_window(cases, ON) == ["Officer 1", "Officer 2", "Officer 3"]


def test_a_case_with_no_history_has_no_officers_and_no_changes():
    assert rules.officers_in_window([], ON) == []
    assert rules.changes([], ON) == 0


@pytest.mark.parametrize(("count", "frequent"), [(0, False), (2, False), (3, True), (7, True)])
def test_a_case_has_frequent_changes_from_the_warning_threshold(count, frequent):
    assert rules.is_frequent(count, 3) is frequent


def test_the_threshold_follows_the_setting():
    assert rules.is_frequent(2, 2) is True
    assert rules.bucket_labels(2) == ["0", "1", "2 or more"]


@pytest.mark.parametrize("warn_at", [0, -1, True, 2.5, "3"])
def test_a_threshold_that_is_not_a_whole_number_of_one_or_more_is_refused(warn_at):
    with pytest.raises(ValueError, match="threshold"):
        rules.bucket_labels(warn_at)


def test_the_summary_counts_cases_with_0_1_2_and_3_or_more_changes():
    summary = rules.summarise(
        [
            (0, rules.MET),
            (0, rules.MET),
            (1, rules.NOT_MET),
            (3, rules.NOT_MET),
            (5, rules.MET),
            (2, "undecided"),
        ],
        3,
    )
    assert summary.buckets == [("0", 2), ("1", 1), ("2", 1), ("3 or more", 2)]
    assert summary.cases == 6


def test_the_summary_compares_contact_among_frequent_change_cases_with_the_rest():
    summary = rules.summarise(
        [
            (3, rules.NOT_MET),
            (4, rules.MET),
            (3, rules.NOT_APPLICABLE),
            (0, rules.MET),
            (1, rules.MET),
            (2, rules.UNDECIDED),
        ],
        3,
    )
    assert (summary.frequent.met, summary.frequent.not_met, summary.frequent.not_applicable) == (1, 1, 1)
    assert summary.frequent.applicable == 2
    assert summary.frequent.percent == 50
    assert (summary.rest.met, summary.rest.undecided, summary.rest.applicable) == (2, 1, 3)
    # A case needing a human judgement counts as not met: the figure never overstates.
    assert summary.rest.percent == pytest.approx(200 / 3)


def test_no_applicable_case_gives_no_share_rather_than_zero():
    summary = rules.summarise([(0, rules.NOT_APPLICABLE)], 3)
    assert summary.rest.percent is None
    assert summary.frequent.cases == 0


@pytest.mark.parametrize("bad", [(-1, rules.MET), (1.5, rules.MET), (1, "unknown")])
def test_impossible_case_figures_are_refused(bad):
    with pytest.raises(ValueError):
        rules.summarise([bad], 3)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 9),
            st.sampled_from([rules.MET, rules.NOT_MET, rules.UNDECIDED, rules.NOT_APPLICABLE]),
        )
    ),
    st.integers(1, 6),
)
def test_every_case_is_counted_once_in_the_buckets_and_once_in_the_contact_groups(cases, warn_at):
    summary = rules.summarise(cases, warn_at)
    assert summary.cases == len(cases)
    assert summary.frequent.cases + summary.rest.cases == len(cases)
    assert summary.buckets[-1][1] == summary.frequent.cases


@given(st.lists(st.dates(date(2023, 1, 1), date(2027, 1, 1)), max_size=8))
def test_the_officers_listed_are_one_more_than_the_changes_when_the_case_was_held_throughout(starts):
    cases = history(*starts)
    officers = rules.officers_in_window(cases, ON)
    if any(s <= ON for s in starts):
        assert len(officers) == rules.changes(cases, ON) + 1
    else:
        assert officers == []
