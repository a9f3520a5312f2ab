"""The contact rules: evidence windows in working days, contact levels from tier and RoSH, step-down
decisions and whether a level is being met."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation.contacts import rules
from probation.contacts.rules import Level
from probation.lib.workingdays import is_working_day, working_days_between

# --- Evidence due: 5 working days after the absence -----------------------------------------------------


@pytest.mark.parametrize(
    "absence, due",
    [
        (date(2026, 3, 2), date(2026, 3, 9)),  # a Monday: the next Monday
        (date(2026, 3, 4), date(2026, 3, 11)),  # a Wednesday: the next Wednesday
        (date(2026, 3, 6), date(2026, 3, 13)),  # a Friday: the next Friday
        (date(2026, 11, 28), date(2026, 12, 4)),  # a Saturday: the weekend does not count
        (date(2026, 11, 29), date(2026, 12, 4)),  # a Sunday: likewise
        (date(2026, 4, 2), date(2026, 4, 13)),  # before Good Friday and Easter Monday
        (date(2026, 5, 22), date(2026, 6, 1)),  # before the spring bank holiday
        (date(2026, 12, 22), date(2026, 12, 31)),  # Christmas, and Boxing Day's substitute Monday
        (date(2026, 8, 28), date(2026, 9, 7)),  # before the summer bank holiday
        (date(2022, 9, 16), date(2022, 9, 26)),  # the one-off bank holiday for the state funeral
        (date(2020, 5, 7), date(2020, 5, 15)),  # the early May bank holiday moved to VE day (Fri 8th)
    ],
)
def test_evidence_is_due_five_working_days_after_the_absence(absence, due):
    assert rules.evidence_due(absence, "ENG") == due


def test_england_and_wales_share_these_bank_holidays():
    for absence in (date(2026, 4, 2), date(2026, 12, 22), date(2026, 5, 22)):
        assert rules.evidence_due(absence, "WLS") == rules.evidence_due(absence, "ENG")


def test_the_number_of_days_is_policy_that_can_change():
    assert rules.evidence_due(date(2026, 3, 2), "ENG", days=10) == date(2026, 3, 16)


def test_an_unknown_region_is_refused():
    with pytest.raises(ValueError, match="England or Wales"):
        rules.evidence_due(date(2026, 3, 2), "SCT")


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)))
def test_evidence_is_always_due_on_a_working_day_exactly_five_working_days_on(absence):
    due = rules.evidence_due(absence, "ENG")
    assert due > absence
    assert is_working_day(due, "ENG")
    assert working_days_between(absence, due, "ENG") == 5
    assert due - absence <= timedelta(days=12)  # even over Christmas and New Year


def test_an_absence_can_be_judged_only_after_the_evidence_due_date():
    due = date(2026, 3, 9)
    assert not rules.absence_judgeable(date(2026, 3, 2), due)
    assert not rules.absence_judgeable(due, due)  # the person still has the whole of the last day
    assert rules.absence_judgeable(date(2026, 3, 10), due)
    assert rules.first_judgeable_day(due) == date(2026, 3, 10)


def test_an_absence_with_no_evidence_window_can_be_judged_at_once():
    assert rules.absence_judgeable(date(2026, 3, 2), None)


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)), st.integers(0, 30))
def test_judgeable_exactly_from_the_day_after_the_evidence_due_date(absence, days_later):
    due = rules.evidence_due(absence, "ENG")
    today = absence + timedelta(days=days_later)
    assert rules.absence_judgeable(today, due) == (today >= rules.first_judgeable_day(due))


# --- Required contact level ------------------------------------------------------------------------------

TIER_FREQUENCY = {"A": "weekly", "B": "fortnightly", "C": "monthly", "D": "bimonthly"}
ROSH_FREQUENCY = {
    "very_high": "weekly",
    "high": "fortnightly",
    "medium": "monthly",
    "low": "bimonthly",
    "": None,
}
ORDER = ["weekly", "fortnightly", "monthly", "bimonthly"]


@pytest.mark.parametrize("protect", "ABCD")
@pytest.mark.parametrize("change", "0123")
@pytest.mark.parametrize("rosh", ["", "low", "medium", "high", "very_high"])
def test_the_required_level_is_the_more_frequent_of_tier_and_rosh(protect, change, rosh):
    required = rules.required_contact_level(protect + change, rosh)
    candidates = [TIER_FREQUENCY[protect]] + ([ROSH_FREQUENCY[rosh]] if rosh else [])
    assert required.frequency == min(candidates, key=ORDER.index)
    telephone = protect in "CD" and rosh == "low"
    assert required.method == ("telephone" if telephone else "face_to_face")
    assert any(f"Tier {protect}{change}" in reason for reason in required.reasons)


def test_protect_level_a_or_very_high_rosh_means_weekly_face_to_face():
    assert rules.required_contact_level("A1", "medium").level == Level("weekly", "face_to_face")
    assert rules.required_contact_level("D0", "very_high").level == Level("weekly", "face_to_face")


def test_telephone_contact_is_allowed_only_for_protect_c_or_d_with_low_rosh():
    assert rules.required_contact_level("C2", "low").method == "telephone"
    assert rules.required_contact_level("D0", "low").method == "telephone"
    assert rules.required_contact_level("C2", "medium").method == "face_to_face"
    assert rules.required_contact_level("B1", "low").method == "face_to_face"
    # Without a RoSH the case has not been assessed, so face to face.
    assert rules.required_contact_level("D0", "").method == "face_to_face"


def test_a_case_with_no_tier_and_no_rosh_is_seen_weekly_until_assessed():
    required = rules.required_contact_level("", "")
    assert required.level == Level("weekly", "face_to_face")
    assert "until assessed" in required.reasons[0]


def test_rosh_alone_sets_the_level_when_there_is_no_tier_yet():
    assert rules.required_contact_level(None, "high").frequency == "fortnightly"


def test_the_derivation_explains_which_input_won():
    required = rules.required_contact_level("D1", "high")
    assert required.frequency == "fortnightly"
    assert required.reasons[:3] == (
        "Tier D1 (protect level D): every eight weeks",
        "Risk of serious harm high: every two weeks",
        "The more frequent applies: every two weeks",
    )
    assert required.describe() == "Every two weeks, face to face"


def test_the_mapping_is_configurable():
    config = {
        "by_protect_level": {"A": "weekly", "B": "weekly", "C": "fortnightly", "D": "monthly"},
        "telephone_protect_levels": ["D"],
    }
    assert rules.required_contact_level("B2", "").frequency == "fortnightly"
    assert rules.required_contact_level("B2", "", config).frequency == "weekly"
    assert rules.required_contact_level("C1", "low", config).method == "face_to_face"


@pytest.mark.parametrize("tier", ["E1", "A4", "B22", "1"])
def test_a_malformed_tier_is_refused(tier):
    with pytest.raises(ValueError, match="Tier"):
        rules.required_contact_level(tier, "low")


def test_an_unknown_rosh_is_refused():
    with pytest.raises(ValueError, match="RoSH"):
        rules.required_contact_level("B1", "severe")


def test_a_bad_frequency_in_configuration_is_refused():
    with pytest.raises(ValueError, match="frequency"):
        rules.required_contact_level("B1", "", {"by_protect_level": {"B": "daily"}})


def test_levels_refuse_unknown_frequencies_and_methods():
    with pytest.raises(ValueError):
        Level("daily")
    with pytest.raises(ValueError):
        Level("weekly", "carrier_pigeon")


# --- Step-down --------------------------------------------------------------------------------------------

WEEKLY = Level("weekly", "face_to_face")
FORTNIGHTLY = Level("fortnightly", "face_to_face")
MONTHLY = Level("monthly", "face_to_face")
MONTHLY_PHONE = Level("monthly", "telephone")
WEEKLY_PHONE = Level("weekly", "telephone")


@pytest.mark.parametrize(
    "current, proposed, step_down",
    [
        (WEEKLY, FORTNIGHTLY, True),
        (FORTNIGHTLY, MONTHLY, True),
        (MONTHLY, Level("bimonthly"), True),
        (WEEKLY, WEEKLY_PHONE, True),  # the same frequency by telephone
        (MONTHLY_PHONE, FORTNIGHTLY, False),  # more often and face to face
        (FORTNIGHTLY, WEEKLY, False),
        (FORTNIGHTLY, FORTNIGHTLY, False),
        (MONTHLY_PHONE, MONTHLY, False),
        (FORTNIGHTLY, WEEKLY_PHONE, True),  # more often, but telephone instead of face to face
    ],
)
def test_a_step_down_is_less_contact_or_telephone_instead_of_face_to_face(current, proposed, step_down):
    assert rules.is_step_down(current, proposed) is step_down


def decide(
    rosh="low", mappa=None, months=None, current=WEEKLY, proposed=FORTNIGHTLY, required=None, config=None
):
    return rules.step_down_decision(current, proposed, rosh, mappa, months, config, required=required)


def test_more_contact_is_always_allowed_even_at_the_highest_risk():
    decision = decide(rosh="very_high", mappa=3, months=0, current=FORTNIGHTLY, proposed=WEEKLY)
    assert decision.outcome == "allowed"
    assert not decision.is_step_down
    assert not decision.needs_rationale


def test_a_step_down_for_a_low_risk_case_is_allowed_with_a_rationale():
    decision = decide(rosh="low")
    assert decision.outcome == "allowed"
    assert decision.is_step_down and decision.needs_rationale


@pytest.mark.parametrize("rosh", ["", "low", "medium"])
def test_low_medium_or_unassessed_rosh_alone_does_not_need_approval(rosh):
    assert decide(rosh=rosh).outcome == "allowed"


def test_very_high_rosh_refuses_a_step_down_outright():
    decision = decide(rosh="very_high")
    assert decision.outcome == "refused"
    assert decision.reasons == ("Risk of serious harm is very high: contact cannot be reduced",)


def test_mappa_level_3_refuses_a_step_down_outright():
    decision = decide(rosh="medium", mappa=3)
    assert decision.outcome == "refused"
    assert "MAPPA level 3" in decision.reasons[0]


def test_both_refusal_reasons_are_given_together():
    assert len(decide(rosh="very_high", mappa=3).reasons) == 2


def test_high_rosh_sends_a_step_down_for_approval():
    decision = decide(rosh="high")
    assert decision.outcome == "needs_approval"
    assert decision.reasons == ("Risk of serious harm is high",)


def test_mappa_level_2_sends_a_step_down_for_approval():
    assert decide(mappa=2).outcome == "needs_approval"


def test_mappa_level_1_alone_does_not():
    assert decide(mappa=1).outcome == "allowed"


@pytest.mark.parametrize(
    "months, outcome",
    [(0, "needs_approval"), (2.9, "needs_approval"), (3, "allowed"), (12, "allowed"), (None, "allowed")],
)
def test_risk_escalated_in_the_last_three_months_sends_a_step_down_for_approval(months, outcome):
    assert decide(months=months).outcome == outcome


def test_the_escalation_window_is_configurable():
    assert decide(months=4, config={"escalation_months": 6}).outcome == "needs_approval"


def test_every_approval_reason_is_listed():
    decision = decide(rosh="high", mappa=2, months=1)
    assert decision.outcome == "needs_approval"
    assert len(decision.reasons) == 3


def test_a_step_down_below_the_required_level_needs_approval_even_for_a_low_risk_case():
    required = rules.required_contact_level("B1", "low")  # fortnightly, face to face
    assert decide(current=FORTNIGHTLY, proposed=MONTHLY, required=required).outcome == "needs_approval"
    assert decide(current=WEEKLY, proposed=FORTNIGHTLY, required=required).outcome == "allowed"
    phone = decide(current=FORTNIGHTLY, proposed=Level("fortnightly", "telephone"), required=required)
    assert phone.outcome == "needs_approval"
    assert "below what the tier and RoSH require" in phone.reasons[0]


def test_telephone_contact_within_the_required_level_is_allowed_for_a_low_risk_case():
    required = rules.required_contact_level("D0", "low")
    assert (
        decide(current=MONTHLY, proposed=Level("bimonthly", "telephone"), required=required).outcome
        == "allowed"
    )


def test_refusal_takes_precedence_over_approval():
    assert decide(rosh="very_high", mappa=2, months=1).outcome == "refused"


def test_refusal_and_approval_thresholds_are_configurable():
    config = {"refuse_rosh": ["high", "very_high"], "refuse_mappa_levels": [2, 3]}
    assert decide(rosh="high", config=config).outcome == "refused"
    assert decide(mappa=2, config=config).outcome == "refused"


@pytest.mark.parametrize("mappa", [0, 4, True])
def test_an_impossible_mappa_level_is_refused(mappa):
    with pytest.raises(ValueError, match="MAPPA"):
        decide(mappa=mappa)


def test_negative_months_since_escalation_is_refused():
    with pytest.raises(ValueError):
        decide(months=-1)


@given(
    st.sampled_from(["", "low", "medium", "high", "very_high"]),
    st.sampled_from([None, 1, 2, 3]),
    st.one_of(st.none(), st.floats(min_value=0, max_value=60)),
    st.sampled_from([WEEKLY, FORTNIGHTLY, MONTHLY, MONTHLY_PHONE, Level("bimonthly", "telephone")]),
    st.sampled_from([WEEKLY, FORTNIGHTLY, MONTHLY, MONTHLY_PHONE, Level("bimonthly", "telephone")]),
)
def test_a_step_down_is_never_simply_allowed_where_risk_forbids_it(rosh, mappa, months, current, proposed):
    decision = rules.step_down_decision(current, proposed, rosh, mappa, months)
    if not rules.is_step_down(current, proposed):
        assert decision.outcome == "allowed"
    elif rosh == "very_high" or mappa == 3:
        assert decision.outcome == "refused"
    elif rosh == "high" or mappa == 2 or (months is not None and months < 3):
        assert decision.outcome == "needs_approval"
    else:
        assert decision.outcome == "allowed"
    assert decision.reasons


# --- Escalation -------------------------------------------------------------------------------------------


def test_the_last_escalation_is_the_last_time_rosh_rose():
    ratings = [
        (date(2025, 1, 1), "low"),
        (date(2025, 6, 1), "high"),
        (date(2025, 9, 1), "medium"),
        (date(2026, 2, 1), "high"),
        (date(2026, 5, 1), "high"),
    ]
    assert rules.last_escalation(reversed(ratings)) == date(2026, 2, 1)


def test_no_escalation_when_rosh_never_rose():
    assert rules.last_escalation([(date(2025, 1, 1), "high"), (date(2025, 6, 1), "medium")]) is None
    assert rules.last_escalation([]) is None


def test_months_since_escalation():
    assert rules.months_since_escalation(date(2026, 4, 1), None) is None
    assert rules.months_since_escalation(date(2026, 4, 1), date(2026, 1, 1)) == pytest.approx(2.96, abs=0.01)
    assert rules.months_since_escalation(date(2026, 4, 2), date(2026, 1, 1)) < 3
    assert rules.months_since_escalation(date(2026, 4, 3), date(2026, 1, 1)) > 3


# --- Contact level met ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "per_4_weeks, window, needed",
    [(4, 4, 4), (2, 4, 2), (1, 4, 1), (0.5, 8, 1)],
)
def test_contacts_needed_in_the_compliance_window(per_4_weeks, window, needed):
    assert rules.compliance_window_weeks(per_4_weeks) == window
    assert rules.contacts_needed(per_4_weeks) == needed


@pytest.mark.parametrize(
    "per_4_weeks, kept, met",
    [
        (4, 4, True),
        (4, 3, False),
        (4, 5, True),
        (2, 2, True),
        (2, 1, False),
        (1, 1, True),
        (1, 0, False),
        (0.5, 1, True),
        (0.5, 0, False),
    ],
)
def test_a_level_is_met_when_enough_national_standard_contacts_took_place(per_4_weeks, kept, met):
    assert rules.contact_level_met(per_4_weeks, kept) is met


@pytest.mark.parametrize("kept", [-1, 1.5, True, "2"])
def test_a_nonsense_contact_count_is_refused(kept):
    with pytest.raises(ValueError):
        rules.contact_level_met(2, kept)


def test_a_level_of_no_contact_is_refused():
    with pytest.raises(ValueError):
        rules.contact_level_met(0, 1)
