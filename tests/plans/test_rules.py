"""Sentence planning rules: due dates in working days, reviews, countersignature, gaps and diversity."""

from datetime import date

import pytest

from probation.plans import rules
from probation.plans.rules import PlanPolicy


@pytest.mark.parametrize(
    "tier, highest", [("A1", True), ("a0", True), ("B3", False), ("", False), (None, False)]
)
def test_the_highest_tier_is_protect_level_a(tier, highest):
    assert rules.is_highest_tier(tier) is highest


@pytest.mark.parametrize(
    "starts_from, tier, due",
    [
        (date(2026, 11, 9), "B2", date(2026, 11, 30)),  # 15 working days: three weeks
        (date(2026, 11, 9), "A1", date(2026, 11, 16)),  # 5 for protect level A
        # Christmas 2026 (25th Friday, Boxing Day substitute Monday 28th) and New Year's Day (Friday).
        (date(2026, 12, 18), "C1", date(2027, 1, 13)),
        (date(2026, 12, 23), "A0", date(2027, 1, 4)),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        (date(2027, 3, 22), "D0", date(2027, 4, 14)),
        (date(2027, 3, 24), "A2", date(2027, 4, 2)),
    ],
)
def test_a_plan_is_due_in_working_days_from_sentence_or_release(starts_from, tier, due):
    assert rules.plan_due_by(starts_from, tier=tier) == due


def test_the_working_days_come_from_the_policy():
    policy = PlanPolicy(days=10, days_highest_tier=3)
    assert rules.plan_due_by(date(2026, 11, 9), tier="B1", policy=policy) == date(2026, 11, 23)
    assert rules.plan_due_by(date(2026, 11, 9), tier="A1", policy=policy) == date(2026, 11, 12)


@pytest.mark.parametrize(
    "disposal_type, sentence, release, expected",
    [
        ("community_order", date(2026, 1, 5), None, date(2026, 1, 5)),
        ("suspended_sentence", date(2026, 1, 5), None, date(2026, 1, 5)),
        ("licence", date(2025, 1, 5), date(2026, 2, 1), date(2026, 2, 1)),
        ("pss", date(2025, 1, 5), date(2026, 2, 1), date(2026, 2, 1)),
        ("licence", date(2025, 1, 5), None, None),  # not released yet: nothing due in the community
    ],
)
def test_the_deadline_counts_from_sentence_for_orders_and_release_for_custody(
    disposal_type, sentence, release, expected
):
    assert rules.plan_starts_from(disposal_type, sentence, release) == expected


@pytest.mark.parametrize(
    "rosh, needed",
    [("high", True), ("very_high", True), ("medium", False), ("low", False), ("", False), (None, False)],
)
def test_high_and_very_high_rosh_plans_need_countersignature(rosh, needed):
    assert rules.needs_countersignature(rosh) is needed


def test_only_an_spo_who_did_not_write_the_plan_may_countersign_it_while_it_waits():
    ok = {"signer_id": 2, "author_id": 1, "is_spo": True, "status": "awaiting_countersignature"}
    assert rules.countersign_problems(**ok) == []
    assert rules.countersign_problems(**(ok | {"signer_id": 1})) == [
        ("decision", "You cannot countersign a plan you wrote")
    ]
    assert rules.countersign_problems(**(ok | {"is_spo": False}))
    assert rules.countersign_problems(**(ok | {"status": "draft"}))


def test_a_plan_needs_objectives_and_the_persons_involvement_before_it_is_submitted():
    assert rules.submit_problems(objective_count=0, involvement="", involvement_notes="") == [
        ("objectives", "Add at least one objective before submitting the plan"),
        ("involvement", "Record how the person was involved in the plan"),
    ]
    assert rules.submit_problems(objective_count=1, involvement="partial", involvement_notes="") == [
        ("involvement_notes", "Explain why the person was not fully involved")
    ]
    assert (
        rules.submit_problems(objective_count=1, involvement="partial", involvement_notes="In hospital") == []
    )
    assert rules.submit_problems(objective_count=2, involvement="full", involvement_notes="") == []


def test_the_scheduled_review_is_the_interval_after_completion_or_the_last_review():
    assert rules.scheduled_review_due(date(2026, 1, 26)) == date(2026, 5, 18)  # 16 weeks
    assert rules.scheduled_review_due(date(2026, 1, 26), PlanPolicy(review_weeks=12)) == date(2026, 4, 20)


def test_a_significant_event_since_the_last_review_brings_the_review_forward():
    due = rules.review_due(
        since=date(2026, 2, 1),
        next_review_due=date(2026, 5, 24),
        events=[(7, date(2026, 3, 2), date(2026, 3, 16))],
    )
    assert due == rules.ReviewDue(date(2026, 3, 16), "significant_event", 7)


def test_events_before_the_last_review_or_already_reviewed_do_not():
    events = [(7, date(2026, 1, 10), date(2026, 1, 24)), (8, date(2026, 3, 2), date(2026, 3, 16))]
    due = rules.review_due(
        since=date(2026, 2, 1), next_review_due=date(2026, 5, 24), events=events, reviewed_event_ids={8}
    )
    assert due == rules.ReviewDue(date(2026, 5, 24), "scheduled")


def test_the_earliest_event_review_wins_and_the_scheduled_date_is_derived_when_missing():
    events = [(1, date(2026, 3, 2), date(2026, 3, 16)), (2, date(2026, 3, 3), date(2026, 3, 10))]
    due = rules.review_due(since=date(2026, 2, 1), next_review_due=None, events=events)
    assert due.event_id == 2
    assert rules.review_due(since=date(2026, 2, 1), next_review_due=None, events=[]).due_on == date(
        2026, 5, 24
    )


def test_an_event_due_after_the_scheduled_review_leaves_the_scheduled_one_first():
    due = rules.review_due(
        since=date(2026, 2, 1),
        next_review_due=date(2026, 3, 1),
        events=[(1, date(2026, 2, 20), date(2026, 3, 6))],
    )
    assert due.reason == "scheduled"


def test_needs_rated_standard_or_severe_without_an_objective_are_gaps_severe_first():
    ratings = {
        "accommodation": "standard",
        "ete": "none",
        "drugs": "severe",
        "alcohol": "standard",
        "attitudes": "severe",
    }
    assert rules.unaddressed_needs(ratings, [["alcohol"], []]) == ["drugs", "attitudes", "accommodation"]
    assert rules.unaddressed_needs(ratings, [["accommodation", "drugs"], ["alcohol", "attitudes"]]) == []
    assert rules.unaddressed_needs({}, []) == []


def test_requirements_no_objective_addresses_are_gaps_in_order():
    assert rules.unaddressed_ids([3, 1, 2], [[1], []]) == [3, 2]


def test_an_objective_needs_a_link_a_sensible_target_and_a_named_partner():
    ok = {
        "target_date": date(2026, 3, 1),
        "started_on": date(2026, 1, 20),
        "owner": "person",
        "owner_name": "",
        "linked_count": 1,
    }
    assert rules.objective_problems(**ok) == []
    assert rules.objective_problems(**(ok | {"linked_count": 0}))[0][0] == "needs"
    assert rules.objective_problems(**(ok | {"target_date": date(2026, 1, 19)}))[0][0] == "target_date"
    assert rules.objective_problems(**(ok | {"owner": "partner"}))[0][0] == "owner_name"


def test_diversity_needs_and_adjustments_are_drawn_from_the_persons_record():
    needs, adjustments = rules.diversity_summary(
        disability="Dyslexia",
        disability_adjustments="Easy-read letters",
        first_language="Polish",
        interpreter_required=True,
        literacy_need=True,
        caring_responsibilities="Two children under 5",
        pregnancy_maternity=True,
        gender_identity="Non-binary",
    )
    assert needs.splitlines() == [
        "Disability: Dyslexia",
        "First language: Polish",
        "Needs an interpreter",
        "Has a literacy need",
        "Caring responsibilities: Two children under 5",
        "Pregnant or on maternity",
        "Gender identity: Non-binary",
    ]
    assert "Easy-read letters" in adjustments and "Book an interpreter for appointments" in adjustments


def test_a_record_with_no_diversity_needs_gives_empty_text():
    assert rules.diversity_summary() == ("", "")
