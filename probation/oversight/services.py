"""Writes for oversight. Each takes the acting user, checks permission, and writes the audit row."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import NotPermitted
from probation.people.models import Person

from .constants import OversightTrigger
from .models import OversightRecord
from .selectors import can_record_oversight


@transaction.atomic
def oversight_record_create(
    *,
    by_user,
    person: Person,
    recorded_on: date,
    trigger: str,
    decision: str,
    rationale: str,
    actions_set: str = "",
) -> OversightRecord:
    if not can_record_oversight(by_user, person):
        raise NotPermitted(
            "Only a manager of the case's team may record oversight, and not on their own case"
        )
    problems = {}
    if recorded_on > timezone.localdate():
        problems["recorded_on"] = ["The date of oversight must be today or in the past"]
    if trigger not in OversightTrigger.values:
        problems["trigger"] = ["Select what prompted the oversight"]
    if not decision.strip():
        problems["decision"] = ["Enter the decision"]
    if not rationale.strip():
        problems["rationale"] = ["Enter the rationale for the decision"]
    if problems:
        raise ValidationError(problems)
    record = OversightRecord.objects.create(
        external_id=f"oversight-{uuid.uuid4()}",
        person=person,
        recorded_by=by_user,
        recorded_on=recorded_on,
        trigger=trigger,
        decision=decision.strip(),
        rationale=rationale.strip(),
        actions_set=actions_set.strip(),
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=record,
        person=person,
        summary=f"Recorded management oversight ({record.get_trigger_display().lower()})",
    )
    return record
