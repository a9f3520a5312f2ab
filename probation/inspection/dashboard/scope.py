"""Who sees what on the dashboard. Deny by default.

- Quality assurance: their provider, its areas, teams and officers.
- A head of service: their area within their provider, its teams and officers.
- A manager: the teams they manage and the officers in them.
- A practitioner: their own caseload only (their own figures and their own cases).
- Inspectors see case results through the inspections they are assigned, never here; anyone without a
  provider is refused too.

Someone with several roles sees the widest. Only cases the provider manages count (`Person.provider`),
so another provider's manager never sees this provider's teams, even for a case both work on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from probation.inspection.constants import SnapshotLevel
from probation.workforce.constants import Role
from probation.workforce.models import Area, Provider, Staff, Team

LEVELS = (SnapshotLevel.PROVIDER, SnapshotLevel.AREA, SnapshotLevel.TEAM, SnapshotLevel.OFFICER)
REFUSED_INSPECTOR = (
    "Inspectors see case results through the inspections they are assigned, not on the dashboard."
)
REFUSED_NO_PROVIDER = "The dashboard shows a provider's own work: your account is not part of a provider."


@dataclass(frozen=True)
class Entity:
    level: str
    key: int
    name: str

    @property
    def ref(self) -> str:
        """How a link names it: "team:12"."""
        return f"{self.level}:{self.key}"

    @property
    def label(self) -> str:
        return f"{SnapshotLevel(self.level).label}: {self.name}"


@dataclass
class Scope:
    user: Staff
    provider: Provider
    # Teams whose cases the user may see, with their areas.
    teams: list[Team]
    areas: list[Area]
    sees_provider: bool = False
    own_caseload_only: bool = False
    officers: dict[int, str] = field(default_factory=dict)

    # The cases in scope, as a filter on Person (or, with a prefix, on a model that points at one).
    def case_filter(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}provider_id": self.provider.pk})
        if self.own_caseload_only:
            return q & Q(**{f"{prefix}officer_id": self.user.pk})
        if not self.sees_provider:
            q &= Q(**{f"{prefix}team_id__in": [t.pk for t in self.teams]})
        return q

    def focus_filter(self, focus: Entity, prefix: str = "") -> Q:
        """The cases of one provider, area, team or officer, within scope."""
        q = self.case_filter(prefix)
        if focus.level == SnapshotLevel.AREA:
            q &= Q(**{f"{prefix}team__area_id": focus.key})
        elif focus.level == SnapshotLevel.TEAM:
            q &= Q(**{f"{prefix}team_id": focus.key})
        elif focus.level == SnapshotLevel.OFFICER:
            q &= Q(**{f"{prefix}officer_id": focus.key})
        return q

    # The entities the user may look at ------------------------------------------------------------
    def provider_entity(self) -> Entity:
        return Entity(SnapshotLevel.PROVIDER, self.provider.pk, self.provider.name)

    def area_entities(self) -> list[Entity]:
        return [Entity(SnapshotLevel.AREA, a.pk, a.name) for a in self.areas]

    def team_entities(self, area_id: int | None = None) -> list[Entity]:
        return [Entity(SnapshotLevel.TEAM, t.pk, t.name) for t in self.teams if area_id in (None, t.area_id)]

    def officer_entities(self) -> list[Entity]:
        return [
            Entity(SnapshotLevel.OFFICER, pk, name)
            for pk, name in sorted(self.officers.items(), key=lambda i: i[1])
        ]

    def selectable(self) -> list[Entity]:
        """Everything the user may focus on, widest first."""
        if self.own_caseload_only:
            return [Entity(SnapshotLevel.OFFICER, self.user.pk, str(self.user))]
        found = [self.provider_entity()] if self.sees_provider else []
        if self.sees_provider or len(self.areas) == 1 and self._sees_whole_area():
            found += self.area_entities()
        return found + self.team_entities()

    def _sees_whole_area(self) -> bool:
        return self.user.is_head and self.user.area_id is not None

    def default_focus(self) -> Entity:
        return self.selectable()[0]

    def find(self, ref: str) -> Entity | None:
        """The entity a link names, if the user may see it; an officer only with cases in scope."""
        level, _, key = (ref or "").partition(":")
        if not key.isdigit():
            return None
        if level == SnapshotLevel.OFFICER and int(key) not in self.officers:
            self._load_officer(int(key))
        for entity in self.selectable() + self.officer_entities():
            if entity.level == level and entity.key == int(key):
                return entity
        return None

    def _load_officer(self, pk: int) -> None:
        from probation.people.models import Person

        if Person.objects.filter(self.case_filter(), officer_id=pk).exists():
            staff = Staff.objects.filter(pk=pk).first()
            if staff is not None:
                self.officers[pk] = str(staff)

    def children(self, focus: Entity, officer_teams: dict[int, set[int]]) -> list[Entity]:
        """The next level down within scope: areas of the provider, teams of an area, officers of a team."""
        if focus.level == SnapshotLevel.PROVIDER:
            return self.area_entities()
        if focus.level == SnapshotLevel.AREA:
            return self.team_entities(focus.key)
        if focus.level == SnapshotLevel.TEAM:
            return [e for e in self.officer_entities() if focus.key in officer_teams.get(e.key, ())]
        return []


def scope_for(user) -> tuple[Scope | None, str]:
    """The user's scope, or None and the reason they are refused."""
    if user.has_role(Role.INSPECTOR):
        return None, REFUSED_INSPECTOR
    if not user.provider_id:
        return None, REFUSED_NO_PROVIDER
    provider = user.provider
    teams = Team.objects.filter(provider_id=provider.pk).select_related("area").order_by("name", "id")
    sees_provider = user.has_role(Role.QUALITY_ASSURANCE)
    if sees_provider:
        chosen = list(teams)
    else:
        wanted = Q(pk__in=[])
        if user.is_head and user.area_id:
            wanted |= Q(area_id=user.area_id)
        if user.is_manager:
            wanted |= Q(manager=user)
        chosen = list(teams.filter(wanted))
    own = not sees_provider and not chosen
    if own:
        chosen = [user.team] if user.team_id else []
    areas = sorted({t.area_id: t.area for t in chosen}.values(), key=lambda a: (a.name, a.pk))
    return Scope(
        user=user,
        provider=provider,
        teams=chosen,
        areas=areas,
        sees_provider=sees_provider,
        own_caseload_only=own,
    ), ""
