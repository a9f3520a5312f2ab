"""Referrals through their whole life, through the services: eligibility at referral, the provider's
decision, the action plan and its approval, sessions (and their contacts), the end and the report."""

from datetime import date, timedelta

import pytest

from probation.audit.models import AuditEvent
from probation.contacts.models import Contact
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.interventions import rules, selectors, services
from probation.interventions.models import PartnerExchange, Referral, Session
from probation.people.models import Person
from probation.risk.models import RiskAssessment
from probation.workforce.models import CaseInvolvement
from tests import factories as f
from tests.interventions.conftest import on


def set_rosh(person, level):
    Person.objects.filter(pk=person.pk).update(rosh=level)
    person.refresh_from_db()


# --- Referral and eligibility ----------------------------------------------------------------------


def test_a_referral_records_what_it_addresses_and_the_risk_at_the_time(
    personas, make_intervention, refer, today
):
    set_rosh(personas.case, "medium")
    intervention = make_intervention(needs=("relationships", "attitudes"))
    referral = refer(intervention, need="attitudes")
    assert referral.status == "referred"
    assert referral.need == "attitudes"
    assert referral.rosh_at_referral == "medium"
    assert referral.referred_by == personas.alice
    assert referral.referred_on == referral.last_progress_on == today
    assert AuditEvent.objects.filter(
        person=personas.case, object_type="interventions.referral", summary__startswith="Referred to"
    ).exists()


def test_a_man_cannot_be_referred_to_a_womens_service_and_nothing_is_saved(
    personas, make_intervention, refer
):
    womens = make_intervention(sex="female", category="womens_service")
    with pytest.raises(services.NotEligible) as refused:
        refer(womens)
    assert refused.value.reasons == ("This service is for women only",)
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(object_type="interventions.referral").exists()


def test_rosh_above_the_limit_is_refused(personas, make_intervention, refer):
    set_rosh(personas.case, "high")
    with pytest.raises(services.NotEligible, match="accepts medium risk or below only"):
        refer(make_intervention(max_rosh="medium"))


def test_a_treatment_service_needs_the_requirement(personas, make_intervention, refer, add_requirement):
    drr = make_intervention(needs=("drugs",), required_requirement="drug_rehabilitation")
    with pytest.raises(services.NotEligible, match="drug rehabilitation"):
        refer(drr)
    requirement = add_requirement(personas.case, "drug_rehabilitation", 6)
    referral = refer(drr)
    assert referral.requirement == requirement


def test_an_intervention_counting_as_rar_days_is_linked_to_the_rar(
    personas, make_intervention, refer, add_requirement
):
    rar = add_requirement(personas.case, "rar", 20)
    assert refer(make_intervention(counts_as_rar=True)).requirement == rar
    assert refer(make_intervention(counts_as_rar=False)).requirement is None


def test_an_ended_requirement_does_not_count(personas, make_intervention, refer, add_requirement, today):
    requirement = add_requirement(personas.case, "programme")
    requirement.terminated_on = today - timedelta(days=1)
    requirement.save()
    with pytest.raises(services.NotEligible):
        refer(make_intervention(required_requirement="programme"))


def test_a_second_open_referral_to_the_same_intervention_is_refused(personas, make_intervention, refer):
    intervention = make_intervention()
    refer(intervention)
    with pytest.raises(services.NotEligible, match="already has an open referral"):
        refer(intervention)
    assert Referral.objects.count() == 1


def test_a_need_the_intervention_does_not_address_is_refused(personas, make_intervention, refer):
    with pytest.raises(services.InvalidInput) as refused:
        refer(make_intervention(needs=("ete",)), need="drugs")
    assert refused.value.field == "need"


def test_a_service_that_is_closed_refuses_referrals(personas, make_intervention, refer):
    with pytest.raises(services.NotEligible, match="not accepting referrals"):
        refer(make_intervention(accepting_referrals=False))


def test_a_wait_longer_than_the_sentence_is_refused(personas, make_intervention, refer):
    # The personas' order started 5 Jan 2026 for 12 months.
    end = personas.case.events.first().disposals.first().expected_end_date
    with pytest.raises(services.NotEligible, match="runs past the end of the sentence"):
        refer(make_intervention(waiting_weeks=60), today=end - timedelta(weeks=2))


@pytest.mark.parametrize("who", ["charlie", "eddie", "ian"])
def test_only_staff_who_may_change_the_case_may_refer(personas, make_intervention, refer, who, grant_case):
    grant_case(personas.case, personas.ian)
    with pytest.raises(NotPermitted):
        refer(make_intervention(), by=getattr(personas, who))
    assert not Referral.objects.exists()


def test_the_risk_summary_comes_from_the_latest_complete_assessment(personas):
    assert "No completed risk assessment" in selectors.risk_summary(personas.case)
    common = {"person": personas.case, "assessed_by": personas.alice, "started_on": date(2026, 1, 10)}
    RiskAssessment.objects.create(
        external_id="ra-1",
        sequence=1,
        status="superseded",
        rosh_overall="low",
        nature_of_risk="Old",
        **common,
    )
    RiskAssessment.objects.create(
        external_id="ra-2",
        sequence=2,
        status="complete",
        rosh_overall="medium",
        completed_on=date(2026, 2, 1),
        who_is_at_risk="Ex-partner",
        nature_of_risk="Violence when drinking",
        factors_increasing="Alcohol",
        risk_to_self_self_harm=True,
        **common,
    )
    RiskAssessment.objects.create(
        external_id="ra-3", sequence=3, status="draft", rosh_overall="high", nature_of_risk="Draft", **common
    )
    summary = selectors.risk_summary(personas.case)
    assert summary.splitlines()[0] == "Risk of serious harm: Medium (assessment completed 01/02/2026)."
    assert "Who is at risk: Ex-partner" in summary
    assert "Nature of the risk: Violence when drinking" in summary
    assert "Risk to self: self-harm" in summary
    assert "Old" not in summary and "Draft" not in summary


# --- The whole life -------------------------------------------------------------------------------


def test_a_referral_through_its_whole_life(personas, make_intervention, refer, add_requirement, today):
    rar = add_requirement(personas.case, "rar", 10)
    intervention = make_intervention(counts_as_rar=True, expected_sessions=3)
    start = today - timedelta(days=30)
    referral = refer(intervention, today=start)

    referral = services.referral_accept(
        by_user=personas.bob, referral=referral, version=referral.version, today=start + timedelta(days=2)
    )
    assert (referral.status, referral.decided_by, referral.version) == ("accepted", personas.bob, 2)

    referral = services.referral_submit_action_plan(
        by_user=personas.bob,
        referral=referral,
        version=referral.version,
        action_plan="Three sessions",
        today=start + timedelta(days=4),
    )
    assert referral.status == "action_plan_submitted"
    referral = services.referral_approve_action_plan(
        by_user=personas.alice, referral=referral, version=referral.version, today=start + timedelta(days=5)
    )
    assert (referral.status, referral.action_plan_approved_by) == ("in_progress", personas.alice)

    for n in range(3):
        services.session_record(
            by_user=personas.bob,
            referral=referral,
            version=referral.version,
            starts_at=on(start + timedelta(days=7 + n)),
            attendance="attended",
            today=start + timedelta(days=7 + n),
        )
        referral.refresh_from_db()
    assert Session.objects.filter(referral=referral).count() == 3
    contacts = Contact.objects.filter(person=personas.case, type="intervention_session")
    assert contacts.count() == 3
    assert set(contacts.values_list("outcome", flat=True)) == {"attended_complied"}
    assert set(contacts.values_list("requirement", flat=True)) == {rar.pk}

    referral = services.referral_complete(
        by_user=personas.alice, referral=referral, version=referral.version, today=start + timedelta(days=12)
    )
    assert (referral.status, referral.ended_on) == ("completed", start + timedelta(days=12))
    assert referral.report_due

    referral = services.referral_submit_report(
        by_user=personas.bob,
        referral=referral,
        version=referral.version,
        outcome="achieved",
        text="Attended every session",
        today=start + timedelta(days=14),
    )
    assert not referral.report_due
    assert referral.last_progress_on == start + timedelta(days=14)
    assert rules.allowed_actions(referral.status, report_submitted=True) == frozenset()

    rar_row = selectors.rar_progress(personas.case, today)[0]
    assert (rar_row.progress.days_used, rar_row.progress.days_remaining) == (3, 7)
    summaries = list(
        AuditEvent.objects.filter(person=personas.case, object_type="interventions.referral")
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert [s.split(":")[0] for s in summaries] == [
        f"Referred to {intervention.name}",
        "Referral accepted",
        "Action plan submitted",
        "Action plan approved",
        "Session recorded",
        "Session recorded",
        "Session recorded",
        "Intervention completed",
        "End-of-service report submitted",
    ]


def test_a_declined_referral_keeps_its_reason(personas, make_intervention, refer):
    referral = refer(make_intervention())
    referral = services.referral_decline(
        by_user=personas.bob,
        referral=referral,
        version=referral.version,
        reason="no_capacity",
        detail="Full until June",
    )
    assert (referral.status, referral.decline_reason, referral.decline_detail) == (
        "declined",
        "no_capacity",
        "Full until June",
    )
    with pytest.raises(services.InvalidInput):
        services.referral_decline(
            by_user=personas.bob, referral=refer(make_intervention()), version=1, reason=""
        )


def test_ending_early_needs_a_reason_and_leaves_the_report_due(personas, make_intervention, in_progress):
    referral = in_progress(make_intervention())
    with pytest.raises(services.InvalidInput):
        services.referral_end_early(
            by_user=personas.alice, referral=referral, version=referral.version, reason=""
        )
    referral = services.referral_end_early(
        by_user=personas.alice,
        referral=referral,
        version=referral.version,
        reason="non_engagement",
        detail="Missed four sessions",
    )
    assert (referral.status, referral.end_reason) == ("ended_early", "non_engagement")
    assert referral.report_due


def test_a_step_out_of_order_is_refused_and_changes_nothing(personas, make_intervention, refer):
    referral = refer(make_intervention())
    with pytest.raises(rules.TransitionRefused):
        services.referral_complete(by_user=personas.alice, referral=referral, version=referral.version)
    referral.refresh_from_db()
    assert (referral.status, referral.version) == ("referred", 1)


def test_a_revised_action_plan_needs_approving_again(personas, make_intervention, in_progress):
    referral = in_progress(make_intervention())
    referral = services.referral_submit_action_plan(
        by_user=personas.bob, referral=referral, version=referral.version, action_plan="Fortnightly instead"
    )
    assert referral.status == "action_plan_submitted"
    assert referral.action_plan_approved_on is None


def test_only_the_managing_provider_approves_an_action_plan(personas, make_intervention, refer):
    referral = refer(make_intervention())
    referral = services.referral_accept(by_user=personas.bob, referral=referral, version=referral.version)
    referral = services.referral_submit_action_plan(
        by_user=personas.bob, referral=referral, version=referral.version, action_plan="Plan"
    )
    CaseInvolvement.objects.create(
        external_id="inv-t",
        person=personas.case,
        provider=personas.crc,
        role="intervention",
        start_date=referral.referred_on,
    )
    with pytest.raises(NotPermitted):
        services.referral_approve_action_plan(
            by_user=personas.charlie, referral=referral, version=referral.version
        )
    # The delivering provider may still record its own side.
    services.referral_submit_action_plan(
        by_user=personas.charlie, referral=referral, version=referral.version, action_plan="Plan v2"
    )


# --- Optimistic locking ---------------------------------------------------------------------------


def test_a_stale_version_is_refused_and_nothing_changes(personas, make_intervention, refer):
    referral = refer(make_intervention())
    services.referral_accept(by_user=personas.bob, referral=referral, version=1)
    stale = Referral.objects.get(pk=referral.pk)
    with pytest.raises(StaleRecord):
        services.referral_submit_action_plan(
            by_user=personas.alice, referral=stale, version=1, action_plan="Mine"
        )
    stale.refresh_from_db()
    assert (stale.status, stale.action_plan, stale.version) == ("accepted", "", 2)


def test_two_officers_recording_the_same_decision_cannot_both_win(personas, make_intervention, refer):
    referral = refer(make_intervention())
    first = Referral.objects.get(pk=referral.pk)
    second = Referral.objects.get(pk=referral.pk)
    services.referral_accept(by_user=personas.alice, referral=first, version=1)
    with pytest.raises(StaleRecord):
        services.referral_decline(by_user=personas.bob, referral=second, version=1, reason="other")
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


def test_a_stale_session_is_not_saved_and_no_contact_is_written(
    personas, make_intervention, in_progress, today
):
    referral = in_progress(make_intervention())
    with pytest.raises(StaleRecord):
        services.session_record(
            by_user=personas.bob,
            referral=referral,
            version=referral.version - 1,
            starts_at=on(today),
            attendance="attended",
        )
    assert not Session.objects.exists()
    assert not Contact.objects.filter(type="intervention_session").exists()


# --- Sessions and the case record ---------------------------------------------------------------------


def test_a_failure_to_attend_awaits_evidence_for_five_working_days(personas, make_intervention, refer):
    referral = refer(make_intervention(), today=date(2026, 2, 20))
    referral = services.referral_accept(
        by_user=personas.bob, referral=referral, version=1, today=date(2026, 2, 21)
    )
    monday = date(2026, 3, 2)
    session = services.session_record(
        by_user=personas.bob,
        referral=referral,
        version=referral.version,
        starts_at=on(monday),
        attendance="failed_to_attend",
        today=monday,
    )
    assert session.contact.outcome == "awaiting_evidence"
    assert session.contact.evidence_due == date(2026, 3, 9)
    assert session.contact.national_standard
    assert session.contact.officer == personas.alice


def test_an_acceptable_absence_needs_its_reason_which_the_contact_carries(
    personas, make_intervention, in_progress, today
):
    referral = in_progress(make_intervention())
    with pytest.raises(services.InvalidInput):
        services.session_record(
            by_user=personas.bob,
            referral=referral,
            version=referral.version,
            starts_at=on(today),
            attendance="acceptable_absence",
        )
    session = services.session_record(
        by_user=personas.bob,
        referral=referral,
        version=referral.version,
        starts_at=on(today),
        attendance="acceptable_absence",
        absence_reason="medical",
    )
    assert (session.contact.outcome, session.contact.absence_reason) == ("acceptable_absence", "medical")


def test_a_session_can_be_kept_off_the_case_record(personas, make_intervention, in_progress, today):
    referral = in_progress(make_intervention())
    session = services.session_record(
        by_user=personas.bob,
        referral=referral,
        version=referral.version,
        starts_at=on(today),
        attendance="attended",
        record_contact=False,
    )
    assert session.contact is None
    assert not Contact.objects.exists()


def test_tests_are_recorded_only_when_the_person_attended(personas, make_intervention, in_progress, today):
    referral = in_progress(make_intervention(category="drug_treatment", needs=("drugs",)))
    with pytest.raises(services.InvalidInput, match="only be recorded when the person attended"):
        services.session_record(
            by_user=personas.bob,
            referral=referral,
            version=referral.version,
            starts_at=on(today),
            attendance="failed_to_attend",
            test_result="positive",
        )
    session = services.session_record(
        by_user=personas.bob,
        referral=referral,
        version=referral.version,
        starts_at=on(today),
        attendance="attended",
        test_result="negative",
    )
    assert session.test_result == "negative"


@pytest.mark.parametrize("offset, message", [(1, "today or in the past"), (-40, "on or after the referral")])
def test_a_session_date_outside_the_referral_is_refused(
    personas, make_intervention, in_progress, today, offset, message
):
    referral = in_progress(make_intervention())
    with pytest.raises(services.InvalidInput, match=message):
        services.session_record(
            by_user=personas.bob,
            referral=referral,
            version=referral.version,
            starts_at=on(today + timedelta(days=offset)),
            attendance="attended",
        )


def test_rar_days_count_contacts_of_any_kind_against_the_rar_once_a_day(personas, add_requirement, today):
    rar = add_requirement(personas.case, "rar", 5)
    day = today - timedelta(days=3)
    for n, (when, outcome) in enumerate(
        [
            (on(day, 9), "attended_complied"),
            (on(day, 14), "attended_complied"),
            (on(day + timedelta(days=1)), "attended_failed"),
            (on(day + timedelta(days=2)), "unacceptable_absence"),
            (on(day + timedelta(days=2), 15), "attended_complied"),
        ]
    ):
        Contact.objects.create(
            external_id=f"c-{n}",
            person=personas.case,
            requirement=rar,
            type="office",
            starts_at=when,
            outcome=outcome,
        )
    [row] = selectors.rar_progress(personas.case, today)
    assert (row.progress.days_used, row.progress.days_remaining, row.progress.max_days) == (2, 3, 5)


# --- Another provider's intervention ------------------------------------------------------------------


def test_referring_to_another_providers_intervention_lets_its_staff_read_the_case_until_the_report(
    personas, make_intervention, client_for, today
):
    from django.urls import reverse

    crc_programme = make_intervention(provider=personas.crc)
    charlie = client_for(personas.charlie)
    url = reverse("referrals:list", args=[personas.case.crn])
    assert charlie.get(url).status_code == 404
    referral = services.referral_create(
        by_user=personas.alice,
        person=personas.case,
        intervention=crc_programme,
        need="thinking_behaviour",
        desired_outcomes="x",
        risk_information="y",
    )
    assert charlie.get(url).status_code == 200
    referral = services.referral_accept(by_user=personas.charlie, referral=referral, version=referral.version)
    referral = services.referral_end_early(
        by_user=personas.charlie, referral=referral, version=referral.version, reason="provider_unable"
    )
    assert charlie.get(url).status_code == 200  # the report is still to come
    services.referral_submit_report(
        by_user=personas.charlie,
        referral=referral,
        version=referral.version,
        outcome="not_achieved",
        text="Could not run the group",
    )
    # The involvement ends on the day the work finished: access lasts to the end of that day.
    involvement = CaseInvolvement.objects.get(person=personas.case, provider=personas.crc)
    assert involvement.end_date == today
    involvement.end_date = today - timedelta(days=1)  # as it will look tomorrow
    involvement.save()
    assert charlie.get(url).status_code == 404


def test_a_declined_referral_to_another_provider_ends_its_access(personas, make_intervention, today):
    referral = services.referral_create(
        by_user=personas.alice,
        person=personas.case,
        intervention=make_intervention(provider=personas.crc),
        need="thinking_behaviour",
        desired_outcomes="x",
        risk_information="y",
    )
    services.referral_decline(by_user=personas.charlie, referral=referral, version=1, reason="not_suitable")
    assert CaseInvolvement.objects.get(person=personas.case, provider=personas.crc).end_date == today


def test_the_provider_keeps_access_while_another_of_its_referrals_is_open(
    personas, make_intervention, refer, today
):
    first = refer(make_intervention(provider=personas.crc))
    refer(make_intervention(provider=personas.crc))
    assert CaseInvolvement.objects.filter(person=personas.case, provider=personas.crc).count() == 1
    services.referral_decline(by_user=personas.charlie, referral=first, version=1, reason="not_suitable")
    assert CaseInvolvement.objects.get(person=personas.case, provider=personas.crc).end_date is None


# --- Partner exchanges ------------------------------------------------------------------------------


def test_a_partner_exchange_is_recorded_and_its_response_added_later(personas, partner, today):
    exchange = services.partner_exchange_create(
        by_user=personas.alice,
        person=personas.case,
        agency=partner,
        direction="requested",
        subject="Treatment attendance",
        occurred_on=today - timedelta(days=5),
        summary="Asked by email",
    )
    assert exchange.awaiting_response
    exchange = services.partner_exchange_update(
        by_user=personas.bob,
        exchange=exchange,
        version=exchange.version,
        changes={"response_received_on": today, "summary": "Attending"},
    )
    assert not exchange.awaiting_response
    with pytest.raises(StaleRecord):
        services.partner_exchange_update(
            by_user=personas.alice, exchange=exchange, version=1, changes={"summary": "Overwrite"}
        )
    assert PartnerExchange.objects.get(pk=exchange.pk).summary == "Attending"


def test_a_response_before_the_request_or_in_the_future_is_refused(personas, partner, today):
    common = {
        "by_user": personas.alice,
        "person": personas.case,
        "agency": partner,
        "direction": "requested",
        "subject": "Call-outs",
        "occurred_on": today - timedelta(days=2),
    }
    with pytest.raises(services.InvalidInput, match="on or after the date requested"):
        services.partner_exchange_create(**common, response_received_on=today - timedelta(days=3))
    with pytest.raises(services.InvalidInput, match="today or in the past"):
        services.partner_exchange_create(**common, response_received_on=today + timedelta(days=1))
    assert not PartnerExchange.objects.exists()


def test_an_inspector_may_not_record_a_partner_exchange(personas, partner, grant_case, today):
    grant_case(personas.case, personas.ian)
    with pytest.raises(NotPermitted):
        services.partner_exchange_create(
            by_user=personas.ian,
            person=personas.case,
            agency=partner,
            direction="shared",
            subject="x",
            occurred_on=today,
        )


# --- Partner involvement -------------------------------------------------------------------------------


def test_partner_involvement_is_told_from_referrals_and_exchanges(
    personas, make_intervention, partner, refer, today
):
    others = [f.person(officer=personas.alice, last_name=f"Other{n}") for n in range(4)]
    for p in others:
        f.sentence(p)
    in_house, by_partner, declined, exchanged = others
    refer(make_intervention(), person=in_house)  # delivered in-house: not partner work
    refer(make_intervention(partner=partner), person=by_partner)
    d = refer(make_intervention(partner=partner), person=declined)
    services.referral_decline(by_user=personas.bob, referral=d, version=1, reason="not_suitable")
    services.partner_exchange_create(
        by_user=personas.alice,
        person=exchanged,
        agency=partner,
        direction="shared",
        subject="Address",
        occurred_on=today,
    )
    rows = {
        p.pk: p
        for p in selectors.with_partner_involvement(Person.objects.filter(pk__in=[p.pk for p in others]))
    }
    assert [
        (rows[p.pk].partner_referral, rows[p.pk].partner_exchange, rows[p.pk].partner_involved)
        for p in others
    ] == [(False, False, False), (True, False, True), (False, False, False), (False, True, True)]


def test_another_providers_intervention_counts_as_partner_work_but_the_managing_providers_does_not(
    personas, make_intervention, refer
):
    refer(make_intervention(provider=personas.crc))
    own = f.person(officer=personas.alice, last_name="Own")
    f.sentence(own)
    refer(make_intervention(provider=personas.nps), person=own)
    rows = {
        p.pk: p.partner_referral
        for p in selectors.with_partner_involvement(Person.objects.filter(pk__in=[personas.case.pk, own.pk]))
    }
    assert rows == {personas.case.pk: True, own.pk: False}


# --- Availability ---------------------------------------------------------------------------------------


def test_a_manager_in_the_area_updates_availability_and_an_officer_may_not(personas, make_intervention):
    intervention = make_intervention(capacity=10, waiting_weeks=4)
    with pytest.raises(NotPermitted):
        services.intervention_update_availability(
            by_user=personas.alice,
            intervention=intervention,
            version=1,
            capacity=12,
            waiting_weeks=2,
            accepting_referrals=True,
        )
    updated = services.intervention_update_availability(
        by_user=personas.maria,
        intervention=intervention,
        version=1,
        capacity=12,
        waiting_weeks=2,
        accepting_referrals=False,
    )
    assert (updated.capacity, updated.waiting_weeks, updated.accepting_referrals, updated.version) == (
        12,
        2,
        False,
        2,
    )
    with pytest.raises(StaleRecord):
        services.intervention_update_availability(
            by_user=personas.maria,
            intervention=intervention,
            version=1,
            capacity=1,
            waiting_weeks=1,
            accepting_referrals=True,
        )
