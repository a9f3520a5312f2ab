"""Builders for enforcement tests: failures on the shared personas' case, a licence case, and a head of
service (hannah) for the case's area besides maria, the SPO of its team."""

import itertools
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from probation.contacts.models import Contact
from probation.sentences.models import Disposal, Event
from tests import factories as f

_seq = itertools.count(1)


def aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def failure(
    person,
    day: date,
    *,
    outcome="unacceptable_absence",
    type="office",
    judged: date | None = None,
    requirement=None,
):
    """A failure to comply on `day`, judged (its outcome recorded) on `judged` or the same day."""
    return Contact.objects.create(
        external_id=f"test-failure-{next(_seq)}",
        person=person,
        officer=person.officer,
        type=type,
        starts_at=aware(day),
        location="Stoke office",
        outcome=outcome,
        outcome_recorded_at=aware(judged or day, 16),
        requirement=requirement,
    )


def licence(
    person, *, release=date(2026, 6, 1), end=date(2027, 6, 1), months=18, custodial_days=None, type="licence"
):
    n = next(_seq)
    event = Event.objects.create(
        external_id=f"test-licence-event-{n}",
        person=person,
        number=person.events.count() + 1,
        conviction_date=date(2025, 6, 1),
        court="Stafford Crown Court",
    )
    return Disposal.objects.create(
        external_id=f"test-licence-{n}",
        event=event,
        type=type,
        sentence_date=date(2025, 6, 1),
        start_date=date(2025, 6, 1),
        length_months=months,
        custodial_days=custodial_days,
        release_date=release,
        licence_end_date=end,
        expected_end_date=end,
    )


class EnforcementWorld:
    def __init__(self, personas):
        self.p = personas
        for name in (
            "alice",
            "bob",
            "maria",
            "charlie",
            "eddie",
            "ian",
            "case",
            "team",
            "other_team",
            "area",
        ):
            setattr(self, name, getattr(personas, name))
        self.order = self.case.events.get().disposals.get()
        self.hannah = f.staff("hannah", team_=self.other_team, grade="HEAD", roles=("practitioner",))
        self.lucy = f.person(officer=self.alice, last_name="Licensee", first_name="Lucy")
        self.lucy_licence = licence(self.lucy)


@pytest.fixture
def world(personas):
    return EnforcementWorld(personas)
