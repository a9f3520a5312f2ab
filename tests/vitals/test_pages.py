"""Officer and team vitals: who sees what, the figures against comparable officers, and the cases
behind each figure. Case results are written directly: how facts become results is tested with the
indicators."""

import pytest
from django.urls import reverse

from probation.audit.models import AuditEvent
from tests import factories as f

from .conftest import caseload, results

pytestmark = pytest.mark.django_db


def officer_url(staff):
    return reverse("vitals:officer", args=[staff.pk])


def cases_url(staff, slug="plan_timely"):
    return reverse("vitals:officer-cases", args=[staff.pk, slug])


def team_cases_url(team, slug="plan_timely"):
    return reverse("vitals:team-cases", args=[team.pk, slug])


def row(page, name):
    """The row of an HTML table whose header cell names it, as text."""
    html = page.content.decode()
    start = html.index(f">{name}<")
    return html[start : html.index("</tr>", start)]


# Who sees what ------------------------------------------------------------------------------------


def test_an_officer_is_taken_to_their_own_figures(world, client_for):
    response = client_for(world.alice).get(reverse("vitals:home"))
    assert response.status_code == 302
    assert response.url == officer_url(world.alice)


def test_an_officer_sees_their_own_rate_the_team_and_the_benchmark_with_a_flag(world, client_for):
    page = client_for(world.alice).get(officer_url(world.alice))
    assert page.status_code == 200
    plan = row(page, "Timely plan")
    assert "17%" in plan and "(1 of 6)" in plan
    # The team: alice's 1 of 6 and bob's 4 of 5.
    assert "45%" in plan and "(5 of 11)" in plan
    # Comparable officers: the five Stafford probation officers and alice, 17 to 100 %.
    assert "67% (range 54–79%, 6 officers in the area)" in plan
    assert "Below the range" in plan


def test_an_officer_cannot_see_a_colleagues_figures_or_the_teams_cases(world, client_for):
    client = client_for(world.alice)
    assert client.get(officer_url(world.bob)).status_code == 404
    assert client.get(cases_url(world.bob)).status_code == 404
    assert client.get(team_cases_url(world.team)).status_code == 404
    # Nor a link to the team's cases from their own page.
    assert team_cases_url(world.team) not in client.get(officer_url(world.alice)).content.decode()


def test_a_manager_sees_the_officers_of_their_team_each_flagged(world, client_for):
    page = client_for(world.mark).get(reverse("vitals:home"))
    assert page.status_code == 200
    assert "Stafford" in page.content.decode()
    # The range of the six comparable officers is 54 to 79 %.
    first = row(page, "Peer0 Tester")
    assert "50%" in first and "Below the range" in first
    assert "67%" in row(page, "Peer1 Tester") and "Within the range" in row(page, "Peer1 Tester")
    last = row(page, "Peer4 Tester")
    assert "100%" in last and "Above the range" in last
    assert cases_url(world.peers[4]) in last


def test_a_manager_cannot_see_another_teams_officers_or_cases(world, client_for):
    client = client_for(world.mark)
    assert client.get(reverse("vitals:home"), {"team": world.team.pk}).status_code == 404
    assert client.get(officer_url(world.alice)).status_code == 404
    assert client.get(cases_url(world.alice)).status_code == 404
    assert client.get(team_cases_url(world.team)).status_code == 404


def test_a_head_of_service_sees_every_team_in_their_area(world, client_for):
    client = client_for(world.hana)
    stoke = client.get(reverse("vitals:home"), {"team": world.team.pk})
    stafford = client.get(reverse("vitals:home"), {"team": world.other_team.pk})
    assert stoke.status_code == stafford.status_code == 200
    assert "Alice Tester" in stoke.content.decode()
    assert "Peer0 Tester" in stafford.content.decode()
    assert client.get(officer_url(world.peers[0])).status_code == 200


def test_an_officer_without_anyone_with_a_comparable_caseload_is_not_flagged(world, client_for):
    page = client_for(world.maria).get(reverse("vitals:home"), {"team": world.team.pk})
    bob = row(page, "Bob Tester")
    assert "mostly licences" in bob
    assert "80%" in bob and "Too few comparable officers" in bob
    alice = row(page, "Alice Tester")
    assert "Below the range" in alice


def test_another_providers_staff_see_only_their_own_figures(world, client_for):
    client = client_for(world.charlie)
    assert client.get(reverse("vitals:home")).url == officer_url(world.charlie)
    assert client.get(officer_url(world.alice)).status_code == 404
    assert client.get(cases_url(world.alice)).status_code == 404
    own = client.get(officer_url(world.charlie))
    assert "100%" in row(own, "Timely plan")
    # The other provider's officers are no benchmark for charlie.
    assert "No benchmark" in row(own, "Timely plan")


def test_an_inspector_is_refused(world, client_for):
    client = client_for(world.ian)
    for url in (reverse("vitals:home"), officer_url(world.alice), cases_url(world.alice)):
        response = client.get(url)
        assert response.status_code == 403
        assert "Inspectors see case results through the inspections" in response.content.decode()


def test_signing_in_is_required(world, client):
    assert client.get(reverse("vitals:home")).status_code == 302


# The benchmark --------------------------------------------------------------------------------------


def test_with_too_few_comparable_officers_in_the_area_the_benchmark_is_the_providers(world, client_for):
    elsewhere = f.team("Leek", world.nps, f.area("Derbyshire"))
    for k, met in enumerate((1, 2, 3, 4, 5)):
        caseload(f.staff(f"far{k}", team_=elsewhere), 5, met=met, name=f"Far{k}")
    lone = f.team("Burton", world.nps, f.area("Burton area"))
    solo = f.staff("solo", team_=lone)
    caseload(solo, 5, met=5, name="Solo")
    page = client_for(solo).get(officer_url(solo))
    plan = row(page, "Timely plan")
    # Every probation officer of the provider: the five far ones, the five peers, alice and solo.
    assert "12 officers in the provider" in plan
    assert "Above the range" in plan


def test_a_case_needing_a_human_counts_as_applicable_and_not_met(world, client_for):
    for person in world.bob_cases[:2]:
        results(person, plan_timely=None)
    page = client_for(world.maria).get(officer_url(world.bob))
    assert "(2 of 5)" in row(page, "Timely plan")


def test_the_benchmark_is_the_same_as_the_dashboards_for_the_same_officers(world, client_for):
    from probation.inspection.dashboard import selectors as dashboard
    from probation.inspection.dashboard.scope import scope_for
    from probation.vitals import rules
    from probation.vitals.selectors import figures_for_areas

    assert (rules.MIN_CASES, rules.MIN_OFFICERS) == (dashboard.MIN_CASES, dashboard.MIN_OFFICERS)
    scope, _ = scope_for(world.maria)
    theirs = dashboard.officer_benchmark(scope, world.area.pk, ["plan_timely"])
    ours = figures_for_areas(world.nps.pk, [world.area.pk])
    alice = ours.officers[world.alice.pk]
    expected = theirs.for_officer(world.alice.pk, "plan_timely")
    found = ours.benchmark(alice, "plan_timely")
    assert (found.lower, found.median, found.upper, found.officers) == (
        expected.lower,
        expected.median,
        expected.upper,
        expected.officers,
    )


# The cases behind a figure --------------------------------------------------------------------------


def test_the_cases_behind_a_figure_each_say_whether_they_met_it(world, client_for):
    page = client_for(world.alice).get(cases_url(world.alice))
    html = page.content.decode()
    assert page.status_code == 200
    assert "6 cases" in html
    assert html.count("govuk-tag--green") == 1 and html.count("govuk-tag--red") == 5
    assert "Archer, Jordan" in html


def test_the_cases_can_be_narrowed_to_those_not_met(world, client_for):
    html = client_for(world.alice).get(cases_url(world.alice), {"result": "not_met"}).content.decode()
    assert "5 cases" in html
    assert "Archer, Jordan" not in html


def test_the_teams_cases_are_behind_the_team_figure(world, client_for):
    html = client_for(world.maria).get(team_cases_url(world.team)).content.decode()
    assert "11 cases" in html
    assert "Bob00" in html and "Alice00" in html and "Peer0" not in html


def test_viewing_the_cases_is_audited(world, client_for):
    client_for(world.maria).get(cases_url(world.alice), {"result": "not_met"})
    event = AuditEvent.objects.filter(user=world.maria).latest("id")
    assert event.summary == "Viewed the cases behind Timely plan for Alice Tester"
    assert event.detail == {"vital": "plan_timely", "result": "not_met", "officer_id": world.alice.pk}


def test_a_case_the_manager_is_excluded_from_is_listed_without_its_details(world, client_for):
    f.exclude(world.case, world.maria)
    html = client_for(world.maria).get(cases_url(world.alice)).content.decode()
    assert "Restricted case" in html
    assert "Archer, Jordan" not in html


@pytest.mark.parametrize("bad", ["no_such_vital", "ro_continuity"])
def test_an_unknown_vital_is_not_found(world, client_for, bad):
    assert client_for(world.alice).get(cases_url(world.alice, bad)).status_code == 404


def test_an_unknown_result_is_not_found(world, client_for):
    assert client_for(world.alice).get(cases_url(world.alice), {"result": "maybe"}).status_code == 404


# Queries --------------------------------------------------------------------------------------------


def _grow(world):
    for k in range(4):
        caseload(f.staff(f"more{k}", team_=world.team), 6, met=k, name=f"More{k}")
    for slug in ("assessment_timely", "contact_level_met", "first_contact_timely", "enforcement_appropriate"):
        for person in world.alice_cases:
            results(person, **{slug: True})


@pytest.mark.parametrize("grow", [False, True])
def test_each_page_costs_a_bounded_number_of_queries_whatever_the_caseload(
    world, client_for, django_assert_max_num_queries, grow
):
    if grow:
        _grow(world)
    client = client_for(world.maria)
    client.get(reverse("vitals:home"))  # sessions and second factor settled
    with django_assert_max_num_queries(13):
        assert client.get(reverse("vitals:home"), {"team": world.team.pk}).status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(officer_url(world.alice)).status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(cases_url(world.alice)).status_code == 200
