from django import template

from probation.risk.constants import RoshLevel

register = template.Library()


@register.filter
def rosh_label(value: str | None) -> str:
    """The risk of serious harm level's name, or "Not assessed"."""
    if not value:
        return "Not assessed"
    try:
        return RoshLevel(value).label
    except ValueError:
        return value
