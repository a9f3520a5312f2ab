"""Reviewing and oversight: management oversight as often as the risk requires, and Serious Further
Offences notified on time."""

from datetime import timedelta

from probation.core import reference
from probation.oversight.constants import SfoStatus
from probation.oversight.models import OversightRecord, SeriousFurtherOffence
from probation.risk.models import MappaRegistration, SignificantEvent

from ..registry import sql_indicator
from ..sql import Sql

HIGH_ROSH = ("high", "very_high")
# How far back significant events are looked at for the oversight that should follow them.
EVENT_LOOKBACK_DAYS = 365


@sql_indicator(
    "oversight_sufficient",
    "Management oversight as often as the risk requires",
    "Applies to a case whose latest completed assessment rates RoSH high or very high, or with an active "
    "MAPPA level 2 or 3 registration; met when oversight was recorded in the last "
    "`oversight.interval_weeks` weeks (or the case became high risk more recently than that) and every "
    "significant event since it became high risk (in the last year) was followed by oversight within "
    "`oversight.after_event_days` working days. Oversight recorded only by the case's own responsible "
    "officer needs a human.",
    theme="Reviewing and oversight",
)
def oversight_sufficient(q: Sql) -> str:
    on = q.today
    interval_start = q.lit(q.on - timedelta(weeks=int(reference.value("oversight.interval_weeks"))))
    after_days = int(reference.value("oversight.after_event_days"))
    joins, oversight_due = q.add_working_days("after", "se.occurred_on", str(after_days))
    high = q.lits(HIGH_ROSH)
    recent = q.latest(
        "o.person_id, o.id, o.recorded_by_id",
        f"FROM {q.t(OversightRecord)} o WHERE o.recorded_on > {interval_start} AND o.recorded_on <= {on}"
        f"{q.only('o.person_id')}",
        "o.person_id",
        "o.recorded_on DESC, o.id DESC",
    )
    return f"""
    WITH assessed AS (SELECT ra.person_id, ra.completed_on,
        ra.rosh_overall AS rosh {q.completed_assessments("ra")}),
    last_not_high AS (SELECT person_id, MAX(completed_on) AS day FROM assessed WHERE rosh NOT IN {high}
                      GROUP BY person_id),
    high_since AS (SELECT a.person_id, MIN(a.completed_on) AS day FROM assessed a
                   LEFT JOIN last_not_high l ON l.person_id = a.person_id
                   WHERE a.rosh IN {high} AND (l.day IS NULL OR a.completed_on > l.day) GROUP BY a.person_id),
    mappa_since AS (SELECT m.person_id, MIN(m.start_date) AS day FROM {q.t(MappaRegistration)} m
                    WHERE m.level >= 2 AND m.start_date <= {on} AND (m.end_date IS NULL OR m.end_date >= {on})
                    {q.only("m.person_id")} GROUP BY m.person_id),
    since AS (SELECT person_id, MIN(day) AS day FROM (SELECT person_id, day FROM high_since
              UNION ALL SELECT person_id, day FROM mappa_since) u GROUP BY person_id),
    recent AS ({recent}),
    missed AS (
      SELECT se.person_id, MIN(se.id) AS id FROM {q.t(SignificantEvent)} se JOIN since
          ON since.person_id = se.person_id
      {joins}
      WHERE se.occurred_on >= since.day
          AND se.occurred_on > {q.lit(q.on - timedelta(days=EVENT_LOOKBACK_DAYS))}
        AND se.occurred_on <= {on} AND {oversight_due} < {on}
        AND NOT EXISTS (SELECT 1 FROM {q.t(OversightRecord)} o WHERE o.person_id = se.person_id
                        AND o.recorded_on >= se.occurred_on AND o.recorded_on <= {oversight_due})
      GROUP BY se.person_id)
    SELECT f.person AS ind_person,
      (f.since IS NOT NULL) AS ind_applicable,
      CASE WHEN NOT f.periodic OR f.missed IS NOT NULL THEN FALSE
           WHEN f.recent_by = f.officer THEN NULL
           ELSE TRUE END AS ind_met,
      CASE WHEN f.missed IS NOT NULL THEN {q.lit(SignificantEvent._meta.label_lower)}
           WHEN f.recent IS NOT NULL THEN {q.lit(OversightRecord._meta.label_lower)}
           ELSE '' END AS ind_evidence_type,
      COALESCE(f.missed, f.recent) AS ind_evidence_id
    FROM (SELECT p.id AS person, p.officer_id AS officer, since.day AS since, recent.id AS recent,
                 recent.recorded_by_id AS recent_by, missed.id AS missed,
                 (recent.id IS NOT NULL OR since.day > {interval_start}) AS periodic
          FROM {q.person_table} p
          LEFT JOIN since ON since.person_id = p.id
          LEFT JOIN recent ON recent.person_id = p.id
          LEFT JOIN missed ON missed.person_id = p.id
          WHERE 1 = 1{q.only("p.id")}) f
    """


@sql_indicator(
    "sfo_notified_timely",
    "Serious Further Offence notified on time",
    "Applies to a case with a Serious Further Offence charge once its notification is due or made; met "
    "when the latest one was notified by `SeriousFurtherOffence.notification_due` (`sfo.notification_days` "
    "working days after the charge). Recorded as past notification with no notification date needs a human.",
    theme="Reviewing and oversight",
)
def sfo_notified_timely(q: Sql) -> str:
    on = q.today
    latest = q.latest(
        "s.person_id, s.id, s.notification_due AS due, s.status, "
        f"CASE WHEN s.notified_on <= {on} THEN s.notified_on END AS notified",
        f"FROM {q.t(SeriousFurtherOffence)} s WHERE s.charged_on <= {on}{q.only('s.person_id')}",
        "s.person_id",
        "s.charged_on DESC, s.id DESC",
    )
    awaiting = q.lit(SfoStatus.AWAITING_NOTIFICATION)
    return f"""
    WITH sfo AS ({latest})
    SELECT p.id AS ind_person,
      (sfo.id IS NOT NULL AND (sfo.notified IS NOT NULL OR sfo.due < {on}
          OR sfo.status <> {awaiting})) AS ind_applicable,
      CASE WHEN sfo.notified <= sfo.due THEN TRUE
           WHEN sfo.notified IS NULL AND sfo.status <> {awaiting} THEN NULL
           ELSE FALSE END AS ind_met,
      {q.lit(SeriousFurtherOffence._meta.label_lower)} AS ind_evidence_type,
      sfo.id AS ind_evidence_id
    FROM {q.person_table} p
    LEFT JOIN sfo ON sfo.person_id = p.id
    WHERE 1 = 1{q.only("p.id")}
    """
