"""Sentence plan items on the home page: plans due, reviews due, plans to countersign."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probation.home.due import collect
from probation.people.models import Person
from probation.plans import due, services
from tests import factories as f

from .conftest import significant_event

TODAY = date(2026, 11, 27)


def test_a_case_without_a_plan_shows_the_plan_overdue(world):
    items = due.due_items(world.alice, TODAY)
    assert [(i.kind, i.due, i.overdue) for i in items] == [("plans.plan_due", date(2026, 1, 26), True)]
    assert items[0].title == "Sentence plan for the community order (sentenced 5 Jan 2026)"
    assert items[0].action_url == reverse("plans:plan", args=[world.case.crn])
    assert due.due_items(world.bob, TODAY) == []


def active_plan(world, rosh=""):
    Person.objects.filter(pk=world.case.pk).update(rosh=rosh)
    plan = services.plan_start(by_user=world.alice, person=world.case, today=date(2026, 1, 12))
    services.objective_save(
        by_user=world.alice, plan_id=plan.pk, description="Work", needs=["ete"], target_date=date(2026, 12, 1)
    )
    services.plan_update(by_user=world.alice, plan_id=plan.pk, version=1, changes={"involvement": "full"})
    plan.refresh_from_db()
    services.plan_submit(by_user=world.alice, plan_id=plan.pk, version=plan.version, today=date(2026, 11, 2))
    plan.refresh_from_db()
    return plan


def test_a_significant_event_makes_a_review_due_with_a_link_naming_it(world):
    plan = active_plan(world)
    assert due.due_items(world.alice, TODAY) == []
    event = significant_event(world.case, occurred_on=date(2026, 11, 20), review_due=date(2026, 12, 4))
    items = due.due_items(world.alice, TODAY)
    assert [(i.kind, i.due, i.overdue) for i in items] == [("plans.review_due", date(2026, 12, 4), False)]
    assert (
        items[0].action_url == reverse("plans:review", args=[world.case.crn, plan.pk]) + f"?event={event.pk}"
    )


def test_a_plan_awaiting_countersignature_is_due_for_the_spo(world):
    plan = active_plan(world, rosh="high")
    items = due.due_items(world.maria, TODAY)
    assert [(i.kind, i.action_label) for i in items] == [("plans.countersignature", "Countersign")]
    assert items[0].action_url == reverse("plans:countersign", args=[world.case.crn, plan.pk])
    assert [i.kind for i in collect(world.alice, TODAY) if i.kind.startswith("plans.")] == ["plans.plan_due"]


def test_inspectors_and_other_providers_have_nothing_due(world):
    for who in ("ian", "charlie", "eddie"):
        assert due.due_items(getattr(world, who), TODAY) == []


def test_the_items_cost_the_same_queries_for_one_case_and_for_twenty(world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            due.due_items(world.alice, TODAY)
        return len(queries)

    small = count()
    for n in range(19):
        person = f.person(officer=world.alice, last_name=f"Case{n}")
        f.sentence(person, start=date(2026, 11, 2))
        if n % 2:
            services.plan_start(by_user=world.alice, person=person, today=date(2026, 11, 3))
            significant_event(person, occurred_on=date(2026, 11, 20))
    assert count() == small
