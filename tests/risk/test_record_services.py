"""Registrations, MAPPA, the risk management plan and significant events, through their services."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from probation.audit.models import AuditEvent
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.core.models import ReferenceValue
from probation.risk import selectors, services
from probation.risk.models import FlagType, IdentifiedRisk, RiskAction, RiskManagementPlan, SignificantEvent
from probation.risk.services import significant_events
from tests.risk.risk_record_builders import complete_assessment, days_ago, register, today

# --- registrations ----------------------------------------------------------------------------------


def test_a_registration_is_due_for_review_its_flags_number_of_months_after_registration(personas):
    registration = services.registration_add(
        by_user=personas.alice,
        person=personas.case,
        flag=FlagType.objects.get(code="ALSH"),
        registered_on=date(2026, 1, 31),
        notes="Cut her arms in custody",
    )
    assert registration.review_due == date(
        2026, 4, 30
    )  # self-harm: every 3 months, clamped to the month's end
    assert registration.registered_by == personas.alice


def test_the_same_flag_cannot_be_active_twice(personas):
    register(personas.case, "RMDO")
    with pytest.raises(ValidationError) as refused:
        services.registration_add(
            by_user=personas.alice,
            person=personas.case,
            flag=FlagType.objects.get(code="RMDO"),
            registered_on=today(),
        )
    assert "already" in refused.value.message_dict["flag"][0]


def test_a_registration_cannot_be_dated_in_the_future(personas):
    with pytest.raises(ValidationError):
        services.registration_add(
            by_user=personas.alice,
            person=personas.case,
            flag=FlagType.objects.get(code="RMDO"),
            registered_on=today() + timedelta(days=1),
        )


def test_reviewing_a_registration_sets_the_next_review_and_is_audited(personas):
    registration = register(
        personas.case, "RMDO", registered_on=date(2025, 1, 10), review_due=date(2025, 7, 10)
    )
    services.registration_review(
        by_user=personas.bob, registration=registration, reviewed_on=date(2025, 8, 1)
    )
    registration.refresh_from_db()
    assert registration.review_due == date(2026, 2, 1)
    event = AuditEvent.objects.get(object_id=str(registration.pk))
    assert event.detail["changes"]["review_due"] == ["2025-07-10", "2026-02-01"]


def test_deregistering_needs_a_reason_and_keeps_the_registration(personas):
    registration = register(personas.case, "RMDO")
    with pytest.raises(ValidationError):
        services.registration_deregister(
            by_user=personas.alice, registration=registration, deregistered_on=today(), reason=" "
        )
    services.registration_deregister(
        by_user=personas.alice,
        registration=registration,
        deregistered_on=today(),
        reason="Discharged by the mental health team",
    )
    registration.refresh_from_db()
    assert (registration.deregistered_on, registration.is_active) == (today(), False)
    with pytest.raises(ValidationError):
        services.registration_deregister(
            by_user=personas.alice, registration=registration, deregistered_on=today(), reason="Again"
        )


def test_only_one_mappa_registration_is_current_at_a_time(personas):
    services.mappa_add(
        by_user=personas.alice,
        person=personas.case,
        category=2,
        level=1,
        start_date=days_ago(10),
        review_due=today() + timedelta(days=90),
    )
    with pytest.raises(ValidationError):
        services.mappa_add(
            by_user=personas.alice,
            person=personas.case,
            category=2,
            level=2,
            start_date=today(),
            review_due=today() + timedelta(days=90),
        )


def test_a_mappa_review_must_come_after_its_start(personas):
    with pytest.raises(ValidationError) as refused:
        services.mappa_add(
            by_user=personas.alice,
            person=personas.case,
            category=1,
            level=1,
            start_date=today(),
            review_due=today(),
        )
    assert "review_due" in refused.value.message_dict


@pytest.mark.parametrize("who", ["charlie", "eddie", "ian"])
def test_people_who_may_not_change_the_case_cannot_register_flags(personas, who):
    with pytest.raises(NotPermitted):
        services.registration_add(
            by_user=getattr(personas, who),
            person=personas.case,
            flag=FlagType.objects.get(code="RMDO"),
            registered_on=today(),
        )


# --- risk management plan -----------------------------------------------------------------------------


def test_the_contingency_plan_refuses_a_save_based_on_an_old_version(personas):
    services.risk_plan_update(
        by_user=personas.alice, person=personas.case, version=1, contingency="Call police"
    )
    with pytest.raises(StaleRecord):
        services.risk_plan_update(
            by_user=personas.bob, person=personas.case, version=1, contingency="Overwrite"
        )
    plan = RiskManagementPlan.objects.get(person=personas.case)
    assert (plan.contingency, plan.version) == ("Call police", 2)


def test_changing_the_contingency_plan_is_audited_with_before_and_after(personas):
    services.risk_plan_update(by_user=personas.alice, person=personas.case, version=1, contingency="First")
    services.risk_plan_update(by_user=personas.alice, person=personas.case, version=2, contingency="Second")
    event = AuditEvent.objects.filter(object_type="risk.riskmanagementplan").latest("id")
    assert event.detail["changes"]["contingency"] == ["First", "Second"]


def current_risk(personas, description="Violence towards ex-partner"):
    assessment = complete_assessment(
        personas.case, by=personas.alice, rosh="medium", risks=[("known_adult", "medium", description)]
    )
    return assessment.identified_risks.get()


def test_an_action_is_tied_to_a_risk_of_the_current_assessment(personas):
    risk = current_risk(personas)
    action = services.risk_action_add(
        by_user=personas.alice,
        risk=risk,
        action="Police check before home visits",
        owner="partner",
        owner_name="Staffordshire Police",
        due_on=today(),
    )
    assert (action.risk, action.person, action.status) == (risk, personas.case, "open")


def test_actions_cannot_be_added_to_a_superseded_assessments_risks(personas):
    old = current_risk(personas)
    complete_assessment(personas.case, by=personas.alice)
    with pytest.raises(ValidationError):
        services.risk_action_add(
            by_user=personas.alice,
            risk=old,
            action="Too late",
            owner="officer",
            owner_name="",
            due_on=today(),
        )


def test_a_partner_action_needs_the_agency_named(personas):
    with pytest.raises(ValidationError) as refused:
        services.risk_action_add(
            by_user=personas.alice,
            risk=current_risk(personas),
            action="Check",
            owner="partner",
            owner_name="",
            due_on=today(),
        )
    assert "owner_name" in refused.value.message_dict


def test_delivering_an_action_needs_evidence_and_a_date_not_in_the_future(personas):
    action = services.risk_action_add(
        by_user=personas.alice,
        risk=current_risk(personas),
        action="Refer to DAPP",
        owner="officer",
        owner_name="",
        due_on=today(),
    )
    with pytest.raises(ValidationError) as refused:
        services.risk_action_deliver(
            by_user=personas.alice, action=action, delivered_on=today() + timedelta(days=1), evidence=""
        )
    assert set(refused.value.message_dict) == {"delivered_on", "evidence"}
    assert RiskAction.objects.get(pk=action.pk).status == "open"
    services.risk_action_deliver(
        by_user=personas.alice, action=action, delivered_on=today(), evidence="Referral accepted 3 March"
    )
    action.refresh_from_db()
    assert (action.status, action.evidence) == ("delivered", "Referral accepted 3 March")


def test_the_plan_flags_risks_with_no_action_and_actions_past_due(personas):
    assessment = complete_assessment(
        personas.case,
        by=personas.alice,
        rosh="high",
        risks=[
            ("known_adult", "high", "Ex-partner"),
            ("children", "medium", "Her son"),
            ("public", "low", "Strangers"),
        ],
    )
    ex_partner, son, _strangers = assessment.identified_risks.all()
    services.risk_action_add(
        by_user=personas.alice,
        risk=ex_partner,
        action="Police check",
        owner="partner",
        owner_name="Police",
        due_on=days_ago(3),
    )
    delivered = services.risk_action_add(
        by_user=personas.alice,
        risk=son,
        action="Children's services referral",
        owner="officer",
        owner_name="",
        due_on=days_ago(3),
    )
    services.risk_action_deliver(
        by_user=personas.alice, action=delivered, delivered_on=days_ago(4), evidence="Done"
    )

    plan = selectors.plan_detail(personas.case, today=today())
    by_group = {item.risk.group: item for item in plan["risks"]}
    assert [item.followed_through for item in plan["risks"]] == [True, True, False]
    assert len(by_group["known_adult"].overdue) == 1 and not by_group["children"].overdue
    assert (plan["not_followed_through"], plan["overdue_actions"]) == (1, 1)


def test_actions_follow_a_risk_carried_into_the_next_assessment(personas):
    risk = current_risk(personas)
    services.risk_action_add(
        by_user=personas.alice,
        risk=risk,
        action="Police check",
        owner="officer",
        owner_name="",
        due_on=today(),
    )
    draft = services.assessment_start(by_user=personas.alice, person=personas.case, kind="screening")
    services.assessment_update(
        by_user=personas.alice,
        assessment=draft,
        version=draft.version,
        changes={"rosh_overall": "medium"},
        needs={},
    )
    services.assessment_submit(by_user=personas.alice, assessment=draft)

    plan = selectors.plan_detail(personas.case, today=today())
    (item,) = plan["risks"]
    assert item.risk.assessment_id == draft.pk and item.risk.carried_from == risk
    assert [a.action for a in item.actions] == ["Police check"]
    assert IdentifiedRisk.objects.count() == 2


def test_partner_checks_are_requested_then_answered(personas):
    check = services.partner_check_request(
        by_user=personas.alice,
        person=personas.case,
        kind="police_domestic_abuse",
        agency="Staffordshire Police",
        requested_on=days_ago(5),
    )
    with pytest.raises(ValidationError):
        services.partner_check_answer(
            by_user=personas.alice, check=check, answered_on=days_ago(6), outcome="None"
        )
    services.partner_check_answer(
        by_user=personas.alice, check=check, answered_on=days_ago(1), outcome="Two call-outs in 2025"
    )
    check.refresh_from_db()
    assert (check.answered_on, check.outcome, check.requested_by) == (
        days_ago(1),
        "Two call-outs in 2025",
        personas.alice,
    )


# --- significant events ------------------------------------------------------------------------------


def test_a_review_due_date_skips_christmas_the_substitute_boxing_day_and_new_year(db):
    # 2026-12-23 is a Wednesday; 25 Dec is Friday, Boxing Day falls on Saturday so Monday 28 Dec is
    # the substitute bank holiday, and 1 Jan 2027 is a Friday.
    assert significant_events.review_due_after(date(2026, 12, 23)) == date(2027, 1, 11)


def test_recording_a_significant_event_sets_the_review_ten_working_days_on(personas, monkeypatch):
    monkeypatch.setattr(significant_events, "today", lambda: date(2027, 1, 20))
    event = services.significant_event_record(
        by_user=personas.alice, person=personas.case, type="arrest_or_charge", occurred_on=date(2026, 12, 23)
    )
    assert (event.review_due, event.recorded_on) == (date(2027, 1, 11), date(2027, 1, 20))


def test_the_review_period_comes_from_reference_data(personas):
    ReferenceValue.objects.create(key="risk.significant_event_review_days", value=5)
    event = services.significant_event_record(
        by_user=personas.alice, person=personas.case, type="address_change", occurred_on=date(2025, 12, 23)
    )
    assert event.review_due == date(
        2026, 1, 2
    )  # 24, 29, 30, 31 Dec and 2 Jan: 25, 26 Dec and 1 Jan are holidays


def test_an_event_in_the_future_or_an_other_event_without_details_is_refused(personas):
    with pytest.raises(ValidationError) as refused:
        services.significant_event_record(
            by_user=personas.alice,
            person=personas.case,
            type="other",
            occurred_on=today() + timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"occurred_on", "details"}
    assert not SignificantEvent.objects.exists()


def test_a_significant_event_review_is_satisfied_by_an_assessment_completed_on_or_after_it(personas):
    long_ago = services.significant_event_record(
        by_user=personas.alice, person=personas.case, type="domestic_abuse_callout", occurred_on=days_ago(40)
    )
    recent = services.significant_event_record(
        by_user=personas.alice, person=personas.case, type="employment_change", occurred_on=days_ago(1)
    )
    complete_assessment(personas.case, by=personas.alice, completed_on=days_ago(20))

    overview = selectors.risk_overview(personas.case, today=today())
    status = {e.pk: e.review_status for e in overview["events"]}
    assert status == {long_ago.pk: "reviewed", recent.pk: "due"}


def test_an_unreviewed_significant_event_past_its_due_date_is_overdue(personas):
    event = services.significant_event_record(
        by_user=personas.alice, person=personas.case, type="relationship_change", occurred_on=days_ago(40)
    )
    complete_assessment(personas.case, by=personas.alice, completed_on=days_ago(41))
    overview = selectors.risk_overview(personas.case, today=today())
    assert [e.review_status for e in overview["events"]] == ["overdue"]
    assert overview["overdue_count"] == 1
    items, _ = selectors.overdue_reviews(personas.alice, today=today())
    assert [(i.person, i.due) for i in items] == [(personas.case, event.review_due)]
