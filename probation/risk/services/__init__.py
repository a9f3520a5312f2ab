"""Writes to the risk record. Each is keyword-only, runs in one transaction, takes the acting user,
checks they may change the case and writes the audit row. Tier-affecting changes recalculate the tier.

Others should call `tier_recalculate(person=…, reason=TierReason.SENTENCE, by_user=…)` after changing
a sentence or requirement, and `tier_recalculate_all(...)` after a bulk import.
"""

from .assessments import (
    assessment_countersign,
    assessment_discard,
    assessment_return,
    assessment_start,
    assessment_submit,
    assessment_update,
    assessment_update_and_submit,
    identified_risk_add,
    identified_risk_remove,
    may_countersign,
    submission_problems,
)
from .registrations import (
    mappa_add,
    mappa_end,
    registration_add,
    registration_deregister,
    registration_review,
)
from .risk_plans import (
    partner_check_answer,
    partner_check_request,
    risk_action_add,
    risk_action_deliver,
    risk_plan_update,
)
from .significant_events import review_due_after, significant_event_record
from .tiering import TierRunSummary, tier_config, tier_inputs_for, tier_recalculate, tier_recalculate_all

__all__ = [
    "TierRunSummary",
    "assessment_countersign",
    "assessment_discard",
    "assessment_return",
    "assessment_start",
    "assessment_submit",
    "assessment_update",
    "assessment_update_and_submit",
    "identified_risk_add",
    "identified_risk_remove",
    "mappa_add",
    "mappa_end",
    "may_countersign",
    "partner_check_answer",
    "partner_check_request",
    "registration_add",
    "registration_deregister",
    "registration_review",
    "review_due_after",
    "risk_action_add",
    "risk_action_deliver",
    "risk_plan_update",
    "significant_event_record",
    "submission_problems",
    "tier_config",
    "tier_inputs_for",
    "tier_recalculate",
    "tier_recalculate_all",
]
