import math
from dataclasses import asdict, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probation.risk.rules.ogrs3 import percent_from_probability_decimal
from probation.risk.rules.ovp import (
    OvpBands,
    OvpInputs,
    OvpResult,
    age_points,
    calculate_ovp,
    non_violent_sanction_points,
    ovp_band,
    ovp_inputs_from_mapping,
    ovp_points,
    ovp_result_to_dict,
    violent_sanction_points,
)

# A woman of 51 or over with no sanctions and no dynamic factors scores nothing.
NOTHING = OvpInputs(
    sex="female",
    age_at_follow_up=51,
    previous_sanctions=0,
    violent_sanctions=0,
    non_violent_sanctions=0,
    does_not_recognise_impact=False,
    no_fixed_abode=False,
    unemployed=False,
    alcohol_problem=0,
    alcohol_excessive=0,
    psychiatric_treatment=False,
    temper_control=0,
    pro_criminal_attitudes=0,
)
inputs = st.builds(
    OvpInputs,
    sex=st.sampled_from(["male", "female"]),
    age_at_follow_up=st.integers(18, 100),
    previous_sanctions=st.integers(0, 60),
    violent_sanctions=st.integers(0, 40),
    non_violent_sanctions=st.integers(0, 60),
    does_not_recognise_impact=st.booleans(),
    no_fixed_abode=st.booleans(),
    unemployed=st.booleans(),
    alcohol_problem=st.integers(0, 2),
    alcohol_excessive=st.integers(0, 2),
    psychiatric_treatment=st.booleans(),
    temper_control=st.integers(0, 2),
    pro_criminal_attitudes=st.integers(0, 2),
)


def test_a_case_with_nothing_scores_0_and_1_and_2_percent():
    # logistic(−4.5215) = 0.01075 → 1 %; logistic(−3.8773) = 0.02029 → 2 %.
    assert calculate_ovp(NOTHING) == OvpResult(score=0, one_year=1, two_year=2, band="low")


def test_any_previous_sanction_scores_five():
    assert [ovp_points(replace(NOTHING, previous_sanctions=n)) for n in (0, 1, 2, 30)] == [0, 5, 5, 5]


def test_violent_sanctions_follow_the_published_table():
    expected = [0, 4, 7, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 25, 25]
    assert [violent_sanction_points(n) for n in range(21)] == expected
    assert violent_sanction_points(500) == 25


@pytest.mark.parametrize(
    ("count", "points"),
    [(0, 0), (2, 0), (3, 2), (4, 2), (5, 3), (10, 3), (11, 4), (20, 4), (21, 5), (400, 5)],
)
def test_non_violent_sanctions_score_at_each_band_edge(count, points):
    assert non_violent_sanction_points(count) == points


@pytest.mark.parametrize(
    ("age", "points"),
    [
        (18, 20),
        (19, 20),
        (20, 17),
        (21, 17),
        (22, 14),
        (23, 14),
        (24, 12),
        (25, 12),
        (26, 10),
        (30, 10),
        (31, 8),
        (35, 8),
        (36, 6),
        (40, 6),
        (41, 4),
        (45, 4),
        (46, 2),
        (50, 2),
        (51, 0),
        (99, 0),
    ],
)
def test_age_at_follow_up_scores_at_each_band_edge(age, points):
    assert age_points(age) == points


def test_an_age_at_follow_up_under_18_is_refused():
    with pytest.raises(ValueError, match="from age 18"):
        age_points(17)
    with pytest.raises(ValueError, match="from age 18"):
        calculate_ovp(replace(NOTHING, age_at_follow_up=17))


def test_negative_sanction_counts_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        violent_sanction_points(-1)
    with pytest.raises(ValueError, match="cannot be negative"):
        non_violent_sanction_points(-1)
    for field in ("previous_sanctions", "violent_sanctions", "non_violent_sanctions"):
        with pytest.raises(ValueError, match=field):
            ovp_points(replace(NOTHING, **{field: -1}))


def test_being_male_scores_five():
    assert ovp_points(replace(NOTHING, sex="male")) == 5


@pytest.mark.parametrize(
    "field", ["does_not_recognise_impact", "no_fixed_abode", "unemployed", "psychiatric_treatment"]
)
def test_each_yes_no_factor_scores_four(field):
    assert ovp_points(replace(NOTHING, **{field: True})) == 4


def test_alcohol_scores_two_and_a_half_per_point_rounded_up():
    expected = {0: 0, 1: 3, 2: 5, 3: 8, 4: 10}
    for problem in range(3):
        for excessive in range(3):
            points = ovp_points(replace(NOTHING, alcohol_problem=problem, alcohol_excessive=excessive))
            assert points == expected[problem + excessive]


@pytest.mark.parametrize("field", ["temper_control", "pro_criminal_attitudes"])
def test_temper_control_and_attitudes_score_three_per_point(field):
    assert [ovp_points(replace(NOTHING, **{field: level})) for level in (0, 1, 2)] == [0, 3, 6]


def test_the_highest_possible_score_is_98():
    worst = OvpInputs("male", 18, 1, 18, 21, True, True, True, 2, 2, True, 2, 2)
    assert ovp_points(worst) == 98
    assert calculate_ovp(worst) == OvpResult(98, 93, 96, "very_high")


@pytest.mark.parametrize(
    ("two_year", "band"),
    [
        (1, "low"),
        (29, "low"),
        (30, "medium"),
        (59, "medium"),
        (60, "high"),
        (79, "high"),
        (80, "very_high"),
        (99, "very_high"),
    ],
)
def test_the_band_is_read_from_the_two_year_percent(two_year, band):
    assert ovp_band(two_year) == band


def test_band_edges_can_come_from_reference_data():
    assert ovp_band(25, OvpBands(medium_from=25)) == "medium"


@settings(deadline=None)
@given(inputs)
def test_percents_follow_the_published_logistic_curves_and_stay_in_range(case):
    result = calculate_ovp(case)
    assert 0 <= result.score <= 98
    assert result.one_year == percent_from_probability_decimal(
        1 / (1 + math.exp(-(0.0722 * result.score - 4.5215)))
    )
    assert result.two_year == percent_from_probability_decimal(
        1 / (1 + math.exp(-(0.0722 * result.score - 3.8773)))
    )
    assert 1 <= result.one_year <= result.two_year <= 99
    assert result.band == ovp_band(result.two_year)


@settings(deadline=None)
@given(inputs, st.sampled_from(["previous_sanctions", "violent_sanctions", "non_violent_sanctions"]))
def test_another_sanction_never_lowers_the_score(case, field):
    assert ovp_points(replace(case, **{field: getattr(case, field) + 1})) >= ovp_points(case)


@settings(deadline=None)
@given(inputs)
def test_being_older_never_raises_the_score(case):
    assert ovp_points(replace(case, age_at_follow_up=case.age_at_follow_up + 1)) <= ovp_points(case)


@pytest.mark.parametrize(
    "field", ["alcohol_problem", "alcohol_excessive", "temper_control", "pro_criminal_attitudes"]
)
@pytest.mark.parametrize("bad", [-1, 3, 1.0, True, None])
def test_a_level_outside_0_to_2_is_refused_naming_it(field, bad):
    with pytest.raises(ValueError, match=field):
        ovp_points(replace(NOTHING, **{field: bad}))


@pytest.mark.parametrize("bad", ["M", "", None])
def test_an_unknown_sex_is_refused(bad):
    with pytest.raises(ValueError, match="'sex'"):
        ovp_points(replace(NOTHING, sex=bad))


@pytest.mark.parametrize("bad", [1, "true", None])
def test_a_yes_no_answer_that_is_not_true_or_false_is_refused(bad):
    with pytest.raises(ValueError, match="unemployed"):
        ovp_points(replace(NOTHING, unemployed=bad))


def test_an_age_that_is_not_a_whole_number_is_refused():
    with pytest.raises(ValueError, match="age_at_follow_up"):
        ovp_points(replace(NOTHING, age_at_follow_up=30.5))


def test_inputs_are_read_from_json_keys_named_like_the_fields():
    assert ovp_inputs_from_mapping(asdict(NOTHING)) == NOTHING


@pytest.mark.parametrize("key", list(asdict(NOTHING)))
def test_a_missing_json_key_is_named(key):
    mapping = asdict(NOTHING)
    del mapping[key]
    with pytest.raises(ValueError, match=f"Missing key '{key}'"):
        ovp_inputs_from_mapping(mapping)


def test_the_result_becomes_a_plain_dict():
    assert ovp_result_to_dict(OvpResult(0, 1, 2, "low")) == {
        "score": 0,
        "one_year": 1,
        "two_year": 2,
        "band": "low",
    }
