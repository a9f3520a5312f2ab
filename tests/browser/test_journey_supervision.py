"""Supervision in a real browser, over six weeks of a woman's community order: an absence recorded and
then judged unacceptable once her five working days for evidence are over, the warning that makes due
and its letter, a second unacceptable absence within the twelve months that makes breach due, and a
referral to a women's service from the interventions directory. Every page on the way has no serious
or critical axe-core failures.

The weeks pass on the server's clock: the test moves `django.utils.timezone.now`, which every date in
the service is read from, and the live server runs in this process."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from probation.contacts import services as contact_services
from probation.enforcement.constants import EnforcementStatus
from probation.enforcement.models import EnforcementAction
from probation.interventions.constants import Category, SexEligibility
from probation.interventions.models import Intervention, InterventionNeed, PartnerAgency, Referral
from probation.risk.constants import Need
from tests import factories as f

from .conftest import axe_violations, describe_violations

pytestmark = pytest.mark.browser


class Clock:
    """The server's clock, moved forward by whole days."""

    def __init__(self, monkeypatch):
        self.real_now = timezone.now
        self.offset = timedelta(0)
        monkeypatch.setattr(timezone, "now", lambda: self.real_now() + self.offset)

    def move_to(self, day: date) -> None:
        self.offset = timedelta(days=(day - timezone.localdate(self.real_now())).days)

    def today(self) -> date:
        return timezone.localdate()


def weekday_from(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def at_ten(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class Journey:
    def __init__(self, pages):
        self.pages = pages
        self.visited = []

    def sign_in(self, user):
        """A new day's session: yesterday's has expired."""
        page = self.pages.new(user)
        page.set_default_timeout(30_000)  # a long journey on a shared machine
        return page

    def check(self, page, what: str) -> None:
        """No serious or critical accessibility failures on the page as it is now."""
        page.wait_for_load_state()
        violations = axe_violations(page)
        assert not violations, f"axe found problems on {what}:\n{describe_violations(violations)}"
        self.visited.append(what)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def test_an_officer_warns_then_breaches_a_woman_for_two_absences_and_refers_her_to_a_womens_service(
    pages, personas, clock
):
    alice = personas.alice
    start = weekday_from(timezone.localdate() + timedelta(days=7))  # a Monday-to-Friday day to begin
    first_appointment = start
    second_appointment = weekday_from(start + timedelta(days=28))

    # Starting data: Dawn, a woman on a community order Alice supervises, with two office appointments
    # booked in her diary, and a women's centre in the area's interventions directory.
    clock.move_to(first_appointment - timedelta(days=120))
    dawn = f.person(officer=alice, first_name="Dawn", last_name="Fenton", sex="female", dob=date(1988, 5, 4))
    f.sentence(dawn, start=clock.today(), months=18, requirements=(("rar", 20),))
    clock.move_to(first_appointment - timedelta(days=3))
    for day in (first_appointment, second_appointment):
        contact_services.appointment_book(
            by_user=alice, person=dawn, type="office", starts_at=at_ten(day), location="Stoke office"
        )
    centre, _ = PartnerAgency.objects.get_or_create(
        name="Potteries Women's Centre", area=personas.area, defaults={"kind": "womens_services"}
    )
    service = Intervention.objects.create(
        name="Women's centre key worker",
        category=Category.WOMENS_SERVICE,
        area=personas.area,
        partner=centre,
        sex=SexEligibility.FEMALE,
        capacity=12,
        waiting_weeks=2,
    )
    InterventionNeed.objects.bulk_create(
        [InterventionNeed(intervention=service, need=n) for n in (Need.RELATIONSHIPS, Need.ACCOMMODATION)]
    )
    journey = Journey(pages)

    # --- The day after the first appointment: Dawn did not come, and has not said why. ---------------
    clock.move_to(first_appointment + timedelta(days=1))
    page = journey.sign_in(alice)
    page.goto("/")
    journey.check(page, "the home page with an outcome to record")
    unrecorded = page.locator("table[data-kind='contacts.outcome_not_recorded']")
    row = unrecorded.get_by_role("row").filter(has_text="Dawn Fenton")
    row.get_by_role("link", name=re.compile("^Record outcome")).click()
    expect(page.get_by_role("heading", name="Record the outcome")).to_be_visible()
    journey.check(page, "the outcome form")

    # Too soon to call the absence unacceptable: she has five working days to give a reason.
    page.get_by_label("Failed to attend – unacceptable absence").check()
    page.get_by_label("Notes").fill("Did not attend and did not call.")
    page.get_by_role("button", name="Save outcome").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("has until")
    expect(summary).to_contain_text("to give evidence of a reason for the absence")
    journey.check(page, "the outcome form refusing an unacceptable absence too soon")
    page.get_by_label("Failed to attend – waiting for evidence (5 working days)").check()
    page.get_by_role("button", name="Save outcome").click()
    expect(
        page.get_by_text(re.compile("Outcome recorded for Dawn Fenton: .*Evidence is due by"))
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))
    assert not EnforcementAction.objects.filter(person=dawn).exists()

    # --- Ten days later the evidence window has closed with nothing from her. -------------------------
    clock.move_to(first_appointment + timedelta(days=10))
    page = journey.sign_in(alice)
    page.goto("/")
    journey.check(page, "the home page with an absence to decide")
    absences = page.locator("table[data-kind='contacts.absence_decision']")
    absences.get_by_role("row").filter(has_text="Dawn Fenton").get_by_role(
        "link", name=re.compile("^Decide absence")
    ).click()
    expect(page.get_by_role("heading", name="Decide the absence")).to_be_visible()
    journey.check(page, "the form deciding an absence")
    page.get_by_label("Unacceptable absence – no reasonable excuse").check()
    page.get_by_label("Notes").fill("No evidence given within five working days; no reply to two calls.")
    page.get_by_role("button", name="Save outcome").click()
    expect(
        page.get_by_text("Outcome recorded for Dawn Fenton: Failed to attend – unacceptable absence")
    ).to_be_visible()

    # The rule makes a warning due, and the home page says so with one click to act.
    decisions = page.locator("table[data-kind='enforcement.action_due']")
    row = decisions.get_by_role("row").filter(has_text="Dawn Fenton")
    expect(row).to_contain_text(f"Decide on the failure of {first_appointment:%-d %b}: warning recommended")
    journey.check(page, "the home page with a warning due")
    row.get_by_role("link", name=re.compile("^Decide")).click()
    expect(
        page.get_by_role(
            "heading", name=f"Decide on the failure of {first_appointment.day} {first_appointment:%B %Y}"
        )
    ).to_be_visible()
    expect(page.get_by_label("Warning")).to_be_checked()
    expect(page.get_by_label("Describe the failure")).to_have_value(
        re.compile("^You did not attend your office appointment")
    )
    journey.check(page, "the enforcement decision")
    page.get_by_label(re.compile("^Warning")).check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded: warning")).to_be_visible()
    journey.check(page, "the case's enforcement with a warning letter due")
    due_now = page.locator("table").filter(has=page.locator("caption", has_text="Due now"))
    expect(due_now).to_contain_text("Warning letter due")

    # She opens the letter, then downloads it as a PDF.
    due_now.get_by_role("link", name=re.compile("^View letter")).click()
    expect(page.get_by_text("Dawn Fenton").first).to_be_visible()
    letter_text = page.locator("body").inner_text()
    assert "warning" in letter_text.lower()
    assert "12 months" in letter_text
    assert "You did not attend your office appointment" in letter_text
    journey.check(page, "the warning letter")
    page.go_back()
    pdf_link = (
        page.locator("table")
        .filter(has=page.locator("caption", has_text="Due now"))
        .get_by_role("link", name=re.compile("^Download letter"))
    )
    with page.expect_download() as download_info:
        pdf_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"

    # The letter goes out today: the warning is given and its twelve months start.
    page.locator("table").filter(has=page.locator("caption", has_text="Due now")).get_by_role(
        "link", name=re.compile("^Record letter sent")
    ).click()
    journey.check(page, "recording the letter as sent")
    page.get_by_role("button", name="Record letter sent").click()
    expect(page.get_by_text("Warning letter recorded as sent")).to_be_visible()
    warned_on = clock.today()
    history = page.locator("table").filter(has=page.locator("caption", has_text="Earlier enforcement"))
    expect(history).to_contain_text(f"letter sent {warned_on.day} {warned_on:%b %Y}")
    journey.check(page, "the case's enforcement after the warning")

    # --- Two weeks after the second appointment: she missed that one too. ----------------------------
    clock.move_to(second_appointment + timedelta(days=14))
    page = journey.sign_in(alice)
    page.goto("/")
    unrecorded = page.locator("table[data-kind='contacts.outcome_not_recorded']")
    unrecorded.get_by_role("row").filter(has_text="Dawn Fenton").get_by_role(
        "link", name=re.compile("^Record outcome")
    ).click()
    journey.check(page, "the outcome form for the second appointment")
    page.get_by_label("Failed to attend – unacceptable absence").check()
    page.get_by_label("Notes").fill("Did not attend; no reason given in the time allowed.")
    page.get_by_role("button", name="Save outcome").click()
    expect(
        page.get_by_text("Outcome recorded for Dawn Fenton: Failed to attend – unacceptable absence")
    ).to_be_visible()

    # A warning was given under this order in the last twelve months: the case goes back to court.
    decisions = page.locator("table[data-kind='enforcement.action_due']")
    row = decisions.get_by_role("row").filter(has_text="Dawn Fenton")
    expect(row).to_contain_text(f"Decide on the failure of {second_appointment:%-d %b}: breach recommended")
    journey.check(page, "the home page with breach due")
    row.get_by_role("link", name=re.compile("^Decide")).click()
    expect(page.locator("body")).to_contain_text(
        f"A warning was given under this order on {warned_on:%-d %B %Y}"
    )
    journey.check(page, "the enforcement decision recommending breach")
    page.get_by_label(re.compile("^Breach")).check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded: breach")).to_be_visible()
    due_now = page.locator("table").filter(has=page.locator("caption", has_text="Due now"))
    expect(due_now).to_contain_text("Breach action due")
    expect(due_now.get_by_role("link", name=re.compile("^Record breach initiated"))).to_be_visible()
    journey.check(page, "the case's enforcement with breach due")
    breach = EnforcementAction.objects.get(person=dawn, contact__starts_at=at_ten(second_appointment))
    assert breach.status == EnforcementStatus.BREACH_DUE
    assert breach.prior_warning.contact.starts_at == at_ten(first_appointment)

    # --- She refers Dawn to the women's centre from the directory. ------------------------------------
    page.get_by_role("navigation", name="Case navigation").get_by_role("link", name="Interventions").click()
    journey.check(page, "the case's interventions")
    page.get_by_role("link", name="Find an intervention").click()
    expect(page.get_by_role("heading", name="Interventions directory")).to_be_visible()
    page.get_by_label("Type").select_option(label="Women's service")
    page.get_by_role("button", name="Apply filters").click()
    listing = page.locator("#directory")
    expect(listing.get_by_role("row").filter(has_text="Women's centre key worker")).to_contain_text(
        "Eligible"
    )
    journey.check(page, "the interventions directory, women's services")
    listing.get_by_role("link", name="Women's centre key worker").click()
    journey.check(page, "the women's service in the directory")
    page.get_by_role("link", name="Refer Dawn Fenton").click()
    journey.check(page, "the referral form")
    page.get_by_label("Need the referral addresses").select_option(label="Relationships")
    page.get_by_label("Desired outcomes").fill(
        "Keeps her appointments; support to leave a controlling relationship"
    )
    page.get_by_label("Risk information for the provider").fill("Low risk of serious harm to others.")
    page.get_by_role("button", name=re.compile("^Refer|^Send")).click()
    expect(page.get_by_text("Referred to Women's centre key worker")).to_be_visible()
    journey.check(page, "the new referral")
    referral = Referral.objects.get(person=dawn)
    assert referral.intervention == service
    assert referral.need == Need.RELATIONSHIPS

    assert len(journey.visited) >= 15
    assert pages.problems == []
