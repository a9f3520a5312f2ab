"""Sentence plan reference data. `plan.days` and `plan.days_highest_tier` are core reference keys
(National Standards 2007 [practice]); the review interval is this app's own.

| key | default | source |
|---|---|---|
| plan.days | 15 working days from sentence or release | [practice] |
| plan.days_highest_tier | 5 working days for protect level A | [practice] |
| plan.review_weeks | 16 weeks between scheduled reviews | [recalled] |
"""

from probation.core import reference

from .rules import PlanPolicy

DEFAULTS = {"plan.days": 15, "plan.days_highest_tier": 5, "plan.review_weeks": 16}


def value(key: str):
    try:
        return reference.value(key)
    except KeyError:
        return DEFAULTS[key]


def current_policy() -> PlanPolicy:
    return PlanPolicy(
        days=int(value("plan.days")),
        days_highest_tier=int(value("plan.days_highest_tier")),
        review_weeks=int(value("plan.review_weeks")),
    )
