"""The kinds of field a record type can carry. Each field knows how to check and convert a value
read from a file (`clean`), how to describe itself in the JSON Schema (`schema`) and how to write a
value back out (`to_json`). A field is bound to its model field when its record type is registered,
so lengths, defaults and choices come from the model and cannot drift from it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UNSET: Any = object()


class Field:
    """One property of a record. `attr` is the model attribute it fills (the name by default)."""

    kind = "string"
    json_type = "string"

    def __init__(
        self,
        name: str,
        *,
        required: bool = False,
        attr: str | None = None,
        doc: str = "",
        default: Any = _UNSET,
        clean: Callable[[Any], Any] | None = None,
        pattern: str | None = None,
        example: Any = None,
    ):
        self.name = name
        self.required = required
        self.attr = attr or name
        self.doc = doc
        self._default = default
        self._clean = clean
        self.pattern = pattern
        self.example = example
        self.model_field = None
        self._model_default = None
        self.max_length: int | None = None

    # Binding to the model -------------------------------------------------------------------

    def bind(self, model) -> None:
        self.model_field = model._meta.get_field(self.attr)
        self._model_default = self.model_field.get_default()
        self.max_length = self._max_length()

    def _max_length(self) -> int | None:
        return getattr(self.model_field, "max_length", None)

    @property
    def column(self) -> str:
        """The model attribute written and read (`person_id` for a reference)."""
        return self.attr

    @property
    def default(self) -> Any:
        """The value an absent optional field takes: the model field's own default."""
        value = self._default if self._default is not _UNSET else self._model_default
        return list(value) if isinstance(value, list) else value

    # Reading --------------------------------------------------------------------------------

    def clean(self, value: Any) -> Any:
        """The value to store, or ValueError with a reason a person can act on."""
        value = self.convert(value)
        if self._clean is not None:
            value = self._clean(value)
        return value

    def convert(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError(f"must be text, not {describe(value)}")
        if self.required and not value.strip():
            raise ValueError("must not be blank")
        if self.max_length and len(value) > self.max_length:
            raise ValueError(f"must be at most {self.max_length} characters (it has {len(value)})")
        return value

    # Writing --------------------------------------------------------------------------------

    def to_json(self, value: Any) -> Any:
        return value

    def from_db(self, value: Any) -> Any:
        return value

    # Describing -----------------------------------------------------------------------------

    def schema(self) -> dict:
        spec: dict = {"type": self.json_type}
        if self.max_length:
            spec["maxLength"] = self.max_length
        if self.required and self.json_type == "string":
            spec["minLength"] = 1
        if self.pattern:
            spec["pattern"] = self.pattern
        return spec

    def describe_kind(self) -> str:
        text = "text"
        if self.max_length:
            text += f", at most {self.max_length} characters"
        return text


class String(Field):
    pass


class Date(Field):
    kind = "date"

    def convert(self, value: Any) -> date:
        # A quick shape check first (fromisoformat alone would also take 20260105 or 2026-W01-1).
        if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError(f"must be a date written YYYY-MM-DD, not {describe(value)}")
        if not _DATE.fullmatch(value):
            raise ValueError(f"must be a date written YYYY-MM-DD, not {describe(value)}")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real date") from None

    def to_json(self, value: Any) -> Any:
        return value.isoformat() if value is not None else None

    def schema(self) -> dict:
        return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}

    def describe_kind(self) -> str:
        return "date, YYYY-MM-DD"


class Integer(Field):
    kind = "integer"
    json_type = "integer"

    def __init__(self, name: str, *, minimum: int | None = None, maximum: int | None = None, **kwargs):
        super().__init__(name, **kwargs)
        self._minimum = minimum
        self.maximum = maximum

    def bind(self, model) -> None:
        super().bind(model)
        if self._minimum is None and self.model_field.get_internal_type().startswith("Positive"):
            self.minimum = 0

    @property
    def minimum(self) -> int | None:
        return self._minimum

    @minimum.setter
    def minimum(self, value: int | None) -> None:
        self._minimum = value

    def convert(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number, not {describe(value)}")
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"must be at least {self.minimum}, not {value}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"must be at most {self.maximum}, not {value}")
        return value

    def schema(self) -> dict:
        spec: dict = {"type": "integer"}
        if self.minimum is not None:
            spec["minimum"] = self.minimum
        if self.maximum is not None:
            spec["maximum"] = self.maximum
        return spec

    def describe_kind(self) -> str:
        return "whole number" + (f", at least {self.minimum}" if self.minimum is not None else "")


class Hours(Field):
    """A number of hours with at most one decimal place, e.g. 37 or 22.5."""

    kind = "number"
    json_type = "number"

    def __init__(self, name: str, *, maximum: int = 60, **kwargs):
        super().__init__(name, **kwargs)
        self.maximum = maximum

    def convert(self, value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be a number of hours, not {describe(value)}")
        try:
            hours = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"must be a number of hours, not {describe(value)}") from None
        if not hours.is_finite() or hours != hours.quantize(Decimal("0.1")):
            raise ValueError(f"must have at most one decimal place, not {value}")
        if hours < 0 or hours > self.maximum:
            raise ValueError(f"must be between 0 and {self.maximum} hours, not {value}")
        return hours.quantize(Decimal("0.1"))

    def to_json(self, value: Any) -> Any:
        if value is None:
            return None
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)

    def schema(self) -> dict:
        return {"type": "number", "minimum": 0, "maximum": self.maximum}

    def describe_kind(self) -> str:
        return f"number of hours, 0 to {self.maximum}, at most one decimal place"


class Boolean(Field):
    kind = "boolean"
    json_type = "boolean"

    def convert(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, not {describe(value)}")
        return value

    def describe_kind(self) -> str:
        return "true or false"


class Choice(Field):
    """One of a fixed set of codes; by default the model field's choices."""

    kind = "enum"

    def __init__(self, name: str, *, choices: Iterable[str] | None = None, **kwargs):
        super().__init__(name, **kwargs)
        self._choices = tuple(str(c) for c in choices) if choices is not None else None
        self._allowed: frozenset = frozenset(self._choices or ())

    def bind(self, model) -> None:
        super().bind(model)
        self._allowed = frozenset(self.choices)

    @property
    def choices(self) -> tuple[str, ...]:
        if self._choices is not None:
            return self._choices
        return tuple(str(value) for value, _label in (self.model_field.choices or []))

    def convert(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self._allowed:
            allowed = ", ".join(repr(c) for c in self.choices)
            raise ValueError(f"{describe(value)} is not one of {allowed}")
        return value

    def schema(self) -> dict:
        return {"type": "string", "enum": list(self.choices)}

    def describe_kind(self) -> str:
        return "one of " + ", ".join(f"`{c}`" if c else '`""`' for c in self.choices)


class ChoiceList(Field):
    """A list of codes without repeats, e.g. a member of staff's roles."""

    kind = "enum list"
    json_type = "array"

    def __init__(self, name: str, *, choices: Iterable[str], **kwargs):
        super().__init__(name, **kwargs)
        self.choices = tuple(str(c) for c in choices)

    def convert(self, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise ValueError(f"must be a list, not {describe(value)}")
        for item in value:
            if not isinstance(item, str) or item not in self.choices:
                allowed = ", ".join(repr(c) for c in self.choices)
                raise ValueError(f"{describe(item)} is not one of {allowed}")
        if len(set(value)) != len(value):
            raise ValueError("must not repeat a value")
        return list(value)

    def schema(self) -> dict:
        return {"type": "array", "items": {"type": "string", "enum": list(self.choices)}, "uniqueItems": True}

    def describe_kind(self) -> str:
        return "list of " + ", ".join(f"`{c}`" for c in self.choices)


class Ref(Field):
    """The external id of another record, in the same file or already in the database.

    A `deferred` reference is filled in after every record has been written: use it to break a
    cycle (a team names its manager; the manager belongs to the team)."""

    kind = "reference"

    def __init__(self, name: str, target: str, *, deferred: bool = False, **kwargs):
        super().__init__(name, **kwargs)
        self.target = target
        self.deferred = deferred

    @property
    def column(self) -> str:
        return f"{self.attr}_id"

    @property
    def default(self) -> Any:
        return None

    def _max_length(self) -> int | None:
        return 64

    def schema(self) -> dict:
        return {"$ref": "#/$defs/id", "description": f"The id of a `{self.target}` record"}

    def describe_kind(self) -> str:
        return f"id of a `{self.target}` record"


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
