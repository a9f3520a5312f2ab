"""The risk management plan: a contingency plan, actions tied to each identified risk with the
evidence each was delivered, and checks with partner agencies."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from probation.audit.models import Action
from probation.audit.services import audit_record, changes_between
from probation.core.exceptions import StaleRecord
from probation.people.models import Person
from probation.risk.constants import ActionOwner, ActionStatus, AssessmentStatus, PartnerCheckKind
from probation.risk.models import IdentifiedRisk, PartnerCheck, RiskAction, RiskManagementPlan

from ._common import new_external_id, require_case_write, today


@transaction.atomic
def risk_plan_update(
    *, by_user, person: Person, version: int, contingency: str, last_reviewed_on: date | None = None
) -> RiskManagementPlan:
    """Save the contingency plan. `version` is the one the officer saw (1 for a plan not yet
    written); a save made by someone else since then refuses this one."""
    require_case_write(by_user, person)
    if last_reviewed_on and last_reviewed_on > today():
        raise ValidationError({"last_reviewed_on": "The date of the review must be today or in the past"})
    plan, _ = RiskManagementPlan.objects.get_or_create(
        person=person, defaults={"external_id": new_external_id("risk-plan")}
    )
    before = {"contingency": plan.contingency, "last_reviewed_on": plan.last_reviewed_on}
    updated = RiskManagementPlan.objects.filter(pk=plan.pk, version=version).update(
        contingency=contingency, last_reviewed_on=last_reviewed_on, version=F("version") + 1
    )
    if not updated:
        raise StaleRecord()
    plan.refresh_from_db()
    diff = changes_between(
        before, {"contingency": plan.contingency, "last_reviewed_on": plan.last_reviewed_on}
    )
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=plan,
        person=person,
        summary="Changed the risk management plan" + (": " + ", ".join(diff) if diff else " (no changes)"),
        detail={"changes": diff},
    )
    return plan


@transaction.atomic
def risk_action_add(
    *, by_user, risk: IdentifiedRisk, action: str, owner: str, owner_name: str, due_on: date
) -> RiskAction:
    """Say what will be done about an identified risk of the current assessment, by whom and by when."""
    risk = IdentifiedRisk.objects.select_related("assessment", "person").get(pk=risk.pk)
    require_case_write(by_user, risk.person)
    if risk.assessment.status != AssessmentStatus.COMPLETE:
        raise ValidationError(
            {"risk": "Actions can only be added to risks of the current complete assessment"}
        )
    problems = {}
    if not action.strip():
        problems["action"] = "Enter what will be done"
    if owner not in ActionOwner.values:
        problems["owner"] = "Select who will do it"
    elif owner == ActionOwner.PARTNER and not owner_name.strip():
        problems["owner_name"] = "Enter the partner agency"
    if problems:
        raise ValidationError(problems)
    created = RiskAction.objects.create(
        external_id=new_external_id("risk-action"),
        person=risk.person,
        risk=risk,
        action=action,
        owner=owner,
        owner_name=owner_name,
        due_on=due_on,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=created,
        person=risk.person,
        summary=f"Added a risk plan action due {due_on:%d/%m/%Y}",
        detail={
            "risk": risk.pk,
            "action": action,
            "owner": owner,
            "owner_name": owner_name,
            "due_on": due_on.isoformat(),
        },
    )
    return created


@transaction.atomic
def risk_action_deliver(*, by_user, action: RiskAction, delivered_on: date, evidence: str) -> RiskAction:
    """Record that the action was done, with what shows it."""
    action = RiskAction.objects.select_for_update().select_related("person").get(pk=action.pk)
    require_case_write(by_user, action.person)
    if action.status != ActionStatus.OPEN:
        raise ValidationError(
            {"delivered_on": f"This action is already {action.get_status_display().lower()}"}
        )
    problems = {}
    if delivered_on > today():
        problems["delivered_on"] = "The date it was done must be today or in the past"
    if not evidence.strip():
        problems["evidence"] = "Enter the evidence that it was done"
    if problems:
        raise ValidationError(problems)
    before = {"status": action.status, "delivered_on": None, "evidence": action.evidence}
    action.status = ActionStatus.DELIVERED
    action.delivered_on = delivered_on
    action.evidence = evidence
    action.save(update_fields=["status", "delivered_on", "evidence"])
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=action,
        person=action.person,
        summary="Recorded a risk plan action as delivered",
        detail={
            "changes": changes_between(
                before, {"status": action.status, "delivered_on": delivered_on, "evidence": evidence}
            )
        },
    )
    return action


@transaction.atomic
def partner_check_request(
    *, by_user, person: Person, kind: str, agency: str, requested_on: date
) -> PartnerCheck:
    require_case_write(by_user, person)
    problems = {}
    if kind not in PartnerCheckKind.values:
        problems["kind"] = "Select the kind of check"
    if not agency.strip():
        problems["agency"] = "Enter the agency asked"
    if requested_on > today():
        problems["requested_on"] = "The date of the request must be today or in the past"
    if problems:
        raise ValidationError(problems)
    check = PartnerCheck.objects.create(
        external_id=new_external_id("partner-check"),
        person=person,
        kind=kind,
        agency=agency,
        requested_on=requested_on,
        requested_by=by_user,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=check,
        person=person,
        summary=f"Requested a partner check: {check.get_kind_display()}",
        detail={"kind": kind, "agency": agency, "requested_on": requested_on.isoformat()},
    )
    return check


@transaction.atomic
def partner_check_answer(*, by_user, check: PartnerCheck, answered_on: date, outcome: str) -> PartnerCheck:
    check = PartnerCheck.objects.select_for_update().select_related("person").get(pk=check.pk)
    require_case_write(by_user, check.person)
    if check.answered_on is not None:
        raise ValidationError({"answered_on": "This check has already been answered"})
    problems = {}
    if answered_on > today():
        problems["answered_on"] = "The date of the answer must be today or in the past"
    elif answered_on < check.requested_on:
        problems["answered_on"] = "The answer cannot come before the request"
    if not outcome.strip():
        problems["outcome"] = "Enter what the agency said"
    if problems:
        raise ValidationError(problems)
    before = {"answered_on": None, "outcome": check.outcome}
    check.answered_on = answered_on
    check.outcome = outcome
    check.save(update_fields=["answered_on", "outcome"])
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=check,
        person=check.person,
        summary=f"Recorded the answer to a partner check: {check.get_kind_display()}",
        detail={"changes": changes_between(before, {"answered_on": answered_on, "outcome": outcome})},
    )
    return check
