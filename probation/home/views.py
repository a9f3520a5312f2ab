"""The officer's landing page: today's appointments and everything due or overdue on their caseload,
each with one click to act."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from probation.contacts import selectors as contact_selectors
from probation.contacts.views import row_action

from . import due
from .caseload import shared


@login_required
def home(request):
    user = request.user
    if user.is_inspector or not user.provider_id:
        # Someone outside a provider has no caseload or diary: their landing page is their cases.
        return redirect("cases:my-cases")
    now = timezone.now()
    today = timezone.localdate(now)
    with shared(user) as caseload:
        todays = caseload.keep_openable(contact_selectors.officer_contacts(user, today, 1))
        groups = due.grouped(due.collect(user, today))
    return render(
        request,
        "home/home.html",
        {
            "today": today,
            "now": now,
            "todays": [(c, row_action(c, now, c.person.provider_id == user.provider_id)) for c in todays],
            "groups": groups,
            "overdue": sum(g.overdue for g in groups),
            "max_items": due.MAX_ITEMS_PER_KIND,
            "here": request.get_full_path(),
        },
    )
