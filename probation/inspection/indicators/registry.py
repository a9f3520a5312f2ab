"""The registry of case indicators.

An indicator is a function of the date it is computed for that returns a `Person` queryset annotated
with four columns, so the database computes every case in one statement:

- `ind_applicable` (bool): the indicator applies to the case;
- `ind_met` (bool or NULL): the case meets it; NULL when the recorded facts cannot decide (the
  inspection form then asks a human);
- `ind_evidence_type` (str): the model label of the record that decided it, e.g. "risk.riskassessment";
- `ind_evidence_id` (int or NULL): that record's primary key.

Definitions are documented in docs/indicators.md; keep the two in step.
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
    annotate: Callable[[QuerySet, date], QuerySet]
    # The part of the work it measures, for grouping on the dashboard and in the documentation.
    theme: str = ""


def indicator(slug: str, name: str, definition: str, theme: str = ""):
    def register(function: Callable[[QuerySet, date], QuerySet]):
        if slug in INDICATORS:
            raise ValueError(f"Indicator {slug!r} is registered twice")
        INDICATORS[slug] = Indicator(slug, name, definition, function, theme)
        return function

    return register


def ordered() -> list[Indicator]:
    """Every registered indicator, by theme in the order of the work, then as registered."""
    from . import definitions  # noqa: F401 - registers the indicators

    rank = {theme: i for i, theme in enumerate(THEMES)}
    return sorted(INDICATORS.values(), key=lambda ind: rank.get(ind.theme, len(THEMES)))
