"""The vitals and continuity pages, styled as users see them: no serious or critical axe-core
failures, and nothing refused by the content security policy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from probation.workforce.models import ResponsibleOfficerAssignment
from tests import factories as f
from tests.vitals.conftest import caseload, results

from .conftest import axe_violations, describe_violations

pytestmark = pytest.mark.browser


def _world(personas):
    peers = [f.staff(f"peer{k}", team_=personas.team) for k in range(4)]
    for k, officer in enumerate([personas.alice, *peers]):
        caseload(officer, 5, met=k + 1, name=f"Case{k}")
    people = caseload(personas.bob, 5, met=2, slug="contact_level_met", undecided=1, name="Bob")
    results(people[0], plan_timely=True)
    return people


def team_vitals(pages, personas):
    _world(personas)
    page = pages.new(personas.maria)
    page.goto(f"/vitals/?team={personas.team.pk}")
    return page


def officer_vitals(pages, personas):
    _world(personas)
    page = pages.new(personas.alice)
    page.goto("/vitals/")
    return page


def vitals_cases(pages, personas):
    _world(personas)
    f.exclude(personas.case, personas.maria)
    results(personas.case, contact_level_met=None)
    page = pages.new(personas.maria)
    page.goto(f"/vitals/teams/{personas.team.pk}/contact_level_met/")
    return page


def continuity_team(pages, personas):
    people = _world(personas)
    today = timezone.localdate()
    for person in people[:2]:
        for n, days in enumerate((120, 60, 10)):
            ResponsibleOfficerAssignment.objects.filter(person=person, end_date__isnull=True).update(
                end_date=today - timedelta(days=days)
            )
            ResponsibleOfficerAssignment.objects.create(
                external_id=f"roa-a11y-{person.pk}-{n}",
                person=person,
                officer=[personas.alice, personas.bob][n % 2],
                provider_id=personas.team.provider_id,
                team_id=personas.team.pk,
                start_date=today - timedelta(days=days),
                reason="reallocation",
            )
    page = pages.new(personas.maria)
    page.goto(f"/continuity/?team={personas.team.pk}")
    return page


PAGE_TYPES = {
    "team vitals": (team_vitals, "Vitals: Stoke North"),
    "officer vitals": (officer_vitals, "Vitals: Alice Tester"),
    "cases behind a vital": (vitals_cases, "Contact level met: cases of the Stoke North team"),
    "continuity of a team": (continuity_team, "Continuity: Stoke North"),
}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_the_page_has_no_serious_or_critical_accessibility_failures(pages, personas, page_type):
    open_page, title = PAGE_TYPES[page_type]
    page = open_page(pages, personas)
    page.wait_for_load_state("load")
    assert page.title().startswith(title), page.title()
    violations = axe_violations(page)
    assert not violations, f"axe found problems on the {page_type} page:\n{describe_violations(violations)}"
    assert not pages.problems, pages.problems
