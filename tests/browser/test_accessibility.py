"""Every page type, styled as users see it, has no serious or critical axe-core failures."""

import pytest

from probation.audit.models import Action
from probation.people.services import person_update_details
from tests import factories as f

from .conftest import axe_violations, describe_violations, sign_in_with_password

pytestmark = pytest.mark.browser


def sign_in_page(pages, personas):
    page = pages.new()
    page.goto("/sign-in/")
    return page


def sign_in_with_errors(pages, personas):
    page = pages.new()
    sign_in_with_password(page, "alice", "wrong password")
    page.locator(".govuk-error-summary").wait_for()
    return page


def enrol_second_factor(pages, personas):
    page = pages.new()
    sign_in_with_password(page, "alice")
    page.locator("#totp-secret").wait_for()
    return page


def enter_second_factor_with_error(pages, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=personas.maria, name="Phone", confirmed=True)
    page = pages.new()
    sign_in_with_password(page, "maria")
    page.get_by_label("Security code").fill("12ab56")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    return page


def my_cases(pages, personas):
    for n in range(30):  # enough for pagination
        f.person(officer=personas.alice, last_name=f"Zed{n:02d}")
    page = pages.new(personas.alice)
    page.goto("/cases/")
    return page


def team_cases(pages, personas):
    f.person(officer=personas.bob, last_name="Baker")
    page = pages.new(personas.maria)
    page.goto("/cases/team/")
    return page


def search_with_results(pages, personas):
    f.person(officer=personas.bob, last_name="Archer", first_name="Sam")
    page = pages.new(personas.maria)
    page.goto("/cases/search/?q=Archer")
    return page


def search_with_a_restricted_result(pages, personas):
    page = pages.new(personas.eddie)
    page.goto("/cases/search/?q=Archer")
    page.get_by_text("Restricted case").first.wait_for()
    return page


def case_overview(pages, personas):
    from datetime import date

    from probation.people.models import Address, Alias

    Alias.objects.create(
        external_id="alias-a11y", person=personas.case, first_name="Jo", last_name="Smithers"
    )
    Address.objects.create(
        external_id="address-a11y",
        person=personas.case,
        line1="1 High Street",
        town="Stoke-on-Trent",
        postcode="ST1 1AA",
        start_date=date(2025, 1, 1),
    )
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/")
    return page


def overview_after_saving(pages, personas):
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/details/edit/")
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_role("button", name="Save details").click()
    page.get_by_text("Personal details saved").wait_for()
    return page


def ro_history(pages, personas):
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/responsible-officers/")
    return page


def audit_trail(pages, personas):
    person_update_details(
        by_user=personas.alice, crn=personas.case.crn, version=1, changes={"phone": "07700 900123"}
    )
    page = pages.new(personas.maria)
    page.goto(f"/cases/{personas.case.crn}/audit/")
    page.get_by_text(Action.UPDATE.label, exact=False).first.wait_for()
    return page


def edit_details_with_errors(pages, personas):
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/details/edit/")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_label("First language").fill("")
    page.get_by_role("button", name="Save details").click()
    page.locator(".govuk-error-summary").wait_for()
    return page


def restricted_message(pages, personas):
    page = pages.new(personas.eddie)
    page.goto(f"/cases/{personas.case.crn}/")
    return page


def not_found(pages, personas):
    page = pages.new(personas.charlie)
    page.goto(f"/cases/{personas.case.crn}/")
    return page


def forbidden(pages, personas):
    page = pages.new(personas.alice)
    page.goto("/cases/team/")
    return page


def locked_out(pages, personas):
    page = pages.new()
    for _ in range(5):
        sign_in_with_password(page, "alice", "wrong password")
    page.get_by_text("Your account is locked").wait_for()
    return page


def accessibility_statement(pages, personas):
    page = pages.new()
    page.goto("/accessibility/")
    return page


PAGE_TYPES = {
    "sign in": (sign_in_page, "Sign in"),
    "sign in with errors": (sign_in_with_errors, "Error: Sign in"),
    "second factor enrolment": (enrol_second_factor, "Set up your authenticator app"),
    "second factor with errors": (enter_second_factor_with_error, "Error: Enter your security code"),
    "my cases": (my_cases, "My cases"),
    "team cases": (team_cases, "Team cases"),
    "search with results": (search_with_results, "Search for a person"),
    "search with a restricted result": (search_with_a_restricted_result, "Search for a person"),
    "case overview": (case_overview, "Jordan Archer"),
    "case overview after saving": (overview_after_saving, "Jordan Archer"),
    "responsible officer history": (ro_history, "Responsible officers"),
    "audit trail": (audit_trail, "Audit trail"),
    "edit details with errors": (edit_details_with_errors, "Error: Change personal details"),
    "restricted message": (restricted_message, "Restricted case"),
    "not found": (not_found, "Page not found"),
    "forbidden": (forbidden, "You cannot see this page"),
    "locked out": (locked_out, "Account locked"),
    "accessibility statement": (accessibility_statement, "Accessibility statement"),
}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_the_page_has_no_serious_or_critical_accessibility_failures(pages, personas, page_type):
    open_page, title = PAGE_TYPES[page_type]
    page = open_page(pages, personas)
    page.wait_for_load_state("load")
    assert page.title().startswith(title), page.title()
    violations = axe_violations(page)
    assert not violations, f"axe found problems on the {page_type} page:\n{describe_violations(violations)}"
    assert not pages.problems, pages.problems


@pytest.mark.parametrize("page_type", ["sign in", "case overview"])
def test_the_page_is_styled_by_gov_uk_frontend(pages, personas, page_type):
    page = PAGE_TYPES[page_type][0](pages, personas)
    style = page.evaluate(
        """() => {
            const heading = getComputedStyle(document.querySelector("h1"));
            const header = getComputedStyle(document.querySelector(".moj-header"));
            return {font: heading.fontFamily, weight: heading.fontWeight, header: header.backgroundColor};
        }"""
    )
    assert "GDS Transport" in style["font"], style
    assert style["weight"] == "700", style
    assert style["header"] == "rgb(11, 12, 12)", style
    body_classes = page.evaluate("document.body.className")
    assert "govuk-frontend-supported" in body_classes
