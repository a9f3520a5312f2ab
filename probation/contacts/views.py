"""Contact pages. Every case page starts with `_open_case` (not found outside the user's scope, the
restricted-access message for a limited-access case); every write also needs `can_write`."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.people.views import _case_context, _open_case

from . import rules, selectors, services
from .constants import ContactType, Outcome, StepDownStatus
from .forms import BookAppointmentForm, ContactFilterForm, ContactLevelForm, OutcomeForm, StepDownDecisionForm

PAGE_SIZE = 25


def _forbidden(request):
    return render(request, "403.html", status=403)


def _back(request, default: str) -> str:
    """Where to return after a form: the page the user came from, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def row_action(contact, now, can_write: bool) -> str:
    """The one thing to do next with a contact, if anything: what the "act" link says."""
    if not can_write or contact.type not in ContactType.appointments() or contact.starts_at > now:
        return ""
    if contact.outcome == Outcome.AWAITING_EVIDENCE:
        return "Decide absence"
    if not contact.outcome:
        return "Record outcome"
    return ""


def _with_actions(contacts, now, can_write: bool):
    return [(contact, row_action(contact, now, can_write)) for contact in contacts]


@login_required
def contact_list(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Viewed contacts")
    now = timezone.now()
    form = ContactFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    contacts = selectors.case_contacts(
        person, type=filters.get("type", ""), outcome=filters.get("outcome", "")
    )
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = selectors.level_summary(person, timezone.localdate(now), now)
    can_write = selectors.can_write(request.user, person)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "contacts/contact_list.html",
        _case_context(
            request,
            person,
            "contacts",
            form=form,
            page=page,
            rows=_with_actions(page.object_list, now, can_write),
            summary=summary,
            can_write=can_write,
            in_team=selectors.in_case_team(request.user, person),
            can_decide=bool(summary.pending)
            and selectors.can_decide_step_down(request.user, summary.pending),
            base_query=params.urlencode(),
            here=request.get_full_path(),
            now=now,
        ),
    )


@login_required
def contact_detail(request, crn: str, pk: int):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    contact = selectors.contact_for_case(person, pk)
    if contact is None:
        raise Http404("No such contact")
    in_team = selectors.in_case_team(request.user, person)
    show = contact.sensitive and not in_team and request.GET.get("show") == "sensitive"
    if show:
        audit_record(
            user=request.user,
            action=Action.VIEW,
            obj=contact,
            person=person,
            summary="Viewed a sensitive note from outside the case's team",
        )
    else:
        audit_record(
            user=request.user, action=Action.VIEW, obj=contact, person=person, summary="Viewed a contact"
        )
    now = timezone.now()
    can_write = selectors.can_write(request.user, person)
    return render(
        request,
        "contacts/contact_detail.html",
        _case_context(
            request,
            person,
            "contacts",
            contact=contact,
            notes_open=not contact.sensitive or in_team or show,
            action=row_action(contact, now, can_write),
            can_write=can_write,
            now=now,
        ),
    )


@login_required
def appointment_book(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not selectors.can_write(request.user, person):
        return _forbidden(request)
    form = BookAppointmentForm(request.POST or None, requirements=selectors.current_requirements(person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contacts = services.appointment_book(
                by_user=request.user,
                person=person,
                type=data["type"],
                starts_at=data["starts_at"],
                location=data["location"],
                national_standard=data["national_standard"],
                notes=data["notes"],
                sensitive=data["sensitive"],
                requirement_id=data["requirement"],
                repeat=data["repeat"],
                occurrences=data["occurrences"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            first = timezone.localtime(contacts[0].starts_at)
            if len(contacts) == 1:
                messages.success(request, f"Appointment booked for {first:%-d %B %Y at %H:%M}")
            else:
                messages.success(
                    request, f"{len(contacts)} appointments booked from {first:%-d %B %Y at %H:%M}"
                )
            return redirect(reverse("contacts:list", args=[person.crn]))
    elif request.method != "POST":
        audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Opened appointment booking")
    return render(request, "contacts/book.html", _case_context(request, person, "contacts", form=form))


@login_required
def record_outcome(request, crn: str, pk: int):
    """One screen: choose the outcome, add notes if needed, save, and go back where you came from."""
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not selectors.can_write(request.user, person):
        return _forbidden(request)
    contact = selectors.contact_for_case(person, pk)
    if contact is None or contact.type not in ContactType.appointments():
        raise Http404("No such appointment")
    back = _back(request, reverse("contacts:list", args=[person.crn]))
    form = OutcomeForm(request.POST or None, contact=contact, initial={"version": contact.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            updated = services.contact_record_outcome(
                by_user=request.user,
                contact_id=contact.pk,
                version=data["version"],
                outcome=data["outcome"],
                absence_reason=data["absence_reason"],
                notes=data["notes"],
                sensitive=data["sensitive"],
            )
        except StaleRecord:
            form.add_error(None, STALE_RECORD_MESSAGE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = f"Outcome recorded for {person.full_name}: {updated.get_outcome_display()}"
            if updated.outcome == Outcome.AWAITING_EVIDENCE:
                message += f". Evidence is due by {updated.evidence_due:%-d %B %Y}"
            messages.success(request, message)
            return redirect(back)
    elif request.method != "POST":
        audit_record(
            user=request.user,
            action=Action.VIEW,
            obj=contact,
            person=person,
            summary="Opened an appointment to record its outcome",
        )
    return render(
        request,
        "contacts/record_outcome.html",
        _case_context(request, person, "contacts", form=form, contact=contact, back=back),
    )


@login_required
def level_change(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not selectors.can_write(request.user, person):
        return _forbidden(request)
    now = timezone.now()
    summary = selectors.level_summary(person, timezone.localdate(now), now)
    current = summary.in_force
    form = ContactLevelForm(
        request.POST or None,
        initial={
            "frequency": current.frequency,
            "method": current.method,
            "based_on": summary.current.pk if summary.current else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            level = services.contact_level_request(
                by_user=request.user,
                person=person,
                frequency=data["frequency"],
                method=data["method"],
                rationale=data["rationale"],
                based_on=data["based_on"],
                now=now,
            )
        except StaleRecord:
            form.add_error(None, STALE_RECORD_MESSAGE)
        except services.StepDownRefused as refused:
            form.add_error(None, "This step-down is not allowed")
            for reason in refused.reasons:
                form.add_error(None, reason)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if level.status == StepDownStatus.AWAITING_APPROVAL:
                messages.success(
                    request,
                    "Step-down sent to the SPO for approval. The current level stays in "
                    "force until it is approved",
                )
            else:
                messages.success(request, f"Contact level changed to {level}")
            return redirect(reverse("contacts:list", args=[person.crn]))
    elif request.method != "POST":
        audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Opened contact level change")
    return render(
        request,
        "contacts/level_change.html",
        _case_context(request, person, "contacts", form=form, summary=summary),
    )


@login_required
def level_decide(request, crn: str, pk: int):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    level = (
        person.contact_levels.filter(pk=pk, status=StepDownStatus.AWAITING_APPROVAL)
        .select_related("requested_by", "person")
        .first()
    )
    if level is None:
        raise Http404("No step-down awaiting approval")
    if not selectors.can_decide_step_down(request.user, level):
        return _forbidden(request)
    back = _back(request, reverse("step-down-approvals"))
    form = StepDownDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.contact_level_decide(
                by_user=request.user, level_id=level.pk, approve=approve, notes=form.cleaned_data["notes"]
            )
        except StaleRecord:
            form.add_error(None, STALE_RECORD_MESSAGE)
        except services.StepDownRefused as refused:
            form.add_error(None, "This step-down can no longer be approved: the case's risk has changed")
            for reason in refused.reasons:
                form.add_error(None, reason)
        except NotPermitted as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Step-down for {person.full_name} {'approved' if approve else 'refused'}"
            )
            return redirect(back)
    elif request.method != "POST":
        audit_record(
            user=request.user,
            action=Action.VIEW,
            obj=level,
            person=person,
            summary="Opened a step-down request to decide",
        )
    asked_from = level.rule_inputs.get("current") or {}
    from_level = rules.Level(**asked_from).describe() if asked_from else "–"
    return render(
        request,
        "contacts/level_decide.html",
        _case_context(request, person, "contacts", form=form, level=level, back=back, from_level=from_level),
    )


@login_required
def step_down_approvals(request):
    if not selectors.managed_teams(request.user).exists():
        return _forbidden(request)
    page = Paginator(selectors.pending_step_downs_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "contacts/approvals.html", {"page": page, "base_query": "", "here": request.get_full_path()}
    )


# --- Diary ------------------------------------------------------------------------------------------------


def _week_from(value: str | None, today: date) -> date:
    try:
        day = date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return selectors.week_start(day)


@login_required
def diary(request):
    user = request.user
    if user.is_inspector or not user.provider_id:
        return _forbidden(request)
    now = timezone.now()
    today = timezone.localdate(now)
    officers = selectors.diary_officers(user)
    officer = user
    chosen = request.GET.get("officer")
    if chosen:
        officer = next((o for o in officers if str(o.pk) == chosen), None)
        if officer is None:
            return _forbidden(request)
    monday = _week_from(request.GET.get("week"), today)
    contacts = selectors.officer_appointments(user, officer, monday, 7)
    can_write = user.provider_id is not None
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        rows = [
            (c, row_action(c, now, can_write and c.person.provider_id == user.provider_id))
            for c in contacts
            if timezone.localdate(c.starts_at) == day
        ]
        if rows or offset < 5:
            days.append({"date": day, "rows": rows, "is_today": day == today})
    audit_record(
        user=user,
        action=Action.VIEW,
        summary=f"Viewed the diary of {officer} for the week of {monday}",
        detail={"officer": officer.pk, "week": monday.isoformat()},
    )
    officer_query = f"&officer={officer.pk}" if officer != user else ""
    return render(
        request,
        "contacts/diary.html",
        {
            "officer": officer,
            "officers": officers if len(officers) > 1 else [],
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "days": days,
            "today": today,
            "previous_week": monday - timedelta(days=7),
            "next_week": monday + timedelta(days=7),
            "this_week": selectors.week_start(today),
            "officer_query": officer_query,
            "here": request.get_full_path(),
            "now": now,
        },
    )
