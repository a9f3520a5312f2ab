"""The interventions rules, exhaustively: eligibility, RAR days, treatment progress, the referral's
life and when a referral has stalled."""

import itertools
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation.interventions import rules
from probation.interventions.constants import Attendance, ReferralStatus, SexEligibility, TestResult
from probation.risk.constants import RoshLevel

TODAY = date(2026, 3, 2)
LEVELS = ["low", "medium", "high", "very_high"]


def person(**kw):
    return rules.Candidate(**{"sex": "male", "rosh": "medium", "requirement_types": frozenset(), **kw})


def offer(**kw):
    return rules.Offer(**kw)


# --- Eligibility: sex ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "service, sex, eligible",
    [
        ("any", "male", True),
        ("any", "female", True),
        ("male", "male", True),
        ("male", "female", False),
        ("female", "female", True),
        ("female", "male", False),
    ],
)
def test_sex_eligibility_for_every_combination(service, sex, eligible):
    result = rules.eligibility(person(sex=sex), offer(sex=service), TODAY)
    assert result.eligible is eligible


def test_a_man_is_told_a_womens_service_is_for_women_only():
    result = rules.eligibility(person(sex="male"), offer(sex=SexEligibility.FEMALE), TODAY)
    assert result.reasons == ("This service is for women only",)


def test_a_woman_is_told_a_mens_programme_is_for_men_only():
    result = rules.eligibility(person(sex="female"), offer(sex=SexEligibility.MALE), TODAY)
    assert result.reasons == ("This service is for men only",)


def test_a_recorded_gender_identity_adds_a_note_on_single_sex_services_only():
    single = rules.eligibility(person(sex="female", gender_identity="Non-binary"), offer(sex="female"), TODAY)
    assert single.eligible
    assert any("gender identity" in note for note in single.notes)
    mixed = rules.eligibility(person(gender_identity="Non-binary"), offer(sex="any"), TODAY)
    assert not any("gender identity" in note for note in mixed.notes)


# --- Eligibility: risk of serious harm -------------------------------------------------------------


@pytest.mark.parametrize("limit, level", list(itertools.product(LEVELS, LEVELS)))
def test_rosh_at_or_below_the_limit_is_accepted_and_above_it_refused(limit, level):
    result = rules.eligibility(person(rosh=level), offer(max_rosh=limit), TODAY)
    assert result.eligible is (LEVELS.index(level) <= LEVELS.index(limit))
    if not result.eligible:
        assert result.reasons == (
            f"The person's risk of serious harm is {RoshLevel(level).label.lower()}: "
            f"the service accepts {RoshLevel(limit).label.lower()} risk or below only",
        )


@pytest.mark.parametrize("level", ["", *LEVELS])
def test_without_a_limit_any_rosh_or_none_is_accepted(level):
    assert rules.eligibility(person(rosh=level), offer(max_rosh=""), TODAY).eligible


def test_with_a_limit_a_person_never_assessed_is_refused_with_the_reason():
    result = rules.eligibility(person(rosh=""), offer(max_rosh="medium"), TODAY)
    assert result.reasons == (
        "There is no completed risk of serious harm assessment, and the service accepts people assessed "
        "as medium risk or below only",
    )


# --- Eligibility: requirement --------------------------------------------------------------------


@pytest.mark.parametrize(
    "needed, has, eligible",
    [
        ("", set(), True),
        ("programme", {"programme"}, True),
        ("programme", {"rar", "unpaid_work"}, False),
        ("drug_rehabilitation", {"drug_rehabilitation", "rar"}, True),
        ("drug_rehabilitation", set(), False),
        ("alcohol_treatment", {"drug_rehabilitation"}, False),
        ("rar", {"rar"}, True),
    ],
)
def test_a_required_requirement_must_be_current(needed, has, eligible):
    result = rules.eligibility(
        person(requirement_types=frozenset(has)), offer(required_requirement=needed), TODAY
    )
    assert result.eligible is eligible


def test_a_missing_requirement_is_named():
    result = rules.eligibility(person(), offer(required_requirement="drug_rehabilitation"), TODAY)
    assert result.reasons == (
        "The service needs a current drug rehabilitation (drr) requirement, and the person has none",
    )


# --- Eligibility: capacity and waiting ---------------------------------------------------------------


def test_a_service_not_accepting_referrals_refuses_everyone():
    result = rules.eligibility(person(), offer(accepting_referrals=False), TODAY)
    assert result.reasons == ("The service is not accepting referrals",)


def test_a_full_service_still_takes_referrals_onto_its_waiting_list():
    result = rules.eligibility(person(), offer(capacity=10, places_taken=10, waiting_weeks=3), TODAY)
    assert result.eligible
    assert "All 10 places are taken: the person will join the waiting list" in result.notes
    assert "Expected wait: about 3 weeks" in result.notes


def test_places_left_add_no_waiting_list_note():
    result = rules.eligibility(person(), offer(capacity=10, places_taken=9), TODAY)
    assert result.notes == ()


def test_a_capacity_of_zero_means_no_limit_is_recorded():
    assert rules.eligibility(person(), offer(capacity=0, places_taken=5), TODAY).notes == ()


def test_a_wait_of_one_week_is_singular():
    assert "Expected wait: about 1 week" in rules.eligibility(person(), offer(waiting_weeks=1), TODAY).notes


@pytest.mark.parametrize(
    "weeks, end, eligible",
    [
        (4, TODAY + timedelta(weeks=4), True),  # starts on the last day
        (4, TODAY + timedelta(weeks=4, days=-1), False),  # a day too late
        (0, TODAY, True),
        (12, None, True),  # no known end: nothing to check
    ],
)
def test_a_wait_that_runs_past_the_end_of_the_sentence_is_refused(weeks, end, eligible):
    result = rules.eligibility(person(sentence_end=end), offer(waiting_weeks=weeks), TODAY)
    assert result.eligible is eligible
    if not eligible:
        assert result.reasons[0].startswith(
            f"The wait of about {weeks} weeks runs past the end of the sentence on"
        )


def test_every_reason_is_listed_together():
    result = rules.eligibility(
        person(sex="male", rosh="very_high", sentence_end=TODAY + timedelta(days=3)),
        offer(sex="female", max_rosh="medium", required_requirement="rar", waiting_weeks=2),
        TODAY,
    )
    assert len(result.reasons) == 4
    assert not result.eligible


@given(
    sex=st.sampled_from(["male", "female"]),
    rosh=st.sampled_from(["", *LEVELS]),
    reqs=st.frozensets(st.sampled_from(["rar", "programme", "drug_rehabilitation", "alcohol_treatment"])),
    service_sex=st.sampled_from(["any", "male", "female"]),
    limit=st.sampled_from(["", *LEVELS]),
    needed=st.sampled_from(["", "rar", "programme", "drug_rehabilitation", "alcohol_treatment"]),
    accepting=st.booleans(),
    waiting=st.integers(0, 60),
    end_in=st.one_of(st.none(), st.integers(0, 800)),
)
def test_eligible_exactly_when_every_criterion_is_met(
    sex, rosh, reqs, service_sex, limit, needed, accepting, waiting, end_in
):
    end = None if end_in is None else TODAY + timedelta(days=end_in)
    result = rules.eligibility(
        rules.Candidate(sex=sex, rosh=rosh, requirement_types=reqs, sentence_end=end),
        rules.Offer(
            sex=service_sex,
            max_rosh=limit,
            required_requirement=needed,
            accepting_referrals=accepting,
            waiting_weeks=waiting,
        ),
        TODAY,
    )
    expected = (
        (service_sex == "any" or service_sex == sex)
        and (not limit or (rosh != "" and LEVELS.index(rosh) <= LEVELS.index(limit)))
        and (not needed or needed in reqs)
        and accepting
        and (end is None or TODAY + timedelta(weeks=waiting) <= end)
    )
    assert result.eligible is expected
    assert len(set(result.reasons)) == len(result.reasons)


# --- RAR days ---------------------------------------------------------------------------------


D = date(2026, 2, 2)


def test_a_day_with_several_attended_sessions_counts_once():
    progress = rules.rar_days([(D, True), (D, True), (D + timedelta(days=1), True)], 20)
    assert (progress.days_used, progress.days_remaining, progress.days_over) == (2, 18, 0)


def test_a_day_counts_when_at_least_one_of_its_sessions_was_attended():
    progress = rules.rar_days([(D, False), (D, True)], 10)
    assert progress.days_used == 1


def test_a_day_with_no_attended_session_does_not_count():
    assert rules.rar_days([(D, False), (D + timedelta(days=1), False)], 10).days_used == 0


def test_sessions_given_as_datetimes_count_by_their_day():
    progress = rules.rar_days([(datetime(2026, 2, 2, 9), True), (datetime(2026, 2, 2, 15), True)], 5)
    assert progress.days_used == 1


def test_days_beyond_the_maximum_are_reported_as_over_and_none_remain():
    progress = rules.rar_days([(D + timedelta(days=n), True) for n in range(7)], 5)
    assert (progress.days_used, progress.days_remaining, progress.days_over) == (7, 0, 2)


def test_no_sessions_leave_every_day_remaining():
    progress = rules.rar_days([], 15)
    assert (progress.days_used, progress.days_remaining, progress.days_over) == (0, 15, 0)


def test_without_a_maximum_only_days_used_are_known():
    progress = rules.rar_days([(D, True)], None)
    assert (progress.max_days, progress.days_used, progress.days_remaining, progress.can_still_complete) == (
        None,
        1,
        None,
        None,
    )


@pytest.mark.parametrize(
    "remaining_days, days_left, can_complete",
    [(5, 5, True), (5, 4, False), (0, 0, True), (3, 10, True)],
)
def test_whether_the_remaining_days_still_fit_before_the_requirement_ends(
    remaining_days, days_left, can_complete
):
    today = date(2026, 3, 1)
    ends_on = today + timedelta(days=days_left - 1)  # today counts as a day left
    progress = rules.rar_days([], remaining_days, today=today, ends_on=ends_on)
    assert progress.can_still_complete is can_complete


def test_a_requirement_that_already_ended_cannot_take_more_days():
    progress = rules.rar_days([], 3, today=date(2026, 3, 10), ends_on=date(2026, 3, 1))
    assert progress.can_still_complete is False


@given(
    st.lists(st.tuples(st.dates(date(2025, 1, 1), date(2026, 12, 31)), st.booleans()), max_size=60),
    st.integers(0, 60),
)
def test_rar_days_used_is_the_number_of_distinct_attended_days(sessions, maximum):
    progress = rules.rar_days(sessions, maximum)
    attended_days = {d for d, attended in sessions if attended}
    assert progress.days_used == len(attended_days)
    assert progress.days_remaining + progress.days_used - progress.days_over == maximum
    assert progress.days_remaining >= 0 and progress.days_over >= 0


# --- Treatment progress -----------------------------------------------------------------------


def test_treatment_progress_counts_each_attendance_and_test():
    sessions = [
        (Attendance.ATTENDED, TestResult.NEGATIVE),
        (Attendance.ATTENDED, TestResult.POSITIVE),
        (Attendance.ATTENDED, TestResult.REFUSED),
        (Attendance.ATTENDED, ""),
        (Attendance.ATTENDED_FAILED, TestResult.POSITIVE),
        (Attendance.FAILED_TO_ATTEND, ""),
        (Attendance.ACCEPTABLE_ABSENCE, ""),
    ]
    p = rules.treatment_progress(sessions, 26)
    assert (p.attended, p.attended_failed, p.failed_to_attend, p.acceptable_absences, p.recorded) == (
        4,
        1,
        1,
        1,
        7,
    )
    assert (p.tests_taken, p.tests_negative, p.tests_positive, p.tests_refused) == (3, 1, 2, 1)
    assert p.percent_complete == 15  # 4 of 26, rounded down
    assert p.sessions_remaining == 22
    assert p.attendance_rate == 66  # 4 attended of 6 expected at (the acceptable absence is excused)


def test_progress_is_capped_at_complete():
    p = rules.treatment_progress([(Attendance.ATTENDED, "")] * 5, 4)
    assert p.percent_complete == 100
    assert p.sessions_remaining == 0


def test_without_an_expected_number_there_is_no_percentage():
    p = rules.treatment_progress([(Attendance.ATTENDED, "")], None)
    assert p.percent_complete is None and p.sessions_remaining is None


def test_no_sessions_due_gives_no_attendance_rate():
    assert rules.treatment_progress([], 10).attendance_rate is None
    assert rules.treatment_progress([(Attendance.ACCEPTABLE_ABSENCE, "")], 10).attendance_rate is None


# --- The referral's life -------------------------------------------------------------------------

S = ReferralStatus
EXPECTED = {
    # (status, action): next status, or None when refused
    (S.REFERRED, "accept"): S.ACCEPTED,
    (S.REFERRED, "decline"): S.DECLINED,
    (S.ACCEPTED, "submit_action_plan"): S.ACTION_PLAN_SUBMITTED,
    (S.ACTION_PLAN_SUBMITTED, "submit_action_plan"): S.ACTION_PLAN_SUBMITTED,
    (S.IN_PROGRESS, "submit_action_plan"): S.ACTION_PLAN_SUBMITTED,
    (S.ACTION_PLAN_SUBMITTED, "approve_action_plan"): S.IN_PROGRESS,
    (S.ACCEPTED, "record_session"): S.ACCEPTED,
    (S.ACTION_PLAN_SUBMITTED, "record_session"): S.ACTION_PLAN_SUBMITTED,
    (S.IN_PROGRESS, "record_session"): S.IN_PROGRESS,
    (S.IN_PROGRESS, "complete"): S.COMPLETED,
    (S.REFERRED, "end_early"): S.ENDED_EARLY,
    (S.ACCEPTED, "end_early"): S.ENDED_EARLY,
    (S.ACTION_PLAN_SUBMITTED, "end_early"): S.ENDED_EARLY,
    (S.IN_PROGRESS, "end_early"): S.ENDED_EARLY,
    (S.COMPLETED, "submit_report"): S.COMPLETED,
    (S.ENDED_EARLY, "submit_report"): S.ENDED_EARLY,
}


@pytest.mark.parametrize("status, action", list(itertools.product(S.values, rules.TRANSITIONS)))
def test_every_status_and_action_pair_follows_the_table(status, action):
    expected = EXPECTED.get((status, action))
    if expected is None:
        with pytest.raises(rules.TransitionRefused, match="You cannot"):
            rules.next_status(status, action)
    else:
        assert rules.next_status(status, action) == expected


def test_a_declined_referral_can_do_nothing_more():
    assert rules.allowed_actions(S.DECLINED) == frozenset()


def test_the_end_of_service_report_is_submitted_once():
    assert "submit_report" in rules.allowed_actions(S.COMPLETED, report_submitted=False)
    assert rules.allowed_actions(S.COMPLETED, report_submitted=True) == frozenset()
    with pytest.raises(rules.TransitionRefused, match="already has its end-of-service report"):
        rules.next_status(S.ENDED_EARLY, "submit_report", report_submitted=True)


def test_a_refusal_names_the_state_the_referral_is_in():
    with pytest.raises(rules.TransitionRefused, match="You cannot complete this referral: it is referred"):
        rules.next_status(S.REFERRED, "complete")


# --- Stalled --------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(S.open()))
@pytest.mark.parametrize("days_since, stalled", [(13, False), (14, True), (40, True), (0, False)])
def test_an_open_referral_stalls_after_the_configured_days(status, days_since, stalled):
    assert (
        rules.is_stalled(
            status, TODAY - timedelta(days=days_since), report_submitted=False, today=TODAY, stalled_days=14
        )
        is stalled
    )


@pytest.mark.parametrize("status", sorted(S.ended()))
def test_an_ended_referral_stalls_while_its_report_is_missing(status):
    long_ago = TODAY - timedelta(days=30)
    assert rules.is_stalled(status, long_ago, report_submitted=False, today=TODAY, stalled_days=14)
    assert not rules.is_stalled(status, long_ago, report_submitted=True, today=TODAY, stalled_days=14)


def test_a_declined_referral_never_stalls():
    assert not rules.is_stalled(
        S.DECLINED, TODAY - timedelta(days=400), report_submitted=False, today=TODAY, stalled_days=14
    )


def test_the_stalled_cutoff_agrees_with_the_rule():
    cutoff = rules.stalled_since(TODAY, 14)
    assert rules.is_stalled(S.REFERRED, cutoff, report_submitted=False, today=TODAY, stalled_days=14)
    assert not rules.is_stalled(
        S.REFERRED, cutoff + timedelta(days=1), report_submitted=False, today=TODAY, stalled_days=14
    )


# --- Attendance on the case record ---------------------------------------------------------------


def test_each_attendance_maps_to_a_contact_outcome():
    assert {a: rules.contact_outcome(a) for a in Attendance.values} == {
        "attended": "attended_complied",
        "attended_failed": "attended_failed",
        "failed_to_attend": "awaiting_evidence",
        "acceptable_absence": "acceptable_absence",
    }
