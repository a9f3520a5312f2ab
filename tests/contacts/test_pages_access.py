"""Who may open each contacts page. Owner and team colleague may read and write; the manager too;
another provider is told the case does not exist; an excluded officer is refused with whom to ask;
an inspector with a grant may read but never write; anyone signed out is sent to sign in."""

import pytest
from django.test import Client
from django.urls import reverse

from probation.audit.models import AuditEvent
from tests import factories as f
from tests.contacts.conftest import appointment, at

READ_PAGES = ["contacts:list", "contacts:detail"]
WRITE_PAGES = ["contacts:book", "contacts:record-outcome", "contacts:level-change"]


def page_url(name, person, contact):
    if name in ("contacts:detail", "contacts:record-outcome"):
        return reverse(name, args=[person.crn, contact.pk])
    return reverse(name, args=[person.crn])


@pytest.fixture
def contact(personas):
    return appointment(personas.case, when=at(-1))


def statuses(client, personas, contact, pages):
    return {name: client.get(page_url(name, personas.case, contact)).status_code for name in pages}


@pytest.mark.parametrize("who", ["alice", "bob", "maria"])
def test_the_owner_a_team_colleague_and_the_manager_may_read_and_write(personas, client_for, contact, who):
    client = client_for(getattr(personas, who))
    assert set(statuses(client, personas, contact, READ_PAGES + WRITE_PAGES).values()) == {200}


def test_another_providers_officer_is_told_the_case_does_not_exist(personas, client_for, contact):
    client = client_for(personas.charlie)
    for name in READ_PAGES + WRITE_PAGES:
        response = client.get(page_url(name, personas.case, contact))
        assert response.status_code == 404, name
        assert b"Archer" not in response.content


def test_an_excluded_officer_is_refused_and_told_whom_to_ask(personas, client_for, contact):
    client = client_for(personas.eddie)
    for name in READ_PAGES + WRITE_PAGES:
        response = client.get(page_url(name, personas.case, contact))
        assert response.status_code == 403, name
        assert b"You are restricted from viewing this case" in response.content
        assert b"Stoke office" not in response.content


def test_an_inspector_without_a_grant_cannot_find_the_case(personas, client_for, contact):
    assert set(statuses(client_for(personas.ian), personas, contact, READ_PAGES + WRITE_PAGES).values()) == {
        404
    }


def test_an_inspector_with_a_grant_may_read_contacts_but_not_write(personas, client_for, grant_case, contact):
    grant_case(personas.case, personas.ian)
    client = client_for(personas.ian)
    assert set(statuses(client, personas, contact, READ_PAGES).values()) == {200}
    assert set(statuses(client, personas, contact, WRITE_PAGES).values()) == {403}
    page = client.get(reverse("contacts:list", args=[personas.case.crn])).content.decode()
    assert "Book an appointment" not in page
    assert "Record outcome" not in page


def test_an_inspector_cannot_post_an_outcome_either(personas, client_for, grant_case, contact):
    grant_case(personas.case, personas.ian)
    response = client_for(personas.ian).post(
        reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk]),
        {"outcome": "attended_complied", "version": contact.version},
    )
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.outcome == ""


def test_staff_of_a_provider_involved_in_the_case_may_read_but_not_write(personas, client_for, contact):
    from probation.workforce.models import CaseInvolvement

    CaseInvolvement.objects.create(
        external_id="inv-1",
        person=personas.case,
        provider=personas.crc,
        role="intervention",
        start_date=at(-30).date(),
    )
    client = client_for(personas.charlie)
    assert set(statuses(client, personas, contact, READ_PAGES).values()) == {200}
    assert set(statuses(client, personas, contact, WRITE_PAGES).values()) == {403}


@pytest.mark.parametrize("name", ["home", "diary:week", "step-down-approvals"])
def test_signed_out_users_are_sent_to_sign_in_from_the_officer_pages(db, name):
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_signed_out_users_are_sent_to_sign_in_from_case_contact_pages(personas, contact):
    for name in READ_PAGES + WRITE_PAGES:
        response = Client().get(page_url(name, personas.case, contact))
        assert response.status_code == 302, name


def test_a_contact_of_another_case_is_not_found_under_this_crn(personas, client_for):
    other = f.person(officer=personas.alice, last_name="Other")
    theirs = appointment(other)
    response = client_for(personas.alice).get(reverse("contacts:detail", args=[personas.case.crn, theirs.pk]))
    assert response.status_code == 404


def test_reading_the_contacts_is_audited(personas, client_for, contact):
    client_for(personas.bob).get(reverse("contacts:list", args=[personas.case.crn]))
    assert AuditEvent.objects.filter(
        user=personas.bob, person=personas.case, summary="Viewed contacts"
    ).exists()


# --- Diary, home and approvals ----------------------------------------------------------------------------


def test_every_provider_officer_has_a_diary(personas, client_for):
    for who in ("alice", "bob", "maria", "charlie", "eddie"):
        assert client_for(getattr(personas, who)).get(reverse("diary:week")).status_code == 200, who


def test_an_inspector_has_no_diary(personas, client_for):
    assert client_for(personas.ian).get(reverse("diary:week")).status_code == 403


def test_a_manager_may_open_the_diary_of_an_officer_in_their_team(personas, client_for):
    response = client_for(personas.maria).get(reverse("diary:week"), {"officer": personas.alice.pk})
    assert response.status_code == 200
    assert "Diary of Alice Tester" in response.content.decode()


@pytest.mark.parametrize("who, whose", [("alice", "bob"), ("maria", "eddie"), ("maria", "charlie")])
def test_nobody_may_open_the_diary_of_someone_they_do_not_manage(personas, client_for, who, whose):
    response = client_for(getattr(personas, who)).get(
        reverse("diary:week"), {"officer": getattr(personas, whose).pk}
    )
    assert response.status_code == 403


def test_the_inspectors_landing_page_is_their_assigned_cases(personas, client_for):
    response = client_for(personas.ian).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:my-cases")


@pytest.mark.parametrize("who", ["alice", "bob", "maria", "charlie", "eddie"])
def test_every_provider_officer_lands_on_their_home_page(personas, client_for, who):
    response = client_for(getattr(personas, who)).get(reverse("home"))
    assert response.status_code == 200
    assert "Your work today" in response.content.decode()


def test_only_managers_have_a_step_down_approval_list(personas, client_for):
    assert client_for(personas.maria).get(reverse("step-down-approvals")).status_code == 200
    for who in ("alice", "bob", "ian"):
        assert client_for(getattr(personas, who)).get(reverse("step-down-approvals")).status_code == 403, who


def test_the_case_header_has_a_contacts_tab_and_the_navigation_a_diary(personas, client_for):
    page = (
        client_for(personas.alice).get(reverse("cases:overview", args=[personas.case.crn])).content.decode()
    )
    assert reverse("contacts:list", args=[personas.case.crn]) in page
    assert f'href="{reverse("diary:week")}"' in page
