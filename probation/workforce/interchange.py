"""Workload in the interchange format.

`workload_reduction`: time an officer is not available for cases, as a percentage of contracted
hours or a number of hours, over a period. (Contracted hours are a field of the `staff` record, in
`probation.interchange.types.workforce`.)"""

from __future__ import annotations

from probation.interchange.fields import Date, Hours, Integer, Ref, String
from probation.interchange.registry import Lookup, Problems, RecordType, register
from probation.interchange.types import workforce as _organisation_types  # noqa: F401  declares `staff`


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
