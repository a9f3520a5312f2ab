"""Implementation and delivery: the first appointment, contact at the right level, step-down only where
the risks allow, and enforcement when the person fails to comply."""

from datetime import timedelta

from probation.allocation.models import Allocation, EscalationReferral
from probation.contacts.constants import ContactFrequency, ContactMethod, ContactType, Outcome, StepDownStatus
from probation.contacts.models import Contact, ContactLevel
from probation.enforcement.constants import EnforcementKind, EnforcementStatus
from probation.enforcement.models import EnforcementAction, RecallRecommendation
from probation.enforcement.policy import value as enforcement_value
from probation.risk.constants import SignificantEventType
from probation.risk.models import MappaRegistration, SignificantEvent

from .. import policy
from ..registry import sql_indicator
from ..sql import Sql

HIGH_ROSH = ("high", "very_high")
APPOINTMENTS = ContactType.appointments()


@sql_indicator(
    "first_contact_timely",
    "First appointment on time",
    "Applies to a case allocated to a provider once its first appointment is due or has happened; met "
    "when the person was seen (an appointment attended) between receipt and "
    "`Allocation.first_appointment_due` (`first_contact.days` working days, 2 for the highest tier). "
    "An appointment in time that the person missed needs a human.",
    theme="Implementation and delivery",
)
def first_contact_timely(q: Sql) -> str:
    on = q.today
    allocation = q.latest(
        "a.person_id, a.id, a.received_on, a.first_appointment_due AS due",
        f"FROM {q.t(Allocation)} a WHERE a.received_on <= {on} AND a.first_appointment_due IS NOT NULL"
        f"{q.only('a.person_id')}",
        "a.person_id",
        "a.received_on DESC, a.id DESC",
    )
    # The plain range on `starts_at` (a day wider each side) discards most contacts cheaply, and lets
    # an index on (person, starts_at) serve; the local day is then worked out for the few left.
    day = q.local_date("c.starts_at")
    return f"""
    WITH alloc AS ({allocation}),
    seen AS (
      SELECT c.person_id,
        MIN(CASE WHEN c.outcome IN {q.lits(Outcome.took_place())} THEN c.id END) AS attended,
        MIN(CASE WHEN c.outcome IN {q.lits(Outcome.absences())} THEN c.id END) AS missed
      FROM {q.t(Contact)} c JOIN alloc ON alloc.person_id = c.person_id
      WHERE c.type IN {q.lits(APPOINTMENTS)} AND c.starts_at < {q.before_tomorrow()}
        AND c.starts_at >= {q.minus_days("alloc.received_on", 1)}
        AND c.starts_at < {q.plus_days("alloc.due", 2)}
        AND {day} >= alloc.received_on AND {day} <= alloc.due{q.only("c.person_id")}
      GROUP BY c.person_id)
    SELECT p.id AS ind_person,
      (alloc.id IS NOT NULL AND (seen.attended IS NOT NULL OR alloc.due < {on})) AS ind_applicable,
      CASE WHEN seen.attended IS NOT NULL THEN TRUE WHEN seen.missed IS NOT NULL
          THEN NULL ELSE FALSE END AS ind_met,
      CASE WHEN seen.attended IS NOT NULL OR seen.missed IS NOT NULL THEN {q.lit(Contact._meta.label_lower)}
           ELSE {q.lit(Allocation._meta.label_lower)} END AS ind_evidence_type,
      COALESCE(seen.attended, seen.missed, alloc.id) AS ind_evidence_id
    FROM {q.person_table} p
    LEFT JOIN alloc ON alloc.person_id = p.id
    LEFT JOIN seen ON seen.person_id = p.id
    WHERE 1 = 1{q.only("p.id")}
    """


# Appointments each frequency asks for in eight weeks, and in four (rounded down).
PER_EIGHT_WEEKS = {f: int(ContactFrequency.per_four_weeks(f) * 2) for f in ContactFrequency.values}
PER_FOUR_WEEKS = {f: int(ContactFrequency.per_four_weeks(f)) for f in ContactFrequency.values}


@sql_indicator(
    "contact_level_met",
    "Contact at the level set for the case",
    "Applies to a case whose contact level has been in force for at least four weeks; met when the "
    "National Standard appointments that took place in the last eight weeks (four if the level is newer) "
    "reach what the level asks for (weekly 8, fortnightly 4, every four weeks 2, every eight weeks 1; "
    "half, rounded down, over four weeks), face to face unless the level allows telephone. Short only "
    "because of acceptable absences needs a human.",
    theme="Implementation and delivery",
)
def contact_level_met(q: Sql) -> str:
    on = q.on
    eight, four = on - timedelta(days=55), on - timedelta(days=27)
    level = q.latest(
        "l.person_id, l.id, l.frequency, l.method, l.effective_from",
        f"FROM {q.t(ContactLevel)} l WHERE l.status = {q.lit(StepDownStatus.APPROVED)} "
        f"AND l.effective_from <= {q.today} AND (l.effective_to IS NULL OR l.effective_to >= {q.today})"
        f"{q.only('l.person_id')}",
        "l.person_id",
        "l.effective_from DESC, l.id DESC",
    )
    required = " ".join(
        [
            f"WHEN level.effective_from <= {q.lit(eight)} AND level.frequency = {q.lit(f)} THEN {n}"
            for f, n in PER_EIGHT_WEEKS.items()
        ]
        + [
            f"WHEN level.effective_from <= {q.lit(four)} AND level.frequency = {q.lit(f)} THEN {n}"
            for f, n in PER_FOUR_WEEKS.items()
        ]
    )
    return f"""
    WITH level AS ({level}),
    windowed AS (
      SELECT level.person_id, level.id, level.method,
        CASE WHEN level.effective_from <= {q.lit(eight)} THEN {q.day_start(eight)}
             WHEN level.effective_from <= {q.lit(four)} THEN {q.day_start(four)} END AS since,
        CASE {required} END AS required
      FROM level),
    counted AS (
      SELECT c.person_id,
        SUM(CASE WHEN c.outcome IN {q.lits(Outcome.took_place())} THEN 1 ELSE 0 END) AS seen,
        SUM(CASE WHEN c.outcome = {q.lit(Outcome.ACCEPTABLE_ABSENCE)} THEN 1 ELSE 0 END) AS excused
      FROM {q.t(Contact)} c JOIN windowed w ON w.person_id = c.person_id
      WHERE w.since IS NOT NULL AND c.starts_at >= w.since AND c.starts_at < {q.before_tomorrow()}
        AND c.starts_at >= {q.day_start(eight)}
        AND c.national_standard = TRUE AND c.type IN {q.lits(APPOINTMENTS)}
        AND (c.type IN {q.lits(ContactType.face_to_face())} OR w.method = {q.lit(ContactMethod.TELEPHONE)})
        {q.only("c.person_id")}
      GROUP BY c.person_id)
    SELECT p.id AS ind_person,
      (windowed.since IS NOT NULL) AS ind_applicable,
      CASE WHEN COALESCE(counted.seen, 0) >= windowed.required THEN TRUE
           WHEN COALESCE(counted.seen, 0) + COALESCE(counted.excused, 0) >= windowed.required THEN NULL
           ELSE FALSE END AS ind_met,
      {q.lit(ContactLevel._meta.label_lower)} AS ind_evidence_type,
      windowed.id AS ind_evidence_id
    FROM {q.person_table} p
    LEFT JOIN windowed ON windowed.person_id = p.id
    LEFT JOIN counted ON counted.person_id = p.id
    WHERE 1 = 1{q.only("p.id")}
    """


@sql_indicator(
    "step_down_compatible",
    "Step-down compatible with the risks",
    "Applies to a case with a step-down in contact that came into force in the last "
    "`step_down.lookback_days` days; met when, on the day it took effect, RoSH was below high, there was "
    "no MAPPA level 2 or 3 registration and risk had not recently escalated (a referral back for risk, "
    "an arrest, charge or domestic-abuse call-out in the previous `step_down.escalation_lookback_days` "
    "days). With any of those, a step-down an SPO (not the requester) approved needs a human; one "
    "without that approval is not met.",
    theme="Implementation and delivery",
)
def step_down_compatible(q: Sql) -> str:
    lookback = policy.number("step_down.lookback_days")
    escalation = policy.number("step_down.escalation_lookback_days")
    step_down = q.latest(
        "l.person_id, l.id, l.effective_from, l.requested_by_id, l.approved_by_id",
        f"FROM {q.t(ContactLevel)} l "
        f"WHERE l.is_step_down = TRUE AND l.status = {q.lit(StepDownStatus.APPROVED)} "
        f"AND l.effective_from <= {q.today} AND l.effective_from > {q.lit(q.on - timedelta(days=lookback))}"
        f"{q.only('l.person_id')}",
        "l.person_id",
        "l.effective_from DESC, l.id DESC",
    )
    rosh_then = q.latest(
        "ra.person_id, ra.rosh_overall AS rosh",
        q.completed_assessments("ra", "JOIN sd ON sd.person_id = ra.person_id")
        + " AND ra.completed_on <= sd.effective_from",
        "ra.person_id",
        "ra.completed_on DESC, ra.sequence DESC",
    )
    since = q.minus_days("sd.effective_from", escalation)
    escalating = q.lits([SignificantEventType.ARREST_OR_CHARGE, SignificantEventType.DOMESTIC_ABUSE_CALLOUT])
    return f"""
    WITH sd AS ({step_down}),
    rosh_then AS ({rosh_then}),
    mappa AS (SELECT m.person_id FROM {q.t(MappaRegistration)} m JOIN sd ON sd.person_id = m.person_id
              WHERE m.level >= 2 AND m.start_date <= sd.effective_from
                AND (m.end_date IS NULL OR m.end_date >= sd.effective_from)
              GROUP BY m.person_id),
    escalated AS (
      SELECT person_id FROM (
        SELECT e.person_id FROM {q.t(EscalationReferral)} e JOIN sd ON sd.person_id = e.person_id
        WHERE e.referred_on <= sd.effective_from AND e.referred_on >= {since}
        UNION ALL
        SELECT se.person_id FROM {q.t(SignificantEvent)} se JOIN sd ON sd.person_id = se.person_id
        WHERE se.type IN {escalating}
          AND se.occurred_on <= sd.effective_from AND se.occurred_on >= {since}) u
      GROUP BY person_id)
    SELECT f.person AS ind_person,
      (f.sd_id IS NOT NULL) AS ind_applicable,
      CASE WHEN NOT f.risky THEN TRUE WHEN f.approved THEN NULL ELSE FALSE END AS ind_met,
      {q.lit(ContactLevel._meta.label_lower)} AS ind_evidence_type,
      f.sd_id AS ind_evidence_id
    FROM (SELECT p.id AS person, sd.id AS sd_id,
            (COALESCE(rosh_then.rosh, '') IN {q.lits(HIGH_ROSH)} OR mappa.person_id IS NOT NULL
             OR escalated.person_id IS NOT NULL) AS risky,
            (sd.approved_by_id IS NOT NULL
             AND (sd.requested_by_id IS NULL OR sd.approved_by_id <> sd.requested_by_id)) AS approved
          FROM {q.person_table} p
          LEFT JOIN sd ON sd.person_id = p.id
          LEFT JOIN rosh_then ON rosh_then.person_id = p.id
          LEFT JOIN mappa ON mappa.person_id = p.id
          LEFT JOIN escalated ON escalated.person_id = p.id
          WHERE 1 = 1{q.only("p.id")}) f
    """


@sql_indicator(
    "enforcement_appropriate",
    "Enforcement taken when needed, in time",
    "Applies to a case with a failure to comply (a National Standard appointment attended-failed or an "
    "unacceptable absence) or an enforcement decision in the last `enforcement.lookback_days` days; met "
    "when every such failure has an enforcement decision and every decided step (warning letter, breach, "
    "recall) was taken by its due date. A failure with no decision counts once "
    "`enforcement.breach_days` working days have passed since it was judged. A decision that departs "
    "from the step the rules recommend needs a human.",
    theme="Implementation and delivery",
)
def enforcement_appropriate(q: Sql) -> str:
    since = q.on - timedelta(days=policy.number("enforcement.lookback_days"))
    grace = int(enforcement_value("enforcement.breach_days"))
    on = q.today
    joins, decision_due = q.add_working_days(
        "grace", q.local_date("COALESCE(f.outcome_recorded_at, f.starts_at)"), str(grace)
    )
    recall = RecallRecommendation._meta.get_field("enforcement_action").column
    return f"""
    WITH f AS (
      SELECT c.person_id, c.id, c.starts_at, c.outcome_recorded_at FROM {q.t(Contact)} c
      WHERE c.national_standard = TRUE AND c.outcome IN {q.lits(Outcome.failures())}
        AND c.starts_at >= {q.day_start(since)}
            AND c.starts_at < {q.before_tomorrow()}{q.only("c.person_id")}),
    unenforced AS (
      SELECT f.person_id, MIN(f.id) AS id FROM f {joins}
      WHERE {decision_due} < {on}
        AND NOT EXISTS (SELECT 1 FROM {q.t(EnforcementAction)} e
                        WHERE e.contact_id = f.id AND e.status <> {q.lit(EnforcementStatus.WITHDRAWN)})
      GROUP BY f.person_id),
    decisions AS (
      SELECT e.person_id, e.id, e.kind, e.recommended_kind, e.due_by,
        CASE WHEN e.kind IN {q.lits(EnforcementKind.warnings())} THEN e.letter_issued_on
             WHEN e.kind = {q.lit(EnforcementKind.BREACH)} THEN e.breach_initiated_on
             WHEN e.kind = {q.lit(EnforcementKind.RECALL)} THEN rr.recommended_on END AS taken_on
      FROM {q.t(EnforcementAction)} e LEFT JOIN {q.t(RecallRecommendation)} rr ON rr.{recall} = e.id
      WHERE e.failure_on >= {q.lit(since)} AND e.failure_on <= {on}
        AND e.status <> {q.lit(EnforcementStatus.WITHDRAWN)}{q.only("e.person_id")}),
    judged AS (
      SELECT d.person_id, MAX(d.id) AS latest,
        MIN(CASE WHEN (d.taken_on <= {on} AND d.taken_on > d.due_by)
                   OR ((d.taken_on IS NULL OR d.taken_on > {on}) AND d.due_by < {on}) THEN d.id END) AS late,
        MIN(CASE WHEN d.kind <> '' AND d.kind <> d.recommended_kind THEN d.id END) AS departed
      FROM decisions d GROUP BY d.person_id)
    SELECT p.id AS ind_person,
      (judged.latest IS NOT NULL OR unenforced.id IS NOT NULL) AS ind_applicable,
      CASE WHEN unenforced.id IS NOT NULL OR judged.late IS NOT NULL THEN FALSE
           WHEN judged.departed IS NOT NULL THEN NULL
           ELSE TRUE END AS ind_met,
      CASE WHEN unenforced.id IS NOT NULL THEN {q.lit(Contact._meta.label_lower)}
           ELSE {q.lit(EnforcementAction._meta.label_lower)} END AS ind_evidence_type,
      COALESCE(unenforced.id, judged.late, judged.departed, judged.latest) AS ind_evidence_id
    FROM {q.person_table} p
    LEFT JOIN unenforced ON unenforced.person_id = p.id
    LEFT JOIN judged ON judged.person_id = p.id
    WHERE 1 = 1{q.only("p.id")}
    """
