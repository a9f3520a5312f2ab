from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probation.lib.workingdays import (
    REGIONS,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
regions = st.sampled_from(REGIONS)


def naive_between(a, b, region):
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        count += is_working_day(day, region)
    return count


# ------------------------------------------------------------------------------------------------
# Which days are working days


def test_an_ordinary_weekday_is_a_working_day():
    assert is_working_day(date(2026, 11, 4))  # a Wednesday


@pytest.mark.parametrize("d", [date(2026, 11, 7), date(2026, 11, 8)])
def test_saturday_and_sunday_are_not_working_days(d):
    assert not is_working_day(d)


@pytest.mark.parametrize("region", REGIONS)
def test_christmas_2026_closes_friday_and_the_boxing_day_substitute_monday(region):
    assert not is_working_day(date(2026, 12, 25), region)  # Friday, Christmas Day
    assert not is_working_day(date(2026, 12, 26), region)  # Saturday, Boxing Day
    assert not is_working_day(date(2026, 12, 28), region)  # Monday, Boxing Day (substitute)
    assert is_working_day(date(2026, 12, 24), region)
    assert is_working_day(date(2026, 12, 29), region)


@pytest.mark.parametrize("region", REGIONS)
def test_good_friday_and_easter_monday_2027_are_not_working_days(region):
    assert not is_working_day(date(2027, 3, 26), region)
    assert not is_working_day(date(2027, 3, 29), region)
    assert is_working_day(date(2027, 3, 25), region)
    assert is_working_day(date(2027, 3, 30), region)


def test_the_2020_early_may_bank_holiday_moved_to_ve_day():
    assert not is_working_day(date(2020, 5, 8))  # Friday, VE day
    assert is_working_day(date(2020, 5, 4))  # the usual first Monday in May was worked


@pytest.mark.parametrize(
    "d",
    [date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19), date(2023, 5, 8)],
    ids=["jubilee-spring", "jubilee", "state-funeral", "coronation"],
)
def test_one_off_bank_holidays_are_not_working_days(d):
    assert not is_working_day(d)


def test_st_davids_day_is_a_working_day_in_wales():
    assert is_working_day(date(2027, 3, 1), "WLS")  # a Monday


def test_wales_and_england_share_the_same_bank_holidays():
    for year in range(2015, 2036):
        assert bank_holidays(year, "ENG") == bank_holidays(year, "WLS")


def test_bank_holidays_are_listed_in_date_order_with_names():
    holidays_2026 = bank_holidays(2026)
    assert [d for d, _ in holidays_2026] == sorted(d for d, _ in holidays_2026)
    assert (date(2026, 12, 25), "Christmas Day") in holidays_2026
    assert len(holidays_2026) == 9


@pytest.mark.parametrize("region", ["SCT", "NIR", "eng", "", "GB"])
def test_a_region_other_than_england_or_wales_is_refused(region):
    with pytest.raises(ValueError, match="ENG, WLS"):
        is_working_day(date(2026, 1, 5), region)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), 1, region)
    with pytest.raises(ValueError):
        working_days_between(date(2026, 1, 5), date(2026, 1, 6), region)
    with pytest.raises(ValueError):
        bank_holidays(2026, region)


def test_st_andrews_day_would_only_matter_in_scotland_which_is_not_served():
    assert is_working_day(date(2027, 11, 30))  # a Tuesday


# ------------------------------------------------------------------------------------------------
# Deadlines


def test_the_starting_day_is_not_counted():
    assert add_working_days(date(2026, 11, 4), 1) == date(2026, 11, 5)


def test_a_deadline_steps_over_a_weekend():
    assert add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 9)  # Friday → Monday


def test_a_deadline_steps_over_christmas_2026():
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_a_deadline_steps_over_easter_2027():
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)
    assert add_working_days(date(2027, 3, 25), 5) == date(2027, 4, 5)


def test_allocation_within_three_working_days_of_a_friday_sentence_before_christmas():
    assert add_working_days(date(2026, 12, 18), 3) == date(2026, 12, 23)
    assert add_working_days(date(2026, 12, 18), 5) == date(2026, 12, 29)


def test_a_deadline_starting_on_a_weekend_counts_from_the_next_working_day():
    assert add_working_days(date(2026, 11, 7), 1) == date(2026, 11, 9)  # Saturday → Monday


def test_zero_working_days_is_the_starting_day_itself():
    assert add_working_days(date(2026, 11, 7), 0) == date(2026, 11, 7)


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(date(2026, 11, 4), -1)


@pytest.mark.parametrize("n", [1.0, "2", True, None])
def test_a_number_of_working_days_that_is_not_a_whole_number_is_refused(n):
    with pytest.raises(ValueError, match="whole number"):
        add_working_days(date(2026, 11, 4), n)


# ------------------------------------------------------------------------------------------------
# Counting


def test_the_same_day_is_zero_working_days_apart():
    assert working_days_between(date(2026, 11, 4), date(2026, 11, 4)) == 0


def test_counting_runs_from_after_the_first_day_up_to_and_including_the_second():
    assert working_days_between(date(2026, 11, 2), date(2026, 11, 6)) == 4  # Monday to Friday
    assert working_days_between(date(2026, 11, 6), date(2026, 11, 9)) == 1  # Friday to Monday


def test_christmas_week_2026_has_three_working_days_after_christmas_eve():
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 3


def test_counting_backwards_gives_a_negative_number():
    assert working_days_between(date(2026, 12, 31), date(2026, 12, 24)) == -3


def test_a_year_of_working_days_in_2026_is_weekdays_less_eight_weekday_bank_holidays():
    # 2026 has 261 weekdays; of its nine bank holidays only Boxing Day falls on a weekend.
    assert working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 261 - 8


@settings(deadline=None)
@given(dates, dates, regions)
def test_counting_agrees_with_checking_day_by_day(a, b, region):
    if abs((b - a).days) > 800:
        b = a + timedelta(days=(b - a).days % 800)
    if a <= b:
        assert working_days_between(a, b, region) == naive_between(a, b, region)
    else:
        assert working_days_between(a, b, region) == -naive_between(b, a, region)


@settings(deadline=None)
@given(dates, st.integers(0, 300), regions)
def test_counting_is_the_inverse_of_adding(start, n, region):
    assert working_days_between(start, add_working_days(start, n, region), region) == n


@settings(deadline=None)
@given(dates, st.integers(1, 300), regions)
def test_a_deadline_of_at_least_one_day_always_falls_on_a_working_day(start, n, region):
    deadline = add_working_days(start, n, region)
    assert deadline > start
    assert is_working_day(deadline, region)


@settings(deadline=None)
@given(dates, st.integers(0, 200), regions)
def test_a_longer_deadline_is_never_earlier(start, n, region):
    assert add_working_days(start, n + 1, region) > add_working_days(start, n, region)
