"""Who may open which risk page. Deny by default: another provider is told the case does not exist,
an excluded officer is told whom to contact, an inspector sees only granted cases and never changes
them, and nobody signed out gets in."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from probation.audit.models import AuditEvent
from probation.risk import services
from probation.risk.models import PartnerCheck, RiskAction
from tests import factories as f
from tests.risk.risk_record_builders import complete_assessment, days_ago, mappa, register, today

READ_PAGES = ("risk:overview", "risk:tier-history", "risk:assessment", "risk:plan")
WRITE_PAGES = (
    "risk:assessment-start",
    "risk:registration-add",
    "risk:registration-review",
    "risk:registration-deregister",
    "risk:mappa-add",
    "risk:mappa-end",
    "risk:event-add",
    "risk:plan-contingency",
    "risk:action-add",
    "risk:action-deliver",
    "risk:check-add",
    "risk:check-answer",
)
# Only the officer who started a draft may edit it; others are sent to read it.
DRAFT_PAGES = ("risk:assessment-edit", "risk:risk-add")
POST_ONLY = (
    "risk:assessment-countersign",
    "risk:assessment-return",
    "risk:assessment-discard",
    "risk:risk-remove",
)


@pytest.fixture
def record(personas):
    """A case with something on every risk page: a complete assessment 1 with a risk and an action,
    alice's draft 2, a registration, MAPPA and a partner check."""
    case = personas.case
    current = complete_assessment(
        case, by=personas.bob, rosh="medium", risks=[("public", "medium", "Road rage")]
    )
    risk = current.identified_risks.get()
    action = RiskAction.objects.create(
        external_id="a1", person=case, risk=risk, action="Check", due_on=today()
    )
    draft = services.assessment_start(by_user=personas.alice, person=case, kind="full")
    draft_risk = draft.identified_risks.get()
    registration = register(case, "RMDO")
    mappa_record = mappa(case)
    check = PartnerCheck.objects.create(
        external_id="c1", person=case, kind="childrens_services", agency="Stoke CS", requested_on=days_ago(2)
    )
    services.tier_recalculate(person=case, reason="assessment")
    return {
        "risk:assessment": [1],
        "risk:assessment-edit": [draft.sequence],
        "risk:risk-add": [draft.sequence],
        "risk:assessment-countersign": [draft.sequence],
        "risk:assessment-return": [draft.sequence],
        "risk:assessment-discard": [draft.sequence],
        "risk:risk-remove": [draft.sequence, draft_risk.pk],
        "risk:registration-review": [registration.pk],
        "risk:registration-deregister": [registration.pk],
        "risk:mappa-end": [mappa_record.pk],
        "risk:action-deliver": [action.pk],
        "risk:check-answer": [check.pk],
    }


def url(name, person, record):
    return reverse(name, args=[person.crn, *record.get(name, [])])


def get_statuses(client, personas, record, names):
    return {name: client.get(url(name, personas.case, record)).status_code for name in names}


@pytest.mark.parametrize("who", ["alice", "bob", "maria"])
def test_the_owner_a_colleague_and_the_manager_may_open_every_risk_page(personas, client_for, record, who):
    client = client_for(getattr(personas, who))
    assert set(get_statuses(client, personas, record, READ_PAGES + WRITE_PAGES).values()) == {200}


def test_only_the_officer_who_started_the_draft_may_edit_it(personas, client_for, record):
    assert set(get_statuses(client_for(personas.alice), personas, record, DRAFT_PAGES).values()) == {200}
    for who in (personas.bob, personas.maria):
        response = client_for(who).get(url("risk:assessment-edit", personas.case, record))
        assert response.status_code == 302
        assert response["Location"] == reverse("risk:assessment", args=[personas.case.crn, 2])


ALL_CASE_PAGES = READ_PAGES + WRITE_PAGES + DRAFT_PAGES


def test_another_providers_officer_is_told_the_case_does_not_exist(personas, client_for, record):
    client = client_for(personas.charlie)
    for name in ALL_CASE_PAGES:
        response = client.get(url(name, personas.case, record))
        assert response.status_code == 404, name
        assert b"Archer" not in response.content
    for name in POST_ONLY:
        assert client.post(url(name, personas.case, record)).status_code == 404, name


def test_an_excluded_officer_is_refused_and_told_whom_to_contact(personas, client_for, record):
    client = client_for(personas.eddie)
    for name in ALL_CASE_PAGES:
        response = client.get(url(name, personas.case, record))
        assert response.status_code == 403, name
        assert b"restricted" in response.content and b"Road rage" not in response.content
    for name in POST_ONLY:
        assert client.post(url(name, personas.case, record)).status_code == 403, name
    assert AuditEvent.objects.filter(user=personas.eddie, action="refused").count() == len(
        ALL_CASE_PAGES
    ) + len(POST_ONLY)


def test_an_inspector_without_the_case_in_their_sample_is_told_it_does_not_exist(
    personas, client_for, record
):
    client = client_for(personas.ian)
    assert set(get_statuses(client, personas, record, ALL_CASE_PAGES).values()) == {404}
    for name in POST_ONLY:
        assert client.post(url(name, personas.case, record)).status_code == 404, name


def test_an_inspector_granted_the_case_may_read_it_but_change_nothing(
    personas, client_for, record, grant_case
):
    grant_case(personas.case, personas.ian, expires_on=today() + timedelta(days=30))
    client = client_for(personas.ian)
    assert set(get_statuses(client, personas, record, READ_PAGES).values()) == {200}
    assert set(get_statuses(client, personas, record, WRITE_PAGES + DRAFT_PAGES).values()) == {403}
    for name in POST_ONLY:
        assert client.post(url(name, personas.case, record)).status_code == 403, name
    overview = client.get(url("risk:overview", personas.case, record)).content.decode()
    assert "Start a new risk assessment" not in overview and "De-register" not in overview


def test_nobody_signed_out_gets_in(personas, record):
    client = Client()
    for name in ALL_CASE_PAGES:
        response = client.get(url(name, personas.case, record))
        assert response.status_code == 302 and "/sign-in/" in response["Location"], name
    for name in POST_ONLY:
        assert client.post(url(name, personas.case, record)).status_code == 302, name
    overdue = client.get(reverse("risk:overdue-reviews"))
    assert overdue.status_code == 302 and "/sign-in/" in overdue["Location"]


def test_a_password_without_the_second_factor_is_not_enough(personas, record, password_only_client_for):
    response = password_only_client_for(personas.alice).get(url("risk:overview", personas.case, record))
    assert response.status_code == 302
    assert "Road rage" not in response.content.decode()


def test_a_record_from_another_case_cannot_be_reached_through_this_one(personas, client_for, record):
    elsewhere = f.person(officer=personas.alice, last_name="Other")
    foreign = register(elsewhere, "RVLN")
    client = client_for(personas.alice)
    response = client.get(reverse("risk:registration-review", args=[personas.case.crn, foreign.pk]))
    assert response.status_code == 404
    response = client.get(reverse("risk:assessment", args=[personas.case.crn, 99]))
    assert response.status_code == 404


def test_every_risk_page_read_is_audited(personas, client_for, record):
    client = client_for(personas.bob)
    before = AuditEvent.objects.filter(user=personas.bob, action="view").count()
    for name in READ_PAGES + WRITE_PAGES:
        client.get(url(name, personas.case, record))
    views = AuditEvent.objects.filter(user=personas.bob, action="view", person=personas.case)
    assert views.count() - before == len(READ_PAGES + WRITE_PAGES)
    assert views.filter(summary="Viewed the risk record").exists()
