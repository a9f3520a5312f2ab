"""Rules for interventions, as pure functions of plain values: who is eligible for what, how far
through a RAR or a treatment requirement a person is, what a referral may do next, and when a
referral has stalled. No database, no Django models."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from probation.risk.constants import RoshLevel
from probation.sentences.constants import RequirementType

from .constants import Attendance, ReferralStatus, SexEligibility, TestResult

# ---------------------------------------------------------------------------------------------
# Eligibility


@dataclass(frozen=True)
class Candidate:
    """The person, as eligibility sees them."""

    sex: str
    rosh: str = ""  # the latest completed RoSH level; "" when there is none
    requirement_types: frozenset[str] = field(default_factory=frozenset)  # current requirements
    sentence_end: date | None = None
    gender_identity: str = ""


@dataclass(frozen=True)
class Offer:
    """The intervention, as eligibility sees it."""

    sex: str = SexEligibility.ANY
    max_rosh: str = ""  # "" when any level is accepted
    required_requirement: str = ""
    accepting_referrals: bool = True
    capacity: int = 0
    places_taken: int = 0
    waiting_weeks: int = 0


@dataclass(frozen=True)
class Eligibility:
    reasons: tuple[str, ...] = ()  # why the person may not be referred; empty when they may
    notes: tuple[str, ...] = ()  # what the officer should know, without blocking the referral

    @property
    def eligible(self) -> bool:
        return not self.reasons


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


def _weeks(n: int) -> str:
    return f"{n} week{'' if n == 1 else 's'}"


def eligibility(person: Candidate, offer: Offer, today: date) -> Eligibility:
    reasons: list[str] = []
    notes: list[str] = []

    if offer.sex == SexEligibility.FEMALE and person.sex != "female":
        reasons.append("This service is for women only")
    elif offer.sex == SexEligibility.MALE and person.sex != "male":
        reasons.append("This service is for men only")
    if offer.sex != SexEligibility.ANY and person.gender_identity:
        notes.append(
            "A gender identity is recorded: agree with the provider whether the service is right for them"
        )

    if offer.max_rosh:
        limit = _label(RoshLevel, offer.max_rosh).lower()
        if not person.rosh:
            reasons.append(
                f"There is no completed risk of serious harm assessment, and the service accepts "
                f"people assessed as {limit} risk or below only"
            )
        elif RoshLevel.rank(person.rosh) > RoshLevel.rank(offer.max_rosh):
            reasons.append(
                f"The person's risk of serious harm is {_label(RoshLevel, person.rosh).lower()}: "
                f"the service accepts {limit} risk or below only"
            )

    if offer.required_requirement and offer.required_requirement not in person.requirement_types:
        reasons.append(
            f"The service needs a current {_label(RequirementType, offer.required_requirement).lower()} "
            "requirement, and the person has none"
        )

    if not offer.accepting_referrals:
        reasons.append("The service is not accepting referrals")
    else:
        start = today + timedelta(weeks=offer.waiting_weeks)
        if person.sentence_end is not None and start > person.sentence_end:
            reasons.append(
                f"The wait of about {_weeks(offer.waiting_weeks)} runs past the end of the sentence "
                f"on {person.sentence_end.day} {person.sentence_end:%B %Y}"
            )
        if offer.capacity and offer.places_taken >= offer.capacity:
            notes.append(f"All {offer.capacity} places are taken: the person will join the waiting list")
        if offer.waiting_weeks:
            notes.append(f"Expected wait: about {_weeks(offer.waiting_weeks)}")

    return Eligibility(reasons=tuple(reasons), notes=tuple(notes))


# ---------------------------------------------------------------------------------------------
# Rehabilitation activity requirement days


@dataclass(frozen=True)
class RarProgress:
    max_days: int | None
    days_used: int
    days_remaining: int | None
    days_over: int
    # False when more days remain than calendar days are left before the requirement ends.
    can_still_complete: bool | None


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def rar_days(
    sessions: Iterable[tuple[date, bool]],
    max_days: int | None,
    *,
    today: date | None = None,
    ends_on: date | None = None,
) -> RarProgress:
    """RAR days used and remaining. `sessions` are (date, attended) pairs; a day with at least one
    attended RAR session counts once, however many sessions it held. The maximum is the
    requirement's length in days."""
    used = len({_day(when) for when, attended in sessions if attended})
    if max_days is None:
        return RarProgress(
            max_days=None, days_used=used, days_remaining=None, days_over=0, can_still_complete=None
        )
    remaining = max(max_days - used, 0)
    over = max(used - max_days, 0)
    can_complete = None
    if today is not None and ends_on is not None:
        days_left = max((ends_on - today).days + 1, 0)  # today still counts
        can_complete = remaining <= days_left
    return RarProgress(
        max_days=max_days,
        days_used=used,
        days_remaining=remaining,
        days_over=over,
        can_still_complete=can_complete,
    )


# ---------------------------------------------------------------------------------------------
# Treatment (DRR/ATR) and programme progress


@dataclass(frozen=True)
class TreatmentProgress:
    expected: int | None
    attended: int
    attended_failed: int
    failed_to_attend: int
    acceptable_absences: int
    tests_taken: int
    tests_negative: int
    tests_positive: int
    tests_refused: int

    @property
    def recorded(self) -> int:
        return self.attended + self.attended_failed + self.failed_to_attend + self.acceptable_absences

    @property
    def percent_complete(self) -> int | None:
        """Sessions attended as a whole percentage of those expected, capped at 100."""
        if not self.expected:
            return None
        return min(100, (100 * self.attended) // self.expected)

    @property
    def sessions_remaining(self) -> int | None:
        return None if not self.expected else max(self.expected - self.attended, 0)

    @property
    def attendance_rate(self) -> int | None:
        """Attended as a whole percentage of the sessions the person was expected at (acceptable
        absences excused)."""
        due = self.recorded - self.acceptable_absences
        return None if due == 0 else (100 * self.attended) // due


def treatment_progress(sessions: Iterable[tuple[str, str]], expected: int | None) -> TreatmentProgress:
    """Progress through a treatment or programme. `sessions` are (attendance, test result) pairs."""
    counts = {a.value: 0 for a in Attendance}
    tests = {t.value: 0 for t in TestResult}
    for attendance, test in sessions:
        counts[attendance] += 1
        tests[test or ""] += 1
    return TreatmentProgress(
        expected=expected,
        attended=counts[Attendance.ATTENDED],
        attended_failed=counts[Attendance.ATTENDED_FAILED],
        failed_to_attend=counts[Attendance.FAILED_TO_ATTEND],
        acceptable_absences=counts[Attendance.ACCEPTABLE_ABSENCE],
        tests_taken=tests[TestResult.NEGATIVE] + tests[TestResult.POSITIVE],
        tests_negative=tests[TestResult.NEGATIVE],
        tests_positive=tests[TestResult.POSITIVE],
        tests_refused=tests[TestResult.REFUSED],
    )


# ---------------------------------------------------------------------------------------------
# The referral's life


class TransitionRefused(ValueError):
    """The referral is not in a state where this step can happen."""


S = ReferralStatus
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    # action: (statuses it may start from, status it leads to; None keeps the status)
    "accept": (frozenset({S.REFERRED}), S.ACCEPTED),
    "decline": (frozenset({S.REFERRED}), S.DECLINED),
    "submit_action_plan": (
        frozenset({S.ACCEPTED, S.ACTION_PLAN_SUBMITTED, S.IN_PROGRESS}),
        S.ACTION_PLAN_SUBMITTED,
    ),
    "approve_action_plan": (frozenset({S.ACTION_PLAN_SUBMITTED}), S.IN_PROGRESS),
    "record_session": (frozenset({S.ACCEPTED, S.ACTION_PLAN_SUBMITTED, S.IN_PROGRESS}), None),
    "complete": (frozenset({S.IN_PROGRESS}), S.COMPLETED),
    "end_early": (frozenset(S.open()), S.ENDED_EARLY),
    "submit_report": (frozenset({S.COMPLETED, S.ENDED_EARLY}), None),
}

ACTION_LABELS = {
    "accept": "accept",
    "decline": "decline",
    "submit_action_plan": "submit an action plan for",
    "approve_action_plan": "approve the action plan of",
    "record_session": "record a session for",
    "complete": "complete",
    "end_early": "end",
    "submit_report": "submit the end-of-service report for",
}


def next_status(status: str, action: str, *, report_submitted: bool = False) -> str:
    """The status after `action`, or TransitionRefused with a sentence saying why not."""
    starts, leads_to = TRANSITIONS[action]
    if status not in starts or (action == "submit_report" and report_submitted):
        what = (
            "already has its end-of-service report" if report_submitted else f"is {_label(S, status).lower()}"
        )
        raise TransitionRefused(f"You cannot {ACTION_LABELS[action]} this referral: it {what}")
    return leads_to or status


def allowed_actions(status: str, *, report_submitted: bool = False) -> frozenset[str]:
    allowed = set()
    for action in TRANSITIONS:
        try:
            next_status(status, action, report_submitted=report_submitted)
        except TransitionRefused:
            continue
        allowed.add(action)
    return frozenset(allowed)


def is_stalled(
    status: str, last_progress_on: date, *, report_submitted: bool, today: date, stalled_days: int
) -> bool:
    """A referral has stalled when nothing has moved it on for `stalled_days`: an open referral
    with no decision, plan, approval or session, or an ended one still without its end-of-service
    report. Declined referrals and those with their report are finished."""
    if status in S.open() or (status in S.ended() and not report_submitted):
        return (today - last_progress_on).days >= stalled_days
    return False


def stalled_since(today: date, stalled_days: int) -> date:
    """The latest last-progress date that counts as stalled on `today` (for a database filter)."""
    return today - timedelta(days=stalled_days)


# ---------------------------------------------------------------------------------------------
# Attendance on the case record


def contact_outcome(attendance: str) -> str:
    """The contact outcome that carries a session's attendance for compliance. A failure to attend
    awaits the person's evidence before it is judged acceptable or not (DOMAIN §7)."""
    return {
        Attendance.ATTENDED: "attended_complied",
        Attendance.ATTENDED_FAILED: "attended_failed",
        Attendance.FAILED_TO_ATTEND: "awaiting_evidence",
        Attendance.ACCEPTABLE_ABSENCE: "acceptable_absence",
    }[attendance]
