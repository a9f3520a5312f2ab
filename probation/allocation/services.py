"""Writes for allocation between providers: deciding, handing over, acknowledging, escalating and
reallocating. Each takes the acting user, checks they may act, runs in one transaction and writes an
audit row. A decision or acknowledgement moves the status with a single conditional UPDATE, so two
people acting on the same allocation cannot both succeed: the second is told it has moved on."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core import reference
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.models import Person
from probation.people.selectors import managed_teams
from probation.risk.constants import RoshLevel
from probation.workforce.constants import AssignmentReason, ProviderType
from probation.workforce.models import (
    CaseInvolvement,
    InvolvementRole,
    Provider,
    ResponsibleOfficerAssignment,
    Staff,
)
from probation.workforce.services import responsible_officer_assign

from . import access, rules, selectors
from .constants import AllocationStatus, EscalationStatus
from .handover import handover_package, latest_complete_assessment
from .models import Allocation, EscalationReferral

PROVIDER_TYPE_LABELS = {
    ProviderType.PUBLIC: "public provider (NPS)",
    ProviderType.PRIVATE: "private provider (CRC)",
}


class EscalationRefused(ValidationError):
    """The case cannot be referred back to the public provider; the message says why."""


def _today(on: date | None) -> date:
    return on or timezone.localdate()


# Involvements ----------------------------------------------------------------------------------------


def _open_involvement(*, person: Person, provider_id: int, role: str, on: date) -> CaseInvolvement:
    existing = (
        CaseInvolvement.objects.filter(person=person, provider_id=provider_id, role=role)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .first()
    )
    if existing is not None:
        return existing
    count = CaseInvolvement.objects.filter(person=person).count()
    return CaseInvolvement.objects.create(
        external_id=f"inv-{person.crn}-{provider_id}-{role}-{on.isoformat()}-{count + 1}",
        person=person,
        provider_id=provider_id,
        role=role,
        start_date=on,
    )


def _end_involvements(*, person: Person, provider_id: int, role: str, on: date) -> int:
    return CaseInvolvement.objects.filter(
        person=person, provider_id=provider_id, role=role, end_date__isnull=True
    ).update(end_date=on)


def _assignment_reason(person: Person, officer: Staff) -> str:
    current = ResponsibleOfficerAssignment.objects.filter(person=person, end_date__isnull=True).first()
    if current is None:
        return AssignmentReason.INITIAL
    if current.provider_id != officer.provider_id:
        return AssignmentReason.TRANSFER
    return AssignmentReason.REALLOCATION


def _check_officer_in_managed_teams(by_user, officer: Staff, field: str = "officer") -> None:
    if (
        officer.provider_id != by_user.provider_id
        or not officer.is_active
        or not managed_teams(by_user).filter(pk=officer.team_id).exists()
    ):
        raise ValidationError({field: "Choose an officer from a team you manage"})


# Opening and deciding -------------------------------------------------------------------------------


@transaction.atomic
def allocation_open(
    *,
    by_user,
    person: Person,
    disposal,
    received_on: date,
    court_provider: Provider,
    facing_deportation: bool = False,
    external_id: str = "",
) -> Allocation:
    """Put a new sentence or release in the court team's queue. A sentence or release already in the
    queue (or already allocated) is not queued twice: its allocation is returned unchanged."""
    if court_provider.type != ProviderType.PUBLIC:
        raise ValueError("Allocations are decided by the public provider's court team")
    if disposal.event.person_id != person.pk:
        raise ValueError("The sentence belongs to someone else")
    existing = Allocation.objects.filter(disposal=disposal, received_on=received_on).first()
    if existing is not None:
        return existing
    allocation = Allocation.objects.create(
        external_id=external_id or f"alloc-{person.crn}-{disposal.pk}-{received_on.isoformat()}",
        person=person,
        disposal=disposal,
        received_on=received_on,
        court_provider=court_provider,
        facing_deportation=facing_deportation,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=allocation,
        person=person,
        summary="Case added to the allocation queue",
        detail={"received_on": received_on.isoformat(), "disposal": disposal.pk},
    )
    return allocation


@transaction.atomic
def allocation_decide(
    *,
    by_user,
    allocation: Allocation,
    provider: Provider | None,
    accept: bool,
    rationale: str = "",
    facing_deportation: bool,
    on: date | None = None,
) -> Allocation:
    """Decide which provider supervises the case: accept the rule's recommendation, or override it
    with a rationale. Stores the reasons and inputs, the deadlines and the handover package, and opens
    a court involvement for the court provider when another provider receives the case.

    Raises ValidationError for bad input, NotPermitted when the user is not the court team for this
    allocation, and StaleRecord when someone has already decided it."""
    on = _today(on)
    if not access.is_court_team(by_user) or allocation.court_provider_id != by_user.provider_id:
        raise NotPermitted("Only the court team of the public provider decides allocations")
    if allocation.status != AllocationStatus.AWAITING_DECISION:
        raise StaleRecord("This allocation has already been decided")
    rationale = (rationale or "").strip()
    config = selectors.allocation_config()
    decision, inputs = selectors.recommendation(
        allocation, facing_deportation=facing_deportation, on=on, config=config
    )
    errors: dict[str, str] = {}
    recommended = PROVIDER_TYPE_LABELS[decision.provider_type]
    if provider is None:
        errors["provider"] = "Select the provider that will supervise the case"
    elif accept and provider.type != decision.provider_type:
        errors["provider"] = (
            f"The recommendation is the {recommended}: choose one, or override the recommendation"
        )
    elif not accept and provider.type == decision.provider_type:
        other = PROVIDER_TYPE_LABELS[rules.PRIVATE if decision.is_public else rules.PUBLIC]
        errors["provider"] = f"To override the recommendation, choose a {other}"
    if not accept and not rationale:
        errors["rationale"] = "Enter the reason for overriding the recommendation"
    if errors:
        raise ValidationError(errors)

    person = allocation.person
    disposal = selectors.disposal_with_details(allocation.disposal_id)
    highest = rules.is_highest_tier(person.tier)
    region = selectors.region_for(person)
    package = handover_package(person, disposal, on)
    updated = Allocation.objects.filter(pk=allocation.pk, status=AllocationStatus.AWAITING_DECISION).update(
        status=AllocationStatus.AWAITING_ACKNOWLEDGEMENT,
        recommended_provider_type=decision.provider_type,
        reasons=decision.reasons,
        decision_inputs={**inputs, "tier": person.tier},
        facing_deportation=bool(facing_deportation),
        provider=provider,
        overridden=not accept,
        override_rationale=rationale if not accept else "",
        decided_by=by_user,
        decided_on=on,
        allocation_due=rules.allocation_due(allocation.received_on, highest, region, config=config),
        first_appointment_due=rules.first_appointment_due(
            allocation.received_on, highest, region, config=config
        ),
        **package,
    )
    if not updated:
        raise StaleRecord("This allocation has already been decided")
    if provider.pk != allocation.court_provider_id:
        _open_involvement(
            person=person, provider_id=allocation.court_provider_id, role=InvolvementRole.COURT, on=on
        )
    if provider.pk != person.provider_id:
        # The receiving provider may read the case while it chooses an officer.
        _open_involvement(person=person, provider_id=provider.pk, role=InvolvementRole.SUPERVISION, on=on)
    allocation.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=allocation,
        person=person,
        summary=f"Allocated to {provider}" + (" (recommendation overridden)" if not accept else ""),
        detail={
            "recommended": decision.provider_type,
            "reasons": decision.reasons,
            "inputs": inputs,
            "provider": provider.code,
            "overridden": not accept,
            "rationale": rationale if not accept else "",
        },
    )
    return allocation


@transaction.atomic
def allocation_acknowledge(
    *, by_user, allocation: Allocation, officer: Staff | None, on: date | None = None
) -> Allocation:
    """The receiving provider's manager acknowledges the handover and names the responsible officer."""
    on = _today(on)
    if not access.may_receive_handovers(by_user) or allocation.provider_id != by_user.provider_id:
        raise NotPermitted("Only a manager of the receiving provider acknowledges a handover")
    if allocation.status != AllocationStatus.AWAITING_ACKNOWLEDGEMENT:
        raise StaleRecord("This handover has already been acknowledged")
    if officer is None:
        raise ValidationError({"officer": "Select the responsible officer"})
    _check_officer_in_managed_teams(by_user, officer)
    updated = Allocation.objects.filter(
        pk=allocation.pk, status=AllocationStatus.AWAITING_ACKNOWLEDGEMENT
    ).update(
        status=AllocationStatus.ACKNOWLEDGED,
        acknowledged_by=by_user,
        acknowledged_on=on,
        allocated_to=officer,
    )
    if not updated:
        raise StaleRecord("This handover has already been acknowledged")
    person = Person.objects.select_for_update().get(pk=allocation.person_id)
    responsible_officer_assign(
        by_user=by_user,
        person=person,
        officer=officer,
        start_date=on,
        reason=_assignment_reason(person, officer),
        reason_detail=f"Allocated at court on {allocation.decided_on:%d/%m/%Y}",
    )
    _end_involvements(person=person, provider_id=officer.provider_id, role=InvolvementRole.SUPERVISION, on=on)
    allocation.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=allocation,
        person=person,
        summary=f"Handover acknowledged; responsible officer {officer}",
        detail={
            "officer": str(officer),
            "allocation_due": str(allocation.allocation_due),
            "on_time": bool(allocation.allocation_due and on <= allocation.allocation_due),
        },
    )
    return allocation


# Risk escalation ------------------------------------------------------------------------------------


def _escalation_levels() -> list[str]:
    return list(reference.value("risk.escalation_levels"))


def escalation_needed(person: Person) -> bool:
    """Whether a case should now be referred back to the public provider: supervised by a private
    provider, its risk of serious harm high or very high, and no referral already open. Call it after
    an assessment completes."""
    if person.rosh not in _escalation_levels() or person.provider_id is None:
        return False
    return not escalation_refusal(person)


def escalation_refusal(person: Person) -> str:
    """Why the case cannot be referred to the public provider now, or "" when it can."""
    provider = person.provider
    if provider is None or provider.type != ProviderType.PRIVATE:
        return "Only a case supervised by a private provider can be referred to the public provider."
    if person.rosh not in _escalation_levels():
        level = RoshLevel(person.rosh).label.lower() if person.rosh else "not yet assessed"
        return (
            f"The case's risk of serious harm is {level}. Only a case whose risk of serious harm is now high "
            "or very high can be referred to the public provider."
        )
    if selectors.open_escalation_for(person) is not None:
        return "This case has already been referred to the public provider."
    return ""


def _public_provider_for(person: Person) -> Provider | None:
    court = (
        Allocation.objects.filter(person=person, court_provider__isnull=False)
        .order_by("-received_on", "-id")
        .select_related("court_provider")
        .first()
    )
    if court is not None:
        return court.court_provider
    involvement = (
        CaseInvolvement.objects.filter(person=person, provider__type=ProviderType.PUBLIC)
        .select_related("provider")
        .order_by("-start_date")
        .first()
    )
    if involvement is not None:
        return involvement.provider
    return Provider.objects.filter(type=ProviderType.PUBLIC).order_by("name").first()


@transaction.atomic
def escalation_refer(
    *, by_user, person: Person, reason: str, on: date | None = None, to_provider: Provider | None = None
) -> EscalationReferral:
    """Refer a private provider's case whose risk of serious harm is now high or very high back to
    the public provider for reallocation."""
    on = _today(on)
    person = Person.objects.select_for_update(of=("self",)).select_related("provider").get(pk=person.pk)
    if not access.may_refer_escalation(by_user, person):
        raise NotPermitted("Only staff of the provider supervising the case may refer it")
    refusal = escalation_refusal(person)
    if refusal:
        raise EscalationRefused(refusal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the case is being referred"})
    to_provider = to_provider or _public_provider_for(person)
    if to_provider is None or to_provider.type != ProviderType.PUBLIC:
        raise EscalationRefused("There is no public provider to refer the case to")
    return _escalation_create(
        by_user=by_user,
        person=person,
        to_provider=to_provider,
        assessment=latest_complete_assessment(person),
        reason=reason,
        on=on,
        summary=f"Risk escalation referred to {to_provider}",
    )


def _escalation_create(
    *, by_user, person: Person, to_provider: Provider, assessment, reason: str, on: date, summary: str
) -> EscalationReferral:
    count = EscalationReferral.objects.filter(person=person).count()
    referral = EscalationReferral.objects.create(
        external_id=f"esc-{person.crn}-{on.isoformat()}-{count + 1}",
        person=person,
        from_provider=person.provider,
        to_provider=to_provider,
        assessment=assessment,
        referred_on=on,
        reason=reason,
        referred_by=by_user,
    )
    # The public provider may read the case while it decides.
    _open_involvement(person=person, provider_id=to_provider.pk, role=InvolvementRole.SUPERVISION, on=on)
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=referral,
        person=person,
        summary=summary,
        detail={
            "rosh": person.rosh,
            "reason": reason,
            "assessment": assessment.sequence if assessment is not None else None,
        },
    )
    return referral


@transaction.atomic
def escalation_open_on_risk(
    *, by_user, person: Person, assessment, previous_rosh: str, on: date | None = None
) -> EscalationReferral | None:
    """Refer a private provider's case to the public provider when a completed assessment raises its
    risk of serious harm to high or very high (from a lower level, or from high to very high).

    Called by the risk services when an assessment completes (on submission, or on countersignature
    for high and very high). It does nothing, and returns None, when the risk did not rise into the
    escalation levels, the case is not with a private provider, or a referral is already open: so it
    runs once per rise, however often it is called. A referral that was declined is not reopened
    until the risk rises again; the officer may still refer by hand."""
    on = _today(on)
    person = Person.objects.select_for_update(of=("self",)).select_related("provider").get(pk=person.pk)
    levels = _escalation_levels()
    rose = RoshLevel.rank(person.rosh or "") > RoshLevel.rank(previous_rosh or "")
    if person.rosh not in levels or not rose or escalation_refusal(person):
        return None
    if EscalationReferral.objects.filter(assessment=assessment).exists():
        return None
    to_provider = _public_provider_for(person)
    if to_provider is None:
        return None
    level = RoshLevel(person.rosh).label.lower()
    signed = (
        f", countersigned by {assessment.countersigned_by} on {assessment.countersigned_on:%d/%m/%Y}"
        if assessment.countersigned_by_id and assessment.countersigned_on
        else ""
    )
    reason = (
        f"Risk of serious harm rose to {level} in risk assessment {assessment.sequence}"
        f" completed on {assessment.completed_on:%d/%m/%Y}{signed}. "
        "A case whose risk of serious harm is high or very high is supervised by the public provider."
    )
    try:
        # The open-referral constraint settles a race with a referral made at the same moment.
        with transaction.atomic():
            return _escalation_create(
                by_user=by_user,
                person=person,
                to_provider=to_provider,
                assessment=assessment,
                reason=reason,
                on=on,
                summary=(
                    f"Risk escalation opened: risk of serious harm now {level}; referred to {to_provider}"
                ),
            )
    except IntegrityError:
        return None


def _check_escalation_handler(by_user, referral: EscalationReferral) -> None:
    if not access.may_accept_escalations(by_user) or referral.to_provider_id != by_user.provider_id:
        raise NotPermitted("Only a manager of the public provider the case was referred to may act on it")


@transaction.atomic
def escalation_accept(
    *, by_user, referral: EscalationReferral, officer: Staff | None = None, on: date | None = None
) -> EscalationReferral:
    """Accept a referral; with an officer, reallocate the case to them at once."""
    on = _today(on)
    _check_escalation_handler(by_user, referral)
    if officer is not None:
        _check_officer_in_managed_teams(by_user, officer)
    updated = EscalationReferral.objects.filter(pk=referral.pk, status=EscalationStatus.REFERRED).update(
        status=EscalationStatus.ACCEPTED,
        accepted_by=by_user,
        accepted_on=on,
    )
    if not updated:
        raise StaleRecord("This referral has already been dealt with")
    referral.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=referral,
        person=referral.person,
        summary="Risk escalation accepted",
        detail={"days_waiting": (on - referral.referred_on).days},
    )
    if officer is not None:
        referral = escalation_reallocate(by_user=by_user, referral=referral, officer=officer, on=on)
    return referral


@transaction.atomic
def escalation_reallocate(
    *, by_user, referral: EscalationReferral, officer: Staff | None, on: date | None = None
) -> EscalationReferral:
    """Make an officer of the public provider responsible. This ends the private provider's
    assignment; until now it has kept the case."""
    on = _today(on)
    _check_escalation_handler(by_user, referral)
    if officer is None:
        raise ValidationError({"officer": "Select the responsible officer"})
    _check_officer_in_managed_teams(by_user, officer)
    updated = EscalationReferral.objects.filter(pk=referral.pk, status=EscalationStatus.ACCEPTED).update(
        status=EscalationStatus.REALLOCATED,
        reallocated_on=on,
        reallocated_to=officer,
    )
    if not updated:
        raise StaleRecord("This referral has already been reallocated")
    person = Person.objects.select_for_update().get(pk=referral.person_id)
    responsible_officer_assign(
        by_user=by_user,
        person=person,
        officer=officer,
        start_date=on,
        reason=AssignmentReason.RISK_ESCALATION,
        reason_detail=(
            f"Risk escalation from {referral.from_provider.code} referred {referral.referred_on:%d/%m/%Y}"
        ),
    )
    _end_involvements(person=person, provider_id=officer.provider_id, role=InvolvementRole.SUPERVISION, on=on)
    referral.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=referral,
        person=person,
        summary=f"Risk escalation reallocated to {officer}",
        detail={"officer": str(officer)},
    )
    return referral


@transaction.atomic
def escalation_decline(
    *, by_user, referral: EscalationReferral, reason: str, on: date | None = None
) -> EscalationReferral:
    on = _today(on)
    _check_escalation_handler(by_user, referral)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decline_reason": "Enter why the referral is declined"})
    updated = EscalationReferral.objects.filter(pk=referral.pk, status=EscalationStatus.REFERRED).update(
        status=EscalationStatus.DECLINED,
        declined_reason=reason,
        accepted_by=by_user,
        accepted_on=on,
    )
    if not updated:
        raise StaleRecord("This referral has already been dealt with")
    _end_involvements(
        person=referral.person, provider_id=referral.to_provider_id, role=InvolvementRole.SUPERVISION, on=on
    )
    referral.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=referral,
        person=referral.person,
        summary="Risk escalation declined",
        detail={"reason": reason},
    )
    return referral


# Reallocation within a provider ---------------------------------------------------------------------


def continuity_warning(person: Person, on: date) -> tuple[int, str]:
    """How many changes of officer in 12 months a reallocation today would make, and the warning
    a manager must acknowledge (or "")."""
    count = rules.changes_in_last_12_months(selectors.assignment_start_dates(person), on) + 1
    return count, rules.reallocation_warning(count, reference.value("continuity.warn_at_change"))


WITHIN_PROVIDER_REASONS = (
    AssignmentReason.REALLOCATION,
    AssignmentReason.STAFF_LEFT,
    AssignmentReason.WORKLOAD,
    AssignmentReason.OTHER,
)


@transaction.atomic
def case_reallocate(
    *,
    by_user,
    person: Person,
    officer: Staff | None,
    version: int,
    reason: str,
    reason_detail: str = "",
    warning_understood: bool = False,
    on: date | None = None,
):
    """Change the responsible officer within the provider. When this would be the third (configurable)
    change in 12 months the manager must say they understand and give a reason; both are audited."""
    on = _today(on)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if (
        not access.is_manager(by_user)
        or person.provider_id != by_user.provider_id
        or not managed_teams(by_user).filter(pk=person.team_id).exists()
    ):
        raise NotPermitted("Only a manager of the case's team may reallocate it")
    if person.version != version:
        raise StaleRecord("The case has changed since the page was loaded")
    reason_detail = (reason_detail or "").strip()
    errors: dict[str, str] = {}
    if officer is None:
        errors["officer"] = "Select the new responsible officer"
    elif officer.pk == person.officer_id:
        errors["officer"] = "Select an officer other than the current one"
    if reason not in WITHIN_PROVIDER_REASONS:
        errors["reason"] = "Select the reason for the change"
    count, warning = continuity_warning(person, on)
    if warning and not warning_understood:
        errors["warning_understood"] = (
            f"Confirm you understand this is the {rules.ordinal(count)} change of officer in 12 months"
        )
    if (warning or reason == AssignmentReason.OTHER) and not reason_detail:
        errors["reason_detail"] = "Enter why the responsible officer is changing"
    if errors:
        raise ValidationError(errors)
    _check_officer_in_managed_teams(by_user, officer)
    previous = person.officer
    assignment = responsible_officer_assign(
        by_user=by_user,
        person=person,
        officer=officer,
        start_date=on,
        reason=reason,
        reason_detail=reason_detail,
        external_id=f"roa-{person.crn}-{on.isoformat()}-{officer.pk}-{count}",
    )
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=assignment,
        person=person,
        summary=f"Reallocated to {officer}" + (f"; {warning.lower()}" if warning else ""),
        detail={
            "from": str(previous) if previous else None,
            "to": str(officer),
            "reason": reason,
            "reason_detail": reason_detail,
            "changes_in_12_months": count,
            "warning": warning,
            "warning_understood": bool(warning and warning_understood),
        },
    )
    return assignment
