"""Enforcement items on the home page: what the officer owes, unassessed failures, recalls to sign."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probation.enforcement import due, services
from probation.enforcement.constants import EnforcementKind as K
from probation.home.due import collect
from tests import factories as f

from .conftest import failure

TODAY = date(2026, 11, 27)


def test_the_officer_sees_each_owed_step_with_its_deadline_and_link(world):
    decision = services.enforcement_assess(failure(world.case, date(2026, 11, 24)), by_user=world.alice)
    letter = services.enforcement_assess(failure(world.case, date(2026, 11, 2)), by_user=world.alice)
    services.enforcement_decide(
        by_user=world.alice,
        action_id=letter.pk,
        version=1,
        kind=K.WARNING,
        failure_description="x",
        today=date(2026, 11, 3),
    )
    items = due.due_items(world.alice, TODAY)
    assert [(i.title, i.due, i.overdue, i.action_label) for i in items] == [
        ("Send the warning letter for the failure of 2 Nov", date(2026, 11, 4), True, "Record letter sent"),
        ("Decide on the failure of 24 Nov: warning recommended", date(2026, 11, 26), True, "Decide"),
    ]
    assert items[1].action_url == reverse("enforcement:decide", args=[world.case.crn, decision.pk])


def test_failures_nobody_has_assessed_are_listed_for_the_officer(world):
    failure(world.case, date(2026, 11, 20))
    items = due.due_items(world.alice, TODAY)
    assert [i.kind for i in items] == ["enforcement.unassessed"]
    assert items[0].action_url == reverse("enforcement:case", args=[world.case.crn])


def test_recalls_appear_for_the_spo_then_the_head(world):
    recall = services.recall_recommend(
        by_user=world.alice,
        person=world.lucy,
        disposal_id=world.lucy_licence.pk,
        recall_type="standard",
        rationale="x",
        today=TODAY,
    )
    assert [i.kind for i in due.due_items(world.maria, TODAY)] == ["enforcement.recall_countersignature"]
    assert due.due_items(world.hannah, TODAY) == []
    services.recall_countersign(
        by_user=world.maria, recall_id=recall.pk, version=recall.version, decision="countersign", today=TODAY
    )
    assert [i.action_label for i in due.due_items(world.hannah, TODAY)] == ["Countersign"]


def test_nothing_is_due_for_inspectors_other_providers_or_excluded_staff(world):
    failure(world.case, date(2026, 11, 20))
    services.enforcement_assess(failure(world.case, date(2026, 11, 24)), by_user=world.alice)
    for who in ("ian", "charlie", "eddie", "bob"):
        assert due.due_items(getattr(world, who), TODAY) == [], who


def test_the_home_page_collects_the_enforcement_items(world):
    services.enforcement_assess(failure(world.case, date(2026, 11, 24)), by_user=world.alice)
    assert any(i.kind == "enforcement.action_due" for i in collect(world.alice, TODAY))


def test_the_items_cost_the_same_queries_for_one_case_and_for_twenty(world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            due.due_items(world.alice, TODAY)
        return len(queries)

    services.enforcement_assess(failure(world.case, date(2026, 11, 24)), by_user=world.alice)
    small = count()
    for n in range(19):
        person = f.person(officer=world.alice, last_name=f"Case{n}")
        f.sentence(person, start=date(2026, 6, 1))
        services.enforcement_assess(failure(person, date(2026, 11, 2 + n % 10)), by_user=world.alice)
        failure(person, date(2026, 11, 16))
    assert count() == small
