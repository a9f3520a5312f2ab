"""Enforcement letters from Django templates, as HTML to read on screen and PDF to send (WeasyPrint)."""

from __future__ import annotations

from datetime import date

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from probation.people.models import Address

from . import rules
from .constants import EnforcementKind
from .models import EnforcementAction
from .policy import current_policy

STYLESHEET = "enforcement/letter.css"

TEMPLATES = {
    EnforcementKind.WARNING: "enforcement/letters/warning.html",
    EnforcementKind.BREACH: "enforcement/letters/breach.html",
    EnforcementKind.LICENCE_WARNING_1: "enforcement/letters/licence_warning.html",
    EnforcementKind.LICENCE_WARNING_2: "enforcement/letters/licence_warning.html",
    EnforcementKind.LICENCE_FINAL: "enforcement/letters/licence_warning.html",
}

ORDINALS = {
    EnforcementKind.LICENCE_WARNING_1: "first",
    EnforcementKind.LICENCE_WARNING_2: "second",
    EnforcementKind.LICENCE_FINAL: "final",
}


def letter_context(action: EnforcementAction, today: date | None = None) -> dict:
    person = action.person
    letter_date = action.letter_issued_on or today or timezone.localdate()
    address = (
        Address.objects.filter(person=person, end_date__isnull=True)
        .exclude(type__in=["nfa", "previous"])
        .order_by("-start_date")
        .first()
    )
    policy = current_policy()
    officer = action.decision_by or person.officer
    context = {
        "action": action,
        "person": person,
        "address": address,
        "letter_date": letter_date,
        "order": action.disposal,
        "officer": officer,
        "ordinal": ORDINALS.get(action.kind, ""),
        "is_final": action.kind == EnforcementKind.LICENCE_FINAL,
        "draft": action.has_letter
        and action.kind in EnforcementKind.warnings()
        and not action.letter_issued_on,
    }
    if action.kind == EnforcementKind.WARNING:
        context["window_months"] = policy.warning_window_months
        context["window_last_day"] = rules.warning_window_last_day(letter_date, policy.warning_window_months)
    if action.kind == EnforcementKind.BREACH and action.prior_warning_id:
        context["prior_warning"] = action.prior_warning
    return context


def letter_template(action: EnforcementAction) -> str:
    try:
        return TEMPLATES[action.kind]
    except KeyError:
        raise ValueError("This enforcement step has no letter") from None


def render_letter_html(action: EnforcementAction, today: date | None = None, *, for_pdf: bool = False) -> str:
    context = letter_context(action, today) | {"for_pdf": for_pdf}
    return render_to_string(letter_template(action), context)


def render_letter_pdf(action: EnforcementAction, today: date | None = None) -> bytes:
    from weasyprint import CSS, HTML

    footer = CSS(
        string=f'@page {{ @bottom-left {{ content: "{action.person.crn} · Official – sensitive"; '
        "font-size: 8pt; color: #505a5f; } }"
    )
    html = HTML(string=render_letter_html(action, today, for_pdf=True))
    return html.write_pdf(stylesheets=[CSS(filename=finders.find(STYLESHEET)), footer])


def letter_filename(action: EnforcementAction) -> str:
    return f"{action.person.crn}-{action.kind.replace('_', '-')}-{action.failure_on:%Y%m%d}.pdf"
