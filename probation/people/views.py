"""Case pages. Every view starts by asking `case_access` (or a scoped selector) what the user may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from probation.audit.models import Action, AuditEvent
from probation.audit.services import audit_record
from probation.core.exceptions import StaleRecord
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.workforce.constants import Role

from . import selectors
from .access import case_access
from .forms import CaseloadFilterForm, PersonDetailsForm, SearchForm
from .services import EDITABLE_FIELDS, person_update_details

PAGE_SIZE = 25


def _open_case(request, crn: str):
    """The case, or the response that refuses it: not found outside the user's scope, the
    restricted-access message for a limited-access case."""
    person, access = case_access(request.user, crn.upper())
    if person is None:
        raise Http404("No case with that CRN")
    if not access.allowed:
        audit_record(user=request.user, action=Action.REFUSED, obj=person, summary="Refused: limited access")
        response = render(
            request,
            "people/restricted.html",
            {"message": access.restricted_message, "crn": person.crn},
            status=403,
        )
        return None, response
    return person, None


def _case_context(request, person, tab: str, **extra) -> dict:
    return {
        "person": person,
        "tab": tab,
        "can_read_audit": can_read_audit(request.user),
        "can_edit": may_edit(request.user, person),
        **extra,
    }


COLUMNS = [
    ("name", "Name"),
    ("dob", "Date of birth"),
    ("crn", "CRN"),
    ("", "Sentence"),
    ("end", "Expected end"),
]


def _caseload_page(request, queryset_for, title: str, extra: dict | None = None):
    form = CaseloadFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = filters.get("sort") or "name"
    qs = queryset_for(sort=sort, sentence_type=filters.get("sentence_type", ""), text=filters.get("text", ""))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    return render(
        request,
        "people/caseload.html",
        {
            "title": title,
            "form": form,
            "page": page,
            "sort": sort,
            "base_query": params.urlencode(),
            "columns": COLUMNS + ([("", "Responsible officer")] if (extra or {}).get("show_officer") else []),
            **(extra or {}),
        },
    )


@login_required
def my_cases(request):
    title = (
        "My cases" if request.user.provider_id and not request.user.is_inspector else "Cases assigned to you"
    )
    return _caseload_page(request, lambda **kw: selectors.caseload(request.user, **kw), title)


@login_required
def team_cases(request):
    teams = list(selectors.managed_teams(request.user))
    if not teams:
        return render(request, "403.html", status=403)
    team_id = request.GET.get("team")
    team_id = int(team_id) if team_id and team_id.isdigit() else None
    return _caseload_page(
        request,
        lambda **kw: selectors.team_caseload(request.user, team_id=team_id, **kw),
        "Team cases",
        {"teams": teams, "team_id": team_id, "show_officer": True},
    )


@login_required
def search(request):
    form = SearchForm(request.GET or None)
    page = None
    if request.GET and form.is_valid():
        query = form.cleaned_data["q"]
        audit_record(
            user=request.user,
            action=Action.SEARCH,
            summary=f"Searched for {query!r}",
            detail={"query": query},
        )
        page = Paginator(selectors.search_people(request.user, query), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "page": page,
            "query": request.GET.get("q", ""),
            "columns": COLUMNS,
            "base_query": request.GET.urlencode(),
        },
    )


@login_required
def case_overview(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Viewed case overview")
    return render(
        request,
        "people/case_overview.html",
        _case_context(request, person, "overview", **selectors.case_detail(person)),
    )


@login_required
def ro_history(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    audit_record(
        user=request.user, action=Action.VIEW, obj=person, summary="Viewed responsible officer history"
    )
    return render(
        request,
        "people/ro_history.html",
        _case_context(request, person, "ro", assignments=list(selectors.ro_history(person))),
    )


def may_edit(user, person) -> bool:
    """Only the managing provider's staff change a person's details; grants and involvements read."""
    return not user.is_inspector and person.provider_id == user.provider_id


def can_read_audit(user) -> bool:
    return user.is_manager or user.is_head or user.has_role(Role.QUALITY_ASSURANCE)


@login_required
def audit_trail(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not can_read_audit(request.user):
        return render(request, "403.html", status=403)
    audit_record(user=request.user, action=Action.VIEW, obj=person, summary="Viewed audit trail")
    events = AuditEvent.objects.filter(person=person).select_related("user").order_by("-at", "-id")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "people/audit_trail.html", _case_context(request, person, "audit", page=page))


@login_required
def edit_details(request, crn: str):
    person, refusal = _open_case(request, crn)
    if refusal:
        return refusal
    if not may_edit(request.user, person):
        return render(request, "403.html", status=403)
    initial = {name: getattr(person, name) for name in EDITABLE_FIELDS} | {"version": person.version}
    form = PersonDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_update_details(
                by_user=request.user,
                crn=person.crn,
                version=data["version"],
                changes={name: data[name] for name in EDITABLE_FIELDS},
            )
        except StaleRecord:
            form.add_error(None, STALE_RECORD_MESSAGE)
        else:
            messages.success(request, "Personal details saved")
            return redirect(reverse("cases:overview", args=[person.crn]))
    else:
        audit_record(
            user=request.user, action=Action.VIEW, obj=person, summary="Opened personal details to edit"
        )
    return render(request, "people/edit_details.html", _case_context(request, person, "overview", form=form))
