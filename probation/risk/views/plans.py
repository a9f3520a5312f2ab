"""The risk management plan: what is being done about each identified risk, and the evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from probation.risk import selectors, services
from probation.risk.forms import (
    ContingencyForm,
    DeliverActionForm,
    PartnerAnswerForm,
    PartnerCheckForm,
    RiskActionForm,
)
from probation.risk.models import PartnerCheck, RiskAction, RiskManagementPlan

from ._common import audit_view, case_context, open_case, open_case_to_change, run_service, today


@login_required
def plan(request, crn: str):
    person, refusal = open_case(request, crn)
    if refusal:
        return refusal
    audit_view(request, person, "Viewed the risk management plan")
    return render(
        request,
        "risk/plan.html",
        case_context(request, person, **selectors.plan_detail(person, today=today())),
    )


@login_required
def plan_contingency(request, crn: str):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    existing = RiskManagementPlan.objects.filter(person=person).first()
    initial = {
        "contingency": existing.contingency if existing else "",
        "last_reviewed_on": existing.last_reviewed_on if existing else None,
        "version": existing.version if existing else 1,
    }
    form = ContingencyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            form,
            lambda: services.risk_plan_update(by_user=request.user, person=person, **form.cleaned_data),
        )
        if ok:
            messages.success(request, "Contingency plan saved")
            return redirect("risk:plan", person.crn)
    elif request.method != "POST":
        audit_view(request, person, "Opened the contingency plan to edit")
    return render(request, "risk/plan_contingency.html", case_context(request, person, form=form))


@login_required
def action_add(request, crn: str):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    risks = list(selectors.current_risks(person))
    initial = {"risk": request.GET.get("risk")} if request.GET.get("risk", "").isdigit() else {}
    form = RiskActionForm(request.POST or None, risks=risks, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        risk = next(r for r in risks if r.pk == data.pop("risk"))
        ok, _ = run_service(form, lambda: services.risk_action_add(by_user=request.user, risk=risk, **data))
        if ok:
            messages.success(request, "Action added to the risk management plan")
            return redirect("risk:plan", person.crn)
    elif request.method != "POST":
        audit_view(request, person, "Opened the form to add a risk plan action")
    return render(request, "risk/action_add.html", case_context(request, person, form=form, risks=risks))


@login_required
def action_deliver(request, crn: str, pk: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    action = get_object_or_404(RiskAction.objects.select_related("risk"), pk=pk, person=person)
    form = DeliverActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            form,
            lambda: services.risk_action_deliver(by_user=request.user, action=action, **form.cleaned_data),
        )
        if ok:
            messages.success(request, "Action recorded as delivered")
            return redirect("risk:plan", person.crn)
    elif request.method != "POST":
        audit_view(request, person, "Opened the form to record a risk plan action as delivered", obj=action)
    return render(
        request, "risk/action_deliver.html", case_context(request, person, form=form, action=action)
    )


@login_required
def check_add(request, crn: str):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    form = PartnerCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            form,
            lambda: services.partner_check_request(by_user=request.user, person=person, **form.cleaned_data),
        )
        if ok:
            messages.success(request, "Partner check requested")
            return redirect("risk:plan", person.crn)
    elif request.method != "POST":
        audit_view(request, person, "Opened the form to request a partner check")
    return render(request, "risk/check_add.html", case_context(request, person, form=form))


@login_required
def check_answer(request, crn: str, pk: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    check = get_object_or_404(PartnerCheck, pk=pk, person=person)
    form = PartnerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            form,
            lambda: services.partner_check_answer(by_user=request.user, check=check, **form.cleaned_data),
        )
        if ok:
            messages.success(request, "Answer recorded")
            return redirect("risk:plan", person.crn)
    elif request.method != "POST":
        audit_view(request, person, "Opened the form to record a partner check answer", obj=check)
    return render(request, "risk/check_answer.html", case_context(request, person, form=form, check=check))
