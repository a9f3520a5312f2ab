"""The sentence plan pages: who may open each, what the plan page shows (gaps, due dates, diversity),
error summaries with nothing half-saved, and bounded queries."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probation.audit.models import AuditEvent
from probation.people.models import Person
from probation.plans import services
from probation.plans.constants import PlanStatus
from probation.plans.models import Objective, SentencePlan
from tests import factories as f

from .conftest import assessment, risk_action, significant_event


class Scene:
    """A high-RoSH case with a plan awaiting countersignature and a draft plan on a second case."""

    def __init__(self, world):
        self.w = world
        Person.objects.filter(pk=world.case.pk).update(rosh="high")
        world.case.refresh_from_db()
        assessment(
            world.case, world.alice, needs={"accommodation": "severe", "drugs": "standard", "ete": "none"}
        )
        self.plan = services.plan_start(by_user=world.alice, person=world.case, today=date(2026, 1, 12))
        self.objective = services.objective_save(
            by_user=world.alice,
            plan_id=self.plan.pk,
            description="Stop using heroin",
            needs=["drugs"],
            target_date=date(2026, 6, 1),
        )
        services.plan_update(
            by_user=world.alice,
            plan_id=self.plan.pk,
            version=1,
            changes={"involvement": "full", "persons_own_words": "I want to get clean"},
        )
        self.plan.refresh_from_db()
        services.plan_submit(
            by_user=world.alice, plan_id=self.plan.pk, version=self.plan.version, today=date(2026, 1, 20)
        )
        self.plan.refresh_from_db()

    def urls(self):
        crn, pk = self.w.case.crn, self.plan.pk
        return {
            "plan": reverse("plans:plan", args=[crn]),
            "countersign": reverse("plans:countersign", args=[crn, pk]),
        }


@pytest.fixture
def scene(world):
    return Scene(world)


def draft_urls(person, plan, objective):
    crn = person.crn
    return {
        "edit": reverse("plans:edit", args=[crn, plan.pk]),
        "objective-new": reverse("plans:objective-new", args=[crn, plan.pk]),
        "objective": reverse("plans:objective", args=[crn, plan.pk, objective.pk]),
        "submit": reverse("plans:submit", args=[crn, plan.pk]),
    }


@pytest.fixture
def draft(world):
    """A draft plan on a second case of alice's (eddie is excluded from it too)."""
    person = f.person(officer=world.alice, last_name="Drafted", first_name="Dana")
    f.sentence(person)
    f.exclude(person, world.eddie)
    plan = services.plan_start(by_user=world.alice, person=person, today=date(2026, 1, 12))
    objective = services.objective_save(
        by_user=world.alice,
        plan_id=plan.pk,
        description="Find work",
        needs=["ete"],
        target_date=date(2026, 6, 1),
    )
    return plan, objective, draft_urls(person, plan, objective)


def get_all(client, urls):
    return {name: client.get(url).status_code for name, url in urls.items()}


# --- Persona access -------------------------------------------------------------------------------------


def test_the_author_may_open_the_plan_and_every_editing_page_but_not_countersign(scene, client_for):
    client = client_for(scene.w.alice)
    assert get_all(client, scene.urls()) == {"plan": 200, "countersign": 403}


def test_the_teams_spo_may_countersign(scene, client_for):
    assert get_all(client_for(scene.w.maria), scene.urls()) == {"plan": 200, "countersign": 200}


def test_a_colleague_may_read_but_not_countersign(scene, client_for):
    assert get_all(client_for(scene.w.bob), scene.urls()) == {"plan": 200, "countersign": 403}


@pytest.mark.parametrize("who", ["alice", "bob", "maria"])
def test_the_team_may_open_the_draft_editing_pages(world, draft, client_for, who):
    _, _, urls = draft
    assert set(get_all(client_for(getattr(world, who)), urls).values()) == {200}


def test_another_providers_officer_is_told_the_case_does_not_exist(scene, draft, client_for, world):
    client = client_for(world.charlie)
    for name, url in (scene.urls() | draft[2]).items():
        response = client.get(url)
        assert response.status_code == 404, name
        assert b"Archer" not in response.content and b"Drafted" not in response.content
    assert client.post(reverse("plans:start", args=[world.case.crn])).status_code == 404


def test_an_excluded_officer_is_refused_with_the_restricted_message(scene, draft, client_for, world):
    client = client_for(world.eddie)
    for name, url in (scene.urls() | draft[2]).items():
        response = client.get(url)
        assert response.status_code == 403, name
        assert b"You are restricted from viewing this case" in response.content


def test_an_inspector_reads_the_plan_when_granted_and_cannot_change_it(
    scene, draft, client_for, grant_case, world
):
    client = client_for(world.ian)
    assert client.get(scene.urls()["plan"]).status_code == 404
    grant_case(world.case, world.ian)
    grant_case(draft[0].person, world.ian)
    assert client.get(scene.urls()["plan"]).status_code == 200
    page = client.get(scene.urls()["plan"]).content.decode()
    assert "Add an objective" not in page and "Record a review" not in page
    assert set(get_all(client, draft[2]).values()) == {403}
    assert client.get(scene.urls()["countersign"]).status_code == 403
    assert client.post(reverse("plans:start", args=[world.case.crn])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(scene, draft):
    client = Client()
    for name, url in (scene.urls() | draft[2]).items():
        response = client.get(url)
        assert response.status_code == 302, name


def test_opening_the_plan_is_audited(scene, client_for, world):
    client_for(world.bob).get(scene.urls()["plan"])
    assert AuditEvent.objects.filter(
        user=world.bob, person=world.case, summary="Viewed sentence plan"
    ).exists()


# --- What the plan page shows ---------------------------------------------------------------------------


def section(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}".*?</(dd|div)>', page, re.S)
    assert match, f"no #{element_id}"
    return match.group(0)


def test_the_plan_page_shows_needs_and_requirements_no_objective_addresses(scene, client_for, world):
    page = client_for(world.alice).get(scene.urls()["plan"]).content.decode()
    gaps = page[page.index('id="plan-gaps"') : page.index("<h3", page.index('id="plan-gaps"'))]
    assert "Accommodation" in gaps and "Severe" in gaps
    assert "Drug misuse" not in gaps  # an objective addresses it
    assert "Education" not in gaps  # rated no need
    assert "Unpaid work" in gaps


def test_a_case_without_a_plan_shows_when_it_is_due_and_can_start_one(world, client_for):
    client = client_for(world.alice)
    page = client.get(reverse("plans:plan", args=[world.case.crn])).content.decode()
    assert "A sentence plan is due by <strong>26 January 2026</strong>" in page
    assert "Overdue" in page
    response = client.post(reverse("plans:start", args=[world.case.crn]))
    assert response.status_code == 302
    assert SentencePlan.objects.filter(person=world.case, status=PlanStatus.DRAFT).count() == 1


def test_starting_twice_does_not_make_two_plans(world, client_for):
    client = client_for(world.alice)
    client.post(reverse("plans:start", args=[world.case.crn]))
    client.post(reverse("plans:start", args=[world.case.crn]))
    assert SentencePlan.objects.filter(person=world.case).count() == 1


def test_the_plan_carries_diversity_needs_and_shows_when_the_record_has_changed_since(world, client_for):
    Person.objects.filter(pk=world.case.pk).update(literacy_need=True)
    world.case.refresh_from_db()
    services.plan_start(by_user=world.alice, person=world.case, today=date(2026, 1, 12))
    client = client_for(world.alice)
    page = client.get(reverse("plans:plan", args=[world.case.crn])).content.decode()
    assert "Has a literacy need" in section(page, "plan-diversity")
    assert "record now says" not in page
    Person.objects.filter(pk=world.case.pk).update(interpreter_required=True)
    page = client.get(reverse("plans:plan", args=[world.case.crn])).content.decode()
    assert "record now says" in page
    assert "Needs an interpreter" in page


def test_the_spo_countersigns_from_the_page(scene, client_for, world):
    response = client_for(world.maria).post(
        scene.urls()["countersign"], {"version": scene.plan.version, "decision": "countersign"}
    )
    assert response.status_code == 302
    scene.plan.refresh_from_db()
    assert (scene.plan.status, scene.plan.countersigned_by) == (PlanStatus.ACTIVE, world.maria)


def test_returning_without_notes_shows_the_error_summary(scene, client_for, world):
    response = client_for(world.maria).post(
        scene.urls()["countersign"], {"version": scene.plan.version, "decision": "return", "notes": ""}
    )
    assert "Say what the author needs to change" in error_summary(response)
    scene.plan.refresh_from_db()
    assert scene.plan.status == PlanStatus.AWAITING_COUNTERSIGNATURE


def test_a_review_due_after_a_significant_event_shows_on_the_page(scene, client_for, world):
    services.plan_countersign(
        by_user=world.maria,
        plan_id=scene.plan.pk,
        version=scene.plan.version,
        decision="countersign",
        today=date(2026, 1, 22),
    )
    significant_event(world.case, occurred_on=date(2026, 2, 2), review_due=date(2026, 2, 16))
    page = client_for(world.alice).get(scene.urls()["plan"]).content.decode()
    assert "16 February 2026 – after a significant event" in section(page, "review-due")
    review = reverse("plans:review", args=[world.case.crn, scene.plan.pk])
    assert client_for(world.alice).get(review).status_code == 200


# --- Forms ----------------------------------------------------------------------------------------------


def error_summary(response) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', response.content.decode(), re.S)
    assert match, "the page has no error summary"
    return match.group(0)


def test_an_objective_with_nothing_linked_shows_the_error_summary_and_is_not_saved(world, draft, client_for):
    plan, _, urls = draft
    response = client_for(world.alice).post(
        urls["objective-new"],
        {
            "description": "Keep appointments",
            "owner": "person",
            "target_date_0": "1",
            "target_date_1": "6",
            "target_date_2": "2026",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "Link the objective to at least one need, requirement or risk action" in error_summary(response)
    assert Objective.objects.filter(plan=plan).count() == 1


def test_an_objective_form_links_needs_requirements_and_risk_actions(world, draft, client_for):
    plan, _, urls = draft
    action = risk_action(plan.person, world.alice)
    requirement = plan.disposal.requirements.get()
    response = client_for(world.alice).post(
        urls["objective-new"],
        {
            "description": "Complete unpaid work",
            "needs": ["lifestyle"],
            "requirements": [str(requirement.pk)],
            "risk_actions": [str(action.pk)],
            "owner": "officer",
            "owner_name": "",
            "target_date_0": "1",
            "target_date_1": "6",
            "target_date_2": "2026",
            "status": "open",
        },
    )
    assert response.status_code == 302
    objective = Objective.objects.get(plan=plan, description="Complete unpaid work")
    assert list(objective.requirements.all()) == [requirement]
    assert list(objective.risk_actions.all()) == [action]
    url = reverse("plans:objective", args=[plan.person.crn, plan.pk, objective.pk])
    page = client_for(world.alice).get(url).content.decode()
    assert 'value="lifestyle" checked' in page
    assert f'value="{requirement.pk}" checked' in page


def test_submitting_without_involvement_shows_the_problem(world, draft, client_for):
    plan, _, urls = draft
    response = client_for(world.alice).post(urls["submit"], {"version": plan.version})
    assert "Record how the person was involved in the plan" in error_summary(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_stale_plan_edit_is_refused(world, draft, client_for):
    plan, _, urls = draft
    response = client_for(world.alice).post(
        urls["edit"], {"version": plan.version + 3, "involvement": "full"}
    )
    assert "This record has changed since you opened it" in error_summary(response)


# --- Query bounds ---------------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_plan_page_issues_the_same_queries_for_1_objective_and_for_25(scene, client_for, world):
    client = client_for(world.alice)
    url = scene.urls()["plan"]
    small = count_queries(client, url)
    actions = [risk_action(world.case, world.alice, text=f"Action {n}") for n in range(5)]
    for n in range(24):
        objective = Objective.objects.create(
            plan=scene.plan, description=f"Objective {n}", needs=["ete"], target_date=date(2026, 6, 1)
        )
        objective.requirements.set([world.requirement])
        objective.risk_actions.set(actions[: n % 5])
    for n in range(5):
        significant_event(world.case, occurred_on=date(2026, 2, 1 + n))
    f.sentence(world.case, requirements=(("rar", 10), ("curfew", 8)))
    large = count_queries(client, url)
    assert large == small
    assert large <= 26
