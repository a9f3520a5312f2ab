from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probation.risk.rules.tier import (
    COMPLEXITY_FLAGS,
    NEEDS,
    REQUIREMENTS,
    RESTRICTIVE_REQUIREMENTS,
    ROSH_LEVELS,
    WOMEN_FACTORS,
    TierConfig,
    TierInputs,
    TierResult,
    calculate_tier,
    change_level,
    protect_level,
    tier_inputs_from_mapping,
    tier_result_to_dict,
)

AS_OF = date(2026, 6, 1)
# A man on a rehabilitation activity requirement, assessed last month, with nothing else recorded.
BASE = TierInputs(
    sex="male",
    as_of=AS_OF,
    rosh=None,
    rsr=None,
    mappa_level=None,
    complexity_flags=(),
    women_factors=(),
    custodial=False,
    requirements=("rar",),
    needs={},
    needs_assessed_on=date(2026, 5, 1),
    ogrs=None,
    iom=False,
)
BASE_MAPPING = {
    "sex": "male",
    "as_of": "2026-06-01",
    "rosh": None,
    "rsr": None,
    "mappa_level": None,
    "complexity_flags": [],
    "women_factors": [],
    "custodial": False,
    "requirements": ["rar"],
    "needs": {},
    "needs_assessed_on": "2026-05-01",
    "ogrs": None,
    "iom": False,
}
NON_RESTRICTIVE = sorted(set(REQUIREMENTS) - RESTRICTIVE_REQUIREMENTS - {"unpaid_work"})


def tier(**changes) -> TierResult:
    return calculate_tier(replace(BASE, **changes))


# ------------------------------------------------------------------------------------------------
# Protect level


def test_a_case_with_nothing_recorded_is_protect_d_with_no_points():
    result = tier()
    assert (result.protect, result.protect_points) == ("D", 0)


@pytest.mark.parametrize(
    ("rsr", "points", "level"),
    [(0, 0, "D"), (2.99, 0, "D"), (3.0, 10, "C"), (6.99, 10, "C"), (7.0, 20, "B"), (55.5, 20, "B")],
)
def test_rsr_scores_10_from_3_percent_and_20_from_7_percent(rsr, points, level):
    result = tier(rsr=rsr)
    assert (result.protect_points, result.protect) == (points, level)


@pytest.mark.parametrize(
    ("rosh", "points", "level"),
    [("low", 0, "D"), ("medium", 10, "C"), ("high", 20, "B"), ("very_high", 150, "A")],
)
def test_rosh_scores_by_level(rosh, points, level):
    result = tier(rosh=rosh)
    assert (result.protect_points, result.protect) == (points, level)


def test_only_the_higher_of_rsr_and_rosh_counts():
    assert tier(rsr=7.0, rosh="medium").protect_points == 20
    assert tier(rsr=3.5, rosh="high").protect_points == 20
    assert tier(rsr=8.0, rosh="very_high").protect_points == 150


@pytest.mark.parametrize(("level", "points"), [(1, 5), (2, 150), (3, 150)])
def test_mappa_level_1_scores_5_and_levels_2_and_3_score_150(level, points):
    assert tier(mappa_level=level).protect_points == points


def test_mappa_adds_to_the_risk_points():
    assert tier(rosh="high", mappa_level=1).protect_points == 25


def test_each_complexity_flag_adds_two():
    assert tier(complexity_flags=("mental_health",)).protect_points == 2
    assert tier(complexity_flags=COMPLEXITY_FLAGS).protect_points == 20
    assert tier(complexity_flags=COMPLEXITY_FLAGS).protect == "B"


def test_a_flag_recorded_twice_counts_once():
    assert tier(complexity_flags=("self_harm", "self_harm")).protect_points == 2


def test_additional_factors_count_for_women_only():
    assert tier(sex="female", women_factors=WOMEN_FACTORS).protect_points == 6
    assert tier(sex="male", women_factors=WOMEN_FACTORS).protect_points == 0


@pytest.mark.parametrize(
    ("points", "level"),
    [(0, "D"), (9, "D"), (10, "C"), (19, "C"), (20, "B"), (149, "B"), (150, "A"), (400, "A")],
)
def test_the_protect_bands_at_every_edge(points, level):
    assert protect_level(points) == level


def test_protect_band_edges_reached_through_the_rules():
    assert tier(mappa_level=1, complexity_flags=("mental_health", "self_harm")).protect == "D"  # 9
    assert tier(complexity_flags=COMPLEXITY_FLAGS[:5]).protect == "C"  # 10
    assert tier(mappa_level=1, complexity_flags=COMPLEXITY_FLAGS[:7]).protect == "C"  # 19
    assert tier(rosh="high").protect == "B"  # 20


# ------------------------------------------------------------------------------------------------
# Change level: mandate and assessment


def test_no_requirements_and_no_custody_is_no_mandate_for_change():
    result = tier(requirements=())
    assert (result.change, result.change_points, result.change_basis) == (0, 0, "no_mandate")


def test_unpaid_work_alone_is_no_mandate_for_change():
    assert tier(requirements=("unpaid_work",)).change == 0


@pytest.mark.parametrize("requirement", sorted(RESTRICTIVE_REQUIREMENTS))
def test_a_restrictive_requirement_alone_is_no_mandate_for_change(requirement):
    assert tier(requirements=(requirement, "unpaid_work")).change_basis == "no_mandate"


@pytest.mark.parametrize("requirement", NON_RESTRICTIVE)
def test_a_rehabilitative_requirement_is_a_mandate_for_change(requirement):
    assert tier(requirements=(requirement, "curfew")).change_basis == "points"


def test_custody_is_a_mandate_for_change_without_any_requirement():
    assert tier(custodial=True, requirements=()).change_basis == "points"


def test_no_mandate_wins_over_a_missing_assessment():
    assert tier(requirements=("curfew",), needs_assessed_on=None).change == 0


def test_no_needs_assessment_gives_change_level_2():
    result = tier(needs_assessed_on=None, needs={"attitudes": "severe"}, ogrs=99, iom=True)
    assert (result.change, result.change_points, result.change_basis) == (2, 0, "no_recent_needs_assessment")


def test_an_assessment_exactly_55_weeks_old_still_counts():
    assert tier(needs_assessed_on=AS_OF - timedelta(weeks=55)).change_basis == "points"


def test_an_assessment_a_day_older_than_55_weeks_does_not():
    assert (
        tier(needs_assessed_on=AS_OF - timedelta(weeks=55, days=1)).change_basis
        == "no_recent_needs_assessment"
    )


def test_an_assessment_on_the_calculation_day_counts():
    assert tier(needs_assessed_on=AS_OF).change_basis == "points"


def test_an_assessment_after_the_calculation_date_is_refused():
    with pytest.raises(ValueError, match="cannot come from the future"):
        tier(needs_assessed_on=AS_OF + timedelta(days=1))


# ------------------------------------------------------------------------------------------------
# Change level: points


@pytest.mark.parametrize(
    ("need", "weight"),
    [
        ("accommodation", 1),
        ("ete", 1),
        ("relationships", 1),
        ("lifestyle", 1),
        ("drugs", 1),
        ("alcohol", 1),
        ("thinking_behaviour", 2),
        ("attitudes", 2),
        ("finance", 0),
        ("emotional_wellbeing", 0),
    ],
)
def test_each_need_scores_its_weight_times_its_severity(need, weight):
    assert tier(needs={need: "none"}).change_points == 0
    assert tier(needs={need: "standard"}).change_points == weight
    assert tier(needs={need: "severe"}).change_points == 2 * weight


@pytest.mark.parametrize(
    ("ogrs", "points"), [(0, 0), (9, 0), (10, 1), (19.9, 1), (55, 5), (99, 9), (100, 10)]
)
def test_ogrs_adds_a_point_for_each_whole_ten_percent(ogrs, points):
    assert tier(ogrs=ogrs).change_points == points


def test_an_integrated_offender_management_nominal_adds_two():
    assert tier(iom=True).change_points == 2


def test_every_severe_need_with_the_highest_ogrs_and_iom_is_change_level_3():
    result = tier(needs={need: "severe" for need in NEEDS}, ogrs=99, iom=True)
    assert result.change_points == 2 * (6 + 2 * 2) + 9 + 2
    assert result.change == 3


@pytest.mark.parametrize(("points", "level"), [(0, 1), (9, 1), (10, 2), (19, 2), (20, 3), (60, 3)])
def test_the_change_bands_at_every_edge(points, level):
    assert change_level(points) == level


def test_change_band_edges_reached_through_the_rules():
    assert tier(ogrs=99).change == 1  # 9
    assert tier(ogrs=99, needs={"ete": "standard"}).change == 2  # 10
    nineteen = {"attitudes": "severe", "thinking_behaviour": "severe", "drugs": "severe"}
    assert tier(ogrs=99, needs=nineteen).change == 2  # 9 + 4 + 4 + 2
    assert tier(ogrs=99, needs={**nineteen, "ete": "standard"}).change == 3  # 20


# ------------------------------------------------------------------------------------------------
# The tier


def test_the_tier_joins_the_protect_letter_and_the_change_number():
    result = tier(rosh="high", needs_assessed_on=None)
    assert result == TierResult("B2", "B", 2, 20, 0, "no_recent_needs_assessment")


def test_a_very_high_risk_case_with_many_needs_is_a3():
    assert tier(rosh="very_high", needs={need: "severe" for need in NEEDS}).tier == "A3"


def test_a_low_risk_unpaid_work_case_is_d0():
    assert tier(requirements=("unpaid_work",)).tier == "D0"


def test_the_result_becomes_a_plain_dict_in_the_published_shape():
    assert tier_result_to_dict(tier(rosh="high", needs_assessed_on=None)) == {
        "tier": "B2",
        "protect": "B",
        "change": 2,
        "protect_points": 20,
        "change_points": 0,
    }


# ------------------------------------------------------------------------------------------------
# Reference data


def test_points_and_bands_can_come_from_reference_data():
    config = TierConfig(
        rosh_points={"low": 0, "medium": 15, "high": 30, "very_high": 200}, protect_a_from=200
    )
    assert calculate_tier(replace(BASE, rosh="very_high"), config).protect == "A"
    assert calculate_tier(replace(BASE, rosh="medium"), config).protect_points == 15


def test_rsr_thresholds_can_come_from_reference_data():
    config = TierConfig(rsr_high_from=6.9)
    assert calculate_tier(replace(BASE, rsr=6.95), config).protect_points == 20


def test_the_assessment_window_can_come_from_reference_data():
    config = TierConfig(needs_assessment_window_weeks=52)
    assessed = AS_OF - timedelta(weeks=53)
    assert calculate_tier(replace(BASE, needs_assessed_on=assessed), config).change_basis == (
        "no_recent_needs_assessment"
    )


def test_the_restrictive_list_can_come_from_reference_data():
    config = TierConfig(restrictive_requirements=frozenset({"curfew"}))
    assert calculate_tier(replace(BASE, requirements=("exclusion",)), config).change_basis == "points"


def test_the_default_configuration_cannot_be_changed_by_a_caller():
    config = TierConfig()
    with pytest.raises(AttributeError):
        config.protect_a_from = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.rosh_points["high"] = 1  # type: ignore[index]


# ------------------------------------------------------------------------------------------------
# Refusals of malformed inputs


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sex", "F"),
        ("as_of", "2026-06-01"),
        ("rosh", "extreme"),
        ("rsr", "5"),
        ("rsr", -1),
        ("rsr", 101),
        ("mappa_level", 4),
        ("mappa_level", True),
        ("mappa_level", "2"),
        ("complexity_flags", ("mental_health", "gangs")),
        ("complexity_flags", "mental_health"),
        ("women_factors", ("pregnancy",)),
        ("custodial", "yes"),
        ("requirements", ("community_service",)),
        ("needs", {"housing": "severe"}),
        ("needs", {"ete": "high"}),
        ("needs", [("ete", "severe")]),
        ("needs_assessed_on", "2026-05-01"),
        ("ogrs", 101),
        ("ogrs", "50"),
        ("iom", 1),
    ],
)
def test_a_malformed_input_is_refused_naming_its_field(field, value):
    with pytest.raises(ValueError, match=field):
        tier(**{field: value})


# ------------------------------------------------------------------------------------------------
# JSON-like input


def test_inputs_are_read_from_the_documented_json_keys():
    assert tier_inputs_from_mapping(BASE_MAPPING) == BASE


def test_a_full_json_case_is_read_with_every_field():
    mapping = {
        **BASE_MAPPING,
        "sex": "female",
        "rosh": "high",
        "rsr": 4.5,
        "mappa_level": 1,
        "complexity_flags": ["mental_health", "adult_at_risk"],
        "women_factors": ["parenting"],
        "custodial": True,
        "requirements": [],
        "needs": {"accommodation": "severe", "attitudes": "standard"},
        "ogrs": 45,
        "iom": True,
    }
    result = calculate_tier(tier_inputs_from_mapping(mapping))
    assert tier_result_to_dict(result) == {
        "tier": "B2",
        "protect": "B",
        "change": 2,
        "protect_points": 20 + 5 + 4 + 2,  # RoSH high (over RSR 10), MAPPA 1, two flags, one factor
        "change_points": 2 + 2 + 4 + 2,  # accommodation severe, attitudes standard, OGRS 45, IOM
    }


@pytest.mark.parametrize("key", list(BASE_MAPPING))
def test_every_key_is_required_and_a_missing_one_is_named(key):
    mapping = dict(BASE_MAPPING)
    del mapping[key]
    with pytest.raises(ValueError, match=f"Missing key '{key}'"):
        tier_inputs_from_mapping(mapping)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("as_of", "1 June 2026"),
        ("as_of", None),
        ("needs_assessed_on", "2026-13-01"),
        ("needs", "ete"),
        ("complexity_flags", None),
        ("requirements", "rar"),
        ("sex", None),
        ("rosh", "High"),
        ("iom", "false"),
    ],
)
def test_a_malformed_json_value_is_refused_naming_its_key(key, value):
    with pytest.raises(ValueError, match=key):
        tier_inputs_from_mapping({**BASE_MAPPING, key: value})


def test_keys_that_are_not_tier_inputs_are_ignored():
    assert tier_inputs_from_mapping({**BASE_MAPPING, "crn": "X123456"}) == BASE


def test_a_mapping_that_is_not_an_object_is_refused():
    with pytest.raises(ValueError, match="must be an object"):
        tier_inputs_from_mapping(["sex", "male"])  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------
# Properties

cases = st.builds(
    TierInputs,
    sex=st.sampled_from(["male", "female"]),
    as_of=st.just(AS_OF),
    rosh=st.one_of(st.none(), st.sampled_from(ROSH_LEVELS)),
    rsr=st.one_of(st.none(), st.floats(0, 100)),
    mappa_level=st.one_of(st.none(), st.sampled_from([1, 2, 3])),
    complexity_flags=st.lists(st.sampled_from(COMPLEXITY_FLAGS), max_size=12).map(tuple),
    women_factors=st.lists(st.sampled_from(WOMEN_FACTORS), max_size=4).map(tuple),
    custodial=st.booleans(),
    requirements=st.lists(st.sampled_from(REQUIREMENTS), max_size=5).map(tuple),
    needs=st.dictionaries(st.sampled_from(NEEDS), st.sampled_from(["none", "standard", "severe"])),
    needs_assessed_on=st.one_of(st.none(), st.dates(AS_OF - timedelta(weeks=120), AS_OF)),
    ogrs=st.one_of(st.none(), st.integers(0, 100)),
    iom=st.booleans(),
)
ROSH_ORDER = (None, *ROSH_LEVELS)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases)
def test_every_tier_is_a_protect_letter_and_a_change_number(case):
    result = calculate_tier(case)
    assert result.protect in "ABCD"
    assert result.change in (0, 1, 2, 3)
    assert result.tier == f"{result.protect}{result.change}"
    assert result.protect == protect_level(result.protect_points)
    if result.change_basis == "points":
        assert result.change == change_level(result.change_points) >= 1
    else:
        assert result.change_points == 0


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases, st.sampled_from(COMPLEXITY_FLAGS))
def test_another_complexity_flag_never_lowers_protect_points(case, flag):
    more = replace(case, complexity_flags=(*case.complexity_flags, flag))
    assert calculate_tier(more).protect_points >= calculate_tier(case).protect_points


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases)
def test_a_higher_rosh_never_lowers_protect_points(case):
    position = ROSH_ORDER.index(case.rosh)
    if position < len(ROSH_ORDER) - 1:
        higher = replace(case, rosh=ROSH_ORDER[position + 1])
        assert calculate_tier(higher).protect_points >= calculate_tier(case).protect_points


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases, st.sampled_from(NEEDS))
def test_a_more_severe_need_never_lowers_change_points(case, need):
    worse = replace(case, needs={**case.needs, need: "severe"})
    assert calculate_tier(worse).change_points >= calculate_tier(case).change_points


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases, st.sampled_from(NON_RESTRICTIVE))
def test_adding_a_rehabilitative_requirement_always_gives_a_mandate(case, requirement):
    with_mandate = replace(case, requirements=(*case.requirements, requirement))
    assert calculate_tier(with_mandate).change >= 1
