"""The continuous dashboard: every indicator's share met for the provider, areas, teams and officers the
user may see, provisional ratings, officers against comparable officers, trends from the daily
snapshots, the cases behind each figure, and the table as CSV or Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.inspection.constants import SnapshotLevel
from probation.inspection.indicators import ordered
from probation.risk.models import RiskAssessment

from . import exports, selectors
from .charts import line_chart
from .scope import Scope, scope_for

PAGE_SIZE = 25
TREND_LINES = 8
# The data table beside a chart lists at most this many days: the last snapshot of each month.
TREND_TABLE_ROWS = 13
RESULT_LABELS = {"not_met": "not met", "needs_human": "needing a human judgement"}


def _scope_or_refusal(request):
    if request.method != "GET":
        return None, HttpResponseNotAllowed(["GET"])
    scope, reason = scope_for(request.user)
    if scope is None:
        return None, render(request, "inspection/dashboard_refused.html", {"reason": reason}, status=403)
    return scope, None


def _focus(scope: Scope, request):
    ref = request.GET.get("focus", "")
    if not ref:
        return scope.default_focus()
    focus = scope.find(ref)
    if focus is None:
        raise Http404("Nothing to show for that")
    return focus


def _selected_indicator(request, indicators):
    slugs = [i.slug for i in indicators]
    slug = request.GET.get("indicator", "")
    if slug and slug not in slugs:
        raise Http404("No such indicator")
    return next(i for i in indicators if i.slug == (slug or slugs[0]))


def _percent(value):
    return None if value is None else round(value)


def _trend_table(trend, entities):
    """The last snapshot day of each month (and the latest), newest first, for the table."""
    by_month = {}
    for day in trend.dates:
        by_month[(day.year, day.month)] = day
    days = sorted(by_month.values(), reverse=True)[:TREND_TABLE_ROWS]
    return [(day, [_percent(trend.series[e].get(day)) for e in entities]) for day in days]


def _selectable(scope: Scope, focus, children) -> list:
    """What the user may switch to: the provider, areas and teams in scope, and the officers of the
    team in focus (never every officer of a provider in one list)."""
    found = scope.selectable()
    if scope.own_caseload_only:
        return found
    officers = [c for c in children if c.level == SnapshotLevel.OFFICER]
    if focus.level == SnapshotLevel.OFFICER:
        officers.append(focus)
    return found + [o for o in officers if o not in found]


def build_page(request, scope: Scope) -> dict:
    """Everything the page, and its exports, show. A fixed number of queries."""
    today = timezone.localdate()
    indicators = ordered()
    focus = _focus(scope, request)
    aggregate = selectors.indicator_counts(scope, focus)
    selected = _selected_indicator(request, indicators)
    officer_teams = aggregate.officer_teams()
    children = scope.children(focus, officer_teams)
    focus_counts = aggregate.for_entity(focus)

    comparison = None
    if focus.level == SnapshotLevel.TEAM:
        area = next((t.area_id for t in scope.teams if t.pk == focus.key), None)
        comparison = selectors.officer_benchmark(scope, area, [selected.slug])
    elif focus.level == SnapshotLevel.OFFICER:
        team_id = next(iter(officer_teams.get(focus.key, ())), None)
        area = next((t.area_id for t in scope.teams if t.pk == team_id), None)
        comparison = selectors.officer_benchmark(scope, area, [i.slug for i in indicators])

    themes, current = [], None
    for ind in indicators:
        counts = focus_counts.get(ind.slug, selectors.Counts())
        benchmark = (
            comparison.for_officer(focus.key, ind.slug) if comparison and focus.level == "officer" else None
        )
        row = {
            "indicator": ind,
            "counts": counts,
            "percent": _percent(counts.percent),
            "benchmark": benchmark,
            "position": benchmark.position(counts.percent, counts.applicable) if benchmark else "",
        }
        if current is None or current["theme"] != ind.theme:
            current = {"theme": ind.theme, "rows": []}
            themes.append(current)
        current["rows"].append(row)

    compared = []
    for child in children:
        counts = aggregate.for_entity(child).get(selected.slug, selectors.Counts())
        benchmark = (
            comparison.for_officer(child.key, selected.slug)
            if comparison and child.level == "officer"
            else None
        )
        compared.append(
            {
                "entity": child,
                "counts": counts,
                "percent": _percent(counts.percent),
                "benchmark": benchmark,
                "position": benchmark.position(counts.percent, counts.applicable) if benchmark else "",
                "mix": selectors.MIX_LABELS.get(comparison.mix.get(child.key, ""), "") if comparison else "",
            }
        )

    code = request.GET.get("standards") or selectors.DEFAULT_STANDARDS
    standards, overall = selectors.provisional_ratings(scope, focus, code)

    lines = [focus, *children[: TREND_LINES - 1]]
    trend = selectors.trend(lines, selected.slug, today)
    chart = (
        line_chart(
            {e.name: trend.series[e] for e in lines},
            chart_id="trend-chart",
            title=f"{selected.name}: share of applicable cases meeting it, {focus.label}",
        )
        if trend.dates
        else ""
    )
    return {
        "today": today,
        "scope": scope,
        "focus": focus,
        "selectable": _selectable(scope, focus, children),
        "indicators": indicators,
        "selected": selected,
        "themes": themes,
        "officer_focus": focus.level == SnapshotLevel.OFFICER,
        "children": compared,
        "children_level": children[0].level if children else "",
        "officer_children": bool(children) and children[0].level == SnapshotLevel.OFFICER,
        "standards": standards,
        "overall": overall,
        "standard_sets": selectors.standard_sets(),
        "standards_code": code,
        "trend_lines": lines,
        "trend_rows": _trend_table(trend, lines),
        "chart": chart,
        "export_entities": [(focus, focus_counts)] + [(c, aggregate.for_entity(c)) for c in children],
        "min_cases": selectors.MIN_CASES,
        "min_officers": selectors.MIN_OFFICERS,
        "mix_labels": selectors.MIX_LABELS,
    }


@login_required
def dashboard(request):
    scope, refusal = _scope_or_refusal(request)
    if refusal:
        return refusal
    page = build_page(request, scope)
    page["query"] = request.GET.urlencode()
    return render(request, "inspection/dashboard.html", page)


@login_required
def export(request, fmt: str):
    scope, refusal = _scope_or_refusal(request)
    if refusal:
        return refusal
    page = build_page(request, scope)
    audit_record(
        user=request.user,
        action=Action.EXPORT,
        summary=f"Exported the dashboard table for {page['focus'].label} as {fmt.upper()}",
        detail={"focus": page["focus"].ref, "format": fmt},
    )
    return exports.as_xlsx(page) if fmt == "xlsx" else exports.as_csv(page)


# Drill-down ------------------------------------------------------------------------------------------
EVIDENCE_PAGES = {
    "risk.riskassessment": ("risk:assessment", "the assessment"),
    "risk.identifiedrisk": ("risk:plan", "the risk management plan"),
    "risk.riskaction": ("risk:plan", "the risk management plan"),
    "risk.partnercheck": ("risk:plan", "the partner checks"),
    "risk.significantevent": ("risk:overview", "the risk record"),
    "plans.sentenceplan": ("plans:plan", "the sentence plan"),
    "allocation.allocation": ("allocation:case", "the allocation"),
    "contacts.contact": ("contacts:detail", "the contact"),
    "contacts.contactlevel": ("contacts:list", "the contacts and contact level"),
    "enforcement.enforcementaction": ("enforcement:case", "the enforcement decisions"),
    "interventions.referral": ("referrals:detail", "the referral"),
    "interventions.partnerexchange": ("referrals:partners", "the partner agency record"),
    "workforce.responsibleofficerassignment": ("cases:ro-history", "the responsible officers"),
    "oversight.oversightrecord": ("cases:overview", "the case"),
    "oversight.seriousfurtheroffence": ("cases:overview", "the case"),
}


def evidence_link(person, evidence_type: str, evidence_id, sequences: dict[int, int]) -> tuple[str, str]:
    """The case page showing the record that decided the result, and what to call the link."""
    name, text = EVIDENCE_PAGES.get(evidence_type, ("cases:overview", "the case"))
    kwargs = {"crn": person.crn}
    if name == "risk:assessment":
        if evidence_id not in sequences:
            name, text = "risk:overview", "the risk record"
        else:
            kwargs["sequence"] = sequences[evidence_id]
    elif name in ("contacts:detail", "referrals:detail"):
        kwargs["pk"] = evidence_id
    try:
        return reverse(name, kwargs=kwargs), text
    except NoReverseMatch:
        return reverse("cases:overview", kwargs={"crn": person.crn}), "the case"


@login_required
def cases(request):
    scope, refusal = _scope_or_refusal(request)
    if refusal:
        return refusal
    indicators = ordered()
    selected = _selected_indicator(request, indicators)
    result = request.GET.get("result", "not_met")
    if result not in selectors.RESULTS:
        raise Http404("No such result")
    focus = _focus(scope, request)
    page = Paginator(selectors.failing_cases(scope, focus, selected.slug, result), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    people = list(page.object_list)
    assessment_ids = [
        p.evidence_id for p in people if p.evidence_type == "risk.riskassessment" and p.evidence_id
    ]
    sequences = dict(RiskAssessment.objects.filter(pk__in=assessment_ids).values_list("pk", "sequence"))
    rows = []
    for person in people:
        href, text = evidence_link(person, person.evidence_type, person.evidence_id, sequences)
        rows.append({"person": person, "href": href, "evidence": text})
    audit_record(
        user=request.user,
        action=Action.VIEW,
        summary=f"Viewed the cases {RESULT_LABELS[result]} for {selected.name} ({focus.label})",
        detail={"indicator": selected.slug, "focus": focus.ref, "result": result},
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "inspection/dashboard_cases.html",
        {
            "focus": focus,
            "selected": selected,
            "result": result,
            "result_label": RESULT_LABELS[result],
            "page": page,
            "rows": rows,
            "base_query": params.urlencode(),
            "back_query": f"focus={focus.ref}&indicator={selected.slug}",
        },
    )
