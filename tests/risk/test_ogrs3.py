import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from probation.risk.rules.ogrs3 import (
    OFFENCE_CATEGORIES,
    OFFENCE_WEIGHTS,
    Ogrs3Bands,
    Ogrs3Inputs,
    Ogrs3Result,
    calculate_ogrs3,
    copas_rate,
    ogrs3_band,
    ogrs3_inputs_from_mapping,
    ogrs3_result_to_dict,
    ogrs3_score,
    ogrs3_score_mapping,
    percent_from_probability,
    percent_from_probability_decimal,
)

# ------------------------------------------------------------------------------------------------
# An independent transcription of the published tables and formula, used as the reference.

_MALE = {
    (10, 11): 0,
    (12, 13): 0.08392,
    (14, 15): 0.07578,
    (16, 17): -0.0616,
    (18, 20): -0.6251,
    (21, 24): -1.0515,
    (25, 29): -1.1667,
    (30, 34): -1.326,
    (35, 39): -1.368,
    (40, 49): -1.4997,
    (50, 999): -2.0253,
}
_FEMALE = {
    (10, 11): 0.785,
    (12, 13): 0.61385,
    (14, 15): 0.66952,
    (16, 17): -0.9592,
    (18, 20): -0.8975,
    (21, 24): -1.0285,
    (25, 29): -1.0528,
    (30, 34): -1.1291,
    (35, 39): -1.4219,
    (40, 49): -1.5247,
    (50, 999): -2.4498,
}
_OFFENCES = {
    "violence": 0,
    "robbery": -0.6348,
    "public_order": 0.1819,
    "sexual_not_child": 0.0328,
    "sexual_child": -0.6534,
    "soliciting": 0.7606,
    "burglary_domestic": -0.1239,
    "burglary_other": 0.2406,
    "theft_non_motor": 0.6612,
    "handling": 0.3519,
    "fraud_forgery": 0.1599,
    "absconding_bail": 0.7334,
    "taking_driving_away": 0.3801,
    "theft_from_vehicles": 0.4272,
    "other_motoring": 0.2622,
    "drink_driving": -0.1214,
    "criminal_damage": 0.205,
    "drug_import_export_production": -0.7956,
    "drug_possession_supply": 0.0772,
    "other": -0.0607,
}


def _reference_percent(p: float) -> int:
    five_places = Decimal(p).quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP)
    percent = int((five_places * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return min(99, max(1, percent))


def reference_ogrs3(sex, age_at_conviction, age_at_follow_up, sanctions, first_sanction_age, offence):
    table = _MALE if sex == "male" else _FEMALE
    age_weight = next(w for (low, high), w in table.items() if low <= age_at_follow_up <= high)
    copas = math.log(sanctions / (10 + age_at_conviction - first_sanction_age))
    y = age_weight + (0.12614 if sanctions == 1 else 0.46306) + 1.25112 * copas + _OFFENCES[offence]
    return (
        _reference_percent(1.0 / (1.0 + math.exp(-(y + 1.40256)))),
        _reference_percent(1.0 / (1.0 + math.exp(-(y + 2.1217)))),
    )


valid_cases = st.integers(10, 120).flatmap(
    lambda age: st.tuples(
        st.sampled_from(["male", "female"]),
        st.just(age),
        st.integers(age, age + 5),
        st.integers(1, 200),
        st.integers(10, age),
        st.sampled_from(sorted(_OFFENCES)),
    )
)


def worked_example(offence="other"):
    return Ogrs3Inputs(
        sex="male",
        date_of_birth=date(1991, 7, 17),
        conviction_date=date(2021, 8, 5),
        follow_up_start=date(2021, 12, 12),
        sanctions=2,
        first_sanction_age=21,
        offence=offence,
    )


def as_mapping(inputs: Ogrs3Inputs) -> dict:
    return {
        "sex": inputs.sex,
        "date_of_birth": inputs.date_of_birth.isoformat(),
        "conviction_date": inputs.conviction_date.isoformat(),
        "follow_up_start": inputs.follow_up_start.isoformat(),
        "sanctions": inputs.sanctions,
        "first_sanction_age": inputs.first_sanction_age,
        "offence": inputs.offence,
    }


# ------------------------------------------------------------------------------------------------
# Worked examples


def test_the_worked_example_for_other_offence_is_9_and_17_percent_and_low():
    assert calculate_ogrs3(worked_example()) == Ogrs3Result(one_year=9, two_year=17, band="low")


def test_the_worked_example_for_fraud_and_forgery_is_11_and_20_percent():
    assert calculate_ogrs3(worked_example("fraud_forgery")) == Ogrs3Result(11, 20, "low")


def test_the_worked_example_of_a_soliciting_man_of_59_is_8_and_16_percent():
    assert ogrs3_score("male", 59, 60, 2, 47, "soliciting") == (8, 16)


def test_the_worked_example_scores_the_same_from_its_json_keys():
    assert ogrs3_score_mapping(as_mapping(worked_example())) == (9, 17)
    assert ogrs3_inputs_from_mapping(as_mapping(worked_example())) == worked_example()


def test_the_result_becomes_a_plain_dict_in_the_published_shape():
    assert ogrs3_result_to_dict(Ogrs3Result(9, 17, "low")) == {"one_year": 9, "two_year": 17, "band": "low"}


# ------------------------------------------------------------------------------------------------
# Tables


def test_the_offence_categories_are_the_twenty_published_ones_with_labels():
    assert set(OFFENCE_CATEGORIES) == set(_OFFENCES) == set(OFFENCE_WEIGHTS)
    assert len(OFFENCE_CATEGORIES) == 20
    assert all(label and label[0].isupper() for label in OFFENCE_CATEGORIES.values())
    assert OFFENCE_CATEGORIES["other"] == "Other offence"


def test_the_offence_tables_cannot_be_changed_by_a_caller():
    with pytest.raises(TypeError):
        OFFENCE_WEIGHTS["violence"] = 1  # type: ignore[index]


AGE_GROUP_EDGES = [10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 24, 25, 29, 30, 34, 35, 39, 40, 49, 50, 90]


@pytest.mark.parametrize("sex", ["male", "female"])
def test_every_age_group_edge_with_every_offence_matches_the_published_tables(sex):
    for age in AGE_GROUP_EDGES:
        for offence in _OFFENCES:
            expected = reference_ogrs3(sex, 10, age, 3, 10, offence)
            assert ogrs3_score(sex, 10, age, 3, 10, offence) == expected, (age, offence)


def test_the_age_table_has_the_published_weight_for_every_age():
    # Some neighbouring groups differ too little to show in a rounded percent, so read the table.
    from probation.risk.rules.ogrs3 import _AGE_WEIGHTS

    for sex, table in (("male", _MALE), ("female", _FEMALE)):
        for age in range(10, 51):
            expected = next(w for (low, high), w in table.items() if low <= age <= high)
            assert _AGE_WEIGHTS[sex][age] == expected, (sex, age)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(valid_cases)
def test_the_score_matches_the_published_formula_with_decimal_rounding(case):
    assert ogrs3_score(*case) == reference_ogrs3(*case)


# ------------------------------------------------------------------------------------------------
# Rounding


@pytest.mark.parametrize(
    ("p", "percent"),
    [
        (0.145, 15),  # 0.14500 at 5 dp, so 14.5 %, which goes up
        (0.144994, 14),  # 0.14499 at 5 dp
        (0.144995, 15),  # 0.14500 at 5 dp (half up at the fifth place too)
        (0.0049, 1),  # 0 % is shown as 1 %
        (0.0, 1),
        (0.996, 99),  # 100 % is shown as 99 %
        (0.994995, 99),
        (1.0, 99),
        (0.5, 50),
    ],
)
def test_probabilities_round_to_five_places_then_to_a_whole_percent_half_up(p, percent):
    assert percent_from_probability_decimal(p) == percent
    assert percent_from_probability(p) == percent


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.floats(0, 1))
def test_the_fast_rounding_agrees_with_the_decimal_definition(p):
    assert percent_from_probability(p) == percent_from_probability_decimal(p)


def test_the_fast_rounding_agrees_with_the_decimal_definition_either_side_of_every_boundary():
    for k in range(1, 101):
        boundary = (2000 * k - 1001) / 200_000
        p = boundary
        for _ in range(4):
            p = math.nextafter(p, 0)
        for _ in range(8):
            assert percent_from_probability(p) == percent_from_probability_decimal(p), p
            p = math.nextafter(p, 1)


# ------------------------------------------------------------------------------------------------
# Bands


@pytest.mark.parametrize(
    ("two_year", "band"),
    [
        (1, "low"),
        (49, "low"),
        (50, "medium"),
        (74, "medium"),
        (75, "high"),
        (89, "high"),
        (90, "very_high"),
        (99, "very_high"),
    ],
)
def test_the_band_is_read_from_the_two_year_percent(two_year, band):
    assert ogrs3_band(two_year) == band


def test_band_edges_can_come_from_reference_data():
    bands = Ogrs3Bands(medium_from=40, high_from=60, very_high_from=80)
    assert [ogrs3_band(p, bands) for p in (39, 40, 59, 60, 79, 80)] == [
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "very_high",
    ]
    assert calculate_ogrs3(worked_example(), Ogrs3Bands(medium_from=15)).band == "medium"


# ------------------------------------------------------------------------------------------------
# Properties


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(valid_cases)
def test_percents_are_between_1_and_99_and_two_years_is_never_below_one_year(case):
    one_year, two_year = ogrs3_score(*case)
    assert 1 <= one_year <= two_year <= 99


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(valid_cases)
def test_another_sanction_never_lowers_the_score(case):
    sex, age, follow_up, sanctions, first, offence = case
    one, two = ogrs3_score(*case)
    more_one, more_two = ogrs3_score(sex, age, follow_up, sanctions + 1, first, offence)
    assert more_one >= one and more_two >= two


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(valid_cases)
def test_starting_to_offend_later_at_the_same_age_never_lowers_the_score(case):
    # Same number of sanctions packed into fewer years is a faster pace of offending.
    sex, age, follow_up, sanctions, first, offence = case
    assume(first < age)
    one, two = ogrs3_score(*case)
    later_one, later_two = ogrs3_score(sex, age, follow_up, sanctions, first + 1, offence)
    assert later_one >= one and later_two >= two


# ------------------------------------------------------------------------------------------------
# Ages from dates


def test_a_birthday_on_the_conviction_date_counts():
    # Born 1991-08-05: 30 on 2021-08-05, so the age at first sanction of 40 is after conviction.
    inputs = Ogrs3Inputs("male", date(1991, 8, 5), date(2021, 8, 5), date(2021, 8, 5), 2, 30, "other")
    assert calculate_ogrs3(inputs).two_year == reference_ogrs3("male", 30, 30, 2, 30, "other")[1]
    with pytest.raises(ValueError, match="after the current conviction"):
        calculate_ogrs3(
            Ogrs3Inputs("male", date(1991, 8, 6), date(2021, 8, 5), date(2021, 8, 5), 2, 30, "other")
        )


def test_a_leap_day_birthday_is_reached_on_the_first_of_march():
    born = date(2000, 2, 29)
    with pytest.raises(ValueError, match="at least 10"):
        calculate_ogrs3(Ogrs3Inputs("female", born, date(2010, 2, 28), date(2010, 2, 28), 1, 10, "other"))
    result = calculate_ogrs3(Ogrs3Inputs("female", born, date(2010, 3, 1), date(2010, 3, 1), 1, 10, "other"))
    assert (result.one_year, result.two_year) == reference_ogrs3("female", 10, 10, 1, 10, "other")


def test_the_age_at_follow_up_can_be_older_than_at_conviction():
    # Convicted at 17, released at 18: the follow-up age group is 18–20.
    inputs = Ogrs3Inputs("male", date(2000, 6, 1), date(2018, 5, 1), date(2018, 7, 1), 3, 14, "robbery")
    result = calculate_ogrs3(inputs)
    assert (result.one_year, result.two_year) == reference_ogrs3("male", 17, 18, 3, 14, "robbery")


# ------------------------------------------------------------------------------------------------
# Refusals


def test_an_age_at_conviction_under_10_is_refused():
    with pytest.raises(ValueError, match="at least 10"):
        ogrs3_score("male", 9, 10, 1, 9, "other")


def test_an_age_at_conviction_of_10_is_accepted():
    assert ogrs3_score("male", 10, 10, 1, 10, "other") == reference_ogrs3("male", 10, 10, 1, 10, "other")


def test_an_unbelievable_age_is_refused_as_a_placeholder_date_of_birth():
    with pytest.raises(ValueError, match="not believable"):
        ogrs3_score("male", 121, 121, 1, 20, "other")


def test_a_first_sanction_after_the_current_conviction_is_refused():
    with pytest.raises(ValueError, match="cannot come after the current conviction"):
        ogrs3_score("male", 30, 30, 2, 31, "other")


def test_a_first_sanction_at_the_age_of_the_current_conviction_is_accepted():
    assert ogrs3_score("male", 30, 30, 2, 30, "other") == reference_ogrs3("male", 30, 30, 2, 30, "other")


def test_a_first_sanction_before_the_age_of_criminal_responsibility_is_refused():
    with pytest.raises(ValueError, match="nobody under 10"):
        ogrs3_score("male", 30, 30, 2, 9, "other")


@pytest.mark.parametrize("sanctions", [0, -3])
def test_fewer_than_one_sanction_is_refused(sanctions):
    with pytest.raises(ValueError, match="at least 1"):
        ogrs3_score("male", 30, 30, sanctions, 20, "other")


def test_a_follow_up_age_below_the_conviction_age_is_refused():
    with pytest.raises(ValueError, match="Follow-up cannot start before"):
        ogrs3_score("male", 30, 29, 2, 20, "other")


@pytest.mark.parametrize("offence", ["murder", "Violence", "", None, 3])
def test_an_unknown_offence_is_refused(offence):
    with pytest.raises(ValueError, match="offence category"):
        ogrs3_score("male", 30, 30, 2, 20, offence)


@pytest.mark.parametrize("sex", ["M", "Male", "other", "", None, ["male"]])
def test_an_unknown_sex_is_refused(sex):
    with pytest.raises(ValueError, match="Sex must be one of male, female"):
        ogrs3_score(sex, 30, 30, 2, 20, "other")


@pytest.mark.parametrize(
    "field", ["age_at_conviction", "age_at_follow_up", "sanctions", "first_sanction_age"]
)
@pytest.mark.parametrize("bad", [30.0, True, "30"])
def test_a_count_or_age_that_is_not_a_whole_number_is_refused(field, bad):
    args = {"age_at_conviction": 30, "age_at_follow_up": 30, "sanctions": 2, "first_sanction_age": 20}
    args[field] = bad
    with pytest.raises(ValueError, match=field):
        ogrs3_score("male", offence="other", **args)


def test_a_non_positive_denominator_is_refused():
    with pytest.raises(ValueError, match="non-positive denominator"):
        copas_rate(2, 20, 30)
    with pytest.raises(ValueError, match="non-positive denominator"):
        copas_rate(2, 20, 31)


def test_the_copas_rate_refuses_fewer_than_one_sanction():
    with pytest.raises(ValueError, match="at least 1"):
        copas_rate(0, 30, 20)


def test_the_copas_rate_is_the_log_of_sanctions_per_year_of_career_plus_ten():
    assert copas_rate(2, 30, 21) == pytest.approx(math.log(2 / 19))


def test_a_follow_up_before_the_conviction_date_is_refused():
    inputs = Ogrs3Inputs("male", date(1991, 7, 17), date(2021, 8, 5), date(2021, 8, 4), 2, 21, "other")
    with pytest.raises(ValueError, match="Follow-up cannot start"):
        calculate_ogrs3(inputs)


def test_a_conviction_before_birth_is_refused():
    inputs = Ogrs3Inputs("male", date(2021, 8, 6), date(2021, 8, 5), date(2021, 8, 5), 1, 10, "other")
    with pytest.raises(ValueError, match="before the date of birth"):
        calculate_ogrs3(inputs)


# ------------------------------------------------------------------------------------------------
# JSON-like input


@pytest.mark.parametrize(
    "key",
    [
        "sex",
        "date_of_birth",
        "conviction_date",
        "follow_up_start",
        "sanctions",
        "first_sanction_age",
        "offence",
    ],
)
def test_a_missing_key_is_named(key):
    mapping = as_mapping(worked_example())
    del mapping[key]
    with pytest.raises(ValueError, match=f"Missing key '{key}'"):
        ogrs3_inputs_from_mapping(mapping)
    with pytest.raises(ValueError, match=f"Missing key '{key}'"):
        ogrs3_score_mapping(mapping)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("date_of_birth", "17/07/1991"),
        ("conviction_date", "2021-02-30"),
        ("follow_up_start", 20211212),
        ("follow_up_start", None),
        ("sanctions", "2"),
        ("sanctions", 2.0),
        ("sanctions", True),
        ("first_sanction_age", None),
        ("sex", "M"),
        ("sex", 1),
        ("offence", "murder"),
        ("offence", ["other"]),
    ],
)
def test_a_malformed_value_is_refused_naming_its_key(key, value):
    mapping = as_mapping(worked_example())
    mapping[key] = value
    with pytest.raises(ValueError, match=f"'{key}'"):
        ogrs3_inputs_from_mapping(mapping)
    with pytest.raises(ValueError, match=f"'{key}'"):
        ogrs3_score_mapping(mapping)


def test_dates_may_be_given_as_date_values_as_well_as_text():
    mapping = as_mapping(worked_example())
    mapping["date_of_birth"] = date(1991, 7, 17)
    assert ogrs3_score_mapping(mapping) == (9, 17)


def test_a_datetime_is_refused_because_it_cannot_be_compared_with_a_date():
    from datetime import datetime

    mapping = as_mapping(worked_example())
    mapping["conviction_date"] = datetime(2021, 8, 5, 10, 0)
    with pytest.raises(ValueError, match="'conviction_date'"):
        ogrs3_score_mapping(mapping)


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 150),
    st.floats(allow_nan=False),
    st.text("aeMm-0129/", max_size=12),
)
json_like_cases = st.fixed_dictionaries(
    {},
    optional={
        "sex": st.one_of(st.sampled_from(["male", "female", "M"]), anything),
        "date_of_birth": st.one_of(
            st.dates(date(1900, 1, 1), date(2020, 1, 1)).map(date.isoformat), anything
        ),
        "conviction_date": st.one_of(
            st.dates(date(1910, 1, 1), date(2030, 1, 1)).map(date.isoformat), anything
        ),
        "follow_up_start": st.one_of(
            st.dates(date(1910, 1, 1), date(2032, 1, 1)).map(date.isoformat), anything
        ),
        "sanctions": st.one_of(st.integers(-1, 60), anything),
        "first_sanction_age": st.one_of(st.integers(5, 90), anything),
        "offence": st.one_of(st.sampled_from(sorted(_OFFENCES) + ["murder"]), anything),
    },
)


def _outcome(function, *args):
    try:
        return function(*args)
    except ValueError as exc:
        return ("refused", str(exc))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(json_like_cases)
def test_the_fast_mapping_path_gives_exactly_the_answer_or_refusal_of_the_full_checks(mapping):
    def full(m):
        result = calculate_ogrs3(ogrs3_inputs_from_mapping(m))
        return result.one_year, result.two_year

    assert _outcome(ogrs3_score_mapping, mapping) == _outcome(full, mapping)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(
    st.sampled_from(["male", "female"]),
    st.dates(date(1930, 1, 1), date(2010, 1, 1)),
    st.integers(10 * 365, 80 * 365),
    st.integers(0, 3 * 365),
    st.integers(1, 60),
    st.integers(10, 90),
    st.sampled_from(sorted(_OFFENCES)),
)
def test_well_formed_cases_from_dates_match_the_published_formula(
    sex, born, days_to_conviction, days_to_start, sanctions, first, offence
):
    from datetime import timedelta

    conviction = born + timedelta(days=days_to_conviction)
    start = conviction + timedelta(days=days_to_start)
    age = conviction.year - born.year - ((conviction.month, conviction.day) < (born.month, born.day))
    at_start = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
    assume(10 <= first <= age)
    mapping = {
        "sex": sex,
        "date_of_birth": born.isoformat(),
        "conviction_date": conviction.isoformat(),
        "follow_up_start": start.isoformat(),
        "sanctions": sanctions,
        "first_sanction_age": first,
        "offence": offence,
    }
    assert ogrs3_score_mapping(mapping) == reference_ogrs3(sex, age, at_start, sanctions, first, offence)
