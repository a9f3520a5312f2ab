import itertools
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from probation.interventions import services
from probation.interventions.models import Intervention, InterventionNeed, PartnerAgency
from probation.sentences.models import Requirement
from tests.browser.conftest import browser, pages  # noqa: F401  (the live-server browser, for test_accessibility)

_seq = itertools.count(1)


@pytest.fixture
def make_intervention(personas):
    def make(name=None, *, needs=("thinking_behaviour",), area=None, **fields):
        defaults = {"category": "other", "capacity": 20, "waiting_weeks": 0}
        intervention = Intervention.objects.create(
            name=name or f"Test intervention {next(_seq)}",
            area=area or personas.area,
            **{**defaults, **fields},
        )
        InterventionNeed.objects.bulk_create(
            [InterventionNeed(intervention=intervention, need=n) for n in needs]
        )
        return intervention

    return make


@pytest.fixture
def partner(personas):
    return PartnerAgency.objects.create(
        name="Test Recovery Service", kind="substance_misuse", area=personas.area
    )


@pytest.fixture
def add_requirement():
    def add(person, type, length=None, start=None):
        disposal = person.events.first().disposals.first()
        return Requirement.objects.create(
            external_id=f"req-test-{next(_seq)}",
            disposal=disposal,
            type=type,
            length=length,
            start_date=start or disposal.start_date,
        )

    return add


@pytest.fixture
def refer(personas):
    """Refer a case (the personas' case by default) as alice."""

    def make(intervention, *, person=None, by=None, need=None, today=None, **kw):
        return services.referral_create(
            by_user=by or personas.alice,
            person=person or personas.case,
            intervention=intervention,
            need=need or intervention.needs.first().need,
            desired_outcomes=kw.pop("desired_outcomes", "Fewer arguments at home; a settled routine"),
            risk_information=kw.pop("risk_information", "Medium risk to known adults"),
            today=today,
            **kw,
        )

    return make


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def in_progress(personas, refer, today):
    """Take a referral to 'in progress' through the services, as the provider and the officer would."""

    def make(intervention, **kw):
        referral = refer(intervention, today=today - timedelta(days=20), **kw)
        referral = services.referral_accept(
            by_user=personas.bob,
            referral=referral,
            version=referral.version,
            today=today - timedelta(days=18),
        )
        referral = services.referral_submit_action_plan(
            by_user=personas.bob,
            referral=referral,
            version=referral.version,
            action_plan="Weekly sessions",
            today=today - timedelta(days=15),
        )
        return services.referral_approve_action_plan(
            by_user=personas.alice,
            referral=referral,
            version=referral.version,
            today=today - timedelta(days=14),
        )

    return make


def on(day: date, hour: int = 10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))
