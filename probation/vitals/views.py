"""Officer and team vitals: a team's officers against comparable officers, one officer's figures,
and the cases behind every figure."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.inspection.dashboard.scope import scope_for
from probation.inspection.indicators import INDICATORS

from . import rules, selectors

PAGE_SIZE = 25
RESULT_LABELS = {"": "all", "met": "met", "not_met": "not met", "needs_human": "needing a human judgement"}


def _scope_or_refusal(request):
    scope, reason = scope_for(request.user)
    if scope is None:
        return None, render(request, "vitals/refused.html", {"reason": reason}, status=403)
    return scope, None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _cell(vital: rules.Vital, tally: rules.Tally, position: str | None = None) -> dict:
    return {
        "vital": vital,
        "tally": tally,
        "percent": None if tally.percent is None else round(tally.percent),
        "position": position,
        "position_label": rules.POSITION_LABELS.get(position or "", ""),
    }


@login_required
@require_GET
def home(request):
    scope, refusal = _scope_or_refusal(request)
    if refusal:
        return refusal
    if scope.own_caseload_only:
        return redirect("vitals:officer", pk=request.user.pk)
    team = selectors.team_in_scope(scope, _int(request.GET.get("team")))
    if team is None:
        if request.GET.get("team"):
            raise Http404("No such team")
        return render(request, "vitals/refused.html", {"reason": "You have no team to show."}, status=403)
    figures = selectors.figures_for_areas(scope.provider.pk, [team.area_id])
    officers = selectors.team_members(team, figures)
    rows = [
        {
            "officer": officer,
            "cells": [
                _cell(v, figures.tally(officer.pk, v.slug), figures.position(officer, v.slug))
                for v in rules.VITALS
            ],
        }
        for officer in officers
    ]
    mixes = sorted({o.mix for o in officers if figures.by_officer.get(o.pk)})
    benchmarks = [
        {
            "label": selectors.MIX_LABELS.get(mix, mix),
            "cells": [figures.benchmarks.get((team.area_id, mix), {}).get(v.slug) for v in rules.VITALS],
        }
        for mix in mixes
    ]
    return render(
        request,
        "vitals/team.html",
        {
            "team": team,
            "teams": scope.teams,
            "vitals": rules.VITALS,
            "rows": rows,
            "team_cells": [_cell(v, figures.team_tally(team.pk, v.slug)) for v in rules.VITALS],
            "benchmarks": benchmarks,
            "min_cases": rules.MIN_CASES,
            "min_officers": rules.MIN_OFFICERS,
        },
    )


@login_required
@require_GET
def officer(request, pk: int):
    scope, refusal = _scope_or_refusal(request)
    if refusal:
        return refusal
    staff = selectors.officer_in_scope(scope, pk)
    if staff is None:
        raise Http404("No such officer")
    area_id = staff.team.area_id if staff.team_id else None
    figures = selectors.figures_for_areas(scope.provider.pk, [area_id] if area_id else [])
    me = figures.officers.get(pk) or selectors.Officer(
        pk, str(staff), staff.grade or "", staff.team_id, area_id
    )
    may_see_team_cases = (
        not scope.own_caseload_only and selectors.team_in_scope(scope, staff.team_id) is not None
    )
    rows = []
    for vital in rules.VITALS:
        tally = figures.tally(pk, vital.slug)
        rows.append(
            {
                "vital": vital,
                "definition": INDICATORS[vital.slug].definition if vital.slug in INDICATORS else "",
                "officer": _cell(vital, tally, figures.position(me, vital.slug)),
                "team": _cell(vital, figures.team_tally(staff.team_id, vital.slug))
                if staff.team_id
                else None,
                "benchmark": figures.benchmark(me, vital.slug),
            }
        )
    return render(
        request,
        "vitals/officer.html",
        {
            "staff": staff,
            "officer": me,
            "rows": rows,
            "own": pk == request.user.pk,
            "may_see_team_cases": may_see_team_cases,
            "min_cases": rules.MIN_CASES,
            "min_officers": rules.MIN_OFFICERS,
        },
    )


def _vital(slug: str) -> rules.Vital:
    vital = next((v for v in rules.VITALS if v.slug == slug), None)
    if vital is None:
        raise Http404("No such vital")
    return vital


def _cases_page(request, scope, vital, *, subject: str, back: str, **owner):
    result = request.GET.get("result", "")
    if result not in RESULT_LABELS:
        raise Http404("No such result")
    page = Paginator(selectors.cases_behind(scope, vital.slug, result=result, **owner), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_record(
        user=request.user,
        action=Action.VIEW,
        summary=f"Viewed the cases behind {vital.name} for {subject}",
        detail={"vital": vital.slug, "result": result, **owner},
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "vitals/cases.html",
        {
            "vital": vital,
            "definition": INDICATORS[vital.slug].definition if vital.slug in INDICATORS else "",
            "subject": subject,
            "back": back,
            "page": page,
            "result": result,
            "results": RESULT_LABELS,
            "base_query": params.urlencode(),
        },
    )


@login_required
@require_GET
def officer_cases(request, pk: int, slug: str):
    scope, refusal = _scope_or_refusal(request)
    if refusal:
        return refusal
    vital = _vital(slug)
    staff = selectors.officer_in_scope(scope, pk)
    if staff is None:
        raise Http404("No such officer")
    return _cases_page(
        request, scope, vital, subject=str(staff), back=reverse("vitals:officer", args=[pk]), officer_id=pk
    )


@login_required
@require_GET
def team_cases(request, pk: int, slug: str):
    scope, refusal = _scope_or_refusal(request)
    if refusal:
        return refusal
    vital = _vital(slug)
    team = selectors.team_in_scope(scope, pk)
    if team is None:
        raise Http404("No such team")
    return _cases_page(
        request,
        scope,
        vital,
        subject=f"the {team.name} team",
        back=f"{reverse('vitals:home')}?team={pk}",
        team_id=pk,
    )
