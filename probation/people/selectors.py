"""Reads of people and their cases, always starting from what the user may see."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from probation.lib.search import parse_search
from probation.sentences.models import Disposal, Event, Requirement
from probation.workforce.models import ResponsibleOfficerAssignment, Team

from .access import visible_cases
from .models import Person

SORTS = {
    "name": ("last_name", "first_name", "id"),
    "-name": ("-last_name", "-first_name", "-id"),
    "crn": ("crn",),
    "-crn": ("-crn",),
    "dob": ("date_of_birth", "id"),
    "-dob": ("-date_of_birth", "-id"),
    "end": ("sentence_end", "id"),
    "-end": ("-sentence_end", "-id"),
}


def _with_current_sentence(qs: QuerySet[Person]) -> QuerySet[Person]:
    current = Disposal.objects.filter(event__person=OuterRef("pk"), terminated_on__isnull=True).order_by(
        "-start_date"
    )
    return qs.annotate(
        sentence_type=Subquery(current.values("type")[:1]),
        sentence_end=Subquery(current.values("expected_end_date")[:1]),
    ).select_related("officer", "team")


def _filtered(qs, *, sort: str, sentence_type: str, text: str):
    if sentence_type:
        qs = qs.filter(
            Exists(
                Disposal.objects.filter(
                    event__person=OuterRef("pk"), terminated_on__isnull=True, type=sentence_type
                )
            )
        )
    if text:
        qs = qs.filter(Q(last_name__istartswith=text) | Q(first_name__istartswith=text) | Q(crn__iexact=text))
    return qs.order_by(*SORTS.get(sort, SORTS["name"]))


def caseload(user, *, sort: str = "name", sentence_type: str = "", text: str = "") -> QuerySet[Person]:
    """The user's own caseload; for someone outside a provider (an inspector), the cases granted to them."""
    qs = visible_cases(user)
    qs = qs.filter(officer=user) if user.provider_id and not user.is_inspector else qs
    return _filtered(_with_current_sentence(qs), sort=sort, sentence_type=sentence_type, text=text)


def managed_teams(user) -> QuerySet[Team]:
    if user.is_head and user.area_id and user.provider_id:
        return Team.objects.filter(provider_id=user.provider_id, area_id=user.area_id)
    if user.is_manager:
        return Team.objects.filter(manager=user)
    return Team.objects.none()


def team_caseload(user, *, team_id: int | None = None, sort="name", sentence_type="", text=""):
    teams = managed_teams(user)
    if team_id:
        teams = teams.filter(pk=team_id)
    qs = visible_cases(user).filter(team__in=teams)
    return _filtered(_with_current_sentence(qs), sort=sort, sentence_type=sentence_type, text=text)


def search_people(user, query: str) -> QuerySet[Person]:
    """Find by CRN, PNC ID, date of birth (dd/mm/yyyy or yyyy-mm-dd) or name (surname, or first and
    surname); aliases count as names."""
    terms = parse_search(query)
    qs = visible_cases(user)
    if terms.crn:
        qs = qs.filter(crn=terms.crn)
    if terms.pnc:
        qs = qs.filter(pnc=terms.pnc)
    if terms.date_of_birth:
        qs = qs.filter(date_of_birth=terms.date_of_birth)
    for name in terms.names:
        qs = qs.filter(
            Q(last_name__istartswith=name)
            | Q(first_name__istartswith=name)
            | Q(aliases__last_name__istartswith=name)
            | Q(aliases__first_name__istartswith=name)
        )
    if terms.is_empty:
        return Person.objects.none()
    return _with_current_sentence(qs.distinct()).order_by("last_name", "first_name", "id")


def case_detail(person: Person) -> dict:
    """Everything the case overview shows, in a fixed number of queries."""
    events = (
        Event.objects.filter(person=person)
        .prefetch_related(
            "offences",
            Prefetch(
                "disposals",
                queryset=Disposal.objects.prefetch_related(
                    Prefetch("requirements", queryset=Requirement.objects.order_by("start_date", "id"))
                ),
            ),
        )
        .order_by("-conviction_date", "-number")
    )
    return {
        "events": list(events),
        "aliases": list(person.aliases.all()),
        "addresses": list(person.addresses.all()),
        "current_assignment": ro_history(person).filter(end_date__isnull=True).first(),
    }


def ro_history(person: Person) -> QuerySet[ResponsibleOfficerAssignment]:
    return (
        ResponsibleOfficerAssignment.objects.filter(person=person)
        .select_related("officer", "provider", "team")
        .order_by("-start_date", "-id")
    )
