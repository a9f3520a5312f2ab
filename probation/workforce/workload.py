"""Workload figures for officers and teams, set-based: one grouped query for cases (officer × tier ×
case type), one for reports, one for reductions, whatever the caseload."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, Count, IntegerField, OuterRef, Q, Subquery, Value, When

from probation.core import reference
from probation.people.models import Person
from probation.sentences.constants import DisposalType
from probation.sentences.models import Disposal

from . import workload_rules as rules
from .models import CourtReport, Staff, WorkloadReduction


def _current_disposals(today: date):
    return Disposal.objects.filter(event__person=OuterRef("pk"), terminated_on__isnull=True).filter(
        Q(expected_end_date__isnull=True) | Q(expected_end_date__gte=today) | Q(licence_end_date__gte=today)
    )


def case_type_expression(today: date):
    """Licence when released on a current custodial sentence, custody while still inside, otherwise
    community; no current sentence carries no points. One correlated subquery per case that finds
    its current sentences through the event index and ranks them, so the type is not a filter the
    planner could prefer to scan by."""
    custodial = Q(type__in=DisposalType.custodial())
    rank = (
        _current_disposals(today)
        .annotate(
            rank=Case(
                When(custodial & Q(release_date__isnull=False, release_date__lte=today), then=Value(3)),
                When(custodial, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-rank")
        .values("rank")[:1]
    )
    return Case(
        When(rank_of_case=3, then=Value("licence")),
        When(rank_of_case=2, then=Value("custody")),
        When(rank_of_case=1, then=Value("community")),
        default=Value(""),
        output_field=CharField(),
    ), Subquery(rank, output_field=IntegerField())


@dataclass
class CaseGroup:
    case_type: str
    tier: str
    cases: int
    points_each: int

    @property
    def points(self) -> int:
        return self.cases * self.points_each


@dataclass
class ReportGroup:
    kind: str
    label: str
    reports: int
    points_each: int

    @property
    def points(self) -> int:
        return self.reports * self.points_each


@dataclass
class OfficerWorkload:
    officer: Staff
    figures: rules.Workload
    cases: list[CaseGroup] = field(default_factory=list)
    reports: list[ReportGroup] = field(default_factory=list)
    reductions: list[tuple[WorkloadReduction, float]] = field(default_factory=list)

    @property
    def case_count(self) -> int:
        return sum(g.cases for g in self.cases if g.case_type)


def _policy() -> dict:
    return {
        "points": reference.value("workload.points"),
        "report_points": reference.value("workload.report_points"),
        "full_time_points": int(reference.value("workload.full_time_points")),
        "full_time_hours": float(reference.value("workload.full_time_hours")),
        "excessive_percent": float(reference.value("workload.excessive_percent")),
    }


def workloads_for(officers: list[Staff], *, today: date) -> list[OfficerWorkload]:
    """The workload of each officer given, with how it was reached. Three grouped queries plus the
    reference values."""
    policy = _policy()
    ids = [o.pk for o in officers]
    case_type, rank = case_type_expression(today)
    case_rows = (
        Person.objects.filter(officer_id__in=ids)
        .annotate(rank_of_case=rank)
        .annotate(case_type=case_type)
        .values("officer_id", "tier", "case_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cases: dict[int, list[CaseGroup]] = defaultdict(list)
    for row in case_rows:
        if not row["case_type"]:
            continue
        each = rules.case_points(policy["points"], row["case_type"], row["tier"] or "")
        cases[row["officer_id"]].append(CaseGroup(row["case_type"], row["tier"] or "", row["n"], each))
    report_rows = (
        CourtReport.objects.filter(staff_id__in=ids, completed_on__isnull=True)
        .values("staff_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = dict(CourtReport.Kind.choices)
    reports: dict[int, list[ReportGroup]] = defaultdict(list)
    for row in report_rows:
        reports[row["staff_id"]].append(
            ReportGroup(
                row["kind"],
                labels.get(row["kind"], row["kind"]),
                row["n"],
                rules.report_points(policy["report_points"], row["kind"]),
            )
        )
    reductions: dict[int, list[WorkloadReduction]] = defaultdict(list)
    for red in (
        WorkloadReduction.objects.filter(staff_id__in=ids, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by("start_date", "id")
    ):
        reductions[red.staff_id].append(red)
    result = []
    for officer in officers:
        groups = sorted(cases[officer.pk], key=lambda g: (g.case_type, g.tier))
        reds = [
            (
                red,
                rules.reduction_hours(
                    contracted_hours=officer.contracted_hours, percent=red.percent, hours=red.hours
                ),
            )
            for red in reductions[officer.pk]
        ]
        figures = rules.workload(
            case_points_total=sum(g.points for g in groups),
            report_points_total=sum(g.points for g in reports[officer.pk]),
            contracted_hours=float(officer.contracted_hours),
            reduction_hours_total=sum(h for _, h in reds),
            full_time_points=policy["full_time_points"],
            full_time_hours=policy["full_time_hours"],
            excessive_percent=policy["excessive_percent"],
        )
        result.append(
            OfficerWorkload(officer, figures, groups, sorted(reports[officer.pk], key=lambda g: g.kind), reds)
        )
    return result


def team_officers(team_ids) -> list[Staff]:
    """Members of the teams, by team and name."""
    return list(
        Staff.objects.filter(team_id__in=team_ids, is_active=True)
        .select_related("team")
        .order_by("team__name", "last_name", "first_name")
    )
