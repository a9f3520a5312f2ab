import os

import pytest

os.environ.setdefault("PROBATION_MODE", "test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests import factories as f  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_axes_and_cache(settings):
    settings.AXES_ENABLED = True


class Personas:
    """alice owns the case; bob is in her team; maria manages the team; charlie works for the other
    provider; eddie is in alice's provider but excluded from the case; ian is an inspector."""

    def __init__(self):
        self.nps = f.provider()
        self.crc = f.provider("Staffordshire and West Midlands CRC", "CRC", "private")
        self.area = f.area()
        self.team = f.team("Stoke North", self.nps, self.area)
        self.other_team = f.team("Stafford", self.nps, self.area)
        self.crc_team = f.team("Hanley", self.crc, self.area)
        self.maria = f.staff("maria", team_=self.team, grade="SPO", roles=("manager", "quality_assurance"))
        self.team.manager = self.maria
        self.team.save()
        self.alice = f.staff("alice", team_=self.team)
        self.bob = f.staff("bob", team_=self.team, grade="PSO")
        self.eddie = f.staff("eddie", team_=self.other_team)
        self.charlie = f.staff("charlie", team_=self.crc_team)
        self.ian = f.staff("ian", grade="", roles=("inspector",))
        self.case = f.person(officer=self.alice, last_name="Archer", first_name="Jordan")
        f.sentence(self.case)
        f.exclude(self.case, self.eddie)


@pytest.fixture
def personas(db):
    return Personas()


@pytest.fixture
def client_for(client, settings):
    """A test client signed in as a persona, with the second factor already given."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        session = c.session
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session["otp_device_id"] = device.persistent_id
        session.save()
        return c

    return make
