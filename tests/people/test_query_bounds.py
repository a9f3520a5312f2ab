"""Every page issues a bounded number of queries, whatever the size of the caseload."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probation.people.models import Address, Alias
from tests import factories as f

# The same ceiling holds for 5 cases and for 60; a query per row would break it at once.
MAX_QUERIES = {
    "cases:my-cases": 8,
    "cases:team-cases": 9,
    "cases:search": 9,
    "cases:overview": 17,
}


def build_caseload(personas, size: int):
    """`size` cases for alice, each with a sentence, an alias and an address, all named Archer."""
    cases = [personas.case]
    for n in range(size - 1):
        person = f.person(
            officer=personas.alice, last_name="Archer", first_name=f"Case{n:02d}", dob=date(1990, 1, 1)
        )
        f.sentence(person, requirements=(("unpaid_work", 100), ("rar", 20)))
        cases.append(person)
    for n, person in enumerate(cases):
        Alias.objects.create(external_id=f"alias-{n}", person=person, first_name="Jo", last_name=f"Alias{n}")
        Address.objects.create(
            external_id=f"address-{n}",
            person=person,
            line1=f"{n} High Street",
            town="Stoke-on-Trent",
            postcode="ST1 1AA",
            start_date=date(2025, 1, 1),
        )
    # The case opened on the overview carries several events, as long-running cases do.
    for _ in range(3):
        f.sentence(personas.case, requirements=(("unpaid_work", 100), ("curfew", 30), ("rar", 10)))
    return cases


PAGES = [
    ("cases:my-cases", "alice", {}),
    ("cases:team-cases", "maria", {}),
    ("cases:search", "maria", {"q": "Archer"}),
    ("cases:overview", "alice", None),
]


def count_queries(client, path, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("page, who, params", PAGES, ids=[p[0].split(":")[1] for p in PAGES])
@pytest.mark.parametrize("size", [5, 60])
def test_the_page_needs_the_same_bounded_number_of_queries_for_any_caseload(
    personas, client_for, django_assert_max_num_queries, page, who, params, size
):
    build_caseload(personas, size)
    client = client_for(getattr(personas, who))
    path = reverse(page, args=[personas.case.crn]) if params is None else reverse(page)
    client.get(path, params or {})  # the first request warms the session and content-type caches
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        response = client.get(path, params or {})
    assert response.status_code == 200
    if params is not None:
        assert f"{size} case".encode() in response.content


@pytest.mark.parametrize("page, who, params", PAGES, ids=[p[0].split(":")[1] for p in PAGES])
def test_a_larger_caseload_adds_not_a_single_query(personas, client_for, page, who, params):
    client = client_for(getattr(personas, who))
    path = reverse(page, args=[personas.case.crn]) if params is None else reverse(page)
    build_caseload(personas, 5)
    client.get(path, params or {})
    small, _ = count_queries(client, path, params)
    for n in range(55):
        person = f.person(officer=personas.alice, last_name="Archer", first_name=f"More{n:02d}")
        f.sentence(person)
    f.sentence(personas.case)
    large, _ = count_queries(client, path, params)
    assert large == small
