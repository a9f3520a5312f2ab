"""Recording an appointment outcome: at most three screens, one form, back where you started with a
success banner. Absences wait 5 working days for evidence before they can be judged unacceptable."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from probation.audit.models import AuditEvent
from probation.contacts import rules
from probation.contacts.models import Contact
from probation.core.forms import STALE_RECORD_MESSAGE
from tests.contacts.conftest import appointment, at

LINK = re.compile(r'href="([^"]+/outcome/\?next=[^"]+)"')


def follow_link(client, page_html, contact):
    links = [
        m.replace("&amp;", "&") for m in LINK.findall(page_html) if f"/contacts/{contact.pk}/outcome/" in m
    ]
    assert links, "no Record outcome link on the page"
    return links[0]


def form_fields(html: str) -> set[str]:
    """The names of the fields the officer can fill in (hidden fields and the CSRF token excluded)."""
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*name="([^"]+)"', html))
    hidden = set(re.findall(r'<input type="hidden" name="([^"]+)"', html))
    return names - hidden - {"csrfmiddlewaretoken"}


@pytest.mark.parametrize("start", ["diary", "case"])
def test_recording_an_outcome_takes_at_most_three_screens(personas, client_for, start):
    contact = appointment(personas.case, when=timezone.now() - timedelta(minutes=30))
    client = client_for(personas.alice)
    screens = []

    # Screen 1: the diary (or the case's contact list) with a "Record outcome" link on the appointment.
    first = reverse("diary:week") if start == "diary" else reverse("contacts:list", args=[personas.case.crn])
    page = client.get(first)
    screens.append(first)
    assert page.status_code == 200
    link = follow_link(client, page.content.decode(), contact)

    # Screen 2: the one form.
    form_page = client.get(link)
    screens.append(link)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert form_fields(html) == {"outcome", "absence_reason", "notes", "sensitive"}
    version = re.search(r'name="version" value="(\d+)"', html)[1]
    back = re.search(r'name="next" value="([^"]+)"', html)[1]

    # Save, and the redirect lands back on screen 1 with a success banner: screen 3.
    response = client.post(
        link, {"outcome": "attended_complied", "version": version, "next": back}, follow=True
    )
    screens.extend(url for url, _ in response.redirect_chain)
    assert response.status_code == 200
    assert len(screens) <= 3
    assert response.redirect_chain[-1][0] == first
    assert "govuk-notification-banner--success" in response.content.decode()
    assert "Outcome recorded for Jordan Archer: Attended – complied" in response.content.decode()
    contact.refresh_from_db()
    assert contact.outcome == "attended_complied"
    assert contact.outcome_recorded_by == personas.alice


def test_the_home_page_links_straight_to_the_form_and_comes_back(personas, client_for):
    contact = appointment(personas.case, when=timezone.now() - timedelta(minutes=5))
    client = client_for(personas.alice)
    home = client.get(reverse("home")).content.decode()
    link = follow_link(client, home, contact)
    version = contact.version
    response = client.post(
        link, {"outcome": "attended_complied", "version": version, "next": reverse("home")}, follow=True
    )
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Outcome recorded" in response.content.decode()


def test_failed_to_attend_without_evidence_waits_five_working_days(personas, client_for):
    contact = appointment(personas.case, when=at(-1))
    client = client_for(personas.alice)
    url = reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk])
    response = client.post(url, {"outcome": "awaiting_evidence", "version": contact.version}, follow=True)
    contact.refresh_from_db()
    assert contact.outcome == "awaiting_evidence"
    assert contact.evidence_due == rules.evidence_due(timezone.localdate(contact.starts_at), "ENG")
    assert f"Evidence is due by {contact.evidence_due:%-d %B %Y}" in response.content.decode()


def test_an_absence_is_judged_acceptable_as_soon_as_evidence_arrives(personas, client_for):
    contact = appointment(
        personas.case,
        when=at(-1),
        outcome="awaiting_evidence",
        evidence_due=timezone.localdate() + timedelta(days=6),
    )
    url = reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk])
    client_for(personas.alice).post(
        url, {"outcome": "acceptable_absence", "absence_reason": "medical", "version": contact.version}
    )
    contact.refresh_from_db()
    assert (contact.outcome, contact.absence_reason) == ("acceptable_absence", "medical")
    assert contact.evidence_due is not None  # the window it was judged in stays on the record


def test_an_absence_cannot_be_judged_unacceptable_while_evidence_may_still_come(personas, client_for):
    due = timezone.localdate() + timedelta(days=3)
    contact = appointment(personas.case, when=at(-1), outcome="awaiting_evidence", evidence_due=due)
    url = reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk])
    response = client_for(personas.alice).post(
        url, {"outcome": "unacceptable_absence", "notes": "No reason given", "version": contact.version}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert f"The person has until {due:%-d %B %Y} to give evidence" in html
    contact.refresh_from_db()
    assert contact.outcome == "awaiting_evidence"


def test_once_the_evidence_window_has_closed_the_absence_is_judged_unacceptable(personas, client_for):
    contact = appointment(
        personas.case,
        when=at(-10),
        outcome="awaiting_evidence",
        evidence_due=timezone.localdate() - timedelta(days=1),
    )
    url = reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk])
    client_for(personas.alice).post(
        url, {"outcome": "unacceptable_absence", "notes": "No evidence given", "version": contact.version}
    )
    contact.refresh_from_db()
    assert contact.outcome == "unacceptable_absence"
    assert "No evidence given" in contact.notes


def test_a_judged_absence_offers_only_acceptable_or_unacceptable(personas, client_for):
    contact = appointment(
        personas.case,
        when=at(-10),
        outcome="awaiting_evidence",
        evidence_due=timezone.localdate() - timedelta(days=1),
    )
    html = (
        client_for(personas.alice)
        .get(reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk]))
        .content.decode()
    )
    values = set(re.findall(r'name="outcome" type="radio" value="([^"]+)"', html))
    assert values == {"acceptable_absence", "unacceptable_absence"}
    assert "Decide the absence" in html


def test_bad_input_is_shown_in_a_govuk_error_summary_beside_the_field(personas, client_for):
    contact = appointment(personas.case, when=at(-1))
    url = reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk])
    client = client_for(personas.alice)
    html = client.post(url, {"version": contact.version}).content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_outcome_0">Select the outcome of the appointment</a>' in html
    assert 'id="id_outcome"' in html
    assert html.count("govuk-error-message") == 1

    html = client.post(url, {"outcome": "acceptable_absence", "version": contact.version}).content.decode()
    assert '<a href="#id_absence_reason">Select the reason the absence is acceptable</a>' in html

    html = client.post(url, {"outcome": "attended_failed", "version": contact.version}).content.decode()
    assert '<a href="#id_notes">Describe how they failed to comply</a>' in html
    assert html.startswith("<!DOCTYPE html>") or "<title>Error:" in html
    contact.refresh_from_db()
    assert contact.outcome == ""


def test_an_outcome_cannot_be_recorded_before_the_appointment(personas, client_for):
    contact = appointment(personas.case, when=at(2))
    url = reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk])
    html = client_for(personas.alice).post(url, {"outcome": "attended_complied", "version": contact.version})
    assert "once the appointment has started" in html.content.decode()
    contact.refresh_from_db()
    assert contact.outcome == ""


def test_a_stale_form_is_refused_instead_of_overwriting_a_colleagues_outcome(personas, client_for):
    contact = appointment(personas.case, when=at(-1))
    url = reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk])
    version = contact.version
    client_for(personas.bob).post(url, {"outcome": "attended_complied", "version": version})
    response = client_for(personas.alice).post(
        url, {"outcome": "attended_failed", "notes": "Refused to engage", "version": version}
    )
    assert STALE_RECORD_MESSAGE in response.content.decode()
    contact.refresh_from_db()
    assert contact.outcome == "attended_complied"
    assert contact.outcome_recorded_by == personas.bob


def test_recording_an_outcome_is_audited_without_the_notes(personas, client_for):
    contact = appointment(personas.case, when=at(-1))
    url = reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk])
    client_for(personas.alice).post(
        url, {"outcome": "attended_failed", "notes": "Arrived drunk", "version": contact.version}
    )
    event = AuditEvent.objects.get(user=personas.alice, action="update", object_id=str(contact.pk))
    assert event.summary == "Recorded outcome: Attended – failed to comply"
    assert event.detail["changes"]["outcome"] == ["", "attended_failed"]
    assert "Arrived drunk" not in str(event.detail)


def test_notes_are_added_and_sensitivity_is_never_removed(personas, client_for):
    contact = appointment(personas.case, when=at(-1), notes="Booked after a call", sensitive=True)
    url = reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk])
    client_for(personas.alice).post(
        url, {"outcome": "attended_complied", "notes": "Went well", "version": contact.version}
    )
    contact.refresh_from_db()
    assert contact.notes.startswith("Booked after a call")
    assert "Went well" in contact.notes
    assert contact.sensitive


def test_a_case_note_takes_no_outcome(personas, client_for):
    note = appointment(personas.case, type="note")
    url = reverse("contacts:record-outcome", args=[personas.case.crn, note.pk])
    assert client_for(personas.alice).get(url).status_code == 404


def test_the_return_address_must_be_one_of_ours(personas, client_for):
    contact = appointment(personas.case, when=at(-1))
    url = reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk])
    response = client_for(personas.alice).post(
        url, {"outcome": "attended_complied", "version": contact.version, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("contacts:list", args=[personas.case.crn])


def test_contacts_filter_by_type_and_outcome(personas, client_for):
    appointment(personas.case, when=at(-3), outcome="attended_complied", location="Complied place")
    appointment(personas.case, when=at(-2), type="home_visit", location="Home place")
    appointment(personas.case, when=at(-1), location="Unrecorded place")
    client = client_for(personas.alice)
    url = reverse("contacts:list", args=[personas.case.crn])
    assert "2 contacts<" in client.get(url, {"outcome": "none"}).content.decode()
    assert "1 contact<" in client.get(url, {"type": "home_visit"}).content.decode()
    assert "1 contact<" in client.get(url, {"outcome": "attended_complied"}).content.decode()


def test_the_contact_list_is_paginated(personas, client_for):
    Contact.objects.bulk_create(
        [
            Contact(
                external_id=f"bulk-{n}",
                person=personas.case,
                officer=personas.alice,
                type="office",
                starts_at=at(-n - 1),
            )
            for n in range(30)
        ]
    )
    client = client_for(personas.alice)
    url = reverse("contacts:list", args=[personas.case.crn])
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in client.get(url, {"page": 2}).content.decode()
