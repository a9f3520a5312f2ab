"""The report page, its PDF and the lead's form to add a recommendation.

Who may read a report: the lead and the inspectors with cases in the inspection; once it is
published, also managers, quality-assurance staff and heads of the providers inspected. Practitioners
are refused (403); anyone else is told there is no such report (404)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse

from probation.workforce.constants import Role

from .. import selectors
from ..constants import InspectionStatus
from ..models import Inspection, Recommendation
from . import charts, findings

RECENT = 6


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the recommendation"},
    )
    provider = forms.ModelChoiceField(queryset=None, required=False, empty_label="All providers")

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = inspection.providers.order_by("name")


def may_read(user, inspection: Inspection) -> bool:
    if inspection.lead_id == user.pk or inspection.cases.filter(inspector=user).exists():
        return True
    if inspection.status != InspectionStatus.PUBLISHED or not user.provider_id:
        return False
    senior = user.has_role(Role.MANAGER) or user.has_role(Role.QUALITY_ASSURANCE) or user.is_head
    return senior and inspection.providers.filter(pk=user.provider_id).exists()


def _readable(request, pk) -> Inspection:
    inspection = Inspection.objects.select_related("lead", "area", "standard_set").filter(pk=pk).first()
    if inspection is None or not may_read(request.user, inspection):
        raise Http404("No such report")
    return inspection


def _short(name: str) -> str:
    return name if len(name) <= 18 else name[:16] + "…"


def infographic(inspection: Inspection, ratings: list[dict]) -> list[charts.Chart]:
    result = []
    # 1. Providers compared: % sufficient per key question.
    codes = [kq["key_question"].code for kq in ratings[0]["key_questions"]] if ratings else []
    result.append(
        charts.grouped_bars(
            charts.Chart(
                slug="providers",
                title="Cases judged sufficient, per key question and provider (%)",
                categories=codes,
                series={r["provider"].name: [kq["percent"] for kq in r["key_questions"]] for r in ratings},
            )
        )
    )
    # 2. This inspection against the previous published one for the same area.
    published = Inspection.objects.filter(status=InspectionStatus.PUBLISHED).exclude(pk=inspection.pk)
    if inspection.area_id:
        previous = (
            published.filter(area_id=inspection.area_id, created_at__lt=inspection.created_at)
            .order_by("-published_on", "-created_at")
            .first()
        )
        if previous is not None:
            before = {r["provider"].pk: r["total"] for r in selectors.provider_ratings(previous)}
            result.append(
                charts.grouped_bars(
                    charts.Chart(
                        slug="previous",
                        title=f"Total standard score per provider: {inspection.name} against {previous.name}",
                        categories=[r["provider"].name for r in ratings],
                        series={
                            previous.name: [before.get(r["provider"].pk) for r in ratings],
                            inspection.name: [r["total"] for r in ratings],
                        },
                        unit="",
                    )
                )
            )
    # 3. The most recent published inspections side by side.
    recent = list(
        Inspection.objects.filter(status=InspectionStatus.PUBLISHED, kind=inspection.kind).order_by(
            "-published_on", "-created_at"
        )[:RECENT]
    )[::-1]
    if recent:
        per = [{r["provider"].name: r["total"] for r in selectors.provider_ratings(i)} for i in recent]
        names = sorted({name for p in per for name in p})
        result.append(
            charts.grouped_bars(
                charts.Chart(
                    slug="recent",
                    title=(
                        f"Total standard score per provider in the {len(recent)} "
                        "most recent published inspections"
                    ),
                    categories=[_short(i.name) for i in recent],
                    series={name: [p.get(name) for p in per] for name in names},
                    unit="",
                )
            )
        )
    return result


def report_context(inspection: Inspection) -> dict:
    ratings = selectors.provider_ratings(inspection)
    by_indicator = findings.indicator_findings(inspection)
    provider_findings = findings.key_question_findings(ratings)
    for entry in provider_findings:
        entry["indicators"] = by_indicator.get(entry["provider"].pk, [])
    return {
        "inspection": inspection,
        "ratings": ratings,
        "findings": provider_findings,
        "recommendations": list(inspection.recommendations.select_related("provider")),
        "charts": infographic(inspection, ratings),
    }


def render_report_pdf(inspection: Inspection) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string("inspection/report/pdf.html", report_context(inspection) | {"for_pdf": True})
    footer = inspection.name.replace("\\", "").replace('"', "'")
    css = CSS(
        string="html { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; }"
        " @page { size: A4; margin: 18mm 15mm; font-family: Arial, Helvetica, sans-serif;"
        f' @bottom-left {{ content: "{footer} · page " counter(page);'
        " font-size: 8pt; color: #505a5f; } }"
    )
    return HTML(string=html).write_pdf(stylesheets=[css])


def _gate(request):
    if not selectors.may_run_inspections(request.user):
        return render(request, "403.html", status=403)
    return None


@login_required
def report(request, pk):
    refused = _gate(request)
    if refused:
        return refused
    inspection = _readable(request, pk)
    is_lead = inspection.lead_id == request.user.pk
    form = RecommendationForm(request.POST or None, inspection=inspection) if is_lead else None
    if request.method == "POST":
        if form is None:
            return render(request, "403.html", status=403)
        if form.is_valid():
            position = (inspection.recommendations.aggregate(m=Max("position"))["m"] or 0) + 1
            Recommendation.objects.create(
                inspection=inspection,
                provider=form.cleaned_data["provider"],
                text=form.cleaned_data["text"].strip(),
                position=position,
            )
            messages.success(request, "Recommendation added")
            return redirect(reverse("inspections:report", args=[inspection.pk]) + "#recommendations")
    context = report_context(inspection) | {"form": form, "is_lead": is_lead}
    return render(request, "inspection/report/report.html", context)


@login_required
def report_pdf(request, pk):
    refused = _gate(request)
    if refused:
        return refused
    inspection = _readable(request, pk)
    response = HttpResponse(render_report_pdf(inspection), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="inspection-{inspection.pk}-report.pdf"'
    return response


urlpatterns = [
    path("<int:pk>/report/", report, name="report"),
    path("<int:pk>/report.pdf", report_pdf, name="report-pdf"),
]
