"""The handover package: what the receiving provider needs to know on the day it takes a case.

Built from recorded facts when the allocation is decided and stored with it, so the receiving team
reads exactly what the court team handed over. Each part is plain text, a few lines long."""

from datetime import date

from django.db.models import Q

from probation.risk.constants import AssessmentStatus, FlagGroup, RoshLevel
from probation.risk.models import MappaRegistration, Registration, RiskAssessment
from probation.sentences.models import Disposal

# Registration flags that concern children, whatever group they are filed under.
CHILD_FACTORS = ("child_concerns", "child_protection", "risk_to_children")


def latest_complete_assessment(person) -> RiskAssessment | None:
    return (
        RiskAssessment.objects.filter(person=person, status=AssessmentStatus.COMPLETE)
        .order_by("-sequence")
        .first()
    )


def active_mappa(person, on: date) -> MappaRegistration | None:
    return (
        MappaRegistration.objects.filter(person=person, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .order_by("-level", "-start_date")
        .first()
    )


def _day(d: date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else "not recorded"


def risk_summary(person, assessment: RiskAssessment | None, mappa: MappaRegistration | None) -> str:
    if assessment is None:
        lines = ["No completed risk of serious harm assessment."]
    else:
        level = RoshLevel(assessment.rosh_overall).label if assessment.rosh_overall else "Not rated"
        lines = [f"Risk of serious harm: {level} (assessment completed {_day(assessment.completed_on)})."]
        for label, text in (
            ("Who is at risk", assessment.who_is_at_risk),
            ("Nature of the risk", assessment.nature_of_risk),
            ("Imminence", assessment.imminence),
            ("Factors increasing the risk", assessment.factors_increasing),
            ("Factors reducing the risk", assessment.factors_decreasing),
        ):
            if text:
                lines.append(f"{label}: {text}")
        to_self = [
            name
            for name, flag in (
                ("suicide", assessment.risk_to_self_suicide),
                ("self-harm", assessment.risk_to_self_self_harm),
                ("vulnerability", assessment.risk_to_self_vulnerability),
            )
            if flag
        ]
        if to_self:
            lines.append(f"Risk to self: {', '.join(to_self)}.")
        scores = []
        if assessment.rsr is not None:
            scores.append(f"RSR {assessment.rsr}%")
        if assessment.ogrs3_two_year is not None:
            scores.append(f"OGRS3 2-year {assessment.ogrs3_two_year}%")
        if scores:
            lines.append(f"Predictors: {', '.join(scores)}.")
    if mappa is not None:
        lines.append(f"MAPPA: {mappa.get_category_display()}, {mappa.get_level_display()}.")
    if person.tier:
        lines.append(f"Tier {person.tier}.")
    return "\n".join(lines)


def offence_summary(disposal: Disposal) -> str:
    event = disposal.event
    lines = [f"Convicted {_day(event.conviction_date)} at {event.court}."]
    for offence in event.offences.all():
        main = " (main offence)" if offence.is_main else ""
        lines.append(f"{offence.description}: {offence.get_category_display()}{main}.")
    return "\n".join(lines)


def requirements_summary(disposal: Disposal) -> str:
    length = f", {disposal.length_months} months" if disposal.length_months else ""
    lines = [f"{disposal.get_type_display()}{length}, starting {_day(disposal.start_date)}."]
    requirements = [r for r in disposal.requirements.all() if r.terminated_on is None]
    if not requirements:
        lines.append("No requirements.")
    for requirement in requirements:
        amount = f": {requirement.length} {requirement.length_unit}".rstrip() if requirement.length else ""
        lines.append(f"{requirement.get_type_display()}{amount}.")
    return "\n".join(lines)


def safeguarding_summary(person, on: date) -> str:
    flags = (
        Registration.objects.filter(person=person, deregistered_on__isnull=True)
        .filter(Q(flag__group=FlagGroup.SAFEGUARDING) | Q(flag__complexity_factor__in=CHILD_FACTORS))
        .select_related("flag")
        .order_by("flag__name", "registered_on")
    )
    lines = []
    for registration in flags:
        overdue = " (review overdue)" if registration.review_due < on else ""
        line = (
            f"{registration.flag.name} ({registration.flag.code}): {registration.flag.meaning} "
            f"Registered {_day(registration.registered_on)}, "
            f"review due {_day(registration.review_due)}{overdue}."
        )
        if registration.notes:
            line += f" {registration.notes}"
        lines.append(line)
    return "\n".join(lines) or "No active safeguarding or child concern registrations."


def handover_package(person, disposal: Disposal, on: date) -> dict[str, str]:
    assessment = latest_complete_assessment(person)
    mappa = active_mappa(person, on)
    return {
        "risk_summary": risk_summary(person, assessment, mappa),
        "offence_summary": offence_summary(disposal),
        "requirements_summary": requirements_summary(disposal),
        "safeguarding": safeguarding_summary(person, on),
    }
