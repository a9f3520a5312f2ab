"""The case's Risk tab, its full tier history, and overdue reviews across a caseload."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.risk import selectors
from probation.risk.constants import AssessmentStatus

from ._common import audit_view, case_context, open_case, today


@login_required
def risk_overview(request, crn: str):
    person, refusal = open_case(request, crn)
    if refusal:
        return refusal
    audit_view(request, person, "Viewed the risk record")
    overview = selectors.risk_overview(person, today=today())
    in_progress = overview["in_progress"]
    user = request.user
    return render(
        request,
        "risk/overview.html",
        case_context(
            request,
            person,
            **overview,
            can_continue_draft=bool(
                in_progress
                and in_progress.status == AssessmentStatus.DRAFT
                and in_progress.assessed_by_id == user.pk
            ),
        ),
    )


@login_required
def tier_history(request, crn: str):
    person, refusal = open_case(request, crn)
    if refusal:
        return refusal
    audit_view(request, person, "Viewed the tier history")
    page = Paginator(selectors.tier_history(person), 50).get_page(request.GET.get("page"))
    return render(request, "risk/tier_history.html", case_context(request, person, page=page))


@login_required
def overdue_reviews(request):
    items, scope_label = selectors.overdue_reviews(request.user, today=today())
    audit_record(
        user=request.user,
        action=Action.VIEW,
        summary="Viewed overdue risk reviews",
        detail={"count": len(items)},
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request, "risk/overdue_reviews.html", {"page": page, "scope_label": scope_label, "total": len(items)}
    )
