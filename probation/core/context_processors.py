from django.conf import settings
from django.urls import reverse

from probation.workforce.constants import Role


def service(request):
    user = getattr(request, "user", None)
    return {
        "service_name": "Probation case management",
        "demo_mode": settings.DEMO,
        "navigation": _navigation(request, user) if user is not None and user.is_authenticated else [],
    }


def _navigation(request, user):
    items = []
    if user.provider_id and not user.has_role(Role.INSPECTOR):
        items.append(("My cases", reverse("cases:my-cases")))
        items.append(("Diary", reverse("diary:week")))
        if user.is_manager or user.is_head:
            items.append(("Team cases", reverse("cases:team-cases")))
            items.append(("Allocations", reverse("allocation:home")))
            items.append(("Oversight", reverse("oversight:queue")))
            items.append(("Continuity", reverse("continuity:team")))
        items.append(("Workload", reverse("workload:mine")))
        items.append(("Vitals", reverse("vitals:home")))
        if user.is_manager or user.is_head or user.has_role(Role.QUALITY_ASSURANCE):
            items.append(("Dashboard", reverse("dashboard:home")))
        items.append(("Search", reverse("cases:search")))
        items.append(("Predictors", reverse("predictors:calculator")))
    else:
        items.append(("Assigned cases", reverse("cases:my-cases")))
    if any(user.has_role(role) for role in (Role.INSPECTOR, Role.QUALITY_ASSURANCE, Role.MANAGER)):
        items.append(("Inspections", reverse("inspections:list")))
    items.append(("Interventions", reverse("interventions:directory")))
    # The item whose address is the longest prefix of this page is the current one.
    matches = [href for _, href in items if request.path.startswith(href)]
    current = max(matches, key=len) if matches else None
    return [{"text": text, "href": href, "active": href == current} for text, href in items]
