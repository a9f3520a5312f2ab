"""What is due or overdue for a member of staff, gathered from every app for the home page.

Extension point: any installed app may add items by exposing a module ``probation/<app>/due.py`` with

    def due_items(user, today: date) -> list[DueItem]: ...

and, optionally, ``DUE_KINDS = {"kind": "Heading on the home page", ...}`` naming its kinds in the
order they should appear. The home page discovers these modules over INSTALLED_APPS; nothing needs
registering elsewhere. A provider must:

* return only items on cases the user may open: take them from ``probation.home.caseload.caseload(user)``
  (the user's own open caseload, the open cases of the teams they manage, and an access check for
  anyone else, each read once per page and shared by every provider), or start from
  ``probation.people.access.visible_cases``;
* issue a fixed number of queries whatever the caseload (one per kind is the norm: filter, order by
  due date, ``select_related("person")``, slice to ``MAX_ITEMS_PER_KIND``);
* never raise for a user with nothing due (an inspector, an administrator): return ``[]``.

Providers that belong to an app whose owners have not yet written one live in this package and are
listed in ``BUILT_IN_PROVIDERS`` (today: registration reviews, from the risk app's data).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.apps import apps

from .caseload import shared

# Each provider lists at most this many items of one kind; the page says when there may be more.
MAX_ITEMS_PER_KIND = 50

BUILT_IN_PROVIDERS = ["probation.home.registrations"]


@dataclass(frozen=True)
class DueItem:
    """One thing for the user to do on a case, with the link that does it."""

    title: str  # what is due, in words: "Record the outcome of the office appointment on 3 Mar"
    person: Any  # the probation.people.Person the item is about (crn, first_name, last_name used)
    due: date  # when it is (or was) due
    overdue: bool  # true once the due date has passed
    action_url: str  # one click to act
    kind: str  # groups items on the page, e.g. "contacts.outcome_not_recorded"
    action_label: str = "Open"  # the link text: "Record outcome", "Decide", "Review"


@dataclass(frozen=True)
class Provider:
    module: str
    due_items: Callable[[Any, date], list[DueItem]]
    kinds: dict[str, str]


def _load(module_name: str) -> Provider | None:
    if importlib.util.find_spec(module_name) is None:
        return None
    module = importlib.import_module(module_name)
    function = getattr(module, "due_items", None)
    if function is None:
        return None
    return Provider(module_name, function, dict(getattr(module, "DUE_KINDS", {})))


@cache
def providers() -> tuple[Provider, ...]:
    """Every due-item provider: one ``<app>.due`` module per installed app that has one, then the
    built-in ones."""
    found = []
    names = [f"{config.name}.due" for config in apps.get_app_configs()] + BUILT_IN_PROVIDERS
    for name in names:
        try:
            provider = _load(name)
        except ModuleNotFoundError:
            provider = None
        if provider is not None:
            found.append(provider)
    return tuple(found)


def kind_headings() -> dict[str, str]:
    headings: dict[str, str] = {}
    for provider in providers():
        headings.update(provider.kinds)
    return headings


def collect(user, today: date) -> list[DueItem]:
    """Every item due for the user, overdue first, then by due date. The providers share one reading
    of the user's caseload (`probation.home.caseload`)."""
    items: list[DueItem] = []
    with shared(user):
        for provider in providers():
            items.extend(provider.due_items(user, today))
    return sorted(items, key=lambda item: (not item.overdue, item.due, item.kind))


@dataclass(frozen=True)
class DueGroup:
    kind: str
    heading: str
    items: list[DueItem]

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    @property
    def maybe_more(self) -> bool:
        return len(self.items) >= MAX_ITEMS_PER_KIND


def grouped(items: list[DueItem]) -> list[DueGroup]:
    """Items grouped by kind, in the order providers declared their kinds."""
    headings = kind_headings()
    order = {kind: i for i, kind in enumerate(headings)}
    kinds: dict[str, list[DueItem]] = {}
    for item in items:
        kinds.setdefault(item.kind, []).append(item)
    return [
        DueGroup(kind, headings.get(kind, _heading_from(kind)), kinds[kind])
        for kind in sorted(kinds, key=lambda k: (order.get(k, len(order)), k))
    ]


def _heading_from(kind: str) -> str:
    return kind.rsplit(".", 1)[-1].replace("_", " ").capitalize()
