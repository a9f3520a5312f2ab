from .engine import refresh_all, refresh_for_people, refresh_indicator
from .registry import INDICATORS, Indicator, indicator, ordered

__all__ = [
    "INDICATORS",
    "Indicator",
    "indicator",
    "ordered",
    "refresh_all",
    "refresh_for_people",
    "refresh_indicator",
]
