"""Builders for the indicator tests: plain functions that write the facts of a hand-built case straight
to the database, and `result()` that computes one indicator for it. The indicators read facts; how
the services write them is tested with the services. (No tests are collected from this module.)"""

import uuid
from datetime import date, datetime, time

from django.utils import timezone

from probation.allocation.models import Allocation, EscalationReferral
from probation.contacts.models import Contact, ContactLevel
from probation.enforcement.models import EnforcementAction
from probation.inspection.indicators import refresh_for_people
from probation.inspection.models import CaseIndicator
from probation.interventions.models import Intervention, PartnerAgency, PartnerExchange, Referral
from probation.oversight.models import OversightRecord, QualifyingOffence, SeriousFurtherOffence
from probation.plans.models import Objective, PlanReview, SentencePlan
from probation.risk.models import (
    IdentifiedRisk,
    MappaRegistration,
    NeedRating,
    PartnerCheck,
    RiskAction,
    RiskAssessment,
    SignificantEvent,
)
from probation.sentences.models import Disposal, Event, Offence, Requirement
from tests import factories as f

# A Monday with no bank holiday near it: the day most tests compute the indicators for.
ON = date(2026, 3, 2)


def uid(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def at(day: date, hour: int = 10) -> datetime:
    """An aware moment on a local day."""
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class Org:
    """One team of the public provider: a manager and two officers."""

    def __init__(self):
        self.provider = f.provider()
        self.other_provider = f.provider("Staffordshire and West Midlands CRC", "CRC", "private")
        self.area = f.area()
        self.team = f.team("Stoke North", self.provider, self.area)
        self.manager = f.staff(
            uid("spo"), team_=self.team, grade="SPO", roles=("manager", "quality_assurance")
        )
        self.team.manager = self.manager
        self.team.save()
        self.officer = f.staff(uid("po"), team_=self.team)
        self.colleague = f.staff(uid("po"), team_=self.team)


def case(
    officer,
    *,
    start=date(2026, 1, 5),
    kind="community_order",
    tier="B2",
    requirements=("unpaid_work",),
    release=None,
    **person_fields,
):
    """A person under a sentence that started (or, for a licence, released) on `start`. Returns
    (person, disposal)."""
    person = f.person(officer=officer, tier=tier, **person_fields)
    event = Event.objects.create(
        external_id=uid("event"),
        person=person,
        number=1,
        conviction_date=start,
        court="Stoke-on-Trent Magistrates' Court",
    )
    Offence.objects.create(
        external_id=uid("offence"), event=event, description="Assault", category="violence", is_main=True
    )
    disposal = Disposal.objects.create(
        external_id=uid("disposal"),
        event=event,
        type=kind,
        sentence_date=start,
        start_date=start,
        length_months=12,
        release_date=release,
    )
    for req in requirements:
        Requirement.objects.create(
            external_id=uid("req"), disposal=disposal, type=req, length=100, start_date=start
        )
    return person, disposal


def allocation(person, disposal, *, received_on, first_appointment_due):
    return Allocation.objects.create(
        external_id=uid("alloc"),
        person=person,
        disposal=disposal,
        received_on=received_on,
        first_appointment_due=first_appointment_due,
    )


def contact(
    person,
    day,
    outcome="attended_complied",
    *,
    type="office",
    national_standard=True,
    hour=10,
    recorded_on=None,
):
    recorded = at(recorded_on or day, 17) if outcome else None
    return Contact.objects.create(
        external_id=uid("contact"),
        person=person,
        officer=person.officer,
        type=type,
        starts_at=at(day, hour),
        national_standard=national_standard,
        outcome=outcome,
        outcome_recorded_at=recorded,
    )


def level(
    person,
    frequency,
    effective_from,
    *,
    method="face_to_face",
    step_down=False,
    requested_by=None,
    approved_by=None,
    status="approved",
    effective_to=None,
):
    return ContactLevel.objects.create(
        external_id=uid("level"),
        person=person,
        frequency=frequency,
        method=method,
        effective_from=effective_from,
        effective_to=effective_to,
        is_step_down=step_down,
        status=status,
        requested_by=requested_by,
        approved_by=approved_by,
    )


def assessment(person, completed_on, *, rosh="medium", status="complete", needs=None, by=None):
    """A completed assessment (earlier complete ones become superseded)."""
    RiskAssessment.objects.filter(person=person, status="complete").update(status="superseded")
    sequence = RiskAssessment.objects.filter(person=person).count() + 1
    by = by or person.officer
    high = rosh in ("high", "very_high")
    ra = RiskAssessment.objects.create(
        external_id=uid("ra"),
        person=person,
        sequence=sequence,
        status=status,
        assessed_by=by,
        started_on=completed_on,
        submitted_on=completed_on,
        completed_on=completed_on,
        rosh_overall=rosh,
        countersigned_by=by if high else None,
        countersigned_on=completed_on if high else None,
    )
    for need, severity in (needs or {}).items():
        NeedRating.objects.create(assessment=ra, need=need, severity=severity)
    return ra


def identified_risk(ra, *, carried_from=None):
    return IdentifiedRisk.objects.create(
        external_id=uid("risk"),
        assessment=ra,
        person=ra.person,
        group="public",
        level=ra.rosh_overall or "medium",
        description="Violence to a partner",
        carried_from=carried_from,
    )


def action(risk, due_on, *, delivered_on=None, status=None):
    status = status or ("delivered" if delivered_on else "open")
    return RiskAction.objects.create(
        external_id=uid("action"),
        person=risk.person,
        risk=risk,
        action="Home visit",
        due_on=due_on,
        status=status,
        delivered_on=delivered_on,
    )


def partner_check(person, requested_on, *, answered_on=None):
    return PartnerCheck.objects.create(
        external_id=uid("check"),
        person=person,
        kind="police_domestic_abuse",
        agency="Staffordshire Police",
        requested_on=requested_on,
        answered_on=answered_on,
    )


def significant_event(person, occurred_on, review_due, *, type="arrest_or_charge"):
    return SignificantEvent.objects.create(
        external_id=uid("event"),
        person=person,
        type=type,
        occurred_on=occurred_on,
        recorded_on=occurred_on,
        review_due=review_due,
    )


def mappa(person, level_, start, *, end=None):
    return MappaRegistration.objects.create(
        external_id=uid("mappa"), person=person, category=2, level=level_, start_date=start, end_date=end
    )


def escalation(person, referred_on, *, to_provider):
    return EscalationReferral.objects.create(
        external_id=uid("esc"),
        person=person,
        from_provider=to_provider,
        to_provider=to_provider,
        referred_on=referred_on,
        reason="Risk rose",
    )


def plan(
    person,
    disposal,
    *,
    starts_from,
    due_by,
    completed_on=None,
    submitted_on=None,
    adjustments="",
    needs_countersignature=False,
    countersigned_by=None,
    status=None,
):
    status = status or ("active" if completed_on else "draft")
    return SentencePlan.objects.create(
        person=person,
        disposal=disposal,
        status=status,
        starts_from=starts_from,
        due_by=due_by,
        author=person.officer,
        started_on=starts_from,
        submitted_on=submitted_on or completed_on,
        completed_on=completed_on,
        adjustments=adjustments,
        needs_countersignature=needs_countersignature,
        countersigned_by=countersigned_by,
    )


def objective(plan_, *, needs=(), requirements=(), status="open"):
    o = Objective.objects.create(
        plan=plan_,
        description="Find settled accommodation",
        needs=list(needs),
        target_date=date(2026, 6, 1),
        status=status,
    )
    for req in requirements:
        o.requirements.add(req)
    return o


def plan_review(plan_, event, reviewed_on, *, by):
    return PlanReview.objects.create(
        plan=plan_,
        reason="significant_event",
        significant_event=event,
        reviewed_on=reviewed_on,
        reviewed_by=by,
        summary="Reviewed",
        next_review_due=date(2026, 9, 1),
    )


def oversight(person, recorded_on, *, by):
    return OversightRecord.objects.create(
        external_id=uid("oversight"),
        person=person,
        recorded_by=by,
        recorded_on=recorded_on,
        trigger="periodic",
        decision="Continue",
        rationale="Plan on track",
    )


def sfo(person, charged_on, notification_due, *, notified_on=None, status=None):
    offence = QualifyingOffence.objects.get_or_create(code="MURDER", defaults={"name": "Murder"})[0]
    status = status or ("notified" if notified_on else "awaiting_notification")
    return SeriousFurtherOffence.objects.create(
        external_id=uid("sfo"),
        person=person,
        offence=offence,
        charged_on=charged_on,
        notification_due=notification_due,
        notified_on=notified_on,
        status=status,
    )


def partner_intervention(area, *, partner=True, provider=None):
    agency = (
        PartnerAgency.objects.create(name=uid("Housing Trust"), kind="housing", area=area)
        if partner
        else None
    )
    return Intervention.objects.create(
        name=uid("Housing support"), category="accommodation", area=area, partner=agency, provider=provider
    )


def referral(person, intervention, referred_on, *, status="referred", decided_on=None):
    return Referral.objects.create(
        person=person,
        intervention=intervention,
        status=status,
        need="accommodation",
        desired_outcomes="Settled housing",
        risk_information="None known",
        referred_on=referred_on,
        referred_by=person.officer,
        decided_on=decided_on,
        decline_reason="no_capacity" if status == "declined" else "",
        last_progress_on=referred_on,
    )


def exchange(person, occurred_on, *, direction="requested", response_received_on=None, area=None):
    agency = PartnerAgency.objects.create(name=uid("Police"), kind="police", area=area)
    return PartnerExchange.objects.create(
        person=person,
        agency=agency,
        direction=direction,
        subject="Call-outs",
        occurred_on=occurred_on,
        response_received_on=response_received_on,
        recorded_by=person.officer,
    )


def enforcement(
    person,
    disposal,
    failure,
    *,
    kind="warning",
    recommended="warning",
    due_by,
    letter_issued_on=None,
    breach_initiated_on=None,
    status="complete",
    rationale="",
    decided_on=None,
):
    failure_on = timezone.localdate(failure.starts_at)
    return EnforcementAction.objects.create(
        person=person,
        disposal=disposal,
        contact=failure,
        route="order",
        failure_on=failure_on,
        judged_on=failure_on,
        recommended_kind=recommended,
        kind=kind,
        status=status,
        decision_by=person.officer if kind else None,
        decided_on=(decided_on or failure_on) if kind else None,
        rationale=rationale,
        due_by=due_by,
        letter_issued_on=letter_issued_on,
        breach_initiated_on=breach_initiated_on,
    )


def result(person, slug: str, on: date = ON):
    """(applicable, met, evidence_type, evidence_id) of one indicator for one case, computed now."""
    refresh_for_people([person.pk], on=on)
    row = CaseIndicator.objects.get(person=person, indicator=slug)
    return row.applicable, row.met, row.evidence_type, row.evidence_id


def outcome(person, slug: str, on: date = ON):
    """ "met", "not met", "needs a human" or "not applicable"."""
    applicable, met, _, _ = result(person, slug, on)
    if not applicable:
        return "not applicable"
    return {True: "met", False: "not met", None: "needs a human"}[met]
