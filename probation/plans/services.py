"""Writes for sentence plans: start, edit, objectives, submit, countersign, review.

Each takes the acting user, runs in one transaction, checks permission, refuses a stale version and
writes the audit row. Bad input raises `ValidationError` keyed by form field."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record, changes_between
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.access import case_access
from probation.people.models import Person
from probation.risk.constants import Need
from probation.risk.models import RiskAction, SignificantEvent

from . import rules, selectors
from .constants import Involvement, ObjectiveOwner, ObjectiveStatus, PlanStatus, ReviewReason
from .models import Objective, PlanReview, SentencePlan
from .policy import current_policy

Problems = list[tuple[str, str]]


def _raise(problems: Problems) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for field, message in problems:
            errors.setdefault(field, []).append(message)
        raise ValidationError(errors)


def _writable(by_user, person: Person) -> Person:
    found, access = case_access(by_user, person.crn)
    if found is None or not access.allowed or not selectors.can_write(by_user, found):
        raise NotPermitted("You may not change this case")
    return found


def _locked_plan(plan_id: int) -> SentencePlan:
    return SentencePlan.objects.select_for_update().select_related("person").get(pk=plan_id)


def _bump(model, obj, version: int, **changes) -> None:
    updated = model.objects.filter(pk=obj.pk, version=version).update(**changes, version=F("version") + 1)
    if not updated:
        raise StaleRecord()
    obj.refresh_from_db()


def _today(today: date | None) -> date:
    return today or timezone.localdate()


@transaction.atomic
def plan_start(*, by_user, person: Person, today: date | None = None) -> SentencePlan:
    """Begin a plan for the current sentence or release, due in working days from it, carrying the
    person's diversity needs and adjustments from their record."""
    today = _today(today)
    person = _writable(by_user, Person.objects.select_for_update().get(pk=person.pk))
    if SentencePlan.objects.filter(person=person, status__in=PlanStatus.in_progress()).exists():
        _raise([("__all__", "A plan is already in progress for this case")])
    due = selectors.plan_due(person, current_policy())
    if due is None:
        _raise([("__all__", "There is no current sentence or release to plan for")])
    needs, adjustments = rules.diversity_summary(
        disability=person.disability,
        disability_adjustments=person.disability_adjustments,
        first_language=person.first_language,
        interpreter_required=person.interpreter_required,
        literacy_need=person.literacy_need,
        caring_responsibilities=person.caring_responsibilities,
        pregnancy_maternity=person.pregnancy_maternity,
        gender_identity=person.gender_identity,
    )
    plan = SentencePlan.objects.create(
        person=person,
        disposal=due.disposal,
        starts_from=due.starts_from,
        due_by=due.due_by,
        author=by_user,
        started_on=today,
        diversity_needs=needs,
        adjustments=adjustments,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=plan,
        person=person,
        summary=f"Started a sentence plan, due by {plan.due_by:%d/%m/%Y}",
    )
    return plan


PLAN_FIELDS = ("persons_own_words", "involvement", "involvement_notes", "diversity_needs", "adjustments")


@transaction.atomic
def plan_update(*, by_user, plan_id: int, version: int, changes: dict) -> SentencePlan:
    """Change the person's own words, how they were involved, and their diversity needs and adjustments."""
    plan = _locked_plan(plan_id)
    _writable(by_user, plan.person)
    if not plan.is_editable:
        raise NotPermitted("This plan cannot be changed now")
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"These cannot be changed here: {', '.join(sorted(unknown))}")
    if changes.get("involvement", "") not in {"", *Involvement.values}:
        _raise([("involvement", "Select how the person was involved")])
    before = model_to_dict(plan, fields=list(changes))
    _bump(
        SentencePlan, plan, version, **{k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    )
    diff = changes_between(before, model_to_dict(plan, fields=list(changes)))
    if diff:
        audit_record(
            user=by_user,
            action=Action.UPDATE,
            obj=plan,
            person=plan.person,
            summary="Changed the sentence plan: " + ", ".join(diff),
            detail={"fields": sorted(diff)},
        )
    return plan


@transaction.atomic
def objective_save(
    *,
    by_user,
    plan_id: int,
    objective_id: int | None = None,
    version: int | None = None,
    description: str,
    needs: Iterable[str] = (),
    requirement_ids: Iterable[int] = (),
    risk_action_ids: Iterable[int] = (),
    owner: str = ObjectiveOwner.PERSON,
    owner_name: str = "",
    target_date: date | None,
    status: str = ObjectiveStatus.OPEN,
    progress: str = "",
) -> Objective:
    """Add an objective to a plan, or change one (with the version the user saw)."""
    plan = _locked_plan(plan_id)
    person = _writable(by_user, plan.person)
    if not plan.is_editable:
        raise NotPermitted("This plan cannot be changed now")
    needs, requirement_ids, risk_action_ids = (
        list(needs),
        [int(i) for i in requirement_ids],
        [int(i) for i in risk_action_ids],
    )
    problems: Problems = []
    if not description.strip():
        problems.append(("description", "Describe the objective"))
    if target_date is None:
        problems.append(("target_date", "Enter a target date"))
    if set(needs) - set(Need.values):
        problems.append(("needs", "Select needs from the list"))
    if owner not in ObjectiveOwner.values:
        problems.append(("owner", "Select who owns the objective"))
    if status not in ObjectiveStatus.values:
        problems.append(("status", "Select the objective's progress"))
    allowed_requirements = {r.pk for r in selectors.plannable_requirements(person)}
    if set(requirement_ids) - allowed_requirements:
        problems.append(("requirements", "Select requirements of this person's current sentence"))
    allowed_actions = set(RiskAction.objects.filter(person=person).values_list("pk", flat=True))
    if set(risk_action_ids) - allowed_actions:
        problems.append(("risk_actions", "Select risk actions from this person's risk management plan"))
    problems += rules.objective_problems(
        target_date=target_date,
        started_on=plan.started_on,
        owner=owner,
        owner_name=owner_name,
        linked_count=len(needs) + len(requirement_ids) + len(risk_action_ids),
    )
    _raise(problems)
    values = {
        "description": description.strip(),
        "needs": needs,
        "owner": owner,
        "owner_name": owner_name.strip(),
        "target_date": target_date,
        "status": status,
        "progress": progress.strip(),
    }
    if objective_id is None:
        objective = Objective.objects.create(plan=plan, **values)
        summary = "Added a plan objective"
    else:
        objective = Objective.objects.filter(plan=plan, pk=objective_id).first()
        if objective is None:
            raise NotPermitted("No such objective on this plan")
        _bump(Objective, objective, version if version is not None else -1, **values)
        summary = "Changed a plan objective"
    objective.requirements.set(requirement_ids)
    objective.risk_actions.set(risk_action_ids)
    audit_record(
        user=by_user,
        action=Action.CREATE if objective_id is None else Action.UPDATE,
        obj=objective,
        person=person,
        summary=summary,
        detail={"needs": needs, "requirements": requirement_ids, "risk_actions": risk_action_ids},
    )
    return objective


def _activate(plan: SentencePlan, today: date, **changes) -> dict:
    """Supersede the plan in force and return the changes that put this one in its place."""
    SentencePlan.objects.filter(person=plan.person, status=PlanStatus.ACTIVE).exclude(pk=plan.pk).update(
        status=PlanStatus.SUPERSEDED, version=F("version") + 1
    )
    policy = current_policy()
    changes.update(
        status=PlanStatus.ACTIVE,
        completed_on=today,
        next_review_due=rules.scheduled_review_due(today, policy),
    )
    return changes


@transaction.atomic
def plan_submit(*, by_user, plan_id: int, version: int, today: date | None = None) -> SentencePlan:
    """Finish the plan: it is in force at once, or (RoSH high or very high) waits for an SPO's
    countersignature."""
    today = _today(today)
    plan = _locked_plan(plan_id)
    person = _writable(by_user, plan.person)
    if plan.status != PlanStatus.DRAFT:
        raise NotPermitted("Only a draft plan can be submitted")
    _raise(
        rules.submit_problems(
            objective_count=plan.objectives.count(),
            involvement=plan.involvement,
            involvement_notes=plan.involvement_notes,
        )
    )
    common = {"submitted_on": today, "rosh_at_submission": person.rosh, "returned_notes": ""}
    if rules.needs_countersignature(person.rosh):
        _bump(
            SentencePlan,
            plan,
            version,
            status=PlanStatus.AWAITING_COUNTERSIGNATURE,
            needs_countersignature=True,
            **common,
        )
        summary = "Submitted the sentence plan for countersignature"
    else:
        if plan.version != version:
            raise StaleRecord()
        _bump(SentencePlan, plan, version, **_activate(plan, today, needs_countersignature=False, **common))
        summary = "Submitted the sentence plan: now in force"
    audit_record(user=by_user, action=Action.UPDATE, obj=plan, person=person, summary=summary)
    return plan


@transaction.atomic
def plan_countersign(
    *, by_user, plan_id: int, version: int, decision: str, notes: str = "", today: date | None = None
) -> SentencePlan:
    """An SPO of the case's team countersigns the plan (it comes into force), or returns it to its
    author with notes. The author can never countersign their own plan."""
    today = _today(today)
    plan = _locked_plan(plan_id)
    found, access = case_access(by_user, plan.person.crn)
    if found is None or not access.allowed:
        raise NotPermitted("You may not countersign on this case")
    problems = rules.countersign_problems(
        signer_id=by_user.pk,
        author_id=plan.author_id,
        is_spo=selectors.can_countersign(by_user, found),
        status=plan.status,
    )
    if problems:
        raise NotPermitted(problems[0][1])
    if decision not in {"countersign", "return"}:
        _raise([("decision", "Select whether you countersign the plan")])
    if decision == "return":
        if not notes.strip():
            _raise([("notes", "Say what the author needs to change")])
        _bump(SentencePlan, plan, version, status=PlanStatus.DRAFT, returned_notes=notes.strip())
        summary = "Returned the sentence plan to its author"
    else:
        if plan.version != version:
            raise StaleRecord()
        _bump(
            SentencePlan,
            plan,
            version,
            **_activate(
                plan,
                today,
                countersigned_by=by_user,
                countersigned_on=today,
                countersignature_notes=notes.strip(),
            ),
        )
        summary = "Countersigned the sentence plan: now in force"
    audit_record(user=by_user, action=Action.UPDATE, obj=plan, person=plan.person, summary=summary)
    return plan


@transaction.atomic
def plan_review(
    *,
    by_user,
    plan_id: int,
    version: int,
    reason: str,
    summary: str,
    reviewed_on: date | None,
    significant_event_id: int | None = None,
    persons_views: str = "",
    today: date | None = None,
) -> PlanReview:
    """Record a review of the plan in force; the next scheduled review is due the set interval on."""
    today = _today(today)
    plan = _locked_plan(plan_id)
    person = _writable(by_user, plan.person)
    if plan.status != PlanStatus.ACTIVE:
        raise NotPermitted("Only the plan in force can be reviewed")
    problems: Problems = []
    if reason not in ReviewReason.values:
        problems.append(("reason", "Select why the plan is being reviewed"))
    event = None
    if significant_event_id:
        event = SignificantEvent.objects.filter(person=person, pk=significant_event_id).first()
        if event is None:
            problems.append(("significant_event", "Select a significant event recorded on this case"))
    if reason == ReviewReason.SIGNIFICANT_EVENT and event is None and not problems:
        problems.append(("significant_event", "Select the significant event this review follows"))
    if not summary.strip():
        problems.append(("summary", "Summarise the review: what has changed and what happens next"))
    if reviewed_on is None:
        problems.append(("reviewed_on", "Enter the date of the review"))
    elif reviewed_on > today:
        problems.append(("reviewed_on", "The date of the review must be today or in the past"))
    elif plan.completed_on and reviewed_on < plan.completed_on:
        problems.append(("reviewed_on", "The review cannot be before the plan came into force"))
    _raise(problems)
    next_due = rules.scheduled_review_due(reviewed_on, current_policy())
    _bump(SentencePlan, plan, version, last_reviewed_on=reviewed_on, next_review_due=next_due)
    review = PlanReview.objects.create(
        plan=plan,
        reason=reason,
        significant_event=event,
        reviewed_on=reviewed_on,
        reviewed_by=by_user,
        summary=summary.strip(),
        persons_views=persons_views.strip(),
        next_review_due=next_due,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=review,
        person=person,
        summary=f"Reviewed the sentence plan ({review.get_reason_display().lower()})",
    )
    return review
