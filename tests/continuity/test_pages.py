"""The continuity team view: who sees it, the cases with frequent changes of responsible officer and
the officers in order, and how contact fared for them against the rest."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from probation.audit.models import AuditEvent
from probation.core.models import ReferenceValue
from probation.inspection.models import CaseIndicator
from probation.workforce.models import ResponsibleOfficerAssignment
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/continuity/"
_seq = itertools.count(1)


def reassign(person, *moves):
    """Hand the case on: each move is (officer, days ago), in order."""
    for officer, days_ago in moves:
        start = timezone.localdate() - timedelta(days=days_ago)
        ResponsibleOfficerAssignment.objects.filter(person=person, end_date__isnull=True).update(
            end_date=start
        )
        ResponsibleOfficerAssignment.objects.create(
            external_id=f"roa-move-{next(_seq)}",
            person=person,
            officer=officer,
            provider_id=officer.provider_id,
            team_id=officer.team_id,
            start_date=start,
            reason="reallocation",
        )
    person.officer = officer
    person.team_id = officer.team_id
    person.save(update_fields=["officer", "team"])
    return person


def contact(person, met):
    CaseIndicator.objects.update_or_create(
        person=person,
        indicator="contact_level_met",
        defaults={
            "applicable": met != "na",
            "met": None if met == "na" else met,
            "computed_at": timezone.now(),
        },
    )


def table(page, table_id):
    html = page.content.decode()
    start = html.index(f'id="{table_id}"')
    return html[start : html.index("</table>", start)]


@pytest.fixture
def world(personas):
    """Stoke North's cases: Jordan Archer moved three times in the year (alice, bob, alice, then bob),
    Drew twice, Ellis once, Finley never; Stafford (mark's team) has one case moved four times."""
    p = personas
    p.mark = f.staff("mark", team_=p.other_team, grade="SPO", roles=("manager",))
    p.other_team.manager = p.mark
    p.other_team.save()
    p.hana = f.staff("hana", team_=p.team, grade="HEAD", roles=("manager",))
    p.drew = f.person(officer=p.alice, last_name="Drew", first_name="Sam")
    p.ellis = f.person(officer=p.bob, last_name="Ellis", first_name="Kit")
    p.finley = f.person(officer=p.alice, last_name="Finley", first_name="Max")
    reassign(p.case, (p.bob, 200), (p.alice, 100), (p.bob, 10))
    reassign(p.drew, (p.bob, 90), (p.alice, 30))
    reassign(p.ellis, (p.alice, 60))
    p.stafford = reassign(
        f.person(officer=p.eddie, last_name="Stafford"), *[(p.eddie, d) for d in (50, 40, 30, 20)]
    )
    contact(p.case, False)
    contact(p.drew, True)
    contact(p.ellis, None)
    contact(p.finley, True)
    return p


def test_a_manager_sees_the_teams_cases_with_frequent_changes_and_the_officers_in_order(world, client_for):
    page = client_for(world.maria).get(URL, {"team": world.team.pk})
    assert page.status_code == 200
    frequent = table(page, "frequent")
    assert "Archer, Jordan" in frequent
    assert "Drew" not in frequent and "Finley" not in frequent
    officers = frequent[frequent.index("<ol") : frequent.index("</ol>")]
    assert [part.split("</li>")[0] for part in officers.split("<li>")[1:]] == [
        "Alice Tester",
        "Bob Tester",
        "Alice Tester",
        "Bob Tester",
    ]
    assert ">3<" in frequent
    assert "Not met" in frequent
    assert reverse("allocation:case", args=[world.case.crn]) in frequent


def test_the_summary_counts_cases_by_changes_and_compares_contact(world, client_for):
    page = client_for(world.maria).get(URL, {"team": world.team.pk})
    summary = table(page, "summary")
    cells = [c.split("<")[0] for c in summary.split('numeric">')[1:]]
    # Headings 0, 1, 2, 3 or more, all; then Finley, Ellis, Drew, Jordan Archer: one each.
    assert cells[-5:] == ["1", "1", "1", "1", "4"]
    contact_rows = table(page, "contact")
    frequent, rest = contact_rows.split("3 or more changes")[1], contact_rows.split("Fewer than 3 changes")[1]
    assert "0%" in frequent.split("</tr>")[0]
    # The rest: Drew and Finley met, Ellis needs a human judgement, so two of three.
    assert "67%" in rest.split("</tr>")[0]


def test_the_threshold_is_the_reallocation_warning_setting(world, client_for):
    ReferenceValue.objects.create(key="continuity.warn_at_change", value=2)
    page = client_for(world.maria).get(URL, {"team": world.team.pk})
    frequent = table(page, "frequent")
    assert "Archer, Jordan" in frequent and "Drew, Sam" in frequent
    assert "Ellis" not in frequent
    assert "2 or more" in table(page, "summary")


def test_changes_more_than_twelve_months_ago_do_not_count(world, client_for):
    old = f.person(officer=world.alice, last_name="Oldcase")
    ResponsibleOfficerAssignment.objects.filter(person=old).update(
        start_date=timezone.localdate() - timedelta(days=900)
    )
    reassign(old, (world.bob, 800), (world.alice, 500), (world.bob, 400), (world.alice, 5))
    frequent = table(client_for(world.maria).get(URL, {"team": world.team.pk}), "frequent")
    assert "Oldcase" not in frequent


def test_a_manager_sees_only_the_teams_they_manage(world, client_for):
    client = client_for(world.mark)
    own = client.get(URL)
    assert "Stafford" in table(own, "frequent")
    assert "Archer" not in own.content.decode()
    assert client.get(URL, {"team": world.team.pk}).status_code == 404


def test_a_head_of_service_sees_every_team_in_their_area(world, client_for):
    client = client_for(world.hana)
    assert "Archer, Jordan" in table(client.get(URL, {"team": world.team.pk}), "frequent")
    assert "Stafford" in table(client.get(URL, {"team": world.other_team.pk}), "frequent")


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "eddie"])
def test_officers_without_a_team_to_manage_are_refused(world, client_for, who):
    response = client_for(getattr(world, who)).get(URL)
    assert response.status_code == 403
    assert "team view for managers" in response.content.decode()


def test_an_inspector_is_refused(world, client_for):
    response = client_for(world.ian).get(URL)
    assert response.status_code == 403
    assert "Inspectors" in response.content.decode()


def test_a_case_the_manager_is_excluded_from_is_listed_without_its_details(world, client_for):
    f.exclude(world.case, world.maria)
    frequent = table(client_for(world.maria).get(URL, {"team": world.team.pk}), "frequent")
    assert "Restricted case" in frequent and world.case.crn in frequent
    assert "Archer" not in frequent and "<ol" not in frequent


def test_viewing_the_team_is_audited(world, client_for):
    client_for(world.mark).get(URL)
    event = AuditEvent.objects.filter(user=world.mark).latest("id")
    assert event.summary == "Viewed continuity of responsible officers for the Stafford team"


def test_the_navigation_offers_continuity_to_managers_and_vitals_to_staff(world, client_for):
    def items(user):
        return [i["text"] for i in client_for(user).get("/vitals/", follow=True).context["navigation"]]

    assert {"Continuity", "Vitals"} <= set(items(world.maria))
    assert "Vitals" in items(world.alice) and "Continuity" not in items(world.alice)
    assert not {"Continuity", "Vitals"} & set(items(world.ian))


@pytest.mark.parametrize("grow", [False, True])
def test_the_page_costs_a_bounded_number_of_queries_whatever_the_team_size(
    world, client_for, django_assert_max_num_queries, grow
):
    if grow:
        for k in range(15):
            person = f.person(officer=world.alice, last_name=f"Grown{k:02d}")
            reassign(person, (world.bob, 100 + k), (world.alice, 50), (world.bob, 20))
            contact(person, k % 2 == 0)
    client = client_for(world.maria)
    client.get(URL)
    with django_assert_max_num_queries(11):
        assert client.get(URL, {"team": world.team.pk}).status_code == 200
