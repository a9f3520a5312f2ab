"""Enforcement rules: what a failure to comply calls for, by when, and how long a fixed-term recall lasts.

Pure functions of plain values; the services read the policy from reference data and pass it in.

Community and suspended sentence orders [law: Criminal Justice Act 2003 Sch 8 para 5 (community
orders) and Sch 12 para 4 (suspended sentence orders); Sentencing Act 2020 Sch 10 para 5 is the same
rule]: after a failure without reasonable excuse the responsible officer gives a warning, unless a
warning was already given under the same order within the twelve months *beginning with* the date
it was given and the failure happened since that date, in which case the case goes back to court
(breach). The officer may breach on a first failure with a recorded rationale.

The twelve months "beginning with" a date include that date, so they end the day before the same
calendar date a year later: a warning given on 10 March 2026 covers failures up to and including
9 March 2027, and a failure on 10 March 2027 is outside. A warning given on 29 February has no
same date in the next year; the period ends on 28 February (the day before 1 March), the reading
English law gives to a period of months beginning on a day the later month lacks.

Licences [practice]: first, second and final warnings, then recall; the officer may go straight to
a later step, or to recall, with a rationale. Fixed-term recall lasts 14 days when the sentence was
under 12 months and 28 days otherwise [law: CJA 2003 s255B as amended].
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from probation.lib.dates import add_months
from probation.lib.workingdays import add_working_days

from .constants import EnforcementKind, EnforcementRoute

Problems = list[tuple[str, str]]

ORDER_TYPES = {"community_order", "suspended_sentence"}


@dataclass(frozen=True)
class EnforcementPolicy:
    """The configurable numbers. Defaults, with how sure each is, are in `probation.enforcement.policy`."""

    warning_letter_days: int = 2
    breach_days: int = 10
    recall_days: int = 1
    warning_window_months: int = 12
    fixed_term_short_days: int = 14
    fixed_term_long_days: int = 28
    fixed_term_threshold_months: int = 12
    region: str = "ENG"


DEFAULT_POLICY = EnforcementPolicy()


# ---------------------------------------------------------------------------------------------------
# The warning window


def first_day_after_period(start: date, months: int) -> date:
    """The first day outside the period of `months` months beginning with `start`: the same day of
    the month `months` later, or the 1st of the next month when that month is too short (so the
    period beginning 29 February 2024 ends on 28 February 2025)."""
    if months < 1:
        raise ValueError("A period must be at least one month long")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    return date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=1)


def warning_window_last_day(warning_on: date, months: int = 12) -> date:
    """The last day of the months beginning with the day the warning was given."""
    return first_day_after_period(warning_on, months) - timedelta(days=1)


def warning_covers(warning_on: date, failure_on: date, months: int = 12) -> bool:
    """True when a failure on `failure_on` happened since the warning and within the months
    beginning with the day it was given (a failure on the day of the warning counts)."""
    return warning_on <= failure_on <= warning_window_last_day(warning_on, months)


# ---------------------------------------------------------------------------------------------------
# What the failure calls for


@dataclass(frozen=True)
class Recommendation:
    route: str
    kind: str
    reason: str
    # The warning that makes breach due, when it is.
    prior_warning_on: date | None = None


def route_for(disposal_type: str, failure_on: date, licence_end_date: date | None = None) -> str:
    """Orders are enforced through the court; licences through warnings and recall. Post-sentence
    supervision is a licence until the licence ends, and then a court matter like an order."""
    if disposal_type in ORDER_TYPES:
        return EnforcementRoute.ORDER
    if disposal_type == "licence":
        return EnforcementRoute.LICENCE
    if disposal_type == "pss":
        if licence_end_date is None or failure_on <= licence_end_date:
            return EnforcementRoute.LICENCE
        return EnforcementRoute.ORDER
    raise ValueError(f"Unknown sentence type {disposal_type!r}")


def recommend_for_order(
    *, failure_on: date, warnings_given_on: Iterable[date], policy: EnforcementPolicy = DEFAULT_POLICY
) -> Recommendation:
    """Warning, unless a warning under the same order covers the failure (see the module note)."""
    months = policy.warning_window_months
    covering = sorted(w for w in warnings_given_on if warning_covers(w, failure_on, months))
    if covering:
        latest = covering[-1]
        last = warning_window_last_day(latest, months)
        return Recommendation(
            route=EnforcementRoute.ORDER,
            kind=EnforcementKind.BREACH,
            reason=(
                f"A warning was given under this order on {latest:%-d %B %Y}; this failure is within "
                f"the {months} months beginning with that date (to {last:%-d %B %Y}), so the case must "
                "go back to court."
            ),
            prior_warning_on=latest,
        )
    return Recommendation(
        route=EnforcementRoute.ORDER,
        kind=EnforcementKind.WARNING,
        reason=(
            "No warning under this order covers this failure: a warning is due. "
            "Breach on a first failure needs a rationale."
        ),
    )


def recommend_for_licence(*, steps_taken: Iterable[str]) -> Recommendation:
    """The next step after the most severe one already taken under the same licence."""
    ladder = EnforcementKind.licence_ladder()
    taken = [ladder.index(k) for k in steps_taken if k in ladder]
    next_index = min(max(taken, default=-1) + 1, len(ladder) - 1)
    kind = ladder[next_index]
    if not taken:
        reason = "No licence warning has been given: a first warning is due. Recall now needs a rationale."
    elif kind == EnforcementKind.RECALL:
        reason = "A final warning has been given under this licence: recall is due."
    else:
        last_step = EnforcementKind(ladder[max(taken)]).label.lower()
        reason = f"The last step under this licence was a {last_step}."
    return Recommendation(route=EnforcementRoute.LICENCE, kind=kind, reason=reason)


def permitted_kinds(route: str, recommended: str) -> list[str]:
    """The recommended step and any more severe one; never a lesser one (the statute says "must")."""
    if route == EnforcementRoute.ORDER:
        ladder = [EnforcementKind.WARNING, EnforcementKind.BREACH]
    else:
        ladder = EnforcementKind.licence_ladder()
    return [str(k) for k in ladder[ladder.index(recommended) :]]


def kind_name(kind: str) -> str:
    """The step as it reads in a sentence: "a breach", "a first licence warning"."""
    return {EnforcementKind.BREACH: "breach", EnforcementKind.RECALL: "recall"}.get(
        kind, EnforcementKind(kind).label.lower()
    )


def decision_problems(*, route: str, recommended: str, chosen: str, rationale: str) -> Problems:
    problems: Problems = []
    allowed = permitted_kinds(route, recommended)
    licence_steps = set(EnforcementKind.licence_ladder())
    if chosen not in set(EnforcementKind.values):
        problems.append(("kind", "Select what you have decided"))
    elif chosen not in allowed:
        if route == EnforcementRoute.ORDER and chosen in licence_steps:
            problems.append(
                ("kind", "Licence warnings and recall are for licences; this failure is under an order")
            )
        elif route == EnforcementRoute.LICENCE and chosen not in licence_steps:
            problems.append(("kind", "This failure is under a licence: choose a licence warning or recall"))
        else:
            problems.append(
                (
                    "kind",
                    f"You cannot choose {kind_name(chosen)}: {kind_name(recommended)} is the least "
                    "this failure calls for",
                )
            )
    if problems:
        return problems
    if chosen != recommended and not rationale.strip():
        problems.append(
            ("rationale", f"Explain why you chose {kind_name(chosen)} rather than {kind_name(recommended)}")
        )
    return problems


# ---------------------------------------------------------------------------------------------------
# Deadlines


def action_due_by(kind: str, judged_on: date, policy: EnforcementPolicy = DEFAULT_POLICY) -> date:
    """When the letter must be issued, breach action initiated or recall recommended, counted in
    working days from the day the failure was judged (the outcome recorded)."""
    if kind in EnforcementKind.warnings():
        days = policy.warning_letter_days
    elif kind == EnforcementKind.BREACH:
        days = policy.breach_days
    elif kind == EnforcementKind.RECALL:
        days = policy.recall_days
    else:
        raise ValueError(f"Unknown enforcement step {kind!r}")
    return add_working_days(judged_on, days, policy.region)


# ---------------------------------------------------------------------------------------------------
# Recall


def licence_in_force(
    *,
    disposal_type: str,
    terminated_on: date | None,
    release_date: date | None,
    licence_end_date: date | None,
    day: date,
) -> bool:
    """A licence (or the licence part of post-sentence supervision) from release to its end."""
    if disposal_type not in {"licence", "pss"} or terminated_on is not None:
        return False
    if release_date is None or day < release_date:
        return False
    return licence_end_date is None or day <= licence_end_date


def sentence_under_threshold(
    *,
    length_months: int | None,
    custodial_days: int | None,
    sentence_date: date | None,
    threshold_months: int = 12,
) -> bool | None:
    """Whether the sentence was shorter than the threshold; None when its length is not recorded."""
    if length_months is not None:
        return length_months < threshold_months
    if custodial_days is not None and sentence_date is not None:
        return sentence_date + timedelta(days=custodial_days) < add_months(sentence_date, threshold_months)
    if custodial_days is not None:
        return custodial_days < 365
    return None


def fixed_term_recall_days(
    *,
    length_months: int | None,
    custodial_days: int | None,
    sentence_date: date | None,
    policy: EnforcementPolicy = DEFAULT_POLICY,
) -> int | None:
    """14 days for a sentence under 12 months, 28 otherwise; None when the length is unknown."""
    short = sentence_under_threshold(
        length_months=length_months,
        custodial_days=custodial_days,
        sentence_date=sentence_date,
        threshold_months=policy.fixed_term_threshold_months,
    )
    if short is None:
        return None
    return policy.fixed_term_short_days if short else policy.fixed_term_long_days


def countersign_problems(
    *, stage: str, signer_id: int, recommended_by_id: int, spo_id: int | None, is_spo: bool, is_head: bool
) -> Problems:
    """Who may countersign a recall at each stage: an SPO first, then a head of service; never the
    officer who recommended it, and never the same person twice."""
    problems: Problems = []
    if signer_id == recommended_by_id:
        problems.append(("decision", "You cannot countersign a recall you recommended"))
    if stage == "spo" and not is_spo:
        problems.append(("decision", "Only a senior probation officer can give the first countersignature"))
    if stage == "head":
        if not is_head:
            problems.append(("decision", "Only a head of service can give the second countersignature"))
        if spo_id is None:
            problems.append(("decision", "A senior probation officer must countersign first"))
        elif signer_id == spo_id:
            problems.append(("decision", "The second countersignature must be by someone other than the SPO"))
    return problems
