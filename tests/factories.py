"""Small builders for test data: plain functions with sensible defaults, no magic."""

import itertools
from datetime import date

from probation.people.models import AccessListEntry, Person
from probation.sentences.models import Disposal, Event, Offence, Requirement
from probation.workforce.models import Area, Provider, ResponsibleOfficerAssignment, Staff, Team

_seq = itertools.count(1)


def provider(name="National Probation Service", code="NPS", type="public") -> Provider:
    return Provider.objects.get_or_create(
        code=code, defaults={"name": name, "type": type, "external_id": f"provider-{code}"}
    )[0]


def area(name="Staffordshire & Stoke") -> Area:
    return Area.objects.get_or_create(name=name, defaults={"external_id": f"area-{name}"})[0]


def team(name="Stoke North", provider_=None, area_=None, manager=None) -> Team:
    provider_ = provider_ or provider()
    return Team.objects.get_or_create(
        provider=provider_,
        name=name,
        defaults={
            "area": area_ or area(),
            "external_id": f"team-{provider_.code}-{name}",
            "manager": manager,
        },
    )[0]


def staff(
    username,
    *,
    team_=None,
    grade="PO",
    roles=("practitioner",),
    provider_=None,
    password="correct horse battery",
) -> Staff:
    team_ = team_
    user = Staff.objects.create_user(
        username=username,
        password=password,
        first_name=username.capitalize(),
        last_name="Tester",
        external_id=f"staff-{username}",
        provider=provider_ or (team_.provider if team_ else None),
        area=team_.area if team_ else None,
        team=team_,
        grade=grade,
        roles=list(roles),
    )
    return user


def person(
    *,
    officer: Staff | None = None,
    last_name="Smith",
    first_name="John",
    dob=date(1990, 3, 27),
    sex="male",
    crn=None,
    pnc=None,
    **extra,
) -> Person:
    n = next(_seq)
    p = Person.objects.create(
        external_id=f"person-{n}",
        crn=crn or f"X{n:06d}",
        pnc=pnc,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=dob,
        sex=sex,
        provider_id=officer.provider_id if officer else None,
        team_id=officer.team_id if officer else None,
        officer=officer,
        **extra,
    )
    if officer:
        ResponsibleOfficerAssignment.objects.create(
            external_id=f"roa-{n}",
            person=p,
            officer=officer,
            provider_id=officer.provider_id,
            team_id=officer.team_id,
            start_date=date(2026, 1, 5),
            reason="initial",
        )
    return p


def sentence(
    p: Person,
    *,
    type="community_order",
    start=date(2026, 1, 5),
    months=12,
    requirements=(("unpaid_work", 100),),
):
    n = next(_seq)
    event = Event.objects.create(
        external_id=f"event-{n}",
        person=p,
        number=p.events.count() + 1,
        conviction_date=start,
        court="Stoke-on-Trent Magistrates' Court",
    )
    Offence.objects.create(
        external_id=f"offence-{n}",
        event=event,
        description="Assault by beating",
        category="violence",
        is_main=True,
    )
    from probation.sentences.rules import expected_end_date

    disposal = Disposal.objects.create(
        external_id=f"disposal-{n}",
        event=event,
        type=type,
        sentence_date=start,
        start_date=start,
        length_months=months,
        expected_end_date=expected_end_date(type, start, months),
    )
    for i, (req_type, length) in enumerate(requirements):
        Requirement.objects.create(
            external_id=f"req-{n}-{i}", disposal=disposal, type=req_type, length=length, start_date=start
        )
    return disposal


def exclude(p: Person, user: Staff):
    return AccessListEntry.objects.create(
        external_id=f"ale-{next(_seq)}", person=p, staff=user, type="exclusion"
    )


def restrict_to(p: Person, user: Staff):
    return AccessListEntry.objects.create(
        external_id=f"ale-{next(_seq)}", person=p, staff=user, type="restriction"
    )
