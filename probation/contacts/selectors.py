"""Reads of contacts and contact levels, always within what the user may see. Each function issues a
fixed number of queries whatever the caseload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from probation.core import reference
from probation.people.access import visible_cases
from probation.people.models import Person
from probation.people.selectors import managed_teams
from probation.risk.models import MappaRegistration, RiskAssessment
from probation.sentences.models import Requirement
from probation.workforce.constants import AssignmentReason
from probation.workforce.models import ResponsibleOfficerAssignment, Staff

from . import rules
from .constants import ContactType, Outcome, StepDownStatus
from .models import Contact, ContactLevel

NOT_RECORDED = "none"  # the filter value for "outcome not recorded" ("" means every outcome)


# --- Who may do what ---------------------------------------------------------------------------------


def can_write(user, person: Person) -> bool:
    """Staff of the provider managing the case may book and record; inspectors and staff of a provider
    with another role on the case may only read."""
    return not user.is_inspector and user.provider_id is not None and user.provider_id == person.provider_id


def in_case_team(user, person: Person) -> bool:
    """Sensitive notes are open to the case's team; everyone else must ask to see each one."""
    return user.team_id is not None and user.team_id == person.team_id


def can_decide_step_down(user, level: ContactLevel) -> bool:
    """The SPO managing the case's team (or the head of service for the area), never the requester."""
    if level.requested_by_id == user.pk or user.is_inspector:
        return False
    return managed_teams(user).filter(pk=level.person.team_id).exists()


def open_to(user, person_ref: str = "person_id"):
    """An expression true for rows whose case the user may open (visible and not limited-access)."""
    return Exists(visible_cases(user).filter(pk=OuterRef(person_ref), access_blocked=False))


def openable_people(user, person_ids) -> dict[int, Person]:
    """Of these people, those whose case the user may open, by primary key: one query, cheap to build.
    Lists that start from the user's own diary or caseload fetch their rows first (without joining
    people) and then keep, and attach, the people from here; so the access rules (`visible_cases`)
    are applied once per list rather than built into each query."""
    ids = set(person_ids)
    if not ids:
        return {}
    return {p.pk: p for p in visible_cases(user).filter(pk__in=ids, access_blocked=False)}


def keep_openable(rows: list, people: dict[int, Person], attr: str = "person") -> list:
    """The rows whose person is in `people`, each given its person object (no further query)."""
    kept = []
    for row in rows:
        person = people.get(getattr(row, f"{attr}_id"))
        if person is not None:
            setattr(row, attr, person)
            kept.append(row)
    return kept


def only_openable(user, rows: list, attr: str = "person") -> list:
    return keep_openable(rows, openable_people(user, {getattr(r, f"{attr}_id") for r in rows}), attr)


# --- Configuration from reference data ---------------------------------------------------------------


def levels_config() -> dict:
    return reference.value("contacts.levels")


def step_down_config() -> dict:
    return reference.value("contacts.step_down")


def evidence_working_days() -> int:
    return int(reference.value("contacts.evidence_working_days"))


def region() -> str:
    return settings.WORKING_DAYS_REGION


# --- Contacts ---------------------------------------------------------------------------------------


def case_contacts(person: Person, *, type: str = "", outcome: str = "") -> QuerySet[Contact]:
    qs = Contact.objects.filter(person=person).select_related("officer", "requirement")
    if type:
        qs = qs.filter(type=type)
    if outcome == NOT_RECORDED:
        qs = qs.filter(outcome="", type__in=ContactType.appointments())
    elif outcome:
        qs = qs.filter(outcome=outcome)
    return qs.order_by("-starts_at", "-id")


def contact_for_case(person: Person, pk: int) -> Contact | None:
    qs = Contact.objects.filter(person=person, pk=pk)
    return qs.select_related("officer", "requirement", "person").first()


def current_requirements(person: Person) -> list[Requirement]:
    return list(
        Requirement.objects.filter(
            disposal__event__person=person, terminated_on__isnull=True, disposal__terminated_on__isnull=True
        ).order_by("start_date", "id")
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start, end


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def officer_contacts(officer: Staff, start: date, days: int) -> list[Contact]:
    """The officer's contacts from `start` for `days` days, before any access check: the caller keeps
    those on cases the viewing user may open."""
    begin, _ = day_bounds(start)
    end, _ = day_bounds(start + timedelta(days=days))
    return list(
        Contact.objects.filter(officer=officer, starts_at__gte=begin, starts_at__lt=end).order_by(
            "starts_at", "id"
        )
    )


def officer_appointments(user, officer: Staff, start: date, days: int) -> list[Contact]:
    """The officer's contacts from `start` for `days` days, on cases the viewing user may open."""
    return only_openable(user, officer_contacts(officer, start, days))


def diary_officers(user) -> list[Staff]:
    """Whose diary the user may open: their own, and the officers in the teams they manage."""
    teams = managed_teams(user)
    return list(
        Staff.objects.filter(Q(pk=user.pk) | Q(team__in=teams, is_active=True)).order_by(
            "last_name", "first_name"
        )
    )


# --- Contact levels ---------------------------------------------------------------------------------


def current_level(levels: list[ContactLevel], today: date) -> ContactLevel | None:
    """The level in force: the latest approved one that has started."""
    in_force = [lv for lv in levels if lv.status == StepDownStatus.APPROVED and lv.effective_from <= today]
    return max(in_force, key=lambda lv: (lv.effective_from, lv.pk), default=None)


def case_levels(person: Person) -> list[ContactLevel]:
    return list(
        ContactLevel.objects.filter(person=person)
        .select_related("requested_by", "approved_by")
        .order_by("-effective_from", "-id")
    )


@dataclass(frozen=True)
class RiskInputs:
    rosh: str
    mappa_level: int | None
    escalated_on: date | None
    months_since_escalation: float | None

    def as_dict(self) -> dict:
        return {
            "rosh": self.rosh,
            "mappa_level": self.mappa_level,
            "escalated_on": self.escalated_on.isoformat() if self.escalated_on else None,
            "months_since_escalation": round(self.months_since_escalation, 2)
            if self.months_since_escalation is not None
            else None,
        }


def risk_inputs(person: Person, today: date) -> RiskInputs:
    """What the step-down rule needs about the case's risk, in three queries: the active MAPPA level,
    and when risk last rose (a completed assessment rating RoSH above the one before it, or a
    reallocation for risk escalation)."""
    mappa = (
        MappaRegistration.objects.filter(person=person, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .aggregate(level=Max("level"))["level"]
    )
    ratings = (
        RiskAssessment.objects.filter(person=person, completed_on__isnull=False, completed_on__lte=today)
        .exclude(rosh_overall="")
        .values_list("completed_on", "rosh_overall")
    )
    escalated = rules.last_escalation(ratings)
    reallocated = ResponsibleOfficerAssignment.objects.filter(
        person=person, reason=AssignmentReason.RISK_ESCALATION, start_date__lte=today
    ).aggregate(on=Max("start_date"))["on"]
    if reallocated and (escalated is None or reallocated > escalated):
        escalated = reallocated
    return RiskInputs(person.rosh or "", mappa, escalated, rules.months_since_escalation(today, escalated))


def ns_contacts_since(person: Person, since: date, now: datetime) -> int:
    begin, _ = day_bounds(since)
    return Contact.objects.filter(
        person=person,
        national_standard=True,
        outcome__in=Outcome.took_place(),
        starts_at__gte=begin,
        starts_at__lte=now,
    ).count()


@dataclass(frozen=True)
class LevelSummary:
    required: rules.RequiredLevel
    current: ContactLevel | None
    pending: ContactLevel | None
    history: list[ContactLevel]
    window_weeks: int
    needed: int
    contacts_in_window: int
    met: bool

    @property
    def in_force(self) -> rules.Level:
        if self.current is not None:
            return rules.Level(self.current.frequency, self.current.method)
        return self.required.level

    @property
    def below_required(self) -> bool:
        return self.current is not None and rules.below_required(self.in_force, self.required)


def level_summary(person: Person, today: date, now: datetime) -> LevelSummary:
    """The contact level in force, what the tier and RoSH require and why, and whether it is being met."""
    history = case_levels(person)
    current = current_level(history, today)
    pending = next((lv for lv in history if lv.status == StepDownStatus.AWAITING_APPROVAL), None)
    required = rules.required_contact_level(person.tier, person.rosh, levels_config())
    level = rules.Level(current.frequency, current.method) if current else required.level
    weeks = rules.compliance_window_weeks(level.per_four_weeks)
    count = ns_contacts_since(person, today - timedelta(weeks=weeks), now)
    return LevelSummary(
        required=required,
        current=current,
        pending=pending,
        history=history,
        window_weeks=weeks,
        needed=rules.contacts_needed(level.per_four_weeks),
        contacts_in_window=count,
        met=rules.contact_level_met(level.per_four_weeks, count),
    )


def pending_step_downs_for(user) -> QuerySet[ContactLevel]:
    """Step-downs awaiting a decision by this user: for cases in the teams they manage, that they may
    open, and that they did not request themselves. Oldest first."""
    if not getattr(user, "is_authenticated", False) or user.is_inspector:
        return ContactLevel.objects.none()
    return (
        ContactLevel.objects.filter(
            status=StepDownStatus.AWAITING_APPROVAL, person__team__in=managed_teams(user)
        )
        .exclude(requested_by=user)
        .filter(open_to(user))
        .select_related("person", "requested_by")
        .order_by("requested_at", "id")
    )
