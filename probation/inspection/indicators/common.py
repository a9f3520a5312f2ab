"""Expressions several indicators share: the start of the current sentence, the latest completed
assessment, boolean and three-valued results. Every expression is correlated on the outer person
(`OuterRef("pk")`) and reads only facts dated on or before the day the indicators are computed for,
so recomputing for a past day gives the judgement that day's facts supported."""

from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from probation.risk.constants import AssessmentStatus
from probation.risk.models import RiskAssessment
from probation.sentences.models import Disposal

HIGH_ROSH = ("high", "very_high")
COMPLETED = (AssessmentStatus.COMPLETE, AssessmentStatus.SUPERSEDED)


def label(model) -> str:
    """The evidence type stored with a result: the model's label, e.g. "risk.riskassessment"."""
    return model._meta.label_lower


def current_disposals(on: date, person=None):
    """Sentences in force on `on`: started, not terminated by then, and (for a licence or
    post-sentence supervision) the person released. Latest first."""
    return (
        Disposal.objects.filter(event__person=person if person is not None else OuterRef("pk"))
        .annotate(supervision_start=Coalesce("release_date", "start_date"))
        .filter(supervision_start__lte=on, start_date__lte=on)
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=on))
        .order_by("-supervision_start", "-id")
    )


def sentence_start(on: date):
    """The day supervision in the community began under the current sentence: the sentence date
    of a community or suspended sentence order, the release date of a licence or PSS."""
    return Subquery(current_disposals(on).values("supervision_start")[:1], output_field=DateField())


def current_disposal_id(on: date):
    return Subquery(current_disposals(on).values("pk")[:1])


def completed_assessments(on: date, person=None):
    """Assessments completed (submitted, and countersigned where needed) on or before `on`."""
    return RiskAssessment.objects.filter(
        person=person if person is not None else OuterRef("pk"),
        status__in=COMPLETED,
        completed_on__isnull=False,
        completed_on__lte=on,
    )


def latest_assessment(on: date):
    """The latest assessment completed by `on`: the one in force that day."""
    return completed_assessments(on).order_by("-completed_on", "-sequence")


def days_before(expression, days: int):
    """A date `days` calendar days before a date expression, as a date on every database."""
    return Cast(ExpressionWrapper(expression - timedelta(days=days), output_field=DateField()), DateField())


def on_or_before(field: str, on: date) -> Case:
    """The date in `field` if it is on or before `on`, else NULL: what was known that day."""
    return Case(When(**{f"{field}__lte": on}, then=F(field)), default=None, output_field=DateField())


def boolean(condition) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def verdict(*, needs_human=None, met, not_met=None) -> Case:
    """Met / not met / NULL ("needs a human") in that order of precedence: `not_met` (when given)
    wins over everything, then `needs_human`, then `met`; anything else is not met."""
    whens = []
    if not_met is not None:
        whens.append(When(not_met, then=Value(False)))
    if needs_human is not None:
        whens.append(When(needs_human, then=Value(None)))
    whens.append(When(met, then=Value(True)))
    return Case(*whens, default=Value(False), output_field=BooleanField())


def evidence(*pairs, default=None):
    """The first (condition, expression) whose condition holds; for the evidence id."""
    return Case(*(When(cond, then=expr) for cond, expr in pairs), default=default)


def exists(queryset) -> Exists:
    return Exists(queryset)


__all__ = [
    "COMPLETED",
    "HIGH_ROSH",
    "F",
    "boolean",
    "completed_assessments",
    "current_disposal_id",
    "current_disposals",
    "days_before",
    "evidence",
    "exists",
    "label",
    "latest_assessment",
    "on_or_before",
    "sentence_start",
    "verdict",
]
