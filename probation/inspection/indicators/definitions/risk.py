"""Keeping other people safe: risks followed through into actions, and actions, checks and reviews
done in time."""

from probation.plans.models import PlanReview
from probation.risk.constants import ActionStatus
from probation.risk.models import IdentifiedRisk, PartnerCheck, RiskAction, RiskAssessment, SignificantEvent

from .. import policy
from ..registry import sql_indicator
from ..sql import Sql

HIGH_ROSH = ("high", "very_high")
# Guards the walk back through earlier versions of a risk against a loop in bad data.
MAX_VERSIONS = 50


@sql_indicator(
    "risk_followed_through",
    "Each identified risk has an action",
    "Applies to a case whose latest completed assessment identified at least one specific risk (or rated "
    "RoSH high or very high); met when every identified risk of that assessment has at least one live "
    'action (not "no longer needed") in the risk management plan, made for it or for the same risk in '
    "an earlier version of the assessment. RoSH high or very high with no specific risk identified needs "
    "a human.",
    theme="Keeping people safe",
)
def risk_followed_through(q: Sql) -> str:
    risks_table = q.t(IdentifiedRisk)
    return f"""
    WITH RECURSIVE la AS ({q.latest_assessment()}),
    risks AS (SELECT ir.id, ir.person_id, ir.carried_from_id FROM {risks_table} ir JOIN la
        ON la.id = ir.assessment_id),
    lineage AS (
      SELECT risks.id AS risk_id, risks.id AS version, risks.carried_from_id AS earlier, 0 AS depth FROM risks
      UNION ALL
      SELECT lineage.risk_id, ir.id, ir.carried_from_id, lineage.depth + 1
      FROM lineage JOIN {risks_table} ir ON ir.id = lineage.earlier
      WHERE lineage.depth < {MAX_VERSIONS}),
    acted AS (SELECT DISTINCT lineage.risk_id FROM lineage JOIN {q.t(RiskAction)} a
        ON a.risk_id = lineage.version
              WHERE a.status <> {q.lit(ActionStatus.CANCELLED)}),
    summary AS (SELECT risks.person_id, COUNT(*) AS n, MIN(CASE WHEN acted.risk_id IS NULL
        THEN risks.id END) AS unlinked
                FROM risks LEFT JOIN acted ON acted.risk_id = risks.id GROUP BY risks.person_id)
    SELECT p.id AS ind_person,
      (la.id IS NOT NULL AND (summary.n IS NOT NULL OR la.rosh IN {q.lits(HIGH_ROSH)})) AS ind_applicable,
      CASE WHEN summary.unlinked IS NOT NULL THEN FALSE WHEN summary.n IS NULL
          THEN NULL ELSE TRUE END AS ind_met,
      CASE WHEN summary.unlinked IS NOT NULL THEN {q.lit(IdentifiedRisk._meta.label_lower)}
           ELSE {q.lit(RiskAssessment._meta.label_lower)} END AS ind_evidence_type,
      COALESCE(summary.unlinked, la.id) AS ind_evidence_id
    FROM {q.person_table} p
    LEFT JOIN la ON la.person_id = p.id
    LEFT JOIN summary ON summary.person_id = p.id
    WHERE 1 = 1{q.only("p.id")}
    """


@sql_indicator(
    "risk_minimised",
    "Actions to keep risk to a minimum taken in time",
    "Applies to a case under a current sentence with a risk action due, a partner check due or answered, "
    "or a significant event whose review is due or done since supervision began; met when every action "
    "due was delivered by its due date, every partner check was answered within "
    "`risk.partner_check_days` working days, and every significant event was followed by a completed "
    "assessment or a plan review by its review date. An action recorded as not delivered (and nothing "
    "late) needs a human.",
    theme="Keeping people safe",
)
def risk_minimised(q: Sql) -> str:
    on = q.today
    check_days = policy.number("risk.partner_check_days")
    joins, answer_due = q.add_working_days("answer", "pc.requested_on", str(check_days))
    reviewed_by_assessment = (
        f"EXISTS (SELECT 1 FROM {q.t(RiskAssessment)} ra WHERE ra.person_id = ev.person_id "
        f"AND ra.status IN ('complete', 'superseded') AND ra.completed_on >= ev.occurred_on "
        f"AND ra.completed_on <= ev.review_due AND ra.completed_on <= {on})"
    )
    return f"""
    WITH cur AS ({q.current_sentence()}),
    actions AS (
      SELECT a.person_id, COUNT(*) AS n,
        MIN(CASE WHEN a.status <> {q.lit(ActionStatus.NOT_DELIVERED)}
                  AND (a.delivered_on IS NULL OR a.delivered_on > a.due_on) THEN a.id END) AS late,
        MIN(CASE WHEN a.status = {q.lit(ActionStatus.NOT_DELIVERED)} THEN a.id END) AS undelivered
      FROM {q.t(RiskAction)} a JOIN cur ON cur.person_id = a.person_id
      WHERE a.due_on >= cur.start AND a.due_on <= {on} AND a.status <> {q.lit(ActionStatus.CANCELLED)}
      GROUP BY a.person_id),
    checks AS (
      SELECT pc.person_id,
        SUM(CASE WHEN {answer_due} < {on} OR pc.answered_on <= {on} THEN 1 ELSE 0 END) AS judged,
        MIN(CASE WHEN {answer_due} < {on} AND (pc.answered_on IS NULL OR pc.answered_on > {answer_due})
                 THEN pc.id END) AS unanswered
      FROM {q.t(PartnerCheck)} pc JOIN cur ON cur.person_id = pc.person_id {joins}
      WHERE pc.requested_on >= cur.start AND pc.requested_on <= {on}
      GROUP BY pc.person_id),
    ev AS (
      SELECT se.person_id, se.id, se.occurred_on, se.review_due FROM {q.t(SignificantEvent)} se
      JOIN cur ON cur.person_id = se.person_id
      WHERE se.occurred_on >= cur.start AND se.occurred_on <= {on}),
    reviewed AS (
      SELECT ev.id FROM ev
      WHERE {reviewed_by_assessment}
         OR EXISTS (SELECT 1 FROM {q.t(PlanReview)} pr WHERE pr.significant_event_id = ev.id
                    AND pr.reviewed_on <= ev.review_due AND pr.reviewed_on <= {on})),
    events AS (
      SELECT ev.person_id,
        SUM(CASE WHEN ev.review_due < {on} OR reviewed.id IS NOT NULL THEN 1 ELSE 0 END) AS judged,
        MIN(CASE WHEN ev.review_due < {on} AND reviewed.id IS NULL THEN ev.id END) AS unreviewed
      FROM ev LEFT JOIN reviewed ON reviewed.id = ev.id GROUP BY ev.person_id)
    SELECT p.id AS ind_person,
      (cur.person_id IS NOT NULL AND (actions.n IS NOT NULL OR COALESCE(checks.judged, 0) > 0
                                      OR COALESCE(events.judged, 0) > 0)) AS ind_applicable,
      CASE WHEN actions.late IS NOT NULL OR checks.unanswered IS NOT NULL
          OR events.unreviewed IS NOT NULL THEN FALSE
           WHEN actions.undelivered IS NOT NULL THEN NULL
           ELSE TRUE END AS ind_met,
      CASE WHEN actions.late IS NOT NULL THEN {q.lit(RiskAction._meta.label_lower)}
           WHEN checks.unanswered IS NOT NULL THEN {q.lit(PartnerCheck._meta.label_lower)}
           WHEN events.unreviewed IS NOT NULL THEN {q.lit(SignificantEvent._meta.label_lower)}
           WHEN actions.undelivered IS NOT NULL THEN {q.lit(RiskAction._meta.label_lower)}
           ELSE '' END AS ind_evidence_type,
      COALESCE(actions.late, checks.unanswered, events.unreviewed, actions.undelivered) AS ind_evidence_id
    FROM {q.person_table} p
    LEFT JOIN cur ON cur.person_id = p.id
    LEFT JOIN actions ON actions.person_id = p.id
    LEFT JOIN checks ON checks.person_id = p.id
    LEFT JOIN events ON events.person_id = p.id
    WHERE 1 = 1{q.only("p.id")}
    """
