"""Keeping people safe, partnership, continuity and oversight indicators on hand-built cases."""

from datetime import date, timedelta

import pytest

from probation.lib.workingdays import add_working_days
from probation.workforce.models import ResponsibleOfficerAssignment
from tests.inspection.test_indicators_builders import (
    Org,
    action,
    assessment,
    case,
    exchange,
    identified_risk,
    mappa,
    outcome,
    oversight,
    partner_check,
    partner_intervention,
    plan,
    plan_review,
    referral,
    result,
    sfo,
    significant_event,
    uid,
)

pytestmark = pytest.mark.django_db
START = date(2026, 1, 5)


@pytest.fixture
def org():
    return Org()


# risk_followed_through -------------------------------------------------------------------------------
def test_every_risk_with_an_action_is_followed_through(org):
    person, _ = case(org.officer, start=START)
    ra = assessment(person, date(2026, 1, 15), rosh="high")
    action(identified_risk(ra), date(2026, 2, 1))
    assert result(person, "risk_followed_through") == (True, True, "risk.riskassessment", ra.pk)


def test_a_risk_without_a_live_action_is_not_followed_through(org):
    person, _ = case(org.officer, start=START)
    ra = assessment(person, date(2026, 1, 15))
    action(identified_risk(ra), date(2026, 2, 1))
    bare = identified_risk(ra)
    action(bare, date(2026, 2, 1), status="cancelled")
    assert result(person, "risk_followed_through") == (True, False, "risk.identifiedrisk", bare.pk)


def test_actions_made_for_the_same_risk_in_an_earlier_version_count(org):
    person, _ = case(org.officer, start=START)
    first = assessment(person, date(2026, 1, 15))
    earliest = identified_risk(first)
    action(earliest, date(2026, 2, 1))
    second = assessment(person, date(2026, 2, 10))
    middle = identified_risk(second, carried_from=earliest)
    third = assessment(person, date(2026, 2, 20))
    identified_risk(third, carried_from=middle)
    assert outcome(person, "risk_followed_through") == "met"


def test_high_rosh_with_no_specific_risk_needs_a_human(org):
    person, _ = case(org.officer, start=START)
    assessment(person, date(2026, 1, 15), rosh="very_high")
    assert outcome(person, "risk_followed_through") == "needs a human"


def test_no_assessment_or_no_risks_at_low_rosh_is_not_applicable(org):
    person, _ = case(org.officer, start=START)
    assert outcome(person, "risk_followed_through") == "not applicable"
    assessment(person, date(2026, 1, 15), rosh="low")
    assert outcome(person, "risk_followed_through") == "not applicable"


# risk_minimised --------------------------------------------------------------------------------------
def _risky(org):
    person, disposal = case(org.officer, start=START)
    ra = assessment(person, date(2026, 1, 15), rosh="high")
    return person, disposal, identified_risk(ra)


def test_actions_delivered_checks_answered_and_events_reviewed_in_time_is_met(org):
    person, disposal, risk = _risky(org)
    action(risk, date(2026, 2, 1), delivered_on=date(2026, 2, 1))
    partner_check(person, date(2026, 1, 20), answered_on=add_working_days(date(2026, 1, 20), 10))
    event = significant_event(person, date(2026, 2, 3), add_working_days(date(2026, 2, 3), 10))
    p = plan(person, disposal, starts_from=START, due_by=date(2026, 1, 26), completed_on=date(2026, 1, 20))
    plan_review(p, event, date(2026, 2, 10), by=org.officer)
    assert result(person, "risk_minimised") == (True, True, "", None)


def test_an_action_delivered_after_its_due_date_is_not_met(org):
    person, _, risk = _risky(org)
    late = action(risk, date(2026, 2, 1), delivered_on=date(2026, 2, 2))
    assert result(person, "risk_minimised") == (True, False, "risk.riskaction", late.pk)


def test_an_action_overdue_and_still_open_is_not_met(org):
    person, _, risk = _risky(org)
    action(risk, date(2026, 2, 1))
    assert outcome(person, "risk_minimised") == "not met"


def test_a_partner_check_unanswered_after_ten_working_days_is_not_met(org):
    person, _, _ = _risky(org)
    asked = date(2026, 2, 2)
    check = partner_check(person, asked, answered_on=add_working_days(asked, 11))
    assert result(person, "risk_minimised") == (True, False, "risk.partnercheck", check.pk)


def test_a_significant_event_without_a_review_by_its_date_is_not_met(org):
    person, _, _ = _risky(org)
    event = significant_event(person, date(2026, 2, 3), date(2026, 2, 17))
    assessment(person, date(2026, 2, 18), rosh="high")  # a day late
    assert result(person, "risk_minimised") == (True, False, "risk.significantevent", event.pk)


def test_a_reassessment_by_the_review_date_reviews_the_event(org):
    person, _, _ = _risky(org)
    significant_event(person, date(2026, 2, 3), date(2026, 2, 17))
    assessment(person, date(2026, 2, 17), rosh="high")
    assert outcome(person, "risk_minimised") == "met"


def test_an_action_recorded_as_not_delivered_needs_a_human(org):
    person, _, risk = _risky(org)
    action(risk, date(2026, 2, 1), status="not_delivered")
    assert outcome(person, "risk_minimised") == "needs a human"


def test_nothing_due_yet_is_not_applicable(org):
    person, _, risk = _risky(org)
    action(risk, date(2026, 3, 20))
    partner_check(person, date(2026, 2, 25))
    assert outcome(person, "risk_minimised") == "not applicable"


# partner_involvement ---------------------------------------------------------------------------------
def test_a_referral_to_a_partner_agency_is_met(org):
    person, _ = case(org.officer, start=START)
    r = referral(person, partner_intervention(org.area), date(2026, 1, 20))
    assert result(person, "partner_involvement") == (True, True, "interventions.referral", r.pk)


def test_a_referral_to_the_cases_own_provider_does_not_count_but_another_providers_does(org):
    own, _ = case(org.officer, start=START)
    referral(own, partner_intervention(org.area, partner=False, provider=org.provider), date(2026, 1, 20))
    other, _ = case(org.officer, start=START)
    referral(
        other, partner_intervention(org.area, partner=False, provider=org.other_provider), date(2026, 1, 20)
    )
    assert outcome(own, "partner_involvement") == "not met"
    assert outcome(other, "partner_involvement") == "met"


def test_information_shared_or_answered_counts(org):
    person, _ = case(org.officer, start=START)
    x = exchange(person, date(2026, 1, 20), direction="shared")
    assert result(person, "partner_involvement") == (True, True, "interventions.partnerexchange", x.pk)


def test_only_a_declined_referral_or_an_unanswered_request_needs_a_human(org):
    declined, _ = case(org.officer, start=START)
    referral(
        declined,
        partner_intervention(org.area),
        date(2026, 1, 20),
        status="declined",
        decided_on=date(2026, 1, 27),
    )
    asked, _ = case(org.officer, start=START)
    exchange(asked, date(2026, 1, 20))
    assert outcome(declined, "partner_involvement") == "needs a human"
    assert outcome(asked, "partner_involvement") == "needs a human"


def test_no_partner_work_after_eight_weeks_is_not_met_and_before_not_applicable(org):
    person, _ = case(org.officer, start=START)
    assert outcome(person, "partner_involvement") == "not met"
    assert outcome(person, "partner_involvement", on=date(2026, 2, 20)) == "not applicable"


def test_an_assessment_that_found_no_need_makes_it_not_applicable(org):
    person, _ = case(org.officer, start=START)
    assessment(person, date(2026, 1, 15), needs={"accommodation": "none", "ete": "none"})
    assert outcome(person, "partner_involvement") == "not applicable"


# ro_continuity ---------------------------------------------------------------------------------------
def _reallocate(person, officer, day):
    ResponsibleOfficerAssignment.objects.filter(person=person, end_date__isnull=True).update(end_date=day)
    ResponsibleOfficerAssignment.objects.create(
        external_id=uid("roa"),
        person=person,
        officer=officer,
        provider_id=officer.provider_id,
        team_id=officer.team_id,
        start_date=day,
        reason="reallocation",
    )


def test_two_changes_in_a_year_keep_continuity_and_three_do_not(org):
    person, _ = case(org.officer, start=START)
    _reallocate(person, org.colleague, date(2026, 1, 20))
    _reallocate(person, org.officer, date(2026, 2, 2))
    assert outcome(person, "ro_continuity") == "met"
    _reallocate(person, org.colleague, date(2026, 2, 16))
    applicable, met, kind, evidence = result(person, "ro_continuity")
    latest = ResponsibleOfficerAssignment.objects.get(person=person, end_date__isnull=True)
    assert (applicable, met, kind, evidence) == (
        True,
        False,
        "workforce.responsibleofficerassignment",
        latest.pk,
    )


def test_changes_more_than_a_year_ago_do_not_count(org):
    person, _ = case(org.officer, start=START)
    ResponsibleOfficerAssignment.objects.filter(person=person).update(start_date=date(2024, 1, 1))
    for k in range(3):
        _reallocate(person, org.colleague, date(2024, 6, 3) + timedelta(days=7 * k))
    assert outcome(person, "ro_continuity") == "met"


def test_a_case_never_allocated_is_not_applicable(org):
    from tests import factories as f

    assert outcome(f.person(), "ro_continuity") == "not applicable"


# oversight_sufficient --------------------------------------------------------------------------------
def _high(org, completed_on=date(2025, 10, 1)):
    person, _ = case(org.officer, start=date(2025, 9, 1))
    assessment(person, completed_on, rosh="high")
    return person


def test_oversight_within_the_interval_is_met(org):
    person = _high(org)
    record = oversight(person, date(2026, 2, 2), by=org.manager)
    assert result(person, "oversight_sufficient") == (True, True, "oversight.oversightrecord", record.pk)


def test_no_oversight_for_longer_than_the_interval_is_not_met(org):
    person = _high(org)
    oversight(person, date(2026, 1, 4), by=org.manager)  # 8 weeks and a day before 2 March
    assert outcome(person, "oversight_sufficient") == "not met"


def test_a_case_that_became_high_risk_recently_is_not_yet_due(org):
    person, _ = case(org.officer, start=date(2025, 9, 1))
    assessment(person, date(2025, 9, 20), rosh="medium")
    assessment(person, date(2026, 2, 10), rosh="high")
    assert outcome(person, "oversight_sufficient") == "met"


def test_a_significant_event_without_oversight_in_ten_working_days_is_not_met(org):
    person = _high(org)
    oversight(person, date(2026, 2, 27), by=org.manager)
    event = significant_event(person, date(2026, 2, 2), date(2026, 2, 16))
    assert result(person, "oversight_sufficient") == (True, False, "risk.significantevent", event.pk)
    oversight(person, add_working_days(date(2026, 2, 2), 10), by=org.manager)
    assert outcome(person, "oversight_sufficient") == "met"


def test_oversight_recorded_by_the_cases_own_officer_needs_a_human(org):
    person = _high(org)
    oversight(person, date(2026, 2, 2), by=org.officer)
    assert outcome(person, "oversight_sufficient") == "needs a human"


def test_mappa_level_two_applies_and_low_rosh_without_mappa_does_not(org):
    person, _ = case(org.officer, start=date(2025, 9, 1))
    assessment(person, date(2025, 10, 1), rosh="low")
    assert outcome(person, "oversight_sufficient") == "not applicable"
    mappa(person, 2, date(2025, 11, 1))
    assert outcome(person, "oversight_sufficient") == "not met"
    mappa(person, 3, date(2025, 11, 1), end=date(2026, 1, 1))
    level_one, _ = case(org.officer, start=date(2025, 9, 1))
    mappa(level_one, 1, date(2025, 11, 1))
    assert outcome(level_one, "oversight_sufficient") == "not applicable"


# sfo_notified_timely ---------------------------------------------------------------------------------
CHARGED = date(2026, 2, 2)
NOTIFY_BY = add_working_days(CHARGED, 10)


def test_notified_by_the_deadline_is_met_and_after_it_not(org):
    on_time, _ = case(org.officer, start=START)
    s = sfo(on_time, CHARGED, NOTIFY_BY, notified_on=NOTIFY_BY)
    late, _ = case(org.officer, start=START)
    sfo(late, CHARGED, NOTIFY_BY, notified_on=NOTIFY_BY + timedelta(days=1))
    assert result(on_time, "sfo_notified_timely") == (True, True, "oversight.seriousfurtheroffence", s.pk)
    assert outcome(late, "sfo_notified_timely") == "not met"


def test_not_notified_is_not_applicable_until_due_then_not_met(org):
    person, _ = case(org.officer, start=START)
    sfo(person, CHARGED, NOTIFY_BY)
    assert outcome(person, "sfo_notified_timely", on=NOTIFY_BY) == "not applicable"
    assert outcome(person, "sfo_notified_timely", on=NOTIFY_BY + timedelta(days=1)) == "not met"


def test_marked_past_notification_without_a_date_needs_a_human(org):
    person, _ = case(org.officer, start=START)
    sfo(person, CHARGED, NOTIFY_BY, status="review_complete")
    assert outcome(person, "sfo_notified_timely") == "needs a human"
