"""Failures to comply: assessing them from the history under the same order or licence, the officer's
decision, the warning letter, breach and the court's decision."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.contacts.constants import Outcome
from probation.contacts.models import Contact
from probation.core.exceptions import NotPermitted
from probation.sentences.models import Disposal

from .. import rules
from ..constants import CourtOutcome, EnforcementKind, EnforcementRoute, EnforcementStatus
from ..models import EnforcementAction, RecallRecommendation
from ..policy import current_policy
from ._common import bump, date_problems, raise_problems, recall_type_problems, today_or, writable

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
        writable(by_user, contact.person)
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
    today = today_or(today)
    action = _locked_action(action_id)
    writable(by_user, action.person)
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
    raise_problems(problems)
    status = {
        EnforcementKind.BREACH: EnforcementStatus.BREACH_DUE,
        EnforcementKind.RECALL: EnforcementStatus.RECALL_RECOMMENDED,
    }.get(kind, EnforcementStatus.LETTER_DUE)
    bump(
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


@transaction.atomic
def enforcement_record_letter_issued(
    *, by_user, action_id: int, version: int, issued_on: date | None, today: date | None = None
) -> EnforcementAction:
    """The warning letter went out: the warning is given, and its twelve months run from this day. It
    cannot have gone out before the warning was decided: a letter dated earlier would count later
    failures as made after a warning the person had not yet been given."""
    today = today_or(today)
    action = _locked_action(action_id)
    writable(by_user, action.person)
    if action.status != EnforcementStatus.LETTER_DUE:
        raise NotPermitted("There is no warning letter waiting to be sent")
    raise_problems(
        date_problems(
            "issued_on",
            issued_on,
            today=today,
            not_before=max(filter(None, (action.failure_on, action.decided_on))),
            label="the letter was sent",
        )
    )
    bump(EnforcementAction, action, version, letter_issued_on=issued_on, status=EnforcementStatus.COMPLETE)
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
    today = today_or(today)
    action = _locked_action(action_id)
    writable(by_user, action.person)
    if action.status != EnforcementStatus.BREACH_DUE:
        raise NotPermitted("There is no breach waiting to be initiated")
    raise_problems(
        date_problems(
            "initiated_on",
            initiated_on,
            today=today,
            not_before=action.failure_on,
            label="breach action was initiated",
        )
    )
    bump(
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
    today = today_or(today)
    action = _locked_action(action_id)
    writable(by_user, action.person)
    if action.status != EnforcementStatus.WITH_COURT:
        raise NotPermitted("This breach is not with the court")
    problems = [] if outcome in CourtOutcome.values else [("outcome", "Select what the court decided")]
    problems += date_problems(
        "outcome_on",
        outcome_on,
        today=today,
        not_before=action.breach_initiated_on,
        label="of the court's decision",
    )
    raise_problems(problems)
    bump(
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
