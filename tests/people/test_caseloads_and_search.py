"""My cases, team cases and search: each lists only what the user may see, and a limited-access case
shows as "Restricted case" without its name."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from probation.people.models import Alias
from tests import factories as f


def table_body(response) -> str:
    """The rows of the case table, without the search box echoing what was typed."""
    match = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', response.content.decode(), re.S)
    assert match, "the page has no case table"
    return match.group(1)


def listed_crns(response) -> set[str]:
    return set(re.findall(r"/cases/([A-Z]\d{6})/", table_body(response)))


# My cases


def test_my_cases_lists_the_officers_own_cases(personas, client_for):
    response = client_for(personas.alice).get(reverse("cases:my-cases"))
    assert response.status_code == 200
    assert listed_crns(response) == {personas.case.crn}
    assert "Archer, Jordan" in table_body(response)


def test_my_cases_leaves_out_colleagues_cases(personas, client_for):
    f.person(officer=personas.bob, last_name="Baker", first_name="Sam")
    bob_sees = listed_crns(client_for(personas.bob).get(reverse("cases:my-cases")))
    assert personas.case.crn not in bob_sees
    assert len(bob_sees) == 1


@pytest.mark.parametrize("who", ["maria", "charlie", "eddie", "ian"])
def test_my_cases_is_empty_for_someone_with_no_caseload(personas, client_for, who):
    response = client_for(getattr(personas, who)).get(reverse("cases:my-cases"))
    assert response.status_code == 200
    assert listed_crns(response) == set()
    assert "No cases match." in table_body(response)


def test_an_inspector_sees_the_cases_granted_to_them_as_their_list(personas, client_for, grant_case):
    f.person(officer=personas.alice, last_name="Baker")
    grant_case(personas.case, personas.ian)
    response = client_for(personas.ian).get(reverse("cases:my-cases"))
    assert b"Cases assigned to you" in response.content
    assert listed_crns(response) == {personas.case.crn}


def test_my_cases_filters_by_name(personas, client_for):
    baker = f.person(officer=personas.alice, last_name="Baker", first_name="Sam")
    response = client_for(personas.alice).get(reverse("cases:my-cases"), {"text": "bak"})
    assert listed_crns(response) == {baker.crn}


def test_my_cases_sorts_by_name_either_way(personas, client_for):
    f.person(officer=personas.alice, last_name="Baker", first_name="Sam")
    client = client_for(personas.alice)
    ascending = table_body(client.get(reverse("cases:my-cases"), {"sort": "name"}))
    descending = table_body(client.get(reverse("cases:my-cases"), {"sort": "-name"}))
    assert ascending.index("Archer") < ascending.index("Baker")
    assert descending.index("Baker") < descending.index("Archer")


def test_my_cases_pages_a_long_caseload(personas, client_for):
    for n in range(30):
        f.person(officer=personas.alice, last_name=f"Zed{n:02d}")
    client = client_for(personas.alice)
    first = client.get(reverse("cases:my-cases"))
    second = client.get(reverse("cases:my-cases"), {"page": 2})
    assert len(listed_crns(first)) == 25
    assert len(listed_crns(second)) == 6
    assert not listed_crns(first) & listed_crns(second)
    assert b"31 cases" in first.content


# Team cases


def test_the_team_manager_sees_the_teams_cases_with_their_officers(personas, client_for):
    f.person(officer=personas.bob, last_name="Baker")
    f.person(officer=personas.eddie, last_name="Carter")  # another team
    response = client_for(personas.maria).get(reverse("cases:team-cases"))
    assert response.status_code == 200
    body = table_body(response)
    assert "Archer" in body and "Baker" in body
    assert "Carter" not in body
    assert "Alice Tester" in body


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "eddie", "ian"])
def test_team_cases_is_refused_to_staff_who_manage_no_team(personas, client_for, who):
    assert client_for(getattr(personas, who)).get(reverse("cases:team-cases")).status_code == 403


def test_a_head_of_service_sees_every_team_in_their_area_of_their_provider(personas, client_for):
    head = f.staff("hannah", team_=personas.team, grade="HEAD")
    f.person(officer=personas.eddie, last_name="Carter")
    crc_case = f.person(officer=personas.charlie, last_name="Dalton")
    crns = listed_crns(client_for(head).get(reverse("cases:team-cases")))
    assert personas.case.crn in crns
    assert len(crns) == 2
    assert crc_case.crn not in crns


def test_a_manager_cannot_pick_a_team_they_do_not_manage(personas, client_for):
    f.person(officer=personas.eddie, last_name="Carter")
    response = client_for(personas.maria).get(reverse("cases:team-cases"), {"team": personas.other_team.pk})
    assert listed_crns(response) == set()


def test_the_team_list_shows_a_case_an_excluded_manager_may_not_open_as_restricted(personas, client_for):
    f.exclude(personas.case, personas.maria)
    body = table_body(client_for(personas.maria).get(reverse("cases:team-cases")))
    assert "Restricted case" in body
    assert "Archer" not in body


# Search


@pytest.mark.parametrize("who", ["alice", "bob", "maria"])
def test_staff_of_the_managing_provider_find_the_case_by_surname(personas, client_for, who):
    response = client_for(getattr(personas, who)).get(reverse("cases:search"), {"q": "Archer"})
    assert response.status_code == 200
    assert listed_crns(response) == {personas.case.crn}
    assert "Archer, Jordan" in table_body(response)


@pytest.mark.parametrize(
    "query",
    [
        "archer",
        "Jordan Archer",
        "27/03/1990",
        "1990-03-27",
        "{crn}",
        "{crn_lower}",
        "2001/0123456Z",
        "Smithers",
    ],
)
def test_search_finds_by_name_crn_pnc_date_of_birth_or_alias(personas, client_for, query):
    from probation.people.models import Person

    Person.objects.filter(pk=personas.case.pk).update(pnc="2001/0123456Z")
    Alias.objects.create(external_id="alias-1", person=personas.case, first_name="Jo", last_name="Smithers")
    query = query.format(crn=personas.case.crn, crn_lower=personas.case.crn.lower())
    response = client_for(personas.alice).get(reverse("cases:search"), {"q": query})
    assert listed_crns(response) == {personas.case.crn}


def test_search_by_name_and_date_of_birth_needs_both_to_match(personas, client_for):
    response = client_for(personas.alice).get(reverse("cases:search"), {"q": "Archer 01/01/1980"})
    assert b"No people match" in response.content


def test_another_providers_officer_never_finds_the_case(personas, client_for):
    for query in ("Archer", personas.case.crn, "27/03/1990"):
        response = client_for(personas.charlie).get(reverse("cases:search"), {"q": query})
        assert response.status_code == 200
        assert b"No people match" in response.content
        assert b"Jordan" not in response.content


def test_an_excluded_officers_search_shows_restricted_case_without_the_name(personas, client_for):
    response = client_for(personas.eddie).get(reverse("cases:search"), {"q": "Archer"})
    body = table_body(response)
    assert "Restricted case" in body
    assert personas.case.crn in body
    for secret in ("Archer", "Jordan", "27/03/1990", "Community order"):
        assert secret not in body
    assert "Jordan" not in response.content.decode()


def test_a_restricted_case_shows_as_restricted_to_staff_not_on_its_list(personas, client_for):
    f.restrict_to(personas.case, personas.alice)
    bob_sees = table_body(client_for(personas.bob).get(reverse("cases:search"), {"q": personas.case.crn}))
    alice_sees = table_body(client_for(personas.alice).get(reverse("cases:search"), {"q": personas.case.crn}))
    assert "Restricted case" in bob_sees and "Archer" not in bob_sees
    assert "Archer, Jordan" in alice_sees


def test_an_inspector_finds_only_the_cases_granted_to_them(personas, client_for, grant_case):
    other = f.person(officer=personas.alice, last_name="Archer", first_name="Sam", dob=date(1985, 1, 1))
    client = client_for(personas.ian)
    assert b"No people match" in client.get(reverse("cases:search"), {"q": "Archer"}).content
    grant_case(personas.case, personas.ian)
    crns = listed_crns(client.get(reverse("cases:search"), {"q": "Archer"}))
    assert crns == {personas.case.crn}
    assert other.crn not in crns


def test_an_empty_search_asks_for_something_to_search_for(personas, client_for):
    response = client_for(personas.alice).get(reverse("cases:search"), {"q": ""})
    content = response.content.decode()
    assert 'class="govuk-error-summary"' in content
    assert '<a href="#id_q">Enter a name, CRN, PNC ID or date of birth</a>' in content
    assert content.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in content


def test_the_search_page_without_a_query_shows_just_the_form(personas, client_for):
    response = client_for(personas.alice).get(reverse("cases:search"))
    assert response.status_code == 200
    assert b"govuk-error-summary" not in response.content
    assert b"Results for" not in response.content


def test_an_anonymous_visitor_cannot_search(personas):
    response = Client().get(reverse("cases:search"), {"q": "Archer"})
    assert response.status_code == 302
    assert b"Archer" not in response.content
