"""Writing an indicator as one set-based SELECT that runs on SQLite and PostgreSQL.

An indicator's SQL is a `WITH` list of *facts* — each a whole-table `GROUP BY person_id` (or a
`ROW_NUMBER()` pick of one record per person) — left-joined to `people_person`, and a final SELECT of
five columns: `ind_person`, `ind_applicable`, `ind_met` (NULL: needs a human), `ind_evidence_type`,
`ind_evidence_id`. The database plans it as hash joins and aggregates over whole tables, so 250,000
cases cost a few table scans, not 250,000 index lookups per fact (correlated subqueries measured 50 ms
a case at 10,000 cases).

Values are written into the SQL as literals by `Sql.lit`, which only accepts dates, datetimes, whole
numbers, booleans and strings from the code itself (choices, slugs), quoting as the database expects.
No value from a request ever reaches it.

`Sql.only(column)` restricts a fact to the cases being refreshed (for the incremental refresh of a few
cases): put it in the WHERE of every fact that reads a table by person, and of the final SELECT.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.db import connection as default_connection
from django.utils import timezone

from . import calendar


class Sql:
    def __init__(self, on: date, person_ids: Iterable[int] | None = None, connection=None):
        self.connection = connection or default_connection
        self.vendor = self.connection.vendor
        self.on = on
        self.ids = None if person_ids is None else sorted({int(pk) for pk in person_ids})
        self.region = calendar.region()

    # Literals ----------------------------------------------------------------------------------------
    def lit(self, value) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int):
            return str(int(value))
        if isinstance(value, datetime):
            if timezone.is_naive(value):
                raise ValueError("Datetimes in indicator SQL must be aware")
            if self.vendor == "postgresql":
                return f"TIMESTAMP WITH TIME ZONE '{value.isoformat(sep=' ')}'"
            # SQLite keeps datetimes as naive UTC text, as Django writes them.
            return f"'{timezone.make_naive(value, UTC).isoformat(sep=' ')}'"
        if isinstance(value, date):
            return f"DATE '{value.isoformat()}'" if self.vendor == "postgresql" else f"'{value.isoformat()}'"
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        raise TypeError(f"Cannot write {value!r} into indicator SQL")

    def lits(self, values: Iterable) -> str:
        """A parenthesised list for IN (…)."""
        items = [self.lit(v) for v in values]
        return "(" + ", ".join(items or ["NULL"]) + ")"

    @property
    def today(self) -> str:
        """The day the indicators are computed for, as a literal."""
        return self.lit(self.on)

    def day_start(self, day: date) -> str:
        """Midnight at the start of a local day, as a timestamp literal."""
        return self.lit(timezone.make_aware(datetime.combine(day, datetime.min.time())))

    def before_tomorrow(self) -> str:
        """`starts_at < …` for "on or before the day computed for"."""
        return self.day_start(self.on + timedelta(days=1))

    # Names -------------------------------------------------------------------------------------------
    def t(self, model) -> str:
        return self.connection.ops.quote_name(model._meta.db_table)

    def col(self, model, field: str) -> str:
        return self.connection.ops.quote_name(model._meta.get_field(field).column)

    # Restricting to the cases refreshed --------------------------------------------------------------
    def only(self, column: str) -> str:
        """' AND column IN (…)' for an incremental refresh; '' for everyone."""
        if self.ids is None:
            return ""
        return f" AND {column} IN {self.lits(self.ids)}"

    # Dates -------------------------------------------------------------------------------------------
    def minus_days(self, sql: str, days: int) -> str:
        days = int(days)
        if self.vendor == "postgresql":
            return f"({sql} - {days})"
        return f"date({sql}, '-{days} days')"

    def plus_days(self, sql: str, days: int) -> str:
        days = int(days)
        if self.vendor == "postgresql":
            return f"({sql} + {days})"
        return f"date({sql}, '+{days} days')"

    def json_elements(self, column: str, alias: str) -> str:
        """A FROM item with one row per element of a JSON list of strings in `column`, the element
        as `{alias}.value`: `FROM objectives o, <this>`."""
        if self.vendor == "postgresql":
            return f"LATERAL jsonb_array_elements_text({column}) AS {alias}(value)"
        return f"json_each({column}) AS {alias}"

    def local_date(self, sql: str) -> str:
        """The service's local calendar day of a stored timestamp."""
        tz = self.lit(timezone.get_current_timezone_name())
        if self.vendor == "postgresql":
            return f"(({sql}) AT TIME ZONE {tz})::date"
        return f"django_datetime_cast_date({sql}, {tz}, {self.lit(self.connection.timezone_name)})"

    def add_working_days(self, alias: str, day_sql: str, days_sql: str) -> tuple[str, str]:
        """LEFT JOINs onto the working-day calendar that give the day `days_sql` working days after
        `day_sql` (as `probation.lib.workingdays.add_working_days`, with at least one day). Returns
        (joins, the resulting day). NULL when the day is outside the calendar."""
        table = calendar.TABLE
        region = self.lit(self.region)
        joins = (
            f" LEFT JOIN {table} {alias}_from"
            f" ON {alias}_from.region = {region} AND {alias}_from.day = {day_sql}"
            f" LEFT JOIN {table} {alias}_to ON {alias}_to.region = {region} AND {alias}_to.working = TRUE"
            f" AND {alias}_to.number = {alias}_from.number + ({days_sql})"
        )
        return joins, f"{alias}_to.day"

    # Common facts ------------------------------------------------------------------------------------
    def latest(self, select: str, from_where: str, partition: str, order: str) -> str:
        """One row per `partition` (the first by `order`), as a sub-select. PostgreSQL's DISTINCT ON
        lets the planner estimate the rows from the statistics (a ROW_NUMBER() = 1 filter is
        estimated at a fraction of a percent, which leads it into nested loops)."""
        if self.vendor == "postgresql":
            return f"SELECT DISTINCT ON ({partition}) {select} {from_where} ORDER BY {partition}, {order}"
        return (
            f"SELECT * FROM (SELECT {select}, "
            f"ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY {order}) AS rn "
            f"{from_where}) ranked WHERE rn = 1"
        )

    def current_sentence(self) -> str:
        """person_id, disposal_id, start: the sentence in force on the day, and the day supervision in
        the community began under it (the sentence date of an order, the release date of a licence)."""
        from probation.sentences.models import Disposal, Event

        on = self.today
        return self.latest(
            "e.person_id, d.id AS disposal_id, COALESCE(d.release_date, d.start_date) AS start",
            f"FROM {self.t(Disposal)} d JOIN {self.t(Event)} e ON e.id = d.event_id "
            f"WHERE d.start_date <= {on} AND COALESCE(d.release_date, d.start_date) <= {on} "
            f"AND (d.terminated_on IS NULL OR d.terminated_on > {on}){self.only('e.person_id')}",
            "e.person_id",
            "COALESCE(d.release_date, d.start_date) DESC, d.id DESC",
        )

    def completed_assessments(self, alias: str = "ra", join: str = "") -> str:
        """FROM … WHERE for assessments completed (and countersigned where needed) by the day; `join`
        goes between the two."""
        from probation.risk.models import RiskAssessment

        return (
            f"FROM {self.t(RiskAssessment)} {alias} {join} "
            f"WHERE {alias}.status IN ('complete', 'superseded') AND {alias}.completed_on IS NOT NULL "
            f"AND {alias}.completed_on <= {self.today}{self.only(alias + '.person_id')}"
        )

    def latest_assessment(self) -> str:
        """person_id, id, completed_on, rosh: the assessment in force on the day."""
        return self.latest(
            "ra.person_id, ra.id, ra.completed_on, ra.rosh_overall AS rosh",
            self.completed_assessments("ra"),
            "ra.person_id",
            "ra.completed_on DESC, ra.sequence DESC",
        )

    def latest_plan(self) -> str:
        """person_id, id, adjustments: the sentence plan most recently completed by the day."""
        from probation.plans.models import SentencePlan

        return self.latest(
            "sp.person_id, sp.id, sp.adjustments",
            f"FROM {self.t(SentencePlan)} sp "
            f"WHERE sp.completed_on IS NOT NULL AND sp.completed_on <= {self.today}"
            f"{self.only('sp.person_id')}",
            "sp.person_id",
            "sp.completed_on DESC, sp.id DESC",
        )

    @property
    def person_table(self) -> str:
        from probation.people.models import Person

        return self.t(Person)
