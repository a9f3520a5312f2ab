"""Partnership: is rehabilitative work done with partner agencies, not by the officer alone?"""

from datetime import timedelta

from probation.interventions.constants import Direction, ReferralStatus
from probation.interventions.models import Intervention, PartnerExchange, Referral
from probation.risk.constants import NeedSeverity
from probation.risk.models import NeedRating, PartnerCheck

from .. import policy
from ..registry import sql_indicator
from ..sql import Sql


@sql_indicator(
    "partner_involvement",
    "Partner agencies involved",
    "Applies to a case under a current sentence that began at least `partner.expected_within_days` days "
    "ago (or already shows partner work), unless its latest assessment found no criminogenic need; met "
    "when since the start there is a referral to an intervention delivered by a partner agency or another "
    "provider that was not declined, information shared with a partner agency or answered by one, or an "
    "answered partner check. Only declined referrals or unanswered requests need a human.",
    theme="Partnership",
)
def partner_involvement(q: Sql) -> str:
    on = q.today
    expected = q.lit(q.on - timedelta(days=policy.number("partner.expected_within_days")))
    return f"""
    WITH cur AS ({q.current_sentence()}),
    la AS ({q.latest_assessment()}),
    referrals AS (
      SELECT r.person_id,
        MIN(CASE WHEN NOT (r.status = {q.lit(ReferralStatus.DECLINED)} AND r.decided_on <= {on})
            THEN r.id END) AS good,
        MIN(r.id) AS tried
      FROM {q.t(Referral)} r JOIN cur ON cur.person_id = r.person_id
      JOIN {q.t(Intervention)} i ON i.id = r.intervention_id
      JOIN {q.person_table} rp ON rp.id = r.person_id
      WHERE r.referred_on >= cur.start AND r.referred_on <= {on}
        AND (i.partner_id IS NOT NULL
             OR (i.provider_id IS NOT NULL AND (rp.provider_id IS NULL OR i.provider_id <> rp.provider_id)))
      GROUP BY r.person_id),
    exchanges AS (
      SELECT x.person_id,
        MIN(CASE WHEN x.direction = {q.lit(Direction.SHARED)} OR x.response_received_on <= {on}
            THEN x.id END) AS good,
        MIN(x.id) AS tried
      FROM {q.t(PartnerExchange)} x JOIN cur ON cur.person_id = x.person_id
      WHERE x.occurred_on >= cur.start AND x.occurred_on <= {on}
      GROUP BY x.person_id),
    checks AS (
      SELECT pc.person_id, MIN(CASE WHEN pc.answered_on <= {on} THEN pc.id END) AS good, MIN(pc.id) AS tried
      FROM {q.t(PartnerCheck)} pc JOIN cur ON cur.person_id = pc.person_id
      WHERE pc.requested_on >= cur.start AND pc.requested_on <= {on}
      GROUP BY pc.person_id),
    needs AS (
      SELECT la.person_id, COUNT(*) AS rated,
        SUM(CASE WHEN nr.severity IN {q.lits([NeedSeverity.STANDARD, NeedSeverity.SEVERE])}
            THEN 1 ELSE 0 END) AS needs
      FROM {q.t(NeedRating)} nr JOIN la ON la.id = nr.assessment_id GROUP BY la.person_id)
    SELECT f.person AS ind_person,
      (f.start IS NOT NULL AND NOT f.no_need AND (f.start <= {expected}
          OR f.tried IS NOT NULL)) AS ind_applicable,
      CASE WHEN f.good IS NOT NULL THEN TRUE WHEN f.tried IS NOT NULL THEN NULL ELSE FALSE END AS ind_met,
      f.etype AS ind_evidence_type,
      COALESCE(f.good, f.tried) AS ind_evidence_id
    FROM (SELECT p.id AS person, cur.start,
            (COALESCE(needs.rated, 0) > 0 AND needs.needs = 0) AS no_need,
            COALESCE(referrals.good, exchanges.good, checks.good) AS good,
            COALESCE(referrals.tried, exchanges.tried, checks.tried) AS tried,
            CASE WHEN referrals.good IS NOT NULL THEN {q.lit(Referral._meta.label_lower)}
                 WHEN exchanges.good IS NOT NULL THEN {q.lit(PartnerExchange._meta.label_lower)}
                 WHEN checks.good IS NOT NULL THEN {q.lit(PartnerCheck._meta.label_lower)}
                 WHEN referrals.tried IS NOT NULL THEN {q.lit(Referral._meta.label_lower)}
                 WHEN exchanges.tried IS NOT NULL THEN {q.lit(PartnerExchange._meta.label_lower)}
                 WHEN checks.tried IS NOT NULL THEN {q.lit(PartnerCheck._meta.label_lower)}
                 ELSE '' END AS etype
          FROM {q.person_table} p
          LEFT JOIN cur ON cur.person_id = p.id
          LEFT JOIN needs ON needs.person_id = p.id
          LEFT JOIN referrals ON referrals.person_id = p.id
          LEFT JOIN exchanges ON exchanges.person_id = p.id
          LEFT JOIN checks ON checks.person_id = p.id
          WHERE 1 = 1{q.only("p.id")}) f
    """
