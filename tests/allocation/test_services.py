"""Allocation services: deciding, handing over, acknowledging, escalating and reallocating."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from probation.allocation import services
from probation.allocation.constants import AllocationStatus, EscalationStatus
from probation.allocation.models import Allocation, EscalationReferral
from probation.audit.models import AuditEvent
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.core.models import ReferenceValue
from probation.people.models import Person
from probation.workforce.models import CaseInvolvement, ResponsibleOfficerAssignment
from probation.workforce.services import responsible_officer_assign

from .conftest import RECEIVED

pytestmark = pytest.mark.django_db
DECIDED = date(2026, 11, 10)


def decide(
    world, allocation, *, provider=None, accept=True, rationale="", deportation=False, by=None, on=DECIDED
):
    return services.allocation_decide(
        by_user=by or world.maria,
        allocation=allocation,
        provider=provider,
        accept=accept,
        rationale=rationale,
        facing_deportation=deportation,
        on=on,
    )


def open_involvements(person):
    return sorted(
        (i.provider.code, i.role)
        for i in CaseInvolvement.objects.filter(person=person, end_date__isnull=True)
    )


# Opening -----------------------------------------------------------------------------------------------


def test_opening_puts_the_case_in_the_queue_and_audits_it(world):
    allocation = world.allocation()
    assert allocation.status == AllocationStatus.AWAITING_DECISION
    assert allocation.court_provider == world.nps
    assert AuditEvent.objects.filter(
        object_type="allocation.allocation", object_id=str(allocation.pk), action="create"
    ).exists()


def test_only_the_public_provider_opens_allocations(world):
    person, disposal = world.new_case()
    with pytest.raises(ValueError):
        services.allocation_open(
            by_user=world.maria,
            person=person,
            disposal=disposal,
            received_on=RECEIVED,
            court_provider=world.crc,
        )


# Deciding ----------------------------------------------------------------------------------------------


def test_accepting_a_private_recommendation_hands_the_case_to_the_crc(world):
    allocation = world.allocation(rosh="medium")
    decided = decide(world, allocation, provider=world.crc)
    assert decided.status == AllocationStatus.AWAITING_ACKNOWLEDGEMENT
    assert decided.recommended_provider_type == "private"
    assert decided.reasons == ["Low or medium risk of serious harm"]
    assert decided.provider == world.crc
    assert not decided.overridden
    assert decided.decided_by == world.maria and decided.decided_on == DECIDED
    assert decided.allocation_due == date(2026, 11, 12)
    assert decided.first_appointment_due == date(2026, 11, 16)
    assert decided.decision_inputs["rosh"] == "medium"
    # The court provider keeps a role on the case; the receiving one may read it until it names an officer.
    assert open_involvements(allocation.person) == [("CRC", "supervision"), ("NPS", "court")]


def test_accepting_a_public_recommendation_keeps_the_case_with_the_nps(world):
    allocation = world.allocation(rosh="high")
    decided = decide(world, allocation, provider=world.nps)
    assert decided.recommended_provider_type == "public"
    assert decided.reasons == ["High risk of serious harm"]
    assert ("NPS", "court") not in open_involvements(allocation.person)


def test_the_recommendation_uses_mappa_offences_and_rsr_from_the_record(world):
    allocation = world.allocation(rosh="low", offence="robbery")
    world.mappa(allocation.person, level=2)
    world.mappa(allocation.person, level=3, end=date(2026, 5, 1))  # ended: not counted
    world.assess(allocation.person, rosh="low", rsr="7.10")
    decided = decide(world, allocation, provider=world.nps)
    assert decided.reasons == [
        "Managed under MAPPA (level 2)",
        "Serious offence: Robbery",
        "RSR 7.1% is at or above the 6.9% threshold",
    ]
    assert decided.decision_inputs["mappa_level"] == 2
    assert decided.decision_inputs["rsr"] == "7.10"


def test_the_deportation_answer_changes_the_recommendation(world):
    allocation = world.allocation(rosh="low")
    decided = decide(world, allocation, provider=world.nps, deportation=True)
    assert decided.reasons == ["Foreign national facing deportation"]
    assert decided.facing_deportation


def test_an_rsr_threshold_set_in_reference_data_is_used(world):
    ReferenceValue.objects.create(key="allocation.rsr_nps_threshold", value=8)
    allocation = world.allocation(rosh="low")
    world.assess(allocation.person, rosh="low", rsr="7.5")
    assert decide(world, allocation, provider=world.crc).recommended_provider_type == "private"


def test_a_tier_a_case_is_due_sooner(world):
    allocation = world.allocation(rosh="high", tier="A2")
    decided = decide(world, allocation, provider=world.nps)
    assert decided.allocation_due == date(2026, 11, 10)
    assert decided.first_appointment_due == date(2026, 11, 11)


def test_accepting_with_a_provider_of_the_other_type_is_refused_and_nothing_is_saved(world):
    allocation = world.allocation(rosh="high")
    with pytest.raises(ValidationError) as error:
        decide(world, allocation, provider=world.crc)
    assert "public provider (NPS)" in error.value.message_dict["provider"][0]
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.AWAITING_DECISION and allocation.provider is None
    assert not CaseInvolvement.objects.filter(person=allocation.person).exists()


def test_an_override_needs_a_rationale(world):
    allocation = world.allocation(rosh="medium")
    with pytest.raises(ValidationError) as error:
        decide(world, allocation, provider=world.nps, accept=False, rationale="  ")
    assert error.value.message_dict == {"rationale": ["Enter the reason for overriding the recommendation"]}


def test_an_override_must_choose_the_other_type_of_provider(world):
    allocation = world.allocation(rosh="medium")
    with pytest.raises(ValidationError) as error:
        decide(world, allocation, provider=world.crc, accept=False, rationale="Because")
    assert (
        "To override the recommendation, choose a public provider" in error.value.message_dict["provider"][0]
    )


def test_a_provider_must_be_chosen(world):
    with pytest.raises(ValidationError) as error:
        decide(world, world.allocation(), provider=None)
    assert "provider" in error.value.message_dict


def test_an_override_is_stored_with_its_rationale_and_audited(world):
    allocation = world.allocation(rosh="medium")
    decided = decide(
        world,
        allocation,
        provider=world.nps,
        accept=False,
        rationale="Domestic abuse call-outs since the report",
    )
    assert decided.overridden and decided.override_rationale == "Domestic abuse call-outs since the report"
    assert decided.recommended_provider_type == "private"
    event = AuditEvent.objects.filter(object_type="allocation.allocation", action="update").get()
    assert event.user == world.maria and event.person == allocation.person
    assert event.detail["overridden"] is True
    assert event.detail["rationale"] == "Domestic abuse call-outs since the report"
    assert event.detail["reasons"] == ["Low or medium risk of serious harm"]


def test_a_second_decision_on_the_same_allocation_is_refused_without_overwriting(world):
    allocation = world.allocation(rosh="medium")
    seen_by_maria = Allocation.objects.get(pk=allocation.pk)
    seen_by_mike = Allocation.objects.get(pk=allocation.pk)
    decide(world, seen_by_maria, provider=world.crc)
    with pytest.raises(StaleRecord):
        decide(
            world,
            seen_by_mike,
            provider=world.nps,
            accept=False,
            rationale="I disagree",
            by=world.mike,
            on=date(2026, 11, 11),
        )
    allocation.refresh_from_db()
    assert allocation.provider == world.crc and allocation.decided_by == world.maria
    assert allocation.decided_on == DECIDED and not allocation.overridden
    assert AuditEvent.objects.filter(object_type="allocation.allocation", action="update").count() == 1


def test_deciding_an_allocation_already_decided_is_refused(world):
    allocation = world.allocation(rosh="medium")
    decide(world, allocation, provider=world.crc)
    allocation.refresh_from_db()
    with pytest.raises(StaleRecord):
        decide(world, allocation, provider=world.crc, by=world.mike)


@pytest.mark.parametrize("who", ["alice", "bob", "adam", "charlie", "carol", "ian", "eddie"])
def test_only_the_court_team_decides(world, who):
    allocation = world.allocation()
    with pytest.raises(NotPermitted):
        decide(world, allocation, provider=world.crc, by=getattr(world, who))
    assert Allocation.objects.get(pk=allocation.pk).status == AllocationStatus.AWAITING_DECISION


# The handover package ----------------------------------------------------------------------------------


def test_the_handover_package_summarises_risk_offences_requirements_and_safeguarding(world):
    allocation = world.allocation(rosh="medium", requirements=(("unpaid_work", 120), ("rar", 20)))
    person = allocation.person
    world.assess(
        person,
        rosh="medium",
        rsr="2.5",
        who_is_at_risk="Ex-partner",
        nature_of_risk="Violence",
        risk_to_self_self_harm=True,
        completed_on=date(2026, 9, 1),
    )
    world.assess(person, rosh="high", status="draft", who_is_at_risk="Draft text, not handed over")
    world.flag(person, "RCPR", notes="Plan reviewed monthly")
    world.flag(person, "RCHD")  # a child flag filed under public protection
    world.flag(person, "RVLN", deregistered=date(2026, 7, 1))  # no longer active
    world.flag(person, "AWEA")  # not a safeguarding flag
    decided = decide(world, allocation, provider=world.crc)
    assert "Risk of serious harm: Medium (assessment completed 1 September 2026)." in decided.risk_summary
    assert "Who is at risk: Ex-partner" in decided.risk_summary
    assert "Risk to self: self-harm." in decided.risk_summary
    assert "RSR 2.50%" in decided.risk_summary
    assert "Draft text" not in decided.risk_summary
    assert "Assault by beating: Theft (non-motor) (main offence)." in decided.offence_summary
    assert "Stoke-on-Trent Magistrates' Court" in decided.offence_summary
    assert "Community order, 12 months" in decided.requirements_summary
    assert "Unpaid work: 120 hours." in decided.requirements_summary
    assert "Rehabilitation activity requirement: 20 days." in decided.requirements_summary
    assert (
        "Child protection (RCPR)" in decided.safeguarding and "Plan reviewed monthly" in decided.safeguarding
    )
    assert "Risk to children (RCHD)" in decided.safeguarding
    assert "Vulnerability" not in decided.safeguarding and "Weapons" not in decided.safeguarding


def test_a_case_without_assessment_or_flags_says_so(world):
    decided = decide(world, world.allocation(rosh=""), provider=world.nps)
    assert decided.risk_summary.startswith("No completed risk of serious harm assessment.")
    assert decided.safeguarding == "No active safeguarding or child concern registrations."
    assert decided.reasons == ["Risk of serious harm not yet assessed"]


# Acknowledging -----------------------------------------------------------------------------------------


def handed_to_crc(world):
    allocation = world.allocation(rosh="medium")
    return decide(world, allocation, provider=world.crc)


def test_the_receiving_manager_acknowledges_and_names_the_officer(world):
    allocation = handed_to_crc(world)
    done = services.allocation_acknowledge(
        by_user=world.carol, allocation=allocation, officer=world.charlie, on=date(2026, 11, 11)
    )
    assert done.status == AllocationStatus.ACKNOWLEDGED
    assert done.acknowledged_by == world.carol and done.acknowledged_on == date(2026, 11, 11)
    assert done.allocated_to == world.charlie
    person = Person.objects.get(pk=allocation.person_id)
    assert person.officer == world.charlie and person.provider == world.crc
    assignment = ResponsibleOfficerAssignment.objects.get(person=person)
    assert assignment.reason == "initial" and assignment.start_date == date(2026, 11, 11)
    # The court provider keeps its role; the receiving one now manages the case.
    assert open_involvements(person) == [("NPS", "court")]
    event = AuditEvent.objects.filter(
        object_type="allocation.allocation", summary__startswith="Handover"
    ).get()
    assert event.detail["on_time"] is True


def test_a_second_acknowledgement_is_refused(world):
    allocation = handed_to_crc(world)
    stale = Allocation.objects.get(pk=allocation.pk)
    services.allocation_acknowledge(by_user=world.carol, allocation=allocation, officer=world.charlie)
    with pytest.raises(StaleRecord):
        services.allocation_acknowledge(by_user=world.carol, allocation=stale, officer=world.carol)
    assert Allocation.objects.get(pk=allocation.pk).allocated_to == world.charlie


@pytest.mark.parametrize("who", ["maria", "charlie", "alice", "ian"])
def test_only_a_manager_of_the_receiving_provider_acknowledges(world, who):
    allocation = handed_to_crc(world)
    with pytest.raises(NotPermitted):
        services.allocation_acknowledge(
            by_user=getattr(world, who), allocation=allocation, officer=world.charlie
        )


def test_the_officer_must_be_in_a_team_the_manager_manages(world):
    allocation = handed_to_crc(world)
    with pytest.raises(ValidationError) as error:
        services.allocation_acknowledge(by_user=world.carol, allocation=allocation, officer=world.alice)
    assert error.value.message_dict == {"officer": ["Choose an officer from a team you manage"]}
    assert Allocation.objects.get(pk=allocation.pk).status == AllocationStatus.AWAITING_ACKNOWLEDGEMENT


def test_acknowledging_a_case_that_already_had_an_officer_records_a_transfer(world):
    person, disposal = world.new_case(rosh="medium", officer=world.alice)
    allocation = services.allocation_open(
        by_user=world.maria, person=person, disposal=disposal, received_on=RECEIVED, court_provider=world.nps
    )
    decide(world, allocation, provider=world.crc)
    allocation.refresh_from_db()
    services.allocation_acknowledge(by_user=world.carol, allocation=allocation, officer=world.charlie)
    assert (
        ResponsibleOfficerAssignment.objects.filter(person=person, end_date__isnull=True).get().reason
        == "transfer"
    )


# Risk escalation ---------------------------------------------------------------------------------------


def test_escalation_is_needed_for_a_crc_case_whose_risk_is_now_high(world):
    assert services.escalation_needed(world.crc_case(rosh="high"))
    assert services.escalation_needed(world.crc_case(rosh="very_high"))
    assert not services.escalation_needed(world.crc_case(rosh="medium"))
    assert not services.escalation_needed(world.crc_case(rosh=""))
    nps_case = world.case
    nps_case.rosh = "high"
    assert not services.escalation_needed(nps_case)


def test_escalation_is_not_needed_once_referred(world):
    person = world.crc_case()
    services.escalation_refer(by_user=world.charlie, person=person, reason="New RoSH high")
    assert not services.escalation_needed(person)


def test_referring_creates_a_referral_and_lets_the_nps_read_the_case(world):
    person = world.crc_case()
    world.assess(person, rosh="high")
    referral = services.escalation_refer(
        by_user=world.charlie, person=person, reason="Threats to a child", on=date(2026, 11, 20)
    )
    assert referral.status == EscalationStatus.REFERRED
    assert referral.from_provider == world.crc and referral.to_provider == world.nps
    assert referral.referred_by == world.charlie and referral.assessment is not None
    assert ("NPS", "supervision") in open_involvements(person)
    assert AuditEvent.objects.filter(object_type="allocation.escalationreferral", action="create").exists()


@pytest.mark.parametrize(
    "rosh, words", [("medium", "is medium"), ("low", "is low"), ("", "not yet assessed")]
)
def test_referring_a_case_that_is_not_high_risk_is_refused_with_a_clear_message(world, rosh, words):
    person = world.crc_case(rosh=rosh)
    with pytest.raises(services.EscalationRefused) as refused:
        services.escalation_refer(by_user=world.charlie, person=person, reason="Worried")
    assert words in refused.value.messages[0]
    assert "Only a case whose risk of serious harm is now high or very high" in refused.value.messages[0]
    assert not EscalationReferral.objects.exists()


def test_a_public_provider_case_cannot_be_referred(world):
    Person.objects.filter(pk=world.case.pk).update(rosh="high")
    world.case.refresh_from_db()
    with pytest.raises(services.EscalationRefused, match="private provider"):
        services.escalation_refer(by_user=world.alice, person=world.case, reason="x")


def test_a_case_is_referred_only_once_at_a_time(world):
    person = world.crc_case()
    services.escalation_refer(by_user=world.charlie, person=person, reason="New RoSH high")
    with pytest.raises(services.EscalationRefused, match="already been referred"):
        services.escalation_refer(by_user=world.carol, person=person, reason="Again")


@pytest.mark.parametrize("who", ["alice", "maria", "ian"])
def test_only_the_supervising_provider_refers(world, who):
    with pytest.raises(NotPermitted):
        services.escalation_refer(by_user=getattr(world, who), person=world.crc_case(), reason="x")


def test_a_referral_needs_a_reason(world):
    with pytest.raises(ValidationError) as error:
        services.escalation_refer(by_user=world.charlie, person=world.crc_case(), reason=" ")
    assert "reason" in error.value.message_dict


def test_accepting_with_an_officer_reallocates_to_the_nps(world):
    person = world.crc_case()
    referral = services.escalation_refer(
        by_user=world.charlie, person=person, reason="High", on=date(2026, 11, 20)
    )
    done = services.escalation_accept(
        by_user=world.maria, referral=referral, officer=world.bob, on=date(2026, 11, 24)
    )
    assert done.status == EscalationStatus.REALLOCATED
    assert done.accepted_by == world.maria and done.accepted_on == date(2026, 11, 24)
    assert done.reallocated_to == world.bob and done.reallocated_on == date(2026, 11, 24)
    person.refresh_from_db()
    assert person.officer == world.bob and person.provider == world.nps
    crc_assignment = ResponsibleOfficerAssignment.objects.get(person=person, officer=world.charlie)
    assert crc_assignment.end_date == date(2026, 11, 24)
    current = ResponsibleOfficerAssignment.objects.get(person=person, end_date__isnull=True)
    assert current.reason == "risk_escalation"
    assert ("NPS", "supervision") not in open_involvements(person)


def test_accepting_without_an_officer_leaves_the_crc_responsible_until_reallocated(world):
    person = world.crc_case()
    referral = services.escalation_refer(by_user=world.charlie, person=person, reason="High")
    accepted = services.escalation_accept(by_user=world.maria, referral=referral)
    assert accepted.status == EscalationStatus.ACCEPTED
    person.refresh_from_db()
    assert person.officer == world.charlie and person.provider == world.crc
    assert not services.escalation_needed(person)  # still open
    services.escalation_reallocate(by_user=world.maria, referral=accepted, officer=world.alice)
    person.refresh_from_db()
    assert person.officer == world.alice


def test_declining_needs_a_reason_and_ends_the_nps_involvement(world):
    person = world.crc_case()
    referral = services.escalation_refer(by_user=world.charlie, person=person, reason="High")
    with pytest.raises(ValidationError):
        services.escalation_decline(by_user=world.maria, referral=referral, reason="")
    declined = services.escalation_decline(
        by_user=world.maria, referral=referral, reason="Assessment not countersigned"
    )
    assert declined.status == EscalationStatus.DECLINED
    assert ("NPS", "supervision") not in open_involvements(person)
    assert services.escalation_needed(person)  # it can be referred again


@pytest.mark.parametrize("who", ["carol", "charlie", "alice", "ian"])
def test_only_the_public_provider_court_team_accepts(world, who):
    referral = services.escalation_refer(by_user=world.charlie, person=world.crc_case(), reason="High")
    with pytest.raises(NotPermitted):
        services.escalation_accept(by_user=getattr(world, who), referral=referral)


def test_a_referral_is_accepted_once(world):
    referral = services.escalation_refer(by_user=world.charlie, person=world.crc_case(), reason="High")
    stale = EscalationReferral.objects.get(pk=referral.pk)
    services.escalation_accept(by_user=world.maria, referral=referral)
    with pytest.raises(StaleRecord):
        services.escalation_decline(by_user=world.mike, referral=stale, reason="No")


# Reallocation within a provider ------------------------------------------------------------------------


def with_history(world, starts):
    """Alice's case with further assignments starting on `starts`, alternating between bob and alice,
    so that alice holds it at the end when the number of changes is even."""
    person = world.case
    for start in starts:
        person.refresh_from_db()
        officer = world.alice if person.officer_id == world.bob.pk else world.bob
        responsible_officer_assign(
            by_user=world.maria, person=person, officer=officer, start_date=start, reason="reallocation"
        )
    person.refresh_from_db()
    return person


def test_a_manager_reallocates_within_the_team(world):
    person = world.case
    services.case_reallocate(
        by_user=world.maria,
        person=person,
        officer=world.bob,
        version=person.version,
        reason="workload",
        on=date(2026, 11, 30),
    )
    person.refresh_from_db()
    assert person.officer == world.bob
    event = AuditEvent.objects.filter(
        object_type="workforce.responsibleofficerassignment", summary__startswith="Reallocated"
    ).get()
    assert event.detail["changes_in_12_months"] == 1 and event.detail["warning"] == ""


def test_the_third_change_in_12_months_needs_the_warning_understood_and_a_reason(world):
    person = with_history(world, [date(2026, 3, 2)])  # one change so far; this would be the second
    assert services.continuity_warning(person, date(2026, 11, 30)) == (2, "")
    person = with_history(world, [date(2026, 6, 1)])
    count, warning = services.continuity_warning(person, date(2026, 11, 30))
    assert count == 3 and warning == "This would be the third change of responsible officer in 12 months"
    with pytest.raises(ValidationError) as error:
        services.case_reallocate(
            by_user=world.maria,
            person=person,
            officer=world.bob,
            version=person.version,
            reason="workload",
            on=date(2026, 11, 30),
        )
    assert error.value.message_dict == {
        "warning_understood": ["Confirm you understand this is the third change of officer in 12 months"],
        "reason_detail": ["Enter why the responsible officer is changing"],
    }
    services.case_reallocate(
        by_user=world.maria,
        person=person,
        officer=world.bob,
        version=person.version,
        reason="staff_left",
        reason_detail="Alice has left the team",
        warning_understood=True,
        on=date(2026, 11, 30),
    )
    event = AuditEvent.objects.filter(summary__startswith="Reallocated").get()
    assert event.detail["warning_understood"] is True
    assert event.detail["changes_in_12_months"] == 3
    assert event.detail["reason_detail"] == "Alice has left the team"
    assert "third change" in event.summary


def test_the_warning_threshold_comes_from_reference_data(world):
    ReferenceValue.objects.create(key="continuity.warn_at_change", value=2)
    person = with_history(world, [date(2026, 3, 2)])
    assert services.continuity_warning(person, date(2026, 11, 30))[0] == 2
    assert services.continuity_warning(person, date(2026, 11, 30))[1].startswith("This would be the second")


def test_a_stale_reallocation_is_refused(world):
    person = world.case
    old_version = person.version
    services.case_reallocate(
        by_user=world.maria,
        person=person,
        officer=world.bob,
        version=old_version,
        reason="workload",
        on=date(2026, 11, 30),
    )
    with pytest.raises(StaleRecord):
        services.case_reallocate(
            by_user=world.maria,
            person=person,
            officer=world.maria,
            version=old_version,
            reason="workload",
            on=date(2026, 11, 30),
        )


@pytest.mark.parametrize("who", ["alice", "bob", "mike", "carol", "ian"])
def test_only_the_case_teams_manager_reallocates(world, who):
    person = world.case
    with pytest.raises(NotPermitted):
        services.case_reallocate(
            by_user=getattr(world, who),
            person=person,
            officer=world.bob,
            version=person.version,
            reason="workload",
        )


@pytest.mark.parametrize(
    "officer, message",
    [
        ("eddie", "Choose an officer from a team you manage"),
        ("alice", "Select an officer other than the current one"),
    ],
)
def test_the_new_officer_must_be_someone_else_in_a_managed_team(world, officer, message):
    person = world.case
    with pytest.raises(ValidationError, match=message):
        services.case_reallocate(
            by_user=world.maria,
            person=person,
            officer=getattr(world, officer),
            version=person.version,
            reason="workload",
        )


def test_other_reasons_need_an_explanation(world):
    person = world.case
    with pytest.raises(ValidationError) as error:
        services.case_reallocate(
            by_user=world.maria, person=person, officer=world.bob, version=person.version, reason="other"
        )
    assert "reason_detail" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_reallocate(
            by_user=world.maria, person=person, officer=world.bob, version=person.version, reason="initial"
        )
    assert "reason" in error.value.message_dict
