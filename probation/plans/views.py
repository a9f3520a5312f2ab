"""Sentence plan pages on a case. Each view opens the case first (not found / restricted), then asks
whether the user may act; inspectors read only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.people.views import _case_context, _open_case

from . import rules, selectors, services
from .constants import PlanStatus
from .forms import CountersignForm, ObjectiveForm, PlanDetailsForm, ReviewForm, SubmitForm, add_problems
from .models import SentencePlan
from .policy import current_policy

TAB = "plan"


def _forbidden(request):
    return render(request, "403.html", status=403)


def _context(request, person, **extra):
    context = _case_context(request, person, TAB, **extra)
    context["can_edit"] = selectors.can_write(request.user, person)
    return context


def _plan_url(person) -> str:
    return reverse("plans:plan", args=[person.crn])


def _plan_or_404(person, pk) -> SentencePlan:
    plan = (
        SentencePlan.objects.filter(person=person, pk=pk).select_related("author", "countersigned_by").first()
    )
    if plan is None:
        raise Http404("No such plan on this case")
    return plan


def _save(form, call, on_success):
    """Run a service call for a valid form: field problems beside their fields, a stale version on top."""
    try:
        result = call()
    except ValidationError as error:
        add_problems(form, error)
    except StaleRecord:
        form.add_error(None, STALE_RECORD_MESSAGE)
    else:
        return on_success(result)
    return None


def _writable_case(request, crn):
    """The case if the user may change it; otherwise the refusal to return."""
    person, refusal = _open_case(request, crn)
    if refusal:
        return None, refusal
    if not selectors.can_write(request.user, person):
        return None, _forbidden(request)
    return person, None


@login_required
def plan_page(request, crn):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Viewed sentence plan")
    today = timezone.localdate()
    policy = current_policy()
    plans = selectors.case_plans(person)
    in_progress = next((p for p in plans if p.status in PlanStatus.in_progress()), None)
    active = next((p for p in plans if p.status == PlanStatus.ACTIVE), None)
    plan = in_progress or active
    due = selectors.plan_due(person, policy)
    context = {
        "today": today,
        "plan": plan,
        "active": active,
        "due": due,
        "plan_outstanding": selectors.plan_outstanding(due, plans),
        "previous": [p for p in plans if p not in (in_progress, active)],
    }
    if plan is not None:
        objectives = selectors.plan_objectives(plan)
        assessment, ratings = selectors.latest_need_ratings(person)
        requirements = selectors.plannable_requirements(person)
        events = selectors.case_significant_events(person)
        reviews = selectors.plan_reviews(plan)
        reviewed_ids = {r.significant_event_id for r in reviews if r.significant_event_id}
        record_needs, record_adjustments = rules.diversity_summary(
            disability=person.disability,
            disability_adjustments=person.disability_adjustments,
            first_language=person.first_language,
            interpreter_required=person.interpreter_required,
            literacy_need=person.literacy_need,
            caring_responsibilities=person.caring_responsibilities,
            pregnancy_maternity=person.pregnancy_maternity,
            gender_identity=person.gender_identity,
        )
        context.update(
            objectives=objectives,
            assessment=assessment,
            ratings=ratings,
            gaps=selectors.plan_gaps(objectives, ratings, requirements),
            reviews=reviews,
            review_due=selectors.review_due_for_plan(plan, events, reviewed_ids, policy),
            record_needs=record_needs,
            record_adjustments=record_adjustments,
            record_changed=(record_needs, record_adjustments) != (plan.diversity_needs, plan.adjustments),
            may_countersign=plan.status == PlanStatus.AWAITING_COUNTERSIGNATURE
            and plan.author_id != request.user.pk
            and selectors.can_countersign(request.user, person),
            on_time=plan.completed_on <= plan.due_by if plan.completed_on else None,
        )
    return render(request, "plans/plan.html", _context(request, person, **context))


@login_required
@require_POST
def start(request, crn):
    person, refusal = _writable_case(request, crn)
    if refusal:
        return refusal
    try:
        services.plan_start(by_user=request.user, person=person)
    except ValidationError:
        # A plan already in progress, or nothing to plan for: the plan page shows which.
        pass
    else:
        messages.success(request, "Sentence plan started")
    return redirect(_plan_url(person))


@login_required
def edit(request, crn, pk):
    person, refusal = _writable_case(request, crn)
    if refusal:
        return refusal
    plan = _plan_or_404(person, pk)
    if not plan.is_editable:
        return redirect(_plan_url(person))
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS} | {"version": plan.version}
    form = PlanDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def done(result):
            messages.success(request, "Sentence plan saved")
            return redirect(_plan_url(person))

        response = _save(
            form,
            lambda: services.plan_update(
                by_user=request.user,
                plan_id=plan.pk,
                version=data["version"],
                changes={name: data[name] for name in services.PLAN_FIELDS},
            ),
            done,
        )
        if response:
            return response
    return render(request, "plans/edit.html", _context(request, person, plan=plan, form=form))


@login_required
def objective(request, crn, pk, objective_id=None):
    person, refusal = _writable_case(request, crn)
    if refusal:
        return refusal
    plan = _plan_or_404(person, pk)
    if not plan.is_editable:
        return redirect(_plan_url(person))
    existing = None
    initial = {}
    if objective_id is not None:
        existing = plan.objectives.filter(pk=objective_id).first()
        if existing is None:
            raise Http404("No such objective on this plan")
        initial = {
            "version": existing.version,
            "description": existing.description,
            "needs": existing.needs,
            "requirements": [r.pk for r in existing.requirements.all()],
            "risk_actions": [a.pk for a in existing.risk_actions.all()],
            "owner": existing.owner,
            "owner_name": existing.owner_name,
            "target_date": existing.target_date,
            "status": existing.status,
            "progress": existing.progress,
        }
    form = ObjectiveForm(
        request.POST or None,
        initial=initial,
        requirements=selectors.plannable_requirements(person),
        risk_actions=selectors.plannable_risk_actions(person),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def done(result):
            messages.success(request, "Objective saved")
            return redirect(_plan_url(person))

        response = _save(
            form,
            lambda: services.objective_save(
                by_user=request.user,
                plan_id=plan.pk,
                objective_id=existing.pk if existing else None,
                version=data["version"],
                description=data["description"],
                needs=data["needs"],
                requirement_ids=data["requirements"],
                risk_action_ids=data["risk_actions"],
                owner=data["owner"],
                owner_name=data["owner_name"],
                target_date=data["target_date"],
                status=data["status"],
                progress=data["progress"],
            ),
            done,
        )
        if response:
            return response
    return render(
        request, "plans/objective.html", _context(request, person, plan=plan, form=form, objective=existing)
    )


@login_required
def submit(request, crn, pk):
    person, refusal = _writable_case(request, crn)
    if refusal:
        return refusal
    plan = _plan_or_404(person, pk)
    if plan.status != PlanStatus.DRAFT:
        return redirect(_plan_url(person))
    form = SubmitForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():

        def done(result):
            messages.success(request, result.get_status_display())
            return redirect(_plan_url(person))

        response = _save(
            form,
            lambda: services.plan_submit(
                by_user=request.user, plan_id=plan.pk, version=form.cleaned_data["version"]
            ),
            done,
        )
        if response:
            return response
    return render(
        request,
        "plans/submit.html",
        _context(
            request,
            person,
            plan=plan,
            form=form,
            needs_countersignature=rules.needs_countersignature(person.rosh),
        ),
    )


@login_required
def countersign(request, crn, pk):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    plan = _plan_or_404(person, pk)
    if (
        plan.status != PlanStatus.AWAITING_COUNTERSIGNATURE
        or plan.author_id == request.user.pk
        or not selectors.can_countersign(request.user, person)
    ):
        return _forbidden(request)
    form = CountersignForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def done(result):
            messages.success(
                request,
                "Plan countersigned" if result.status == PlanStatus.ACTIVE else "Plan returned to its author",
            )
            return redirect(_plan_url(person))

        try:
            response = _save(
                form,
                lambda: services.plan_countersign(
                    by_user=request.user,
                    plan_id=plan.pk,
                    version=data["version"],
                    decision=data["decision"],
                    notes=data["notes"],
                ),
                done,
            )
        except NotPermitted:
            return _forbidden(request)
        if response:
            return response
    return render(
        request,
        "plans/countersign.html",
        _context(
            request,
            person,
            plan=plan,
            form=form,
            objectives=selectors.plan_objectives(plan),
        ),
    )


@login_required
def review(request, crn, pk):
    person, refusal = _writable_case(request, crn)
    if refusal:
        return refusal
    plan = _plan_or_404(person, pk)
    if plan.status != PlanStatus.ACTIVE:
        return redirect(_plan_url(person))
    events = selectors.case_significant_events(person)
    event_id = request.GET.get("event")
    initial = {"version": plan.version, "reviewed_on": timezone.localdate()}
    if event_id and event_id.isdigit():
        initial |= {"significant_event": int(event_id), "reason": "significant_event"}
    form = ReviewForm(request.POST or None, initial=initial, events=events)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def done(result):
            messages.success(request, "Review recorded")
            return redirect(_plan_url(person))

        response = _save(
            form,
            lambda: services.plan_review(
                by_user=request.user,
                plan_id=plan.pk,
                version=data["version"],
                reason=data["reason"],
                summary=data["summary"],
                reviewed_on=data["reviewed_on"],
                significant_event_id=data["significant_event"],
                persons_views=data["persons_views"],
            ),
            done,
        )
        if response:
            return response
    return render(request, "plans/review.html", _context(request, person, plan=plan, form=form))
