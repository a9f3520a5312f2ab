"""Writes for interventions: referrals through their life, sessions, partner exchanges and the
directory's availability. Each takes the acting user, runs in one transaction, refuses a stale
version and writes the audit row."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.access import case_access
from probation.people.models import Person
from probation.workforce.models import CaseInvolvement, InvolvementRole

from . import rules, selectors
from .attendance import session_contact_create
from .constants import Attendance, Direction, ReferralStatus, TestResult
from .models import Intervention, PartnerAgency, PartnerExchange, Referral, Session, new_external_id


class NotEligible(Exception):
    """The person may not be referred to this intervention; `reasons` says why, one sentence each."""

    def __init__(self, reasons: tuple[str, ...]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class InvalidInput(ValueError):
    """A value the form should have refused: `field` names the form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------------------------------------------
# Who may write
# ---------------------------------------------------------------------------------------------------


def may_edit(user, person: Person) -> bool:
    """Staff who may open the case may record its interventions; inspectors read only."""
    return not user.is_inspector


def may_approve(user, person: Person) -> bool:
    """Approving an action plan is the responsible officer's side: staff of the managing provider."""
    return may_edit(user, person) and user.provider_id is not None and user.provider_id == person.provider_id


def _check_case(by_user, person: Person) -> None:
    found, access = case_access(by_user, person.crn)
    if found is None or not access.allowed or not may_edit(by_user, person):
        raise NotPermitted("You may not change this case")


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# ---------------------------------------------------------------------------------------------------
# Referral
# ---------------------------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    by_user,
    person: Person,
    intervention: Intervention,
    need: str,
    desired_outcomes: str,
    risk_information: str,
    further_information: str = "",
    today: date | None = None,
) -> Referral:
    """Refer the person. Refused with NotEligible (and nothing saved) when the eligibility rule finds
    reasons; the referral records the RoSH it was made at and the requirement it serves."""
    _check_case(by_user, person)
    today = _today(today)
    intervention = selectors.with_places_taken(Intervention.objects.filter(pk=intervention.pk)).get()
    if need not in {n.need for n in intervention.needs.all()}:
        raise InvalidInput("need", "Select a need this intervention addresses")
    if not desired_outcomes.strip():
        raise InvalidInput("desired_outcomes", "Enter the outcomes you want for the person")
    if not risk_information.strip():
        raise InvalidInput("risk_information", "Enter the risk information the provider needs")
    requirements = selectors.current_requirements(person, today)
    verdict = rules.eligibility(
        selectors.candidate_for(person, today, requirements), selectors.offer_for(intervention), today
    )
    reasons = verdict.reasons
    if Referral.objects.filter(
        person=person, intervention=intervention, status__in=ReferralStatus.open()
    ).exists():
        reasons = ("The person already has an open referral to this intervention", *reasons)
    if reasons:
        raise NotEligible(reasons)
    referral = Referral.objects.create(
        person=person,
        intervention=intervention,
        requirement=_requirement_served(intervention, requirements),
        need=need,
        desired_outcomes=desired_outcomes.strip(),
        risk_information=risk_information.strip(),
        rosh_at_referral=person.rosh or "",
        further_information=further_information.strip(),
        referred_on=today,
        referred_by=by_user,
        last_progress_on=today,
    )
    _open_involvement(referral, today)
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=referral,
        person=person,
        summary=f"Referred to {intervention.name}",
        detail={"need": need},
    )
    return referral


def _requirement_served(intervention: Intervention, requirements) -> Any:
    """The requirement whose delivery the referral counts towards: the one the intervention needs,
    else the RAR when the intervention counts as RAR days."""
    wanted = intervention.required_requirement or ("rar" if intervention.counts_as_rar else "")
    return next((r for r in requirements if r.type == wanted), None) if wanted else None


def _open_involvement(referral: Referral, today: date) -> None:
    """A referral to an intervention another provider delivers gives that provider's staff read
    access to the case while it is open."""
    provider_id = referral.intervention.provider_id
    if not provider_id or provider_id == referral.person.provider_id:
        return
    already = CaseInvolvement.objects.filter(
        person=referral.person, provider_id=provider_id, role=InvolvementRole.INTERVENTION
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    if not already.exists():
        CaseInvolvement.objects.create(
            external_id=f"referral-{new_external_id()}",
            person=referral.person,
            provider_id=provider_id,
            role=InvolvementRole.INTERVENTION,
            start_date=today,
        )


def _close_involvement(referral: Referral, today: date) -> None:
    """When the provider's last piece of work on the case is finished, its access ends."""
    provider_id = referral.intervention.provider_id
    if not provider_id or provider_id == referral.person.provider_id:
        return
    still_working = Referral.objects.filter(
        person=referral.person, intervention__provider_id=provider_id
    ).filter(
        Q(status__in=ReferralStatus.open())
        | Q(status__in=ReferralStatus.ended(), report_submitted_on__isnull=True)
    )
    if not still_working.exists():
        CaseInvolvement.objects.filter(
            person=referral.person,
            provider_id=provider_id,
            role=InvolvementRole.INTERVENTION,
            end_date__isnull=True,
        ).update(end_date=today)


def _move(
    *,
    by_user,
    referral: Referral,
    version: int,
    action: str,
    changes: dict,
    summary: str,
    today: date,
    detail: dict | None = None,
) -> Referral:
    """Apply one step of the referral's life: permission, allowed transition, optimistic lock,
    progress date, audit."""
    _check_case(by_user, referral.person)
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.version != version:
        raise StaleRecord()
    status = rules.next_status(
        current.status, action, report_submitted=current.report_submitted_on is not None
    )
    updated = Referral.objects.filter(pk=referral.pk, version=version).update(
        **changes, status=status, last_progress_on=today, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleRecord()
    referral.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=referral,
        person=referral.person,
        summary=f"{summary}: {referral.intervention.name}",
        detail={"action": action, "status": [current.status, status], **(detail or {})},
    )
    return referral


@transaction.atomic
def referral_accept(*, by_user, referral: Referral, version: int, today: date | None = None) -> Referral:
    today = _today(today)
    return _move(
        by_user=by_user,
        referral=referral,
        version=version,
        action="accept",
        today=today,
        changes={"decided_on": today, "decided_by": by_user},
        summary="Referral accepted",
    )


@transaction.atomic
def referral_decline(
    *, by_user, referral: Referral, version: int, reason: str, detail: str = "", today: date | None = None
) -> Referral:
    today = _today(today)
    if not reason:
        raise InvalidInput("reason", "Select why the referral was declined")
    referral = _move(
        by_user=by_user,
        referral=referral,
        version=version,
        action="decline",
        today=today,
        changes={
            "decided_on": today,
            "decided_by": by_user,
            "decline_reason": reason,
            "decline_detail": detail,
        },
        summary="Referral declined",
        detail={"reason": reason},
    )
    _close_involvement(referral, today)
    return referral


@transaction.atomic
def referral_submit_action_plan(
    *, by_user, referral: Referral, version: int, action_plan: str, today: date | None = None
) -> Referral:
    today = _today(today)
    if not action_plan.strip():
        raise InvalidInput("action_plan", "Enter the action plan")
    return _move(
        by_user=by_user,
        referral=referral,
        version=version,
        action="submit_action_plan",
        today=today,
        changes={
            "action_plan": action_plan.strip(),
            "action_plan_submitted_on": today,
            "action_plan_submitted_by": by_user,
            "action_plan_approved_on": None,
            "action_plan_approved_by": None,
        },
        summary="Action plan submitted",
    )


@transaction.atomic
def referral_approve_action_plan(
    *, by_user, referral: Referral, version: int, today: date | None = None
) -> Referral:
    if not may_approve(by_user, referral.person):
        raise NotPermitted("Only staff of the provider managing the case may approve the action plan")
    today = _today(today)
    return _move(
        by_user=by_user,
        referral=referral,
        version=version,
        action="approve_action_plan",
        today=today,
        changes={"action_plan_approved_on": today, "action_plan_approved_by": by_user},
        summary="Action plan approved",
    )


@transaction.atomic
def session_record(
    *,
    by_user,
    referral: Referral,
    version: int,
    starts_at: datetime,
    attendance: str,
    absence_reason: str = "",
    test_result: str = "",
    notes: str = "",
    record_contact: bool = True,
    today: date | None = None,
) -> Session:
    """Record a session and its attendance. With `record_contact` (the default) the attendance is
    also written to the case record as an intervention-session contact, which is what compliance
    and RAR days count."""
    today = _today(today)
    if attendance not in Attendance.values:
        raise InvalidInput("attendance", "Select whether the person attended")
    if attendance == Attendance.ACCEPTABLE_ABSENCE and not absence_reason:
        raise InvalidInput("absence_reason", "Select the reason for the absence")
    if test_result and test_result not in TestResult.values:
        raise InvalidInput("test_result", "Select a test result")
    if test_result and attendance not in (Attendance.ATTENDED, Attendance.ATTENDED_FAILED):
        raise InvalidInput("test_result", "A test can only be recorded when the person attended")
    if timezone.localdate(starts_at) > today:
        raise InvalidInput("starts_at", "The session date must be today or in the past")
    if timezone.localdate(starts_at) < referral.referred_on:
        raise InvalidInput("starts_at", "The session date must be on or after the referral date")
    referral = _move(
        by_user=by_user,
        referral=referral,
        version=version,
        action="record_session",
        today=today,
        changes={},
        summary="Session recorded",
        detail={"attendance": attendance},
    )
    session = Session.objects.create(
        referral=referral,
        starts_at=starts_at,
        attendance=attendance,
        absence_reason=absence_reason if attendance == Attendance.ACCEPTABLE_ABSENCE else "",
        test_result=test_result,
        notes=notes.strip(),
        recorded_by=by_user,
    )
    if record_contact:
        session_contact_create(session=session, by_user=by_user)
    return session


@transaction.atomic
def referral_complete(*, by_user, referral: Referral, version: int, today: date | None = None) -> Referral:
    today = _today(today)
    return _move(
        by_user=by_user,
        referral=referral,
        version=version,
        action="complete",
        today=today,
        changes={"ended_on": today},
        summary="Intervention completed",
    )


@transaction.atomic
def referral_end_early(
    *, by_user, referral: Referral, version: int, reason: str, detail: str = "", today: date | None = None
) -> Referral:
    today = _today(today)
    if not reason:
        raise InvalidInput("reason", "Select why the intervention ended early")
    return _move(
        by_user=by_user,
        referral=referral,
        version=version,
        action="end_early",
        today=today,
        changes={"ended_on": today, "end_reason": reason, "end_detail": detail.strip()},
        summary="Intervention ended early",
        detail={"reason": reason},
    )


@transaction.atomic
def referral_submit_report(
    *, by_user, referral: Referral, version: int, outcome: str, text: str, today: date | None = None
) -> Referral:
    today = _today(today)
    if not outcome:
        raise InvalidInput("outcome", "Select whether the desired outcomes were achieved")
    if not text.strip():
        raise InvalidInput("text", "Enter the end-of-service report")
    referral = _move(
        by_user=by_user,
        referral=referral,
        version=version,
        action="submit_report",
        today=today,
        changes={
            "report_outcome": outcome,
            "report_text": text.strip(),
            "report_submitted_on": today,
            "report_submitted_by": by_user,
        },
        summary="End-of-service report submitted",
        detail={"outcome": outcome},
    )
    _close_involvement(referral, today)
    return referral


# ---------------------------------------------------------------------------------------------------
# Partner exchanges
# ---------------------------------------------------------------------------------------------------


@transaction.atomic
def partner_exchange_create(
    *,
    by_user,
    person: Person,
    agency: PartnerAgency,
    direction: str,
    subject: str,
    occurred_on: date,
    summary: str = "",
    sensitive: bool = False,
    response_received_on: date | None = None,
    today: date | None = None,
) -> PartnerExchange:
    _check_case(by_user, person)
    today = _today(today)
    if direction not in Direction.values:
        raise InvalidInput("direction", "Select whether information was requested or shared")
    if occurred_on > today:
        raise InvalidInput("occurred_on", "The date must be today or in the past")
    _check_response(direction, occurred_on, response_received_on, today)
    exchange = PartnerExchange.objects.create(
        person=person,
        agency=agency,
        direction=direction,
        subject=subject.strip(),
        occurred_on=occurred_on,
        response_received_on=response_received_on,
        summary=summary.strip(),
        sensitive=sensitive,
        recorded_by=by_user,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=exchange,
        person=person,
        summary=f"Recorded information {direction} with {agency.name}"[:300],
    )
    return exchange


def _check_response(
    direction: str, occurred_on: date, response_received_on: date | None, today: date
) -> None:
    if response_received_on is None:
        return
    if response_received_on < occurred_on:
        raise InvalidInput("response_received_on", "The response date must be on or after the date requested")
    if response_received_on > today:
        raise InvalidInput("response_received_on", "The response date must be today or in the past")


@transaction.atomic
def partner_exchange_update(
    *, by_user, exchange: PartnerExchange, version: int, changes: dict, today: date | None = None
) -> PartnerExchange:
    """Record the response to a request, or correct the summary and sensitivity."""
    _check_case(by_user, exchange.person)
    today = _today(today)
    allowed = {"response_received_on", "summary", "sensitive", "subject"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"These details cannot be changed here: {', '.join(sorted(unknown))}")
    _check_response(
        exchange.direction,
        exchange.occurred_on,
        changes.get("response_received_on", exchange.response_received_on),
        today,
    )
    updated = PartnerExchange.objects.filter(pk=exchange.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleRecord()
    exchange.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=exchange,
        person=exchange.person,
        summary=f"Updated information exchange with {exchange.agency.name}"[:300],
        detail={"fields": sorted(changes)},
    )
    return exchange


# ---------------------------------------------------------------------------------------------------
# The directory
# ---------------------------------------------------------------------------------------------------


def may_update_availability(user, intervention: Intervention) -> bool:
    """Managers and heads of service in the intervention's area keep its availability current."""
    return (
        not user.is_inspector
        and (user.is_manager or user.is_head)
        and user.area_id is not None
        and user.area_id == intervention.area_id
    )


@transaction.atomic
def intervention_update_availability(
    *,
    by_user,
    intervention: Intervention,
    version: int,
    capacity: int,
    waiting_weeks: int,
    accepting_referrals: bool,
    today: date | None = None,
) -> Intervention:
    if not may_update_availability(by_user, intervention):
        raise NotPermitted("Only managers in the intervention's area may change its availability")
    if capacity < 0 or waiting_weeks < 0:
        raise InvalidInput("capacity" if capacity < 0 else "waiting_weeks", "Enter a number of 0 or more")
    today = _today(today)
    changes = {
        "capacity": capacity,
        "waiting_weeks": waiting_weeks,
        "accepting_referrals": accepting_referrals,
    }
    before = {key: getattr(intervention, key) for key in changes}
    updated = Intervention.objects.filter(pk=intervention.pk, version=version).update(
        **changes, availability_updated_on=today, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleRecord()
    intervention.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=intervention,
        summary=f"Updated availability of {intervention.name}"[:300],
        detail={"changes": {k: [before[k], changes[k]] for k in changes if before[k] != changes[k]}},
    )
    return intervention
