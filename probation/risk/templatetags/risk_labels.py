"""Labels and tag colours for risk values held as plain strings (JSON fields, values() rows)."""

from django import template

from probation.risk.constants import NeedSeverity, RoshLevel

register = template.Library()

_ROSH = dict(RoshLevel.choices)
_ROSH_TAG = {"low": "green", "medium": "yellow", "high": "orange", "very_high": "red"}
_SEVERITY = dict(NeedSeverity.choices)
_SEVERITY_TAG = {"none": "grey", "standard": "yellow", "severe": "red"}
_TIER_INPUT_LABELS = {
    "sex": "Sex",
    "as_of": "Calculated for",
    "rosh": "RoSH",
    "rsr": "RSR %",
    "mappa_level": "MAPPA level",
    "complexity_flags": "Complexity factors",
    "women_factors": "Factors for women",
    "custodial": "Custodial sentence",
    "requirements": "Current requirements",
    "needs": "Needs",
    "needs_assessed_on": "Needs assessed on",
    "ogrs": "OGRS3 2-year %",
    "iom": "Integrated offender management",
}


@register.filter
def rosh_label(value: str | None) -> str:
    return _ROSH.get(value or "", "Not assessed")


@register.filter
def rosh_tag(value: str | None) -> str:
    return _ROSH_TAG.get(value or "", "grey")


@register.filter
def severity_label(value: str | None) -> str:
    return _SEVERITY.get(value or "", "Not rated")


@register.filter
def severity_tag(value: str | None) -> str:
    return _SEVERITY_TAG.get(value or "", "grey")


@register.filter
def tier_inputs(inputs: dict) -> list[tuple[str, str]]:
    """A stored calculation's inputs as (label, readable value) rows."""
    rows = []
    for key, label in _TIER_INPUT_LABELS.items():
        value = inputs.get(key)
        if key == "rosh":
            shown = rosh_label(value)
        elif key == "needs":
            shown = "; ".join(
                f"{need.replace('_', ' ')}: {severity}" for need, severity in (value or {}).items()
            )
        elif isinstance(value, bool):
            shown = "Yes" if value else "No"
        elif isinstance(value, list):
            shown = ", ".join(item.replace("_", " ") for item in value)
        else:
            shown = "" if value is None else str(value)
        rows.append((label, shown or "None"))
    return rows
