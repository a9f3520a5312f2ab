from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.people.views import _case_context, _open_case


@login_required
def plan_page(request, crn):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Viewed sentence plan")
    return render(request, "plans/plan.html", _case_context(request, person, "plan"))
