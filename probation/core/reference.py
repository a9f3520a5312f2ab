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
    # Management oversight [recalled]: high/very high RoSH and MAPPA 2/3 cases need recorded
    # oversight at least this often, and after every significant event.
    "oversight.interval_weeks": 8,
    "oversight.after_event_days": 10,
    # Serious Further Offences [recalled]: working days from charge, and the window after supervision.
    "sfo.notification_days": 10,
    "sfo.review_days": 60,
    "sfo.days_after_supervision": 28,
    # Workload (WMT) [code, point values medium confidence]: points per case by case type and tier.
    "workload.points": {
        "community": {
            "A3": 206,
            "A2": 170,
            "A1": 140,
            "A0": 120,
            "B3": 150,
            "B2": 115,
            "B1": 90,
            "B0": 70,
            "C3": 85,
            "C2": 65,
            "C1": 50,
            "C0": 40,
            "D3": 60,
            "D2": 45,
            "D1": 35,
            "D0": 29,
        },
        "licence": {
            "A3": 250,
            "A2": 210,
            "A1": 175,
            "A0": 150,
            "B3": 180,
            "B2": 140,
            "B1": 110,
            "B0": 85,
            "C3": 100,
            "C2": 80,
            "C1": 60,
            "C0": 48,
            "D3": 72,
            "D2": 54,
            "D1": 42,
            "D0": 35,
        },
        "custody": {
            "A3": 90,
            "A2": 75,
            "A1": 60,
            "A0": 50,
            "B3": 60,
            "B2": 45,
            "B1": 35,
            "B0": 28,
            "C3": 30,
            "C2": 24,
            "C1": 18,
            "C0": 14,
            "D3": 20,
            "D2": 15,
            "D1": 12,
            "D0": 10,
        },
    },
    "workload.report_points": {"standard": 138, "fast": 65, "parole": 120},
    "workload.full_time_points": 2176,
    "workload.full_time_hours": 37,
    "workload.excessive_percent": 110,
    # Inspection ratings [recalled]: lowest key-question % sets a standard's rating.
    "inspection.standard_bands": {"outstanding": 80, "good": 65, "requires_improvement": 50},
    "inspection.standard_scores": {"outstanding": 3, "good": 2, "requires_improvement": 1, "inadequate": 0},
    # Overall rating for ten standards: 26–30 outstanding, 16–25 good, 6–15 requires improvement;
    # scaled to the number of standards rated.
    "inspection.overall_bands_for_ten": {"outstanding": 26, "good": 16, "requires_improvement": 6},
}


def value(key: str) -> Any:
    from .models import ReferenceValue

    row = ReferenceValue.objects.filter(key=key).values_list("value", flat=True).first()
    if row is not None:
        return row
    if key not in DEFAULTS:
        raise KeyError(f"No reference value or default for {key!r}")
    return DEFAULTS[key]
