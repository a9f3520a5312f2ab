from .engine import refresh_all, refresh_indicator
from .registry import INDICATORS, Indicator, indicator

__all__ = ["INDICATORS", "Indicator", "indicator", "refresh_all", "refresh_indicator"]
