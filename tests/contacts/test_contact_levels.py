"""Contact levels: the level the tier and RoSH require, shown with its derivation, and step-downs
guarded by risk: allowed with a rationale, sent to the SPO, or refused with the reasons."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from probation.audit.models import AuditEvent
from probation.contacts import selectors, services
from probation.contacts.models import ContactLevel
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.risk.models import MappaRegistration
from probation.workforce.models import ResponsibleOfficerAssignment
from tests import factories as f
from tests.contacts.conftest import appointment, at, level


def set_risk(person, tier, rosh):
    person.tier, person.rosh = tier, rosh
    person.save(update_fields=["tier", "rosh"])


def mappa(person, level_):
    return MappaRegistration.objects.create(
        external_id=f"mappa-{person.pk}-{level_}",
        person=person,
        category=2,
        level=level_,
        start_date=timezone.localdate() - timedelta(days=100),
    )


def ask(client, person, frequency, method="face_to_face", rationale="", based_on=None, follow=False):
    return client.post(
        reverse("contacts:level-change", args=[person.crn]),
        {
            "frequency": frequency,
            "method": method,
            "rationale": rationale,
            "based_on": "" if based_on is None else based_on.pk,
        },
        follow=follow,
    )


def test_the_contacts_tab_shows_the_required_level_and_how_it_was_worked_out(personas, client_for):
    set_risk(personas.case, "D1", "high")
    html = client_for(personas.alice).get(reverse("contacts:list", args=[personas.case.crn])).content.decode()
    assert "Every two weeks, face to face" in html
    assert "Tier D1 (protect level D): every eight weeks" in html
    assert "Risk of serious harm high: every two weeks" in html
    assert "The more frequent applies: every two weeks" in html


def test_the_tab_says_whether_the_level_is_being_met(personas, client_for):
    set_risk(personas.case, "B1", "medium")  # fortnightly: 2 in 4 weeks
    level(personas.case, frequency="fortnightly")
    appointment(personas.case, when=at(-3), outcome="attended_complied")
    url = reverse("contacts:list", args=[personas.case.crn])
    client = client_for(personas.alice)
    assert "1 of 2 National Standard contacts kept" in client.get(url).content.decode()
    appointment(personas.case, when=at(-10), outcome="attended_failed")
    appointment(personas.case, when=at(-12), outcome="unacceptable_absence")  # missed: does not count
    appointment(personas.case, when=at(-5), outcome="attended_complied", national_standard=False)
    html = client.get(url).content.decode()
    assert "2 of 2 National Standard contacts kept" in html
    assert 'govuk-tag--green">Met' in html


def test_a_step_down_on_a_low_risk_case_is_allowed_with_a_rationale(personas, client_for):
    set_risk(personas.case, "C1", "medium")
    weekly = level(personas.case, frequency="weekly")
    client = client_for(personas.alice)
    html = ask(client, personas.case, "monthly", based_on=weekly).content.decode()
    assert '<a href="#id_rationale">Give the reasons for reducing contact</a>' in html
    assert ContactLevel.objects.count() == 1

    response = ask(
        client,
        personas.case,
        "monthly",
        rationale="Stable, employed, engaging well",
        based_on=weekly,
        follow=True,
    )
    assert "Contact level changed to Every four weeks, face to face" in response.content.decode()
    new = ContactLevel.objects.exclude(pk=weekly.pk).get()
    assert (new.status, new.is_step_down, new.rule_outcome) == ("approved", True, "allowed")
    assert new.rule_inputs["rosh"] == "medium" and new.rule_inputs["tier"] == "C1"
    weekly.refresh_from_db()
    assert weekly.effective_to == timezone.localdate()
    assert AuditEvent.objects.filter(user=personas.alice, summary__contains="(step-down)").exists()


def test_more_contact_needs_no_rationale_and_no_approval(personas, client_for):
    set_risk(personas.case, "A1", "very_high")
    current = level(personas.case, frequency="fortnightly")
    ask(client_for(personas.alice), personas.case, "weekly", based_on=current)
    new = ContactLevel.objects.exclude(pk=current.pk).get()
    assert (new.status, new.is_step_down, new.rule_outcome) == ("approved", False, "not_step_down")


def test_with_no_level_recorded_the_required_level_is_the_baseline(personas, client_for):
    set_risk(personas.case, "B1", "medium")  # requires fortnightly face to face
    ask(client_for(personas.alice), personas.case, "weekly")
    assert ContactLevel.objects.get().is_step_down is False
    ContactLevel.objects.all().delete()
    response = ask(client_for(personas.alice), personas.case, "monthly", rationale="Doing well")
    # Below what the tier requires: even on a medium-RoSH case the SPO must approve.
    assert ContactLevel.objects.get().status == "awaiting_approval"
    assert response.status_code == 302


@pytest.mark.parametrize(
    "rosh, mappa_level, reason",
    [
        ("very_high", None, "Risk of serious harm is very high: contact cannot be reduced"),
        ("medium", 3, "The case is managed at MAPPA level 3: contact cannot be reduced"),
    ],
)
def test_a_step_down_incompatible_with_the_risk_is_refused_with_the_reasons(
    personas, client_for, rosh, mappa_level, reason
):
    set_risk(personas.case, "A2", rosh)
    if mappa_level:
        mappa(personas.case, mappa_level)
    current = level(personas.case, frequency="weekly")
    html = ask(
        client_for(personas.alice), personas.case, "fortnightly", rationale="Doing well", based_on=current
    ).content.decode()
    assert "govuk-error-summary" in html
    assert "This step-down is not allowed" in html
    assert reason in html
    assert ContactLevel.objects.count() == 1


@pytest.fixture
def high_risk_request(personas, client_for):
    set_risk(personas.case, "B2", "high")
    current = level(personas.case, frequency="weekly")
    response = ask(
        client_for(personas.alice),
        personas.case,
        "fortnightly",
        rationale="Settled in work",
        based_on=current,
        follow=True,
    )
    assert "Step-down sent to the SPO for approval" in response.content.decode()
    return current, ContactLevel.objects.get(status="awaiting_approval")


def test_a_high_risk_step_down_waits_for_the_spo_and_the_old_level_stays_in_force(
    personas, client_for, high_risk_request
):
    current, pending = high_risk_request
    assert pending.rule_reasons == ["Risk of serious harm is high"]
    summary = selectors.level_summary(personas.case, timezone.localdate(), timezone.now())
    assert summary.current == current and summary.pending == pending
    html = client_for(personas.alice).get(reverse("contacts:list", args=[personas.case.crn])).content.decode()
    assert "Awaiting SPO approval" in html
    assert reverse("contacts:level-change", args=[personas.case.crn]) not in html  # one request at a time


def test_the_request_appears_in_the_spos_approval_list_and_home_page(personas, client_for, high_risk_request):
    _, pending = high_risk_request
    assert list(selectors.pending_step_downs_for(personas.maria)) == [pending]
    decide_url = reverse("contacts:level-decide", args=[personas.case.crn, pending.pk])
    assert decide_url in client_for(personas.maria).get(reverse("step-down-approvals")).content.decode()
    assert decide_url in client_for(personas.maria).get(reverse("home")).content.decode()
    assert not selectors.pending_step_downs_for(personas.alice).exists()


def test_the_spo_approves_and_the_new_level_comes_into_force(personas, client_for, high_risk_request):
    current, pending = high_risk_request
    url = reverse("contacts:level-decide", args=[personas.case.crn, pending.pk])
    response = client_for(personas.maria).post(url, {"decision": "approve", "notes": "Agreed"}, follow=True)
    assert "Step-down for Jordan Archer approved" in response.content.decode()
    pending.refresh_from_db()
    assert (pending.status, pending.approved_by, pending.decision_notes) == (
        "approved",
        personas.maria,
        "Agreed",
    )
    current.refresh_from_db()
    assert current.effective_to == timezone.localdate()
    summary = selectors.level_summary(personas.case, timezone.localdate(), timezone.now())
    assert summary.current == pending


def test_the_spo_refuses_with_notes(personas, client_for, high_risk_request):
    _, pending = high_risk_request
    url = reverse("contacts:level-decide", args=[personas.case.crn, pending.pk])
    client = client_for(personas.maria)
    html = client.post(url, {"decision": "refuse"}).content.decode()
    assert '<a href="#id_notes">Give the reasons for refusing the step-down</a>' in html
    client.post(url, {"decision": "refuse", "notes": "Wait for the MAPPA review"})
    pending.refresh_from_db()
    assert pending.status == "refused"
    assert selectors.level_summary(personas.case, timezone.localdate(), timezone.now()).pending is None


@pytest.mark.parametrize("who", ["alice", "bob", "eddie", "charlie", "ian"])
def test_nobody_but_the_teams_spo_may_decide(personas, client_for, high_risk_request, who):
    _, pending = high_risk_request
    url = reverse("contacts:level-decide", args=[personas.case.crn, pending.pk])
    response = client_for(getattr(personas, who)).post(url, {"decision": "approve"})
    assert response.status_code in (403, 404)
    pending.refresh_from_db()
    assert pending.status == "awaiting_approval"


def test_an_spo_cannot_approve_their_own_step_down(personas, client_for):
    set_risk(personas.case, "B2", "high")
    current = level(personas.case, frequency="weekly")
    ask(client_for(personas.maria), personas.case, "fortnightly", rationale="Covering", based_on=current)
    pending = ContactLevel.objects.get(status="awaiting_approval")
    assert not selectors.pending_step_downs_for(personas.maria).exists()
    url = reverse("contacts:level-decide", args=[personas.case.crn, pending.pk])
    assert client_for(personas.maria).get(url).status_code == 403
    with pytest.raises(NotPermitted, match="your own request"):
        services.contact_level_decide(by_user=personas.maria, level_id=pending.pk, approve=True)


def test_a_head_of_service_for_the_area_may_decide(personas, client_for):
    set_risk(personas.case, "B2", "high")
    current = level(personas.case, frequency="weekly")
    ask(client_for(personas.maria), personas.case, "fortnightly", rationale="Covering", based_on=current)
    head = f.staff("hilda", team_=personas.other_team, grade="HEAD", roles=("manager",))
    pending = ContactLevel.objects.get(status="awaiting_approval")
    assert list(selectors.pending_step_downs_for(head)) == [pending]
    services.contact_level_decide(by_user=head, level_id=pending.pk, approve=True)


def test_approval_reruns_the_rule_on_todays_risk(personas, high_risk_request):
    _, pending = high_risk_request
    set_risk(personas.case, "A2", "very_high")
    with pytest.raises(services.StepDownRefused):
        services.contact_level_decide(by_user=personas.maria, level_id=pending.pk, approve=True)
    pending.refresh_from_db()
    assert pending.status == "awaiting_approval"


def test_a_second_request_waits_for_the_first_decision(personas, high_risk_request):
    current, _ = high_risk_request
    with pytest.raises(ValidationError, match="already awaiting approval"):
        services.contact_level_request(
            by_user=personas.alice,
            person=personas.case,
            frequency="monthly",
            method="face_to_face",
            rationale="x",
            based_on=current.pk,
        )


def test_a_level_changed_since_the_form_opened_is_refused_as_stale(personas, client_for):
    set_risk(personas.case, "C1", "low")
    opened_on = level(personas.case, frequency="weekly", days_ago=60)
    level(personas.case, frequency="fortnightly", days_ago=5)  # a colleague's change since
    html = ask(
        client_for(personas.alice), personas.case, "monthly", rationale="x", based_on=opened_on
    ).content.decode()
    assert STALE_RECORD_MESSAGE in html
    with pytest.raises(StaleRecord):
        services.contact_level_request(
            by_user=personas.alice,
            person=personas.case,
            frequency="monthly",
            method="face_to_face",
            rationale="x",
            based_on=opened_on.pk,
        )


def test_mappa_level_2_sends_a_step_down_for_approval(personas):
    set_risk(personas.case, "B2", "medium")
    mappa(personas.case, 2)
    current = level(personas.case, frequency="weekly")
    new = services.contact_level_request(
        by_user=personas.alice,
        person=personas.case,
        frequency="fortnightly",
        method="face_to_face",
        rationale="x",
        based_on=current.pk,
    )
    assert new.status == "awaiting_approval"
    assert new.rule_inputs["mappa_level"] == 2


def test_an_ended_mappa_registration_no_longer_counts(personas):
    set_risk(personas.case, "B2", "medium")
    registration = mappa(personas.case, 3)
    registration.end_date = timezone.localdate() - timedelta(days=1)
    registration.save()
    current = level(personas.case, frequency="weekly")
    new = services.contact_level_request(
        by_user=personas.alice,
        person=personas.case,
        frequency="fortnightly",
        method="face_to_face",
        rationale="x",
        based_on=current.pk,
    )
    assert new.status == "approved"


def test_a_recent_risk_escalation_sends_a_step_down_for_approval(personas):
    set_risk(personas.case, "B2", "medium")
    ResponsibleOfficerAssignment.objects.filter(person=personas.case).update(
        reason="risk_escalation", start_date=timezone.localdate() - timedelta(days=40)
    )
    current = level(personas.case, frequency="weekly")
    new = services.contact_level_request(
        by_user=personas.alice,
        person=personas.case,
        frequency="fortnightly",
        method="face_to_face",
        rationale="x",
        based_on=current.pk,
    )
    assert new.status == "awaiting_approval"
    assert "Risk escalated in the last 3 months" in new.rule_reasons


def test_a_rosh_rise_in_a_completed_assessment_counts_as_escalation(personas):
    from probation.risk.models import RiskAssessment

    today = timezone.localdate()
    for seq, (rosh, days) in enumerate([("low", 400), ("medium", 30)], start=1):
        RiskAssessment.objects.create(
            external_id=f"ra-{seq}",
            person=personas.case,
            sequence=seq,
            status="superseded" if seq == 1 else "complete",
            assessed_by=personas.alice,
            started_on=today - timedelta(days=days),
            completed_on=today - timedelta(days=days),
            rosh_overall=rosh,
        )
    inputs = selectors.risk_inputs(personas.case, today)
    assert inputs.escalated_on == today - timedelta(days=30)
    assert inputs.months_since_escalation < 3


def test_the_rule_defaults_are_reference_data_that_a_deployment_can_override(personas):
    from probation.core.models import ReferenceValue

    set_risk(personas.case, "C1", "medium")
    current = level(personas.case, frequency="weekly")
    ReferenceValue.objects.create(
        key="contacts.step_down", value={"refuse_rosh": ["medium", "high", "very_high"]}
    )
    with pytest.raises(services.StepDownRefused):
        services.contact_level_request(
            by_user=personas.alice,
            person=personas.case,
            frequency="fortnightly",
            method="face_to_face",
            rationale="x",
            based_on=current.pk,
        )


def test_pending_step_downs_leave_out_other_teams_and_cases_the_spo_is_excluded_from(personas):
    set_risk(personas.case, "B2", "high")
    level(
        personas.case,
        frequency="fortnightly",
        status="awaiting_approval",
        requested_by=personas.alice,
        requested_at=timezone.now(),
    )
    other_officer = f.staff("otto", team_=personas.other_team)
    other_case = f.person(officer=other_officer, last_name="Elsewhere")
    level(
        other_case,
        frequency="fortnightly",
        status="awaiting_approval",
        requested_by=other_officer,
        requested_at=timezone.now(),
    )
    assert [lv.person for lv in selectors.pending_step_downs_for(personas.maria)] == [personas.case]
    f.exclude(personas.case, personas.maria)
    assert not selectors.pending_step_downs_for(personas.maria).exists()
