"""Continuity: how often the responsible officer changed."""

from datetime import timedelta

from probation.core import reference
from probation.workforce.constants import AssignmentReason
from probation.workforce.models import ResponsibleOfficerAssignment

from ..registry import sql_indicator
from ..sql import Sql


@sql_indicator(
    "ro_continuity",
    "Continuity of the responsible officer",
    "Applies to every case with a responsible officer; met when the case had fewer than "
    "`continuity.warn_at_change` (default 3) changes of officer in the 12 months before the date.",
    theme="Implementation and delivery",
)
def ro_continuity(q: Sql) -> str:
    limit = int(reference.value("continuity.warn_at_change"))
    table = q.t(ResponsibleOfficerAssignment)
    latest = q.latest(
        "a.person_id, a.id",
        f"FROM {table} a WHERE 1 = 1{q.only('a.person_id')}",
        "a.person_id",
        "a.start_date DESC, a.id DESC",
    )
    return f"""
    WITH changes AS (
      SELECT a.person_id, COUNT(*) AS n FROM {table} a
      WHERE a.start_date > {q.lit(q.on - timedelta(days=365))} AND a.start_date <= {q.today}
        AND a.reason <> {q.lit(AssignmentReason.INITIAL)}{q.only("a.person_id")}
      GROUP BY a.person_id),
    latest AS ({latest})
    SELECT p.id AS ind_person,
      (latest.id IS NOT NULL) AS ind_applicable,
      (COALESCE(changes.n, 0) < {limit}) AS ind_met,
      {q.lit(ResponsibleOfficerAssignment._meta.label_lower)} AS ind_evidence_type,
      latest.id AS ind_evidence_id
    FROM {q.person_table} p
    LEFT JOIN changes ON changes.person_id = p.id
    LEFT JOIN latest ON latest.person_id = p.id
    WHERE 1 = 1{q.only("p.id")}
    """
