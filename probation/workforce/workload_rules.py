"""Workload measurement (WMT) as pure functions of plain values: points per case by case type and
tier, points per report, available points from contracted hours less reductions, and capacity."""

from dataclasses import dataclass
from decimal import Decimal

CASE_TYPES = ("community", "custody", "licence")


def case_points(points: dict, case_type: str, tier: str) -> int:
    """Points for one case; an untiered case or an unknown tier carries none."""
    return int(points.get(case_type, {}).get(tier, 0))


def report_points(points: dict, kind: str) -> int:
    return int(points.get(kind, 0))


def reduction_hours(
    *, contracted_hours: Decimal | float, percent: int | None, hours: Decimal | float | None
) -> float:
    """Hours a reduction takes out of the week: a number of hours, or a percentage of contracted hours."""
    if hours is not None:
        return float(hours)
    if percent is not None:
        return float(contracted_hours) * percent / 100
    return 0.0


def available_points(
    *, full_time_points: int, full_time_hours: float, contracted_hours: float, reduction_hours: float
) -> float:
    """full_time_points × (contracted − reduction hours) / full_time_hours, never below nothing."""
    hours = max(float(contracted_hours) - float(reduction_hours), 0.0)
    return full_time_points * hours / float(full_time_hours)


def capacity_percent(points: float, available: float) -> float | None:
    """Points as a percentage of available points; None when the officer has no available points."""
    if available <= 0:
        return None
    return 100 * points / available


def is_excessive(capacity: float | None, excessive_percent: float, points: float = 0) -> bool:
    """Over the threshold is excessive; any points with nothing available is excessive too."""
    if capacity is None:
        return points > 0
    return capacity > excessive_percent


@dataclass(frozen=True)
class Workload:
    case_points: int
    report_points: int
    contracted_hours: float
    reduction_hours: float
    available: float
    capacity: float | None
    excessive: bool

    @property
    def total_points(self) -> int:
        return self.case_points + self.report_points


def workload(
    *,
    case_points_total: int,
    report_points_total: int,
    contracted_hours: float,
    reduction_hours_total: float,
    full_time_points: int,
    full_time_hours: float,
    excessive_percent: float,
) -> Workload:
    available = available_points(
        full_time_points=full_time_points,
        full_time_hours=full_time_hours,
        contracted_hours=contracted_hours,
        reduction_hours=reduction_hours_total,
    )
    total = case_points_total + report_points_total
    capacity = capacity_percent(total, available)
    return Workload(
        case_points_total,
        report_points_total,
        float(contracted_hours),
        float(reduction_hours_total),
        available,
        capacity,
        is_excessive(capacity, excessive_percent, total),
    )
