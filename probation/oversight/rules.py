"""The law and the policy of oversight and Serious Further Offences, as pure functions of plain values."""

from dataclasses import dataclass
from datetime import date, timedelta

from probation.lib.workingdays import add_working_days

OVERSIGHT_ROSH = ("high", "very_high")
OVERSIGHT_MAPPA_LEVELS = (2, 3)


def needs_oversight(*, rosh: str, mappa_level: int | None) -> bool:
    """High or very high risk of serious harm, or MAPPA level 2 or 3, needs recorded management oversight."""
    return rosh in OVERSIGHT_ROSH or (mappa_level or 0) in OVERSIGHT_MAPPA_LEVELS


@dataclass(frozen=True)
class OversightDue:
    due_on: date | None  # None: no oversight has ever been recorded, so it is due now
    reason: str

    def overdue(self, today: date) -> bool:
        return self.due_on is None or self.due_on < today


def oversight_due(
    *, last_oversight: date | None, last_event: date | None, interval_weeks: int, after_event_days: int
) -> OversightDue:
    """When oversight is next due: `interval_weeks` after the last recorded oversight, or sooner,
    `after_event_days` working days after a significant event that oversight has not yet followed."""
    if last_oversight is None:
        if last_event is not None:
            return OversightDue(add_working_days(last_event, after_event_days), "after a significant event")
        return OversightDue(None, "never recorded")
    due = OversightDue(last_oversight + timedelta(weeks=interval_weeks), "regular oversight")
    if last_event is not None and last_event >= last_oversight:
        after_event = add_working_days(last_event, after_event_days)
        if after_event < due.due_on:
            due = OversightDue(after_event, "after a significant event")
    return due


# --- Serious Further Offences ------------------------------------------------------------------------


def sfo_qualifies(
    *,
    offence_qualifies: bool,
    charged_on: date,
    supervision_started_on: date | None,
    supervision_ended_on: date | None,
    days_after_supervision: int,
) -> bool:
    """A charge for a qualifying offence while under supervision, or within `days_after_supervision`
    days of its end, is a Serious Further Offence."""
    if not offence_qualifies or supervision_started_on is None or charged_on < supervision_started_on:
        return False
    if supervision_ended_on is None:
        return True
    return charged_on <= supervision_ended_on + timedelta(days=days_after_supervision)


def sfo_notification_due(charged_on: date, notification_days: int) -> date:
    return add_working_days(charged_on, notification_days)


def sfo_review_due(notified_on: date, review_days: int) -> date:
    """Review due a number of working days after notification."""
    return add_working_days(notified_on, review_days)
