"""When an assessment raises a private provider's case to high or very high risk of serious harm, the
case is referred back to the public provider: once, with an audit entry, and the public provider's
court team sees it in its escalations."""

from datetime import date

import pytest

from probation.allocation import services as allocation_services
from probation.allocation.models import EscalationReferral
from probation.audit.models import AuditEvent
from probation.risk import services
from probation.risk.constants import Need
from probation.workforce.models import CaseInvolvement
from tests import factories as f

ALL_NEEDS_STANDARD = {need: "standard" for need in Need.values}
FULL_ANALYSIS = {
    "who_is_at_risk": "His former partner",
    "nature_of_risk": "Violence when drinking",
    "imminence": "Could happen at any time",
}


def assess(person, *, rosh, by, countersigner=None):
    """A full analysis by `by` through the services; countersigned when it needs it."""
    draft = services.assessment_start(by_user=by, person=person, kind="full")
    draft.refresh_from_db()
    done = services.assessment_update_and_submit(
        by_user=by,
        assessment=draft,
        version=draft.version,
        changes={"rosh_overall": rosh, **FULL_ANALYSIS},
        needs=ALL_NEEDS_STANDARD,
    )
    if done.status == "awaiting_countersignature":
        done = services.assessment_countersign(by_user=countersigner, assessment=done)
    return done


@pytest.fixture
def crc_case(world):
    person = f.person(officer=world.charlie, last_name="Crofts", first_name="Dale")
    f.sentence(person)
    assess(person, rosh="medium", by=world.charlie)
    person.refresh_from_db()
    return person


def test_a_countersigned_high_assessment_on_a_crc_case_refers_it_to_the_public_provider(world, crc_case):
    done = assess(crc_case, rosh="high", by=world.charlie, countersigner=world.carol)

    referral = EscalationReferral.objects.get(person=crc_case)
    assert (referral.status, referral.from_provider, referral.to_provider) == (
        "referred",
        world.crc,
        world.nps,
    )
    assert referral.assessment == done
    assert referral.referred_by == world.carol
    assert "rose to high in risk assessment 2" in referral.reason
    assert "countersigned by Carol Tester" in referral.reason
    audit = AuditEvent.objects.get(object_type="allocation.escalationreferral", object_id=str(referral.pk))
    assert audit.user == world.carol
    assert audit.person == crc_case
    assert "Risk escalation opened" in audit.summary
    # The public provider may now read the case while it decides.
    assert CaseInvolvement.objects.filter(person=crc_case, provider=world.nps, end_date__isnull=True).exists()


def test_the_referral_waits_for_the_countersignature(world, crc_case):
    draft = services.assessment_start(by_user=world.charlie, person=crc_case, kind="full")
    draft.refresh_from_db()
    services.assessment_update_and_submit(
        by_user=world.charlie,
        assessment=draft,
        version=draft.version,
        changes={"rosh_overall": "very_high", **FULL_ANALYSIS},
        needs=ALL_NEEDS_STANDARD,
    )
    assert not EscalationReferral.objects.filter(person=crc_case).exists()


def test_the_court_team_sees_the_referral_in_its_escalations(world, crc_case, client_for):
    assess(crc_case, rosh="high", by=world.charlie, countersigner=world.carol)
    maria = client_for(world.maria)
    page = maria.get("/allocation/escalations/").content.decode()
    assert "Dale Crofts" in page
    assert "Awaiting acceptance" in page
    referral = EscalationReferral.objects.get(person=crc_case)
    detail = maria.get(f"/allocation/escalations/{referral.pk}/")
    assert detail.status_code == 200
    assert "Risk of serious harm rose to high" in detail.content.decode()


def test_the_countersigning_manager_is_told_the_case_was_referred(world, crc_case, client_for):
    draft = services.assessment_start(by_user=world.charlie, person=crc_case, kind="full")
    draft.refresh_from_db()
    awaiting = services.assessment_update_and_submit(
        by_user=world.charlie,
        assessment=draft,
        version=draft.version,
        changes={"rosh_overall": "high", **FULL_ANALYSIS},
        needs=ALL_NEEDS_STANDARD,
    )
    response = client_for(world.carol).post(
        f"/cases/{crc_case.crn}/risk/assessments/{awaiting.sequence}/countersign/", follow=True
    )
    assert response.status_code == 200
    assert "referred to National Probation Service" in response.content.decode()


def test_a_second_high_assessment_does_not_open_a_second_referral(world, crc_case):
    assess(crc_case, rosh="high", by=world.charlie, countersigner=world.carol)
    assess(crc_case, rosh="high", by=world.charlie, countersigner=world.carol)
    assert EscalationReferral.objects.filter(person=crc_case).count() == 1


def test_calling_it_again_for_the_same_assessment_changes_nothing(world, crc_case):
    done = assess(crc_case, rosh="high", by=world.charlie, countersigner=world.carol)
    audits = AuditEvent.objects.count()
    again = allocation_services.escalation_open_on_risk(
        by_user=world.carol, person=crc_case, assessment=done, previous_rosh="medium"
    )
    assert again is None
    assert EscalationReferral.objects.filter(person=crc_case).count() == 1
    assert AuditEvent.objects.count() == audits


def test_a_declined_referral_is_not_reopened_until_the_risk_rises_again(world, crc_case):
    assess(crc_case, rosh="high", by=world.charlie, countersigner=world.carol)
    referral = EscalationReferral.objects.get(person=crc_case)
    allocation_services.escalation_decline(
        by_user=world.maria, referral=referral, reason="Managed well by CRC"
    )

    assess(crc_case, rosh="high", by=world.charlie, countersigner=world.carol)
    assert EscalationReferral.objects.filter(person=crc_case).count() == 1

    assess(crc_case, rosh="very_high", by=world.charlie, countersigner=world.carol)
    assert EscalationReferral.objects.filter(person=crc_case, status="referred").count() == 1
    assert EscalationReferral.objects.filter(person=crc_case).count() == 2


@pytest.mark.parametrize("rosh", ["low", "medium"])
def test_a_crc_case_assessed_below_high_is_not_referred(world, crc_case, rosh):
    assess(crc_case, rosh=rosh, by=world.charlie)
    assert not EscalationReferral.objects.filter(person=crc_case).exists()


def test_a_public_provider_case_assessed_high_is_not_referred(world):
    done = assess(world.case, rosh="very_high", by=world.alice, countersigner=world.maria)
    assert done.status == "complete"
    assert not EscalationReferral.objects.filter(person=world.case).exists()


def test_a_case_already_referred_by_hand_is_not_referred_again(world):
    person = f.person(officer=world.charlie, last_name="Crofts", first_name="Eve", rosh="high")
    f.sentence(person)
    allocation_services.escalation_refer(
        by_user=world.charlie, person=person, reason="Arrested for assault", on=date(2026, 11, 2)
    )
    assess(person, rosh="very_high", by=world.charlie, countersigner=world.carol)
    assert EscalationReferral.objects.filter(person=person).count() == 1
