"""Interventions policy that can change without a release, with its defaults. A ReferenceValue row
with the same key overrides a default (see probation.core.reference)."""

from typing import Any

from probation.core import reference

DEFAULTS: dict[str, Any] = {
    # A referral with no decision, plan, approval, session or end-of-service report for this many
    # days is "stalled" and shows on the responsible officer's home page. [practice; configurable]
    "interventions.stalled_days": 14,
}


def value(key: str) -> Any:
    try:
        return reference.value(key)
    except KeyError:
        return DEFAULTS[key]
