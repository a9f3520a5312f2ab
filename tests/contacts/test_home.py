"""The officer's home page: today's appointments and what is due or overdue across the caseload, each
with one click to act; other apps add items through `due.py` providers."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from probation.home import due
from probation.risk.models import FlagType, Registration
from tests import factories as f
from tests.contacts.conftest import appointment, at, level


def registration(person, *, days_to_review, flag_code="MH", deregistered=False):
    flag, _ = FlagType.objects.get_or_create(
        code=flag_code,
        defaults={"name": "Mental health issues", "group": "alert", "meaning": "Mental health"},
    )
    today = timezone.localdate()
    return Registration.objects.create(
        external_id=f"reg-{person.pk}-{days_to_review}",
        person=person,
        flag=flag,
        registered_on=today - timedelta(days=180),
        review_due=today + timedelta(days=days_to_review),
        deregistered_on=today if deregistered else None,
    )


def kinds(items):
    return sorted({item.kind for item in items})


def test_todays_appointments_with_one_click_to_record_the_outcome(personas, client_for):
    earlier = appointment(personas.case, when=timezone.now() - timedelta(minutes=1))
    later = appointment(personas.case, when=at(0, 23, 59))
    appointment(personas.case, when=at(1))  # tomorrow: not today
    html = client_for(personas.alice).get(reverse("home")).content.decode()
    assert reverse("contacts:record-outcome", args=[personas.case.crn, earlier.pk]) in html
    assert (
        reverse("contacts:record-outcome", args=[personas.case.crn, later.pk]) not in html
    )  # not yet started
    assert html.count(">Jordan Archer</a>") == 2


def test_what_is_due_for_an_officer(personas):
    today = timezone.localdate()
    appointment(personas.case, when=at(-3))  # no outcome
    appointment(
        personas.case, when=at(-12), outcome="awaiting_evidence", evidence_due=today - timedelta(days=1)
    )
    appointment(
        personas.case, when=at(-2), outcome="awaiting_evidence", evidence_due=today + timedelta(days=3)
    )
    appointment(personas.case, when=at(-4), outcome="attended_complied")
    registration(personas.case, days_to_review=-5)
    registration(personas.case, days_to_review=-50, flag_code="SH", deregistered=True)
    items = [i for i in due.collect(personas.alice, today) if i.kind.startswith(("contacts.", "risk."))]
    assert kinds(items) == [
        "contacts.absence_decision",
        "contacts.outcome_not_recorded",
        "risk.registration_review",
    ]
    assert all(item.overdue for item in items)
    assert len(items) == 3  # the absence still within its evidence window and the ended flag are not due


def test_a_registration_review_due_soon_shows_but_is_not_overdue(personas):
    registration(personas.case, days_to_review=7)
    registration(personas.case, days_to_review=60, flag_code="SH")
    items = [
        i for i in due.collect(personas.alice, timezone.localdate()) if i.kind == "risk.registration_review"
    ]
    assert len(items) == 1 and not items[0].overdue


def test_items_are_only_for_the_users_own_caseload_and_cases_they_may_open(personas):
    today = timezone.localdate()
    appointment(personas.case, when=at(-3))
    assert not [i for i in due.collect(personas.bob, today) if i.kind.startswith("contacts.")]
    f.exclude(personas.case, personas.alice)
    assert not [i for i in due.collect(personas.alice, today) if i.kind.startswith("contacts.")]


def test_the_spo_sees_step_downs_awaiting_their_approval(personas):
    level(
        personas.case,
        frequency="fortnightly",
        status="awaiting_approval",
        requested_by=personas.alice,
        requested_at=timezone.now() - timedelta(days=14),
    )
    items = [
        i
        for i in due.collect(personas.maria, timezone.localdate())
        if i.kind == "contacts.step_down_approval"
    ]
    assert len(items) == 1
    assert items[0].overdue  # more than 5 working days old
    pending = personas.case.contact_levels.get()
    assert items[0].action_url == reverse("contacts:level-decide", args=[personas.case.crn, pending.pk])


def test_overdue_items_come_first(personas):
    today = timezone.localdate()
    registration(personas.case, days_to_review=3)
    appointment(personas.case, when=at(-3))
    items = due.collect(personas.alice, today)
    assert [i.overdue for i in items] == sorted([i.overdue for i in items], reverse=True)


def test_the_home_page_groups_items_and_links_each_to_its_action(personas, client_for):
    contact = appointment(personas.case, when=at(-3))
    registration(personas.case, days_to_review=-1)
    html = client_for(personas.alice).get(reverse("home")).content.decode()
    assert "Appointments with no outcome recorded (1)" in html
    assert "Registration reviews (1)" in html
    assert reverse("contacts:record-outcome", args=[personas.case.crn, contact.pk]) + "?next=/" in html
    assert 'data-kind="contacts.outcome_not_recorded"' in html
    assert 'data-kind="risk.registration_review"' in html
    assert "govuk-tag--red\">Overdue" in html


def test_a_provider_is_any_installed_apps_due_module(settings):
    modules = [p.module for p in due.providers()]
    assert "probation.contacts.due" in modules
    assert "probation.home.registrations" in modules
    assert all(callable(p.due_items) for p in due.providers())


def test_nothing_due_for_an_inspector(personas):
    assert due.collect(personas.ian, timezone.localdate()) == []


def test_each_kind_is_capped(personas):
    from probation.contacts.models import Contact

    Contact.objects.bulk_create(
        [
            Contact(
                external_id=f"cap-{n}",
                person=personas.case,
                officer=personas.alice,
                type="office",
                starts_at=at(-n - 1),
            )
            for n in range(due.MAX_ITEMS_PER_KIND + 5)
        ]
    )
    items = [
        i
        for i in due.collect(personas.alice, timezone.localdate())
        if i.kind == "contacts.outcome_not_recorded"
    ]
    assert len(items) == due.MAX_ITEMS_PER_KIND
    groups = due.grouped(items)
    assert groups[0].maybe_more
