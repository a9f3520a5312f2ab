import math
from dataclasses import asdict, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probation.risk.rules.ogp import (
    OgpBands,
    OgpInputs,
    OgpResult,
    calculate_ogp,
    ogp_band,
    ogp_inputs_from_mapping,
    ogp_points,
    ogp_result_to_dict,
)
from probation.risk.rules.ogrs3 import percent_from_probability_decimal

LEVELS = (
    "regular_offending",
    "drug_misuse",
    "drug_motivation",
    "problem_solving",
    "awareness_of_consequences",
    "understands_others_views",
    "pro_criminal_attitudes",
)
NOTHING = OgpInputs(
    ogrs3_two_year=0,
    no_fixed_abode=False,
    unemployed=False,
    regular_offending=0,
    drug_misuse=0,
    drug_motivation=0,
    problem_solving=0,
    awareness_of_consequences=0,
    understands_others_views=0,
    pro_criminal_attitudes=0,
)
inputs = st.builds(
    OgpInputs,
    ogrs3_two_year=st.integers(0, 100),
    no_fixed_abode=st.booleans(),
    unemployed=st.booleans(),
    **{name: st.integers(0, 2) for name in LEVELS},
)


def test_a_case_with_nothing_scores_0_and_2_and_4_percent():
    # logistic(−3.6832) = 0.02453 → 2 %; logistic(−3.0795) = 0.04396 → 4 %.
    assert calculate_ogp(NOTHING) == OgpResult(score=0, one_year=2, two_year=4, band="low")


def test_the_ogrs3_part_is_six_tenths_of_the_two_year_percent_rounded():
    assert ogp_points(replace(NOTHING, ogrs3_two_year=17)) == 10  # 10.2
    assert ogp_points(replace(NOTHING, ogrs3_two_year=99)) == 59  # 59.4
    assert ogp_points(replace(NOTHING, ogrs3_two_year=100)) == 60
    assert ogp_points(replace(NOTHING, ogrs3_two_year=1)) == 1  # 0.6


def test_no_fixed_abode_and_unemployment_score_five_each():
    assert ogp_points(replace(NOTHING, no_fixed_abode=True)) == 5
    assert ogp_points(replace(NOTHING, unemployed=True)) == 5


@pytest.mark.parametrize("field", ["regular_offending", "pro_criminal_attitudes"])
def test_some_scores_three_and_significant_five(field):
    assert [ogp_points(replace(NOTHING, **{field: level})) for level in (0, 1, 2)] == [0, 3, 5]


def test_drug_misuse_and_motivation_score_three_and_three_quarters_per_point_rounded_half_up():
    # 3.75, 7.5, 11.25, 15 → 4, 8, 11, 15
    expected = {0: 0, 1: 4, 2: 8, 3: 11, 4: 15}
    for misuse in range(3):
        for motivation in range(3):
            points = ogp_points(replace(NOTHING, drug_misuse=misuse, drug_motivation=motivation))
            assert points == expected[misuse + motivation]


def test_thinking_and_behaviour_scores_five_sixths_per_point_with_two_and_a_half_going_up():
    # 0.83, 1.67, 2.5, 3.33, 4.17, 5 → 1, 2, 3, 3, 4, 5
    expected = [0, 1, 2, 3, 3, 4, 5]
    for a in range(3):
        for b in range(3):
            for c in range(3):
                case = replace(
                    NOTHING, problem_solving=a, awareness_of_consequences=b, understands_others_views=c
                )
                assert ogp_points(case) == expected[a + b + c]


def test_the_highest_possible_score_is_100():
    worst = OgpInputs(100, True, True, 2, 2, 2, 2, 2, 2, 2)
    assert ogp_points(worst) == 100
    assert calculate_ogp(worst) == OgpResult(100, 92, 96, "very_high")


def test_a_score_of_50_is_just_on_the_medium_side_of_half():
    # 30 (OGRS3 50 %) + 5 + 5 + 5 (significant regular offending) + 3 (some attitudes) + 2 (thinking 2)
    # logistic(0.0616 × 50 − 3.0795) = 0.500125 → 50 %.
    case = replace(
        NOTHING,
        ogrs3_two_year=50,
        no_fixed_abode=True,
        unemployed=True,
        regular_offending=2,
        pro_criminal_attitudes=1,
        problem_solving=2,
    )
    assert calculate_ogp(case) == OgpResult(50, 35, 50, "medium")


@pytest.mark.parametrize(
    ("two_year", "band"),
    [
        (1, "low"),
        (33, "low"),
        (34, "medium"),
        (66, "medium"),
        (67, "high"),
        (84, "high"),
        (85, "very_high"),
        (99, "very_high"),
    ],
)
def test_the_band_is_read_from_the_two_year_percent(two_year, band):
    assert ogp_band(two_year) == band


def test_band_edges_can_come_from_reference_data():
    assert ogp_band(30, OgpBands(medium_from=30)) == "medium"
    assert calculate_ogp(NOTHING, OgpBands(medium_from=1, high_from=2, very_high_from=4)).band == "very_high"


@settings(deadline=None)
@given(inputs)
def test_percents_follow_the_published_logistic_curves_and_stay_in_range(case):
    result = calculate_ogp(case)
    assert 0 <= result.score <= 100
    assert result.one_year == percent_from_probability_decimal(
        1 / (1 + math.exp(-(0.0616 * result.score - 3.6832)))
    )
    assert result.two_year == percent_from_probability_decimal(
        1 / (1 + math.exp(-(0.0616 * result.score - 3.0795)))
    )
    assert 1 <= result.one_year <= result.two_year <= 99
    assert result.band == ogp_band(result.two_year)


@settings(deadline=None)
@given(inputs, st.sampled_from(LEVELS))
def test_a_worse_answer_never_lowers_the_score(case, field):
    if getattr(case, field) < 2:
        assert ogp_points(replace(case, **{field: getattr(case, field) + 1})) >= ogp_points(case)


@settings(deadline=None)
@given(inputs)
def test_a_higher_ogrs3_never_lowers_the_score(case):
    if case.ogrs3_two_year < 100:
        assert ogp_points(replace(case, ogrs3_two_year=case.ogrs3_two_year + 1)) >= ogp_points(case)


@pytest.mark.parametrize("field", LEVELS)
@pytest.mark.parametrize("bad", [-1, 3, 1.0, True, None])
def test_a_level_outside_0_to_2_is_refused_naming_it(field, bad):
    with pytest.raises(ValueError, match=field):
        ogp_points(replace(NOTHING, **{field: bad}))


@pytest.mark.parametrize("bad", [-1, 101, 50.5, "50", None])
def test_an_ogrs3_percent_outside_0_to_100_is_refused(bad):
    with pytest.raises(ValueError, match="ogrs3_two_year"):
        calculate_ogp(replace(NOTHING, ogrs3_two_year=bad))


@pytest.mark.parametrize("field", ["no_fixed_abode", "unemployed"])
@pytest.mark.parametrize("bad", [1, 0, "yes", None])
def test_a_yes_no_answer_that_is_not_true_or_false_is_refused(field, bad):
    with pytest.raises(ValueError, match=field):
        ogp_points(replace(NOTHING, **{field: bad}))


def test_inputs_are_read_from_json_keys_named_like_the_fields():
    assert ogp_inputs_from_mapping(asdict(NOTHING)) == NOTHING


@pytest.mark.parametrize("key", list(asdict(NOTHING)))
def test_a_missing_json_key_is_named(key):
    mapping = asdict(NOTHING)
    del mapping[key]
    with pytest.raises(ValueError, match=f"Missing key '{key}'"):
        ogp_inputs_from_mapping(mapping)


def test_a_malformed_json_value_is_refused_naming_its_key():
    with pytest.raises(ValueError, match="'drug_misuse'"):
        ogp_inputs_from_mapping({**asdict(NOTHING), "drug_misuse": "some"})


def test_the_result_becomes_a_plain_dict():
    assert ogp_result_to_dict(OgpResult(0, 2, 4, "low")) == {
        "score": 0,
        "one_year": 2,
        "two_year": 4,
        "band": "low",
    }
