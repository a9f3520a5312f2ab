"""Booking appointments, one or a repeating series, and who may read a sensitive note."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from probation.audit.models import AuditEvent
from probation.contacts import services
from probation.contacts.models import Contact
from probation.core.exceptions import NotPermitted
from probation.sentences.models import Requirement
from tests import factories as f
from tests.contacts.conftest import appointment, at


def booking(day: date, **extra):
    return {
        "type": "office",
        "date_0": day.day,
        "date_1": day.month,
        "date_2": day.year,
        "time": "14:30",
        "location": "Hanley office",
        "national_standard": "on",
        "notes": "",
        **extra,
    }


def test_an_officer_books_an_appointment_in_one_form(personas, client_for):
    day = timezone.localdate() + timedelta(days=7)
    url = reverse("contacts:book", args=[personas.case.crn])
    response = client_for(personas.bob).post(url, booking(day), follow=True)
    assert response.redirect_chain == [(reverse("contacts:list", args=[personas.case.crn]), 302)]
    assert f"Appointment booked for {day:%-d %B %Y} at 14:30" in response.content.decode()
    contact = Contact.objects.get(person=personas.case)
    assert timezone.localtime(contact.starts_at).time() == time(14, 30)
    assert contact.officer == personas.alice  # with the responsible officer, whoever books it
    assert contact.booked_by == personas.bob
    assert contact.national_standard and not contact.series
    assert AuditEvent.objects.filter(user=personas.bob, action="create", person=personas.case).exists()


def test_a_weekly_series_shares_a_key_and_keeps_its_hour_across_the_clock_change(personas):
    # 20 October 2026 is before the clocks go back on 25 October.
    start = timezone.make_aware(datetime(2026, 10, 20, 9, 0))
    contacts = services.appointment_book(
        by_user=personas.alice,
        person=personas.case,
        type="office",
        starts_at=start,
        repeat="weekly",
        occurrences=4,
    )
    assert len(contacts) == 4
    assert len({c.series for c in contacts}) == 1 and contacts[0].series
    assert [timezone.localtime(c.starts_at).strftime("%d %H:%M") for c in contacts] == [
        "20 09:00",
        "27 09:00",
        "03 09:00",
        "10 09:00",
    ]


def test_a_fortnightly_series(personas):
    start = at(1, 11)
    contacts = services.appointment_book(
        by_user=personas.alice,
        person=personas.case,
        type="home_visit",
        starts_at=start,
        repeat="fortnightly",
        occurrences=3,
    )
    assert [c.starts_at - start for c in contacts] == [timedelta(0), timedelta(days=14), timedelta(days=28)]


def test_a_repeating_appointment_needs_a_number_of_appointments(personas, client_for):
    day = timezone.localdate() + timedelta(days=7)
    url = reverse("contacts:book", args=[personas.case.crn])
    html = client_for(personas.alice).post(url, booking(day, repeat="weekly")).content.decode()
    assert '<a href="#id_occurrences">Enter how many appointments to book in all</a>' in html
    html = (
        client_for(personas.alice).post(url, booking(day, repeat="weekly", occurrences="40")).content.decode()
    )
    assert "Number of appointments must be between 2 and 26" in html
    assert not Contact.objects.exists()


def test_booking_errors_appear_in_the_error_summary(personas, client_for):
    url = reverse("contacts:book", args=[personas.case.crn])
    html = (
        client_for(personas.alice)
        .post(url, {"type": "", "time": "25:00", "date_0": "31", "date_1": "2", "date_2": "2027"})
        .content.decode()
    )
    assert "There is a problem" in html
    assert '<a href="#id_type">Select the type of appointment</a>' in html
    assert '<a href="#id_date_0">Date must be a real date, for example 27 3 2007</a>' in html
    assert '<a href="#id_time">Enter a real time, like 09:30 or 14:30</a>' in html


def test_an_appointment_can_deliver_one_of_the_persons_requirements(personas, client_for):
    requirement = Requirement.objects.get(disposal__event__person=personas.case)
    day = timezone.localdate() + timedelta(days=2)
    url = reverse("contacts:book", args=[personas.case.crn])
    client_for(personas.alice).post(url, booking(day, type="unpaid_work", requirement=requirement.pk))
    assert Contact.objects.get().requirement == requirement


def test_another_persons_requirement_is_refused(personas):
    other = f.person(officer=personas.alice, last_name="Other")
    f.sentence(other)
    theirs = Requirement.objects.get(disposal__event__person=other)
    with pytest.raises(ValidationError) as error:
        services.appointment_book(
            by_user=personas.alice,
            person=personas.case,
            type="office",
            starts_at=at(1),
            requirement_id=theirs.pk,
        )
    assert "requirement" in error.value.message_dict


def test_the_service_refuses_users_who_may_not_write(personas, grant_case):
    grant_case(personas.case, personas.ian)
    for user in (personas.ian, personas.eddie, personas.charlie):
        with pytest.raises(NotPermitted):
            services.appointment_book(by_user=user, person=personas.case, type="office", starts_at=at(1))
    assert not Contact.objects.exists()


def test_a_case_note_cannot_be_booked_as_an_appointment(personas):
    with pytest.raises(ValidationError):
        services.appointment_book(by_user=personas.alice, person=personas.case, type="note", starts_at=at(1))


# --- Sensitive notes ---------------------------------------------------------------------------------------


@pytest.fixture
def sensitive(personas):
    return appointment(
        personas.case, notes="Disclosed a new relationship with a child's mother", sensitive=True
    )


@pytest.mark.parametrize("who", ["alice", "bob", "maria"])
def test_the_cases_team_reads_sensitive_notes(personas, client_for, sensitive, who):
    client = client_for(getattr(personas, who))
    assert (
        "new relationship" in client.get(reverse("contacts:list", args=[personas.case.crn])).content.decode()
    )
    detail = client.get(reverse("contacts:detail", args=[personas.case.crn, sensitive.pk])).content.decode()
    assert "new relationship" in detail


def test_outside_the_team_a_sensitive_note_is_hidden_until_asked_for_and_the_asking_is_audited(
    personas, client_for, sensitive
):
    colleague = f.staff("olga", team_=personas.other_team)
    client = client_for(colleague)
    listing = client.get(reverse("contacts:list", args=[personas.case.crn])).content.decode()
    assert "new relationship" not in listing
    assert "Show sensitive note" in listing
    detail_url = reverse("contacts:detail", args=[personas.case.crn, sensitive.pk])
    assert "new relationship" not in client.get(detail_url).content.decode()
    assert not AuditEvent.objects.filter(user=colleague, summary__contains="sensitive").exists()

    shown = client.get(detail_url, {"show": "sensitive"}).content.decode()
    assert "new relationship" in shown
    event = AuditEvent.objects.get(
        user=colleague, summary="Viewed a sensitive note from outside the case's team"
    )
    assert event.person == personas.case and event.object_id == str(sensitive.pk)


def test_an_inspector_must_ask_to_read_a_sensitive_note_too(personas, client_for, grant_case, sensitive):
    grant_case(personas.case, personas.ian)
    client = client_for(personas.ian)
    assert (
        "new relationship"
        not in client.get(reverse("contacts:list", args=[personas.case.crn])).content.decode()
    )
    url = reverse("contacts:detail", args=[personas.case.crn, sensitive.pk])
    assert "new relationship" in client.get(url, {"show": "sensitive"}).content.decode()


def test_the_outcome_form_never_shows_the_existing_notes(personas, client_for, sensitive):
    colleague = f.staff("olga", team_=personas.other_team)
    html = (
        client_for(colleague)
        .get(reverse("contacts:record-outcome", args=[personas.case.crn, sensitive.pk]))
        .content.decode()
    )
    assert "new relationship" not in html
