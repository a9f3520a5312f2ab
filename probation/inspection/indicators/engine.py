"""Set-based computation of case indicators: for each indicator, one INSERT … SELECT over every case
(or a few). The database does the work; Python moves no rows.

- `refresh_all()` recomputes every indicator for every case (`probation indicators refresh`);
- `refresh_for_people(ids)` recomputes every indicator for a few cases, for the services to call when
  a case changes (through `hooks.case_changed`, after the transaction commits).

Both run the same statement — the incremental one restricted to the cases named — so they write the
same rows. The statement is an upsert on (person, indicator) that rewrites a row only when its result
changed: a nightly refresh of 250,000 cases in which little changed writes little, and `computed_at`
says since when a result has held.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from probation.people.models import Person

from .registry import INDICATORS, Indicator
from .sql import Sql

COLUMNS = ("ind_applicable", "ind_met", "ind_evidence_type", "ind_evidence_id")
# The four results as written, typed so that a NULL from any kind of indicator compares with the column.
VALUES = {
    "applicable": "CAST(sub.ind_applicable AS BOOLEAN)",
    "met": "CAST(sub.ind_met AS BOOLEAN)",
    "evidence_type": "COALESCE(CAST(sub.ind_evidence_type AS VARCHAR(60)), '')",
    "evidence_id": "CAST(sub.ind_evidence_id AS BIGINT)",
}
# An incremental refresh of more people than this goes through in slices, so no statement carries an
# unbounded list of ids.
SLICE = 500


def _orm_select(indicator: Indicator, people: QuerySet, on: date) -> tuple[str, tuple]:
    qs = (
        indicator.annotate(people, on)
        .annotate(ind_person=F("pk"))
        .values_list("ind_person", *COLUMNS)
        .order_by()
    )
    return qs.query.sql_with_params()


def select_for(indicator: Indicator, *, on: date, person_ids: list[int] | None = None) -> tuple[str, tuple]:
    """The SELECT of `ind_person` and the four columns for every case (or the cases named)."""
    if indicator.sql is not None:
        return indicator.sql(Sql(on, person_ids)), ()
    people = Person.objects.all()
    if person_ids is not None:
        people = people.filter(pk__in=person_ids)
    return _orm_select(indicator, people, on)


def _changed() -> str:
    distinct = "IS DISTINCT FROM"
    return " OR ".join(
        f"{table_col} {distinct} excluded.{col}"
        for table_col, col in (
            ("{t}.applicable", "applicable"),
            ("{t}.met", "met"),
            ("{t}.evidence_type", "evidence_type"),
            ("{t}.evidence_id", "evidence_id"),
        )
    )


@transaction.atomic
def refresh_indicator(indicator: Indicator, *, on: date, person_ids: Iterable[int] | None = None) -> int:
    """Recompute one indicator for every case (or only `person_ids`). Returns the rows that changed."""
    from .. import models

    ids = None if person_ids is None else sorted({int(pk) for pk in person_ids})
    if ids == []:
        return 0
    sql, params = select_for(indicator, on=on, person_ids=ids)
    table = models.CaseIndicator._meta.db_table
    if indicator.sql is not None:
        # The set-based SQL carries its values as literals (and may hold a literal "%"): no parameters.
        literal = Sql(on).lit
        slug, now, params = literal(indicator.slug), literal(timezone.now()), None
    else:
        # In the order they appear: the slug and time, the query's own, the slug again.
        slug, now, params = "%s", "%s", (indicator.slug, timezone.now(), *params, indicator.slug)
    # Only rows that are new or whose result changed go on to the upsert: an anti-join with the stored
    # results drops the rest first, so a refresh in which little changed writes (and locks) little.
    changed = " OR ".join(f"old.{col} IS DISTINCT FROM {expr}" for col, expr in VALUES.items())
    statement = (
        f"INSERT INTO {table} "
        f"(person_id, indicator, applicable, met, evidence_type, evidence_id, computed_at) "
        f"SELECT sub.ind_person, {slug}, {', '.join(VALUES.values())}, {now} FROM ({sql}) sub "
        f"LEFT JOIN {table} old ON old.person_id = sub.ind_person AND old.indicator = {slug} "
        f"WHERE old.id IS NULL OR {changed} "
        f"ON CONFLICT (person_id, indicator) DO UPDATE SET "
        f"applicable = excluded.applicable, met = excluded.met, "
        f"evidence_type = excluded.evidence_type, evidence_id = excluded.evidence_id, "
        f"computed_at = excluded.computed_at WHERE {_changed().format(t=table)}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Just-in-time compilation costs seconds per statement here and saves nothing: these are
            # hash joins and aggregates, not expression-heavy scans.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(statement, params)
        return cursor.rowcount


def _registered() -> dict[str, Indicator]:
    from . import definitions  # noqa: F401 - registers the indicators

    return INDICATORS


def refresh_all(
    *,
    on: date | None = None,
    person_ids: Iterable[int] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Recompute every registered indicator. Incremental when `person_ids` is given."""
    on = on or timezone.localdate()
    ids = list(person_ids) if person_ids is not None else None
    written = {}
    for slug, indicator in _registered().items():
        written[slug] = refresh_indicator(indicator, on=on, person_ids=ids)
        if progress:
            progress(slug)
    return written


def refresh_for_people(person_ids: Iterable[int], *, on: date | None = None) -> int:
    """Recompute every indicator for these cases only; returns the rows that changed. A case that no
    longer exists has no rows to write (its results went with it)."""
    ids = sorted({int(pk) for pk in person_ids})
    total = 0
    for start in range(0, len(ids), SLICE):
        with transaction.atomic():
            total += sum(refresh_all(on=on, person_ids=ids[start : start + SLICE]).values())
    return total
