"""Workload pages: an officer's own figures and how they were reached; a manager's teams."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from probation.core import reference
from probation.people.selectors import managed_teams

from .workload import team_officers, workloads_for


def _forbidden(request):
    return render(request, "403.html", status=403)


def _staff(user) -> bool:
    return bool(user.provider_id) and not user.is_inspector


@login_required
def mine(request):
    if not _staff(request.user):
        return _forbidden(request)
    [mine] = workloads_for([request.user], today=timezone.localdate())
    return render(
        request,
        "workforce/workload_mine.html",
        {
            "w": mine,
            "full_time_points": reference.value("workload.full_time_points"),
            "full_time_hours": reference.value("workload.full_time_hours"),
            "excessive_percent": reference.value("workload.excessive_percent"),
            "can_see_team": request.user.is_manager or request.user.is_head,
        },
    )


@login_required
def team(request):
    user = request.user
    if not _staff(user) or not (user.is_manager or user.is_head):
        return _forbidden(request)
    teams = list(managed_teams(user).order_by("name"))
    rows = workloads_for(team_officers([t.pk for t in teams]), today=timezone.localdate())
    return render(
        request,
        "workforce/workload_team.html",
        {
            "teams": teams,
            "rows": rows,
            "excessive": [r for r in rows if r.figures.excessive],
            "excessive_percent": reference.value("workload.excessive_percent"),
        },
    )
