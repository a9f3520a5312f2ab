"""Set-based computation of case indicators: for each indicator, one DELETE and one
INSERT … SELECT over the annotated person queryset. The database does the work; Python moves no rows.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from probation.people.models import Person

from .registry import INDICATORS, Indicator

COLUMNS = ("ind_applicable", "ind_met", "ind_evidence_type", "ind_evidence_id")


def _select(indicator: Indicator, people: QuerySet, on: date) -> tuple[str, tuple]:
    qs = indicator.annotate(people, on).annotate(ind_person=F("pk")).values_list("ind_person", *COLUMNS).order_by()
    return qs.query.sql_with_params()


@transaction.atomic
def refresh_indicator(indicator: Indicator, *, on: date, person_ids: Iterable[int] | None = None) -> int:
    """Recompute one indicator for every case (or only `person_ids`). Returns the rows written."""
    people = Person.objects.all()
    from .. import models

    existing = models.CaseIndicator.objects.filter(indicator=indicator.slug)
    if person_ids is not None:
        ids = list(person_ids)
        people = people.filter(pk__in=ids)
        existing = existing.filter(person_id__in=ids)
    existing.delete()
    sql, params = _select(indicator, people, on)
    table = models.CaseIndicator._meta.db_table
    with connection.cursor() as cursor:
        # Django names the annotations in the SELECT, so the derived table's columns are known.
        cursor.execute(
            f"INSERT INTO {table} (person_id, indicator, applicable, met, evidence_type, evidence_id, computed_at) "
            f"SELECT sub.ind_person, %s, sub.ind_applicable, sub.ind_met, COALESCE(sub.ind_evidence_type, ''), "
            f"sub.ind_evidence_id, %s FROM ({sql}) sub",
            (indicator.slug, timezone.now(), *params),
        )
        return cursor.rowcount


def refresh_all(*, on: date | None = None, person_ids: Iterable[int] | None = None,
                progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Recompute every registered indicator. Incremental when `person_ids` is given."""
    from . import definitions  # noqa: F401 - registers the indicators

    on = on or timezone.localdate()
    ids = list(person_ids) if person_ids is not None else None
    written = {}
    for slug, indicator in INDICATORS.items():
        written[slug] = refresh_indicator(indicator, on=on, person_ids=ids)
        if progress:
            progress(slug)
    return written
