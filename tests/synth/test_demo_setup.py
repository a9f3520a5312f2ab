"""demo_setup: a region and a handful of named accounts with a known password, in demo mode only."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from probation.core.management.commands.demo_setup import DEMO_PASSWORD
from probation.people.models import Person
from probation.workforce.models import Staff

pytestmark = pytest.mark.django_db


def demo_setup() -> str:
    out = StringIO()
    call_command("demo_setup", "--people", "80", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_refuses_to_run_outside_demo_mode(settings):
    settings.DEMO = False
    with pytest.raises(CommandError, match="only runs in demo mode"):
        demo_setup()
    assert not Person.objects.exists()


def test_it_imports_a_region_and_prints_the_demo_accounts(settings):
    settings.DEMO = True
    output = demo_setup()
    assert Person.objects.count() == 80
    accounts = Staff.objects.exclude(password__startswith="!").filter(password__gt="")
    assert accounts.count() == 7
    assert all(s.check_password(DEMO_PASSWORD) for s in accounts)
    for staff in accounts:
        assert staff.username in output
    nps_po = next(s for s in accounts if s.grade == "PO" and s.provider.type == "public")
    assert Person.objects.filter(officer=nps_po).exists()
    assert any(s.grade == "PO" and s.provider.type == "private" for s in accounts)
    assert any(s.grade == "SPO" and s.is_manager and s.provider.type == "public" for s in accounts)
    # A private provider's manager, to acknowledge handovers from the court team.
    assert any(s.grade == "SPO" and s.is_manager and s.provider.type == "private" for s in accounts)
    assert any(s.grade == "HEAD" for s in accounts)
    assert any(s.has_role("quality_assurance") for s in accounts)
    inspector = Staff.objects.get(username="inspector")
    assert inspector.is_inspector and inspector.provider is None
    assert "Inspector (no provider)" in output


def test_running_it_again_changes_nothing(settings):
    settings.DEMO = True
    first = demo_setup()
    people = Person.objects.count()
    hashes = dict(Staff.objects.values_list("username", "password"))
    second = demo_setup()
    assert Person.objects.count() == people
    assert dict(Staff.objects.values_list("username", "password")) == hashes
    assert "already has people" in second
    assert first.splitlines()[-9:] == second.splitlines()[-9:]
