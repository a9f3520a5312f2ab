"""Recording a failure to comply makes the enforcement decision due on the case at once."""

import pytest

from probation.contacts.services import contact_record_outcome
from probation.enforcement.models import EnforcementAction


@pytest.mark.django_db
def test_an_unacceptable_absence_makes_a_warning_due(personas, make_appointment):
    contact = make_appointment(personas.case)
    contact_record_outcome(
        by_user=personas.alice, contact_id=contact.pk, version=contact.version,
        outcome="attended_failed", notes="Arrived intoxicated and was sent home",
    )
    action = EnforcementAction.objects.get(contact=contact)
    assert action.person == personas.case
    assert action.recommended_kind == "warning"


@pytest.mark.django_db
def test_an_attended_and_complied_appointment_makes_nothing_due(personas, make_appointment):
    contact = make_appointment(personas.case)
    contact_record_outcome(
        by_user=personas.alice, contact_id=contact.pk, version=contact.version, outcome="attended_complied",
    )
    assert not EnforcementAction.objects.filter(contact=contact).exists()
