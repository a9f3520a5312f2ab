"""An intervention session's attendance on the case record.

Compliance and enforcement read contacts, not sessions, so a session the person was expected at is
also written as a contact of type "intervention session" carrying the attendance as its outcome.
This is the one place that does it."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone

from probation.contacts.constants import ContactType
from probation.contacts.models import Contact
from probation.contacts.rules import evidence_due
from probation.core import reference

from . import rules
from .models import Session


def session_contact_create(*, session: Session, by_user) -> Contact:
    """Write the contact for a session and link the session to it. Call inside the service's
    transaction."""
    referral = session.referral
    intervention = referral.intervention
    outcome = rules.contact_outcome(session.attendance)
    starts_at: datetime = session.starts_at
    due = None
    if outcome == "awaiting_evidence":
        due = evidence_due(
            timezone.localdate(starts_at),
            getattr(settings, "WORKING_DAYS_REGION", "ENG"),
            int(reference.value("contacts.evidence_working_days")),
        )
    notes = f"{intervention.name} session ({session.get_attendance_display().lower()})."
    if session.notes:
        notes += f" {session.notes}"
    contact = Contact.objects.create(
        external_id=f"session-{session.external_id}",
        person=referral.person,
        officer=referral.person.officer,
        requirement=referral.requirement,
        type=ContactType.INTERVENTION_SESSION,
        starts_at=starts_at,
        location=intervention.delivered_by[:200],
        national_standard=True,
        outcome=outcome,
        absence_reason=session.absence_reason if outcome == "acceptable_absence" else "",
        evidence_due=due,
        outcome_recorded_at=timezone.now(),
        outcome_recorded_by=by_user,
        notes=notes,
    )
    session.contact = contact
    session.save(update_fields=["contact"])
    return contact
