"""Writes for enforcement: assessing a failure, deciding on it, the letter, breach and recall.

Each takes the acting user, runs in one transaction, checks permission, refuses a stale version and
writes the audit row. Bad input raises `ValidationError` keyed by form field."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.contacts.constants import Outcome
from probation.contacts.models import Contact
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.access import case_access
from probation.people.models import Person
from probation.sentences.models import Disposal

from . import rules
from .constants import (
    CourtOutcome,
    EnforcementKind,
    EnforcementRoute,
    EnforcementStatus,
    RecallOutcome,
    RecallStatus,
    RecallType,
)
from .models import EnforcementAction, RecallRecommendation
from .policy import current_policy
from .selectors import can_countersign_as_head, can_countersign_as_spo, can_write

Problems = list[tuple[str, str]]


def _raise(problems: Problems) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for field, message in problems:
            errors.setdefault(field, []).append(message)
        raise ValidationError(errors)


def _writable(by_user, person: Person) -> Person:
    found, access = case_access(by_user, person.crn)
    if found is None or not access.allowed or not can_write(by_user, found):
        raise NotPermitted("You may not change this case")
    return found


def _bump(model, obj, version: int, **changes) -> None:
    """Write `changes` only if the row is still at the version the user saw."""
    updated = model.objects.filter(pk=obj.pk, version=version).update(**changes, version=F("version") + 1)
    if not updated:
        raise StaleRecord()
    obj.refresh_from_db()


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# --- Assessing a failure --------------------------------------------------------------------------------


def disposal_for_failure(contact: Contact) -> Disposal | None:
    """The order or licence the failure was under: the requirement's, else the latest sentence in
    force on the day."""
    if contact.requirement_id:
        return contact.requirement.disposal
    day = timezone.localdate(contact.starts_at)
    return (
        Disposal.objects.filter(event__person_id=contact.person_id, start_date__lte=day)
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=day))
        .order_by("-start_date", "-id")
        .first()
    )


def describe_failure(contact: Contact) -> str:
    when = timezone.localtime(contact.starts_at)
    what = contact.get_type_display().lower()
    at = f" at {contact.location}" if contact.location else ""
    day = f"{when:%A} {when.day} {when:%B %Y at %H:%M}"
    if contact.outcome == Outcome.ATTENDED_FAILED:
        return f"You attended your {what} on {day}{at} but did not comply with what was required of you."
    return f"You did not attend your {what} on {day}{at}, and did not give an acceptable reason."


def _judged_on(contact: Contact) -> date:
    return timezone.localdate(contact.outcome_recorded_at or contact.starts_at)


def _recommend(disposal: Disposal, failure_on: date, exclude_pk: int | None, policy):
    """The rules' recommendation for a failure under `disposal`, from the steps already decided."""
    route = rules.route_for(disposal.type, failure_on, disposal.licence_end_date)
    earlier = list(
        EnforcementAction.objects.filter(disposal=disposal)
        .exclude(kind="")
        .exclude(status=EnforcementStatus.WITHDRAWN)
        .exclude(pk=exclude_pk)
    )
    if route == EnforcementRoute.ORDER:
        warnings = [a for a in earlier if a.kind == EnforcementKind.WARNING and a.warning_given_on]
        rec = rules.recommend_for_order(
            failure_on=failure_on, warnings_given_on=[w.warning_given_on for w in warnings], policy=policy
        )
        prior = next((w for w in warnings if w.warning_given_on == rec.prior_warning_on), None)
        return rec, prior
    return rules.recommend_for_licence(steps_taken=[a.kind for a in earlier]), None


def _apply_recommendation(action: EnforcementAction, policy) -> None:
    rec, prior = _recommend(action.disposal, action.failure_on, action.pk, policy)
    action.route = rec.route
    action.recommended_kind = rec.kind
    action.recommendation_reason = rec.reason
    action.prior_warning = prior
    action.due_by = rules.action_due_by(rec.kind, action.judged_on, policy)


def _reassess_pending(disposal: Disposal, policy, *, exclude_pk: int | None = None, by_user=None) -> None:
    """Decisions still due under the same order may now call for something else (a warning given
    since makes a later failure a breach)."""
    pending = EnforcementAction.objects.filter(
        disposal=disposal, status=EnforcementStatus.DECISION_DUE
    ).exclude(pk=exclude_pk)
    for action in pending.select_related("disposal", "person"):
        before = (action.recommended_kind, action.prior_warning_id, action.due_by)
        _apply_recommendation(action, policy)
        if before != (action.recommended_kind, action.prior_warning_id, action.due_by):
            EnforcementAction.objects.filter(pk=action.pk).update(
                route=action.route,
                recommended_kind=action.recommended_kind,
                recommendation_reason=action.recommendation_reason,
                prior_warning=action.prior_warning,
                due_by=action.due_by,
                version=F("version") + 1,
            )
            audit_record(
                user=by_user,
                action=Action.UPDATE,
                obj=action,
                person=action.person,
                summary=f"Enforcement reassessed: {rules.kind_name(action.recommended_kind)} now recommended",
            )


@transaction.atomic
def enforcement_assess(contact: Contact, *, by_user=None) -> EnforcementAction | None:
    """Make the enforcement decision due for a failure to comply (an outcome in `Outcome.failures()`),
    with the step the rules recommend from the history under the same order or licence. Call it after
    recording or changing an outcome: it is idempotent, withdraws a decision still due when the outcome
    is no longer a failure, and returns None when there is nothing to enforce."""
    contact = Contact.objects.select_related("person", "requirement__disposal").get(pk=contact.pk)
    if by_user is not None:
        _writable(by_user, contact.person)
    policy = current_policy()
    existing = EnforcementAction.objects.select_related("disposal").filter(contact=contact).first()
    if contact.outcome not in Outcome.failures():
        if existing and existing.status == EnforcementStatus.DECISION_DUE:
            reason = f"The outcome was changed to {contact.get_outcome_display().lower()}"
            EnforcementAction.objects.filter(pk=existing.pk).update(
                status=EnforcementStatus.WITHDRAWN, withdrawn_reason=reason, version=F("version") + 1
            )
            audit_record(
                user=by_user,
                action=Action.UPDATE,
                obj=existing,
                person=contact.person,
                summary=f"Enforcement decision withdrawn: {reason}",
            )
        return None
    if existing and existing.status not in {EnforcementStatus.DECISION_DUE, EnforcementStatus.WITHDRAWN}:
        return existing
    disposal = existing.disposal if existing else disposal_for_failure(contact)
    if disposal is None:
        return None
    action = existing or EnforcementAction(person=contact.person, disposal=disposal, contact=contact)
    before = (
        action.status,
        action.recommended_kind,
        action.prior_warning_id,
        action.due_by,
        action.failure_on,
    )
    action.failure_on = timezone.localdate(contact.starts_at)
    action.judged_on = _judged_on(contact)
    action.failure_description = action.failure_description or describe_failure(contact)
    action.status = EnforcementStatus.DECISION_DUE
    action.withdrawn_reason = ""
    _apply_recommendation(action, policy)
    if existing:
        after = (
            action.status,
            action.recommended_kind,
            action.prior_warning_id,
            action.due_by,
            action.failure_on,
        )
        if after == before:
            return existing
        action.version += 1
    action.save()
    audit_record(
        user=by_user,
        action=Action.UPDATE if existing else Action.CREATE,
        obj=action,
        person=contact.person,
        summary=f"Enforcement decision due: {rules.kind_name(action.recommended_kind)} recommended",
        detail={"contact": contact.pk, "due_by": action.due_by.isoformat()},
    )
    return action


# --- Deciding -------------------------------------------------------------------------------------------


def _locked_action(action_id: int) -> EnforcementAction:
    return (
        EnforcementAction.objects.select_for_update().select_related("person", "disposal").get(pk=action_id)
    )


def recall_type_problems(disposal: Disposal, recall_type: str, policy) -> tuple[Problems, int | None]:
    if recall_type not in RecallType.values:
        return [("recall_type", "Select the type of recall")], None
    if recall_type != RecallType.FIXED_TERM:
        return [], None
    days = rules.fixed_term_recall_days(
        length_months=disposal.length_months,
        custodial_days=disposal.custodial_days,
        sentence_date=disposal.sentence_date,
        policy=policy,
    )
    if days is None:
        return [
            (
                "recall_type",
                "The sentence length is not recorded, so a fixed-term recall cannot be worked "
                "out: record it, or recommend a standard recall",
            )
        ], None
    return [], days


@transaction.atomic
def enforcement_decide(
    *,
    by_user,
    action_id: int,
    version: int,
    kind: str,
    rationale: str = "",
    failure_description: str = "",
    recall_type: str = "",
    today: date | None = None,
) -> EnforcementAction:
    """Record the officer's decision. A step more severe than the rules recommend needs a rationale;
    recall creates the recall recommendation for countersignature."""
    today = _today(today)
    action = _locked_action(action_id)
    _writable(by_user, action.person)
    if action.status != EnforcementStatus.DECISION_DUE:
        raise NotPermitted("This decision has already been made")
    policy = current_policy()
    problems = rules.decision_problems(
        route=action.route, recommended=action.recommended_kind, chosen=kind, rationale=rationale
    )
    if not failure_description.strip():
        problems.append(("failure_description", "Describe the failure: it goes into the letter"))
    days = None
    if kind == EnforcementKind.RECALL and not problems:
        recall_problems, days = recall_type_problems(action.disposal, recall_type, policy)
        problems += recall_problems
        if not rationale.strip():
            problems.append(
                ("rationale", "Give the reasons for recall: the countersigning managers read them")
            )
    _raise(problems)
    status = {
        EnforcementKind.BREACH: EnforcementStatus.BREACH_DUE,
        EnforcementKind.RECALL: EnforcementStatus.RECALL_RECOMMENDED,
    }.get(kind, EnforcementStatus.LETTER_DUE)
    _bump(
        EnforcementAction,
        action,
        version,
        kind=kind,
        status=status,
        decision_by=by_user,
        decided_on=today,
        rationale=rationale.strip(),
        failure_description=failure_description.strip(),
        due_by=rules.action_due_by(kind, action.judged_on, policy),
    )
    if kind == EnforcementKind.RECALL:
        RecallRecommendation.objects.create(
            person=action.person,
            disposal=action.disposal,
            enforcement_action=action,
            recall_type=recall_type,
            fixed_term_days=days,
            rationale=rationale.strip(),
            recommended_by=by_user,
            recommended_on=today,
        )
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=action,
        person=action.person,
        summary=f"Enforcement decided: {rules.kind_name(kind)}"
        + (
            ""
            if kind == action.recommended_kind
            else f" (recommended {rules.kind_name(action.recommended_kind)})"
        ),
        detail={"kind": kind, "recommended": action.recommended_kind, "rationale": bool(rationale.strip())},
    )
    _reassess_pending(action.disposal, policy, exclude_pk=action.pk, by_user=by_user)
    return action


def _date_problems(
    field: str, day: date | None, *, today: date, not_before: date | None, label: str
) -> Problems:
    if day is None:
        return [(field, f"Enter the date {label}")]
    if day > today:
        return [(field, f"The date {label} must be today or in the past")]
    if not_before and day < not_before:
        return [(field, f"The date {label} must be on or after {not_before:%-d %B %Y}")]
    return []


@transaction.atomic
def enforcement_record_letter_issued(
    *, by_user, action_id: int, version: int, issued_on: date | None, today: date | None = None
) -> EnforcementAction:
    """The warning letter went out: the warning is given, and its twelve months run from this day."""
    today = _today(today)
    action = _locked_action(action_id)
    _writable(by_user, action.person)
    if action.status != EnforcementStatus.LETTER_DUE:
        raise NotPermitted("There is no warning letter waiting to be sent")
    _raise(
        _date_problems(
            "issued_on", issued_on, today=today, not_before=action.failure_on, label="the letter was sent"
        )
    )
    _bump(EnforcementAction, action, version, letter_issued_on=issued_on, status=EnforcementStatus.COMPLETE)
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=action,
        person=action.person,
        summary=f"{action.get_kind_display()} letter sent on {issued_on:%d/%m/%Y}",
    )
    _reassess_pending(action.disposal, current_policy(), exclude_pk=action.pk, by_user=by_user)
    return action


@transaction.atomic
def enforcement_record_breach_initiated(
    *, by_user, action_id: int, version: int, initiated_on: date | None, today: date | None = None
) -> EnforcementAction:
    today = _today(today)
    action = _locked_action(action_id)
    _writable(by_user, action.person)
    if action.status != EnforcementStatus.BREACH_DUE:
        raise NotPermitted("There is no breach waiting to be initiated")
    _raise(
        _date_problems(
            "initiated_on",
            initiated_on,
            today=today,
            not_before=action.failure_on,
            label="breach action was initiated",
        )
    )
    _bump(
        EnforcementAction,
        action,
        version,
        breach_initiated_on=initiated_on,
        status=EnforcementStatus.WITH_COURT,
    )
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=action,
        person=action.person,
        summary=f"Breach initiated on {initiated_on:%d/%m/%Y}",
    )
    return action


@transaction.atomic
def enforcement_record_court_outcome(
    *,
    by_user,
    action_id: int,
    version: int,
    outcome: str,
    outcome_on: date | None,
    notes: str = "",
    today: date | None = None,
) -> EnforcementAction:
    today = _today(today)
    action = _locked_action(action_id)
    _writable(by_user, action.person)
    if action.status != EnforcementStatus.WITH_COURT:
        raise NotPermitted("This breach is not with the court")
    problems = [] if outcome in CourtOutcome.values else [("outcome", "Select what the court decided")]
    problems += _date_problems(
        "outcome_on",
        outcome_on,
        today=today,
        not_before=action.breach_initiated_on,
        label="of the court's decision",
    )
    _raise(problems)
    _bump(
        EnforcementAction,
        action,
        version,
        court_outcome=outcome,
        court_outcome_on=outcome_on,
        court_outcome_notes=notes.strip(),
        status=EnforcementStatus.COMPLETE,
    )
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=action,
        person=action.person,
        summary=f"Court outcome recorded: {action.get_court_outcome_display()}",
    )
    return action


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
    today = _today(today)
    person = _writable(by_user, person)
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
    _raise(problems)
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
    today = _today(today)
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
        _raise([("decision", "Select whether you countersign the recall")])
    if decision == "not_supported" and not notes.strip():
        _raise([("notes", "Explain why you do not support the recall")])
    if decision == "not_supported":
        _bump(
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
        _bump(
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
        _bump(
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
    today = _today(today)
    recall = _locked_recall(recall_id)
    _writable(by_user, recall.person)
    if recall.status not in RecallStatus.open():
        raise NotPermitted("This recall already has an outcome")
    problems: Problems = []
    if outcome not in RecallOutcome.values:
        problems.append(("outcome", "Select the outcome"))
    elif outcome != RecallOutcome.WITHDRAWN and recall.status != RecallStatus.AWAITING_OUTCOME:
        problems.append(("outcome", "The recall must be countersigned by an SPO and a head of service first"))
    problems += _date_problems(
        "outcome_on", outcome_on, today=today, not_before=recall.recommended_on, label="of the outcome"
    )
    if outcome in {RecallOutcome.NOT_RECALLED, RecallOutcome.WITHDRAWN} and not notes.strip():
        problems.append(("notes", "Say why the person was not recalled"))
    _raise(problems)
    _bump(
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
