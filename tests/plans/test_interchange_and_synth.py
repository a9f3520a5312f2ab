"""Sentence plans travel in the interchange format; the synthetic region's plans follow the rules,
import cleanly, and leave late and missing plans for oversight to find."""

import json
from collections import Counter
from datetime import date

import pytest

from probation.interchange.importer import ImportRejected, import_records
from probation.interchange.registry import get_type
from probation.plans.models import Objective, ObjectiveRequirement, PlanReview, SentencePlan
from probation.synth.generator import generate

AS_AT = date(2026, 11, 18)


@pytest.fixture(scope="module")
def region():
    return generate(people=80, seed=5, as_at=AS_AT)


def lines(records):
    return [json.dumps(r) for r in records]


def test_plan_record_types_are_registered(db):
    assert get_type("sentence_plan").model == "plans.SentencePlan"
    assert get_type("plan_objective").model == "plans.Objective"
    assert get_type("plan_objective_requirement").model == "plans.ObjectiveRequirement"
    assert get_type("plan_review").model == "plans.PlanReview"


def test_the_generated_plans_are_mostly_on_time_with_some_late_missing_and_drafts(region):
    plans = [r for r in region if r["type"] == "sentence_plan"]
    people = [r for r in region if r["type"] == "person"]
    assert 0.75 < len(plans) / len(people) <= 1
    statuses = Counter(p["status"] for p in plans)
    assert statuses["active"] > statuses["draft"]
    done = [p for p in plans if p.get("completed_on")]
    late = [p for p in done if p["completed_on"] > p["due_by"]]
    assert 0 < len(late) < len(done) / 2
    for p in done:
        if p.get("needs_countersignature"):
            assert p.get("countersigned_by") and p["countersigned_by"] != p["author"]


def test_the_generated_region_imports_cleanly_and_twice_changes_nothing(db, region):
    try:
        result = import_records(lines(region))
    except ImportRejected as rejected:
        pytest.fail("\n".join(str(p) for p in rejected.problems[:20]))
    assert result.counts["sentence_plan"]["created"] == SentencePlan.objects.count() > 0
    assert Objective.objects.count() > SentencePlan.objects.count()
    assert ObjectiveRequirement.objects.exists()
    assert PlanReview.objects.exists()
    objective = ObjectiveRequirement.objects.select_related(
        "objective__plan", "requirement__disposal__event"
    ).first()
    assert objective.requirement.disposal.event.person_id == objective.objective.plan.person_id
    again = import_records(lines(region))
    for name in ("sentence_plan", "plan_objective", "plan_objective_requirement", "plan_review"):
        assert again.counts[name].get("created", 0) == 0, name
        assert again.counts[name].get("updated", 0) == 0, name


def test_bad_plan_records_are_refused_with_reasons(db, region):
    base = [
        r
        for r in region
        if r["type"]
        in {
            "provider",
            "area",
            "office",
            "team",
            "staff",
            "person",
            "event",
            "offence",
            "disposal",
            "requirement",
            "ro_assignment",
        }
    ]
    person = next(r for r in base if r["type"] == "person")
    staff = next(r for r in base if r["type"] == "staff")
    plan = {
        "type": "sentence_plan",
        "id": "p-1",
        "person": person["id"],
        "status": "active",
        "starts_from": "2026-01-05",
        "due_by": "2026-01-26",
        "author": staff["id"],
        "started_on": "2026-01-06",
        "needs_countersignature": True,
        "countersigned_by": staff["id"],
    }
    draft = {
        "type": "sentence_plan",
        "id": "p-2",
        "person": person["id"],
        "starts_from": "2026-01-05",
        "due_by": "2026-01-26",
        "author": staff["id"],
        "started_on": "2026-01-06",
    }
    bad = [
        plan,
        draft,
        {
            "type": "plan_objective",
            "id": "o-1",
            "plan": "p-2",
            "description": "x",
            "target_date": "2026-01-01",
            "owner": "partner",
        },
        {
            "type": "plan_review",
            "id": "rv-1",
            "plan": "p-1",
            "reason": "significant_event",
            "reviewed_on": "2026-03-01",
            "reviewed_by": staff["id"],
            "summary": "x",
            "next_review_due": "2026-02-01",
        },
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_records(lines(base + bad))
    reasons = {(p.field, p.reason) for p in rejected.value.problems}
    assert ("countersigned_by", "Nobody may countersign their own plan") in reasons
    assert ("completed_on", "A plan that has been in force has the date it was completed") in reasons
    assert ("target_date", "The target date must be on or after the day the plan began") in reasons
    assert ("owner_name", "Enter the partner agency that owns this objective") in reasons
    assert ("next_review_due", "The next review cannot be due before this one") in reasons
    assert not SentencePlan.objects.exists()
