"""Builders for sentence plan tests: a complete assessment with needs, risk actions, significant
events, and a head of service for the case's area."""

import itertools
from datetime import date

import pytest

from probation.risk.models import IdentifiedRisk, NeedRating, RiskAction, RiskAssessment, SignificantEvent
from tests import factories as f

_seq = itertools.count(1)


def assessment(
    person,
    assessor,
    *,
    needs: dict[str, str],
    completed_on=date(2026, 1, 20),
    status="complete",
    rosh="medium",
):
    n = next(_seq)
    a = RiskAssessment.objects.create(
        external_id=f"test-assessment-{n}",
        person=person,
        sequence=person.risk_assessments.count() + 1,
        assessed_by=assessor,
        started_on=completed_on,
        submitted_on=completed_on,
        completed_on=completed_on,
        status=status,
        rosh_overall=rosh,
    )
    for need, severity in needs.items():
        NeedRating.objects.create(assessment=a, need=need, severity=severity)
    return a


def risk_action(
    person, assessor, text="Check with the police for domestic-abuse call-outs", due=date(2026, 3, 1)
):
    n = next(_seq)
    a = RiskAssessment.objects.filter(person=person).first() or assessment(person, assessor, needs={})
    risk = IdentifiedRisk.objects.create(
        external_id=f"test-risk-{n}",
        assessment=a,
        person=person,
        group="known_adult",
        level="medium",
        description="Risk to partner",
    )
    return RiskAction.objects.create(
        external_id=f"test-action-{n}", person=person, risk=risk, action=text, due_on=due
    )


def significant_event(person, *, occurred_on, recorded_on=None, review_due=None, type="arrest_or_charge"):
    n = next(_seq)
    return SignificantEvent.objects.create(
        external_id=f"test-event-{n}",
        person=person,
        type=type,
        occurred_on=occurred_on,
        recorded_on=recorded_on or occurred_on,
        review_due=review_due or occurred_on,
        details="Arrested",
    )


class PlanWorld:
    def __init__(self, personas):
        self.p = personas
        for name in ("alice", "bob", "maria", "charlie", "eddie", "ian", "case", "team", "other_team"):
            setattr(self, name, getattr(personas, name))
        self.order = self.case.events.get().disposals.get()
        self.requirement = self.order.requirements.get()
        self.hannah = f.staff("hannah", team_=self.other_team, grade="HEAD", roles=("practitioner",))


@pytest.fixture
def world(personas):
    return PlanWorld(personas)
