"""Whole journeys in a real browser: signing in with both factors, finding a case, changing it, and a
manager reading the change in the audit trail."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from .conftest import axe_violations, describe_violations, give_second_factor, sign_in_with_password

pytestmark = pytest.mark.browser


def test_an_officer_finds_their_case_changes_the_phone_number_and_the_manager_sees_it_audited(
    pages, personas
):
    # Alice signs in for the first time: password, then she enrols her authenticator app.
    alice = pages.new()
    sign_in_with_password(alice, "alice")
    expect(alice.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    give_second_factor(alice, personas.alice)
    assert TOTPDevice.objects.get(user=personas.alice).confirmed
    navigation = alice.get_by_role("navigation", name="Primary navigation")

    # She searches by surname and opens the case.
    navigation.get_by_role("link", name="Search").click()
    alice.get_by_label("Name, CRN, PNC ID or date of birth").fill("Archer")
    alice.get_by_role("button", name="Search").click()
    alice.get_by_role("link", name="Archer, Jordan").click()
    expect(alice.get_by_role("heading", name="Jordan Archer")).to_be_visible()
    expect(alice.locator("#person-phone")).to_have_text("Not given")

    # She changes the phone number and sees it on the overview.
    alice.get_by_role("link", name="Change personal details and diversity needs").click()
    alice.get_by_label("Phone number").fill("07700 900123")
    alice.get_by_role("button", name="Save details").click()
    expect(alice.get_by_text("Personal details saved")).to_be_visible()
    expect(alice.locator("#person-phone")).to_have_text("07700 900123")
    expect(alice).to_have_url(re.compile(f"/cases/{personas.case.crn}/$"))

    # Maria, her manager, follows a link to her team's cases while signed out, signs in with the app
    # she already has, lands where the link pointed, opens the case and reads its audit trail.
    TOTPDevice.objects.create(user=personas.maria, name="Phone", confirmed=True)
    maria = pages.new()
    maria.goto("/cases/team/")
    expect(maria.get_by_role("heading", name="Sign in")).to_be_visible()
    maria.get_by_label("Username").fill("maria")
    maria.get_by_label("Password").fill("correct horse battery")
    with maria.expect_navigation():
        maria.get_by_role("button", name="Continue").click()
    expect(maria.get_by_role("heading", name="Enter your security code")).to_be_visible()
    give_second_factor(maria, personas.maria)
    expect(maria.get_by_role("heading", name="Team cases")).to_be_visible()
    row = maria.get_by_role("row").filter(has_text="Archer, Jordan")
    expect(row).to_contain_text("Alice Tester")
    row.get_by_role("link", name="Archer, Jordan").click()
    maria.get_by_role("link", name="Audit trail").click()
    expect(maria.get_by_role("heading", name="Audit trail")).to_be_visible()

    change = maria.get_by_role("row").filter(has_text="Changed personal details")
    expect(change).to_have_count(1)
    text = change.inner_text()
    assert "Alice Tester" in text
    assert re.search(r"phone\s+\(blank\) → 07700 900123", text), text
    views = maria.get_by_role("row").filter(has_text="Viewed case overview")
    assert views.filter(has_text="Alice Tester").count() >= 1
    assert maria.get_by_role("row").filter(has_text="Searched").count() == 0  # searches carry no case
    assert not pages.problems, pages.problems


def test_the_second_of_two_officers_saving_at_once_is_told_and_taken_to_the_message(pages, personas):
    alice, bob = pages.new(personas.alice), pages.new(personas.bob)
    edit = f"/cases/{personas.case.crn}/details/edit/"
    alice.goto(edit)
    bob.goto(edit)
    alice.get_by_label("Phone number").fill("111")
    alice.get_by_role("button", name="Save details").click()
    expect(alice.get_by_text("Personal details saved")).to_be_visible()

    bob.get_by_label("Phone number").fill("222")
    bob.get_by_role("button", name="Save details").click()
    summary = bob.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This record has changed since you opened it")
    # GOV.UK Frontend's script moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    personas.case.refresh_from_db()
    assert personas.case.phone == "111"


def test_an_error_summary_link_takes_the_user_to_the_field(pages, personas):
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/details/edit/")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Save details").click()
    page.locator(".govuk-error-summary").get_by_role(
        "link", name=re.compile("Enter an email address")
    ).click()
    expect(page.locator("#id_email")).to_be_focused()


def test_the_accessibility_check_does_catch_a_serious_failure(pages, personas):
    # Guards the guard: the same check the page tests rely on reports a known failure.
    page = pages.new()
    page.goto("/sign-in/")
    page.evaluate(
        """() => {
            const link = document.createElement("a");
            link.href = "/";
            link.innerHTML = '<img src="/assets/images/favicon.png">';
            document.querySelector("main").appendChild(link);
        }"""
    )
    violations = axe_violations(page)
    assert {v["id"] for v in violations} >= {"link-name", "image-alt"}, describe_violations(violations)
    assert "image-alt" in describe_violations(violations)
