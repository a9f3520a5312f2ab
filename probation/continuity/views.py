"""Continuity: a team's cases with frequent changes of responsible officer, and how their contact
levels fared."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from probation.allocation.rules import ordinal
from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.inspection.dashboard.scope import scope_for

from . import rules, selectors

REFUSED_OWN_CASELOAD = (
    "Continuity is a team view for managers. Each case shows its changes of responsible officer "
    "on its allocation page."
)


@login_required
@require_GET
def team(request):
    scope, reason = scope_for(request.user)
    if scope is None or scope.own_caseload_only:
        return render(
            request, "continuity/refused.html", {"reason": reason or REFUSED_OWN_CASELOAD}, status=403
        )
    wanted = request.GET.get("team", "")
    chosen = selectors.team_in_scope(scope, int(wanted) if wanted.isdigit() else None)
    if chosen is None:
        raise Http404("No such team")
    today = timezone.localdate()
    threshold = selectors.warn_at()
    cases = selectors.team_continuity(scope, chosen, today)
    summary = rules.summarise(((c.changes, c.contact) for c in cases), threshold)
    audit_record(
        user=request.user,
        action=Action.VIEW,
        summary=f"Viewed continuity of responsible officers for the {chosen.name} team",
        detail={"team": chosen.pk},
    )
    return render(
        request,
        "continuity/team.html",
        {
            "team": chosen,
            "teams": scope.teams,
            "today": today,
            "threshold": threshold,
            "threshold_ordinal": ordinal(threshold),
            "frequent": selectors.frequent_cases(cases, threshold),
            "summary": summary,
            "groups": [
                (f"{threshold} or more changes", summary.frequent),
                (f"Fewer than {threshold} changes", summary.rest),
            ],
        },
    )
