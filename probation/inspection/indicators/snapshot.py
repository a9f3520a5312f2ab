"""The daily snapshot: how many applicable cases met each indicator, per provider, area, team and
officer, written set-based (one INSERT … SELECT … GROUP BY per level) from the stored case results.
The dashboard draws its trends from these rows."""

from datetime import date

from django.db import connection, transaction
from django.db.models import Count, F, Q

from ..constants import SnapshotLevel
from ..models import CaseIndicator, IndicatorSnapshot

# The column of the case that places it at each level.
LEVEL_KEYS = {
    SnapshotLevel.PROVIDER: "person__provider_id",
    SnapshotLevel.AREA: "person__team__area_id",
    SnapshotLevel.TEAM: "person__team_id",
    SnapshotLevel.OFFICER: "person__officer_id",
}


def _grouped(level: str):
    """SELECT snap_key, snap_indicator, snap_applicable, snap_met … GROUP BY the level's key."""
    key = LEVEL_KEYS[level]
    return (
        CaseIndicator.objects.filter(**{f"{key}__isnull": False})
        .annotate(snap_key=F(key), snap_indicator=F("indicator"))
        .values("snap_key", "snap_indicator")
        .annotate(
            snap_applicable=Count("pk", filter=Q(applicable=True)),
            snap_met=Count("pk", filter=Q(applicable=True, met=True)),
        )
        .order_by()
    )


@transaction.atomic
def take_snapshot(on: date) -> int:
    """Replace the snapshot for `on` with the current case results. Returns the rows written."""
    IndicatorSnapshot.objects.filter(taken_on=on).delete()
    table = IndicatorSnapshot._meta.db_table
    written = 0
    with connection.cursor() as cursor:
        for level in LEVEL_KEYS:
            sql, params = _grouped(level).query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {table} (taken_on, level, key, indicator, applicable, met) "
                f"SELECT %s, %s, sub.snap_key, sub.snap_indicator, sub.snap_applicable, sub.snap_met "
                f"FROM ({sql}) sub",
                (on, str(level), *params),
            )
            written += cursor.rowcount
    return written
