"""Builders for risk records in tests: plain functions writing rows directly, for setting the scene.
The behaviour under test always goes through the services."""

import itertools
from datetime import date, timedelta

from django.utils import timezone

from probation.risk.constants import AssessmentStatus
from probation.risk.models import (
    FlagType,
    IdentifiedRisk,
    MappaRegistration,
    NeedRating,
    Registration,
    RiskAssessment,
)
from tests import factories as f

_seq = itertools.count(1)


def today() -> date:
    return timezone.localdate()


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


def complete_assessment(
    person,
    *,
    by,
    rosh="low",
    needs=None,
    rsr=None,
    ogrs=None,
    completed_on=None,
    risks=(),
    status=None,
    **fields,
) -> RiskAssessment:
    """A complete assessment written straight to the database; earlier complete ones are superseded."""
    RiskAssessment.objects.filter(person=person, status=AssessmentStatus.COMPLETE).update(
        status=AssessmentStatus.SUPERSEDED
    )
    sequence = RiskAssessment.objects.filter(person=person).count() + 1
    completed_on = completed_on or today()
    assessment = RiskAssessment.objects.create(
        external_id=f"test-assessment-{next(_seq)}",
        person=person,
        sequence=sequence,
        status=status or AssessmentStatus.COMPLETE,
        assessed_by=by,
        started_on=completed_on,
        submitted_on=completed_on,
        completed_on=completed_on,
        rosh_overall=rosh,
        rsr=rsr,
        ogrs3_two_year=ogrs,
        countersigned_by=by if rosh in ("high", "very_high") else None,
        **fields,
    )
    for need, severity in (needs or {}).items():
        NeedRating.objects.create(assessment=assessment, need=need, severity=severity)
    for group, level, description in risks:
        IdentifiedRisk.objects.create(
            external_id=f"test-risk-{next(_seq)}",
            assessment=assessment,
            person=person,
            group=group,
            level=level,
            description=description,
        )
    return assessment


def register(person, code: str, *, registered_on=None, review_due=None, deregistered_on=None) -> Registration:
    registered_on = registered_on or days_ago(30)
    return Registration.objects.create(
        external_id=f"test-registration-{next(_seq)}",
        person=person,
        flag=FlagType.objects.get(code=code),
        registered_on=registered_on,
        review_due=review_due or registered_on + timedelta(days=180),
        deregistered_on=deregistered_on,
    )


def mappa(
    person, *, level=2, category=2, start_date=None, review_due=None, end_date=None
) -> MappaRegistration:
    return MappaRegistration.objects.create(
        external_id=f"test-mappa-{next(_seq)}",
        person=person,
        category=category,
        level=level,
        start_date=start_date or days_ago(60),
        review_due=review_due or today() + timedelta(days=60),
        end_date=end_date,
    )


def supervised_person(officer, *, requirements=(("rar", 20),), type="community_order", **kwargs):
    """A person with a current sentence that gives a mandate for change (a RAR by default)."""
    person = f.person(officer=officer, **kwargs)
    f.sentence(person, type=type, start=days_ago(90), requirements=requirements)
    return person
