"""Interventions pages: the directory, a case's referrals and its partner-agency exchanges. Each view
starts by opening the case (deny by default) or, for the directory, by requiring a signed-in user;
pages that change the record refuse read-only users."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.people.access import case_access
from probation.people.views import _case_context, _open_case

from . import rules, selectors, services
from .constants import Category
from .forms import (
    ActionPlanForm,
    AvailabilityForm,
    ConfirmForm,
    DecisionForm,
    DirectoryFilterForm,
    EndForm,
    PartnerExchangeForm,
    PartnerResponseForm,
    ReferralForm,
    ReportForm,
    SessionForm,
)
from .models import Intervention, PartnerExchange

DIRECTORY_PAGE_SIZE = 50
TREATMENT = {Category.DRUG_TREATMENT, Category.ALCOHOL_TREATMENT}


def _forbidden(request, person=None, summary="Refused: read-only access"):
    if person is not None:
        audit_record(user=request.user, action=Action.REFUSED, obj=person, summary=summary)
    return render(request, "403.html", status=403)


def _open_to_change(request, crn):
    person, refusal = _open_case(request, crn)
    if refusal is None and not services.may_edit(request.user, person):
        refusal = _forbidden(request, person)
    return person, refusal


def _context(request, person, **extra):
    return _case_context(request, person, "interventions", **extra)


def _run(form, call):
    """Call a service; put a refusal beside its field (or at the top). Returns the result or None."""
    try:
        return call()
    except services.InvalidInput as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    except services.NotEligible as exc:
        for reason in exc.reasons:
            form.add_error(None, reason)
    except rules.TransitionRefused as exc:
        form.add_error(None, str(exc))
    except StaleRecord:
        form.add_error(None, STALE_RECORD_MESSAGE)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    return None


# ---------------------------------------------------------------------------------------------------
# The directory
# ---------------------------------------------------------------------------------------------------


def _directory_case(request, crn: str):
    """The case the directory was opened from, if the user may open it."""
    if not crn:
        return None
    person, access = case_access(request.user, crn.upper())
    if person is None or not access.allowed:
        return None
    return person


@login_required
def directory(request):
    user = request.user
    data = request.GET.copy()
    person = _directory_case(request, data.get("crn", "")[:7])
    if "area" not in data:
        # Opened from a case, the case's area; otherwise the user's own.
        area_id = person.team.area_id if person is not None and person.team_id else user.area_id
        if area_id:
            data["area"] = str(area_id)
    form = DirectoryFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    qs = selectors.directory(
        area_id=filters["area"].pk if filters.get("area") else None,
        need=filters.get("need", ""),
        sex=filters.get("sex", ""),
        category=filters.get("category", ""),
        text=filters.get("text", ""),
    )
    candidate = selectors.candidate_for(person, today) if person is not None else None
    if candidate is not None and filters.get("eligible"):
        qs = selectors.eligible_for(qs, candidate, today)
    page = Paginator(qs, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    if candidate is not None:
        audit_record(user=user, action=Action.VIEW, obj=person, summary="Checked interventions eligibility")
        for item in page:
            item.eligibility = rules.eligibility(candidate, selectors.offer_for(item), today)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "interventions/directory.html",
        {"form": form, "page": page, "person": person, "base_query": params.urlencode()},
    )


@login_required
def intervention_detail(request, pk: int):
    intervention = selectors.intervention_detail(pk)
    if intervention is None:
        raise Http404("No such intervention")
    person = _directory_case(request, request.GET.get("crn", ""))
    eligibility = None
    if person is not None:
        audit_record(
            user=request.user, action=Action.VIEW, obj=person, summary="Checked interventions eligibility"
        )
        eligibility = selectors.eligibility_for(person, intervention, timezone.localdate())
    return render(
        request,
        "interventions/intervention_detail.html",
        {
            "intervention": intervention,
            "person": person,
            "eligibility": eligibility,
            "may_update": services.may_update_availability(request.user, intervention),
            "may_refer": person is not None and services.may_edit(request.user, person),
        },
    )


@login_required
def availability(request, pk: int):
    intervention = get_object_or_404(Intervention.objects.select_related("area"), pk=pk)
    if not services.may_update_availability(request.user, intervention):
        return _forbidden(request)
    initial = {
        "capacity": intervention.capacity,
        "waiting_weeks": intervention.waiting_weeks,
        "accepting_referrals": intervention.accepting_referrals,
        "version": intervention.version,
    }
    form = AvailabilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _run(
            form,
            lambda: services.intervention_update_availability(
                by_user=request.user,
                intervention=intervention,
                version=d["version"],
                capacity=d["capacity"],
                waiting_weeks=d["waiting_weeks"],
                accepting_referrals=d["accepting_referrals"],
            ),
        )
        if done:
            messages.success(request, "Availability updated")
            return redirect("interventions:detail", pk=intervention.pk)
    return render(request, "interventions/availability.html", {"intervention": intervention, "form": form})


# ---------------------------------------------------------------------------------------------------
# A case's referrals
# ---------------------------------------------------------------------------------------------------


@login_required
def case_referrals(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Viewed interventions")
    return render(
        request,
        "interventions/case_referrals.html",
        _context(
            request,
            person,
            **selectors.case_referrals(person),
            may_see_sensitive=selectors.may_read_sensitive(request.user, person),
        ),
    )


@login_required
def referral_new(request, crn: str, intervention_pk: int):
    person, refusal = _open_to_change(request, crn)
    if refusal:
        return refusal
    intervention = selectors.intervention_detail(intervention_pk)
    if intervention is None:
        raise Http404("No such intervention")
    today = timezone.localdate()
    needs = [n.need for n in intervention.needs.all()]
    initial = {"risk_information": selectors.risk_summary(person)}
    form = ReferralForm(request.POST or None, needs=needs, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        referral = _run(
            form,
            lambda: services.referral_create(
                by_user=request.user,
                person=person,
                intervention=intervention,
                need=d["need"],
                desired_outcomes=d["desired_outcomes"],
                risk_information=d["risk_information"],
                further_information=d["further_information"],
            ),
        )
        if referral:
            messages.success(request, f"Referred to {intervention.name}")
            return redirect("referrals:detail", crn=person.crn, pk=referral.pk)
    elif request.method != "POST":
        audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Opened a referral form")
    eligibility = selectors.eligibility_for(person, intervention, today)
    return render(
        request,
        "interventions/referral_new.html",
        _context(request, person, intervention=intervention, form=form, eligibility=eligibility),
    )


def _referral(request, crn: str, pk: int, *, change: bool):
    person, refusal = (_open_to_change if change else _open_case)(request, crn)
    if refusal:
        return None, None, refusal
    row = selectors.referral_detail(person, pk)
    if row is None:
        raise Http404("No such referral")
    return person, row, None


@login_required
def referral_detail(request, crn: str, pk: int):
    person, row, refusal = _referral(request, crn, pk, change=False)
    if refusal:
        return refusal
    audit_record(
        user=request.user, action=Action.VIEW, obj=row.referral, person=person, summary="Viewed referral"
    )
    may_edit = services.may_edit(request.user, person)
    return render(
        request,
        "interventions/referral_detail.html",
        _context(
            request,
            person,
            row=row,
            referral=row.referral,
            may_edit=may_edit,
            may_approve=services.may_approve(request.user, person),
            is_treatment=row.referral.intervention.category in TREATMENT,
        ),
    )


def _step(
    request,
    crn,
    pk,
    *,
    action: str,
    form_class,
    template: str,
    call,
    form_kwargs=None,
    title: str,
    done_message: str,
    allowed=None,
):
    """One step in a referral's life: open to change, check the step is possible, show the form,
    run the service."""
    person, row, refusal = _referral(request, crn, pk, change=True)
    if refusal:
        return refusal
    referral = row.referral
    if allowed is not None and not allowed(request.user, person):
        return _forbidden(request, person, summary="Refused: may not approve the action plan")
    possible = action in row.actions or (action == "end" and ({"complete", "end_early"} & row.actions))
    if not possible:
        return render(
            request,
            "interventions/step_unavailable.html",
            _context(request, person, referral=referral, title=title),
            status=409,
        )
    extra = form_kwargs(row) if form_kwargs else {}
    form = form_class(request.POST or None, initial={"version": referral.version}, **extra)
    if request.method == "POST" and form.is_valid():
        if _run(form, lambda: call(referral, form)) is not None:
            messages.success(request, done_message)
            return redirect("referrals:detail", crn=person.crn, pk=referral.pk)
    return render(
        request, template, _context(request, person, referral=referral, row=row, form=form, title=title)
    )


@login_required
def referral_decision(request, crn: str, pk: int):
    def call(referral, form):
        d = form.cleaned_data
        if d["decision"] == "accept":
            return services.referral_accept(by_user=request.user, referral=referral, version=d["version"])
        return services.referral_decline(
            by_user=request.user,
            referral=referral,
            version=d["version"],
            reason=d["reason"],
            detail=d["detail"],
        )

    return _step(
        request,
        crn,
        pk,
        action="accept",
        form_class=DecisionForm,
        template="interventions/step_decision.html",
        call=call,
        title="Record the provider's decision",
        done_message="Decision recorded",
    )


@login_required
def referral_action_plan(request, crn: str, pk: int):
    def call(referral, form):
        d = form.cleaned_data
        return services.referral_submit_action_plan(
            by_user=request.user, referral=referral, version=d["version"], action_plan=d["action_plan"]
        )

    return _step(
        request,
        crn,
        pk,
        action="submit_action_plan",
        form_class=ActionPlanForm,
        template="interventions/step_action_plan.html",
        call=call,
        title="Submit the action plan",
        done_message="Action plan submitted for approval",
    )


@login_required
def referral_approve(request, crn: str, pk: int):
    def call(referral, form):
        return services.referral_approve_action_plan(
            by_user=request.user, referral=referral, version=form.cleaned_data["version"]
        )

    return _step(
        request,
        crn,
        pk,
        action="approve_action_plan",
        form_class=ConfirmForm,
        template="interventions/step_approve.html",
        call=call,
        title="Approve the action plan",
        done_message="Action plan approved",
        allowed=services.may_approve,
    )


@login_required
def session_new(request, crn: str, pk: int):
    def call(referral, form):
        d = form.cleaned_data
        return services.session_record(
            by_user=request.user,
            referral=referral,
            version=d["version"],
            starts_at=form.starts_at,
            attendance=d["attendance"],
            absence_reason=d["absence_reason"],
            test_result=d.get("test_result", ""),
            notes=d["notes"],
            record_contact=d["record_contact"],
        )

    return _step(
        request,
        crn,
        pk,
        action="record_session",
        form_class=SessionForm,
        template="interventions/step_session.html",
        call=call,
        title="Record a session",
        done_message="Session recorded",
        form_kwargs=lambda row: {"with_tests": row.referral.intervention.category in TREATMENT},
    )


@login_required
def referral_end(request, crn: str, pk: int):
    def call(referral, form):
        d = form.cleaned_data
        if d["ending"] == "complete":
            return services.referral_complete(by_user=request.user, referral=referral, version=d["version"])
        return services.referral_end_early(
            by_user=request.user,
            referral=referral,
            version=d["version"],
            reason=d["reason"],
            detail=d["detail"],
        )

    return _step(
        request,
        crn,
        pk,
        action="end",
        form_class=EndForm,
        template="interventions/step_end.html",
        call=call,
        title="End the intervention",
        done_message="Intervention ended",
        form_kwargs=lambda row: {"may_complete": "complete" in row.actions},
    )


@login_required
def referral_report(request, crn: str, pk: int):
    def call(referral, form):
        d = form.cleaned_data
        return services.referral_submit_report(
            by_user=request.user,
            referral=referral,
            version=d["version"],
            outcome=d["outcome"],
            text=d["text"],
        )

    return _step(
        request,
        crn,
        pk,
        action="submit_report",
        form_class=ReportForm,
        template="interventions/step_report.html",
        call=call,
        title="Submit the end-of-service report",
        done_message="End-of-service report submitted",
    )


# ---------------------------------------------------------------------------------------------------
# Partner agencies on a case
# ---------------------------------------------------------------------------------------------------


@login_required
def partner_exchanges(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Viewed partner agency exchanges")
    page = Paginator(selectors.case_exchanges(person), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "interventions/partner_exchanges.html",
        _context(
            request,
            person,
            page=page,
            may_see_sensitive=selectors.may_read_sensitive(request.user, person),
            may_edit=services.may_edit(request.user, person),
        ),
    )


@login_required
def partner_exchange_new(request, crn: str):
    person, refusal = _open_to_change(request, crn)
    if refusal:
        return refusal
    form = PartnerExchangeForm(request.POST or None, agencies=selectors.agencies_for(person))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _run(
            form,
            lambda: services.partner_exchange_create(
                by_user=request.user,
                person=person,
                agency=d["agency"],
                direction=d["direction"],
                subject=d["subject"],
                occurred_on=d["occurred_on"],
                summary=d["summary"],
                sensitive=d["sensitive"],
                response_received_on=d["response_received_on"],
            ),
        )
        if done:
            messages.success(request, "Partner agency exchange recorded")
            return redirect("referrals:partners", crn=person.crn)
    return render(
        request,
        "interventions/partner_exchange_form.html",
        _context(request, person, form=form, title="Record information requested or shared"),
    )


@login_required
def partner_exchange_edit(request, crn: str, pk: int):
    person, refusal = _open_to_change(request, crn)
    if refusal:
        return refusal
    exchange = get_object_or_404(
        PartnerExchange.objects.select_related("agency", "person"), pk=pk, person=person
    )
    if exchange.sensitive and not selectors.may_read_sensitive(request.user, person):
        return _forbidden(request, person, summary="Refused: sensitive partner information")
    initial = {
        "response_received_on": exchange.response_received_on,
        "summary": exchange.summary,
        "sensitive": exchange.sensitive,
        "version": exchange.version,
    }
    form = PartnerResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _run(
            form,
            lambda: services.partner_exchange_update(
                by_user=request.user,
                exchange=exchange,
                version=d["version"],
                changes={
                    "response_received_on": d["response_received_on"],
                    "summary": d["summary"],
                    "sensitive": d["sensitive"],
                },
            ),
        )
        if done:
            messages.success(request, "Partner agency exchange updated")
            return redirect("referrals:partners", crn=person.crn)
    return render(
        request,
        "interventions/partner_exchange_edit.html",
        _context(request, person, form=form, exchange=exchange),
    )
