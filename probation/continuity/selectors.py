"""Reads for the continuity of responsible officers in a team: three queries whatever the team's size
(its cases, their assignment history, their stored contact-level results) and the threshold.

Who may see a team is the dashboard's scope (`probation.inspection.dashboard.scope`): a manager the
teams they manage, a head of service their area's, quality assurance the provider's. An officer's own
caseload is not a team view; inspectors and anyone outside a provider see nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from probation.core import reference
from probation.inspection.dashboard.scope import Scope
from probation.inspection.models import CaseIndicator
from probation.people.access import visible_cases
from probation.people.models import Person
from probation.workforce.models import ResponsibleOfficerAssignment, Team

from . import rules

CONTACT_INDICATOR = "contact_level_met"


@dataclass
class CaseContinuity:
    person: Person
    changes: int
    officers: list[str]
    contact: str  # rules.MET, NOT_MET, UNDECIDED or NOT_APPLICABLE


def warn_at() -> int:
    return int(reference.value("continuity.warn_at_change"))


def team_in_scope(scope: Scope, pk: int | None) -> Team | None:
    if scope.own_caseload_only or not scope.teams:
        return None
    if pk is None:
        return scope.teams[0]
    return next((t for t in scope.teams if t.pk == pk), None)


def _contact_result(applicable: bool, met: bool | None) -> str:
    if not applicable:
        return rules.NOT_APPLICABLE
    if met is None:
        return rules.UNDECIDED
    return rules.MET if met else rules.NOT_MET


def team_continuity(scope: Scope, team: Team, on: date) -> list[CaseContinuity]:
    """Every current case of the team the user may find, with its changes of officer in the twelve
    months up to `on`, the officers in order, and how its contact level fared."""
    cases = visible_cases(scope.user).filter(scope.case_filter(), team_id=team.pk)
    people = list(cases.select_related("officer").order_by("last_name", "first_name", "id"))
    ids = cases.values("pk")
    history: dict[int, list[rules.Assignment]] = defaultdict(list)
    for row in (
        ResponsibleOfficerAssignment.objects.filter(person_id__in=ids, start_date__lte=on)
        .values("person_id", "start_date", "officer__first_name", "officer__last_name", "officer__username")
        .order_by("person_id", "start_date", "id")
    ):
        name = f"{row['officer__first_name']} {row['officer__last_name']}".strip() or row["officer__username"]
        history[row["person_id"]].append(rules.Assignment(row["start_date"], name))
    contact = {
        person_id: _contact_result(applicable, met)
        for person_id, applicable, met in CaseIndicator.objects.filter(
            person_id__in=ids, indicator=CONTACT_INDICATOR
        ).values_list("person_id", "applicable", "met")
    }
    return [
        CaseContinuity(
            person,
            rules.changes(history[person.pk], on),
            rules.officers_in_window(history[person.pk], on),
            contact.get(person.pk, rules.NOT_APPLICABLE),
        )
        for person in people
    ]


def frequent_cases(cases: list[CaseContinuity], threshold: int) -> list[CaseContinuity]:
    """The cases that reached the threshold, most changes first, then by name."""
    found = [c for c in cases if rules.is_frequent(c.changes, threshold)]
    return sorted(found, key=lambda c: -c.changes)
