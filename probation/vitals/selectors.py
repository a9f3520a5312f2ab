"""Reads for officer and team vitals, built on the case results the inspection app stores
(`CaseIndicator`); nothing here re-derives a rule. Every page costs a fixed number of queries
whatever the caseload: counts are grouped in the database.

Comparable caseloads are the dashboard's (`caseload_mix`), so both pages give the same benchmark.
Who may see what is the dashboard's scope (`probation.inspection.dashboard.scope`): an officer their
own figures, a manager the teams they manage, a head of service their area, quality assurance their
provider; inspectors and anyone outside a provider nothing. Cases count for the officer who holds
them now (`Person.officer`) and the team that officer is in (`Person.team`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from probation.inspection.dashboard.scope import Scope
from probation.inspection.dashboard.selectors import MIX_LABELS, caseload_mix
from probation.inspection.models import CaseIndicator
from probation.people.access import visible_cases
from probation.people.models import Person
from probation.sentences.constants import DisposalType
from probation.workforce.models import Staff, Team

from . import rules

SLUGS = [v.slug for v in rules.VITALS]


@dataclass
class Officer:
    pk: int
    name: str
    grade: str
    team_id: int | None
    area_id: int | None
    mix: str = "community"

    @property
    def mix_label(self) -> str:
        return MIX_LABELS.get(self.mix, self.mix)


@dataclass
class Figures:
    """Tallies per officer and per team for every vital, and the benchmarks of comparable officers."""

    officers: dict[int, Officer] = field(default_factory=dict)
    by_officer: dict[int, dict[str, rules.Tally]] = field(default_factory=lambda: defaultdict(dict))
    by_team: dict[int, dict[str, rules.Tally]] = field(default_factory=lambda: defaultdict(dict))
    # (area id, caseload mix) -> vital -> benchmark; the area's own or, failing that, the provider's.
    benchmarks: dict[tuple[int | None, str], dict[str, rules.Benchmark]] = field(default_factory=dict)

    def tally(self, officer_id: int, slug: str) -> rules.Tally:
        return self.by_officer.get(officer_id, {}).get(slug) or rules.Tally()

    def team_tally(self, team_id: int, slug: str) -> rules.Tally:
        return self.by_team.get(team_id, {}).get(slug) or rules.Tally()

    def benchmark(self, officer: Officer, slug: str) -> rules.Benchmark | None:
        return self.benchmarks.get((officer.area_id, officer.mix), {}).get(slug)

    def position(self, officer: Officer, slug: str) -> str:
        return rules.position(self.tally(officer.pk, slug), self.benchmark(officer, slug))


def _grouped(**people):
    """Applicable, met and undecided counts per (officer, team, vital) over the cases matching
    `people`: one grouped query."""
    prefixed = {f"person__{k}": v for k, v in people.items()}
    return (
        CaseIndicator.objects.filter(
            indicator__in=SLUGS, applicable=True, person__officer__isnull=False, **prefixed
        )
        .values("person__officer_id", "person__team_id", "indicator")
        .annotate(
            n_applicable=Count("pk"),
            n_met=Count("pk", filter=Q(met=True)),
            n_undecided=Count("pk", filter=Q(met__isnull=True)),
        )
        .order_by()
    )


def _mixes(ids, provider_id: int) -> dict[int, str]:
    """Each officer's caseload mix over the provider's cases they hold: one grouped query."""
    current_custodial = Q(
        events__disposals__terminated_on__isnull=True,
        events__disposals__type__in=list(DisposalType.custodial()),
    )
    rows = (
        Person.objects.filter(officer_id__in=list(ids), provider_id=provider_id)
        .values("officer_id")
        .annotate(
            total=Count("pk", distinct=True), n_custodial=Count("pk", distinct=True, filter=current_custodial)
        )
        .order_by()
    )
    return {r["officer_id"]: caseload_mix(r["n_custodial"], r["total"]) for r in rows}


def _officers(ids, provider_id: int) -> dict[int, Officer]:
    """The officers, with their grade, team, area and caseload mix: two queries."""
    ids = list(ids)
    mixes = _mixes(ids, provider_id)
    rows = Staff.objects.filter(pk__in=ids).values(
        "pk", "first_name", "last_name", "username", "grade", "team_id", "team__area_id"
    )
    return {
        r["pk"]: Officer(
            r["pk"],
            f"{r['first_name']} {r['last_name']}".strip() or r["username"],
            r["grade"] or "",
            r["team_id"],
            r["team__area_id"],
            mixes.get(r["pk"], "community"),
        )
        for r in rows
    }


def _tallies(rows) -> tuple[dict[int, dict[str, rules.Tally]], dict[int, dict[str, rules.Tally]]]:
    by_officer: dict[int, dict[str, rules.Tally]] = defaultdict(dict)
    by_team: dict[int, dict[str, rules.Tally]] = defaultdict(dict)
    for row in rows:
        tally = rules.Tally(row["n_applicable"], row["n_met"], row["n_undecided"])
        for key, table in ((row["person__officer_id"], by_officer), (row["person__team_id"], by_team)):
            if key is None:
                continue
            table[key].setdefault(row["indicator"], rules.Tally()).add(tally)
    return by_officer, by_team


def _benchmarks(by_officer, officers: dict[int, Officer], basis: str, *, by_area: bool):
    found: dict[tuple[int | None, str], dict[str, rules.Benchmark]] = defaultdict(dict)
    for slug in SLUGS:
        tallies = {pk: t[slug] for pk, t in by_officer.items() if slug in t and pk in officers}
        group_of = {pk: f"{officers[pk].area_id if by_area else ''}|{officers[pk].mix}" for pk in tallies}
        for key, bench in rules.benchmarks_by_group(tallies, group_of, basis=basis).items():
            area, _, mix = key.partition("|")
            found[(int(area) if area else None, mix)][slug] = replace(bench, group=mix)
    return found


def figures_for_areas(provider_id: int, area_ids: list[int]) -> Figures:
    """Every officer's and team's vitals in the areas, with benchmarks of officers with comparable
    caseloads (the same mix, in the same area; the provider's when the area has too few). Three
    queries, and three more only when an area lacks enough comparable officers for some vital."""
    rows = list(_grouped(provider_id=provider_id, team__area_id__in=area_ids))
    by_officer, by_team = _tallies(rows)
    officers = _officers(by_officer, provider_id)
    figures = Figures(officers=officers, by_team=by_team)
    figures.by_officer.update(by_officer)
    area_benchmarks = _benchmarks(by_officer, officers, rules.AREA, by_area=True)
    wanted = {(o.area_id, o.mix) for o in officers.values()}
    missing = any(slug not in area_benchmarks.get(key, {}) for key in wanted for slug in SLUGS)
    provider_benchmarks: dict = {}
    if missing:
        wide, _ = _tallies(_grouped(provider_id=provider_id))
        wide_officers = _officers(wide, provider_id)
        provider_benchmarks = _benchmarks(wide, wide_officers, rules.PROVIDER, by_area=False)
    for area_id, mix in wanted:
        chosen = dict(provider_benchmarks.get((None, mix), {}))
        chosen.update(area_benchmarks.get((area_id, mix), {}))
        figures.benchmarks[(area_id, mix)] = chosen
    return figures


# Who may be looked at -------------------------------------------------------------------------------
def officer_in_scope(scope: Scope, pk: int) -> Staff | None:
    """The officer, if the user may see their figures: themselves; for a manager, head or quality
    assurance, a member of a team in scope or an officer holding cases in scope."""
    if scope.own_caseload_only:
        return scope.user if pk == scope.user.pk else None
    staff = Staff.objects.filter(pk=pk, provider_id=scope.provider.pk).select_related("team").first()
    if staff is None:
        return None
    if scope.sees_provider or staff.team_id in {t.pk for t in scope.teams}:
        return staff
    if Person.objects.filter(scope.case_filter(), officer_id=pk).exists():
        return staff
    return None


def team_in_scope(scope: Scope, pk: int | None) -> Team | None:
    """The team, if the user may see its figures: a manager's, head's or quality assurance's teams."""
    if scope.own_caseload_only or not scope.teams:
        return None
    if pk is None:
        return scope.teams[0]
    return next((t for t in scope.teams if t.pk == pk), None)


def team_members(team: Team, figures: Figures) -> list[Officer]:
    """The team's officers, by name: everyone in it holding cases, and its practitioners without any."""
    holding = [o for o in figures.officers.values() if o.team_id == team.pk]
    others = (
        Staff.objects.filter(team_id=team.pk, is_active=True)
        .exclude(pk__in=[o.pk for o in holding])
        .only("first_name", "last_name", "username", "grade", "team_id", "roles")
    )
    idle = [
        Officer(s.pk, str(s), s.grade or "", s.team_id, team.area_id)
        for s in others
        if s.has_role("practitioner")
    ]
    return sorted(holding + idle, key=lambda o: (o.name, o.pk))


# The cases behind a figure ---------------------------------------------------------------------------
RESULTS = {"met": True, "not_met": False, "needs_human": None}


def cases_behind(
    scope: Scope, slug: str, *, officer_id: int | None = None, team_id: int | None = None, result: str = ""
) -> QuerySet[Person]:
    """The applicable cases of the officer or team (visible to the user, within scope) with their
    stored result for the vital, by name."""
    results = CaseIndicator.objects.filter(person=OuterRef("pk"), indicator=slug, applicable=True)
    if result:
        met = RESULTS[result]
        results = results.filter(met__isnull=True) if met is None else results.filter(met=met)
    qs = visible_cases(scope.user).filter(scope.case_filter())
    if officer_id is not None:
        qs = qs.filter(officer_id=officer_id)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    return (
        qs.filter(Exists(results))
        .annotate(result_met=Subquery(results.values("met")[:1]))
        .select_related("officer")
        .order_by("last_name", "first_name", "id")
    )
