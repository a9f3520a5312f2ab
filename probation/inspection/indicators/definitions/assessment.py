"""Assessment: was the risk and needs assessment completed on time?"""

from probation.risk.models import RiskAssessment

from .. import policy
from ..registry import sql_indicator
from ..sql import Sql


@sql_indicator(
    "assessment_timely",
    "Assessment completed on time",
    "Applies to a case under a current sentence once its assessment is due or done; met when the first "
    "assessment completed on or after the start of supervision was completed (and countersigned where "
    "required) within `assessment.days` working days (5 for tier A).",
    theme="Assessment",
)
def assessment_timely(q: Sql) -> str:
    days, days_a = policy.number("assessment.days"), policy.number("assessment.days_highest_tier")
    carry = policy.number("assessment.carry_over_days")
    joins, due = q.add_working_days(
        "due", "cur.start", f"CASE WHEN SUBSTR(p.tier, 1, 1) = 'A' THEN {days_a} ELSE {days} END"
    )
    with_cur = "JOIN cur ON cur.person_id = ra.person_id"
    done = q.latest(
        "ra.person_id, ra.id, ra.completed_on",
        q.completed_assessments("ra", with_cur) + " AND ra.completed_on >= cur.start",
        "ra.person_id",
        "ra.completed_on, ra.sequence",
    )
    prior = q.latest(
        "ra.person_id, ra.id",
        q.completed_assessments("ra", with_cur)
        + f" AND ra.completed_on < cur.start AND ra.completed_on >= {q.minus_days('cur.start', carry)}",
        "ra.person_id",
        "ra.completed_on DESC, ra.sequence DESC",
    )
    return f"""
    WITH cur AS ({q.current_sentence()}), done AS ({done}), prior AS ({prior})
    SELECT f.person AS ind_person,
      (f.start IS NOT NULL AND (f.done_on IS NOT NULL OR f.due IS NULL
          OR f.due < {q.today})) AS ind_applicable,
      CASE WHEN f.due IS NULL THEN NULL
           WHEN f.done_on <= f.due THEN TRUE
           WHEN f.done_on IS NULL AND f.prior_id IS NOT NULL THEN NULL
           ELSE FALSE END AS ind_met,
      {q.lit(RiskAssessment._meta.label_lower)} AS ind_evidence_type,
      COALESCE(f.done_id, f.prior_id) AS ind_evidence_id
    FROM (SELECT p.id AS person, cur.start, {due} AS due, done.completed_on AS done_on, done.id AS done_id,
                 prior.id AS prior_id
          FROM {q.person_table} p
          LEFT JOIN cur ON cur.person_id = p.id
          LEFT JOIN done ON done.person_id = p.id
          LEFT JOIN prior ON prior.person_id = p.id
          {joins}
          WHERE 1 = 1{q.only("p.id")}) f
    """
