"""A charge recorded against a person on probation. It is a significant event on the case (an
arrest or charge, which makes a risk review due); a charge for an offence on the qualifying list
while the person is under supervision, or within the configured days of its end, also opens a
Serious Further Offence that every provider involved in the case can see. Recording the same
charge again changes nothing."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from probation.core.exceptions import NotPermitted
from probation.people.access import case_access
from probation.people.models import Person
from probation.risk.constants import SignificantEventType
from probation.risk.models import SignificantEvent
from probation.risk.services import significant_event_record

from .models import QualifyingOffence, SeriousFurtherOffence
from .sfo import charge_opens_sfo, open_sfo

OTHER_OFFENCE = "other"


@dataclass(frozen=True)
class ChargeRecorded:
    event: SignificantEvent
    sfo: SeriousFurtherOffence | None
    sfo_opened: bool


def may_record_charge(user, person: Person) -> bool:
    """Anyone who may change the case (the same rule as any significant event): not an inspector."""
    if not getattr(user, "is_authenticated", False) or user.is_inspector:
        return False
    found, access = case_access(user, person.crn)
    return found is not None and found.pk == person.pk and access.allowed


def _details(offence_name: str, details: str) -> str:
    text = f"Charged with {offence_name}."
    return f"{text}\n{details.strip()}" if details.strip() else text


@transaction.atomic
def charge_record(
    *,
    by_user,
    person: Person,
    offence_code: str,
    other_offence: str = "",
    charged_on: date,
    details: str = "",
) -> ChargeRecorded:
    """Record a charge (anyone who may change the case). Opens the SFO when the charge qualifies."""
    if not may_record_charge(by_user, person):
        raise NotPermitted("You may not change this case")
    offence = None
    problems: dict[str, list[str]] = {}
    if offence_code == OTHER_OFFENCE:
        if not other_offence.strip():
            problems["other_offence"] = ["Enter the offence charged"]
    else:
        offence = QualifyingOffence.objects.filter(code=offence_code).first()
        if offence is None:
            problems["offence_code"] = ["Select the offence charged"]
    if charged_on > timezone.localdate():
        problems["charged_on"] = ["The date of charge must be today or in the past"]
    if problems:
        raise ValidationError(problems)
    text = _details(offence.name if offence else other_offence.strip(), details)
    event = SignificantEvent.objects.filter(
        person=person, type=SignificantEventType.ARREST_OR_CHARGE, occurred_on=charged_on, details=text
    ).first() or significant_event_record(
        by_user=by_user,
        person=person,
        type=SignificantEventType.ARREST_OR_CHARGE,
        occurred_on=charged_on,
        details=text,
    )
    if offence is None:
        return ChargeRecorded(event, None, False)
    qualifies, ended = charge_opens_sfo(person, charged_on)
    if not qualifies:
        return ChargeRecorded(event, None, False)
    sfo, created = open_sfo(
        by_user=by_user,
        person=person,
        offence=offence,
        charged_on=charged_on,
        ended_on=ended,
        offence_details=details,
    )
    return ChargeRecorded(event, sfo, created)
