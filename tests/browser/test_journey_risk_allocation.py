"""Risk decides who supervises the case, in a real browser: an officer rates the risk of serious harm
high, the senior probation officer countersigns and sees the tier change, the court team records a
new court case and allocates it on the rule's recommendation, and the receiving provider's manager
acknowledges the handover. Every page on the way has no serious or critical axe failures."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from probation.allocation.models import Allocation
from probation.risk.constants import Need, TierReason
from probation.risk.models import RiskAssessment
from probation.risk.services import tier_recalculate
from tests import factories as f
from tests.risk.risk_record_builders import complete_assessment

from .conftest import axe_violations, describe_violations

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def patient_on_a_busy_machine():
    """A journey of some twenty pages: allow each step more than the default few seconds."""
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


def opened(pages, user):
    page = pages.new(user)
    page.set_default_timeout(30_000)
    return page


def accessible(page):
    """The page as it stands has no serious or critical accessibility failures."""
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe_violations(violations)}"


def fill_date(page, field: str, day):
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


@pytest.fixture
def starting_point(personas):
    """Jordan Archer, supervised by alice in maria's team, last assessed as medium risk (tier C0);
    mike manages the public provider's other team and sits on the court team."""
    mike = f.staff("mike", team_=personas.other_team, grade="SPO", roles=("manager",))
    personas.other_team.manager = mike
    personas.other_team.save()
    complete_assessment(
        personas.case,
        by=personas.alice,
        rosh="medium",
        kind="full",
        needs={need: "standard" for need in Need.values},
        who_is_at_risk="His former partner",
        nature_of_risk="Threats when drinking",
        imminence="Not imminent while he stays away from her",
    )
    tier_recalculate(person=personas.case, reason=TierReason.ASSESSMENT)
    personas.case.refresh_from_db()
    assert (personas.case.rosh, personas.case.tier) == ("medium", "C0")
    return mike


def test_a_high_risk_assessment_is_countersigned_changes_the_tier_and_sends_the_new_court_case_to_the_nps(
    pages, personas, starting_point
):
    mike = starting_point
    crn = personas.case.crn

    # Alice starts a full analysis on the case's risk page and rates the risk of serious harm high.
    alice = opened(pages, personas.alice)
    alice.goto(f"/cases/{crn}/risk/")
    expect(alice.locator("#current-tier")).to_have_text("C0")
    accessible(alice)
    alice.get_by_role("link", name="Start a new risk assessment").click()
    expect(alice.get_by_role("heading", name="Start a risk assessment")).to_be_visible()
    accessible(alice)
    alice.get_by_label("Full analysis").check()
    alice.get_by_role("button", name="Start assessment").click()
    expect(alice.get_by_role("heading", name="Risk assessment 2 (draft)")).to_be_visible()
    accessible(alice)
    alice.get_by_label("Overall risk of serious harm").select_option("high")
    alice.get_by_label("What is the nature of the risk").fill(
        "Violence towards his former partner; he has been contacting her again"
    )
    alice.get_by_label("When is the risk likely to be greatest").fill("Could happen at any time")
    alice.get_by_role("button", name="Save and submit").click()
    expect(alice.get_by_text("Assessment submitted: it now needs a countersignature")).to_be_visible()
    accessible(alice)

    # Maria, the team's senior probation officer, countersigns it from the case's risk page and sees
    # the tier move from C0 to B0 (high risk of serious harm is 20 protect points).
    maria = opened(pages, personas.maria)
    maria.goto(f"/cases/{crn}/risk/")
    expect(maria.locator("#current-tier")).to_have_text("C0")
    accessible(maria)
    maria.get_by_role("link", name="View assessment 2").click()
    accessible(maria)
    maria.get_by_role("button", name="Countersign assessment 2").click()
    expect(maria.get_by_text("Risk assessment 2 countersigned and complete")).to_be_visible()
    expect(maria.locator("#current-tier")).to_have_text("B0")
    expect(maria.locator("#current-rosh")).to_contain_text("High")
    accessible(maria)
    assessment = RiskAssessment.objects.get(person=personas.case, sequence=2)
    assert (assessment.status, assessment.countersigned_by) == ("complete", personas.maria)

    # Mike, on the court team, records the new court case from the allocation queue...
    court = opened(pages, mike)
    court.goto("/allocation/")
    accessible(court)
    court.get_by_role("link", name="Allocation queue").click()
    expect(court.get_by_role("heading", name="Allocation queue")).to_be_visible()
    accessible(court)
    court.get_by_role("link", name="Record a new court case").click()
    accessible(court)
    court.get_by_label("Case reference number (CRN)").fill(crn)
    court.get_by_role("button", name="Continue").click()
    expect(court.get_by_role("heading", name="New court case")).to_be_visible()
    accessible(court)

    # ...first leaving out the court, which he is told about in the error summary...
    sentenced = timezone.localdate()
    fill_date(court, "conviction_date", sentenced)
    court.get_by_label("Main offence").fill("Assault occasioning actual bodily harm")
    court.get_by_label("Offence category").select_option("violence")
    court.get_by_label("Community order").check()
    fill_date(court, "sentence_date", sentenced)
    fill_date(court, "start_date", sentenced)
    court.get_by_label("Length in months").fill("24")
    court.get_by_label("Requirement", exact=True).select_option("rar")
    court.get_by_label("Requirement length").fill("20")
    court.get_by_role("button", name="Save and add to the allocation queue").click()
    summary = court.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the convicting court")
    accessible(court)
    assert not Allocation.objects.exists()

    # ...then completing it. He lands on the decision, with the rule's recommendation and reasons.
    court.get_by_label("Convicting court").fill("Stoke-on-Trent Crown Court")
    court.get_by_role("button", name="Save and add to the allocation queue").click()
    expect(court.get_by_text("Court case recorded and added to the allocation queue")).to_be_visible()
    recommendation = court.locator("#recommendation")
    expect(recommendation).to_contain_text("Recommendation: public provider (NPS)")
    expect(recommendation).to_contain_text("High risk of serious harm")
    accessible(court)
    court.get_by_label("Yes, accept the recommendation").check()
    court.get_by_label("Provider that will supervise the case").select_option(str(personas.nps.pk))
    court.get_by_role("button", name="Decide and hand over").click()
    expect(court.get_by_text("decided and handed over")).to_be_visible()
    expect(court.locator("#handed-over")).to_contain_text("Archer")
    accessible(court)

    # Maria, a manager of the receiving provider, acknowledges the handover and names alice.
    maria.goto("/allocation/")
    maria.get_by_role("link", name="Handovers").click()
    accessible(maria)
    maria.get_by_role("link", name=re.compile("Jordan Archer")).click()
    expect(maria.locator("main")).to_contain_text("Risk of serious harm: High")
    accessible(maria)
    maria.get_by_label(re.compile("^Alice Tester")).check()
    maria.get_by_role("button", name="Acknowledge handover").click()
    expect(maria.get_by_text("Handover acknowledged: Alice Tester is now responsible")).to_be_visible()
    accessible(maria)

    allocation = Allocation.objects.get()
    assert (allocation.status, allocation.provider.code, allocation.overridden) == (
        "acknowledged",
        "NPS",
        False,
    )
    assert allocation.reasons == ["High risk of serious harm"]
    assert (allocation.decided_by, allocation.acknowledged_by, allocation.allocated_to) == (
        mike,
        personas.maria,
        personas.alice,
    )
    assert not pages.problems, pages.problems
