"""Oversight pages: a manager's queue, and the Oversight tab on a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.people.views import _case_context, _open_case

from . import selectors, services
from .forms import OversightRecordForm, add_problems

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
    context = _case_context(request, person, TAB, records=selectors.case_oversight(person),
                            form=form if can_record else None)
    return render(request, "oversight/case.html", context)
