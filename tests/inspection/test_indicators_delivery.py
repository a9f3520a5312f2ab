"""Implementation and delivery indicators on hand-built cases: the first appointment, contact at the
level set, step-down against the risks, and enforcement."""

from datetime import date, timedelta

import pytest

from probation.lib.workingdays import add_working_days
from tests.inspection.test_indicators_builders import (
    Org,
    allocation,
    assessment,
    case,
    contact,
    enforcement,
    escalation,
    level,
    mappa,
    outcome,
    result,
    significant_event,
)

pytestmark = pytest.mark.django_db
START = date(2026, 1, 5)


@pytest.fixture
def org():
    return Org()


# first_contact_timely --------------------------------------------------------------------------------
def _allocated(org, start=START):
    person, disposal = case(org.officer, start=start)
    alloc = allocation(person, disposal, received_on=start, first_appointment_due=add_working_days(start, 5))
    return person, alloc


def test_seen_on_the_last_day_is_on_time(org):
    person, alloc = _allocated(org)
    seen = contact(person, alloc.first_appointment_due)
    assert result(person, "first_contact_timely") == (True, True, "contacts.contact", seen.pk)


def test_seen_the_day_after_is_late(org):
    person, alloc = _allocated(org)
    contact(person, date(2026, 1, 13))
    assert result(person, "first_contact_timely") == (True, False, "allocation.allocation", alloc.pk)


def test_an_appointment_in_time_the_person_missed_needs_a_human(org):
    person, _ = _allocated(org)
    missed = contact(person, date(2026, 1, 8), "unacceptable_absence")
    assert result(person, "first_contact_timely") == (True, None, "contacts.contact", missed.pk)


def test_a_case_note_is_not_an_appointment(org):
    person, _ = _allocated(org)
    contact(person, date(2026, 1, 7), "", type="note")
    assert outcome(person, "first_contact_timely") == "not met"


def test_before_the_deadline_it_applies_only_once_the_person_is_seen(org):
    person, _ = _allocated(org)
    assert outcome(person, "first_contact_timely", on=date(2026, 1, 9)) == "not applicable"
    contact(person, date(2026, 1, 7))
    assert outcome(person, "first_contact_timely", on=date(2026, 1, 9)) == "met"


def test_no_allocation_is_not_applicable(org):
    person, _ = case(org.officer, start=START)
    assert outcome(person, "first_contact_timely") == "not applicable"


def test_the_local_day_decides_in_summer_time(org):
    # Due Monday 8 June 2026; midnight at the start of 9 June in London is 23:00 on 8 June in UTC.
    late, _ = _allocated(org, start=date(2026, 6, 1))
    contact(late, date(2026, 6, 9), hour=0)
    in_time, _ = _allocated(org, start=date(2026, 6, 1))
    contact(in_time, date(2026, 6, 8), hour=23)
    assert outcome(late, "first_contact_timely", on=date(2026, 6, 20)) == "not met"
    assert outcome(in_time, "first_contact_timely", on=date(2026, 6, 20)) == "met"


# contact_level_met -----------------------------------------------------------------------------------
MONDAYS = [date(2026, 1, 12) + timedelta(weeks=k) for k in range(8)]  # 12 Jan … 2 Mar: the last eight weeks


def test_eight_face_to_face_appointments_in_eight_weeks_meet_a_weekly_level(org):
    person, _ = case(org.officer, start=date(2025, 12, 1))
    lvl = level(person, "weekly", date(2025, 12, 1))
    for day in MONDAYS:
        contact(person, day)
    assert result(person, "contact_level_met") == (True, True, "contacts.contactlevel", lvl.pk)


def test_short_only_by_acceptable_absences_needs_a_human(org):
    person, _ = case(org.officer, start=date(2025, 12, 1))
    level(person, "weekly", date(2025, 12, 1))
    for day in MONDAYS[:7]:
        contact(person, day)
    contact(person, MONDAYS[7], "acceptable_absence")
    assert outcome(person, "contact_level_met") == "needs a human"


def test_too_few_appointments_is_not_met(org):
    person, _ = case(org.officer, start=date(2025, 12, 1))
    level(person, "weekly", date(2025, 12, 1))
    for day in MONDAYS[:6]:
        contact(person, day)
    contact(person, date(2026, 1, 5))  # before the window
    contact(person, MONDAYS[6], national_standard=False)
    contact(person, MONDAYS[7], type="telephone")
    assert outcome(person, "contact_level_met") == "not met"


def test_telephone_counts_when_the_level_allows_it(org):
    person, _ = case(org.officer, start=date(2025, 12, 1))
    level(person, "fortnightly", date(2025, 12, 1), method="telephone")
    for day in MONDAYS[::2]:
        contact(person, day, type="telephone")
    assert outcome(person, "contact_level_met") == "met"


def test_a_level_in_force_four_to_eight_weeks_is_judged_over_four(org):
    person, _ = case(org.officer, start=date(2025, 12, 1))
    level(person, "weekly", date(2026, 1, 20))
    for day in MONDAYS[4:]:
        contact(person, day)
    assert outcome(person, "contact_level_met") == "met"


def test_a_level_newer_than_four_weeks_is_not_applicable(org):
    person, _ = case(org.officer, start=date(2025, 12, 1))
    level(person, "weekly", date(2026, 2, 10))
    assert outcome(person, "contact_level_met") == "not applicable"


# step_down_compatible --------------------------------------------------------------------------------
STEP = date(2026, 2, 2)


def _stepped_down(org, *, rosh="low", approved_by=None, requested_by=None):
    person, _ = case(org.officer, start=date(2025, 9, 1))
    assessment(person, date(2025, 9, 20), rosh=rosh)
    sd = level(
        person,
        "monthly",
        STEP,
        step_down=True,
        requested_by=requested_by or org.officer,
        approved_by=approved_by,
    )
    return person, sd


def test_a_step_down_with_low_risk_is_compatible(org):
    person, sd = _stepped_down(org)
    assert result(person, "step_down_compatible") == (True, True, "contacts.contactlevel", sd.pk)


def test_a_step_down_with_high_risk_and_no_approval_is_not_met(org):
    person, _ = _stepped_down(org, rosh="high")
    assert outcome(person, "step_down_compatible") == "not met"


def test_a_step_down_with_high_risk_an_spo_approved_needs_a_human(org):
    person, _ = _stepped_down(org, rosh="very_high", approved_by=org.manager)
    assert outcome(person, "step_down_compatible") == "needs a human"


def test_approving_ones_own_step_down_is_not_approval(org):
    person, _ = _stepped_down(org, rosh="high", approved_by=org.officer, requested_by=org.officer)
    assert outcome(person, "step_down_compatible") == "not met"


def test_mappa_level_two_makes_it_risky(org):
    person, _ = _stepped_down(org)
    mappa(person, 2, date(2025, 10, 1))
    assert outcome(person, "step_down_compatible") == "not met"


def test_a_recent_arrest_or_referral_back_makes_it_risky_but_an_old_one_does_not(org):
    arrested, _ = _stepped_down(org)
    significant_event(arrested, STEP - timedelta(days=30), STEP)
    referred, _ = _stepped_down(org)
    escalation(referred, STEP - timedelta(days=10), to_provider=org.provider)
    long_ago, _ = _stepped_down(org)
    significant_event(long_ago, STEP - timedelta(days=120), STEP - timedelta(days=100))
    assert outcome(arrested, "step_down_compatible") == "not met"
    assert outcome(referred, "step_down_compatible") == "not met"
    assert outcome(long_ago, "step_down_compatible") == "met"


def test_the_risk_on_the_day_of_the_step_down_decides(org):
    person, _ = _stepped_down(org)
    assessment(person, date(2026, 2, 10), rosh="high")
    assert outcome(person, "step_down_compatible") == "met"


def test_no_recent_step_down_in_force_is_not_applicable(org):
    person, _ = case(org.officer, start=date(2025, 9, 1))
    level(person, "weekly", date(2025, 9, 1))
    assert outcome(person, "step_down_compatible") == "not applicable"
    old, _ = case(org.officer, start=date(2024, 9, 1))
    level(old, "monthly", date(2025, 2, 1), step_down=True)
    assert outcome(old, "step_down_compatible") == "not applicable"
    waiting, _ = case(org.officer, start=date(2025, 9, 1))
    level(waiting, "monthly", STEP, step_down=True, status="awaiting_approval")
    assert outcome(waiting, "step_down_compatible") == "not applicable"


# enforcement_appropriate -----------------------------------------------------------------------------
FAILED = date(2026, 2, 2)
LETTER_DUE = add_working_days(FAILED, 2)


def test_a_warning_letter_sent_by_its_due_date_is_met(org):
    person, disposal = case(org.officer, start=START)
    failure = contact(person, FAILED, "unacceptable_absence")
    action = enforcement(person, disposal, failure, due_by=LETTER_DUE, letter_issued_on=LETTER_DUE)
    assert result(person, "enforcement_appropriate") == (
        True,
        True,
        "enforcement.enforcementaction",
        action.pk,
    )


def test_a_letter_sent_late_or_not_at_all_is_not_met(org):
    late, disposal = case(org.officer, start=START)
    failure = contact(late, FAILED, "attended_failed")
    enforcement(late, disposal, failure, due_by=LETTER_DUE, letter_issued_on=LETTER_DUE + timedelta(days=1))
    never, disposal = case(org.officer, start=START)
    failure = contact(never, FAILED, "unacceptable_absence")
    enforcement(never, disposal, failure, due_by=LETTER_DUE, status="letter_due")
    assert outcome(late, "enforcement_appropriate") == "not met"
    assert outcome(never, "enforcement_appropriate") == "not met"


def test_a_failure_with_no_decision_counts_once_ten_working_days_have_passed(org):
    person, _ = case(org.officer, start=START)
    failure = contact(person, FAILED, "unacceptable_absence")
    assert result(person, "enforcement_appropriate") == (True, False, "contacts.contact", failure.pk)
    recent, _ = case(org.officer, start=START)
    contact(recent, date(2026, 2, 25), "unacceptable_absence")
    assert outcome(recent, "enforcement_appropriate") == "not applicable"


def test_a_withdrawn_decision_leaves_the_failure_unenforced(org):
    person, disposal = case(org.officer, start=START)
    failure = contact(person, FAILED, "unacceptable_absence")
    enforcement(person, disposal, failure, kind="", due_by=LETTER_DUE, status="withdrawn")
    assert outcome(person, "enforcement_appropriate") == "not met"


def test_departing_from_the_recommended_step_needs_a_human(org):
    person, disposal = case(org.officer, start=START)
    failure = contact(person, FAILED, "unacceptable_absence")
    enforcement(
        person,
        disposal,
        failure,
        kind="breach",
        recommended="warning",
        due_by=add_working_days(FAILED, 10),
        breach_initiated_on=date(2026, 2, 9),
        rationale="Threats made to staff",
    )
    assert outcome(person, "enforcement_appropriate") == "needs a human"


def test_old_or_non_national_standard_failures_are_not_applicable(org):
    old, _ = case(org.officer, start=date(2024, 6, 3))
    contact(old, date(2025, 1, 6), "unacceptable_absence")
    other, _ = case(org.officer, start=START)
    contact(other, FAILED, "unacceptable_absence", national_standard=False)
    assert outcome(old, "enforcement_appropriate") == "not applicable"
    assert outcome(other, "enforcement_appropriate") == "not applicable"
