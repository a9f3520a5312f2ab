"""Recall: recommending it, the SPO's and the head of service's countersignatures, and the outcome."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import NotPermitted
from probation.people.access import case_access
from probation.people.models import Person
from probation.sentences.models import Disposal

from .. import rules
from ..constants import EnforcementStatus, RecallOutcome, RecallStatus, RecallType
from ..models import EnforcementAction, RecallRecommendation
from ..policy import current_policy
from ..selectors import can_countersign_as_head, can_countersign_as_spo
from ._common import Problems, bump, date_problems, raise_problems, recall_type_problems, today_or, writable

# --- Recall ---------------------------------------------------------------------------------------------


def licence_in_force(disposal: Disposal, day: date) -> bool:
    return rules.licence_in_force(
        disposal_type=disposal.type,
        terminated_on=disposal.terminated_on,
        release_date=disposal.release_date,
        licence_end_date=disposal.licence_end_date,
        day=day,
    )


@transaction.atomic
def recall_recommend(
    *,
    by_user,
    person: Person,
    disposal_id: int | None,
    recall_type: str,
    rationale: str,
    today: date | None = None,
) -> RecallRecommendation:
    """Recommend recall directly (not from a failure decision), for example after a charge or a rise in
    risk. It needs a rationale and goes to an SPO and then a head of service."""
    today = today_or(today)
    person = writable(by_user, person)
    disposal = Disposal.objects.filter(pk=disposal_id, event__person=person).first() if disposal_id else None
    problems: Problems = []
    if disposal is None or not licence_in_force(disposal, today):
        problems.append(("disposal", "Select a licence currently in force"))
    if not rationale.strip():
        problems.append(("rationale", "Give the reasons for recall: the countersigning managers read them"))
    days = None
    if disposal is not None and not problems:
        recall_problems, days = recall_type_problems(disposal, recall_type, current_policy())
        problems += recall_problems
        if RecallRecommendation.objects.filter(disposal=disposal, status__in=RecallStatus.open()).exists():
            problems.append(("disposal", "A recall recommendation for this licence is already in progress"))
    elif recall_type not in RecallType.values:
        problems.append(("recall_type", "Select the type of recall"))
    raise_problems(problems)
    recall = RecallRecommendation.objects.create(
        person=person,
        disposal=disposal,
        recall_type=recall_type,
        fixed_term_days=days,
        rationale=rationale.strip(),
        recommended_by=by_user,
        recommended_on=today,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=recall,
        person=person,
        summary=f"{recall.get_recall_type_display()} recommended",
    )
    return recall


def _locked_recall(recall_id: int) -> RecallRecommendation:
    return RecallRecommendation.objects.select_for_update().select_related("person").get(pk=recall_id)


@transaction.atomic
def recall_countersign(
    *, by_user, recall_id: int, version: int, decision: str, notes: str = "", today: date | None = None
) -> RecallRecommendation:
    """An SPO, then a head of service, countersigns (`decision="countersign"`) or does not support
    (`decision="not_supported"`, with reasons) a recall. Neither may be the recommending officer."""
    today = today_or(today)
    recall = _locked_recall(recall_id)
    found, access = case_access(by_user, recall.person.crn)
    if found is None or not access.allowed or by_user.is_inspector:
        raise NotPermitted("You may not countersign on this case")
    if recall.status == RecallStatus.AWAITING_SPO:
        stage = "spo"
    elif recall.status == RecallStatus.AWAITING_HEAD:
        stage = "head"
    else:
        raise NotPermitted("This recall is not waiting for a countersignature")
    problems = rules.countersign_problems(
        stage=stage,
        signer_id=by_user.pk,
        recommended_by_id=recall.recommended_by_id,
        spo_id=recall.spo_by_id,
        is_spo=can_countersign_as_spo(by_user, found),
        is_head=can_countersign_as_head(by_user, found),
    )
    if problems:
        raise NotPermitted(problems[0][1])
    if decision not in {"countersign", "not_supported"}:
        raise_problems([("decision", "Select whether you countersign the recall")])
    if decision == "not_supported" and not notes.strip():
        raise_problems([("notes", "Explain why you do not support the recall")])
    if decision == "not_supported":
        bump(
            RecallRecommendation,
            recall,
            version,
            status=RecallStatus.NOT_SUPPORTED,
            not_supported_by=by_user,
            not_supported_reason=notes.strip(),
        )
        _close_linked_action(recall)
        summary = "Recall not supported"
    elif stage == "spo":
        bump(
            RecallRecommendation,
            recall,
            version,
            status=RecallStatus.AWAITING_HEAD,
            spo_by=by_user,
            spo_on=today,
            spo_notes=notes.strip(),
        )
        summary = "Recall countersigned by SPO"
    else:
        bump(
            RecallRecommendation,
            recall,
            version,
            status=RecallStatus.AWAITING_OUTCOME,
            head_by=by_user,
            head_on=today,
            head_notes=notes.strip(),
        )
        summary = "Recall countersigned by head of service"
    audit_record(user=by_user, action=Action.UPDATE, obj=recall, person=recall.person, summary=summary)
    return recall


def _close_linked_action(recall: RecallRecommendation) -> None:
    if recall.enforcement_action_id:
        EnforcementAction.objects.filter(
            pk=recall.enforcement_action_id, status=EnforcementStatus.RECALL_RECOMMENDED
        ).update(status=EnforcementStatus.COMPLETE, version=F("version") + 1)


@transaction.atomic
def recall_record_outcome(
    *,
    by_user,
    recall_id: int,
    version: int,
    outcome: str,
    outcome_on: date | None,
    notes: str = "",
    today: date | None = None,
) -> RecallRecommendation:
    """What happened: recall issued (returned to custody or not yet), not issued, or withdrawn. Only a
    withdrawal may be recorded before both countersignatures."""
    today = today_or(today)
    recall = _locked_recall(recall_id)
    writable(by_user, recall.person)
    if recall.status not in RecallStatus.open():
        raise NotPermitted("This recall already has an outcome")
    problems: Problems = []
    if outcome not in RecallOutcome.values:
        problems.append(("outcome", "Select the outcome"))
    elif outcome != RecallOutcome.WITHDRAWN and recall.status != RecallStatus.AWAITING_OUTCOME:
        problems.append(("outcome", "The recall must be countersigned by an SPO and a head of service first"))
    problems += date_problems(
        "outcome_on", outcome_on, today=today, not_before=recall.recommended_on, label="of the outcome"
    )
    if outcome in {RecallOutcome.NOT_RECALLED, RecallOutcome.WITHDRAWN} and not notes.strip():
        problems.append(("notes", "Say why the person was not recalled"))
    raise_problems(problems)
    bump(
        RecallRecommendation,
        recall,
        version,
        status=RecallStatus.CLOSED,
        outcome=outcome,
        outcome_on=outcome_on,
        outcome_notes=notes.strip(),
    )
    _close_linked_action(recall)
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=recall,
        person=recall.person,
        summary=f"Recall outcome: {recall.get_outcome_display()}",
    )
    return recall
