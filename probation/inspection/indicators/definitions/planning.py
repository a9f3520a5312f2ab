"""Planning: a sentence plan on time, addressing the needs and requirements, and taking account of the
person's diversity."""

from probation.plans.constants import ObjectiveStatus
from probation.plans.models import Objective, SentencePlan
from probation.risk.constants import NeedSeverity
from probation.risk.models import NeedRating
from probation.sentences.models import Requirement

from .. import policy
from ..registry import sql_indicator
from ..sql import Sql

PLAN = SentencePlan._meta.label_lower


@sql_indicator(
    "plan_timely",
    "Sentence plan completed on time",
    "Applies to a case under a current sentence once its plan is due or done; met when the first plan "
    "for the current sentence was completed by its due date (`SentencePlan.due_by`; with no plan yet, "
    "`plan.days` working days after the start, 5 for tier A). A plan submitted on time but "
    "countersigned late needs a human.",
    theme="Planning",
)
def plan_timely(q: Sql) -> str:
    days, days_a = policy.number("plan.days"), policy.number("plan.days_highest_tier")
    joins, default_due = q.add_working_days(
        "due", "cur.start", f"CASE WHEN SUBSTR(p.tier, 1, 1) = 'A' THEN {days_a} ELSE {days} END"
    )
    on = q.today
    first = q.latest(
        "sp.person_id, sp.id, sp.due_by, sp.completed_on, sp.submitted_on",
        f"FROM {q.t(SentencePlan)} sp JOIN cur ON cur.person_id = sp.person_id "
        f"WHERE sp.starts_from >= cur.start AND sp.started_on <= {on}{q.only('sp.person_id')}",
        "sp.person_id",
        "sp.starts_from, sp.started_on, sp.id",
    )
    return f"""
    WITH cur AS ({q.current_sentence()}), first AS ({first})
    SELECT f.person AS ind_person,
      (f.start IS NOT NULL AND (f.done_on IS NOT NULL OR f.due IS NULL OR f.due < {on})) AS ind_applicable,
      CASE WHEN f.due IS NULL THEN NULL
           WHEN f.done_on <= f.due THEN TRUE
           WHEN f.done_on > f.due AND f.submitted_on <= f.due THEN NULL
           ELSE FALSE END AS ind_met,
      {q.lit(PLAN)} AS ind_evidence_type,
      f.plan_id AS ind_evidence_id
    FROM (SELECT p.id AS person, cur.start, first.id AS plan_id, COALESCE(first.due_by, {default_due}) AS due,
                 CASE WHEN first.completed_on <= {on} THEN first.completed_on END AS done_on,
                 CASE WHEN first.submitted_on <= {on} THEN first.submitted_on END AS submitted_on
          FROM {q.person_table} p
          LEFT JOIN cur ON cur.person_id = p.id
          LEFT JOIN first ON first.person_id = p.id
          {joins}
          WHERE 1 = 1{q.only("p.id")}) f
    """


@sql_indicator(
    "plan_addresses_needs",
    "Plan addresses needs and requirements",
    "Applies to a case with a completed plan and either a criminogenic need rated standard or severe in "
    "the latest assessment or a requirement of the current sentence; met when every such need is named "
    "by a live objective of the latest completed plan and every current requirement is tied to one. "
    "Objectives that name no needs at all, where there are needs, need a human.",
    theme="Planning",
)
def plan_addresses_needs(q: Sql) -> str:
    on = q.today
    links = Objective._meta.get_field("requirements")
    through = links.remote_field.through
    link_objective, link_requirement = links.m2m_column_name(), links.m2m_reverse_name()
    return f"""
    WITH plan AS ({q.latest_plan()}),
    la AS ({q.latest_assessment()}),
    cur AS ({q.current_sentence()}),
    obj AS (SELECT o.plan_id, o.id, o.needs
            FROM {q.t(Objective)} o JOIN plan ON plan.id = o.plan_id
            WHERE o.status <> {q.lit(ObjectiveStatus.NO_LONGER_NEEDED)}),
    named AS (SELECT DISTINCT obj.plan_id, named_need.value AS need
              FROM obj, {q.json_elements("obj.needs", "named_need")}),
    objectives AS (SELECT obj.plan_id, COUNT(*) AS n FROM obj GROUP BY obj.plan_id),
    naming AS (SELECT plan_id, COUNT(*) AS n FROM named GROUP BY plan_id),
    needs AS (SELECT la.person_id, nr.need FROM {q.t(NeedRating)} nr JOIN la ON la.id = nr.assessment_id
              WHERE nr.severity IN {q.lits([NeedSeverity.STANDARD, NeedSeverity.SEVERE])}),
    need_gaps AS (SELECT needs.person_id, COUNT(*) AS n
                  FROM needs JOIN plan ON plan.person_id = needs.person_id
                  LEFT JOIN named ON named.plan_id = plan.id AND named.need = needs.need
                  WHERE named.plan_id IS NULL GROUP BY needs.person_id),
    requirements AS (SELECT cur.person_id, r.id FROM {q.t(Requirement)} r JOIN cur
        ON cur.disposal_id = r.disposal_id
                     WHERE r.start_date <= {on} AND (r.terminated_on IS NULL OR r.terminated_on > {on})),
    tied AS (SELECT link.{link_requirement} AS requirement_id, obj.plan_id FROM {q.t(through)} link
             JOIN obj ON obj.id = link.{link_objective}),
    requirement_gaps AS (
      SELECT requirements.person_id, COUNT(*) AS n FROM requirements JOIN plan
          ON plan.person_id = requirements.person_id
      LEFT JOIN tied ON tied.requirement_id = requirements.id AND tied.plan_id = plan.id
      WHERE tied.requirement_id IS NULL
      GROUP BY requirements.person_id),
    need_count AS (SELECT person_id, COUNT(*) AS n FROM needs GROUP BY person_id),
    requirement_count AS (SELECT person_id, COUNT(*) AS n FROM requirements GROUP BY person_id)
    SELECT p.id AS ind_person,
      (plan.id IS NOT NULL AND (need_count.n IS NOT NULL
          OR requirement_count.n IS NOT NULL)) AS ind_applicable,
      CASE WHEN need_count.n IS NOT NULL AND COALESCE(objectives.n, 0) > 0 AND naming.n IS NULL THEN NULL
           WHEN need_gaps.n IS NOT NULL OR requirement_gaps.n IS NOT NULL THEN FALSE
           ELSE TRUE END AS ind_met,
      {q.lit(PLAN)} AS ind_evidence_type,
      plan.id AS ind_evidence_id
    FROM {q.person_table} p
    LEFT JOIN plan ON plan.person_id = p.id
    LEFT JOIN objectives ON objectives.plan_id = plan.id
    LEFT JOIN naming ON naming.plan_id = plan.id
    LEFT JOIN need_count ON need_count.person_id = p.id
    LEFT JOIN requirement_count ON requirement_count.person_id = p.id
    LEFT JOIN need_gaps ON need_gaps.person_id = p.id
    LEFT JOIN requirement_gaps ON requirement_gaps.person_id = p.id
    WHERE 1 = 1{q.only("p.id")}
    """


@sql_indicator(
    "diversity_considered",
    "Diversity taken into account in the plan",
    "Applies to a case with a completed plan whose person has a recorded diversity need (a disability, "
    "an interpreter, a literacy need, caring responsibilities, pregnancy or maternity, or a gender "
    "identity different from their sex); met when the plan records the adjustments made. No adjustments "
    "for a disability, an interpreter or a literacy need is not met; otherwise it needs a human.",
    theme="Diversity",
)
def diversity_considered(q: Sql) -> str:
    practical = "(p.interpreter_required = TRUE OR p.literacy_need = TRUE OR p.disability <> '')"
    other = "(p.caring_responsibilities <> '' OR p.pregnancy_maternity = TRUE OR p.gender_identity <> '')"
    return f"""
    WITH plan AS ({q.latest_plan()})
    SELECT p.id AS ind_person,
      (plan.id IS NOT NULL AND ({practical} OR {other})) AS ind_applicable,
      CASE WHEN plan.adjustments <> '' THEN TRUE
           WHEN {practical} THEN FALSE
           ELSE NULL END AS ind_met,
      {q.lit(PLAN)} AS ind_evidence_type,
      plan.id AS ind_evidence_id
    FROM {q.person_table} p
    LEFT JOIN plan ON plan.person_id = p.id
    WHERE 1 = 1{q.only("p.id")}
    """
