"""Oversight pages: a manager's queue, and the Oversight tab on a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import StaleRecord
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.people.views import _case_context, _open_case

from . import charges, forms, selectors, services, sfo
from .forms import OversightRecordForm, add_problems
from .models import SfoLearningAction

TAB = "oversight"


def _forbidden(request):
    return render(request, "403.html", status=403)


@login_required
def queue(request):
    if not selectors.may_oversee(request.user):
        return _forbidden(request)
    today = timezone.localdate()
    items = selectors.queue_for(request.user)
    overdue = selectors.overdue_oversight_for(request.user, today=today)
    return render(request, "oversight/queue.html", {"items": items, "overdue": overdue, "today": today})


@login_required
def case_oversight(request, crn):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    can_record = selectors.can_record_oversight(request.user, person)
    form = OversightRecordForm(request.POST or None, initial={"recorded_on": timezone.localdate()})
    if request.method == "POST":
        if not can_record:
            return _forbidden(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.oversight_record_create(by_user=request.user, person=person, **data)
            except ValidationError as error:
                add_problems(form, error)
            else:
                messages.success(request, "Oversight recorded")
                return redirect(reverse("oversight:case", args=[person.crn]))
    else:
        audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Viewed management oversight")
    context = _case_context(
        request,
        person,
        TAB,
        records=selectors.case_oversight(person),
        form=form if can_record else None,
        sfos=list(sfo.visible_sfos(request.user).filter(person=person).select_related("offence")),
        can_open_sfo=sfo.may_open_sfo(request.user, person),
        can_record_charge=charges.may_record_charge(request.user, person),
    )
    return render(request, "oversight/case.html", context)


# --- Serious Further Offences ------------------------------------------------------------------------

SFO_FORMS = {
    "notify": (forms.SfoNotifyForm, sfo.sfo_notify, "Notification recorded"),
    "assign": (forms.SfoReviewAssignForm, sfo.sfo_assign_review, "Reviewer assigned"),
    "chronology": (forms.SfoChronologyForm, sfo.sfo_add_chronology, "Added to the chronology"),
    "learning": (forms.SfoLearningActionForm, sfo.sfo_add_learning_action, "Learning action added"),
    "complete": (forms.SfoReviewCompleteForm, sfo.sfo_complete_review, "Review completed"),
    "rate": (forms.SfoRatingForm, sfo.sfo_rate, "Rating recorded"),
}


@login_required
def sfo_list(request):
    if not (sfo.may_rate(request.user) or request.user.is_manager or request.user.is_head):
        return _forbidden(request)
    today = timezone.localdate()
    return render(
        request, "oversight/sfo_list.html", {"today": today, **sfo.sfo_list(request.user, today=today)}
    )


def _reviewers(user, record):
    from probation.workforce.models import Staff

    return (
        Staff.objects.filter(provider__in=record.providers.all(), is_active=True)
        .exclude(pk=record.person.officer_id)
        .order_by("last_name", "first_name")
    )


@login_required
def sfo_detail(request, pk):
    record = (
        sfo.visible_sfos(request.user).select_related("person", "offence", "reviewer").filter(pk=pk).first()
    )
    if record is None:
        raise Http404("No such Serious Further Offence")
    if not (sfo.may_rate(request.user) or request.user.is_manager or request.user.is_head):
        return _forbidden(request)
    can_manage = sfo.may_manage_sfo(request.user, record)
    can_rate = sfo.may_rate(request.user)
    allowed = ({"notify", "assign", "chronology", "learning", "complete"} if can_manage else set()) | (
        {"rate"} if can_rate else set()
    )
    bound_name = request.POST.get("form") if request.method == "POST" else None
    if bound_name is not None and bound_name not in allowed:
        return _forbidden(request)
    built = {}
    for name in allowed:
        form_class = SFO_FORMS[name][0]
        data = request.POST if name == bound_name else None
        kwargs = {"reviewers": _reviewers(request.user, record)} if name == "assign" else {}
        built[name] = form_class(data, prefix=name, **kwargs)
    if bound_name:
        form = built[bound_name]
        if form.is_valid():
            _, call, message = SFO_FORMS[bound_name]
            try:
                call(by_user=request.user, sfo=record, **form.cleaned_data)
            except ValidationError as error:
                add_problems(form, error)
            else:
                messages.success(request, message)
                return redirect(reverse("oversight:sfo", args=[record.pk]))
    else:
        audit_record(
            user=request.user,
            action=Action.VIEW,
            obj=record,
            person=record.person,
            summary="Viewed a Serious Further Offence",
        )
    context = {
        "sfo": record,
        "today": timezone.localdate(),
        "forms": built,
        "bound": built.get(bound_name),
        "chronology": list(record.chronology.all()),
        "learning_actions": list(record.learning_actions.all()),
        "providers": list(record.providers.all()),
        "can_manage": can_manage,
    }
    return render(request, "oversight/sfo_detail.html", context)


@login_required
def sfo_new(request, crn):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not sfo.may_open_sfo(request.user, person):
        return _forbidden(request)
    form = forms.SfoChargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = sfo.sfo_open_for_charge(by_user=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_problems(form, error)
        else:
            messages.success(request, "Serious Further Offence opened")
            return redirect(reverse("oversight:sfo", args=[record.pk]))
    return render(request, "oversight/sfo_new.html", _case_context(request, person, TAB, form=form))


@login_required
def charge_new(request, crn):
    """Record a charge: a significant event on the case, and an SFO when the offence qualifies."""
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not charges.may_record_charge(request.user, person):
        return _forbidden(request)
    form = forms.ChargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = charges.charge_record(by_user=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_problems(form, error)
        else:
            if outcome.sfo is not None:
                messages.success(
                    request,
                    "Charge recorded. It is a Serious Further Offence: notification is due by "
                    f"{outcome.sfo.notification_due:%-d %B %Y}",
                )
            else:
                messages.success(request, "Charge recorded as a significant event")
            return redirect(reverse("oversight:case", args=[person.crn]))
    return render(request, "oversight/charge_new.html", _case_context(request, person, TAB, form=form))


@login_required
def learning_action_complete(request, pk, action_pk):
    record = sfo.visible_sfos(request.user).select_related("person").filter(pk=pk).first()
    if record is None:
        raise Http404("No such Serious Further Offence")
    action = SfoLearningAction.objects.filter(sfo=record, pk=action_pk).select_related("sfo__person").first()
    if action is None:
        raise Http404("No such learning action")
    if not sfo.may_manage_sfo(request.user, record):
        return _forbidden(request)
    form = forms.LearningActionCompleteForm(
        request.POST or None, initial={"version": action.version, "completed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sfo.sfo_learning_action_complete(
                by_user=request.user,
                action=action,
                version=data["version"],
                completed_on=data["completed_on"],
                note=data["note"],
            )
        except ValidationError as error:
            add_problems(form, error)
        except StaleRecord:
            form.add_error(None, STALE_RECORD_MESSAGE)
        else:
            messages.success(request, "Learning action marked as complete")
            return redirect(reverse("oversight:sfo", args=[record.pk]))
    return render(
        request, "oversight/learning_action_complete.html", {"sfo": record, "action": action, "form": form}
    )
