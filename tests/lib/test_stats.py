import math
import statistics
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probation.lib.stats import (
    SampleDesign,
    allocate_proportionally,
    band_position,
    interquartile_range,
    median,
    proportion_phrase,
    quartiles,
    sample_size,
    z_for_confidence,
)

# ------------------------------------------------------------------------------------------------
# Sample size


def test_the_critical_value_for_95_percent_confidence_is_1_96():
    assert z_for_confidence(0.95) == pytest.approx(1.959964, abs=1e-6)


def test_the_critical_value_for_80_percent_confidence_is_1_28():
    assert z_for_confidence(0.80) == pytest.approx(1.281552, abs=1e-6)


@pytest.mark.parametrize("confidence", [0, 1, -0.5, 1.5])
def test_a_confidence_outside_zero_to_one_is_refused(confidence):
    with pytest.raises(ValueError, match="Confidence"):
        z_for_confidence(confidence)


def test_80_percent_confidence_within_10_percent_needs_42_cases_from_an_unlimited_population():
    # n0 = 1.2816² × 0.25 / 0.01 = 41.06, rounded up.
    assert sample_size() == 42


@pytest.mark.parametrize("population", [1513, 2000, 5000, 10_000, 27_668])
def test_80_percent_confidence_within_10_percent_needs_41_cases_from_a_typical_caseload(population):
    # The finite-population correction brings 41.06 to 41 or below for populations of about
    # 1,513 to 27,668 cases: the size of the caseloads an inspection samples from.
    assert sample_size(population) == 41


@pytest.mark.parametrize(("population", "expected"), [(1512, 40), (27_669, 42)])
def test_the_populations_that_give_41_cases_are_bounded_on_both_sides(population, expected):
    assert sample_size(population) == expected


def test_the_textbook_95_percent_within_5_percent_sample_is_385_or_278_from_1000():
    design = SampleDesign(confidence=0.95, margin=0.05)
    assert sample_size(design=design) == 385
    assert sample_size(1000, design) == 278


def test_an_empty_population_needs_no_sample_and_a_tiny_one_is_sampled_whole():
    assert sample_size(0) == 0
    assert sample_size(1) == 1
    assert sample_size(2) == 2


@pytest.mark.parametrize(
    "design",
    [SampleDesign(margin=0), SampleDesign(margin=1), SampleDesign(proportion=0), SampleDesign(proportion=1)],
)
def test_a_margin_or_proportion_outside_zero_to_one_is_refused(design):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        sample_size(100, design)


@pytest.mark.parametrize("population", [-1, 2.5, True, "100"])
def test_a_population_that_is_not_a_count_is_refused(population):
    with pytest.raises(ValueError, match="population"):
        sample_size(population)


@settings(deadline=None)
@given(st.integers(0, 10**7))
def test_a_sample_never_exceeds_its_population(population):
    assert 0 <= sample_size(population) <= population


@settings(deadline=None)
@given(st.integers(1, 10**6))
def test_a_larger_population_never_needs_a_smaller_sample(population):
    assert sample_size(population + 1) >= sample_size(population)


@settings(deadline=None)
@given(st.integers(1, 10**6))
def test_a_finite_population_never_needs_more_than_an_unlimited_one(population):
    assert sample_size(population) <= sample_size()


@settings(deadline=None)
@given(
    st.floats(0.5, 0.99),
    st.floats(0.01, 0.2),
    st.integers(10, 100_000),
)
def test_a_tighter_margin_or_higher_confidence_never_needs_fewer_cases(confidence, margin, population):
    base = sample_size(population, SampleDesign(confidence, margin))
    assert sample_size(population, SampleDesign(confidence, margin * 0.9)) >= base
    assert sample_size(population, SampleDesign(min(0.999, confidence + 0.005), margin)) >= base


# ------------------------------------------------------------------------------------------------
# Median and interquartile range


def test_the_median_of_an_odd_count_is_the_middle_value():
    assert median([5, 1, 3]) == 3


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median([4, 1, 3, 2]) == 2.5


def test_quartiles_are_interpolated_inclusively():
    assert quartiles([1, 2, 3, 4]) == (1.75, 2.5, 3.25)
    assert quartiles([1, 2, 3, 4, 5]) == (2.0, 3.0, 4.0)


def test_the_interquartile_range_is_upper_minus_lower_quartile():
    assert interquartile_range([1, 2, 3, 4]) == 1.5
    assert interquartile_range([7, 1, 3, 5, 9]) == 4.0


def test_a_single_value_has_itself_as_every_quartile_and_no_spread():
    assert quartiles([42]) == (42, 42, 42)
    assert interquartile_range([42]) == 0


@pytest.mark.parametrize("function", [median, quartiles, interquartile_range])
def test_no_values_is_refused(function):
    with pytest.raises(ValueError, match="At least one value"):
        function([])


def test_any_iterable_of_numbers_is_accepted():
    assert median(x for x in (3, 1, 2)) == 2


@settings(deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=60))
def test_quartiles_are_ordered_within_the_data_and_the_middle_one_is_the_median(values):
    q1, q2, q3 = quartiles(values)
    tolerance = 1e-6
    assert min(values) - tolerance <= q1 <= q2 + tolerance
    assert q2 <= q3 + tolerance <= max(values) + 2 * tolerance
    assert q2 == pytest.approx(statistics.median(values), abs=tolerance)
    assert interquartile_range(values) >= -tolerance


# ------------------------------------------------------------------------------------------------
# Position against a band


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10, "below"),
        (49.9, "below"),
        (50, "within"),
        (60, "within"),
        (70, "within"),
        (70.1, "above"),
        (100, "above"),
    ],
)
def test_a_value_is_placed_below_within_or_above_the_band_with_both_ends_inside(value, expected):
    assert band_position(value, 50, 70) == expected


def test_a_band_of_one_value_holds_only_that_value():
    assert [band_position(v, 80, 80) for v in (79, 80, 81)] == ["below", "within", "above"]


def test_a_band_that_ends_below_its_start_is_refused():
    with pytest.raises(ValueError, match="cannot start"):
        band_position(50, 70, 60)


@settings(deadline=None)
@given(st.lists(st.floats(0, 100), min_size=1, max_size=60))
def test_the_median_is_always_within_the_interquartile_band_and_the_extremes_never_outside_it_wrongly(values):
    q1, q2, q3 = quartiles(values)
    assert band_position(q2, q1, q3) == "within"
    assert band_position(min(values), q1, q3) in ("below", "within")
    assert band_position(max(values), q1, q3) in ("within", "above")


# ------------------------------------------------------------------------------------------------
# Proportional stratified allocation


def test_places_are_shared_in_proportion_when_they_divide_exactly():
    assert allocate_proportionally({"a": 50, "b": 30, "c": 20}, 10) == {"a": 5, "b": 3, "c": 2}


def test_places_left_over_go_to_the_largest_remainders():
    # Quotas 4.6, 3.1, 2.3 → 4, 3, 2 and the one place left goes to the 0.6.
    assert allocate_proportionally({"a": 46, "b": 31, "c": 23}, 10) == {"a": 5, "b": 3, "c": 2}


def test_equal_remainders_favour_the_larger_stratum_then_the_order_given():
    # Quotas 1.5 and 0.5 leave equal remainders: the larger stratum gets the place.
    assert allocate_proportionally({"small": 1, "large": 3}, 2) == {"small": 0, "large": 2}
    assert allocate_proportionally({"first": 1, "second": 1, "third": 1}, 2) == {
        "first": 1,
        "second": 1,
        "third": 0,
    }


def test_a_sample_of_the_whole_population_takes_every_case():
    assert allocate_proportionally({"a": 3, "b": 0, "c": 7}, 10) == {"a": 3, "b": 0, "c": 7}


def test_an_empty_population_gives_an_empty_allocation():
    assert allocate_proportionally({"a": 0, "b": 0}, 0) == {"a": 0, "b": 0}
    assert allocate_proportionally({}, 0) == {}


def test_more_places_than_cases_is_refused():
    with pytest.raises(ValueError, match="Cannot sample 11 cases from a population of 10"):
        allocate_proportionally({"a": 4, "b": 6}, 11)


@pytest.mark.parametrize("n", [-1, 1.5, True])
def test_a_sample_size_that_is_not_a_count_is_refused(n):
    with pytest.raises(ValueError, match="sample size"):
        allocate_proportionally({"a": 4}, n)


@pytest.mark.parametrize("size", [-1, 2.0, None, False])
def test_a_stratum_size_that_is_not_a_count_is_refused(size):
    with pytest.raises(ValueError, match="Stratum 'a'"):
        allocate_proportionally({"a": size, "b": 3}, 1)


@settings(deadline=None)
@given(st.lists(st.integers(0, 500), min_size=1, max_size=12), st.data())
def test_allocation_sums_to_n_stays_within_strata_and_within_one_of_each_quota(sizes, data):
    strata = {f"s{i}": size for i, size in enumerate(sizes)}
    total = sum(sizes)
    n = data.draw(st.integers(0, total))
    allocation = allocate_proportionally(strata, n)
    assert sum(allocation.values()) == n
    for key, size in strata.items():
        assert 0 <= allocation[key] <= size
        if total:
            quota = Fraction(n * size, total)
            assert math.floor(quota) <= allocation[key] <= math.ceil(quota)


@settings(deadline=None)
@given(st.lists(st.integers(0, 200), min_size=1, max_size=8), st.data())
def test_allocation_is_the_same_every_time(sizes, data):
    strata = {i: size for i, size in enumerate(sizes)}
    n = data.draw(st.integers(0, sum(sizes)))
    assert allocate_proportionally(strata, n) == allocate_proportionally(dict(strata), n)


# ------------------------------------------------------------------------------------------------
# Phrases for proportions


@pytest.mark.parametrize(
    ("numerator", "denominator", "phrase"),
    [
        (0, 41, "in none of the cases"),
        (41, 41, "in all of the cases"),
        (1, 1, "in all of the cases"),
        (10, 20, "in half of the cases"),
        (19, 41, "in almost half of the cases"),
        (28, 41, "in over two-thirds of the cases"),
        (5, 20, "in one in four cases"),
        (10, 30, "in a third of the cases"),
        (20, 30, "in two-thirds of the cases"),
        (15, 20, "in three-quarters of the cases"),
        (2, 20, "in one in ten cases"),
        (4, 20, "in one in five cases"),
        (16, 20, "in four in five cases"),
        (18, 20, "in nine in ten cases"),
        (1, 41, "in a small number of the cases"),
        (40, 41, "in almost all of the cases"),
        (24, 41, "in most of the cases"),
        (17, 41, "in a minority of the cases"),
    ],
)
def test_proportions_read_as_an_inspection_report_would_put_them(numerator, denominator, phrase):
    assert proportion_phrase(numerator, denominator) == phrase


def test_five_percent_is_a_small_number_and_not_almost_one_in_ten():
    assert proportion_phrase(2, 40) == "in a small number of the cases"


# What each phrase claims, read independently of the code that writes it.
_LANDMARK_WORDS = {
    "one in ten cases": Fraction(1, 10),
    "one in five cases": Fraction(1, 5),
    "one in four cases": Fraction(1, 4),
    "a third of the cases": Fraction(1, 3),
    "half of the cases": Fraction(1, 2),
    "two-thirds of the cases": Fraction(2, 3),
    "three-quarters of the cases": Fraction(3, 4),
    "four in five cases": Fraction(4, 5),
    "nine in ten cases": Fraction(9, 10),
    "all of the cases": Fraction(1),
}
_NEAR = Fraction(1, 20)


def _claim_holds(phrase: str, share: Fraction) -> bool:
    assert phrase.startswith("in ")
    rest = phrase[3:]
    if rest == "none of the cases":
        return share == 0
    if rest == "a small number of the cases":
        return 0 < share < Fraction(1, 10)
    if rest == "a minority of the cases":
        return 0 < share < Fraction(1, 2)
    if rest == "most of the cases":
        return Fraction(1, 2) < share < 1
    if rest.startswith("almost "):
        landmark = _LANDMARK_WORDS[rest.removeprefix("almost ")]
        return landmark - min(_NEAR, landmark / 4) <= share < landmark  # strictly below, and close
    if rest.startswith("over "):
        landmark = _LANDMARK_WORDS[rest.removeprefix("over ")]
        return landmark < share <= landmark + _NEAR  # strictly above, and close
    return share == _LANDMARK_WORDS[rest]  # an exact fraction only when exact


def test_no_phrase_overstates_or_misstates_any_proportion_of_up_to_sixty_cases():
    for denominator in range(1, 61):
        for numerator in range(denominator + 1):
            phrase = proportion_phrase(numerator, denominator)
            assert _claim_holds(phrase, Fraction(numerator, denominator)), (numerator, denominator, phrase)


def test_almost_is_only_ever_used_below_and_over_only_above():
    for denominator in range(1, 61):
        for numerator in range(denominator + 1):
            phrase = proportion_phrase(numerator, denominator)
            share = Fraction(numerator, denominator)
            for words, landmark in _LANDMARK_WORDS.items():
                if phrase == f"in almost {words}":
                    assert share < landmark
                if phrase == f"in over {words}":
                    assert share > landmark


def test_every_phrase_is_used_for_some_proportion():
    used = {proportion_phrase(n, d) for d in range(1, 61) for n in range(d + 1)}
    for words in _LANDMARK_WORDS:
        if words != "all of the cases":
            assert f"in {words}" in used
            assert f"in over {words}" in used
        assert f"in almost {words}" in used
    for phrase in ("none of the cases", "all of the cases", "a small number of the cases"):
        assert f"in {phrase}" in used
    assert "in a minority of the cases" in used
    assert "in most of the cases" in used


@settings(deadline=None)
@given(st.integers(1, 10_000), st.data())
def test_no_phrase_misstates_a_proportion_of_a_large_sample(denominator, data):
    numerator = data.draw(st.integers(0, denominator))
    assert _claim_holds(proportion_phrase(numerator, denominator), Fraction(numerator, denominator))


def test_a_proportion_with_no_cases_is_refused():
    with pytest.raises(ValueError, match="no cases"):
        proportion_phrase(0, 0)


@pytest.mark.parametrize(("numerator", "denominator"), [(-1, 5), (6, 5)])
def test_a_numerator_outside_the_denominator_is_refused(numerator, denominator):
    with pytest.raises(ValueError, match="is not a proportion"):
        proportion_phrase(numerator, denominator)


@pytest.mark.parametrize(("numerator", "denominator"), [(1.0, 5), (1, 5.0), (True, 5)])
def test_a_count_that_is_not_a_whole_number_is_refused(numerator, denominator):
    with pytest.raises(ValueError, match="whole number"):
        proportion_phrase(numerator, denominator)
