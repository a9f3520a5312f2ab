"""Allocation pages. Each view starts by asking `access` whether the user may use it, then reads
through a scoped selector, so an allocation outside the user's scope is simply not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.access import restricted_message, visible_cases
from probation.people.views import _case_context, _open_case
from probation.sentences.services import court_case_record

from . import access, rules, selectors, services
from .constants import AllocationStatus, EscalationStatus
from .forms import (
    AcknowledgeForm,
    CourtCaseForm,
    DecisionForm,
    EscalationDecisionForm,
    EscalationReallocateForm,
    EscalationReferForm,
    FindCaseForm,
    ReallocateForm,
)

PAGE_SIZE = 50


def _posted(request):
    """The submitted data on a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _forbidden(request):
    return render(request, "403.html", status=403)


def _restricted(request, person):
    audit_record(user=request.user, action=Action.REFUSED, obj=person, summary="Refused: limited access")
    return render(
        request,
        "people/restricted.html",
        {"message": restricted_message(person), "crn": person.crn},
        status=403,
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def home(request):
    user = request.user
    if not access.may_use_allocations(user):
        return _forbidden(request)
    return render(
        request,
        "allocation/home.html",
        {
            "counts": selectors.summary_counts(user),
            "court_team": access.is_court_team(user),
        },
    )


# The court team's queue and decisions -----------------------------------------------------------------


@login_required
def queue(request):
    user = request.user
    if not access.is_court_team(user):
        return _forbidden(request)
    today = timezone.localdate()
    rows = selectors.allocation_queue(user, today=today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        user=user,
        action=Action.VIEW,
        summary="Viewed the allocation queue",
        detail={"page": page.number, "count": len(page.object_list)},
    )
    return render(
        request,
        "allocation/queue.html",
        {
            "page": page,
            "today": today,
            "handed_over": list(selectors.decided_awaiting_acknowledgement(user)[:PAGE_SIZE]),
        },
    )


@login_required
def decide(request, pk: int):
    user = request.user
    if not access.is_court_team(user):
        return _forbidden(request)
    allocation = (
        selectors.court_allocations(user)
        .select_related("person", "disposal", "provider", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if allocation is None:
        raise Http404("No allocation with that number")
    person = allocation.person
    if allocation.access_blocked:
        return _restricted(request, person)
    today = timezone.localdate()
    if allocation.status != AllocationStatus.AWAITING_DECISION:
        audit_record(
            user=user, action=Action.VIEW, obj=allocation, person=person, summary="Viewed allocation decision"
        )
        return render(request, "allocation/decided.html", {"allocation": allocation, "person": person})

    providers = selectors.providers()
    form = DecisionForm(
        _posted(request),
        providers=providers,
        initial={"facing_deportation": allocation.facing_deportation},
    )
    deportation = allocation.facing_deportation
    if request.method == "POST" and form.is_valid():
        deportation = form.cleaned_data["facing_deportation"]
        try:
            services.allocation_decide(
                by_user=user,
                allocation=allocation,
                provider=form.chosen_provider,
                accept=form.cleaned_data["decision"] == "accept",
                rationale=form.cleaned_data["rationale"],
                facing_deportation=deportation,
                on=today,
            )
        except StaleRecord:
            form.add_error(
                None,
                "Someone else has decided this allocation since you opened it. "
                "Go back to the queue to see their decision.",
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Allocation for {person.full_name} decided and handed over")
            return redirect(reverse("allocation:queue"))
    elif request.method != "POST":
        audit_record(
            user=user,
            action=Action.VIEW,
            obj=allocation,
            person=person,
            summary="Opened allocation to decide",
        )
    decision, inputs = selectors.recommendation(allocation, facing_deportation=deportation, on=today)
    config = selectors.allocation_config()
    highest = rules.is_highest_tier(person.tier)
    region = selectors.region_for(person)
    disposal = selectors.disposal_with_details(allocation.disposal_id)
    return render(
        request,
        "allocation/decide.html",
        {
            "allocation": allocation,
            "person": person,
            "form": form,
            "decision": decision,
            "inputs": inputs,
            "disposal": disposal,
            "recommended_label": services.PROVIDER_TYPE_LABELS[decision.provider_type],
            "allocation_due": rules.allocation_due(allocation.received_on, highest, region, config=config),
            "first_appointment_due": rules.first_appointment_due(
                allocation.received_on, highest, region, config=config
            ),
            "highest_tier": highest,
        },
    )


# Handovers to the receiving provider --------------------------------------------------------------------


@login_required
def handovers(request):
    user = request.user
    if not access.may_receive_handovers(user):
        return _forbidden(request)
    page = Paginator(selectors.handovers(user), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_record(
        user=user,
        action=Action.VIEW,
        summary="Viewed handovers awaiting acknowledgement",
        detail={"page": page.number},
    )
    return render(request, "allocation/handovers.html", {"page": page, "today": timezone.localdate()})


@login_required
def handover(request, pk: int):
    user = request.user
    if not access.may_receive_handovers(user):
        return _forbidden(request)
    allocation = selectors.handovers(user).filter(pk=pk).first()
    if allocation is None:
        raise Http404("No handover with that number awaiting acknowledgement")
    person = allocation.person
    if allocation.access_blocked:
        return _restricted(request, person)
    officers = selectors.candidate_officers(user)
    form = AcknowledgeForm(_posted(request), officers=officers)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_acknowledge(by_user=user, allocation=allocation, officer=form.chosen_officer)
        except StaleRecord:
            form.add_error(None, "Someone else has acknowledged this handover since you opened it.")
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Handover acknowledged: {form.chosen_officer} is now responsible for {person.full_name}",
            )
            return redirect(reverse("allocation:handovers"))
    elif request.method != "POST":
        audit_record(user=user, action=Action.VIEW, obj=allocation, person=person, summary="Opened handover")
    return render(
        request,
        "allocation/handover.html",
        {
            "allocation": allocation,
            "person": person,
            "form": form,
            "officers": officers,
            "today": timezone.localdate(),
        },
    )


# Risk escalation ------------------------------------------------------------------------------------------


@login_required
def escalations(request):
    user = request.user
    if not access.may_accept_escalations(user):
        return _forbidden(request)
    rows = selectors.open_escalations(user)
    audit_record(
        user=user, action=Action.VIEW, summary="Viewed risk escalations", detail={"count": len(rows)}
    )
    return render(request, "allocation/escalations.html", {"rows": rows})


@login_required
def escalation(request, pk: int):
    user = request.user
    if not access.may_accept_escalations(user):
        return _forbidden(request)
    referral = (
        selectors.escalation_scope(user)
        .select_related("person", "from_provider", "referred_by", "assessment")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404("No referral with that number")
    person = referral.person
    if referral.access_blocked:
        return _restricted(request, person)
    officers = selectors.candidate_officers(user)
    open_form = referral.status in (EscalationStatus.REFERRED, EscalationStatus.ACCEPTED)
    form_class = (
        EscalationDecisionForm if referral.status == EscalationStatus.REFERRED else EscalationReallocateForm
    )
    form = form_class(_posted(request), officers=officers) if open_form else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            if form_class is EscalationReallocateForm:
                services.escalation_reallocate(by_user=user, referral=referral, officer=form.chosen_officer)
                done = f"{person.full_name} reallocated to {form.chosen_officer}"
            elif form.cleaned_data["decision"] == EscalationDecisionForm.DECLINE:
                services.escalation_decline(
                    by_user=user, referral=referral, reason=form.cleaned_data["decline_reason"]
                )
                done = "Referral declined"
            else:
                officer = (
                    form.chosen_officer
                    if form.cleaned_data["decision"] == EscalationDecisionForm.ACCEPT_NOW
                    else None
                )
                services.escalation_accept(by_user=user, referral=referral, officer=officer)
                done = (
                    f"Referral accepted{f': {person.full_name} reallocated to {officer}' if officer else ''}"
                )
        except StaleRecord:
            form.add_error(None, "Someone else has dealt with this referral since you opened it.")
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(reverse("allocation:escalations"))
    elif request.method != "POST":
        audit_record(
            user=user, action=Action.VIEW, obj=referral, person=person, summary="Opened risk escalation"
        )
    return render(
        request,
        "allocation/escalation.html",
        {
            "referral": referral,
            "person": person,
            "form": form,
            "today": timezone.localdate(),
            "days_waiting": (timezone.localdate() - referral.referred_on).days,
        },
    )


# On the case ------------------------------------------------------------------------------------------------


def _may_reallocate(user, person) -> bool:
    return (
        access.is_manager(user)
        and person.provider_id == user.provider_id
        and selectors.managed_teams(user).filter(pk=person.team_id).exists()
    )


@login_required
def case_allocation(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    user = request.user
    audit_record(
        user=user, action=Action.VIEW, obj=person, summary="Viewed allocation and escalation history"
    )
    today = timezone.localdate()
    changes = rules.changes_in_last_12_months(selectors.assignment_start_dates(person), today)
    return render(
        request,
        "allocation/case.html",
        _case_context(
            request,
            person,
            "allocation",
            allocations=selectors.case_allocations(person),
            referrals=selectors.case_escalations(person),
            changes_in_12_months=changes,
            may_reallocate=not user.is_inspector and _may_reallocate(user, person),
            may_refer=not user.is_inspector
            and access.may_refer_escalation(user, person)
            and services.escalation_needed(person),
        ),
    )


@login_required
def case_reallocate(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    user = request.user
    if not _may_reallocate(user, person):
        return _forbidden(request)
    today = timezone.localdate()
    count, warning = services.continuity_warning(person, today)
    warning_label = (
        f"I understand this is the {rules.ordinal(count)} change of officer in 12 months" if warning else ""
    )
    officers = selectors.candidate_officers(user, exclude=person.officer)
    form = ReallocateForm(
        _posted(request),
        officers=officers,
        warning_label=warning_label,
        initial={"version": person.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_reallocate(
                by_user=user,
                person=person,
                officer=form.chosen_officer,
                version=data["version"],
                reason=data["reason"],
                reason_detail=data["reason_detail"],
                warning_understood=data.get("warning_understood", False),
                on=today,
            )
        except StaleRecord:
            form.add_error(
                None,
                "This case has changed since you opened it. Reload the page to see the "
                "changes, then make your change again.",
            )
        except (ValidationError, NotPermitted) as error:
            _add_errors(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
        else:
            messages.success(request, f"{form.chosen_officer} is now the responsible officer")
            return redirect(reverse("allocation:case", args=[person.crn]))
    elif request.method != "POST":
        audit_record(user=user, action=Action.VIEW, obj=person, summary="Opened reallocation")
    return render(
        request,
        "allocation/reallocate.html",
        _case_context(
            request,
            person,
            "allocation",
            form=form,
            warning=warning,
            count=count,
            officers=officers,
        ),
    )


@login_required
def case_escalate(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    user = request.user
    if not access.may_refer_escalation(user, person):
        return _forbidden(request)
    form = EscalationReferForm(_posted(request))
    refusal_message = services.escalation_refusal(person)
    if request.method == "POST" and not refusal_message and form.is_valid():
        try:
            services.escalation_refer(by_user=user, person=person, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Case referred to the public provider")
            return redirect(reverse("allocation:case", args=[person.crn]))
    elif request.method != "POST":
        audit_record(user=user, action=Action.VIEW, obj=person, summary="Opened risk escalation referral")
    return render(
        request,
        "allocation/escalate.html",
        _case_context(
            request,
            person,
            "allocation",
            form=form,
            refusal_message=refusal_message,
        ),
    )


# A new court case -------------------------------------------------------------------------------------------


@login_required
def court_case_find(request):
    """The court team finds the person sentenced by their CRN. A CRN outside the user's scope gets
    the same answer as one that does not exist."""
    user = request.user
    if not access.is_court_team(user):
        return _forbidden(request)
    form = FindCaseForm(request.GET if "crn" in request.GET else None)
    if form.is_bound and form.is_valid():
        crn = form.cleaned_data["crn"]
        person = visible_cases(user).filter(crn=crn).first()
        audit_record(
            user=user,
            action=Action.SEARCH,
            summary="Searched for a case to record a court case",
            detail={"crn": crn, "found": person is not None},
        )
        if person is None:
            form.add_error("crn", "No case you can see has that case reference number")
        else:
            return redirect(reverse("allocation:court-case-new", args=[person.crn]))
    return render(request, "allocation/court_case_find.html", {"form": form})


@login_required
def court_case_new(request, crn: str):
    user = request.user
    if not access.is_court_team(user):
        return _forbidden(request)
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    form = CourtCaseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            allocation = court_case_record(by_user=user, person=person, case=form.court_case())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Court case recorded and added to the allocation queue")
            return redirect(reverse("allocation:decide", args=[allocation.pk]))
    elif request.method != "POST":
        audit_record(user=user, action=Action.VIEW, obj=person, summary="Opened new court case")
    return render(request, "allocation/court_case_new.html", {"person": person, "form": form})
