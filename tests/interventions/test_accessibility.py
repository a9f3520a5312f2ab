"""The interventions pages, styled as users see them, have no serious or critical axe-core failures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from probation.interventions import services
from probation.interventions.models import Intervention, InterventionNeed, PartnerAgency
from tests.browser.conftest import axe_violations, describe_violations

pytestmark = pytest.mark.browser


def _intervention(personas, name="Thinking Well", **fields):
    intervention = Intervention.objects.create(
        name=name, area=personas.area, category="other", capacity=10, waiting_weeks=3, **fields
    )
    InterventionNeed.objects.create(intervention=intervention, need="thinking_behaviour")
    return intervention


def _referral(personas):
    referral = services.referral_create(
        by_user=personas.alice,
        person=personas.case,
        intervention=_intervention(personas),
        need="thinking_behaviour",
        desired_outcomes="Better decisions",
        risk_information="Low risk",
    )
    referral = services.referral_accept(by_user=personas.bob, referral=referral, version=1)
    referral = services.referral_submit_action_plan(
        by_user=personas.bob, referral=referral, version=2, action_plan="Six weekly sessions"
    )
    return services.referral_approve_action_plan(by_user=personas.alice, referral=referral, version=3)


def directory_for_a_case(pages, personas):
    _intervention(personas)
    _intervention(personas, "Women Only", sex="female")
    page = pages.new(personas.alice)
    page.goto(f"/interventions/?crn={personas.case.crn}")
    return page


def case_interventions(pages, personas):
    referral = _referral(personas)
    services.session_record(
        by_user=personas.bob,
        referral=referral,
        version=referral.version,
        starts_at=timezone.now() - timedelta(hours=2),
        attendance="attended",
    )
    agency = PartnerAgency.objects.create(name="Test Police", kind="police", area=personas.area)
    services.partner_exchange_create(
        by_user=personas.alice,
        person=personas.case,
        agency=agency,
        direction="requested",
        subject="Call-outs",
        occurred_on=timezone.localdate(),
        sensitive=True,
    )
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/referrals/")
    return page


def referral_detail(pages, personas):
    referral = _referral(personas)
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/referrals/{referral.pk}/")
    return page


def ineligible_referral_with_errors(pages, personas):
    womens = _intervention(personas, "Women Only", sex="female")
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/referrals/new/{womens.pk}/")
    page.get_by_label("Desired outcomes").fill("Support")
    page.get_by_role("button", name="Send the referral").click()
    page.locator(".govuk-error-summary").wait_for()
    return page


def session_form_with_errors(pages, personas):
    referral = _referral(personas)
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/referrals/{referral.pk}/sessions/new/")
    page.get_by_role("button", name="Record the session").click()
    page.locator(".govuk-error-summary").wait_for()
    return page


def partner_exchange_form(pages, personas):
    PartnerAgency.objects.create(name="Test Police", kind="police", area=personas.area)
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/referrals/partner-agencies/new/")
    return page


PAGE_TYPES = {
    "directory for a case": directory_for_a_case,
    "case interventions": case_interventions,
    "referral": referral_detail,
    "ineligible referral": ineligible_referral_with_errors,
    "session form with errors": session_form_with_errors,
    "partner agency form": partner_exchange_form,
}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_the_page_has_no_serious_or_critical_accessibility_failures(pages, personas, page_type):
    page = PAGE_TYPES[page_type](pages, personas)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    assert not pages.problems, pages.problems
