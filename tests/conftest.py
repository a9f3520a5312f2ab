import importlib
import os
from contextlib import contextmanager

import pytest

os.environ.setdefault("PROBATION_MODE", "test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

from tests import factories as f  # noqa: E402

# The same examples on every run, and no timing health checks: CI machines are shared and slow.
hypothesis_settings.register_profile(
    "project", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("project")


def pytest_configure(config):
    # Test settings serve static files from the finders, so the collected-files folder never exists.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _fresh_axes_and_cache(settings):
    settings.AXES_ENABLED = True


# The audit trail is append-only in the database itself, so the flush that empties the database after
# a transactional test (live-server browser tests) would be refused. Lift the triggers for the flush
# only, and put them back straight after.
_append_only = importlib.import_module("probation.audit.migrations.0004_append_only")
_TRIGGERS = {
    "sqlite": (_append_only.SQLITE_REVERSE, _append_only.SQLITE),
    "postgresql": (_append_only.POSTGRES_REVERSE, _append_only.POSTGRES),
}


@contextmanager
def audit_triggers_lifted(connection):
    drop, create = _TRIGGERS.get(connection.vendor, ([], []))
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in create:
                cursor.execute(statement)


def _install_flush_with_triggers_lifted():
    from django.db import connections
    from django.test import TransactionTestCase

    original = TransactionTestCase._fixture_teardown
    if getattr(original, "lifts_audit_triggers", False):
        return

    def _fixture_teardown(self):
        with _all_lifted([connections[alias] for alias in self._databases_names(include_mirrors=False)]):
            original(self)

    _fixture_teardown.lifts_audit_triggers = True
    TransactionTestCase._fixture_teardown = _fixture_teardown


@contextmanager
def _all_lifted(conns):
    if not conns:
        yield
        return
    with audit_triggers_lifted(conns[0]), _all_lifted(conns[1:]):
        yield


_install_flush_with_triggers_lifted()


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


@pytest.fixture
def password_only_client_for():
    """A test client signed in as a persona with a password but no second factor yet."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def grant_case(db):
    """Give someone outside the provider (an inspector) read access to one case."""
    from probation.people.models import CaseGrant

    def make(person, staff, *, expires_on=None, revoked=False, reason="Inspection sample"):
        return CaseGrant.objects.create(
            person=person, staff=staff, reason=reason, expires_on=expires_on, revoked=revoked
        )

    return make
