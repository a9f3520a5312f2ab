import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probation.risk.rules.rsr import RsrBands, rsr_band, validate_rsr

TIERING_CUT_OFFS = RsrBands(medium_from=3.0, high_from=7.0)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "low"),
        (2.99, "low"),
        (3.0, "medium"),
        (3, "medium"),
        (6.89, "medium"),
        (6.9, "high"),
        (7.0, "high"),
        (100, "high"),
    ],
)
def test_the_default_bands_are_low_below_3_and_high_from_6_9(score, band):
    assert rsr_band(score) == band


@pytest.mark.parametrize(("score", "band"), [(2.99, "low"), (3.0, "medium"), (6.99, "medium"), (7.0, "high")])
def test_the_tiering_cut_offs_of_3_and_7_can_be_passed_in(score, band):
    assert rsr_band(score, TIERING_CUT_OFFS) == band


@pytest.mark.parametrize("bad", [-0.01, 100.01, math.nan, math.inf, "5", None, True])
def test_a_score_that_is_not_a_percent_is_refused(bad):
    with pytest.raises(ValueError, match="'rsr'"):
        rsr_band(bad)


def test_a_valid_score_is_returned_by_validation():
    assert validate_rsr(4.2) == 4.2


@settings(deadline=None)
@given(st.floats(0, 100), st.floats(0, 100))
def test_a_higher_score_is_never_in_a_lower_band(a, b):
    order = {"low": 0, "medium": 1, "high": 2}
    low, high = sorted((a, b))
    assert order[rsr_band(low)] <= order[rsr_band(high)]
