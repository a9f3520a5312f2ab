"""A senior probation officer works through the oversight queue in a real browser: the oldest item
first with its deadline, an assessment countersigned from it, oversight recorded on a high-RoSH case
that then leaves the overdue list. Every page visited passes the accessibility check."""

import importlib
from datetime import date

import pytest
from playwright.sync_api import expect

from probation.oversight.models import OversightRecord, QualifyingOffence
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


def test_an_officer_records_a_charge_and_the_manager_completes_a_learning_action(pages, personas):
    from probation.oversight.models import SeriousFurtherOffence
    from probation.oversight.sfo import sfo_add_learning_action

    # The list of qualifying offences is reference data from a migration; a live-server test before
    # this one empties the database at its end, so put the list back.
    offences = importlib.import_module("probation.oversight.migrations.0002_qualifying_offences").OFFENCES
    for code, name in offences:
        QualifyingOffence.objects.update_or_create(code=code, defaults={"name": name})
    case = personas.case
    alice = pages.new(personas.alice)
    alice.goto(f"/oversight/cases/{case.crn}/")
    alice.get_by_role("link", name="Record a charge", exact=True).click()
    expect(alice.get_by_role("heading", name="Record a charge")).to_be_visible()
    _accessible(alice)
    alice.get_by_label("Offence charged").select_option(
        label="Wounding or causing grievous bodily harm with intent"
    )
    alice.get_by_label("Day").fill("2")
    alice.get_by_label("Month").fill("3")
    alice.get_by_label("Year").fill("2026")
    alice.get_by_role("button", name="Record charge").click()
    expect(alice.get_by_text("It is a Serious Further Offence")).to_be_visible()
    _accessible(alice)
    sfo = SeriousFurtherOffence.objects.get(person=case)
    sfo_add_learning_action(
        by_user=personas.maria,
        sfo=sfo,
        action="Verify every change of address with a home visit",
        owner="Senior probation officer",
        due_on=date(2026, 9, 1),
    )

    maria = pages.new(personas.maria)
    maria.goto("/oversight/sfo/")
    _accessible(maria)
    maria.get_by_role("link", name=f"Jordan Archer ({case.crn})").first.click()
    expect(maria.get_by_role("heading", name="Serious Further Offence: Wounding")).to_be_visible()
    _accessible(maria)
    maria.get_by_role("link", name="Mark as complete").click()
    expect(maria.get_by_role("heading", name="Complete a learning action")).to_be_visible()
    _accessible(maria)
    maria.get_by_label("What was done").fill("Home visits added to the team's address-change checklist.")
    maria.get_by_role("button", name="Mark as complete").click()
    expect(maria.get_by_text("Learning action marked as complete")).to_be_visible()
    expect(maria.get_by_text("Home visits added to the team's address-change checklist.")).to_be_visible()
    _accessible(maria)
    assert not pages.problems, pages.problems
