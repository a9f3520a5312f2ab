"""Small checks shared by the rule modules: each names the offending key in its ValueError."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

BANDS = ("low", "medium", "high", "very_high")


def band_for(value: float, medium_from: float, high_from: float, very_high_from: float) -> str:
    """low / medium / high / very_high by the lowest value of each band above low."""
    if value >= very_high_from:
        return "very_high"
    if value >= high_from:
        return "high"
    if value >= medium_from:
        return "medium"
    return "low"


def require_key(d: Mapping[str, Any], key: str) -> Any:
    try:
        return d[key]
    except KeyError:
        raise ValueError(f"Missing key '{key}'.") from None


def require_int(value: Any, key: str, low: int | None = None, high: int | None = None) -> int:
    # bool is an int subclass in Python but never a count.
    if type(value) is not int:
        raise ValueError(f"'{key}' must be a whole number, not {value!r}.")
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            raise ValueError(f"'{key}' must be at least {low}, not {value}.")
        if low is None:
            raise ValueError(f"'{key}' must be at most {high}, not {value}.")
        raise ValueError(f"'{key}' must be between {low} and {high}, not {value}.")
    return value


def require_bool(value: Any, key: str) -> bool:
    if type(value) is not bool:
        raise ValueError(f"'{key}' must be true or false, not {value!r}.")
    return value


def require_number(value: Any, key: str, low: float, high: float) -> float:
    if type(value) not in (int, float) or math.isnan(value):
        raise ValueError(f"'{key}' must be a number, not {value!r}.")
    if not low <= value <= high:
        raise ValueError(f"'{key}' must be between {low:g} and {high:g}, not {value!r}.")
    return value


def parse_date(value: Any, key: str) -> date:
    # A datetime is a date subclass but cannot be compared with a date, so it is refused.
    if type(value) is date:
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"'{key}' must be a date written YYYY-MM-DD, not {value!r}.")


def optional_date(value: Any, key: str) -> date | None:
    return None if value is None else parse_date(value, key)


def require_choice(value: Any, key: str, choices: tuple[str, ...] | frozenset[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"'{key}' must be one of {', '.join(sorted(choices))}, not {value!r}.")
    return value


def require_slug_list(value: Any, key: str, allowed: tuple[str, ...] | frozenset[str]) -> tuple[str, ...]:
    """A list of known slugs, duplicates dropped, order kept."""
    if not isinstance(value, list | tuple):
        raise ValueError(f"'{key}' must be a list, not {value!r}.")
    seen: dict[str, None] = {}
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            raise ValueError(f"'{key}' contains {item!r}, which is not one of {', '.join(sorted(allowed))}.")
        seen[item] = None
    return tuple(seen)
