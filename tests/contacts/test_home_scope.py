"""The home page reads the user's caseload once and shares it with every due-item provider. Each list
must still hold exactly what the owning app's own selector allows: nothing on a case the user is
excluded or restricted from, nothing on a colleague's case unless the user manages their team."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from probation.contacts import selectors as contact_selectors
from probation.enforcement import selectors as enforcement_selectors
from probation.enforcement import services as enforcement_services
from probation.enforcement.models import RecallRecommendation
from probation.home import caseload as home_caseload
from probation.home import due
from probation.interventions import selectors as intervention_selectors
from probation.interventions.constants import ReferralStatus
from probation.interventions.models import Intervention, Referral
from probation.plans import selectors as plan_selectors
from probation.plans.constants import PlanStatus
from probation.plans.models import SentencePlan
from tests import factories as f
from tests.contacts.conftest import appointment, at, level
from tests.contacts.test_home import registration
from tests.enforcement.conftest import failure, licence


def everything_due_on(person, officer, intervention):
    """One item of every kind the home page lists, on `person` (whose officer is `officer`)."""
    today = timezone.localdate()
    appointment(person, when=at(-3))
    appointment(person, when=at(-14), outcome="awaiting_evidence", evidence_due=today - timedelta(days=2))
    registration(person, days_to_review=-5)
    order = f.sentence(person, start=today - timedelta(days=90))  # no sentence plan yet: one is due
    failure(person, today - timedelta(days=6))  # not yet assessed
    enforcement_services.enforcement_assess(failure(person, today - timedelta(days=3)))  # decision due
    level(
        person,
        status="awaiting_approval",
        requested_by=officer,
        requested_at=timezone.now() - timedelta(days=2),
    )
    RecallRecommendation.objects.create(
        person=person,
        disposal=licence(person),
        recall_type="standard",
        rationale="Whereabouts unknown",
        recommended_by=officer,
        recommended_on=today - timedelta(days=1),
    )
    SentencePlan.objects.create(
        person=person,
        disposal=order,
        status=PlanStatus.AWAITING_COUNTERSIGNATURE,
        starts_from=order.start_date,
        due_by=today + timedelta(days=5),
        author=officer,
        started_on=today - timedelta(days=10),
        submitted_on=today - timedelta(days=1),
        needs_countersignature=True,
    )
    for status, extra in (
        (ReferralStatus.REFERRED, {}),
        (ReferralStatus.ACTION_PLAN_SUBMITTED, {"action_plan_submitted_on": today - timedelta(days=2)}),
    ):
        Referral.objects.create(
            person=person,
            intervention=intervention,
            status=status,
            need="relationships",
            desired_outcomes="Settled",
            risk_information="Low",
            referred_on=today - timedelta(days=60),
            referred_by=officer,
            last_progress_on=today - timedelta(days=60),
            **extra,
        )


class World:
    def __init__(self, personas):
        self.p = personas
        alice, bob, maria = personas.alice, personas.bob, personas.maria
        service = Intervention.objects.create(
            name="Relationships course", category="other", area=personas.area
        )
        self.open = personas.case
        self.excluded = f.person(officer=alice, last_name="Excluded")  # alice may not open it
        f.exclude(self.excluded, alice)
        self.restricted = f.person(officer=alice, last_name="Restricted")  # open to bob alone
        f.restrict_to(self.restricted, bob)
        self.colleagues = f.person(officer=bob, last_name="Colleague")  # bob's, in maria's team
        self.hidden_from_spo = f.person(officer=bob, last_name="Hidden")  # maria is excluded
        f.exclude(self.hidden_from_spo, maria)
        for person in (self.open, self.excluded, self.restricted, self.colleagues, self.hidden_from_spo):
            everything_due_on(person, person.officer, service)


@pytest.fixture
def world(personas):
    return World(personas)


def listed(items, kind) -> set[str]:
    return {item.person.crn for item in items if item.kind == kind}


def crns(rows) -> set[str]:
    return {row.person.crn for row in rows}


def test_the_officer_sees_every_kind_on_the_cases_she_may_open_and_nothing_else(world):
    alice, today = world.p.alice, timezone.localdate()
    items = due.collect(alice, today)
    mine = {world.open.crn}
    assert {item.person.crn for item in items} == mine
    assert {item.kind for item in items} == {
        "contacts.absence_decision",
        "contacts.outcome_not_recorded",
        "risk.registration_review",
        "enforcement.action_due",
        "enforcement.unassessed",
        "interventions.stalled",
        "interventions.action_plan",
        "plans.plan_due",
    }
    # Exactly what each app's own selector gives her.
    assert listed(items, "enforcement.action_due") == crns(
        enforcement_selectors.enforcement_decisions_due_for(alice).filter(person__officer=alice)
    )
    assert listed(items, "interventions.stalled") == crns(
        intervention_selectors.stalled_referrals(alice, today=today)
    )
    assert listed(items, "interventions.action_plan") == crns(
        intervention_selectors.action_plans_to_approve(alice)
    )
    assert listed(items, "plans.plan_due") == {p.crn for p, _ in plan_selectors.plans_due_for(alice, today)}


def test_the_spo_sees_her_teams_approvals_but_not_a_case_she_is_excluded_from(world):
    maria, today = world.p.maria, timezone.localdate()
    items = due.collect(maria, today)
    team = {world.open.crn, world.colleagues.crn}
    # The restricted case is open to bob only; the excluded one to everyone but alice.
    for kind in (
        "contacts.step_down_approval",
        "enforcement.recall_countersignature",
        "plans.countersignature",
    ):
        assert listed(items, kind) == team | {world.excluded.crn}, kind
    assert listed(items, "contacts.step_down_approval") == crns(
        contact_selectors.pending_step_downs_for(maria)
    )
    assert listed(items, "enforcement.recall_countersignature") == crns(
        enforcement_selectors.pending_recall_countersignatures_for(maria)
    )
    assert listed(items, "plans.countersignature") == crns(
        plan_selectors.pending_plan_countersignatures_for(maria)
    )
    assert not listed(items, "contacts.outcome_not_recorded")  # her own caseload is empty


def test_colleagues_outside_the_team_and_other_providers_see_none_of_it(world):
    today = timezone.localdate()
    for who in ("eddie", "charlie", "ian"):
        assert due.collect(getattr(world.p, who), today) == [], who
    # Bob, in the team, sees his own caseload's items only: not alice's case restricted to him.
    bobs = due.collect(world.p.bob, today)
    assert {item.person.crn for item in bobs} == {world.colleagues.crn, world.hidden_from_spo.crn}


def test_the_home_page_reads_the_access_rules_once_and_lists_each_kind(world, client_for, monkeypatch):
    built = []
    original = home_caseload.visible_cases

    def counting(user):
        built.append(user)
        return original(user)

    monkeypatch.setattr(home_caseload, "visible_cases", counting)
    html = client_for(world.p.alice).get(reverse("home")).content.decode()
    assert len(built) == 1
    assert "Enforcement decisions, warning letters and breach action due (1)" in html
    assert "Failures to comply with no enforcement decision (1)" in html
    assert "Sentence plans due (1)" in html
    assert world.excluded.crn not in html and world.restricted.crn not in html


def test_the_home_page_costs_the_same_queries_for_one_case_as_for_twelve(world, client_for):
    def count(user):
        client = client_for(user)
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    alice, maria = world.p.alice, world.p.maria
    before = count(alice), count(maria)
    service = Intervention.objects.get(name="Relationships course")
    for n in range(11):
        person = f.person(officer=alice if n % 2 else world.p.bob, last_name=f"More{n:02d}")
        everything_due_on(person, person.officer, service)
    assert (count(alice), count(maria)) == before
    assert max(before) <= 24, before


def test_a_provider_called_on_its_own_answers_the_same(world):
    from probation.enforcement import due as enforcement_due

    today = timezone.localdate()
    alone = enforcement_due.due_items(world.p.alice, today)
    together = [i for i in due.collect(world.p.alice, today) if i.kind.startswith("enforcement.")]
    assert alone
    assert sorted((i.kind, i.person.crn, i.due) for i in alone) == sorted(
        (i.kind, i.person.crn, i.due) for i in together
    )


def test_a_head_of_service_with_a_large_area_gets_the_same_lists(world, monkeypatch):
    """Above MAX_LISTED_IDS cases, the teams' cases are passed as a subquery rather than a list."""
    today = timezone.localdate()
    as_list = sorted((i.kind, i.person.crn) for i in due.collect(world.p.maria, today))
    monkeypatch.setattr(home_caseload, "MAX_LISTED_IDS", 1)
    as_subquery = sorted((i.kind, i.person.crn) for i in due.collect(world.p.maria, today))
    assert as_subquery == as_list
    assert {kind for kind, _ in as_list} >= {"contacts.step_down_approval", "plans.countersignature"}
