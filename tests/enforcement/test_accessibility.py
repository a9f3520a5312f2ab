"""The enforcement and sentence plan pages in a real browser: styled, no script or policy errors, and
no serious or critical axe-core failures."""

from datetime import date

import pytest

from probation.enforcement import services
from probation.enforcement.constants import EnforcementKind as K
from probation.people.models import Person
from probation.plans import services as plan_services
from tests.browser.conftest import axe_violations, browser, describe_violations, pages  # noqa: F401

from .conftest import EnforcementWorld, failure

pytestmark = pytest.mark.browser
TODAY = date(2026, 11, 27)


def enforcement_case(pages, world):  # noqa: F811
    action = services.enforcement_assess(failure(world.case, date(2026, 3, 2)), by_user=world.alice)
    services.enforcement_decide(
        by_user=world.alice,
        action_id=action.pk,
        version=1,
        kind=K.WARNING,
        failure_description="You did not attend.",
        today=TODAY,
    )
    services.enforcement_assess(failure(world.case, date(2026, 3, 9)), by_user=world.alice)
    failure(world.case, date(2026, 3, 16))
    page = pages.new(world.alice)
    page.goto(f"/cases/{world.case.crn}/enforcement/")
    return page


def decision_with_errors(pages, world):  # noqa: F811
    action = services.enforcement_assess(failure(world.case, date(2026, 3, 2)), by_user=world.alice)
    page = pages.new(world.alice)
    page.goto(f"/cases/{world.case.crn}/enforcement/{action.pk}/decide/")
    page.get_by_label("Breach (return to court)").check()
    page.get_by_role("button", name="Record decision").click()
    page.locator(".govuk-error-summary").wait_for()
    return page


def warning_letter(pages, world):  # noqa: F811
    action = services.enforcement_assess(failure(world.case, date(2026, 3, 2)), by_user=world.alice)
    services.enforcement_decide(
        by_user=world.alice,
        action_id=action.pk,
        version=1,
        kind=K.WARNING,
        failure_description="You did not attend.",
        today=TODAY,
    )
    page = pages.new(world.alice)
    page.goto(f"/cases/{world.case.crn}/enforcement/{action.pk}/letter/")
    return page


def recall_countersignature(pages, world):  # noqa: F811
    recall = services.recall_recommend(
        by_user=world.alice,
        person=world.lucy,
        disposal_id=world.lucy_licence.pk,
        recall_type="fixed_term",
        rationale="Whereabouts unknown",
        today=TODAY,
    )
    page = pages.new(world.maria)
    page.goto(f"/cases/{world.lucy.crn}/enforcement/recall/{recall.pk}/countersign/")
    return page


def sentence_plan(pages, world):  # noqa: F811
    Person.objects.filter(pk=world.case.pk).update(literacy_need=True, rosh="high")
    plan = plan_services.plan_start(by_user=world.alice, person=world.case, today=date(2026, 1, 12))
    plan_services.objective_save(
        by_user=world.alice,
        plan_id=plan.pk,
        description="Find work",
        needs=["ete"],
        target_date=date(2026, 6, 1),
    )
    page = pages.new(world.alice)
    page.goto(f"/cases/{world.case.crn}/plan/")
    return page


def objective_with_errors(pages, world):  # noqa: F811
    plan = plan_services.plan_start(by_user=world.alice, person=world.case, today=date(2026, 1, 12))
    page = pages.new(world.alice)
    page.goto(f"/cases/{world.case.crn}/plan/{plan.pk}/objectives/new/")
    page.get_by_label("Objective", exact=True).fill("Keep appointments")
    page.get_by_role("button", name="Save objective").click()
    page.locator(".govuk-error-summary").wait_for()
    return page


PAGE_TYPES = {
    "enforcement": (enforcement_case, "Enforcement"),
    "enforcement decision with errors": (decision_with_errors, "Error: Enforcement decision"),
    "warning letter": (warning_letter, "Warning letter"),
    "recall countersignature": (recall_countersignature, "Countersign recall"),
    "sentence plan": (sentence_plan, "Sentence plan"),
    "objective with errors": (objective_with_errors, "Error: Add an objective"),
}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_the_page_has_no_serious_or_critical_accessibility_failures(pages, personas, page_type):  # noqa: F811
    build, title = PAGE_TYPES[page_type]
    page = build(pages, EnforcementWorld(personas))
    assert page.title().startswith(title)
    violations = axe_violations(page)
    assert not violations, f"axe found problems on the {page_type} page:\n{describe_violations(violations)}"
    assert pages.problems == []
    if page_type != "warning letter":
        assert page.locator("header.moj-header").evaluate("e => getComputedStyle(e).backgroundColor") != (
            "rgba(0, 0, 0, 0)"
        )
