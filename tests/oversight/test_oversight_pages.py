from datetime import date, timedelta

import pytest
from django.utils import timezone

from probation.audit.models import AuditEvent
from probation.contacts.models import ContactLevel
from probation.enforcement.models import RecallRecommendation
from probation.oversight.models import OversightRecord
from probation.plans.models import SentencePlan
from probation.risk.models import MappaRegistration, RiskAssessment, SignificantEvent
from tests import factories as f

QUEUE = "/oversight/"


def case_url(person):
    return f"/oversight/cases/{person.crn}/"


def _assessment(person, by, submitted_on=date(2026, 2, 1), sequence=1):
    return RiskAssessment.objects.create(
        external_id=f"ra-{person.crn}-{sequence}",
        person=person,
        sequence=sequence,
        status="awaiting_countersignature",
        assessed_by=by,
        started_on=submitted_on,
        submitted_on=submitted_on,
    )


def _plan(person, by, submitted_on=date(2026, 2, 3)):
    return SentencePlan.objects.create(
        person=person,
        disposal=person.events.first().disposals.first(),
        status="awaiting_countersignature",
        starts_from=date(2026, 1, 5),
        due_by=date(2026, 2, 10),
        author=by,
        started_on=date(2026, 1, 20),
        submitted_on=submitted_on,
        needs_countersignature=True,
    )


def _recall(person, by, on=date(2026, 1, 30)):
    return RecallRecommendation.objects.create(
        person=person,
        disposal=person.events.first().disposals.first(),
        recall_type="standard",
        rationale="Further offence",
        recommended_by=by,
        recommended_on=on,
    )


def _step_down(person, by):
    return ContactLevel.objects.create(
        external_id=f"cl-{person.crn}",
        person=person,
        frequency="monthly",
        effective_from=date(2026, 3, 1),
        is_step_down=True,
        status="awaiting_approval",
        rationale="Engaging well",
        requested_by=by,
        requested_at=timezone.make_aware(timezone.datetime(2026, 2, 5, 10)),
    )


@pytest.fixture
def waiting(personas):
    p = personas
    return {
        "assessment": _assessment(p.case, p.alice),
        "plan": _plan(p.case, p.alice),
        "recall": _recall(p.case, p.alice),
        "step_down": _step_down(p.case, p.alice),
    }


def test_the_manager_sees_everything_waiting_oldest_first(personas, waiting, client_for):
    response = client_for(personas.maria).get(QUEUE)
    assert response.status_code == 200
    kinds = [i.kind for i in response.context["items"]]
    assert kinds == [
        "Recall recommendation to countersign",
        "Risk assessment to countersign",
        "Sentence plan to countersign",
        "Step-down to approve",
    ]
    body = response.content.decode()
    assert f"/cases/{personas.case.crn}/plan/{waiting['plan'].pk}/countersign/" in body
    assert f"/cases/{personas.case.crn}/risk/assessments/1/" in body


def test_the_queue_never_shows_a_managers_own_work(personas, client_for):
    own = f.person(officer=personas.alice, last_name="Own")
    f.sentence(own)
    _assessment(own, personas.maria)
    _plan(own, personas.maria)
    _recall(own, personas.maria)
    response = client_for(personas.maria).get(QUEUE)
    assert response.context["items"] == []


def test_a_manager_sees_only_their_teams_items(personas, client_for):
    other_manager = f.staff("olive", team_=personas.other_team, grade="SPO", roles=("manager",))
    personas.other_team.manager = other_manager
    personas.other_team.save()
    _assessment(personas.case, personas.alice)
    response = client_for(other_manager).get(QUEUE)
    assert response.status_code == 200
    assert response.context["items"] == []


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "eddie", "ian"])
def test_the_queue_is_refused_to_anyone_who_is_not_a_manager(personas, client_for, who):
    assert client_for(getattr(personas, who)).get(QUEUE).status_code == 403


def test_the_queue_requires_sign_in(client, personas):
    assert client.get(QUEUE).status_code == 302


def test_the_queue_has_bounded_queries(personas, client_for, django_assert_max_num_queries):
    for i in range(8):
        c = f.person(officer=personas.alice, last_name=f"Case{i}", rosh="high")
        f.sentence(c)
        _assessment(c, personas.alice)
        _plan(c, personas.bob)
        _recall(c, personas.alice)
    client = client_for(personas.maria)
    client.get(QUEUE)
    with django_assert_max_num_queries(25):
        response = client.get(QUEUE)
    assert len(response.context["items"]) == 24
    assert len(response.context["overdue"]) == 8


# --- Overdue oversight ---------------------------------------------------------------------------------


def _crns(response):
    return [o.person.crn for o in response.context["overdue"]]


def test_a_high_risk_case_with_no_oversight_is_overdue(personas, client_for):
    personas.case.rosh = "high"
    personas.case.save()
    assert _crns(client_for(personas.maria).get(QUEUE)) == [personas.case.crn]


def test_a_medium_risk_case_needs_no_oversight(personas, client_for):
    personas.case.rosh = "medium"
    personas.case.save()
    assert _crns(client_for(personas.maria).get(QUEUE)) == []


def test_a_mappa_level_two_case_needs_oversight_while_registered(personas, client_for):
    MappaRegistration.objects.create(
        external_id="m1", person=personas.case, category=1, level=2, start_date=date(2026, 1, 5)
    )
    assert _crns(client_for(personas.maria).get(QUEUE)) == [personas.case.crn]
    MappaRegistration.objects.filter(external_id="m1").update(end_date=date(2026, 1, 20))
    assert _crns(client_for(personas.maria).get(QUEUE)) == []


def test_recent_oversight_clears_it_and_a_later_significant_event_makes_it_due_again(personas, client_for):
    today = timezone.localdate()
    personas.case.rosh = "very_high"
    personas.case.save()
    OversightRecord.objects.create(
        external_id="o1",
        person=personas.case,
        recorded_by=personas.maria,
        recorded_on=today - timedelta(days=30),
        trigger="periodic",
        decision="d",
        rationale="r",
    )
    assert _crns(client_for(personas.maria).get(QUEUE)) == []
    SignificantEvent.objects.create(
        external_id="se1",
        person=personas.case,
        type="arrest_or_charge",
        occurred_on=today - timedelta(days=25),
        recorded_on=today - timedelta(days=25),
        review_due=today,
    )
    assert _crns(client_for(personas.maria).get(QUEUE)) == [personas.case.crn]


def test_oversight_older_than_the_interval_is_overdue(personas, client_for):
    today = timezone.localdate()
    personas.case.rosh = "high"
    personas.case.save()
    OversightRecord.objects.create(
        external_id="o1",
        person=personas.case,
        recorded_by=personas.maria,
        recorded_on=today - timedelta(weeks=8, days=1),
        trigger="periodic",
        decision="d",
        rationale="r",
    )
    assert _crns(client_for(personas.maria).get(QUEUE)) == [personas.case.crn]


# --- Oversight tab on a case ---------------------------------------------------------------------------


def _valid(**kw):
    today = timezone.localdate()
    data = {
        "recorded_on_0": today.day,
        "recorded_on_1": today.month,
        "recorded_on_2": today.year,
        "trigger": "periodic",
        "decision": "Continue weekly contact",
        "rationale": "Risk stable",
        "actions_set": "Home visit within 2 weeks",
    }
    return data | kw


def test_the_manager_records_oversight_and_it_is_audited(personas, client_for):
    client = client_for(personas.maria)
    response = client.post(case_url(personas.case), _valid())
    assert response.status_code == 302
    record = OversightRecord.objects.get(person=personas.case)
    assert record.recorded_by == personas.maria and record.actions_set == "Home visit within 2 weeks"
    assert AuditEvent.objects.filter(
        person=personas.case, action="create", object_type="oversight.oversightrecord"
    ).exists()
    page = client.get(case_url(personas.case))
    assert "Continue weekly contact" in page.content.decode()


def test_bad_input_shows_the_error_summary_and_saves_nothing(personas, client_for):
    response = client_for(personas.maria).post(case_url(personas.case), _valid(decision="", rationale=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Enter the decision" in body and "Enter the rationale" in body
    assert not OversightRecord.objects.exists()


def test_a_future_date_is_refused(personas, client_for):
    future = timezone.localdate() + timedelta(days=3)
    response = client_for(personas.maria).post(
        case_url(personas.case),
        _valid(recorded_on_0=future.day, recorded_on_1=future.month, recorded_on_2=future.year),
    )
    assert "today or in the past" in response.content.decode()
    assert not OversightRecord.objects.exists()


def test_viewing_the_tab_is_audited(personas, client_for):
    client_for(personas.alice).get(case_url(personas.case))
    assert AuditEvent.objects.filter(person=personas.case, summary="Viewed management oversight").exists()


@pytest.mark.parametrize("who", ["alice", "bob", "ian"])
def test_others_who_may_open_the_case_read_but_may_not_record(personas, client_for, grant_case, who):
    user = getattr(personas, who)
    if who == "ian":
        grant_case(personas.case, user)
    client = client_for(user)
    response = client.get(case_url(personas.case))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert client.post(case_url(personas.case), _valid()).status_code == 403
    assert not OversightRecord.objects.exists()


def test_a_manager_may_not_record_oversight_on_their_own_case(personas, client_for):
    own = f.person(officer=personas.maria, last_name="Own")
    assert client_for(personas.maria).post(case_url(own), _valid()).status_code == 403


def test_the_other_provider_cannot_find_the_case(personas, client_for):
    assert client_for(personas.charlie).get(case_url(personas.case)).status_code == 404


def test_an_excluded_officer_is_refused(personas, client_for):
    assert client_for(personas.eddie).get(case_url(personas.case)).status_code == 403


def test_the_tab_has_bounded_queries(personas, client_for, django_assert_max_num_queries):
    for i in range(10):
        OversightRecord.objects.create(
            external_id=f"o{i}",
            person=personas.case,
            recorded_by=personas.maria,
            recorded_on=date(2026, 1, 5),
            trigger="periodic",
            decision="d",
            rationale="r",
        )
    client = client_for(personas.maria)
    client.get(case_url(personas.case))
    with django_assert_max_num_queries(20):
        client.get(case_url(personas.case))
