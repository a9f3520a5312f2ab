"""The contacts pages, the diary and the home page issue a bounded number of queries, whatever the
number of contacts: the same ceiling holds for 5 and for 60."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from probation.contacts.models import Contact
from tests import factories as f
from tests.contacts.conftest import at, level

# The home page's ceiling leaves room for the due-item providers other apps plug in (about a dozen of
# its queries are theirs); each provider must add a fixed number of queries.
MAX_QUERIES = {
    "contacts:list": 15,
    "diary:week": 10,
    "home": 32,
    "home-spo": 34,
    "step-down-approvals": 9,
}


def build(personas, size: int):
    """`size` contacts spread over the week and the past for alice, over `size // 5 + 1` cases, with
    every kind of due item present."""
    cases = [personas.case] + [
        f.person(officer=personas.alice, last_name="Archer", first_name=f"Case{n:02d}")
        for n in range(size // 5)
    ]
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    contacts = []
    for n in range(size):
        person = cases[n % len(cases)]
        when = at((monday - today).days + n % 7, 9 + n % 8)
        outcome = ["", "attended_complied", "awaiting_evidence", "attended_failed"][n % 4]
        contacts.append(
            Contact(
                external_id=f"qb-{size}-{n}",
                person=person,
                officer=personas.alice,
                type="office",
                starts_at=when,
                outcome=outcome if when < timezone.now() else "",
                notes="Notes " * 20,
                sensitive=n % 3 == 0,
                evidence_due=today - timedelta(days=1) if outcome == "awaiting_evidence" else None,
            )
        )
        contacts.append(
            Contact(
                external_id=f"qb-past-{size}-{n}",
                person=person,
                officer=personas.alice,
                type="home_visit",
                starts_at=at(-8 - n),
                outcome="" if n % 2 else "attended_complied",
            )
        )
    Contact.objects.bulk_create(contacts)
    for person in cases:
        level(person, frequency="weekly", days_ago=90)
        level(
            person,
            frequency="fortnightly",
            status="awaiting_approval",
            requested_by=personas.alice,
            requested_at=timezone.now(),
            rule_reasons=["Risk of serious harm is high"],
        )
    return cases


def count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(queries)


PAGES = [
    ("contacts:list", "alice", lambda p: reverse("contacts:list", args=[p.case.crn])),
    ("diary:week", "alice", lambda p: reverse("diary:week")),
    ("home", "alice", lambda p: reverse("home")),
    ("home-spo", "maria", lambda p: reverse("home")),
    ("step-down-approvals", "maria", lambda p: reverse("step-down-approvals")),
]


@pytest.mark.parametrize("name, who, url", PAGES, ids=[p[0] for p in PAGES])
def test_queries_do_not_grow_with_the_number_of_contacts(personas, client_for, name, who, url):
    client = client_for(getattr(personas, who))
    build(personas, 5)
    small = count(client, url(personas))
    build(personas, 60)
    large = count(client, url(personas))
    # A list empty with 5 contacts may add its one access check with 60; nothing grows per row.
    assert small <= large <= small + 3, f"{name}: {small} queries with 5 contacts, {large} with 60"
    assert large <= MAX_QUERIES[name]


def test_the_managers_view_of_an_officers_diary_is_bounded_too(
    personas, client_for, django_assert_max_num_queries
):
    build(personas, 60)
    client = client_for(personas.maria)
    with django_assert_max_num_queries(MAX_QUERIES["diary:week"]):
        assert client.get(reverse("diary:week"), {"officer": personas.alice.pk}).status_code == 200


def test_the_contact_list_with_sixty_contacts_stays_under_its_ceiling(
    personas, client_for, django_assert_max_num_queries
):
    build(personas, 60)
    client = client_for(personas.bob)
    with django_assert_max_num_queries(MAX_QUERIES["contacts:list"]):
        assert client.get(reverse("contacts:list", args=[personas.case.crn])).status_code == 200
