"""The allocation rules: which provider, why, by when, and when to warn about continuity."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation.allocation.rules import (
    LOW_OR_MEDIUM_REASON,
    NOT_ASSESSED_REASON,
    AllocationConfig,
    allocation_due,
    changes_in_last_12_months,
    decide_provider,
    first_appointment_due,
    is_highest_tier,
    ordinal,
    reallocation_warning,
)
from probation.sentences.constants import OffenceCategory

NOTHING = {
    "rosh": "low",
    "mappa_level": None,
    "offence_categories": ["theft_non_motor"],
    "facing_deportation": False,
    "rsr": None,
}


def decide(**changes):
    return decide_provider(**{**NOTHING, **changes})


# Which provider, and why -----------------------------------------------------------------------------


@pytest.mark.parametrize("rosh", ["low", "medium"])
def test_low_and_medium_risk_go_to_the_private_provider(rosh):
    decision = decide(rosh=rosh)
    assert decision.provider_type == "private"
    assert decision.reasons == [LOW_OR_MEDIUM_REASON]
    assert not decision.is_public


@pytest.mark.parametrize(
    "rosh, reason", [("high", "High risk of serious harm"), ("very_high", "Very high risk of serious harm")]
)
def test_high_and_very_high_risk_go_to_the_public_provider(rosh, reason):
    decision = decide(rosh=rosh)
    assert decision.provider_type == "public"
    assert decision.reasons == [reason]


@pytest.mark.parametrize("level", [1, 2, 3])
def test_every_mappa_level_goes_to_the_public_provider(level):
    decision = decide(mappa_level=level)
    assert decision.provider_type == "public"
    assert decision.reasons == [f"Managed under MAPPA (level {level})"]


@pytest.mark.parametrize(
    "category, label",
    [
        ("sexual_child", "Sexual (against a child)"),
        ("sexual_not_child", "Sexual (not against a child)"),
        ("robbery", "Robbery"),
    ],
)
def test_each_listed_serious_offence_goes_to_the_public_provider(category, label):
    decision = decide(offence_categories=["theft_non_motor", category])
    assert decision.provider_type == "public"
    assert decision.reasons == [f"Serious offence: {label}"]


@pytest.mark.parametrize(
    "category", sorted(set(OffenceCategory.values) - {"sexual_child", "sexual_not_child", "robbery"})
)
def test_offences_not_on_the_list_do_not_decide_the_provider(category):
    assert decide(offence_categories=[category]).provider_type == "private"


def test_no_offences_recorded_leaves_the_decision_to_risk():
    assert decide(offence_categories=[]).provider_type == "private"


def test_a_repeated_offence_category_is_named_once():
    assert decide(offence_categories=["robbery", "robbery"]).reasons == ["Serious offence: Robbery"]


def test_the_serious_offence_list_is_configurable():
    config = AllocationConfig(nps_offence_categories=["burglary_domestic"])
    decision = decide_provider(**{**NOTHING, "offence_categories": ["burglary_domestic"]}, config=config)
    assert decision.reasons == ["Serious offence: Burglary (domestic)"]
    assert (
        decide_provider(**{**NOTHING, "offence_categories": ["robbery"]}, config=config).provider_type
        == "private"
    )


def test_a_foreign_national_facing_deportation_goes_to_the_public_provider():
    decision = decide(facing_deportation=True)
    assert decision.provider_type == "public"
    assert decision.reasons == ["Foreign national facing deportation"]


@pytest.mark.parametrize("rsr", [Decimal("6.9"), Decimal("6.90"), "6.9", 6.9, Decimal("7.01"), Decimal("42")])
def test_an_rsr_at_or_above_the_threshold_goes_to_the_public_provider(rsr):
    decision = decide(rsr=rsr)
    assert decision.provider_type == "public"
    assert decision.reasons[0].startswith("RSR ")
    assert decision.reasons[0].endswith("is at or above the 6.9% threshold")


def test_the_rsr_reason_quotes_the_score():
    assert decide(rsr=Decimal("7.25")).reasons == ["RSR 7.25% is at or above the 6.9% threshold"]


@pytest.mark.parametrize("rsr", [None, "", Decimal("0"), Decimal("6.89"), 6.899])
def test_an_rsr_below_the_threshold_or_missing_does_not_decide_the_provider(rsr):
    assert decide(rsr=rsr).provider_type == "private"


def test_the_rsr_threshold_is_configurable():
    config = AllocationConfig(rsr_threshold=7)
    assert decide_provider(**{**NOTHING, "rsr": Decimal("6.95")}, config=config).provider_type == "private"
    assert decide_provider(**{**NOTHING, "rsr": Decimal("7.00")}, config=config).reasons == [
        "RSR 7% is at or above the 7% threshold"
    ]


def test_the_risk_levels_that_go_to_the_public_provider_are_configurable():
    config = AllocationConfig(nps_rosh_levels=["medium", "high", "very_high"])
    assert decide_provider(**{**NOTHING, "rosh": "medium"}, config=config).reasons == [
        "Medium risk of serious harm"
    ]


def test_every_reason_is_named_in_a_fixed_order():
    decision = decide(
        rosh="very_high",
        mappa_level=2,
        offence_categories=["robbery", "sexual_child"],
        facing_deportation=True,
        rsr=Decimal("8.1"),
    )
    assert decision.provider_type == "public"
    assert decision.reasons == [
        "Very high risk of serious harm",
        "Managed under MAPPA (level 2)",
        "Serious offence: Robbery",
        "Serious offence: Sexual (against a child)",
        "Foreign national facing deportation",
        "RSR 8.1% is at or above the 6.9% threshold",
    ]


@pytest.mark.parametrize("rosh", ["", None])
def test_a_case_without_a_risk_assessment_is_recommended_to_the_public_provider(rosh):
    decision = decide(rosh=rosh)
    assert decision.provider_type == "public"
    assert decision.reasons == [NOT_ASSESSED_REASON]


def test_an_unassessed_case_with_another_reason_names_only_that_reason():
    assert decide(rosh="", mappa_level=1).reasons == ["Managed under MAPPA (level 1)"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"rosh": "severe"}, "Unknown risk of serious harm level"),
        ({"mappa_level": 4}, "MAPPA level must be 1, 2 or 3"),
        ({"mappa_level": True}, "MAPPA level must be 1, 2 or 3"),
        ({"offence_categories": ["arson"]}, "Unknown offence categories"),
        ({"rsr": "high"}, "RSR must be a number"),
        ({"rsr": Decimal("-1")}, "RSR must be a number of 0 or more"),
        ({"rsr": True}, "RSR must be a number"),
    ],
)
def test_it_refuses_inputs_it_does_not_understand(changes, message):
    with pytest.raises(ValueError, match=message):
        decide(**changes)


def test_no_mappa_is_none_not_level_zero():
    with pytest.raises(ValueError, match="MAPPA level"):
        decide(mappa_level=0)


@pytest.mark.parametrize(
    "kwargs", [{"rsr_threshold": "x"}, {"allocation_days": -1}, {"first_contact_days": 1.5}]
)
def test_it_refuses_a_nonsensical_configuration(kwargs):
    with pytest.raises(ValueError):
        AllocationConfig(**kwargs)


@given(
    rosh=st.sampled_from(["low", "medium", "high", "very_high"]),
    mappa=st.sampled_from([None, 1, 2, 3]),
    categories=st.lists(st.sampled_from(OffenceCategory.values), max_size=4),
    deportation=st.booleans(),
    rsr=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
)
def test_public_exactly_when_some_reason_applies(rosh, mappa, categories, deportation, rsr):
    decision = decide_provider(
        rosh=rosh, mappa_level=mappa, offence_categories=categories, facing_deportation=deportation, rsr=rsr
    )
    any_reason = (
        rosh in ("high", "very_high")
        or mappa is not None
        or bool(set(categories) & {"sexual_child", "sexual_not_child", "robbery"})
        or deportation
        or (rsr is not None and rsr >= Decimal("6.9"))
    )
    assert decision.is_public == any_reason
    assert decision.reasons and (decision.reasons == [LOW_OR_MEDIUM_REASON]) == (not any_reason)


# Deadlines in working days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tier, expected",
    [("A0", True), ("A3", True), ("a1", True), ("B1", False), ("D0", False), ("", False), (None, False)],
)
def test_the_a_tiers_are_the_highest(tier, expected):
    assert is_highest_tier(tier) is expected


def test_an_ordinary_week():
    monday = date(2026, 11, 9)
    assert allocation_due(monday, False) == date(2026, 11, 12)
    assert allocation_due(monday, True) == date(2026, 11, 10)
    assert first_appointment_due(monday, False) == date(2026, 11, 16)
    assert first_appointment_due(monday, True) == date(2026, 11, 11)


def test_weekends_are_not_working_days():
    friday = date(2026, 11, 13)
    assert allocation_due(friday, True) == date(2026, 11, 16)
    assert allocation_due(friday, False) == date(2026, 11, 18)
    assert first_appointment_due(friday, False) == date(2026, 11, 20)


def test_a_case_received_at_the_weekend_counts_from_monday():
    saturday = date(2026, 11, 14)
    assert allocation_due(saturday, True) == date(2026, 11, 16)
    assert first_appointment_due(saturday, True) == date(2026, 11, 17)


@pytest.mark.parametrize("region", ["ENG", "WLS"])
def test_christmas_2026(region):
    # Christmas Day is a Friday; Boxing Day falls on Saturday so Monday 28th is the substitute day;
    # New Year's Day 2027 is a Friday.
    wednesday = date(2026, 12, 23)
    assert allocation_due(wednesday, True, region) == date(2026, 12, 24)
    assert allocation_due(wednesday, False, region) == date(2026, 12, 30)
    assert first_appointment_due(wednesday, True, region) == date(2026, 12, 29)
    assert first_appointment_due(wednesday, False, region) == date(2027, 1, 4)
    christmas_eve = date(2026, 12, 24)
    assert allocation_due(christmas_eve, True, region) == date(2026, 12, 29)
    assert allocation_due(christmas_eve, False, region) == date(2026, 12, 31)
    assert first_appointment_due(christmas_eve, True, region) == date(2026, 12, 30)
    assert first_appointment_due(christmas_eve, False, region) == date(2027, 1, 5)


@pytest.mark.parametrize("region", ["ENG", "WLS"])
def test_easter_2027(region):
    # Good Friday 26 March, Easter Monday 29 March.
    thursday = date(2027, 3, 25)
    assert allocation_due(thursday, True, region) == date(2027, 3, 30)
    assert allocation_due(thursday, False, region) == date(2027, 4, 1)
    assert first_appointment_due(thursday, True, region) == date(2027, 3, 31)
    assert first_appointment_due(thursday, False, region) == date(2027, 4, 5)
    good_friday = date(2027, 3, 26)
    assert allocation_due(good_friday, True, region) == date(2027, 3, 30)
    assert first_appointment_due(good_friday, False, region) == date(2027, 4, 5)


def test_the_day_counts_are_configurable():
    config = AllocationConfig(
        allocation_days=2,
        allocation_days_highest_tier=0,
        first_contact_days=10,
        first_contact_days_highest_tier=1,
    )
    monday = date(2026, 11, 9)
    assert allocation_due(monday, False, config=config) == date(2026, 11, 11)
    assert allocation_due(monday, True, config=config) == monday
    assert first_appointment_due(monday, False, config=config) == date(2026, 11, 23)
    assert first_appointment_due(monday, True, config=config) == date(2026, 11, 10)


def test_it_refuses_a_region_outside_england_and_wales():
    with pytest.raises(ValueError, match="England or Wales"):
        allocation_due(date(2026, 11, 9), False, "SCT")


# Continuity of the responsible officer -----------------------------------------------------------------

ON = date(2026, 11, 30)


@pytest.mark.parametrize(
    "starts, expected",
    [
        ([], 0),
        ([date(2026, 6, 1)], 0),  # the first allocation is not a change
        ([date(2020, 1, 1), date(2026, 6, 1)], 1),
        ([date(2020, 1, 1), date(2026, 2, 1), date(2026, 6, 1)], 2),
        (
            [date(2026, 1, 1), date(2026, 2, 1), date(2026, 6, 1)],
            2,
        ),  # first is in the window but not a change
        ([date(2020, 1, 1), date(2025, 11, 30)], 0),  # exactly 12 months ago is outside the window
        ([date(2020, 1, 1), date(2025, 12, 1)], 1),
        ([date(2020, 1, 1), ON], 1),  # a change on the day counts
        ([date(2020, 1, 1), date(2026, 12, 1)], 0),  # a future change does not
        ([date(2026, 6, 1), date(2020, 1, 1), date(2026, 2, 1)], 2),  # order does not matter
        ([date(2020, 1, 1), date(2026, 6, 1), date(2026, 6, 1)], 2),  # two changes on one day are two changes
    ],
)
def test_changes_in_the_last_12_months(starts, expected):
    assert changes_in_last_12_months(starts, ON) == expected


def test_the_window_on_a_leap_day_starts_at_the_end_of_february():
    starts = [date(2020, 1, 1), date(2027, 2, 28), date(2027, 3, 1)]
    assert changes_in_last_12_months(starts, date(2028, 2, 29)) == 1


@pytest.mark.parametrize(
    "count, warning",
    [
        (0, ""),
        (1, ""),
        (2, ""),
        (3, "This would be the third change of responsible officer in 12 months"),
        (4, "This would be the fourth change of responsible officer in 12 months"),
    ],
)
def test_the_warning_comes_at_the_third_change(count, warning):
    assert reallocation_warning(count) == warning


def test_the_warning_threshold_is_configurable():
    assert (
        reallocation_warning(2, warn_at=2)
        == "This would be the second change of responsible officer in 12 months"
    )
    assert reallocation_warning(3, warn_at=4) == ""


@pytest.mark.parametrize("warn_at", [0, -1, True, 2.5])
def test_it_refuses_a_nonsensical_warning_threshold(warn_at):
    with pytest.raises(ValueError):
        reallocation_warning(3, warn_at=warn_at)


@pytest.mark.parametrize(
    "n, word",
    [
        (1, "first"),
        (3, "third"),
        (10, "tenth"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (111, "111th"),
    ],
)
def test_ordinals(n, word):
    assert ordinal(n) == word
