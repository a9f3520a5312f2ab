"""Registrations, MAPPA and significant events: the smaller records on the Risk tab."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from probation.core import reference
from probation.risk import services
from probation.risk.forms import (
    DeregisterForm,
    MappaEndForm,
    MappaForm,
    RegistrationForm,
    ReviewRegistrationForm,
    SignificantEventForm,
)
from probation.risk.models import FlagType, MappaRegistration, Registration
from probation.risk.services.significant_events import REVIEW_DAYS_KEY

from ._common import audit_view, case_context, open_case_to_change, run_service


def _form_page(request, person, form, template, summary, **extra):
    if request.method != "POST":
        audit_view(request, person, summary)
    return render(request, template, case_context(request, person, form=form, **extra))


@login_required
def registration_add(request, crn: str):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, registration = run_service(
            form, lambda: services.registration_add(by_user=request.user, person=person, **form.cleaned_data)
        )
        if ok:
            messages.success(
                request,
                f"{registration.flag.name} registered: review due {registration.review_due:%-d %B %Y}",
            )
            return redirect("risk:overview", person.crn)
    return _form_page(
        request,
        person,
        form,
        "risk/registration_add.html",
        "Opened the form to add a registration",
        flags=list(FlagType.objects.all()),
    )


def _registration(person, pk: int) -> Registration:
    return get_object_or_404(Registration.objects.select_related("flag"), pk=pk, person=person)


@login_required
def registration_deregister(request, crn: str, pk: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    registration = _registration(person, pk)
    form = DeregisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            form,
            lambda: services.registration_deregister(
                by_user=request.user, registration=registration, **form.cleaned_data
            ),
        )
        if ok:
            messages.success(request, f"{registration.flag.name} de-registered")
            return redirect("risk:overview", person.crn)
    return _form_page(
        request,
        person,
        form,
        "risk/registration_deregister.html",
        f"Opened the form to de-register {registration.flag.name}",
        registration=registration,
    )


@login_required
def registration_review(request, crn: str, pk: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    registration = _registration(person, pk)
    form = ReviewRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, reviewed = run_service(
            form,
            lambda: services.registration_review(
                by_user=request.user, registration=registration, **form.cleaned_data
            ),
        )
        if ok:
            messages.success(request, f"Review recorded: next review due {reviewed.review_due:%-d %B %Y}")
            return redirect("risk:overview", person.crn)
    return _form_page(
        request,
        person,
        form,
        "risk/registration_review.html",
        f"Opened the form to review {registration.flag.name}",
        registration=registration,
    )


@login_required
def mappa_add(request, crn: str):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    form = MappaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            form, lambda: services.mappa_add(by_user=request.user, person=person, **form.cleaned_data)
        )
        if ok:
            messages.success(request, "MAPPA registration added")
            return redirect("risk:overview", person.crn)
    return _form_page(request, person, form, "risk/mappa_add.html", "Opened the form to add MAPPA")


@login_required
def mappa_end(request, crn: str, pk: int):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    mappa = get_object_or_404(MappaRegistration, pk=pk, person=person)
    form = MappaEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(
            form, lambda: services.mappa_end(by_user=request.user, mappa=mappa, **form.cleaned_data)
        )
        if ok:
            messages.success(request, "MAPPA registration ended")
            return redirect("risk:overview", person.crn)
    return _form_page(
        request, person, form, "risk/mappa_end.html", "Opened the form to end MAPPA", mappa=mappa
    )


@login_required
def significant_event_add(request, crn: str):
    person, refusal = open_case_to_change(request, crn)
    if refusal:
        return refusal
    form = SignificantEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, event = run_service(
            form,
            lambda: services.significant_event_record(
                by_user=request.user, person=person, **form.cleaned_data
            ),
        )
        if ok:
            messages.success(
                request, f"Significant event recorded: risk review due by {event.review_due:%-d %B %Y}"
            )
            return redirect("risk:overview", person.crn)
    return _form_page(
        request,
        person,
        form,
        "risk/significant_event_add.html",
        "Opened the form to record a significant event",
        review_days=reference.value(REVIEW_DAYS_KEY),
    )
