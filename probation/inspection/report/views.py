"""The report page, its PDF, and the recommendations the inspection team adds, changes and removes.

Who may read a report: the lead and the inspectors with cases in the inspection; once it is
published, also managers, quality-assurance staff and heads of the providers inspected. Practitioners
are refused (403); anyone else is told there is no such report (404). Only the lead and the
inspectors with cases change recommendations, and only until the report is published."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse

from probation.core.exceptions import StaleRecord
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.workforce.constants import Role

from .. import selectors
from ..constants import InspectionStatus
from ..models import Inspection
from ..services import recommendations as services
from . import charts, findings

RECENT = 6


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the recommendation"},
    )
    provider = forms.ModelChoiceField(label="For", queryset=None, required=False, empty_label="All providers")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = inspection.providers.order_by("name")


class RemoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _add_problems(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def on_team(user, inspection: Inspection) -> bool:
    """The lead, and the inspectors with cases in the inspection."""
    return inspection.lead_id == user.pk or inspection.cases.filter(inspector=user).exists()


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
            before = {r["provider"].pk: r["total"] for r in selectors.published_ratings(previous)}
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
        per = [{r["provider"].name: r["total"] for r in selectors.published_ratings(i)} for i in recent]
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
    """Everything the report shows. Once published, read only from what publishing stored."""
    ratings = selectors.report_ratings(inspection)
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


def _report_url(inspection: Inspection) -> str:
    return reverse("inspections:report", args=[inspection.pk]) + "#recommendations"


def _submit(form, call):
    """Run a recommendation service for a valid form: True when it succeeded, otherwise the problems
    are on the form (beside their fields, or on top). PermissionDenied passes through."""
    try:
        call()
    except ValidationError as error:
        _add_problems(form, error)
    except StaleRecord:
        form.add_error(None, STALE_RECORD_MESSAGE)
    else:
        return True
    return False


@login_required
def report(request, pk):
    refused = _gate(request)
    if refused:
        return refused
    inspection = _readable(request, pk)
    is_lead = inspection.lead_id == request.user.pk
    can_change = services.may_change_recommendations(request.user, inspection)
    form = RecommendationForm(request.POST or None, inspection=inspection) if can_change else None
    if request.method == "POST":
        if not on_team(request.user, inspection):
            return render(request, "403.html", status=403)
        if form is None:  # published since the page was opened
            form = RecommendationForm(request.POST, inspection=inspection)
            form.add_error(None, services.PUBLISHED)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                added = _submit(
                    form,
                    lambda: services.recommendation_add(
                        by_user=request.user,
                        inspection=inspection,
                        text=data["text"],
                        provider=data["provider"],
                    ),
                )
            except PermissionDenied:
                return render(request, "403.html", status=403)
            if added:
                messages.success(request, "Recommendation added")
                return redirect(_report_url(inspection))
    context = report_context(inspection) | {
        "form": form,
        "is_lead": is_lead,
        "can_change": can_change,
    }
    return render(request, "inspection/report/report.html", context)


def _recommendation(request, pk, rec_pk):
    """The inspection and recommendation if the user is on the inspection team; else the refusal."""
    refused = _gate(request)
    if refused:
        return None, None, refused
    inspection = _readable(request, pk)
    recommendation = inspection.recommendations.select_related("provider").filter(pk=rec_pk).first()
    if recommendation is None:
        raise Http404("No such recommendation")
    if not on_team(request.user, inspection):
        return None, None, render(request, "403.html", status=403)
    return inspection, recommendation, None


def _recommendation_page(request, template, inspection, recommendation, form):
    """The change or remove page; once published it opens read-only with the reason at the top."""
    published = inspection.status == InspectionStatus.PUBLISHED
    problems = [("", services.PUBLISHED)] if published and request.method == "GET" else []
    return render(
        request,
        f"inspection/report/{template}",
        {
            "inspection": inspection,
            "recommendation": recommendation,
            "form": form,
            "published": published,
            "problems": problems,
        },
    )


@login_required
def recommendation_edit(request, pk, rec_pk):
    inspection, recommendation, refused = _recommendation(request, pk, rec_pk)
    if refused:
        return refused
    form = RecommendationForm(
        request.POST or None,
        inspection=inspection,
        initial={
            "text": recommendation.text,
            "provider": recommendation.provider_id,
            "version": recommendation.version,
        },
    )
    form.fields["version"].required = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = _submit(
                form,
                lambda: services.recommendation_update(
                    by_user=request.user,
                    recommendation=recommendation,
                    text=data["text"],
                    provider=data["provider"],
                    version=data["version"],
                ),
            )
        except PermissionDenied:
            return render(request, "403.html", status=403)
        if saved:
            messages.success(request, "Recommendation changed")
            return redirect(_report_url(inspection))
    return _recommendation_page(request, "recommendation_edit.html", inspection, recommendation, form)


@login_required
def recommendation_remove(request, pk, rec_pk):
    inspection, recommendation, refused = _recommendation(request, pk, rec_pk)
    if refused:
        return refused
    form = RemoveForm(request.POST or None, initial={"version": recommendation.version})
    if request.method == "POST" and form.is_valid():
        try:
            removed = _submit(
                form,
                lambda: services.recommendation_remove(
                    by_user=request.user, recommendation=recommendation, version=form.cleaned_data["version"]
                ),
            )
        except PermissionDenied:
            return render(request, "403.html", status=403)
        if removed:
            messages.success(request, "Recommendation removed")
            return redirect(_report_url(inspection))
    return _recommendation_page(request, "recommendation_remove.html", inspection, recommendation, form)


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
    path(
        "<int:pk>/report/recommendations/<int:rec_pk>/change/",
        recommendation_edit,
        name="recommendation-edit",
    ),
    path(
        "<int:pk>/report/recommendations/<int:rec_pk>/remove/",
        recommendation_remove,
        name="recommendation-remove",
    ),
]
