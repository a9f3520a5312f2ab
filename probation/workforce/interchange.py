"""Workload in the interchange format.

Each member of staff's contracted hours are a field of the `staff` record (declared with the other
organisation types in `probation.interchange.types.workforce`; this module adds the field, so the
workforce app owns what workload needs). `workload_reduction`: time an officer is not available for
cases, as a percentage of contracted hours or a number of hours, over a period."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from probation.interchange import registry
from probation.interchange.fields import Date, Field, Integer, Ref, String, describe
from probation.interchange.registry import Lookup, Problems, RecordType, register
from probation.interchange.types import workforce as _organisation_types  # noqa: F401  declares `staff`


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


def _with_contracted_hours(staff: RecordType) -> RecordType:
    if "contracted_hours" in staff.by_name:
        return staff
    hours = Hours(
        "contracted_hours",
        doc="Hours a week in the member of staff's contract; workload capacity is measured against "
        "them. Default 37 (full time).",
    )
    return replace(staff, fields=[*staff.fields, hours])


register(_with_contracted_hours(registry._registered["staff"]))


def _reduction_problems(record: dict, _lookup: Lookup) -> Problems:
    problems: Problems = []
    if (record.get("percent") is None) == (record.get("hours") is None):
        problems.append(("percent", "Give either a percentage of contracted hours or a number of hours"))
    end, start = record.get("end_date"), record.get("start_date")
    if end is not None and start is not None and end < start:
        problems.append(("end_date", "The end date must be on or after the start date"))
    return problems


register(
    RecordType(
        name="workload_reduction",
        model="workforce.WorkloadReduction",
        doc="Time an officer is not available for cases (training, newly qualified, long-term leave, "
        "union duties…), taken off their contracted hours while it lasts: a percentage of contracted "
        "hours or a number of hours, never both.",
        order=15,
        fields=[
            Ref("staff", "staff", required=True, doc="The member of staff."),
            String("reason", required=True, doc="Why, e.g. `Trainee officer, first year`."),
            Integer("percent", maximum=100, doc="The share of contracted hours taken off, 0 to 100."),
            Hours("hours", doc="Or the hours a week taken off."),
            Date("start_date", required=True, doc="The first day it applies."),
            Date("end_date", doc="The last day it applies; absent while it goes on."),
        ],
        validate=_reduction_problems,
    )
)
