"""GOV.UK form pieces: a three-box date input and the optimistic-lock check every edit form uses."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

STALE_RECORD_MESSAGE = (
    "This record has changed since you opened it. "
    "Reload the page to see the changes, then make your edit again."
)


class DateInput(forms.MultiWidget):
    template_name = "core/widgets/date_input.html"

    def __init__(self, attrs=None):
        super().__init__(
            [
                forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    widget = DateInput

    def __init__(self, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"Date must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError("Date must be a real date, for example 27 3 2007")
        try:
            return date(int(year), int(month), int(day))
        except ValueError as exc:
            raise ValidationError("Date must be a real date, for example 27 3 2007") from exc


class VersionedForm(forms.Form):
    """Carries the version the user saw; the service refuses the save if the record moved on."""

    version = forms.IntegerField(widget=forms.HiddenInput)
