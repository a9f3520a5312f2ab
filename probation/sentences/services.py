"""Writes for convictions and sentences.

A new court case (a conviction with its main offence and the sentence passed, and at most one
requirement) is recorded by the public provider's court team, and recording it puts the case in the
court team's allocation queue in the same transaction: there is no sentence the court team has not
been asked to allocate. Bulk loads through the interchange importer write their own `allocation`
records and do not come through here, so an import never opens a second allocation."""

import uuid
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from probation.allocation import access as allocation_access
from probation.allocation.models import Allocation
from probation.allocation.services import allocation_open
from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import NotPermitted
from probation.people.access import visible_cases
from probation.people.models import Person

from . import rules
from .constants import DisposalType, OffenceCategory, RequirementType
from .models import Disposal, Event, Offence, Requirement

# Only community and suspended sentence orders carry requirements.
ORDERS = {DisposalType.COMMUNITY_ORDER, DisposalType.SUSPENDED_SENTENCE}


@dataclass(frozen=True)
class CourtCase:
    """What the court team enters for a new court case, as plain values."""

    conviction_date: date | None
    court: str
    offence_description: str
    offence_category: str
    disposal_type: str
    sentence_date: date | None
    start_date: date | None
    length_months: int | None = None
    custodial_days: int | None = None
    release_date: date | None = None
    licence_end_date: date | None = None
    requirement_type: str = ""
    requirement_length: int | None = None
    consent_given: bool = False
    facing_deportation: bool = False


def _new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def court_case_problems(case: CourtCase, *, person: Person, today: date) -> dict[str, str]:
    """What is wrong with the entry, by field: the first problem for each field."""
    problems: dict[str, str] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, message)

    if not case.court.strip():
        add("court", "Enter the convicting court")
    if not case.offence_description.strip():
        add("offence_description", "Enter the main offence")
    if case.offence_category not in OffenceCategory.values:
        add("offence_category", "Select the offence category")
    if case.conviction_date is None:
        add("conviction_date", "Enter the date of conviction")
    elif case.conviction_date > today:
        add("conviction_date", "The date of conviction must be today or in the past")
    elif case.conviction_date < person.date_of_birth:
        add("conviction_date", "The date of conviction must be after the person's date of birth")
    if case.disposal_type not in DisposalType.values:
        add("disposal_type", "Select the sentence")
    if case.sentence_date is None:
        add("sentence_date", "Enter the date of sentence")
    elif case.sentence_date > today:
        add("sentence_date", "The date of sentence must be today or in the past")
    elif case.conviction_date is not None and case.sentence_date < case.conviction_date:
        add("sentence_date", "A sentence cannot be passed before the conviction")
    if case.start_date is None:
        add("start_date", "Enter the date supervision starts")
    if problems:
        return problems
    for field, message in rules.disposal_problems(
        disposal_type=case.disposal_type,
        sentence_date=case.sentence_date,
        start_date=case.start_date,
        length_months=case.length_months,
        custodial_days=case.custodial_days,
        release_date=case.release_date,
        licence_end_date=case.licence_end_date,
    ):
        add("disposal_type" if field == "type" else field, message)
    if case.requirement_type:
        if case.requirement_type not in RequirementType.values:
            add("requirement_type", "Select the requirement")
        elif case.disposal_type not in ORDERS:
            add("requirement_type", "Only community and suspended sentence orders carry requirements")
        elif not problems:
            for field, message in rules.requirement_problems(
                requirement_type=case.requirement_type,
                disposal_type=case.disposal_type,
                start_date=case.start_date,
                disposal_start=case.start_date,
                disposal_end=_expected_end(case),
                length=case.requirement_length,
                date_of_birth=person.date_of_birth,
                sentence_date=case.sentence_date,
                consent_given=case.consent_given,
            ):
                add({"type": "requirement_type", "length": "requirement_length"}.get(field, field), message)
    elif case.requirement_length is not None:
        add("requirement_type", "Select the requirement the length is for")
    return problems


def _expected_end(case: CourtCase) -> date | None:
    return rules.expected_end_date(
        case.disposal_type, case.start_date, case.length_months, case.release_date, case.licence_end_date
    )


def received_on(case: CourtCase) -> date:
    """The day the allocation clock starts: the sentence, or the release for licence and PSS."""
    if case.disposal_type in DisposalType.custodial() and case.release_date is not None:
        return case.release_date
    return case.sentence_date


def _check_may_record(by_user, person: Person) -> Person:
    if not allocation_access.is_court_team(by_user):
        raise NotPermitted("Only the public provider's court team records new court cases")
    found = visible_cases(by_user).filter(pk=person.pk).first()
    if found is None or found.access_blocked:
        raise NotPermitted("You may not record a court case for this person")
    return found


@transaction.atomic
def court_case_record(*, by_user, person: Person, case: CourtCase, today: date | None = None) -> Allocation:
    """Record a conviction, its main offence and the sentence passed (and its requirement), and open
    the allocation for the court team. Raises ValidationError (by field) for bad input, saving
    nothing, and NotPermitted when the user is not the court team or may not see the person."""
    today = today or timezone.localdate()
    _check_may_record(by_user, person)
    problems = court_case_problems(case, person=person, today=today)
    if problems:
        raise ValidationError(problems)
    # Serialise event numbering for the person.
    person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
    number = (Event.objects.filter(person=person).aggregate(n=Max("number"))["n"] or 0) + 1
    event = Event.objects.create(
        external_id=_new_id("event"),
        person=person,
        number=number,
        conviction_date=case.conviction_date,
        court=case.court.strip(),
    )
    offence = Offence.objects.create(
        external_id=_new_id("offence"),
        event=event,
        description=case.offence_description.strip(),
        category=case.offence_category,
        is_main=True,
    )
    disposal = Disposal.objects.create(
        external_id=_new_id("disposal"),
        event=event,
        type=case.disposal_type,
        sentence_date=case.sentence_date,
        start_date=case.start_date,
        length_months=case.length_months,
        custodial_days=case.custodial_days,
        release_date=case.release_date,
        licence_end_date=case.licence_end_date,
        expected_end_date=_expected_end(case),
    )
    requirement = None
    if case.requirement_type:
        requirement = Requirement.objects.create(
            external_id=_new_id("requirement"),
            disposal=disposal,
            type=case.requirement_type,
            length=case.requirement_length,
            start_date=case.start_date,
            consent_given=case.consent_given,
        )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=disposal,
        person=person,
        summary=f"Recorded court case {number}: {disposal.get_type_display().lower()} "
        f"at {event.court} for {offence.description}",
        detail={
            "event": number,
            "conviction_date": case.conviction_date.isoformat(),
            "court": event.court,
            "offence": offence.description,
            "category": offence.category,
            "sentence": disposal.type,
            "sentence_date": case.sentence_date.isoformat(),
            "start_date": case.start_date.isoformat(),
            "requirement": requirement.type if requirement else None,
            "facing_deportation": case.facing_deportation,
        },
    )
    from probation.risk.constants import TierReason
    from probation.risk.services import tier_recalculate

    tier_recalculate(person=person, reason=TierReason.SENTENCE, by_user=by_user)
    return allocation_open(
        by_user=by_user,
        person=person,
        disposal=disposal,
        received_on=received_on(case),
        court_provider=by_user.provider,
        facing_deportation=case.facing_deportation,
    )
