"""Inspection and local-audit pages. Each view first checks who may use it: inspectors, quality
assurance staff and managers; a sampled case only for its lead and its assigned inspector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.workforce.constants import Role

from .. import selectors
from ..constants import CaseStatus, InspectionKind, InspectionStatus
from ..forms import AssessmentForm, AssignForm, InspectionForm, ModerationForm
from ..services import inspections as services


def _forbidden(request):
    return render(request, "403.html", status=403)


def _add_problems(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _inspection(request, pk):
    inspection = selectors.visible_inspections(request.user).filter(pk=pk).first()
    if inspection is None:
        raise Http404("No such inspection")
    return inspection


@login_required
def inspection_list(request):
    if not selectors.may_run_inspections(request.user):
        return _forbidden(request)
    inspections = list(selectors.visible_inspections(request.user))
    return render(request, "inspection/inspections/list.html", {"inspections": inspections})


def _kinds(user) -> list[str]:
    kinds = []
    if user.has_role(Role.INSPECTOR):
        kinds.append(InspectionKind.INSPECTION.value)
    elif selectors.auditable_teams(user).exists():
        kinds.append(InspectionKind.LOCAL_AUDIT.value)
    return kinds


@login_required
def inspection_new(request):
    if not selectors.may_run_inspections(request.user):
        return _forbidden(request)
    kinds = _kinds(request.user)
    if not kinds:
        return _forbidden(request)
    form = InspectionForm(
        request.POST or None,
        kinds=kinds,
        teams=selectors.auditable_teams(request.user),
        initial={"kind": kinds[0]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_create(by_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_problems(form, error)
        else:
            messages.success(request, "Inspection set up")
            return redirect(reverse("inspections:detail", args=[inspection.pk]))
    return render(request, "inspection/inspections/new.html", {"form": form})


@login_required
def inspection_detail(request, pk):
    if not selectors.may_run_inspections(request.user):
        return _forbidden(request)
    inspection = _inspection(request, pk)
    is_lead = selectors.is_lead(request.user, inspection)
    inspectors = selectors.assignable_inspectors(inspection)
    assign_form = None
    problems: list[tuple[str, str]] = []  # (anchor, message) for the error summary
    if request.method == "POST":
        if not is_lead:
            return _forbidden(request)
        action = request.POST.get("form")
        anchor = ""
        try:
            if action == "draw":
                size = services.inspection_draw_sample(by_user=request.user, inspection=inspection)
                messages.success(request, f"Sample of {size} case{'' if size == 1 else 's'} drawn")
            elif action == "assign":
                case = inspection.cases.filter(pk=request.POST.get("case")).first()
                if case is None:
                    raise Http404("No such case in the sample")
                assign_form = AssignForm(request.POST, inspectors=inspectors, prefix=f"case-{case.pk}")
                anchor = f"id_case-{case.pk}-inspector"
                if not assign_form.is_valid():
                    raise ValidationError({"inspector": assign_form.errors["inspector"]})
                services.inspection_case_assign(
                    by_user=request.user, case=case, inspector=assign_form.cleaned_data["inspector"]
                )
                messages.success(
                    request, f"{case.person.crn} assigned to {assign_form.cleaned_data['inspector']}"
                )
            elif action == "publish":
                services.inspection_publish(by_user=request.user, inspection=inspection)
                messages.success(request, "Ratings published")
            else:
                raise Http404("No such action")
        except ValidationError as error:
            # Shown in an error summary on the page itself, nothing changed.
            problems = [(anchor, problem) for problem in error.messages]
            inspection.refresh_from_db()
        except PermissionDenied:
            return _forbidden(request)
        else:
            return redirect(reverse("inspections:detail", args=[inspection.pk]))
    cases = selectors.sample_cases(inspection)
    if not is_lead:
        cases = [c for c in cases if c.inspector_id == request.user.pk]
    inspector_choices = list(inspectors) if is_lead else []
    ratings = selectors.report_ratings(inspection) if inspection.status != InspectionStatus.SETUP else []
    return render(
        request,
        "inspection/inspections/detail.html",
        {
            "inspection": inspection,
            "is_lead": is_lead,
            "cases": cases,
            "inspectors": inspector_choices,
            "ratings": ratings,
            "providers": list(inspection.providers.all()),
            "published": inspection.status == InspectionStatus.PUBLISHED,
            "problems": problems,
        },
    )


@login_required
def case_assess(request, pk, case_pk):
    if not selectors.may_run_inspections(request.user):
        return _forbidden(request)
    inspection = _inspection(request, pk)
    case = selectors.case_for(request.user, inspection, case_pk)
    if case is None:
        raise Http404("No such case in your sample")
    is_lead = selectors.is_lead(request.user, inspection)
    is_assessor = case.inspector_id == request.user.pk
    published = inspection.status == InspectionStatus.PUBLISHED
    answers = selectors.case_answers(case)
    judgements = list(
        case.judgements.select_related("key_question").order_by(
            "key_question__standard__position", "key_question__position"
        )
    )
    bound = request.POST.get("form") if request.method == "POST" else None
    assessment_form = (
        AssessmentForm(
            request.POST if bound == "assessment" else None,
            answers=answers,
            initial={"version": case.version},
        )
        if is_assessor and not published
        else None
    )
    can_moderate = is_lead and not published and case.status in (CaseStatus.ASSESSED, CaseStatus.MODERATED)
    moderation_form = (
        ModerationForm(
            request.POST if bound == "moderation" else None,
            judgements=judgements,
            initial={"version": case.version, "note": case.moderation_note},
        )
        if can_moderate
        else None
    )
    if bound:
        form = {"assessment": assessment_form, "moderation": moderation_form}.get(bound)
        if form is None:
            return _forbidden(request)
        if form.is_valid():
            try:
                if bound == "assessment":
                    services.case_assessment_save(
                        by_user=request.user,
                        case=case,
                        answers=form.answers(),
                        version=form.cleaned_data["version"],
                    )
                    messages.success(request, "Assessment saved")
                else:
                    services.case_moderate(
                        by_user=request.user,
                        case=case,
                        note=form.cleaned_data["note"],
                        changes=form.changes(),
                        version=form.cleaned_data["version"],
                    )
                    messages.success(request, "Moderation saved")
            except ValidationError as error:
                _add_problems(form, error)
            except PermissionDenied:
                return _forbidden(request)
            else:
                return redirect(reverse("inspections:case", args=[inspection.pk, case.pk]))
    else:
        audit_record(
            user=request.user,
            action=Action.VIEW,
            obj=case.person,
            summary=f"Viewed the case assessment for {inspection.name}",
        )
    rows = [
        {
            "answer": a,
            "field": assessment_form[f"answer_{a.prompt_id}"] if assessment_form else None,
            "reason": assessment_form[f"reason_{a.prompt_id}"] if assessment_form else None,
        }
        for a in answers
    ]
    moderation_rows = (
        [
            {
                "judgement": j,
                "field": moderation_form[f"sufficient_{j.key_question_id}"],
                "reason": moderation_form[f"reason_{j.key_question_id}"],
            }
            for j in moderation_form.judgements
        ]
        if moderation_form
        else []
    )
    return render(
        request,
        "inspection/inspections/case.html",
        {
            "inspection": inspection,
            "case": case,
            "rows": rows,
            "judgements": judgements,
            "assessment_form": assessment_form,
            "moderation_form": moderation_form,
            "moderation_rows": moderation_rows,
            "is_lead": is_lead,
            "has_errors": bool(
                (assessment_form and assessment_form.errors) or (moderation_form and moderation_form.errors)
            ),
        },
    )
