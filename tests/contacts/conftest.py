import itertools
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from probation.contacts.models import Contact, ContactLevel

_seq = itertools.count(1)


def at(days: int = 0, hour: int = 10, minute: int = 0):
    """An aware datetime `days` from today at the given local time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def appointment(
    person, *, when=None, officer=None, type="office", outcome="", national_standard=True, **extra
):
    return Contact.objects.create(
        external_id=f"test-contact-{next(_seq)}",
        person=person,
        officer=officer if officer is not None else person.officer,
        type=type,
        starts_at=when or at(-1),
        location=extra.pop("location", "Stoke office"),
        national_standard=national_standard,
        outcome=outcome,
        **extra,
    )


def level(person, *, frequency="fortnightly", method="face_to_face", status="approved", days_ago=30, **extra):
    return ContactLevel.objects.create(
        external_id=f"test-level-{next(_seq)}",
        person=person,
        frequency=frequency,
        method=method,
        status=status,
        effective_from=timezone.localdate() - timedelta(days=days_ago),
        **extra,
    )


@pytest.fixture
def make_appointment(db):
    return appointment


@pytest.fixture
def make_level(db):
    return level
