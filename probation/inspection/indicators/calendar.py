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

It is filled by a migration from `probation.lib.workingdays` (the `holidays` package); the indicators
join onto it through `Sql.add_working_days`. It is not a Django model: nothing edits it through the
ORM. A date outside the table gives NULL, which the indicators report as "needs a human".
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings

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
            cursor.executemany(
                f"INSERT INTO {TABLE} (region, day, number, working) VALUES (%s, %s, %s, %s)", rows
            )
            written += len(rows)
    return written


def region() -> str:
    return getattr(settings, "WORKING_DAYS_REGION", "ENG")
