"""Reads for the continuous dashboard. Every page costs a fixed number of queries whatever the
caseload: counts are grouped in the database, never gathered case by case.

- `indicator_counts`: one GROUP BY (team, officer, indicator) over the case results in focus, from which
  every provider, area, team and officer figure on the page is summed.
- `officer_benchmark`: officers compared with comparable officers (see `comparable`), median ± IQR.
- `provisional_ratings`: a key question per case from its indicators, then the standard bands.
- `trend`: the daily snapshots of one indicator for the focus and the level below it.
- `failing_cases`: the drill-down, a page of cases that do not meet (or cannot decide) an indicator.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from probation.core import reference
from probation.inspection import rules
from probation.inspection.constants import Rating, SnapshotLevel
from probation.inspection.indicators import ordered
from probation.inspection.models import CaseIndicator, IndicatorSnapshot, StandardSet
from probation.lib import stats
from probation.people.access import visible_cases
from probation.sentences.constants import DisposalType
from probation.workforce.models import Staff

from .scope import Entity, Scope

# An officer's rate counts towards a benchmark, and is flagged against one, only with this many
# applicable cases: below it one case moves the rate too far to compare.
MIN_CASES = 5
# A benchmark needs this many comparable officers; with fewer in the area it widens to the provider.
MIN_OFFICERS = 5
DEFAULT_STANDARDS = "hmip-2018-case-supervision"


@dataclass
class Counts:
    applicable: int = 0
    met: int = 0
    not_met: int = 0
    undecided: int = 0

    def add(self, other: Counts) -> None:
        self.applicable += other.applicable
        self.met += other.met
        self.not_met += other.not_met
        self.undecided += other.undecided

    @property
    def percent(self) -> float | None:
        """Met as a share of every applicable case: an undecided case is not (yet) met, so the
        figure never overstates."""
        return None if not self.applicable else 100 * self.met / self.applicable


@dataclass
class Aggregate:
    # (team, officer, indicator) -> counts, for every case in scope.
    cells: dict[tuple[int | None, int | None, str], Counts] = field(default_factory=dict)
    team_area: dict[int, int] = field(default_factory=dict)
    rolled: dict | None = field(default=None, repr=False)

    def officer_teams(self) -> dict[int, set[int]]:
        found: dict[int, set[int]] = defaultdict(set)
        for team, officer, _ in self.cells:
            if officer is not None and team is not None:
                found[officer].add(team)
        return found

    def rollup(self) -> dict[tuple[str, int], dict[str, Counts]]:
        """Counts per indicator for every provider (key 0: the whole scope), area, team and officer,
        summed in one pass."""
        totals: dict[tuple[str, int], dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
        for (team, officer, slug), counts in self.cells.items():
            keys = [(SnapshotLevel.PROVIDER, 0)]
            if team is not None:
                keys.append((SnapshotLevel.TEAM, team))
                if team in self.team_area:
                    keys.append((SnapshotLevel.AREA, self.team_area[team]))
            if officer is not None:
                keys.append((SnapshotLevel.OFFICER, officer))
            for key in keys:
                totals[key][slug].add(counts)
        self.rolled = totals
        return totals

    def for_entity(self, entity: Entity) -> dict[str, Counts]:
        rolled = self.rolled if self.rolled is not None else self.rollup()
        key = 0 if entity.level == SnapshotLevel.PROVIDER else entity.key
        return rolled.get((entity.level, key), {})


def _counted(qs, *keys):
    return (
        qs.values(*keys)
        .annotate(
            n_applicable=Count("pk", filter=Q(applicable=True)),
            n_met=Count("pk", filter=Q(applicable=True, met=True)),
            n_not_met=Count("pk", filter=Q(applicable=True, met=False)),
            n_undecided=Count("pk", filter=Q(applicable=True, met__isnull=True)),
        )
        .order_by()
    )


def indicator_counts(scope: Scope, focus: Entity) -> Aggregate:
    """Counts per (team, officer, indicator) over the cases of the focus, in one query — per team only
    for a provider or an area, whose parts are areas and teams — and the names of the officers with
    cases in it, in one more."""
    qs = CaseIndicator.objects.filter(scope.focus_filter(focus, "person__"))
    by_officer = focus.level in (SnapshotLevel.TEAM, SnapshotLevel.OFFICER)
    keys = ["person__team_id", "person__officer_id"] if by_officer else ["person__team_id"]
    aggregate = Aggregate(team_area={t.pk: t.area_id for t in scope.teams})
    for row in _counted(qs, *keys, "indicator"):
        key = (row["person__team_id"], row.get("person__officer_id"), row["indicator"])
        aggregate.cells[key] = Counts(row["n_applicable"], row["n_met"], row["n_not_met"], row["n_undecided"])
    officer_ids = {officer for _, officer, _ in aggregate.cells if officer is not None}
    if officer_ids:
        staff = Staff.objects.filter(pk__in=officer_ids).only("first_name", "last_name", "username")
        scope.officers.update({s.pk: str(s) for s in staff})
    return aggregate


# Benchmarks ------------------------------------------------------------------------------------------
MIX_LABELS = {
    "community": "mostly community sentences",
    "mixed": "a mix of community sentences and licences",
    "licence": "mostly licences and post-sentence supervision",
}


def caseload_mix(custodial: int, total: int) -> str:
    """What an officer's caseload is mostly made of: licence and PSS cases under a third, between a
    third and two-thirds, or over two-thirds of it."""
    if not total:
        return "community"
    share = Fraction(custodial, total)
    if share < Fraction(1, 3):
        return "community"
    if share <= Fraction(2, 3):
        return "mixed"
    return "licence"


@dataclass(frozen=True)
class Benchmark:
    median: float
    lower: float
    upper: float
    officers: int
    basis: str  # "area" or "provider"
    mix: str

    @property
    def iqr(self) -> float:
        return self.upper - self.lower

    def position(self, percent: float | None, applicable: int) -> str:
        if percent is None or applicable < MIN_CASES:
            return "too few cases to compare"
        if percent < self.lower:
            return "below the typical range"
        if percent > self.upper:
            return "above the typical range"
        return "within the typical range"


@dataclass
class OfficerComparison:
    mix: dict[int, str]
    # indicator -> mix -> benchmark
    benchmarks: dict[str, dict[str, Benchmark]]

    def for_officer(self, officer_id: int, slug: str) -> Benchmark | None:
        return self.benchmarks.get(slug, {}).get(self.mix.get(officer_id, ""))


def _officer_rates(slugs, **people) -> tuple[dict[int, str], dict[str, dict[int, Counts]]]:
    """Each officer's caseload mix, and their applicable and met counts for the indicators named, over
    the cases matching `people`: two grouped queries, joins rather than a lookup per case."""
    from probation.people.models import Person

    current_custodial = Q(
        events__disposals__terminated_on__isnull=True,
        events__disposals__type__in=list(DisposalType.custodial()),
    )
    mixes = {}
    for row in (
        Person.objects.filter(officer__isnull=False, **people)
        .values("officer_id")
        .annotate(
            total=Count("pk", distinct=True), n_custodial=Count("pk", distinct=True, filter=current_custodial)
        )
        .order_by()
    ):
        mixes[row["officer_id"]] = caseload_mix(row["n_custodial"], row["total"])
    rates: dict[str, dict[int, Counts]] = defaultdict(dict)
    prefixed = {f"person__{k}": v for k, v in people.items()}
    for row in (
        CaseIndicator.objects.filter(
            indicator__in=list(slugs), applicable=True, person__officer__isnull=False, **prefixed
        )
        .values("person__officer_id", "indicator")
        .annotate(n_applicable=Count("pk"), n_met=Count("pk", filter=Q(met=True)))
        .order_by()
    ):
        rates[row["indicator"]][row["person__officer_id"]] = Counts(row["n_applicable"], row["n_met"])
    return mixes, rates


def _benchmarks(mixes, rates, basis: str) -> dict[str, dict[str, Benchmark]]:
    out: dict[str, dict[str, Benchmark]] = defaultdict(dict)
    for slug, by_officer in rates.items():
        grouped: dict[str, list[float]] = defaultdict(list)
        for officer, counts in by_officer.items():
            if counts.applicable >= MIN_CASES and officer in mixes:
                grouped[mixes[officer]].append(counts.percent)
        for mix, values in grouped.items():
            if len(values) >= MIN_OFFICERS:
                q1, q2, q3 = stats.quartiles(values)
                out[slug][mix] = Benchmark(q2, q1, q3, len(values), basis, mix)
    return out


def officer_benchmark(scope: Scope, area_id: int | None, slugs) -> OfficerComparison:
    """Each officer against comparable officers for the indicators named: the same provider and the
    same caseload mix (`caseload_mix`), in the same area; the provider's when the area has fewer than
    MIN_OFFICERS comparable officers with enough cases. Four queries at most, whatever the caseload."""
    provider = {"provider_id": scope.provider.pk}
    mixes, rates = _officer_rates(slugs, **provider, **({"team__area_id": area_id} if area_id else {}))
    benchmarks = _benchmarks(mixes, rates, "area" if area_id else "provider")
    if area_id and any(mix not in benchmarks.get(slug, {}) for slug in rates for mix in set(mixes.values())):
        wide_mixes, wide_rates = _officer_rates(slugs, **provider)
        for slug, by_mix in _benchmarks(wide_mixes, wide_rates, "provider").items():
            for mix, bench in by_mix.items():
                benchmarks[slug].setdefault(mix, bench)
        mixes = {**wide_mixes, **mixes}
    return OfficerComparison(mixes, benchmarks)


# Provisional ratings ---------------------------------------------------------------------------------
@dataclass
class KeyQuestionRow:
    code: str
    text: str
    indicators: list[str]
    applicable: int = 0
    sufficient: int = 0
    undecided: int = 0

    @property
    def percent(self) -> float | None:
        return rules.key_question_percent(self.sufficient, self.applicable) if self.applicable else None


@dataclass
class StandardRow:
    code: str
    name: str
    key_questions: list[KeyQuestionRow]
    rating: Rating | None = None


def standard_sets():
    return list(StandardSet.objects.filter(active=True).order_by("code").values_list("code", "name"))


def provisional_ratings(scope: Scope, focus: Entity, code: str = DEFAULT_STANDARDS):
    """Each key question's share of applicable cases judged sufficient *from the indicators alone* —
    a case is sufficient when every indicator of the key question that applies is met, insufficient
    when one is not met, and left out (undecided) while one cannot be decided — then each standard
    rated by its lowest key question with `inspection.standard_bands`, and an overall rating."""
    standard_set = StandardSet.objects.filter(code=code).first()
    if standard_set is None:
        return [], None
    standards = list(standard_set.standards.prefetch_related("key_questions"))
    rows, mapping = [], []
    by_id: dict[int, KeyQuestionRow] = {}
    for standard in standards:
        kq_rows = []
        for kq in standard.key_questions.all():
            row = KeyQuestionRow(kq.code, kq.text, list(kq.indicators))
            by_id[kq.pk] = row
            kq_rows.append(row)
            mapping += [(kq.pk, slug) for slug in kq.indicators]
        rows.append(StandardRow(standard.code, standard.name, kq_rows))
    slugs = sorted({slug for _, slug in mapping})
    if slugs:
        # One pass over the cases in focus. Each indicator is a bit; per case, three masks: the
        # indicators that apply, those not met and those undecided (a case has one row per indicator,
        # so summing the bits is OR-ing them). A key question is then judged per case from its bits.
        inner, inner_params = (
            CaseIndicator.objects.filter(
                scope.focus_filter(focus, "person__"), applicable=True, indicator__in=slugs
            )
            .values("person_id", "indicator", "met")
            .query.sql_with_params()
        )
        bit = {slug: 1 << i for i, slug in enumerate(slugs)}
        bit_case = "CASE ci.indicator " + " ".join("WHEN %s THEN %s" for _ in slugs) + " ELSE 0 END"
        bit_params = [v for slug in slugs for v in (slug, bit[slug])]
        judged, order = [], []
        for kq_id, row in by_id.items():
            if not row.indicators:
                continue
            m = sum(bit[s] for s in row.indicators)
            applies, failed, open_ = f"(x.a & {m}) <> 0", f"(x.f & {m}) <> 0", f"(x.u & {m}) <> 0"
            judged.append(
                f"SUM(CASE WHEN {applies} AND ({failed} OR NOT {open_}) THEN 1 ELSE 0 END), "
                f"SUM(CASE WHEN {applies} AND NOT {failed} AND NOT {open_} THEN 1 ELSE 0 END), "
                f"SUM(CASE WHEN {applies} AND NOT {failed} AND {open_} THEN 1 ELSE 0 END)"
            )
            order.append(kq_id)
        sql = (
            f"SELECT {', '.join(judged)} FROM ("
            "SELECT b.person_id, SUM(b.bit) AS a, SUM(CASE WHEN b.met = %s THEN b.bit ELSE 0 END) AS f, "
            "SUM(CASE WHEN b.met IS NULL THEN b.bit ELSE 0 END) AS u "
            f"FROM (SELECT ci.person_id, ci.met, {bit_case} AS bit FROM ({inner}) ci) b "
            "GROUP BY b.person_id) x"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [False, *bit_params, *inner_params])
            values = cursor.fetchone()
        for n, kq_id in enumerate(order):
            row = by_id[kq_id]
            row.applicable, row.sufficient, row.undecided = (int(v or 0) for v in values[3 * n : 3 * n + 3])
    bands = reference.value("inspection.standard_bands")
    scores = reference.value("inspection.standard_scores")
    for standard in rows:
        standard.rating = rules.standard_rating(
            [(kq.sufficient, kq.applicable) for kq in standard.key_questions if kq.indicators], bands
        )
    overall = rules.overall_rating(
        [s.rating for s in rows], scores, reference.value("inspection.overall_bands_for_ten")
    )
    return rows, overall


# Trends ----------------------------------------------------------------------------------------------
@dataclass
class Trend:
    dates: list[date]
    # entity -> {date: percent met (None when nothing applicable)}
    series: dict[Entity, dict[date, float | None]]


def trend(entities: list[Entity], slug: str, until: date, days: int = 365) -> Trend:
    """The snapshots of one indicator over the last year for some entities, in one query."""
    wanted = Q(pk__in=[])
    for level in {e.level for e in entities}:
        wanted |= Q(level=level, key__in=[e.key for e in entities if e.level == level])
    rows = IndicatorSnapshot.objects.filter(
        wanted, indicator=slug, taken_on__gt=until - timedelta(days=days), taken_on__lte=until
    ).values_list("taken_on", "level", "key", "applicable", "met")
    index = {(e.level, e.key): e for e in entities}
    series: dict[Entity, dict[date, float | None]] = {e: {} for e in entities}
    dates = set()
    for taken_on, level, key, applicable, met in rows:
        entity = index.get((level, key))
        if entity is None:
            continue
        dates.add(taken_on)
        series[entity][taken_on] = 100 * met / applicable if applicable else None
    return Trend(sorted(dates), series)


# Drill-down ------------------------------------------------------------------------------------------
RESULTS = {"not_met": False, "needs_human": None}


def failing_cases(scope: Scope, focus: Entity, slug: str, result: str):
    """The cases in focus (and visible to the user) whose result for the indicator is not met, or
    cannot be decided, with the record that decided it; ordered by name."""
    met = RESULTS[result]
    results = CaseIndicator.objects.filter(person=OuterRef("pk"), indicator=slug, applicable=True)
    results = results.filter(met__isnull=True) if met is None else results.filter(met=met)
    return (
        visible_cases(scope.user)
        .filter(scope.focus_filter(focus))
        .filter(Exists(results))
        .annotate(
            evidence_type=Subquery(results.values("evidence_type")[:1]),
            evidence_id=Subquery(results.values("evidence_id")[:1]),
        )
        .select_related("officer", "team")
        .order_by("last_name", "first_name", "id")
    )


def indicator_names() -> dict[str, str]:
    return {i.slug: i.name for i in ordered()}


def benchmark_calls(user) -> dict:
    """The dashboard's reads for `scripts/bench_indicators.py` to time, for a user."""
    from .scope import scope_for

    scope, _ = scope_for(user)

    def everything():
        focus = scope.default_focus()
        aggregate = indicator_counts(scope, focus)
        aggregate.for_entity(focus)
        provisional_ratings(scope, focus)
        officer_benchmark(scope, scope.teams[0].area_id if scope.teams else None, [i.slug for i in ordered()])
        return aggregate

    return {
        "counts for the default focus": lambda: indicator_counts(scope, scope.default_focus()),
        "provisional ratings for the default focus": lambda: provisional_ratings(
            scope, scope.default_focus()
        ),
        "officer benchmark for an area, one indicator": lambda: officer_benchmark(
            scope, scope.teams[0].area_id, ["plan_timely"]
        ),
        "whole page's reads": everything,
    }
