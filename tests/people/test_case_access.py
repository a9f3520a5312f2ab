"""Who may open which case page. Deny by default: other providers are told the case does not exist,
excluded staff are told whom to contact, inspectors see only what they are granted."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from probation.people.models import Person
from probation.workforce.models import CaseInvolvement
from tests import factories as f

CASE_PAGES = ("cases:overview", "cases:ro-history", "cases:audit", "cases:edit-details")
READ_PAGES = ("cases:overview", "cases:ro-history")
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def url(name, person):
    return reverse(name, args=[person.crn])


def statuses(client, person, pages=CASE_PAGES):
    return {name: client.get(url(name, person)).status_code for name in pages}


def test_the_case_owner_may_open_the_overview_history_and_edit_form(personas, client_for):
    client = client_for(personas.alice)
    assert statuses(client, personas.case) == {
        "cases:overview": 200,
        "cases:ro-history": 200,
        "cases:audit": 403,
        "cases:edit-details": 200,
    }
    assert b"Jordan Archer" in client.get(url("cases:overview", personas.case)).content


def test_a_same_team_colleague_may_open_the_case_but_not_its_audit_trail(personas, client_for):
    assert statuses(client_for(personas.bob), personas.case) == {
        "cases:overview": 200,
        "cases:ro-history": 200,
        "cases:audit": 403,
        "cases:edit-details": 200,
    }


def test_the_team_manager_may_open_every_case_page_including_the_audit_trail(personas, client_for):
    assert set(statuses(client_for(personas.maria), personas.case).values()) == {200}


def test_the_audit_trail_link_shows_only_to_those_who_may_read_it(personas, client_for):
    audit_url = url("cases:audit", personas.case).encode()
    assert audit_url in client_for(personas.maria).get(url("cases:overview", personas.case)).content
    assert audit_url not in client_for(personas.alice).get(url("cases:overview", personas.case)).content


@pytest.mark.parametrize("roles, grade", [(("quality_assurance",), "PO"), (("practitioner",), "HEAD")])
def test_quality_assurance_staff_and_heads_of_service_may_read_the_audit_trail(
    personas, client_for, roles, grade
):
    reader = f.staff("reader", team_=personas.other_team, grade=grade, roles=roles)
    assert client_for(reader).get(url("cases:audit", personas.case)).status_code == 200


def test_another_providers_officer_is_told_the_case_does_not_exist(personas, client_for):
    client = client_for(personas.charlie)
    for name in CASE_PAGES:
        response = client.get(url(name, personas.case))
        assert response.status_code == 404, name
        assert b"Archer" not in response.content
        assert b"Restricted" not in response.content


def test_a_case_that_does_not_exist_looks_the_same_as_one_outside_the_users_scope(personas, client_for):
    client = client_for(personas.charlie)
    missing = client.get(reverse("cases:overview", args=["Z999999"]))
    hidden = client.get(url("cases:overview", personas.case))
    assert missing.status_code == hidden.status_code == 404

    def page(response, crn):
        # The sign-out form's CSRF token is masked afresh on every page.
        return CSRF_TOKEN.sub("", response.content.decode().replace(crn, "CRN"))

    assert page(missing, "Z999999") == page(hidden, personas.case.crn)


def test_an_officer_of_a_provider_with_an_open_involvement_may_read_the_case(personas, client_for):
    today = timezone.localdate()
    involvement = CaseInvolvement.objects.create(
        external_id="inv-1",
        person=personas.case,
        provider=personas.crc,
        role="intervention",
        start_date=today - timedelta(days=30),
    )
    assert client_for(personas.charlie).get(url("cases:overview", personas.case)).status_code == 200
    involvement.end_date = today - timedelta(days=1)
    involvement.save()
    assert client_for(personas.charlie).get(url("cases:overview", personas.case)).status_code == 404


def test_an_excluded_officer_is_refused_every_case_page_with_the_restricted_message(personas, client_for):
    client = client_for(personas.eddie)
    for name in CASE_PAGES:
        response = client.get(url(name, personas.case))
        assert response.status_code == 403, name
        assert b"You are restricted from viewing this case" in response.content, name
        assert b"Jordan" not in response.content
        assert b"Archer" not in response.content


def test_an_excluded_officer_sees_whom_to_contact(personas, client_for):
    Person.objects.filter(pk=personas.case.pk).update(
        access_contact="Maria Tester, SPO Stoke North, 01782 000000"
    )
    response = client_for(personas.eddie).get(url("cases:overview", personas.case))
    assert response.status_code == 403
    assert (
        "If you need access, contact Maria Tester, SPO Stoke North, 01782 000000."
        in response.content.decode()
    )


def test_without_a_named_contact_the_restricted_message_points_to_the_managers_of_the_officer(
    personas, client_for
):
    response = client_for(personas.eddie).get(url("cases:overview", personas.case))
    assert "contact the case&#x27;s responsible officer&#x27;s manager" in response.content.decode()


def test_an_excluded_officer_cannot_save_changes_to_the_case(personas, client_for):
    response = client_for(personas.eddie).post(
        url("cases:edit-details", personas.case),
        {
            "version": personas.case.version,
            "phone": "07000 000000",
            "first_language": "English",
            "ethnicity": "Z",
            "religion": "not_stated",
            "sexual_orientation": "not_stated",
        },
    )
    assert response.status_code == 403
    personas.case.refresh_from_db()
    assert personas.case.phone == ""


def test_a_restriction_list_lets_only_listed_staff_in(personas, client_for):
    f.restrict_to(personas.case, personas.bob)
    assert client_for(personas.bob).get(url("cases:overview", personas.case)).status_code == 200
    for outsider in (personas.alice, personas.maria):
        response = client_for(outsider).get(url("cases:overview", personas.case))
        assert response.status_code == 403, outsider.username
        assert b"You are restricted from viewing this case" in response.content


def test_an_exclusion_wins_over_a_place_on_the_restriction_list(personas, client_for):
    f.restrict_to(personas.case, personas.eddie)
    assert client_for(personas.eddie).get(url("cases:overview", personas.case)).status_code == 403


def test_an_inspector_without_a_grant_is_told_the_case_does_not_exist(personas, client_for):
    assert set(statuses(client_for(personas.ian), personas.case).values()) == {404}


def test_an_inspector_with_a_grant_may_read_but_not_change_the_case_nor_read_its_audit_trail(
    personas, client_for, grant_case
):
    grant_case(personas.case, personas.ian)
    client = client_for(personas.ian)
    assert statuses(client, personas.case) == {
        "cases:overview": 200,
        "cases:ro-history": 200,
        "cases:audit": 403,
        "cases:edit-details": 403,
    }
    assert (
        url("cases:edit-details", personas.case).encode()
        not in client.get(url("cases:overview", personas.case)).content
    )


def test_an_inspector_with_a_grant_cannot_save_changes(personas, client_for, grant_case):
    grant_case(personas.case, personas.ian)
    response = client_for(personas.ian).post(
        url("cases:edit-details", personas.case),
        {
            "version": personas.case.version,
            "phone": "07000 000000",
            "first_language": "English",
            "ethnicity": "Z",
            "religion": "not_stated",
            "sexual_orientation": "not_stated",
        },
    )
    assert response.status_code == 403
    personas.case.refresh_from_db()
    assert personas.case.phone == ""


def test_a_grant_to_one_case_opens_no_other(personas, client_for, grant_case):
    other = f.person(officer=personas.alice, last_name="Baker")
    grant_case(personas.case, personas.ian)
    assert client_for(personas.ian).get(url("cases:overview", other)).status_code == 404


@pytest.mark.parametrize("kind", ["expired", "revoked"])
def test_an_expired_or_revoked_grant_gives_no_access(personas, client_for, grant_case, kind):
    if kind == "expired":
        grant_case(personas.case, personas.ian, expires_on=timezone.localdate() - timedelta(days=1))
    else:
        grant_case(personas.case, personas.ian, revoked=True)
    assert set(statuses(client_for(personas.ian), personas.case, READ_PAGES).values()) == {404}


def test_a_grant_is_open_on_its_last_day(personas, client_for, grant_case):
    grant_case(personas.case, personas.ian, expires_on=timezone.localdate())
    assert client_for(personas.ian).get(url("cases:overview", personas.case)).status_code == 200


def test_a_crn_typed_in_lower_case_opens_the_same_case(personas, client_for):
    response = client_for(personas.alice).get(reverse("cases:overview", args=[personas.case.crn.lower()]))
    assert response.status_code == 200
    assert b"Jordan Archer" in response.content


ALL_PAGES = [
    ("cases:my-cases", False),
    ("cases:team-cases", False),
    ("cases:search", False),
    *[(name, True) for name in CASE_PAGES],
]


def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_page(personas):
    client = Client()
    for name, is_case_page in ALL_PAGES:
        path = reverse(name, args=[personas.case.crn]) if is_case_page else reverse(name)
        response = client.get(path)
        assert response.status_code == 302, name
        assert response["Location"] == f"{reverse('accounts:sign-in')}?next={path}", name


def test_an_anonymous_visitor_cannot_post_changes(personas):
    response = Client().post(url("cases:edit-details", personas.case), {"phone": "07000 000000"})
    assert response.status_code == 302
    personas.case.refresh_from_db()
    assert personas.case.phone == ""


def test_a_user_who_gave_only_a_password_is_sent_to_the_second_factor_from_every_page(
    personas, password_only_client_for
):
    client = password_only_client_for(personas.maria)
    for name, is_case_page in ALL_PAGES:
        path = reverse(name, args=[personas.case.crn]) if is_case_page else reverse(name)
        response = client.get(path)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:second-factor")), name
