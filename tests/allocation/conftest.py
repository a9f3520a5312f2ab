"""Allocation personas on top of the shared ones: carol manages the private provider's team, mike
manages the other public team, adam and cora are administrators of the public and private
providers; and builders for cases awaiting allocation."""

import itertools
from datetime import date
from decimal import Decimal

import pytest

from probation.allocation import services
from probation.risk.models import FlagType, MappaRegistration, Registration, RiskAssessment
from tests import factories as f

RECEIVED = date(2026, 11, 9)  # a Monday
_seq = itertools.count(1)


class World:
    def __init__(self, personas):
        self.p = personas
        for name in (
            "nps",
            "crc",
            "area",
            "team",
            "other_team",
            "crc_team",
            "maria",
            "alice",
            "bob",
            "eddie",
            "charlie",
            "ian",
            "case",
        ):
            setattr(self, name, getattr(personas, name))
        self.carol = f.staff("carol", team_=self.crc_team, grade="SPO", roles=("manager",))
        self.crc_team.manager = self.carol
        self.crc_team.save()
        self.mike = f.staff("mike", team_=self.other_team, grade="SPO", roles=("manager",))
        self.other_team.manager = self.mike
        self.other_team.save()
        self.adam = f.staff("adam", team_=self.team, grade="", roles=("administrator",))
        self.cora = f.staff("cora", team_=self.crc_team, grade="", roles=("administrator",))

    def new_case(
        self,
        *,
        rosh="low",
        tier="C1",
        last_name="Newman",
        offence="theft_non_motor",
        officer=None,
        received=RECEIVED,
        requirements=(("unpaid_work", 100),),
    ):
        person = f.person(
            officer=officer, last_name=last_name, first_name=f"Case{next(_seq)}", rosh=rosh, tier=tier
        )
        disposal = f.sentence(person, start=received, requirements=requirements)
        disposal.event.offences.update(category=offence)
        return person, disposal

    def allocation(self, **kwargs):
        facing_deportation = kwargs.pop("facing_deportation", False)
        person, disposal = self.new_case(**kwargs)
        return services.allocation_open(
            by_user=self.maria,
            person=person,
            disposal=disposal,
            received_on=disposal.start_date,
            court_provider=self.nps,
            facing_deportation=facing_deportation,
        )

    def assess(
        self, person, *, rosh="medium", rsr=None, status="complete", completed_on=date(2026, 10, 1), **extra
    ):
        sequence = person.risk_assessments.count() + 1
        high = rosh in ("high", "very_high") and status == "complete"
        return RiskAssessment.objects.create(
            external_id=f"ra-{person.crn}-{sequence}",
            person=person,
            sequence=sequence,
            status=status,
            assessed_by=self.alice,
            started_on=completed_on,
            submitted_on=completed_on,
            completed_on=completed_on if status == "complete" else None,
            rosh_overall=rosh,
            countersigned_by=self.maria if high else None,
            countersigned_on=completed_on if high else None,
            rsr=Decimal(str(rsr)) if rsr is not None else None,
            **extra,
        )

    def mappa(self, person, *, level=1, category=2, start=date(2026, 1, 1), end=None):
        return MappaRegistration.objects.create(
            external_id=f"mappa-{person.crn}-{next(_seq)}",
            person=person,
            category=category,
            level=level,
            start_date=start,
            end_date=end,
        )

    def flag(
        self,
        person,
        code,
        *,
        registered=date(2026, 6, 1),
        review=date(2026, 12, 1),
        deregistered=None,
        notes="",
    ):
        return Registration.objects.create(
            external_id=f"reg-{person.crn}-{code}-{next(_seq)}",
            person=person,
            flag=FlagType.objects.get(code=code),
            registered_on=registered,
            review_due=review,
            deregistered_on=deregistered,
            notes=notes,
        )

    def crc_case(self, *, rosh="high"):
        """A case supervised by the private provider (charlie is the officer)."""
        person = f.person(officer=self.charlie, last_name="Crofts", first_name=f"Case{next(_seq)}", rosh=rosh)
        f.sentence(person)
        return person


@pytest.fixture
def world(personas):
    return World(personas)
