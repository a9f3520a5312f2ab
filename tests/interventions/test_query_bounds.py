"""The directory and a case's referral pages issue a bounded number of queries, however many
interventions, referrals and sessions there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probation.interventions import services
from tests.interventions.conftest import on

MAX_QUERIES = {"directory": 12, "directory_for_case": 15, "case": 17, "detail": 13, "partners": 12}


def grow(personas, make_intervention, partner, today, size: int):
    """`size` interventions, each with a referral on the case carrying `size` sessions, and `size`
    partner exchanges."""
    referrals = []
    for n in range(size):
        intervention = make_intervention(
            f"Course {n:02d}", needs=("ete", "finance"), partner=partner, counts_as_rar=True
        )
        referral = services.referral_create(
            by_user=personas.alice,
            person=personas.case,
            intervention=intervention,
            need="ete",
            desired_outcomes="Work",
            risk_information="Low",
            today=today - timedelta(days=40),
        )
        referral = services.referral_accept(by_user=personas.bob, referral=referral, version=1)
        for day in range(size):
            services.session_record(
                by_user=personas.bob,
                referral=referral,
                version=referral.version,
                starts_at=on(today - timedelta(days=day)),
                attendance="attended",
            )
            referral.refresh_from_db()
        referrals.append(referral)
        services.partner_exchange_create(
            by_user=personas.alice,
            person=personas.case,
            agency=partner,
            direction="requested",
            subject=f"Question {n}",
            occurred_on=today,
        )
    return referrals


def count(client, path, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [1, 8])
def test_pages_stay_within_their_query_ceiling(
    personas, client_for, make_intervention, partner, add_requirement, today, size
):
    add_requirement(personas.case, "rar", 30)
    referrals = grow(personas, make_intervention, partner, today, size)
    client = client_for(personas.alice)
    crn = personas.case.crn
    measured = {
        "directory": count(client, reverse("interventions:directory")),
        "directory_for_case": count(client, reverse("interventions:directory"), {"crn": crn}),
        "case": count(client, reverse("referrals:list", args=[crn])),
        "detail": count(client, reverse("referrals:detail", args=[crn, referrals[-1].pk])),
        "partners": count(client, reverse("referrals:partners", args=[crn])),
    }
    for page, queries in measured.items():
        assert queries <= MAX_QUERIES[page], (page, queries)


def test_query_counts_do_not_grow_with_the_data(
    personas, client_for, make_intervention, partner, add_requirement, today
):
    add_requirement(personas.case, "rar", 30)
    client = client_for(personas.alice)
    crn = personas.case.crn
    pages = [
        (reverse("interventions:directory"), {"crn": crn}),
        (reverse("referrals:list", args=[crn]), None),
        (reverse("referrals:partners", args=[crn]), None),
    ]
    grow(personas, make_intervention, partner, today, 2)
    small = [count(client, path, params) for path, params in pages]
    grow_more = [make_intervention(f"More {n}") for n in range(10)]
    for intervention in grow_more:
        services.referral_create(
            by_user=personas.alice,
            person=personas.case,
            intervention=intervention,
            need="thinking_behaviour",
            desired_outcomes="x",
            risk_information="y",
        )
    large = [count(client, path, params) for path, params in pages]
    assert large == small


def test_the_directory_with_django_assert_max_num_queries(
    personas, client_for, make_intervention, django_assert_max_num_queries
):
    for n in range(30):
        make_intervention(f"Extra {n:02d}", needs=("ete", "finance", "accommodation"))
    client = client_for(personas.alice)
    with django_assert_max_num_queries(MAX_QUERIES["directory_for_case"]):
        client.get(reverse("interventions:directory"), {"crn": personas.case.crn})
