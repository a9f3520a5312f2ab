"""Sentence plan services: starting from the person's record, objectives linked to what they address,
submitting, countersigning, reviewing; and the selectors other pages use."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from probation.audit.models import AuditEvent
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.models import Person
from probation.plans import selectors, services
from probation.plans.constants import PlanStatus
from probation.plans.models import Objective, PlanReview, SentencePlan
from probation.sentences.models import Disposal
from tests import factories as f

from .conftest import risk_action, significant_event


def start(world, user=None):
    return services.plan_start(by_user=user or world.alice, person=world.case, today=date(2026, 1, 12))


def add_objective(world, plan, by_user=None, **kwargs):
    values = {
        "description": "Find settled accommodation",
        "needs": ["accommodation"],
        "target_date": date(2026, 12, 31),
    } | kwargs
    return services.objective_save(by_user=by_user or world.alice, plan_id=plan.pk, **values)


def ready(world, plan):
    add_objective(world, plan)
    plan.refresh_from_db()
    services.plan_update(
        by_user=world.alice,
        plan_id=plan.pk,
        version=plan.version,
        changes={"persons_own_words": "I want my own flat", "involvement": "full"},
    )
    plan.refresh_from_db()
    return plan


def submit(world, plan, user=None, today=date(2026, 1, 20)):
    plan.refresh_from_db()
    return services.plan_submit(
        by_user=user or world.alice, plan_id=plan.pk, version=plan.version, today=today
    )


def test_a_plan_starts_due_15_working_days_from_sentence_with_the_persons_diversity_needs(world):
    Person.objects.filter(pk=world.case.pk).update(
        first_language="Polish", interpreter_required=True, caring_responsibilities="Cares for her mother"
    )
    world.case.refresh_from_db()
    plan = start(world)
    assert (plan.status, plan.author, plan.disposal, plan.starts_from) == (
        PlanStatus.DRAFT,
        world.alice,
        world.order,
        date(2026, 1, 5),
    )
    assert plan.due_by == date(2026, 1, 26)
    assert "First language: Polish" in plan.diversity_needs
    assert "Caring responsibilities: Cares for her mother" in plan.diversity_needs
    assert "Book an interpreter for appointments" in plan.adjustments
    assert AuditEvent.objects.filter(object_type="plans.sentenceplan", action="create").count() == 1


def test_a_plan_for_the_highest_tier_is_due_in_5_working_days(world):
    Person.objects.filter(pk=world.case.pk).update(tier="A2")
    assert start(world).due_by == date(2026, 1, 12)


def test_a_licence_plan_counts_from_release(world):
    person = f.person(officer=world.alice, last_name="Released")
    event = person.events.create(
        external_id="ev-rel", number=1, conviction_date=date(2025, 1, 1), court="Crown"
    )
    Disposal.objects.create(
        external_id="d-rel",
        event=event,
        type="licence",
        sentence_date=date(2025, 1, 1),
        start_date=date(2025, 1, 1),
        release_date=date(2026, 11, 9),
        licence_end_date=date(2027, 11, 9),
    )
    plan = services.plan_start(by_user=world.alice, person=person)
    assert (plan.starts_from, plan.due_by) == (date(2026, 11, 9), date(2026, 11, 30))


def test_only_one_plan_may_be_in_progress(world):
    start(world)
    with pytest.raises(ValidationError):
        start(world)
    assert SentencePlan.objects.count() == 1


def test_there_is_nothing_to_plan_without_a_current_sentence(world):
    Disposal.objects.filter(pk=world.order.pk).update(terminated_on=date(2026, 1, 10))
    with pytest.raises(ValidationError) as error:
        start(world)
    assert error.value.messages == ["There is no current sentence or release to plan for"]


@pytest.mark.parametrize("who", ["charlie", "eddie", "ian"])
def test_only_staff_of_the_managing_provider_who_may_open_the_case_can_plan(world, who):
    with pytest.raises(NotPermitted):
        start(world, user=getattr(world, who))


def test_an_objective_links_needs_requirements_and_risk_actions(world):
    plan = start(world)
    action = risk_action(world.case, world.alice)
    objective = add_objective(
        world,
        plan,
        needs=["accommodation", "ete"],
        requirement_ids=[world.requirement.pk],
        risk_action_ids=[action.pk],
        owner="partner",
        owner_name="Stoke Housing",
    )
    assert objective.needs == ["accommodation", "ete"]
    assert list(objective.requirements.all()) == [world.requirement]
    assert list(objective.risk_actions.all()) == [action]
    assert objective.need_labels == ["Accommodation", "Education, training and employment"]


def test_a_bad_objective_is_refused_whole_with_each_problem_against_its_field(world):
    plan = start(world)
    other = f.person(officer=world.alice, last_name="Other")
    other_requirement = f.sentence(other).requirements.get()
    with pytest.raises(ValidationError) as error:
        add_objective(
            world,
            plan,
            description=" ",
            needs=["astrology"],
            requirement_ids=[other_requirement.pk],
            owner="partner",
            owner_name="",
            target_date=date(2026, 1, 1),
        )
    assert set(error.value.message_dict) == {
        "description",
        "needs",
        "requirements",
        "owner_name",
        "target_date",
    }
    assert not Objective.objects.exists()


def test_an_objective_must_address_something(world):
    plan = start(world)
    with pytest.raises(ValidationError) as error:
        add_objective(world, plan, needs=[])
    assert error.value.message_dict == {
        "needs": ["Link the objective to at least one need, requirement or risk action"]
    }


def test_changing_an_objective_needs_the_version_the_user_saw(world):
    plan = start(world)
    objective = add_objective(world, plan)
    services.objective_save(
        by_user=world.bob,
        plan_id=plan.pk,
        objective_id=objective.pk,
        version=1,
        description="Move into supported housing",
        needs=["accommodation"],
        target_date=date(2026, 5, 1),
        status="open",
    )
    with pytest.raises(StaleRecord):
        services.objective_save(
            by_user=world.alice,
            plan_id=plan.pk,
            objective_id=objective.pk,
            version=1,
            description="Something else",
            needs=["ete"],
            target_date=date(2026, 5, 1),
        )
    objective.refresh_from_db()
    assert (objective.description, objective.needs, objective.version) == (
        "Move into supported housing",
        ["accommodation"],
        2,
    )


def test_a_plan_cannot_be_submitted_without_objectives_or_involvement(world):
    plan = start(world)
    with pytest.raises(ValidationError) as error:
        submit(world, plan)
    assert set(error.value.message_dict) == {"objectives", "involvement"}
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_low_rosh_plan_is_in_force_when_submitted_with_its_next_review_scheduled(world):
    plan = ready(world, start(world))
    submit(world, plan)
    plan.refresh_from_db()
    assert (plan.status, plan.completed_on, plan.needs_countersignature) == (
        PlanStatus.ACTIVE,
        date(2026, 1, 20),
        False,
    )
    assert plan.next_review_due == date(2026, 5, 12)


def test_a_high_rosh_plan_waits_for_an_spo_who_is_not_its_author(world):
    Person.objects.filter(pk=world.case.pk).update(rosh="high")
    plan = ready(world, start(world))
    submit(world, plan)
    plan.refresh_from_db()
    assert (plan.status, plan.completed_on, plan.rosh_at_submission) == (
        PlanStatus.AWAITING_COUNTERSIGNATURE,
        None,
        "high",
    )
    for who in ("alice", "bob", "charlie"):
        with pytest.raises(NotPermitted):
            services.plan_countersign(
                by_user=getattr(world, who), plan_id=plan.pk, version=plan.version, decision="countersign"
            )
    services.plan_countersign(
        by_user=world.maria,
        plan_id=plan.pk,
        version=plan.version,
        decision="countersign",
        notes="Good links to the risk plan",
        today=date(2026, 1, 22),
    )
    plan.refresh_from_db()
    assert (plan.status, plan.countersigned_by, plan.completed_on) == (
        PlanStatus.ACTIVE,
        world.maria,
        date(2026, 1, 22),
    )


def test_an_spo_cannot_countersign_a_plan_they_wrote(world):
    Person.objects.filter(pk=world.case.pk).update(rosh="very_high")
    plan = services.plan_start(by_user=world.maria, person=world.case, today=date(2026, 1, 12))
    add_objective(world, plan, by_user=world.maria)
    plan.refresh_from_db()
    services.plan_update(
        by_user=world.maria, plan_id=plan.pk, version=plan.version, changes={"involvement": "full"}
    )
    submit(world, plan, user=world.maria)
    plan.refresh_from_db()
    with pytest.raises(NotPermitted, match="a plan you wrote"):
        services.plan_countersign(
            by_user=world.maria, plan_id=plan.pk, version=plan.version, decision="countersign"
        )
    assert list(selectors.pending_plan_countersignatures_for(world.maria)) == []
    assert list(selectors.pending_plan_countersignatures_for(world.hannah)) == [plan]
    with pytest.raises(IntegrityError), transaction.atomic():
        SentencePlan.objects.filter(pk=plan.pk).update(countersigned_by=world.maria)


def test_returning_a_plan_needs_notes_and_puts_it_back_to_draft(world):
    Person.objects.filter(pk=world.case.pk).update(rosh="high")
    plan = ready(world, start(world))
    submit(world, plan)
    plan.refresh_from_db()
    with pytest.raises(ValidationError):
        services.plan_countersign(
            by_user=world.maria, plan_id=plan.pk, version=plan.version, decision="return"
        )
    services.plan_countersign(
        by_user=world.maria,
        plan_id=plan.pk,
        version=plan.version,
        decision="return",
        notes="No objective for the drugs need",
    )
    plan.refresh_from_db()
    assert (plan.status, plan.returned_notes) == (PlanStatus.DRAFT, "No objective for the drugs need")


def test_the_database_refuses_a_high_rosh_plan_in_force_without_countersignature(world):
    plan = start(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        SentencePlan.objects.filter(pk=plan.pk).update(status="active", needs_countersignature=True)


def test_a_new_plan_supersedes_the_one_in_force_when_it_comes_into_force(world):
    first = ready(world, start(world))
    submit(world, first)
    second = ready(world, services.plan_start(by_user=world.alice, person=world.case, today=date(2026, 6, 1)))
    first.refresh_from_db()
    assert first.status == PlanStatus.ACTIVE  # still in force while the new one is drafted
    submit(world, second, today=date(2026, 6, 3))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PlanStatus.SUPERSEDED, PlanStatus.ACTIVE)


def test_a_stale_submission_changes_nothing(world):
    plan = ready(world, start(world))
    with pytest.raises(StaleRecord):
        services.plan_submit(
            by_user=world.alice, plan_id=plan.pk, version=plan.version - 1, today=date(2026, 1, 20)
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def active_plan(world):
    plan = ready(world, start(world))
    submit(world, plan)
    plan.refresh_from_db()
    return plan


def test_a_review_after_a_significant_event_names_it_and_schedules_the_next(world):
    plan = active_plan(world)
    event = significant_event(world.case, occurred_on=date(2026, 3, 2), review_due=date(2026, 3, 16))
    with pytest.raises(ValidationError) as error:
        services.plan_review(
            by_user=world.alice,
            plan_id=plan.pk,
            version=plan.version,
            reason="significant_event",
            summary="Arrested",
            reviewed_on=date(2026, 3, 10),
            today=date(2026, 3, 10),
        )
    assert "significant_event" in error.value.message_dict
    review = services.plan_review(
        by_user=world.alice,
        plan_id=plan.pk,
        version=plan.version,
        reason="significant_event",
        significant_event_id=event.pk,
        summary="Added an objective on associates",
        persons_views="Wants to move away",
        reviewed_on=date(2026, 3, 10),
        today=date(2026, 3, 10),
    )
    plan.refresh_from_db()
    assert review.significant_event == event
    assert (plan.last_reviewed_on, plan.next_review_due) == (date(2026, 3, 10), date(2026, 6, 30))


@pytest.mark.parametrize(
    "reviewed_on, message",
    [
        (None, "Enter the date of the review"),
        (date(2026, 1, 19), "The review cannot be before the plan came into force"),
        (date(2026, 3, 11), "The date of the review must be today or in the past"),
    ],
)
def test_a_review_date_must_be_real(world, reviewed_on, message):
    plan = active_plan(world)
    with pytest.raises(ValidationError) as error:
        services.plan_review(
            by_user=world.alice,
            plan_id=plan.pk,
            version=plan.version,
            reason="scheduled",
            summary="On track",
            reviewed_on=reviewed_on,
            today=date(2026, 3, 10),
        )
    assert error.value.message_dict == {"reviewed_on": [message]}
    assert not PlanReview.objects.exists()


def test_only_the_plan_in_force_can_be_reviewed(world):
    plan = start(world)
    with pytest.raises(NotPermitted):
        services.plan_review(
            by_user=world.alice,
            plan_id=plan.pk,
            version=plan.version,
            reason="scheduled",
            summary="x",
            reviewed_on=date(2026, 1, 20),
            today=date(2026, 1, 20),
        )


# --- Selectors ------------------------------------------------------------------------------------------


def test_plans_due_lists_the_officers_cases_without_a_complete_plan(world):
    today = timezone.localdate()
    due = selectors.plans_due_for(world.alice, today)
    assert [(p, d.due_by) for p, d in due] == [(world.case, date(2026, 1, 26))]
    assert selectors.plans_due_for(world.bob, today) == []
    assert selectors.plans_due_for(world.ian, today) == []
    active_plan(world)
    assert selectors.plans_due_for(world.alice, today) == []


def test_a_new_sentence_after_the_plan_makes_a_new_plan_due(world):
    active_plan(world)
    f.sentence(world.case, start=date(2026, 6, 1))
    due = selectors.plans_due_for(world.alice, timezone.localdate())
    assert [d.starts_from for _, d in due] == [date(2026, 6, 1)]


def test_reviews_due_come_from_the_schedule_and_from_significant_events(world):
    plan = active_plan(world)
    assert selectors.reviews_due_for(world.alice, date(2026, 2, 1)) == []
    due = selectors.reviews_due_for(world.alice, date(2026, 5, 1))
    assert [(p, r.reason, r.due_on) for p, r in due] == [(plan, "scheduled", date(2026, 5, 12))]
    event = significant_event(world.case, occurred_on=date(2026, 2, 2), review_due=date(2026, 2, 16))
    due = selectors.reviews_due_for(world.alice, date(2026, 2, 10))
    assert [(r.reason, r.event_id, r.due_on) for _, r in due] == [
        ("significant_event", event.pk, date(2026, 2, 16))
    ]
    plan.refresh_from_db()
    services.plan_review(
        by_user=world.alice,
        plan_id=plan.pk,
        version=plan.version,
        reason="significant_event",
        significant_event_id=event.pk,
        summary="Reviewed",
        reviewed_on=date(2026, 2, 12),
        today=date(2026, 2, 12),
    )
    assert selectors.reviews_due_for(world.alice, date(2026, 2, 20)) == []


def test_gaps_show_needs_and_requirements_no_objective_addresses(world):
    from .conftest import assessment

    assessment(
        world.case, world.alice, needs={"accommodation": "severe", "drugs": "standard", "finance": "none"}
    )
    plan = start(world)
    add_objective(world, plan, needs=["drugs"])
    _, ratings = selectors.latest_need_ratings(world.case)
    gaps = selectors.plan_gaps(
        selectors.plan_objectives(plan), ratings, selectors.plannable_requirements(world.case)
    )
    assert gaps.needs == [("accommodation", "Accommodation", "severe")]
    assert gaps.requirements == [world.requirement]


def test_an_objective_no_longer_needed_addresses_nothing(world):
    plan = start(world)
    add_objective(world, plan, needs=[], requirement_ids=[world.requirement.pk], status="no_longer_needed")
    gaps = selectors.plan_gaps(
        selectors.plan_objectives(plan), {}, selectors.plannable_requirements(world.case)
    )
    assert gaps.requirements == [world.requirement]


def test_the_latest_complete_assessment_gives_the_needs(world):
    from .conftest import assessment

    assessment(world.case, world.alice, needs={"ete": "severe"}, completed_on=date(2026, 1, 10))
    assessment(world.case, world.alice, needs={"alcohol": "standard"}, completed_on=date(2026, 2, 10))
    assessment(
        world.case, world.alice, needs={"drugs": "severe"}, completed_on=date(2026, 3, 10), status="draft"
    )
    _, ratings = selectors.latest_need_ratings(world.case)
    assert ratings == {"alcohol": "standard"}


def test_today_is_only_a_default(world):
    assert services.plan_start(by_user=world.alice, person=world.case).started_on == timezone.localdate()
