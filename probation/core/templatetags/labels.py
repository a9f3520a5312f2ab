from django import template

from probation.sentences.constants import DisposalType

register = template.Library()


@register.filter
def disposal_label(value: str | None) -> str:
    """The sentence type's name for a value that came from an annotation, not a model field."""
    if not value:
        return "–"
    try:
        return DisposalType(value).label
    except ValueError:
        return value
