"""A senior probation officer works through the oversight queue in a real browser: the oldest item
first with its deadline, an assessment countersigned from it, oversight recorded on a high-RoSH case
that then leaves the overdue list. Every page visited passes the accessibility check."""

from datetime import date

import pytest
from playwright.sync_api import expect

from probation.oversight.models import OversightRecord
from probation.plans.models import SentencePlan
from probation.risk.models import RiskAssessment

from .conftest import axe_violations, describe_violations

pytestmark = pytest.mark.browser


def _accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe_violations(violations)}"


def test_a_manager_countersigns_from_the_queue_and_records_overdue_oversight(pages, personas):
    case = personas.case
    case.rosh = "high"
    case.save(update_fields=["rosh"])
    SentencePlan.objects.create(
        person=case,
        disposal=case.events.first().disposals.first(),
        status="awaiting_countersignature",
        starts_from=date(2026, 1, 5),
        due_by=date(2026, 2, 10),
        author=personas.alice,
        started_on=date(2026, 1, 20),
        submitted_on=date(2026, 1, 28),
        needs_countersignature=True,
    )
    assessment = RiskAssessment.objects.create(
        external_id="ra-journey",
        person=case,
        sequence=1,
        status="awaiting_countersignature",
        assessed_by=personas.alice,
        started_on=date(2026, 2, 16),
        submitted_on=date(2026, 2, 20),
        rosh_overall="high",
    )

    maria = pages.new(personas.maria)
    maria.goto("/oversight/")
    expect(maria.get_by_role("heading", name="Waiting for your oversight")).to_be_visible()
    _accessible(maria)

    # The oldest item comes first, with its deadline, shown as overdue.
    queue = maria.get_by_role("table").filter(has_text="oldest first")
    rows = queue.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Sentence plan to countersign")
    expect(rows.nth(1)).to_contain_text("28 Jan 2026")
    expect(rows.nth(1)).to_contain_text("10 Feb 2026")
    expect(rows.nth(1)).to_contain_text("Overdue")
    expect(rows.nth(2)).to_contain_text("Risk assessment to countersign")
    overdue = maria.get_by_role("table").filter(has_text="overdue").last
    expect(overdue).to_contain_text(f"Jordan Archer ({case.crn})")

    # She opens the assessment from the queue and countersigns it.
    rows.nth(2).get_by_role("link", name=f"Countersign for {case.crn}").click()
    expect(maria.get_by_role("button", name="Countersign assessment 1")).to_be_visible()
    _accessible(maria)
    maria.get_by_role("button", name="Countersign assessment 1").click()
    expect(maria.get_by_text("Risk assessment 1 countersigned and complete")).to_be_visible()
    _accessible(maria)
    assessment.refresh_from_db()
    assert assessment.status == "complete" and assessment.countersigned_by == personas.maria

    # Back at the queue the assessment has gone; the case still waits for recorded oversight.
    maria.goto("/oversight/")
    expect(maria.get_by_text("Risk assessment to countersign")).to_have_count(0)
    overdue = maria.get_by_role("table").filter(has_text="overdue").last
    overdue.get_by_role("link", name=f"Record oversight for {case.crn}").click()
    expect(maria.get_by_role("heading", name="Record oversight")).to_be_visible()
    _accessible(maria)
    maria.get_by_label("Regular oversight").check()
    maria.get_by_label("Decision").fill("Continue weekly reporting; police check before the next home visit.")
    maria.get_by_label("Rationale").fill("Risk to a known adult is high; compliance is good.")
    maria.get_by_role("button", name="Record oversight").click()
    expect(maria.get_by_text("Oversight recorded")).to_be_visible()
    expect(maria.get_by_role("row").filter(has_text="Continue weekly reporting")).to_have_count(1)
    _accessible(maria)
    assert OversightRecord.objects.get(person=case).recorded_by == personas.maria

    # The case has left the overdue list.
    maria.goto("/oversight/")
    expect(maria.get_by_text("No oversight is overdue.")).to_be_visible()
    _accessible(maria)
    assert not pages.problems, pages.problems
