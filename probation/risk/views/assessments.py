"""Assessment pages: start a version, edit the draft, submit, countersign or send back, and read any
version. Every view opens the case first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from probation.risk import selectors, services
from probation.risk.constants import AssessmentStatus
from probation.risk.forms import AssessmentForm, IdentifiedRiskForm, ReturnAssessmentForm, StartAssessmentForm
from probation.risk.models import IdentifiedRisk

from ._common import audit_view, case_context, open_case, open_case_to_change, run_service


def _assessment_or_404(person, sequence: int):
    assessment = selectors.assessment_detail(person, sequence)
    if assessment is None:
        raise Http404("No assessment with that number")
    return assessment


def _escalation_note(assessment) -> str:
    referral = getattr(assessment, "escalation", None)
    if referral is None:
        return ""
    return f". The case has been referred to {referral.to_provider} because its risk of serious harm rose"


def _assessment_url(person, assessment, name="risk:assessment"):
    return reverse(name, args=[person.crn, assessment.sequence])


@login_required
def assessment_start(request, crn: str):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    form = StartAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, draft = run_service(
            form,
            lambda: services.assessment_start(
                by_user=request.user, person=person, kind=form.cleaned_data["kind"]
            ),
        )
        if ok:
            messages.success(request, f"Risk assessment {draft.sequence} started")
            return redirect(_assessment_url(person, draft, "risk:assessment-edit"))
    elif request.method != "POST":
        audit_view(request, person, "Opened the form to start a risk assessment")
    return render(request, "risk/assessment_start.html", case_context(request, person, form=form))


@login_required
def assessment_detail(request, crn: str, sequence: int):
    person, refusal = open_case(request, crn)
    if refusal:
        return refusal
    assessment = _assessment_or_404(person, sequence)
    audit_view(request, person, f"Viewed risk assessment {assessment.sequence}", obj=assessment)
    user = request.user
    awaiting = assessment.status == AssessmentStatus.AWAITING_COUNTERSIGNATURE
    context = case_context(
        request,
        person,
        assessment=assessment,
        can_change_draft=(
            assessment.status == AssessmentStatus.DRAFT
            and assessment.assessed_by_id == user.pk
            and not user.is_inspector
        ),
        can_countersign=awaiting
        and not user.is_inspector
        and services.may_countersign(user, assessment, person),
        is_own_awaiting=awaiting and assessment.assessed_by_id == user.pk,
        return_form=ReturnAssessmentForm(),
        problems=services.submission_problems(assessment)
        if assessment.status == AssessmentStatus.DRAFT
        else {},
    )
    return render(request, "risk/assessment_detail.html", context)


@login_required
def assessment_edit(request, crn: str, sequence: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    assessment = _assessment_or_404(person, sequence)
    if assessment.status != AssessmentStatus.DRAFT or assessment.assessed_by_id != request.user.pk:
        return redirect(_assessment_url(person, assessment))
    needs = {row["need"]: row["severity"] for row in assessment.need_rows if row["severity"]}
    form = AssessmentForm(request.POST or None, initial=AssessmentForm.initial_for(assessment, needs))
    if request.method == "POST" and form.is_valid():
        submitting = "submit" in request.POST
        service = services.assessment_update_and_submit if submitting else services.assessment_update
        ok, saved = run_service(
            form,
            lambda: service(
                by_user=request.user,
                assessment=assessment,
                version=form.cleaned_data["version"],
                changes=form.changes(),
                needs=form.needs(),
            ),
        )
        if ok:
            if not submitting:
                messages.success(request, "Draft saved")
            elif saved.status == AssessmentStatus.AWAITING_COUNTERSIGNATURE:
                messages.success(request, "Assessment submitted: it now needs a countersignature")
            else:
                messages.success(request, "Assessment complete" + _escalation_note(saved))
            return redirect(
                _assessment_url(
                    person, saved, "risk:assessment-edit" if not submitting else "risk:assessment"
                )
            )
    elif request.method != "POST":
        audit_view(
            request, person, f"Opened draft risk assessment {assessment.sequence} to edit", obj=assessment
        )
    return render(
        request, "risk/assessment_edit.html", case_context(request, person, assessment=assessment, form=form)
    )


@login_required
@require_POST
def assessment_countersign(request, crn: str, sequence: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    assessment = _assessment_or_404(person, sequence)
    form = ReturnAssessmentForm()
    ok, signed = run_service(
        form, lambda: services.assessment_countersign(by_user=request.user, assessment=assessment)
    )
    if ok:
        messages.success(
            request,
            f"Risk assessment {assessment.sequence} countersigned and complete" + _escalation_note(signed),
        )
        return redirect("risk:overview", person.crn)
    return _detail_with_errors(request, person, assessment, form)


@login_required
def assessment_return(request, crn: str, sequence: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    assessment = _assessment_or_404(person, sequence)
    if request.method != "POST":
        return redirect(_assessment_url(person, assessment))
    form = ReturnAssessmentForm(request.POST)
    if form.is_valid():
        ok, _ = run_service(
            form,
            lambda: services.assessment_return(
                by_user=request.user, assessment=assessment, reason=form.cleaned_data["reason"]
            ),
        )
        if ok:
            messages.success(
                request, f"Risk assessment {assessment.sequence} sent back to {assessment.assessed_by}"
            )
            return redirect(_assessment_url(person, assessment))
    return _detail_with_errors(request, person, assessment, form)


def _detail_with_errors(request, person, assessment, form):
    context = case_context(
        request,
        person,
        assessment=assessment,
        can_countersign=services.may_countersign(request.user, assessment, person),
        return_form=form,
        problems={},
    )
    return render(request, "risk/assessment_detail.html", context, status=400)


@login_required
@require_POST
def assessment_discard(request, crn: str, sequence: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    assessment = _assessment_or_404(person, sequence)
    form = ReturnAssessmentForm()
    ok, _ = run_service(
        form, lambda: services.assessment_discard(by_user=request.user, assessment=assessment)
    )
    if ok:
        messages.success(request, f"Draft risk assessment {sequence} discarded")
        return redirect("risk:overview", person.crn)
    return _detail_with_errors(request, person, assessment, form)


@login_required
def identified_risk_add(request, crn: str, sequence: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    assessment = _assessment_or_404(person, sequence)
    if assessment.status != AssessmentStatus.DRAFT or assessment.assessed_by_id != request.user.pk:
        return redirect(_assessment_url(person, assessment))
    form = IdentifiedRiskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            form,
            lambda: services.identified_risk_add(
                by_user=request.user, assessment=assessment, **form.cleaned_data
            ),
        )
        if ok:
            messages.success(request, "Risk added")
            return redirect(_assessment_url(person, assessment, "risk:assessment-edit"))
    elif request.method != "POST":
        audit_view(request, person, f"Opened the form to add a risk to assessment {sequence}", obj=assessment)
    return render(
        request,
        "risk/identified_risk_add.html",
        case_context(request, person, assessment=assessment, form=form),
    )


@login_required
@require_POST
def identified_risk_remove(request, crn: str, sequence: int, risk_id: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    assessment = _assessment_or_404(person, sequence)
    risk = get_object_or_404(IdentifiedRisk, pk=risk_id, assessment_id=assessment.pk)
    form = ReturnAssessmentForm()
    ok, _ = run_service(form, lambda: services.identified_risk_remove(by_user=request.user, risk=risk))
    if ok:
        messages.success(request, "Risk removed")
        return redirect(_assessment_url(person, assessment, "risk:assessment-edit"))
    return _detail_with_errors(request, person, assessment, form)
