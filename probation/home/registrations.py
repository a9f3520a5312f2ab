"""Registration reviews due on the user's caseload (the risk app's registrations). A built-in due-item
provider: if the risk app adds its own ``probation/risk/due.py``, remove this module from
``BUILT_IN_PROVIDERS`` in ``probation.home.due``."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse

from probation.core import reference
from probation.risk.models import Registration

from .caseload import caseload
from .due import MAX_ITEMS_PER_KIND, DueItem

DUE_KINDS = {"risk.registration_review": "Registration reviews"}


def _review_url(registration) -> str:
    for name, args in (
        ("risk:registration-review", [registration.person.crn, registration.pk]),
        ("risk:registrations", [registration.person.crn]),
    ):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return reverse("cases:overview", args=[registration.person.crn])


def due_items(user, today: date) -> list[DueItem]:
    """Active registrations on the user's own open caseload whose review is overdue or due soon. One
    query (and the shared caseload's)."""
    if not getattr(user, "is_authenticated", False) or user.is_inspector or not user.provider_id:
        return []
    warn = int(reference.value("home.registration_review_warning_days"))
    cases = caseload(user)
    registrations = cases.keep_openable(
        list(
            Registration.objects.filter(
                person_id__in=cases.own_ids,
                deregistered_on__isnull=True,
                review_due__lte=today + timedelta(days=warn),
            )
            .select_related("flag")
            .order_by("review_due", "id")[:MAX_ITEMS_PER_KIND]
        )
    )
    return [
        DueItem(
            title=f"Review the {r.flag.name} registration",
            person=r.person,
            due=r.review_due,
            overdue=r.review_due < today,
            action_url=_review_url(r),
            kind="risk.registration_review",
            action_label="Review",
        )
        for r in registrations
    ]
