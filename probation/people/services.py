"""Writes to a person's record. Each takes the acting user, runs in one transaction, refuses a stale
version and writes the audit row."""

from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict

from probation.audit.models import Action
from probation.audit.services import audit_record, changes_between
from probation.core.exceptions import NotPermitted, StaleRecord

from .access import case_access
from .models import Person

EDITABLE_FIELDS = (
    "phone",
    "email",
    "gender_identity",
    "ethnicity",
    "religion",
    "sexual_orientation",
    "disability",
    "disability_adjustments",
    "pregnancy_maternity",
    "first_language",
    "interpreter_required",
    "literacy_need",
    "caring_responsibilities",
)


@transaction.atomic
def person_update_details(*, by_user, crn: str, version: int, changes: dict) -> Person:
    person, access = case_access(by_user, crn)
    # A case grant (e.g. to an inspector) is for reading only.
    if (
        person is None
        or not access.allowed
        or by_user.is_inspector
        or person.provider_id != by_user.provider_id
    ):
        raise NotPermitted("You may not change this case")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"These details cannot be changed here: {', '.join(sorted(unknown))}")
    before = model_to_dict(person, fields=list(changes))
    # The version check and the write are one statement, so two saves cannot both succeed.
    updated = Person.objects.filter(pk=person.pk, version=version).update(**changes, version=F("version") + 1)
    if not updated:
        raise StaleRecord()
    person.refresh_from_db()
    after = model_to_dict(person, fields=list(changes))
    diff = changes_between(before, after)
    if diff:
        audit_record(
            user=by_user,
            action=Action.UPDATE,
            obj=person,
            summary="Changed personal details: " + ", ".join(diff),
            detail={"changes": diff},
        )
    return person
