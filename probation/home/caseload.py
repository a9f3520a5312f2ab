"""The cases behind one home page, worked out once and shared by every due-item provider.

Each provider must list only items on cases the user may open. Asking `visible_cases` for that in
every query made Django build the same five-`EXISTS` access query a dozen times per page, which was
most of the page's time. While `probation.home.due.collect` runs (and the home view around it), a
`Caseload` is shared through a context variable: the user's own open caseload is read once (the
people themselves, so lists attach them without a further query), the open cases of the teams they
manage once, and any other person a list needs once. Outside the home page, `caseload(user)` gives a
fresh one, so a provider called on its own still answers exactly."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property

from django.db.models import Q, QuerySet

from probation.people.access import visible_cases
from probation.people.models import Person
from probation.people.selectors import managed_teams

# Up to this many ids are passed to a list's query as a list; beyond it (a head of service's whole
# area), the list's query keeps the access rules as a subquery.
MAX_LISTED_IDS = 1000


class Caseload:
    """What one user may open among the cases the home page lists, each part read at most once."""

    def __init__(self, user):
        self.user = user
        self._people: dict[int, Person | None] = {}  # None: looked up, and not openable

    def _open_cases(self) -> QuerySet[Person]:
        return visible_cases(self.user).filter(access_blocked=False)

    @cached_property
    def own(self) -> dict[int, Person]:
        """The open cases the user is responsible officer for, by id: one query. Those on the caseload
        that limited access keeps the user out of are remembered as not openable."""
        people = {}
        for person in visible_cases(self.user).filter(officer=self.user):
            self._people[person.pk] = None if person.access_blocked else person
            if not person.access_blocked:
                people[person.pk] = person
        return people

    @property
    def own_ids(self) -> list[int]:
        return sorted(self.own)

    @cached_property
    def _managed(self) -> list[tuple[int, int | None]] | QuerySet[Person]:
        user = self.user
        if not (user.is_manager or user.is_head):
            return []
        cases = self._open_cases().filter(team__in=managed_teams(user))
        rows = list(cases.values_list("pk", "provider_id")[: MAX_LISTED_IDS + 1])
        return cases if len(rows) > MAX_LISTED_IDS else rows

    def managed(self, *, same_provider: bool = False, field: str = "person") -> Q:
        """A filter for rows (on `field`, a person) in the open cases of the teams the user manages;
        with `same_provider`, only cases their own provider manages."""
        rows = self._managed
        if isinstance(rows, QuerySet):
            if same_provider:
                rows = rows.filter(provider_id=self.user.provider_id)
            return Q(**{f"{field}__in": rows.values("pk")})
        ids = [pk for pk, provider_id in rows if not same_provider or provider_id == self.user.provider_id]
        return Q(**{f"{field}_id__in": ids})

    def openable(self, person_ids: Iterable[int]) -> dict[int, Person]:
        """Of these people, those the user may open, by id; only people not already known are read
        (one query)."""
        ids = set(person_ids)
        self.own  # noqa: B018 - the caseload answers most lists without a query
        unknown = ids - self._people.keys()
        if unknown:
            found = {p.pk: p for p in self._open_cases().filter(pk__in=unknown)}
            self._people.update({pk: found.get(pk) for pk in unknown})
        return {pk: person for pk in ids if (person := self._people.get(pk)) is not None}

    def keep_openable(self, rows: list, attr: str = "person") -> list:
        """The rows whose person the user may open, each given its person object."""
        people = self.openable(getattr(row, f"{attr}_id") for row in rows)
        kept = []
        for row in rows:
            person = people.get(getattr(row, f"{attr}_id"))
            if person is not None:
                setattr(row, attr, person)
                kept.append(row)
        return kept


_shared: ContextVar[Caseload | None] = ContextVar("home_caseload", default=None)


def caseload(user) -> Caseload:
    """The caseload shared for this user while the home page is gathered, else a fresh one."""
    current = _shared.get()
    if current is not None and current.user.pk == user.pk:
        return current
    return Caseload(user)


@contextmanager
def shared(user) -> Iterator[Caseload]:
    """Share one `Caseload` for `user` with everything called inside (one home page request)."""
    current = _shared.get()
    if current is not None and current.user.pk == user.pk:
        yield current
        return
    token = _shared.set(Caseload(user))
    try:
        yield _shared.get()
    finally:
        _shared.reset(token)
