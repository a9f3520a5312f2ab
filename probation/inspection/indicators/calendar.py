"""Working days in SQL: a calendar table so the database can count and add working days.

Deadlines in this field are in working days (weekends and the region's bank holidays excluded). Most
deadlines are worked out in Python when a fact is written (`Allocation.first_appointment_due`,
`SentencePlan.due_by`, `SignificantEvent.review_due`, `EnforcementAction.due_by`,
`SeriousFurtherOffence.notification_due`) and the indicators only compare dates. Where an indicator
needs a deadline no service stored (an assessment due so many working days after the sentence
started, oversight due so many working days after a significant event) it uses this table.

`inspection_working_day` has one row per calendar day and region (England "ENG", Wales "WLS") from
`FIRST_YEAR` to `LAST_YEAR`: `number` is how many working days there are from the start of the table
up to and including the day, and `working` says whether the day itself is one. So

- working days after `a` up to and including `b` = number(b) − number(a), exactly
  `probation.lib.workingdays.working_days_between`;
- `add_working_days(a, n)` is the working day whose number is number(a) + n.

It is filled by a migration from `probation.lib.workingdays` (the `holidays` package). It is not a
Django model: nothing edits it, and keeping it out of the ORM's state keeps the app's models file to
the lead. A date outside the table gives NULL, which the indicators report as "needs a human".
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import DateField, Expression, IntegerField, Value

TABLE = "inspection_working_day"
FIRST_YEAR = 2010
LAST_YEAR = 2035
REGIONS = ("ENG", "WLS")

CREATE_SQL = [
    f"CREATE TABLE {TABLE} (region varchar(3) NOT NULL, day date NOT NULL, number integer NOT NULL, "
    f"working boolean NOT NULL, PRIMARY KEY (region, day))",
    f"CREATE INDEX {TABLE}_number ON {TABLE} (region, number, working)",
]
DROP_SQL = [f"DROP TABLE {TABLE}"]


def calendar_rows(region: str, first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR):
    """(region, day, number, working) for every day of the years, in order."""
    from probation.lib.workingdays import is_working_day

    day, end, number = date(first_year, 1, 1), date(last_year, 12, 31), 0
    while day <= end:
        working = is_working_day(day, region)
        number += working
        yield region, day, number, working
        day += timedelta(days=1)


def fill(connection, first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> int:
    """(Re)write the calendar for every region. Returns the rows written."""
    written = 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        for region in REGIONS:
            rows = list(calendar_rows(region, first_year, last_year))
            cursor.executemany(f"INSERT INTO {TABLE} (region, day, number, working) VALUES (%s, %s, %s, %s)", rows)
            written += len(rows)
    return written


def region() -> str:
    return getattr(settings, "WORKING_DAYS_REGION", "ENG")


def _as_expression(value, output_field):
    if hasattr(value, "resolve_expression"):
        return value
    return Value(value, output_field=output_field)


class WorkingDayNumber(Expression):
    """number(day): working days from the start of the calendar up to and including `day`."""

    def __init__(self, day, output_field=None):
        super().__init__(output_field=IntegerField())
        self.day = _as_expression(day, DateField())

    def get_source_expressions(self):
        return [self.day]

    def set_source_expressions(self, exprs):
        (self.day,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.day)
        return (
            f"(SELECT wdn.number FROM {TABLE} wdn WHERE wdn.region = %s AND wdn.day = {sql})",
            [region(), *params],
        )


class AddWorkingDays(Expression):
    """The day `days` working days after `day` (the day itself not counted), as
    `probation.lib.workingdays.add_working_days`. `days` may be a number or an expression (a
    deadline that depends on the tier); it must be at least 1."""

    def __init__(self, day, days, output_field=None):
        super().__init__(output_field=DateField())
        self.day = _as_expression(day, DateField())
        self.days = _as_expression(days, IntegerField())

    def get_source_expressions(self):
        return [self.day, self.days]

    def set_source_expressions(self, exprs):
        self.day, self.days = exprs

    def as_sql(self, compiler, connection):
        day_sql, day_params = compiler.compile(self.day)
        days_sql, days_params = compiler.compile(self.days)
        return (
            f"(SELECT wda.day FROM {TABLE} wda WHERE wda.region = %s AND wda.working = %s AND wda.number = "
            f"(SELECT wdb.number FROM {TABLE} wdb WHERE wdb.region = %s AND wdb.day = {day_sql}) + {days_sql})",
            [region(), True, region(), *day_params, *days_params],
        )
