"""Reads of the risk record. Case-level reads take a person the caller has already been allowed to
open (`_open_case`); the caseload list starts from `visible_cases`. Each read is a fixed number of
queries however many assessments, registrations or calculations a case has."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from probation.people.access import visible_cases
from probation.people.models import Person
from probation.people.selectors import managed_teams
from probation.risk.constants import ActionStatus, AssessmentStatus, Need, NeedSeverity, RiskGroup, RoshLevel
from probation.risk.models import (
    IdentifiedRisk,
    MappaRegistration,
    PartnerCheck,
    Registration,
    RiskAction,
    RiskAssessment,
    RiskManagementPlan,
    SignificantEvent,
    TierCalculation,
)
from probation.risk.rules import calculate_tier, tier_inputs_from_mapping

from .services.tiering import tier_config

TIER_HISTORY_ON_TAB = 10
OPEN_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.AWAITING_COUNTERSIGNATURE)
ROSH_LABELS = dict(RoshLevel.choices)
SEVERITY_LABELS = dict(NeedSeverity.choices)


# ---------------------------------------------------------------------------------------------------
# One assessment
# ---------------------------------------------------------------------------------------------------


def rosh_rows(assessment: RiskAssessment) -> list[dict]:
    """Risk of serious harm per group, in the community and in custody, for a table."""
    by_group = assessment.rosh_by_group or {}
    return [
        {
            "group": label,
            "community": by_group.get("community", {}).get(group, ""),
            "custody": by_group.get("custody", {}).get(group, ""),
        }
        for group, label in RiskGroup.choices
    ]


def need_rows(ratings: dict[str, str]) -> list[dict]:
    """The ten criminogenic needs in OASys order, each with its severity ("" when not rated)."""
    return [{"need": need, "label": label, "severity": ratings.get(need, "")} for need, label in Need.choices]


def assessment_detail(person: Person, sequence: int) -> RiskAssessment | None:
    """One version of a person's assessment with its needs and identified risks, or None."""
    assessment = (
        RiskAssessment.objects.filter(person=person, sequence=sequence)
        .select_related("assessed_by", "countersigned_by")
        .first()
    )
    if assessment is None:
        return None
    assessment.need_rows = need_rows(dict(assessment.needs.values_list("need", "severity")))
    assessment.risk_list = list(assessment.identified_risks.all())
    assessment.rosh_table = rosh_rows(assessment)
    return assessment


# ---------------------------------------------------------------------------------------------------
# Follow-through: identified risks → plan actions → evidence
# ---------------------------------------------------------------------------------------------------


@dataclass
class RiskFollowThrough:
    risk: IdentifiedRisk
    actions: list[RiskAction] = field(default_factory=list)
    overdue: list[RiskAction] = field(default_factory=list)

    @property
    def followed_through(self) -> bool:
        return any(action.status != ActionStatus.CANCELLED for action in self.actions)


def follow_through(person: Person, risks: list[IdentifiedRisk], today: date) -> list[RiskFollowThrough]:
    """Each risk with the plan actions made for it — including those made for the same risk in an
    earlier version of the assessment — in two queries."""
    carried = dict(IdentifiedRisk.objects.filter(person=person).values_list("id", "carried_from_id"))
    actions_by_risk = defaultdict(list)
    for action in RiskAction.objects.filter(person=person).order_by("due_on", "id"):
        actions_by_risk[action.risk_id].append(action)
    result = []
    for risk in risks:
        actions, seen, cursor = [], set(), risk.pk
        while cursor is not None and cursor not in seen:
            seen.add(cursor)
            actions.extend(actions_by_risk.get(cursor, ()))
            cursor = carried.get(cursor)
        actions.sort(key=lambda a: (a.due_on, a.pk))
        for action in actions:
            action.is_overdue = action.status == ActionStatus.OPEN and action.due_on < today
        result.append(RiskFollowThrough(risk, actions, [a for a in actions if a.is_overdue]))
    return result


# ---------------------------------------------------------------------------------------------------
# The case's Risk tab
# ---------------------------------------------------------------------------------------------------


def _explain(calculation: TierCalculation, config) -> str:
    """Why the change level is what it is, replayed from the stored inputs."""
    try:
        basis = calculate_tier(tier_inputs_from_mapping(calculation.inputs, config), config).change_basis
    except ValueError:
        return ""
    return {
        "no_mandate": "no mandate for change (no custody, only unpaid work or restrictive requirements)",
        "no_recent_needs_assessment": "no needs assessment completed in the last 55 weeks",
        "points": "needs, OGRS and IOM points",
    }.get(basis, "")


def tier_history(person: Person, limit: int | None = None) -> list[TierCalculation]:
    qs = TierCalculation.objects.filter(person=person).order_by("-calculated_at", "-id")
    calculations = list(qs[:limit] if limit else qs)
    config = tier_config() if calculations else None
    for calculation in calculations:
        calculation.change_explained = _explain(calculation, config)
    return calculations


def _event_status(event: SignificantEvent, latest_completion: date | None, today: date) -> str:
    if latest_completion is not None and latest_completion >= event.occurred_on:
        return "reviewed"
    return "overdue" if event.review_due < today else "due"


def risk_overview(person: Person, *, today: date) -> dict:
    """Everything the Risk tab shows, in a fixed number of queries."""
    assessments = list(
        RiskAssessment.objects.filter(person=person)
        .select_related("assessed_by", "countersigned_by")
        .order_by("-sequence")
    )
    current = next((a for a in assessments if a.status == AssessmentStatus.COMPLETE), None)
    in_progress = next((a for a in assessments if a.status in OPEN_STATUSES), None)
    latest_completion = max((a.completed_on for a in assessments if a.completed_on), default=None)
    risks: list[IdentifiedRisk] = []
    if current is not None:
        current.need_rows = need_rows(dict(current.needs.values_list("need", "severity")))
        current.rosh_table = rosh_rows(current)
        risks = list(current.identified_risks.all())
    followed = follow_through(person, risks, today) if risks else []

    registrations = list(
        Registration.objects.filter(person=person)
        .select_related("flag", "registered_by")
        .order_by(F("deregistered_on").asc(nulls_first=True), "review_due", "-registered_on")
    )
    for registration in registrations:
        registration.review_overdue = registration.is_active and registration.review_due < today
    mappa = list(MappaRegistration.objects.filter(person=person).order_by("-start_date", "-id"))
    for record in mappa:
        record.review_overdue = (
            record.end_date is None and record.review_due is not None and record.review_due < today
        )
    events = list(SignificantEvent.objects.filter(person=person).order_by("-occurred_on", "-id"))
    for event in events:
        event.review_status = _event_status(event, latest_completion, today)
    calculations = tier_history(person, TIER_HISTORY_ON_TAB + 1)

    active_registrations = [r for r in registrations if r.is_active]
    return {
        "assessments": assessments,
        "current": current,
        "in_progress": in_progress,
        "risks": followed,
        "not_followed_through": sum(1 for item in followed if not item.followed_through),
        "overdue_actions": sum(len(item.overdue) for item in followed),
        "active_registrations": active_registrations,
        "ended_registrations": [r for r in registrations if not r.is_active],
        "current_mappa": next((m for m in mappa if m.end_date is None), None),
        "mappa": mappa,
        "events": events,
        "tier_calculations": calculations[:TIER_HISTORY_ON_TAB],
        "more_tier_calculations": len(calculations) > TIER_HISTORY_ON_TAB,
        "overdue_count": (
            sum(1 for r in active_registrations if r.review_overdue)
            + sum(1 for m in mappa if m.review_overdue)
            + sum(1 for e in events if e.review_status == "overdue")
        ),
    }


# ---------------------------------------------------------------------------------------------------
# The risk management plan
# ---------------------------------------------------------------------------------------------------


def plan_detail(person: Person, *, today: date) -> dict:
    plan = RiskManagementPlan.objects.filter(person=person).first()
    current = (
        RiskAssessment.objects.filter(person=person, status=AssessmentStatus.COMPLETE)
        .order_by("-sequence")
        .first()
    )
    risks = list(current.identified_risks.all()) if current else []
    followed = follow_through(person, risks, today) if risks else []
    checks = list(
        PartnerCheck.objects.filter(person=person).select_related("requested_by").order_by("-requested_on")
    )
    return {
        "plan": plan,
        "current": current,
        "risks": followed,
        "not_followed_through": sum(1 for item in followed if not item.followed_through),
        "overdue_actions": sum(len(item.overdue) for item in followed),
        "checks": checks,
        "outstanding_checks": [check for check in checks if check.answered_on is None],
    }


def current_risks(person: Person) -> QuerySet[IdentifiedRisk]:
    """The identified risks plan actions may be added to: those of the current complete assessment."""
    return IdentifiedRisk.objects.filter(
        person=person, assessment__status=AssessmentStatus.COMPLETE
    ).order_by("id")


# ---------------------------------------------------------------------------------------------------
# Overdue reviews across a caseload
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueReview:
    person: Person
    what: str
    detail: str
    due: date
    days_overdue: int


def review_scope(user) -> tuple[QuerySet[Person], str]:
    """The cases whose overdue reviews the user should see, and what to call them: a manager's
    teams, an officer's own caseload, or (for someone outside a provider) the cases granted to them."""
    visible = visible_cases(user).filter(access_blocked=False)
    if not user.provider_id or user.is_inspector:
        return visible, "Cases assigned to you"
    teams = managed_teams(user)
    if teams.exists():
        return visible.filter(Q(team__in=teams) | Q(officer=user)), "Your teams' cases"
    return visible.filter(officer=user), "Your cases"


def overdue_reviews(user, *, today: date) -> tuple[list[OverdueReview], str]:
    """Registration, MAPPA and significant-event reviews past due, oldest first: three queries."""
    people, scope_label = review_scope(user)
    items = []
    registrations = Registration.objects.filter(
        person__in=people, deregistered_on__isnull=True, review_due__lt=today
    ).select_related("flag", "person", "person__officer")
    for r in registrations:
        items.append(
            OverdueReview(
                r.person, "Registration review", r.flag.name, r.review_due, (today - r.review_due).days
            )
        )
    mappa = MappaRegistration.objects.filter(
        person__in=people, end_date__isnull=True, review_due__lt=today
    ).select_related("person", "person__officer")
    for m in mappa:
        items.append(
            OverdueReview(
                m.person,
                "MAPPA review",
                f"Category {m.category}, level {m.level}",
                m.review_due,
                (today - m.review_due).days,
            )
        )
    reviewed = RiskAssessment.objects.filter(
        person=OuterRef("person"), completed_on__gte=OuterRef("occurred_on")
    )
    events = (
        SignificantEvent.objects.filter(person__in=people, review_due__lt=today)
        .exclude(Exists(reviewed))
        .select_related("person", "person__officer")
    )
    for e in events:
        items.append(
            OverdueReview(
                e.person,
                "Risk review after a significant event",
                f"{e.get_type_display()} on {e.occurred_on:%d %b %Y}",
                e.review_due,
                (today - e.review_due).days,
            )
        )
    items.sort(key=lambda item: (item.due, item.person.crn))
    return items, scope_label
