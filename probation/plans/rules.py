"""Sentence planning rules: when a plan is due, when it needs reviewing, who may countersign it and
what it leaves unaddressed. Pure functions of plain values.

A plan is due within 15 working days of sentence (community and suspended sentence orders) or of
release (licence, post-sentence supervision), or 5 for the highest tier (protect level A)
[practice: National Standards 2007]. It is reviewed at a set interval [recalled: 16 weeks] and after
every significant event, by the review date the event set. A plan for a person whose RoSH is high or
very high is countersigned by an SPO who is not its author [code].
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from probation.lib.workingdays import add_working_days

Problems = list[tuple[str, str]]

CUSTODIAL_TYPES = {"licence", "pss"}
COUNTERSIGN_ROSH = {"high", "very_high"}
NEED_SEVERITIES_TO_ADDRESS = {"standard", "severe"}


@dataclass(frozen=True)
class PlanPolicy:
    days: int = 15
    days_highest_tier: int = 5
    review_weeks: int = 16
    region: str = "ENG"


DEFAULT_POLICY = PlanPolicy()


def is_highest_tier(tier: str | None) -> bool:
    """Protect level A: the first letter of the tier (A3, A0 …)."""
    return bool(tier) and tier[0].upper() == "A"


def plan_starts_from(disposal_type: str, sentence_date: date, release_date: date | None) -> date | None:
    """The event the deadline counts from: release for custodial sentences (None until released),
    sentence for orders."""
    if disposal_type in CUSTODIAL_TYPES:
        return release_date
    return sentence_date


def plan_due_by(starts_from: date, *, tier: str | None, policy: PlanPolicy = DEFAULT_POLICY) -> date:
    days = policy.days_highest_tier if is_highest_tier(tier) else policy.days
    return add_working_days(starts_from, days, policy.region)


def needs_countersignature(rosh: str | None) -> bool:
    return rosh in COUNTERSIGN_ROSH


def countersign_problems(*, signer_id: int, author_id: int, is_spo: bool, status: str) -> Problems:
    problems: Problems = []
    if status != "awaiting_countersignature":
        problems.append(("decision", "This plan is not waiting for a countersignature"))
    if signer_id == author_id:
        problems.append(("decision", "You cannot countersign a plan you wrote"))
    if not is_spo:
        problems.append(("decision", "Only a senior probation officer can countersign a plan"))
    return problems


def submit_problems(*, objective_count: int, involvement: str, involvement_notes: str) -> Problems:
    """What a plan must have before it is submitted."""
    problems: Problems = []
    if objective_count == 0:
        problems.append(("objectives", "Add at least one objective before submitting the plan"))
    if not involvement:
        problems.append(("involvement", "Record how the person was involved in the plan"))
    elif involvement != "full" and not involvement_notes.strip():
        problems.append(("involvement_notes", "Explain why the person was not fully involved"))
    return problems


@dataclass(frozen=True)
class ReviewDue:
    due_on: date
    reason: str  # "scheduled" or "significant_event"
    event_id: int | None = None


def scheduled_review_due(last_on: date, policy: PlanPolicy = DEFAULT_POLICY) -> date:
    return last_on + timedelta(weeks=policy.review_weeks)


def review_due(
    *,
    since: date,
    next_review_due: date | None,
    events: Iterable[tuple[int, date, date]],
    reviewed_event_ids: Iterable[int] = (),
    policy: PlanPolicy = DEFAULT_POLICY,
) -> ReviewDue:
    """The earliest review owed: the scheduled one, or one for a significant event recorded on or
    after `since` (the plan's completion or last review) that no review has dealt with yet.
    `events` are (id, recorded_on, review_due)."""
    scheduled = next_review_due or scheduled_review_due(since, policy)
    due = ReviewDue(scheduled, "scheduled")
    done = set(reviewed_event_ids)
    for event_id, recorded_on, event_review_due in events:
        if event_id in done or recorded_on < since:
            continue
        if event_review_due < due.due_on or (event_review_due == due.due_on and due.event_id is None):
            due = ReviewDue(event_review_due, "significant_event", event_id)
    return due


def unaddressed_needs(ratings: Mapping[str, str], addressed: Iterable[Iterable[str]]) -> list[str]:
    """Needs rated standard or severe that no objective addresses, severe first, in rating order."""
    covered = {need for needs in addressed for need in needs}
    open_needs = [n for n, s in ratings.items() if s in NEED_SEVERITIES_TO_ADDRESS and n not in covered]
    return sorted(open_needs, key=lambda n: ratings[n] != "severe")


def unaddressed_ids(current: Iterable[int], addressed: Iterable[Iterable[int]]) -> list[int]:
    covered = {i for ids in addressed for i in ids}
    return [i for i in current if i not in covered]


def objective_problems(
    *, target_date: date | None, started_on: date, owner: str, owner_name: str, linked_count: int
) -> Problems:
    problems: Problems = []
    if target_date and target_date < started_on:
        problems.append(("target_date", "The target date must be on or after the day the plan began"))
    if owner == "partner" and not owner_name.strip():
        problems.append(("owner_name", "Enter the partner agency that owns this objective"))
    if linked_count == 0:
        problems.append(("needs", "Link the objective to at least one need, requirement or risk action"))
    return problems


def diversity_summary(
    *,
    disability: str = "",
    disability_adjustments: str = "",
    first_language: str = "English",
    interpreter_required: bool = False,
    literacy_need: bool = False,
    caring_responsibilities: str = "",
    pregnancy_maternity: bool = False,
    gender_identity: str = "",
) -> tuple[str, str]:
    """The person's diversity needs and the adjustments they call for, as two pieces of text for the
    plan, from the person's record."""
    needs: list[str] = []
    adjustments: list[str] = []
    if disability.strip():
        needs.append(f"Disability: {disability.strip()}")
    if disability_adjustments.strip():
        adjustments.append(disability_adjustments.strip())
    if first_language and first_language.strip().lower() != "english":
        needs.append(f"First language: {first_language.strip()}")
    if interpreter_required:
        needs.append("Needs an interpreter")
        adjustments.append("Book an interpreter for appointments")
    if literacy_need:
        needs.append("Has a literacy need")
        adjustments.append("Explain written material; use easy-read letters")
    if caring_responsibilities.strip():
        needs.append(f"Caring responsibilities: {caring_responsibilities.strip()}")
        adjustments.append("Arrange appointments around caring responsibilities")
    if pregnancy_maternity:
        needs.append("Pregnant or on maternity")
    if gender_identity.strip():
        needs.append(f"Gender identity: {gender_identity.strip()}")
    return "\n".join(needs), "\n".join(adjustments)
