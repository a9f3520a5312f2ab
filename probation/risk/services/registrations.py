"""Registrations (risk flags) and MAPPA: added, reviewed and ended, each change recalculating the tier."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from probation.audit.models import Action
from probation.audit.services import audit_record, changes_between
from probation.lib.dates import add_months
from probation.people.models import Person
from probation.risk.constants import TierReason
from probation.risk.models import FlagType, MappaRegistration, Registration

from ._common import new_external_id, require_case_write, today
from .tiering import tier_recalculate


def _not_in_future(value: date, field: str, what: str) -> None:
    if value > today():
        raise ValidationError({field: f"{what} must be today or in the past"})


@transaction.atomic
def registration_add(
    *, by_user, person: Person, flag: FlagType, registered_on: date, notes: str = ""
) -> Registration:
    """Register a flag. Its review falls due `flag.review_months` after registration."""
    require_case_write(by_user, person)
    _not_in_future(registered_on, "registered_on", "The date of registration")
    if Registration.objects.filter(person=person, flag=flag, deregistered_on__isnull=True).exists():
        raise ValidationError({"flag": f"The person already has an active {flag.name} registration"})
    registration = Registration.objects.create(
        external_id=new_external_id("registration"),
        person=person,
        flag=flag,
        registered_on=registered_on,
        review_due=add_months(registered_on, flag.review_months),
        notes=notes,
        registered_by=by_user,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=registration,
        person=person,
        summary=f"Registered {flag.name}",
        detail={
            "flag": flag.code,
            "registered_on": registered_on.isoformat(),
            "review_due": registration.review_due.isoformat(),
        },
    )
    tier_recalculate(person=person, reason=TierReason.REGISTRATION, by_user=by_user)
    return registration


def _locked_registration(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().select_related("flag", "person").get(pk=registration.pk)


@transaction.atomic
def registration_review(
    *, by_user, registration: Registration, reviewed_on: date, notes: str = ""
) -> Registration:
    """Record that the registration was reviewed and is still needed; the next review falls due
    `review_months` after this one."""
    registration = _locked_registration(registration)
    require_case_write(by_user, registration.person)
    if not registration.is_active:
        raise ValidationError({"reviewed_on": "This registration has ended"})
    _not_in_future(reviewed_on, "reviewed_on", "The date of the review")
    if reviewed_on < registration.registered_on:
        raise ValidationError({"reviewed_on": "The review cannot be before the registration"})
    before = {"review_due": registration.review_due}
    registration.review_due = add_months(reviewed_on, registration.flag.review_months)
    registration.save(update_fields=["review_due"])
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=registration,
        person=registration.person,
        summary=f"Reviewed {registration.flag.name} registration",
        detail={
            "changes": changes_between(before, {"review_due": registration.review_due}),
            "reviewed_on": reviewed_on.isoformat(),
            "notes": notes,
        },
    )
    return registration


@transaction.atomic
def registration_deregister(
    *, by_user, registration: Registration, deregistered_on: date, reason: str
) -> Registration:
    registration = _locked_registration(registration)
    require_case_write(by_user, registration.person)
    if not registration.is_active:
        raise ValidationError({"deregistered_on": "This registration has already ended"})
    _not_in_future(deregistered_on, "deregistered_on", "The date of de-registration")
    if deregistered_on < registration.registered_on:
        raise ValidationError({"deregistered_on": "De-registration cannot be before the registration"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the registration is no longer needed"})
    before = {"deregistered_on": None, "deregistration_reason": registration.deregistration_reason}
    registration.deregistered_on = deregistered_on
    registration.deregistration_reason = reason
    registration.save(update_fields=["deregistered_on", "deregistration_reason"])
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=registration,
        person=registration.person,
        summary=f"De-registered {registration.flag.name}",
        detail={
            "changes": changes_between(
                before, {"deregistered_on": deregistered_on, "deregistration_reason": reason}
            )
        },
    )
    tier_recalculate(person=registration.person, reason=TierReason.REGISTRATION, by_user=by_user)
    return registration


@transaction.atomic
def mappa_add(
    *, by_user, person: Person, category: int, level: int, start_date: date, review_due: date
) -> MappaRegistration:
    """Start MAPPA management. One MAPPA registration is current at a time: to change the level,
    end the current one and add the new one, so the history keeps both."""
    require_case_write(by_user, person)
    _not_in_future(start_date, "start_date", "The start date")
    if review_due <= start_date:
        raise ValidationError({"review_due": "The review date must be after the start date"})
    if MappaRegistration.objects.filter(person=person, end_date__isnull=True).exists():
        raise ValidationError(
            {"level": "The person is already managed under MAPPA: end that registration first"}
        )
    mappa = MappaRegistration.objects.create(
        external_id=new_external_id("mappa"),
        person=person,
        category=category,
        level=level,
        start_date=start_date,
        review_due=review_due,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=mappa,
        person=person,
        summary=f"MAPPA category {category}, level {level} from {start_date:%d/%m/%Y}",
        detail={
            "category": category,
            "level": level,
            "start_date": start_date.isoformat(),
            "review_due": review_due.isoformat(),
        },
    )
    tier_recalculate(person=person, reason=TierReason.MAPPA, by_user=by_user)
    return mappa


@transaction.atomic
def mappa_end(*, by_user, mappa: MappaRegistration, end_date: date) -> MappaRegistration:
    mappa = MappaRegistration.objects.select_for_update().select_related("person").get(pk=mappa.pk)
    require_case_write(by_user, mappa.person)
    if mappa.end_date is not None:
        raise ValidationError({"end_date": "This MAPPA registration has already ended"})
    _not_in_future(end_date, "end_date", "The end date")
    if end_date < mappa.start_date:
        raise ValidationError({"end_date": "The end date cannot be before the start date"})
    mappa.end_date = end_date
    mappa.save(update_fields=["end_date"])
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=mappa,
        person=mappa.person,
        summary=f"MAPPA level {mappa.level} ended",
        detail={"changes": changes_between({"end_date": None}, {"end_date": end_date})},
    )
    tier_recalculate(person=mappa.person, reason=TierReason.MAPPA, by_user=by_user)
    return mappa
