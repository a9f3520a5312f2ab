"""Working days in England and in Wales.

A working day is Monday to Friday and not a bank holiday of the region (England "ENG" or
Wales "WLS"). Deadlines in probation practice ("within 5 working days of sentence") count
from the day *after* the starting event: the starting day itself is never counted.

Bank holidays come from the ``holidays`` package, which follows the announced calendar
(substitute days, one-off days such as the 2020 VE-day move and the 2022 state funeral).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

__all__ = [
    "REGIONS",
    "add_working_days",
    "bank_holidays",
    "is_working_day",
    "working_days_between",
]

# Scotland and Northern Ireland have their own calendars and are outside this service.
REGIONS = ("ENG", "WLS")
_ONE_DAY = timedelta(days=1)


def _check_region(region: str) -> None:
    if region not in REGIONS:
        raise ValueError(f"Region must be one of {', '.join(REGIONS)} (England or Wales), not {region!r}.")


@lru_cache(maxsize=512)
def _holidays_for(region: str, year: int) -> dict[date, str]:
    # Building a holiday calendar is slow compared with a lookup, so each (region, year) is built once.
    return dict(holidays.country_holidays("GB", subdiv=region, years=year))


def bank_holidays(year: int, region: str = "ENG") -> list[tuple[date, str]]:
    """The region's bank holidays in a year, in date order, with their names."""
    _check_region(region)
    return sorted(_holidays_for(region, year).items())


def is_working_day(d: date, region: str = "ENG") -> bool:
    """Monday to Friday and not a bank holiday in the region."""
    _check_region(region)
    return d.weekday() < 5 and d not in _holidays_for(region, d.year)


def add_working_days(start: date, n: int, region: str = "ENG") -> date:
    """The date ``n`` working days after ``start`` (``start`` itself is not counted).

    With ``n == 0`` the answer is ``start`` itself, whatever day it is.
    """
    _check_region(region)
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"The number of working days must be a whole number, not {n!r}.")
    if n < 0:
        raise ValueError(f"The number of working days must not be negative, not {n}.")
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if day.weekday() < 5 and day not in _holidays_for(region, day.year):
            remaining -= 1
    return day


def _weekdays_up_to(d: date) -> int:
    # Weekdays from 0001-01-01 (a Monday) to d inclusive: five in every full week plus the part week.
    ordinal = d.toordinal()
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def working_days_between(a: date, b: date, region: str = "ENG") -> int:
    """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

    It is the inverse of ``add_working_days``: ``working_days_between(s, add_working_days(s, n)) == n``.
    """
    _check_region(region)
    if b < a:
        return -working_days_between(b, a, region)
    count = _weekdays_up_to(b) - _weekdays_up_to(a)
    for year in range(a.year, b.year + 1):
        for holiday in _holidays_for(region, year):
            if a < holiday <= b and holiday.weekday() < 5:
                count -= 1
    return count
