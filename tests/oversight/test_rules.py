from datetime import date

from probation.lib.workingdays import add_working_days
from probation.oversight import rules


def test_high_and_very_high_rosh_need_oversight():
    assert rules.needs_oversight(rosh="high", mappa_level=None)
    assert rules.needs_oversight(rosh="very_high", mappa_level=None)
    assert not rules.needs_oversight(rosh="medium", mappa_level=None)
    assert not rules.needs_oversight(rosh="", mappa_level=1)


def test_mappa_level_two_and_three_need_oversight():
    assert rules.needs_oversight(rosh="low", mappa_level=2)
    assert rules.needs_oversight(rosh="", mappa_level=3)


def test_oversight_never_recorded_is_due_now():
    due = rules.oversight_due(last_oversight=None, last_event=None, interval_weeks=8, after_event_days=10)
    assert due.due_on is None and due.overdue(date(2026, 1, 1))


def test_oversight_is_due_the_interval_after_the_last():
    due = rules.oversight_due(
        last_oversight=date(2026, 1, 5), last_event=None, interval_weeks=8, after_event_days=10
    )
    assert due.due_on == date(2026, 3, 2)
    assert not due.overdue(date(2026, 3, 2))
    assert due.overdue(date(2026, 3, 3))


def test_a_significant_event_after_oversight_brings_it_forward():
    due = rules.oversight_due(
        last_oversight=date(2026, 1, 5), last_event=date(2026, 1, 12), interval_weeks=8, after_event_days=10
    )
    assert due.due_on == add_working_days(date(2026, 1, 12), 10) == date(2026, 1, 26)
    assert due.reason == "after a significant event"


def test_an_event_before_the_last_oversight_does_not_count():
    due = rules.oversight_due(
        last_oversight=date(2026, 2, 1), last_event=date(2026, 1, 12), interval_weeks=8, after_event_days=10
    )
    assert due.due_on == date(2026, 3, 29)


def test_an_event_with_no_oversight_ever_is_due_in_working_days():
    due = rules.oversight_due(
        last_oversight=None, last_event=date(2026, 12, 21), interval_weeks=8, after_event_days=10
    )
    # Christmas Day, Boxing Day (moved to Monday 28th) and New Year's Day are not working days.
    assert due.due_on == add_working_days(date(2026, 12, 21), 10)
    assert due.due_on > date(2027, 1, 4)


def _qualifies(**kw):
    base = dict(
        offence_qualifies=True,
        charged_on=date(2026, 6, 1),
        supervision_started_on=date(2026, 1, 5),
        supervision_ended_on=None,
        days_after_supervision=28,
    )
    return rules.sfo_qualifies(**(base | kw))


def test_a_qualifying_charge_during_supervision_is_an_sfo():
    assert _qualifies()


def test_a_non_qualifying_offence_is_not_an_sfo():
    assert not _qualifies(offence_qualifies=False)


def test_a_charge_before_supervision_began_is_not_an_sfo():
    assert not _qualifies(charged_on=date(2026, 1, 4))
    assert not _qualifies(supervision_started_on=None)


def test_a_charge_within_28_days_of_the_end_is_an_sfo():
    assert _qualifies(supervision_ended_on=date(2026, 5, 4))  # exactly 28 days
    assert not _qualifies(supervision_ended_on=date(2026, 5, 3))  # 29 days


def test_sfo_deadlines_count_working_days():
    assert rules.sfo_notification_due(date(2026, 6, 1), 10) == date(2026, 6, 15)
    assert rules.sfo_review_due(date(2026, 6, 15), 60) == add_working_days(date(2026, 6, 15), 60)
