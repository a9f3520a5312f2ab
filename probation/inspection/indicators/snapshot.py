"""The daily snapshot: how many applicable cases met each indicator, per provider, area, team and
officer, written set-based from the stored case results.

One pass groups the results by (provider, team, officer, indicator) into a temporary table — a few
thousand rows however many cases — and one INSERT … SELECT … GROUP BY per level sums it from there.
The dashboard draws its trends from these rows."""

from datetime import date

from django.db import connection, transaction

from probation.people.models import Person
from probation.workforce.models import Team

from ..constants import SnapshotLevel
from ..models import CaseIndicator, IndicatorSnapshot
from .sql import Sql

CELLS = "inspection_snapshot_cells"
# The column of the grouped cells that places a case at each level (an area through its team).
LEVEL_KEYS = {
    SnapshotLevel.PROVIDER: "c.provider_id",
    SnapshotLevel.AREA: "t.area_id",
    SnapshotLevel.TEAM: "c.team_id",
    SnapshotLevel.OFFICER: "c.officer_id",
}


@transaction.atomic
def take_snapshot(on: date) -> int:
    """Replace the snapshot for `on` with the current case results. Returns the rows written."""
    IndicatorSnapshot.objects.filter(taken_on=on).delete()
    q = Sql(on)
    snapshot, results, people, teams = (q.t(m) for m in (IndicatorSnapshot, CaseIndicator, Person, Team))
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"DROP TABLE IF EXISTS {CELLS}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {CELLS} AS "
            f"SELECT p.provider_id, p.team_id, p.officer_id, r.indicator, "
            f"SUM(CASE WHEN r.applicable THEN 1 ELSE 0 END) AS applicable, "
            f"SUM(CASE WHEN r.applicable AND r.met THEN 1 ELSE 0 END) AS met "
            f"FROM {results} r JOIN {people} p ON p.id = r.person_id "
            f"GROUP BY p.provider_id, p.team_id, p.officer_id, r.indicator"
        )
        try:
            for level, key in LEVEL_KEYS.items():
                join = f"JOIN {teams} t ON t.id = c.team_id " if key.startswith("t.") else ""
                cursor.execute(
                    f"INSERT INTO {snapshot} (taken_on, level, key, indicator, applicable, met) "
                    f"SELECT {q.today}, {q.lit(str(level))}, {key}, c.indicator, "
                    f"SUM(c.applicable), SUM(c.met) "
                    f"FROM {CELLS} c {join}WHERE {key} IS NOT NULL GROUP BY {key}, c.indicator"
                )
                written += cursor.rowcount
        finally:
            cursor.execute(f"DROP TABLE {CELLS}")
    return written
