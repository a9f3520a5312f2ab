"""Enforcement pages on a case. Each view opens the case first (not found / restricted), then asks
whether the user may act; inspectors read only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.contacts.models import Contact
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.people.views import _case_context, _open_case

from . import letters, rules, selectors, services
from .constants import EnforcementRoute, EnforcementStatus, RecallStatus
from .forms import (
    BreachInitiatedForm,
    CountersignForm,
    CourtOutcomeForm,
    DecisionForm,
    LetterIssuedForm,
    RecallForm,
    RecallOutcomeForm,
    add_problems,
)

TAB = "enforcement"


def _forbidden(request):
    return render(request, "403.html", status=403)


def _context(request, person, **extra):
    context = _case_context(request, person, TAB, **extra)
    context["can_edit"] = selectors.can_write(request.user, person)
    return context


def _case_url(person) -> str:
    return reverse("enforcement:case", args=[person.crn])


def _action_or_404(person, pk):
    action = selectors.action_for_case(person, pk)
    if action is None:
        raise Http404("No such enforcement action on this case")
    return action


def _recall_or_404(person, pk):
    recall = selectors.recall_for_case(person, pk)
    if recall is None:
        raise Http404("No such recall on this case")
    return recall


def _save(form, call, on_success):
    """Run a service call for a valid form: field problems beside their fields, a stale version on top."""
    try:
        result = call()
    except ValidationError as error:
        add_problems(form, error)
    except StaleRecord:
        form.add_error(None, STALE_RECORD_MESSAGE)
    else:
        return on_success(result)
    return None


@login_required
def case_enforcement(request, crn):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Viewed enforcement")
    today = timezone.localdate()
    actions = selectors.case_actions(person)
    return render(
        request,
        "enforcement/case.html",
        _context(
            request,
            person,
            today=today,
            open_actions=[a for a in actions if a.status in EnforcementStatus.open_with_deadline()],
            other_actions=[a for a in actions if a.status not in EnforcementStatus.open_with_deadline()],
            recalls=selectors.case_recalls(person),
            unassessed=selectors.unassessed_failures(person),
            licences=selectors.licences_in_force(person, today),
        ),
    )


@login_required
@require_POST
def assess_failure(request, crn, contact_id):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not selectors.can_write(request.user, person):
        return _forbidden(request)
    contact = Contact.objects.filter(person=person, pk=contact_id).first()
    if contact is None:
        raise Http404("No such contact on this case")
    action = services.enforcement_assess(contact, by_user=request.user)
    if action is None:
        messages.success(request, "There is no order or licence in force for this failure, so nothing is due")
        return redirect(_case_url(person))
    return redirect(reverse("enforcement:decide", args=[person.crn, action.pk]))


@login_required
def decide(request, crn, pk):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not selectors.can_write(request.user, person):
        return _forbidden(request)
    action = _action_or_404(person, pk)
    if action.status != EnforcementStatus.DECISION_DUE:
        return redirect(_case_url(person))
    permitted = rules.permitted_kinds(action.route, action.recommended_kind)
    form = DecisionForm(
        request.POST or None,
        permitted=permitted,
        licence=action.route == EnforcementRoute.LICENCE,
        initial={
            "version": action.version,
            "kind": action.recommended_kind,
            "failure_description": action.failure_description,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def done(result):
            messages.success(request, f"Decision recorded: {result.get_kind_display().lower()}")
            return redirect(_case_url(person))

        response = _save(
            form,
            lambda: services.enforcement_decide(
                by_user=request.user,
                action_id=action.pk,
                version=data["version"],
                kind=data["kind"],
                rationale=data["rationale"],
                failure_description=data["failure_description"],
                recall_type=data.get("recall_type", ""),
            ),
            done,
        )
        if response:
            return response
    elif request.method == "GET":
        audit_record(
            user=request.user,
            action=Action.VIEW,
            obj=action,
            person=person,
            summary="Opened enforcement decision",
        )
    return render(request, "enforcement/decide.html", _context(request, person, action=action, form=form))


@login_required
def letter_issued(request, crn, pk):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not selectors.can_write(request.user, person):
        return _forbidden(request)
    action = _action_or_404(person, pk)
    if action.status != EnforcementStatus.LETTER_DUE:
        return redirect(_case_url(person))
    form = LetterIssuedForm(
        request.POST or None, initial={"version": action.version, "issued_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def done(result):
            messages.success(request, f"{result.get_kind_display()} letter recorded as sent")
            return redirect(_case_url(person))

        response = _save(
            form,
            lambda: services.enforcement_record_letter_issued(
                by_user=request.user,
                action_id=action.pk,
                version=data["version"],
                issued_on=data["issued_on"],
            ),
            done,
        )
        if response:
            return response
    return render(
        request, "enforcement/letter_issued.html", _context(request, person, action=action, form=form)
    )


@login_required
def breach(request, crn, pk):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not selectors.can_write(request.user, person):
        return _forbidden(request)
    action = _action_or_404(person, pk)
    if action.status == EnforcementStatus.BREACH_DUE:
        form = BreachInitiatedForm(request.POST or None, initial={"version": action.version})

        def call():
            return services.enforcement_record_breach_initiated(
                by_user=request.user,
                action_id=action.pk,
                version=form.cleaned_data["version"],
                initiated_on=form.cleaned_data["initiated_on"],
            )

        success = "Breach action recorded as initiated"
    elif action.status == EnforcementStatus.WITH_COURT:
        form = CourtOutcomeForm(request.POST or None, initial={"version": action.version})

        def call():
            data = form.cleaned_data
            return services.enforcement_record_court_outcome(
                by_user=request.user,
                action_id=action.pk,
                version=data["version"],
                outcome=data["outcome"],
                outcome_on=data["outcome_on"],
                notes=data["notes"],
            )

        success = "Court outcome recorded"
    else:
        return redirect(_case_url(person))
    if request.method == "POST" and form.is_valid():

        def done(result):
            messages.success(request, success)
            return redirect(_case_url(person))

        response = _save(form, call, done)
        if response:
            return response
    return render(request, "enforcement/breach.html", _context(request, person, action=action, form=form))


def _letter_action(request, crn, pk):
    person, refusal = _open_case(request, crn)
    if refusal:
        return None, refusal
    action = _action_or_404(person, pk)
    if not action.has_letter:
        raise Http404("This enforcement step has no letter")
    return action, None


@login_required
def letter(request, crn, pk):
    action, refusal = _letter_action(request, crn, pk)
    if refusal:
        return refusal
    audit_record(
        user=request.user,
        action=Action.VIEW,
        obj=action,
        person=action.person,
        summary=f"Viewed {action.get_kind_display().lower()} letter",
    )
    return HttpResponse(letters.render_letter_html(action))


@login_required
def letter_pdf(request, crn, pk):
    action, refusal = _letter_action(request, crn, pk)
    if refusal:
        return refusal
    pdf = letters.render_letter_pdf(action)
    audit_record(
        user=request.user,
        action=Action.EXPORT,
        obj=action,
        person=action.person,
        summary=f"Downloaded {action.get_kind_display().lower()} letter (PDF)",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letters.letter_filename(action)}"'
    return response


# --- Recall ---------------------------------------------------------------------------------------------


@login_required
def recall_new(request, crn):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not selectors.can_write(request.user, person):
        return _forbidden(request)
    licences = selectors.licences_in_force(person, timezone.localdate())
    form = RecallForm(request.POST or None, licences=licences)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def done(result):
            messages.success(request, "Recall recommended: it now needs an SPO's countersignature")
            return redirect(reverse("enforcement:recall", args=[person.crn, result.pk]))

        response = _save(
            form,
            lambda: services.recall_recommend(
                by_user=request.user,
                person=person,
                disposal_id=data["disposal"],
                recall_type=data["recall_type"],
                rationale=data["rationale"],
            ),
            done,
        )
        if response:
            return response
    return render(
        request, "enforcement/recall_new.html", _context(request, person, form=form, licences=licences)
    )


@login_required
def recall_detail(request, crn, pk):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    recall = _recall_or_404(person, pk)
    audit_record(user=request.user, action=Action.VIEW, obj=recall, person=person, summary="Viewed recall")
    return render(
        request,
        "enforcement/recall.html",
        _context(
            request,
            person,
            recall=recall,
            recall_open=recall.status in RecallStatus.open(),
            may_countersign=_may_countersign(request.user, person, recall),
        ),
    )


def _may_countersign(user, person, recall) -> bool:
    if recall.recommended_by_id == user.pk:
        return False
    if recall.status == RecallStatus.AWAITING_SPO:
        return selectors.can_countersign_as_spo(user, person)
    if recall.status == RecallStatus.AWAITING_HEAD:
        return recall.spo_by_id != user.pk and selectors.can_countersign_as_head(user, person)
    return False


@login_required
def recall_countersign(request, crn, pk):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    recall = _recall_or_404(person, pk)
    if not _may_countersign(request.user, person, recall):
        return _forbidden(request)
    form = CountersignForm(request.POST or None, initial={"version": recall.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def done(result):
            messages.success(request, result.get_status_display())
            return redirect(reverse("enforcement:recall", args=[person.crn, recall.pk]))

        try:
            response = _save(
                form,
                lambda: services.recall_countersign(
                    by_user=request.user,
                    recall_id=recall.pk,
                    version=data["version"],
                    decision=data["decision"],
                    notes=data["notes"],
                ),
                done,
            )
        except NotPermitted:
            return _forbidden(request)
        if response:
            return response
    return render(
        request, "enforcement/recall_countersign.html", _context(request, person, recall=recall, form=form)
    )


@login_required
def recall_outcome(request, crn, pk):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not selectors.can_write(request.user, person):
        return _forbidden(request)
    recall = _recall_or_404(person, pk)
    if recall.status not in RecallStatus.open():
        return redirect(reverse("enforcement:recall", args=[person.crn, recall.pk]))
    form = RecallOutcomeForm(request.POST or None, initial={"version": recall.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def done(result):
            messages.success(request, f"Recall outcome recorded: {result.get_outcome_display().lower()}")
            return redirect(reverse("enforcement:recall", args=[person.crn, recall.pk]))

        response = _save(
            form,
            lambda: services.recall_record_outcome(
                by_user=request.user,
                recall_id=recall.pk,
                version=data["version"],
                outcome=data["outcome"],
                outcome_on=data["outcome_on"],
                notes=data["notes"],
            ),
            done,
        )
        if response:
            return response
    return render(
        request, "enforcement/recall_outcome.html", _context(request, person, recall=recall, form=form)
    )
