"""The enforcement rules, exhaustively: the twelve months of a warning (edges, leap years), what a
failure calls for, working-day deadlines across bank holidays, licences and fixed-term recall."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation.enforcement import rules
from probation.enforcement.constants import EnforcementKind as K
from probation.enforcement.constants import EnforcementRoute as R
from probation.enforcement.rules import EnforcementPolicy

# --- The twelve months beginning with the day of the warning --------------------------------------------


@pytest.mark.parametrize(
    "warning_on, last_day",
    [
        (date(2026, 3, 10), date(2027, 3, 9)),
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 12, 31), date(2027, 12, 30)),
        # Beginning on 29 February: no 29 February next year, so the period ends on 28 February.
        (date(2024, 2, 29), date(2025, 2, 28)),
        # Beginning on 1 March before a leap year: the period includes 29 February.
        (date(2023, 3, 1), date(2024, 2, 29)),
        # Beginning on 28 February before a leap year: 28 and 29 February 2024 are both outside.
        (date(2023, 2, 28), date(2024, 2, 27)),
        # Beginning on 28 February of a leap year: ends 27 February.
        (date(2024, 2, 28), date(2025, 2, 27)),
        (date(2027, 2, 28), date(2028, 2, 27)),
        (date(2027, 3, 1), date(2028, 2, 29)),
    ],
)
def test_the_warning_window_ends_the_day_before_the_same_date_a_year_on(warning_on, last_day):
    assert rules.warning_window_last_day(warning_on) == last_day


def test_a_failure_on_the_last_day_of_the_twelve_months_is_within_them():
    assert rules.warning_covers(date(2026, 3, 10), date(2027, 3, 9))


def test_a_failure_on_the_same_calendar_date_twelve_months_later_is_outside():
    assert not rules.warning_covers(date(2026, 3, 10), date(2027, 3, 10))


def test_a_failure_on_the_day_of_the_warning_is_within_it():
    assert rules.warning_covers(date(2026, 3, 10), date(2026, 3, 10))


def test_a_failure_before_the_warning_was_given_is_not_covered_by_it():
    assert not rules.warning_covers(date(2026, 3, 10), date(2026, 3, 9))


@pytest.mark.parametrize(
    "failure_on, covered",
    [
        (date(2025, 2, 28), True),
        (date(2025, 3, 1), False),
        (date(2024, 2, 29), True),
        (date(2025, 2, 27), True),
    ],
)
def test_a_warning_given_on_29_february_covers_failures_to_28_february(failure_on, covered):
    assert rules.warning_covers(date(2024, 2, 29), failure_on) is covered


@pytest.mark.parametrize(
    "failure_on, covered",
    [(date(2024, 2, 29), True), (date(2024, 3, 1), False)],
)
def test_a_warning_given_on_1_march_2023_covers_29_february_2024_but_not_1_march(failure_on, covered):
    assert rules.warning_covers(date(2023, 3, 1), failure_on) is covered


def test_the_first_day_after_a_period_moves_to_the_next_month_when_the_day_is_missing():
    assert rules.first_day_after_period(date(2026, 8, 31), 6) == date(2027, 3, 1)
    assert rules.first_day_after_period(date(2026, 1, 31), 1) == date(2026, 3, 1)
    assert rules.first_day_after_period(date(2028, 1, 31), 1) == date(2028, 3, 1)
    assert rules.first_day_after_period(date(2026, 1, 30), 1) == date(2026, 3, 1)


def test_a_period_must_be_at_least_a_month():
    with pytest.raises(ValueError):
        rules.first_day_after_period(date(2026, 1, 1), 0)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_the_window_always_spans_a_year_less_a_day_give_or_take_leap_days(warning_on):
    last = rules.warning_window_last_day(warning_on)
    assert 364 <= (last - warning_on).days <= 365
    assert rules.warning_covers(warning_on, last)
    assert not rules.warning_covers(warning_on, last + timedelta(days=1))
    # The day after the window is the same calendar date a year on (or 1 March for 29 February).
    after = last + timedelta(days=1)
    if (warning_on.month, warning_on.day) == (2, 29):
        assert (after.month, after.day) in {(2, 29), (3, 1)}
    else:
        assert (after.month, after.day) == (warning_on.month, warning_on.day)


# --- What a failure under an order calls for -----------------------------------------------------------


def test_a_first_failure_calls_for_a_warning():
    rec = rules.recommend_for_order(failure_on=date(2026, 5, 1), warnings_given_on=[])
    assert rec.kind == K.WARNING
    assert rec.prior_warning_on is None


def test_a_failure_within_twelve_months_of_a_warning_calls_for_breach():
    rec = rules.recommend_for_order(failure_on=date(2027, 3, 9), warnings_given_on=[date(2026, 3, 10)])
    assert rec.kind == K.BREACH
    assert rec.prior_warning_on == date(2026, 3, 10)
    assert "9 March 2027" in rec.reason


def test_a_failure_on_the_anniversary_of_a_warning_calls_for_another_warning():
    rec = rules.recommend_for_order(failure_on=date(2027, 3, 10), warnings_given_on=[date(2026, 3, 10)])
    assert rec.kind == K.WARNING


def test_the_latest_covering_warning_is_named():
    rec = rules.recommend_for_order(
        failure_on=date(2026, 9, 1), warnings_given_on=[date(2026, 8, 1), date(2026, 2, 1), date(2025, 1, 1)]
    )
    assert rec.prior_warning_on == date(2026, 8, 1)


def test_a_warning_given_after_the_failure_does_not_make_it_a_breach():
    rec = rules.recommend_for_order(failure_on=date(2026, 5, 1), warnings_given_on=[date(2026, 5, 4)])
    assert rec.kind == K.WARNING


def test_a_leap_day_warning_makes_a_failure_on_28_february_a_breach_but_not_on_1_march():
    warnings = [date(2024, 2, 29)]
    assert (
        rules.recommend_for_order(failure_on=date(2025, 2, 28), warnings_given_on=warnings).kind == K.BREACH
    )
    assert (
        rules.recommend_for_order(failure_on=date(2025, 3, 1), warnings_given_on=warnings).kind == K.WARNING
    )


def test_the_window_length_comes_from_the_policy():
    six_months = EnforcementPolicy(warning_window_months=6)
    rec = rules.recommend_for_order(
        failure_on=date(2026, 9, 1), warnings_given_on=[date(2026, 2, 1)], policy=six_months
    )
    assert rec.kind == K.WARNING


@pytest.mark.parametrize(
    "disposal_type, failure_on, licence_end, route",
    [
        ("community_order", date(2026, 5, 1), None, R.ORDER),
        ("suspended_sentence", date(2026, 5, 1), None, R.ORDER),
        ("licence", date(2026, 5, 1), date(2027, 1, 1), R.LICENCE),
        ("pss", date(2026, 5, 1), date(2026, 6, 1), R.LICENCE),
        ("pss", date(2026, 6, 1), date(2026, 6, 1), R.LICENCE),
        ("pss", date(2026, 6, 2), date(2026, 6, 1), R.ORDER),
    ],
)
def test_the_route_depends_on_the_sentence_and_for_pss_on_whether_the_licence_has_ended(
    disposal_type, failure_on, licence_end, route
):
    assert rules.route_for(disposal_type, failure_on, licence_end) == route


def test_an_unknown_sentence_type_is_refused():
    with pytest.raises(ValueError):
        rules.route_for("fine", date(2026, 1, 1))


# --- Licences -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "steps, expected",
    [
        ([], K.LICENCE_WARNING_1),
        ([K.LICENCE_WARNING_1], K.LICENCE_WARNING_2),
        ([K.LICENCE_WARNING_1, K.LICENCE_WARNING_2], K.LICENCE_FINAL),
        ([K.LICENCE_WARNING_1, K.LICENCE_WARNING_2, K.LICENCE_FINAL], K.RECALL),
        # A step skipped with a rationale still moves the ladder on from the most severe one taken.
        ([K.LICENCE_FINAL], K.RECALL),
        ([K.LICENCE_WARNING_2], K.LICENCE_FINAL),
        ([K.RECALL], K.RECALL),
        # Order warnings do not count towards the licence ladder.
        ([K.WARNING], K.LICENCE_WARNING_1),
    ],
)
def test_licence_warnings_go_first_second_final_then_recall(steps, expected):
    assert rules.recommend_for_licence(steps_taken=steps).kind == expected


def test_recall_is_due_after_a_final_warning_and_says_so():
    rec = rules.recommend_for_licence(steps_taken=[K.LICENCE_FINAL])
    assert rec.route == R.LICENCE
    assert "final warning" in rec.reason


# --- The officer's decision -----------------------------------------------------------------------------


def test_on_a_first_failure_the_officer_may_warn_or_breach():
    assert rules.permitted_kinds(R.ORDER, K.WARNING) == [K.WARNING, K.BREACH]


def test_when_breach_is_due_a_warning_is_not_allowed():
    assert rules.permitted_kinds(R.ORDER, K.BREACH) == [K.BREACH]
    problems = rules.decision_problems(route=R.ORDER, recommended=K.BREACH, chosen=K.WARNING, rationale="x")
    assert problems == [("kind", "You cannot choose warning: breach is the least this failure calls for")]


def test_breach_on_a_first_failure_needs_a_rationale():
    assert rules.decision_problems(route=R.ORDER, recommended=K.WARNING, chosen=K.BREACH, rationale=" ") == [
        ("rationale", "Explain why you chose breach rather than warning")
    ]
    assert (
        rules.decision_problems(
            route=R.ORDER,
            recommended=K.WARNING,
            chosen=K.BREACH,
            rationale="Threatened staff at the appointment",
        )
        == []
    )


def test_the_recommended_step_needs_no_rationale():
    assert rules.decision_problems(route=R.ORDER, recommended=K.WARNING, chosen=K.WARNING, rationale="") == []


def test_immediate_recall_on_licence_is_allowed_with_a_rationale():
    assert K.RECALL in rules.permitted_kinds(R.LICENCE, K.LICENCE_WARNING_1)
    assert rules.decision_problems(
        route=R.LICENCE, recommended=K.LICENCE_WARNING_1, chosen=K.RECALL, rationale=""
    )
    assert not rules.decision_problems(
        route=R.LICENCE, recommended=K.LICENCE_WARNING_1, chosen=K.RECALL, rationale="Charged with assault"
    )


def test_a_licence_cannot_go_back_down_the_ladder():
    problems = rules.decision_problems(
        route=R.LICENCE, recommended=K.LICENCE_FINAL, chosen=K.LICENCE_WARNING_1, rationale="x"
    )
    assert problems and problems[0][0] == "kind"


def test_order_and_licence_steps_do_not_mix():
    assert rules.decision_problems(route=R.ORDER, recommended=K.WARNING, chosen=K.RECALL, rationale="x")[0][
        1
    ] == ("Licence warnings and recall are for licences; this failure is under an order")
    assert rules.decision_problems(
        route=R.LICENCE, recommended=K.LICENCE_WARNING_1, chosen=K.BREACH, rationale="x"
    )[0][1] == ("This failure is under a licence: choose a licence warning or recall")
    assert rules.decision_problems(route=R.ORDER, recommended=K.WARNING, chosen="nonsense", rationale="")[0][
        1
    ] == ("Select what you have decided")


# --- Deadlines in working days -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, judged_on, due",
    [
        # An ordinary week: Monday + 2 working days is Wednesday; + 10 is a fortnight on.
        (K.WARNING, date(2026, 11, 9), date(2026, 11, 11)),
        (K.BREACH, date(2026, 11, 9), date(2026, 11, 23)),
        # Friday + 2 working days skips the weekend.
        (K.WARNING, date(2026, 11, 13), date(2026, 11, 17)),
        # Christmas 2026: Christmas Day is a Friday, Boxing Day a Saturday with Monday 28th as its substitute.
        (K.WARNING, date(2026, 12, 23), date(2026, 12, 29)),
        (K.WARNING, date(2026, 12, 24), date(2026, 12, 30)),
        (K.BREACH, date(2026, 12, 18), date(2027, 1, 6)),  # also skips New Year's Day (Friday)
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        (K.WARNING, date(2027, 3, 25), date(2027, 3, 31)),
        (K.BREACH, date(2027, 3, 24), date(2027, 4, 9)),
        (K.LICENCE_FINAL, date(2027, 3, 25), date(2027, 3, 31)),
        (K.RECALL, date(2027, 3, 25), date(2027, 3, 30)),
    ],
)
def test_deadlines_count_working_days_from_the_day_the_failure_was_judged(kind, judged_on, due):
    assert rules.action_due_by(kind, judged_on) == due


def test_deadlines_follow_the_policy():
    policy = EnforcementPolicy(warning_letter_days=5, breach_days=3)
    assert rules.action_due_by(K.WARNING, date(2026, 11, 9), policy) == date(2026, 11, 16)
    assert rules.action_due_by(K.BREACH, date(2026, 11, 9), policy) == date(2026, 11, 12)


def test_an_unknown_step_has_no_deadline():
    with pytest.raises(ValueError):
        rules.action_due_by("caution", date(2026, 11, 9))


# --- Recall ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "months, days, sentence_date, expected",
    [
        (11, None, None, 14),
        (12, None, None, 28),
        (6, None, None, 14),
        (48, None, None, 28),
        (None, 364, date(2026, 1, 1), 14),
        (None, 365, date(2026, 1, 1), 28),
        # A leap year has 366 days: 365 days from 1 January 2028 is still under 12 months.
        (None, 365, date(2028, 1, 1), 14),
        (None, 366, date(2028, 1, 1), 28),
        (None, 200, None, 14),
        (None, 400, None, 28),
        (None, None, date(2026, 1, 1), None),
    ],
)
def test_fixed_term_recall_is_14_days_under_12_months_and_28_otherwise(months, days, sentence_date, expected):
    assert (
        rules.fixed_term_recall_days(length_months=months, custodial_days=days, sentence_date=sentence_date)
        == expected
    )


@pytest.mark.parametrize(
    "day, in_force",
    [
        (date(2026, 5, 31), False),
        (date(2026, 6, 1), True),
        (date(2027, 6, 1), True),
        (date(2027, 6, 2), False),
    ],
)
def test_a_licence_is_in_force_from_release_to_its_end(day, in_force):
    assert (
        rules.licence_in_force(
            disposal_type="licence",
            terminated_on=None,
            release_date=date(2026, 6, 1),
            licence_end_date=date(2027, 6, 1),
            day=day,
        )
        is in_force
    )


def test_an_order_or_an_ended_licence_is_not_a_licence_in_force():
    kwargs = {"release_date": date(2026, 6, 1), "licence_end_date": None, "day": date(2026, 7, 1)}
    assert not rules.licence_in_force(disposal_type="community_order", terminated_on=None, **kwargs)
    assert not rules.licence_in_force(disposal_type="licence", terminated_on=date(2026, 6, 30), **kwargs)
    assert not rules.licence_in_force(
        disposal_type="licence",
        terminated_on=None,
        release_date=None,
        licence_end_date=None,
        day=date(2026, 7, 1),
    )


def test_the_spo_countersigns_first_then_a_head_and_never_the_recommender():
    spo = {"stage": "spo", "recommended_by_id": 1, "spo_id": None, "is_spo": True, "is_head": False}
    assert rules.countersign_problems(signer_id=2, **spo) == []
    assert rules.countersign_problems(signer_id=1, **spo) == [
        ("decision", "You cannot countersign a recall you recommended")
    ]
    assert rules.countersign_problems(signer_id=2, **(spo | {"is_spo": False}))
    head = {"stage": "head", "recommended_by_id": 1, "spo_id": 2, "is_spo": False, "is_head": True}
    assert rules.countersign_problems(signer_id=3, **head) == []
    assert ("decision", "The second countersignature must be by someone other than the SPO") in (
        rules.countersign_problems(signer_id=2, **head)
    )
    assert ("decision", "A senior probation officer must countersign first") in rules.countersign_problems(
        signer_id=3, **(head | {"spo_id": None})
    )
    assert rules.countersign_problems(signer_id=3, **(head | {"is_head": False}))
