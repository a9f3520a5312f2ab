"""Configurable reference data with the defaults from the domain reference (DOMAIN.md).

Each default names its source confidence; a row in ReferenceValue overrides it for a deployment."""

from typing import Any

DEFAULTS: dict[str, Any] = {
    # Allocation and first contact (National Standards 2007, practice).
    "allocation.days": 3,
    "allocation.days_highest_tier": 1,
    "first_contact.days": 5,
    "first_contact.days_highest_tier": 2,
    "plan.days": 15,
    "plan.days_highest_tier": 5,
    # Allocation rule: serious offences that always go to the public provider.
    "allocation.nps_offence_categories": ["sexual_child", "sexual_not_child", "robbery"],
    "allocation.rsr_nps_threshold": 6.9,
    # Risk.
    "risk.significant_event_review_days": 10,
    "risk.escalation_levels": ["high", "very_high"],
    # Continuity: warn when a reallocation would be this change of officer in 12 months.
    "continuity.warn_at_change": 3,
}


def value(key: str) -> Any:
    from .models import ReferenceValue

    row = ReferenceValue.objects.filter(key=key).values_list("value", flat=True).first()
    if row is not None:
        return row
    if key not in DEFAULTS:
        raise KeyError(f"No reference value or default for {key!r}")
    return DEFAULTS[key]
