"""Changing a person's details: saved whole or not at all, never over someone else's newer edit."""

import re

import pytest
from django.urls import reverse

from probation.audit.models import Action, AuditEvent
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.services import person_update_details
from tests.people.test_audit import edit_form_data

STALE = "This record has changed since you opened it"


def edit_url(person):
    return reverse("cases:edit-details", args=[person.crn])


def error_summary(response) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', response.content.decode(), re.S)
    assert match, "the page has no error summary"
    return match.group(0)


def opened_version(client, person) -> int:
    """The version the edit form carries, as a browser would send it back."""
    content = client.get(edit_url(person)).content.decode()
    return int(re.search(r'name="version" value="(\d+)"', content).group(1))


def test_saving_details_changes_the_record_raises_the_version_and_returns_to_the_overview(
    personas, client_for
):
    client = client_for(personas.alice)
    response = client.post(edit_url(personas.case), edit_form_data(personas.case, phone="07700 900123"))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:overview", args=[personas.case.crn])
    personas.case.refresh_from_db()
    assert personas.case.phone == "07700 900123"
    assert personas.case.version == 2
    overview = client.get(response["Location"]).content.decode()
    assert "Personal details saved" in overview
    assert re.search(r'id="person-phone">07700 900123<', overview)


def test_the_second_of_two_users_editing_at_once_is_refused_and_nothing_of_theirs_is_saved(
    personas, client_for
):
    alice, bob = client_for(personas.alice), client_for(personas.bob)
    alice_version = opened_version(alice, personas.case)
    bob_version = opened_version(bob, personas.case)

    first = alice.post(
        edit_url(personas.case), edit_form_data(personas.case, version=alice_version, phone="111")
    )
    assert first.status_code == 302

    second = bob.post(
        edit_url(personas.case),
        edit_form_data(
            personas.case, version=bob_version, phone="222", email="bob@example.com", first_language="Urdu"
        ),
    )
    assert second.status_code == 200
    assert STALE in error_summary(second)
    assert second.content.decode().count(STALE) == 1
    personas.case.refresh_from_db()
    assert (personas.case.phone, personas.case.email, personas.case.first_language) == ("111", "", "English")
    assert personas.case.version == 2
    changes = AuditEvent.objects.filter(person=personas.case, action=Action.UPDATE)
    assert [row.user for row in changes] == [personas.alice]


def test_after_reloading_the_second_user_can_make_their_edit(personas, client_for):
    alice, bob = client_for(personas.alice), client_for(personas.bob)
    stale = opened_version(bob, personas.case)
    alice.post(edit_url(personas.case), edit_form_data(personas.case, version=stale, phone="111"))
    fresh = opened_version(bob, personas.case)
    assert fresh == stale + 1
    personas.case.refresh_from_db()
    assert (
        bob.post(
            edit_url(personas.case), edit_form_data(personas.case, version=fresh, phone="222")
        ).status_code
        == 302
    )
    personas.case.refresh_from_db()
    assert personas.case.phone == "222"


def test_an_invalid_email_is_shown_in_the_error_summary_linking_to_the_field_and_nothing_is_saved(
    personas, client_for
):
    response = client_for(personas.alice).post(
        edit_url(personas.case), edit_form_data(personas.case, email="not-an-email", phone="07700 900123")
    )
    assert response.status_code == 200
    summary = error_summary(response)
    assert (
        '<a href="#id_email">Enter an email address in the correct format, like name@example.com</a>'
        in summary
    )
    content = response.content.decode()
    assert 'id="id_email-error"' in content
    assert re.search(r'<input class="[^"]*govuk-input--error[^"]*" id="id_email"', content)
    assert re.search(r'id="id_email"[^>]*aria-describedby="[^"]*id_email-error', content)
    assert "<title>Error: " in content
    personas.case.refresh_from_db()
    assert (personas.case.email, personas.case.phone, personas.case.version) == ("", "", 1)
    assert not AuditEvent.objects.filter(action=Action.UPDATE).exists()


def test_a_missing_first_language_is_asked_for(personas, client_for):
    response = client_for(personas.alice).post(
        edit_url(personas.case), edit_form_data(personas.case, first_language="")
    )
    assert '<a href="#id_first_language">Enter the person&#x27;s first language</a>' in error_summary(
        response
    )


def test_an_unknown_choice_is_refused(personas, client_for):
    response = client_for(personas.alice).post(
        edit_url(personas.case), edit_form_data(personas.case, ethnicity="ZZ")
    )
    assert 'href="#id_ethnicity"' in error_summary(response)
    personas.case.refresh_from_db()
    assert personas.case.ethnicity == "NS"


def test_the_form_keeps_what_the_user_typed_when_it_shows_errors(personas, client_for):
    response = client_for(personas.alice).post(
        edit_url(personas.case), edit_form_data(personas.case, email="not-an-email", phone="07700 900123")
    )
    content = response.content.decode()
    assert 'value="07700 900123"' in content
    assert 'value="not-an-email"' in content


def test_the_service_refuses_a_stale_version(personas):
    with pytest.raises(StaleRecord):
        person_update_details(
            by_user=personas.alice, crn=personas.case.crn, version=7, changes={"phone": "1"}
        )
    personas.case.refresh_from_db()
    assert personas.case.phone == ""


def test_the_service_refuses_fields_that_are_not_editable_here(personas):
    with pytest.raises(ValueError, match="last_name"):
        person_update_details(
            by_user=personas.alice, crn=personas.case.crn, version=1, changes={"last_name": "X"}
        )


@pytest.mark.parametrize("who", ["charlie", "eddie", "ian"])
def test_the_service_refuses_staff_who_may_not_open_the_case(personas, who):
    with pytest.raises(NotPermitted):
        person_update_details(
            by_user=getattr(personas, who), crn=personas.case.crn, version=1, changes={"phone": "1"}
        )
    personas.case.refresh_from_db()
    assert personas.case.phone == ""


def test_the_service_refuses_an_inspector_whose_grant_is_read_only(personas, grant_case):
    grant_case(personas.case, personas.ian)
    with pytest.raises(NotPermitted):
        person_update_details(by_user=personas.ian, crn=personas.case.crn, version=1, changes={"phone": "1"})
