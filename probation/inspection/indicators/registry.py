"""The registry of case indicators.

An indicator gives, for every case, four columns the database computes in one statement:

- `ind_applicable` (bool): the indicator applies to the case;
- `ind_met` (bool or NULL): the case meets it; NULL when the recorded facts cannot decide (the
  inspection form then asks a human);
- `ind_evidence_type` (str): the model label of the record that decided it, e.g. "risk.riskassessment";
- `ind_evidence_id` (int or NULL): that record's primary key.

It is written in one of two ways:

- `@indicator(...)` on a function `(people, on) -> QuerySet` that annotates a `Person` queryset with
  the four columns (each fact a correlated subquery). Clear, and fine for a few thousand cases.
- `@sql_indicator(...)` on a function `(sql: Sql) -> str` that returns one set-based SELECT of
  `ind_person` and the four columns (see `sql.py`). Every indicator the service ships is written this
  way, because correlated subqueries cost an index lookup per fact per case: 500 s for 10,000 cases,
  against a few seconds for whole-table joins and aggregates at 250,000.

The engine writes either kind with one INSERT … SELECT. Definitions are documented in
docs/indicators.md; keep the two in step.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

INDICATORS: dict[str, "Indicator"] = {}

# The order the dashboard and the documentation present the themes in: the order of the work.
THEMES = (
    "Assessment",
    "Planning",
    "Implementation and delivery",
    "Keeping people safe",
    "Partnership",
    "Diversity",
    "Reviewing and oversight",
)


@dataclass(frozen=True)
class Indicator:
    slug: str
    name: str
    # One sentence a practitioner can check a case against.
    definition: str
    annotate: Callable[[QuerySet, date], QuerySet] | None = None
    # The part of the work it measures, for grouping on the dashboard and in the documentation.
    theme: str = ""
    sql: Callable[..., str] | None = None


def _register(slug: str, indicator_: Indicator) -> None:
    if slug in INDICATORS:
        raise ValueError(f"Indicator {slug!r} is registered twice")
    INDICATORS[slug] = indicator_


def indicator(slug: str, name: str, definition: str, theme: str = ""):
    """Register a function that annotates a Person queryset with the four columns."""

    def register(function: Callable[[QuerySet, date], QuerySet]):
        _register(slug, Indicator(slug, name, definition, annotate=function, theme=theme))
        return function

    return register


def sql_indicator(slug: str, name: str, definition: str, theme: str = ""):
    """Register a function that returns one set-based SELECT (see `sql.Sql`)."""

    def register(function: Callable[..., str]):
        _register(slug, Indicator(slug, name, definition, theme=theme, sql=function))
        return function

    return register


def ordered() -> list[Indicator]:
    """Every registered indicator, by theme in the order of the work, then as registered."""
    from . import definitions  # noqa: F401 - registers the indicators

    rank = {theme: i for i, theme in enumerate(THEMES)}
    return sorted(INDICATORS.values(), key=lambda ind: rank.get(ind.theme, len(THEMES)))
