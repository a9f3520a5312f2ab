"""Significant events: something that changes the picture of risk and makes a risk review due."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core import reference
from probation.lib.workingdays import add_working_days
from probation.people.models import Person
from probation.risk.constants import SignificantEventType
from probation.risk.models import SignificantEvent

from ._common import new_external_id, require_case_write, today

REVIEW_DAYS_KEY = "risk.significant_event_review_days"


def review_due_after(occurred_on: date) -> date:
    """The risk review falls due this many working days (England) after the event."""
    return add_working_days(occurred_on, int(reference.value(REVIEW_DAYS_KEY)))


@transaction.atomic
def significant_event_record(
    *, by_user, person: Person, type: str, occurred_on: date, details: str = ""
) -> SignificantEvent:
    """Record the event; a risk assessment completed on or after the day it happened satisfies
    the review it makes due."""
    require_case_write(by_user, person)
    problems = {}
    if type not in SignificantEventType.values:
        problems["type"] = "Select what happened"
    if occurred_on > today():
        problems["occurred_on"] = "The date it happened must be today or in the past"
    if type == SignificantEventType.OTHER and not details.strip():
        problems["details"] = "Describe what happened"
    if problems:
        raise ValidationError(problems)
    event = SignificantEvent.objects.create(
        external_id=new_external_id("significant-event"),
        person=person,
        type=type,
        occurred_on=occurred_on,
        recorded_on=today(),
        details=details,
        review_due=review_due_after(occurred_on),
        recorded_by=by_user,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=event,
        person=person,
        summary=f"Recorded a significant event: {event.get_type_display()}; "
        f"risk review due {event.review_due:%d/%m/%Y}",
        detail={
            "type": type,
            "occurred_on": occurred_on.isoformat(),
            "review_due": event.review_due.isoformat(),
        },
    )
    return event
