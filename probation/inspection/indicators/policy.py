"""Reference values the indicators use. Most come from `probation.core.reference`; the few it does not
yet hold have their defaults here, and a `ReferenceValue` row with the same key overrides either.

| key | default | used by |
|---|---|---|
| assessment.days | 15 working days after the start of the sentence or licence | assessment_timely |
| assessment.days_highest_tier | 5 working days (tier A) | assessment_timely |
| assessment.carry_over_days | 365: an assessment this recent before the start may stand | assessment_timely |
| risk.partner_check_days | 10 working days for a partner agency to answer a check | risk_minimised |
| step_down.escalation_lookback_days | 91 days: "risk recently escalated" | step_down_compatible |
| step_down.lookback_days | 365 days: step-downs judged | step_down_compatible |
| partner.expected_within_days | 56 days from the start for partner work to show | partner_involvement |
| enforcement.lookback_days | 365 days of failures to comply judged | enforcement_appropriate |
"""

from typing import Any

from probation.core import reference

DEFAULTS: dict[str, Any] = {
    "assessment.days": 15,
    "assessment.days_highest_tier": 5,
    "assessment.carry_over_days": 365,
    "risk.partner_check_days": 10,
    "step_down.escalation_lookback_days": 91,
    "step_down.lookback_days": 365,
    "partner.expected_within_days": 56,
    "enforcement.lookback_days": 365,
}


def value(key: str) -> Any:
    try:
        return reference.value(key)
    except KeyError:
        if key in DEFAULTS:
            return DEFAULTS[key]
        raise


def number(key: str) -> int:
    return int(value(key))
