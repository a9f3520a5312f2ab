"""Bulk scoring: one JSON object per input line in, one JSON object per line out, in order.

A line that cannot be scored (blank, not JSON, not an object, a missing or malformed key, or a
case the rule refuses) gives ``{"error": "<reason>"}`` on its output line and the stream goes
on, so the output always lines up with the input.

Kinds and their output:
- ``ogrs3`` → ``{"one_year": 9, "two_year": 17, "band": "low"}``
- ``ogp`` / ``ovp`` → ``{"score": 28, "one_year": 12, "two_year": 21, "band": "low"}``
- ``rsr`` (input ``{"rsr": 4.2}``) → ``{"band": "medium"}``
- ``tier`` → ``{"tier": "B2", "protect": "B", "change": 2, "protect_points": 20, "change_points": 0}``
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from json.scanner import c_make_scanner, py_make_scanner  # type: ignore[attr-defined]
from typing import Any

from probation.risk.rules.ogp import calculate_ogp, ogp_inputs_from_mapping, ogp_result_to_dict
from probation.risk.rules.ogrs3 import ogrs3_band, ogrs3_score_mapping
from probation.risk.rules.ovp import calculate_ovp, ovp_inputs_from_mapping, ovp_result_to_dict
from probation.risk.rules.rsr import rsr_band
from probation.risk.rules.tier import calculate_tier, tier_inputs_from_mapping, tier_result_to_dict

__all__ = ["KINDS", "score_lines"]

_dumps = json.dumps
# The decoder's own scanner, called directly: json.loads wraps it in layers that cost more than
# scoring a line does. Same parser, same results.
_scan = (c_make_scanner or py_make_scanner)(json.JSONDecoder())
_JSON_WHITESPACE = " \t\n\r"


_OGRS3_BAND_BY_PERCENT = tuple(ogrs3_band(percent) for percent in range(101))


def _ogrs3(obj: dict[str, Any]) -> str:
    one_year, two_year = ogrs3_score_mapping(obj)
    # Every value is an int or a fixed band name, so the line is formatted directly: it is the
    # hot path of bulk scoring and this matches json.dumps byte for byte.
    return f'{{"one_year": {one_year}, "two_year": {two_year}, "band": "{_OGRS3_BAND_BY_PERCENT[two_year]}"}}'


def _ogp(obj: dict[str, Any]) -> str:
    return _dumps(ogp_result_to_dict(calculate_ogp(ogp_inputs_from_mapping(obj))))


def _ovp(obj: dict[str, Any]) -> str:
    return _dumps(ovp_result_to_dict(calculate_ovp(ovp_inputs_from_mapping(obj))))


def _rsr(obj: dict[str, Any]) -> str:
    if "rsr" not in obj:
        raise ValueError("Missing key 'rsr'.")
    return _dumps({"band": rsr_band(obj["rsr"])})


def _tier(obj: dict[str, Any]) -> str:
    return _dumps(tier_result_to_dict(calculate_tier(tier_inputs_from_mapping(obj))))


_SCORERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "ogrs3": _ogrs3,
    "ogp": _ogp,
    "ovp": _ovp,
    "rsr": _rsr,
    "tier": _tier,
}
KINDS = tuple(_SCORERS)


def _error(reason: str) -> str:
    return _dumps({"error": reason})


def _parse(line: str) -> dict[str, Any] | str:
    """The object on the line, or the reason there is none (columns count from 1 on the line)."""
    text = line.strip(_JSON_WHITESPACE)
    if not text:
        return "blank line: expected a JSON object"
    try:
        obj, end = _scan(text, 0)
    except StopIteration as exc:
        return f"invalid JSON: expecting a value at column {_column(line, exc.value)}"
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg} at column {_column(line, exc.pos)}"
    except (ValueError, RecursionError) as exc:
        return f"invalid JSON: {exc}"
    if end != len(text):
        extra = len(text) - len(text[end:].lstrip(_JSON_WHITESPACE))
        return f"invalid JSON: unexpected text after the value at column {_column(line, extra)}"
    if type(obj) is not dict:
        return f"expected a JSON object, not {_JSON_NAMES.get(type(obj), type(obj).__name__)}"
    return obj


def _column(line: str, position_in_stripped: int) -> int:
    return len(line) - len(line.lstrip(_JSON_WHITESPACE)) + position_in_stripped + 1


_JSON_NAMES = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false"}
_JSON_NAMES[type(None)] = "null"


def score_lines(kind: str, lines: Iterable[str]) -> Iterator[str]:
    """Score each line as ``kind`` (one of KINDS), yielding one JSON line (no newline) per input line.

    An unknown kind is refused at once; the lines are read lazily, one at a time.
    """
    try:
        scorer = _SCORERS[kind]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown kind {kind!r}; expected one of {', '.join(KINDS)}.") from None
    return _stream(scorer, lines)


def _stream(scorer: Callable[[dict[str, Any]], str], lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        parsed = _parse(line)
        if type(parsed) is str:
            yield _error(parsed)
            continue
        try:
            yield scorer(parsed)
        except ValueError as exc:
            yield _error(str(exc))
        except TypeError as exc:
            # A value of an unexpected shape that slipped past the checks: still one line per line.
            yield _error(f"malformed input: {exc}")
