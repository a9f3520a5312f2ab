from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation.inspection import rules
from probation.inspection.constants import Rating

O, G, RI, I = Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE  # noqa: E741


# Key-question percentages ---------------------------------------------------------------------
def test_a_key_question_percent_is_sufficient_over_applicable():
    assert rules.key_question_percent(3, 4) == 75.0
    assert rules.key_question_percent(0, 5) == 0.0
    assert rules.key_question_percent(5, 5) == 100.0


def test_a_key_question_with_no_applicable_case_has_no_percent():
    assert rules.key_question_percent(0, 0) is None


@pytest.mark.parametrize("sufficient, applicable", [(-1, 3), (4, 3), (1.0, 3), (True, 3), (1, -2)])
def test_impossible_counts_are_refused(sufficient, applicable):
    with pytest.raises(ValueError):
        rules.key_question_percent(sufficient, applicable)


# Standard bands, at every edge -------------------------------------------------------------------
@pytest.mark.parametrize(
    "sufficient, applicable, rating",
    [
        (100, 100, O),
        (80, 100, O),
        (4, 5, O),
        (79, 100, G),
        (799, 1000, G),
        (65, 100, G),
        (13, 20, G),
        (64, 100, RI),
        (649, 1000, RI),
        (50, 100, RI),
        (1, 2, RI),
        (49, 100, I),
        (499, 1000, I),
        (0, 100, I),
    ],
)
def test_a_key_question_percent_is_banded(sufficient, applicable, rating):
    assert rules.standard_rating([(sufficient, applicable)]) == rating


def test_bands_compare_the_exact_unrounded_percent():
    # 79.99… % is not rounded up to 80 %.
    assert rules.standard_rating([(7999, 10000)]) == G
    assert rules.rating_for_share(Fraction(80, 100)) == O


def test_the_lowest_key_question_sets_the_standard():
    assert rules.standard_rating([(10, 10), (9, 10), (4, 10)]) == I
    assert rules.standard_rating([(10, 10), (7, 10), (8, 10)]) == G


def test_a_key_question_with_no_applicable_case_takes_no_part():
    assert rules.standard_rating([(0, 0), (9, 10)]) == O


def test_a_standard_with_nothing_applicable_is_not_rated():
    assert rules.standard_rating([(0, 0), (0, 0)]) is None
    assert rules.standard_rating([]) is None


def test_bands_come_from_the_reference_data_when_given():
    assert (
        rules.standard_rating([(7, 10)], bands={"outstanding": 70, "good": 60, "requires_improvement": 40})
        == O
    )


def test_a_share_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError):
        rules.rating_for_share(Fraction(11, 10))


# Scores -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("rating, score", [(O, 3), (G, 2), (RI, 1), (I, 0), ("good", 2)])
def test_standards_score_three_two_one_nought(rating, score):
    assert rules.standard_score(rating) == score


# Overall rating -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "total, rating",
    [
        (30, O),
        (26, O),
        (25, G),
        (16, G),
        (15, RI),
        (6, RI),
        (5, I),
        (0, I),
    ],
)
def test_ten_standards_use_the_bands_as_given(total, rating):
    assert rules.overall_rating_for_total(total, 10) == rating


@pytest.mark.parametrize(
    "total, rating",
    [
        # Four standards: the total is scaled by 10/4 before banding.
        (12, O),
        (11, O),
        (10, G),
        (7, G),
        (6, RI),
        (3, RI),
        (2, I),
        (0, I),
    ],
)
def test_four_standards_scale_the_total_to_ten(total, rating):
    assert rules.overall_rating_for_total(total, 4) == rating


@pytest.mark.parametrize("total, rating", [(3, O), (2, G), (1, RI), (0, I)])
def test_one_standard_keeps_its_own_rating(total, rating):
    assert rules.overall_rating_for_total(total, 1) == rating


def test_twenty_standards_double_the_thresholds():
    assert rules.overall_rating_for_total(52, 20) == O
    assert rules.overall_rating_for_total(51, 20) == G
    assert rules.overall_rating_for_total(32, 20) == G
    assert rules.overall_rating_for_total(31, 20) == RI
    assert rules.overall_rating_for_total(12, 20) == RI
    assert rules.overall_rating_for_total(11, 20) == I


def test_overall_rating_from_standard_ratings():
    assert rules.overall_rating([O, O, O, G]) == O  # 11 of 12
    assert rules.overall_rating([O, G, G, G]) == G  # 9 of 12
    assert rules.overall_rating([G, RI, RI, I]) == RI  # 4 of 12
    assert rules.overall_rating([RI, I, I, I]) == I  # 1 of 12


def test_unrated_standards_are_left_out_of_the_overall_rating():
    assert rules.overall_rating([O, None, ""]) == O
    assert rules.overall_rating([None, None]) is None


@pytest.mark.parametrize("total, standards", [(13, 4), (-1, 4), (1, 0)])
def test_impossible_totals_are_refused(total, standards):
    with pytest.raises(ValueError):
        rules.overall_rating_for_total(total, standards)


@given(st.lists(st.sampled_from([O, G, RI, I]), min_size=1, max_size=12))
def test_the_overall_rating_lies_between_the_best_and_worst_standard(ratings):
    order = [I, RI, G, O]
    overall = rules.overall_rating(ratings)
    assert (
        min(order.index(r) for r in ratings) <= order.index(overall) <= max(order.index(r) for r in ratings)
    )


@given(st.integers(0, 200), st.integers(1, 200))
def test_a_higher_share_never_gets_a_worse_rating(a, b):
    order = [I, RI, G, O]
    lo, hi = sorted((a, b))
    n = max(a, b, 1)
    assert order.index(rules.standard_rating([(lo, n)])) <= order.index(rules.standard_rating([(hi, n)]))


def test_key_question_result_gives_percent_and_rating():
    result = rules.KeyQuestionResult(code="2.1.1", applicable=8, sufficient=6)
    assert result.percent == 75.0 and result.rating() == G
    assert rules.KeyQuestionResult(code="2.1.2", applicable=0, sufficient=0).rating() is None


# Prompt answers from indicators ------------------------------------------------------------------
from probation.inspection.constants import Answer  # noqa: E402

YES, NO, NA, HUMAN = Answer.YES, Answer.NO, Answer.NOT_APPLICABLE, Answer.NEEDS_HUMAN


@pytest.mark.parametrize(
    "results, answer",
    [
        ([(True, True)], YES),
        ([(True, True), (True, True)], YES),
        ([(True, True), (False, None)], YES),
        ([(True, False)], NO),
        ([(True, True), (True, False)], NO),
        ([(True, False), (True, None)], NO),
        ([(True, False), None], NO),
        ([(False, None)], NA),
        ([(False, False), (False, True)], NA),
        ([(True, None)], HUMAN),
        ([(True, True), (True, None)], HUMAN),
        ([None], HUMAN),
        ([(True, True), None], HUMAN),
        ([(False, None), None], HUMAN),
        ([], HUMAN),
    ],
)
def test_a_prompt_is_answered_from_its_indicators(results, answer):
    assert rules.prompt_answer(results) == answer


@pytest.mark.parametrize(
    "answers, applicable, sufficient",
    [
        ([YES, YES], True, True),
        ([YES, NA], True, True),
        ([YES, NO], True, False),
        ([NO], True, False),
        ([NA, NA], False, None),
        ([YES, HUMAN], True, None),
        ([NO, HUMAN], True, None),
        ([HUMAN], True, None),
        ([], True, None),
        (["yes", "na"], True, True),
    ],
)
def test_a_key_question_is_judged_from_its_prompts(answers, applicable, sufficient):
    assert rules.key_question_judgement(answers) == rules.Judgement(
        applicable=applicable, sufficient=sufficient
    )
