"""Render Django form fields with GOV.UK Frontend markup."""

from django import forms, template

from probation.core.forms import DateInput

register = template.Library()


@register.inclusion_tag("core/field.html")
def govuk_field(field, width: str = "", hint: str = ""):
    widget = field.field.widget
    if isinstance(widget, DateInput):
        kind = "date"
    elif isinstance(widget, forms.CheckboxInput):
        kind = "checkbox"
    elif isinstance(widget, forms.RadioSelect):
        kind = "radios"
    elif isinstance(widget, forms.Select):
        kind = "select"
    elif isinstance(widget, forms.Textarea):
        kind = "textarea"
    else:
        kind = "input"
    return {
        "field": field,
        "kind": kind,
        "width": width,
        "hint": hint or field.help_text,
        "input_type": getattr(widget, "input_type", "text"),
    }


@register.inclusion_tag("core/error_summary.html")
def govuk_error_summary(*forms_):
    errors = []
    for form in forms_:
        if form is None:
            continue
        for name, messages in form.errors.items():
            anchor = f"id_{form.add_prefix(name)}" if name != "__all__" else ""
            # A date input or radio group is reached through its first box.
            if name != "__all__" and isinstance(form.fields[name].widget, (DateInput, forms.RadioSelect)):
                anchor += "_0"
            errors.extend((anchor, message) for message in messages)
    return {"errors": errors}
