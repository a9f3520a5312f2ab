"""Writes about who is responsible for a case."""

from datetime import date

from django.db import transaction
from django.db.models import F

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.people.models import Person

from .models import ResponsibleOfficerAssignment, Staff


@transaction.atomic
def responsible_officer_assign(
    *,
    by_user,
    person: Person,
    officer: Staff,
    start_date: date,
    reason: str,
    reason_detail: str = "",
    external_id: str = "",
) -> ResponsibleOfficerAssignment:
    """End the current assignment the day before `start_date` (or on it, when it started that day)
    and make `officer` the responsible officer from `start_date`."""
    if officer.team_id is None or officer.provider_id is None:
        raise ValueError("A responsible officer must belong to a team")
    current = (
        ResponsibleOfficerAssignment.objects.select_for_update()
        .filter(person=person, end_date__isnull=True)
        .first()
    )
    if current is not None:
        if start_date < current.start_date:
            raise ValueError("The new assignment cannot start before the current one")
        current.end_date = start_date
        current.save(update_fields=["end_date"])
    assignment = ResponsibleOfficerAssignment.objects.create(
        external_id=external_id or f"roa-{person.crn}-{start_date.isoformat()}-{officer.pk}",
        person=person,
        officer=officer,
        provider_id=officer.provider_id,
        team_id=officer.team_id,
        start_date=start_date,
        reason=reason,
        reason_detail=reason_detail,
    )
    Person.objects.filter(pk=person.pk).update(
        officer=officer, team_id=officer.team_id, provider_id=officer.provider_id, version=F("version") + 1
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=assignment,
        person=person,
        summary=f"Responsible officer now {officer}",
        detail={"from": str(current.officer) if current else None, "to": str(officer), "reason": reason},
    )
    return assignment
