"""Enforcement travels in the interchange format, and the synthetic region's enforcement follows the
rules, imports cleanly and leaves work to find (decisions due, late letters)."""

import json
from collections import Counter
from datetime import date

import pytest

from probation.enforcement import rules
from probation.enforcement.constants import EnforcementStatus
from probation.enforcement.models import EnforcementAction, RecallRecommendation
from probation.interchange.importer import ImportRejected, import_records
from probation.interchange.registry import get_type
from probation.synth.generator import generate

AS_AT = date(2026, 11, 18)


@pytest.fixture(scope="module")
def region():
    return generate(people=120, seed=11, as_at=AS_AT)


def lines(records):
    return [json.dumps(r) for r in records]


def test_enforcement_actions_and_recalls_are_record_types(db):
    assert get_type("enforcement_action").model == "enforcement.EnforcementAction"
    assert get_type("recall_recommendation").model == "enforcement.RecallRecommendation"


def test_every_failure_in_the_region_has_an_enforcement_action(region):
    failures = {
        r["id"]
        for r in region
        if r["type"] == "contact" and r.get("outcome") in {"unacceptable_absence", "attended_failed"}
    }
    actions = [r for r in region if r["type"] == "enforcement_action"]
    assert failures
    # Every failure, except those after a recall is under way, has exactly one action.
    covered = Counter(a["contact"] for a in actions)
    assert set(covered) <= failures
    assert max(covered.values()) == 1
    assert len(covered) / len(failures) > 0.9


def test_the_generated_decisions_follow_the_rules(region):
    actions = [r for r in region if r["type"] == "enforcement_action"]
    statuses = Counter(a.get("status", "decision_due") for a in actions)
    assert statuses["complete"] > statuses["decision_due"] > 0
    for a in actions:
        if a.get("kind") and a["kind"] != a["recommended_kind"]:
            assert a.get("rationale"), a
        if a["recommended_kind"] == "breach":
            assert a.get("prior_warning"), a
    assert Counter(a["recommended_kind"] for a in actions)["warning"] > 0


def test_the_generated_region_imports_cleanly_and_twice_changes_nothing(db, region):
    try:
        result = import_records(lines(region))
    except ImportRejected as rejected:
        pytest.fail("\n".join(str(p) for p in rejected.problems[:20]))
    assert result.counts["enforcement_action"]["created"] == EnforcementAction.objects.count() > 0
    breach = (
        EnforcementAction.objects.filter(recommended_kind="breach").select_related("prior_warning").first()
    )
    if breach:
        assert rules.warning_covers(breach.prior_warning.letter_issued_on, breach.failure_on)
    assert EnforcementAction.objects.filter(status=EnforcementStatus.DECISION_DUE).exists()
    again = import_records(lines(region))
    assert again.counts["enforcement_action"].get("created", 0) == 0
    assert again.counts["enforcement_action"].get("updated", 0) == 0
    assert RecallRecommendation.objects.count() == sum(
        1 for r in region if r["type"] == "recall_recommendation"
    )


def test_a_generated_region_is_the_same_every_time():
    def ours(records):
        return [r for r in records if r["type"] in {"enforcement_action", "recall_recommendation"}]

    assert ours(generate(people=15, seed=3, as_at=AS_AT)) == ours(generate(people=15, seed=3, as_at=AS_AT))


def test_bad_enforcement_records_are_refused_with_reasons(db, region):
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
    disposal = next(r for r in base if r["type"] == "disposal" and r["sentence_type"] == "community_order")
    event = next(r for r in base if r["type"] == "event" and r["id"] == disposal["event"])
    person = next(r for r in base if r["type"] == "person" and r["id"] == event["person"])
    other = next(r for r in base if r["type"] == "person" and r["id"] != person["id"])
    staff = [r for r in base if r["type"] == "staff"]
    common = {
        "type": "enforcement_action",
        "person": person["id"],
        "disposal": disposal["id"],
        "route": "order",
        "failure_on": "2026-03-02",
        "judged_on": "2026-03-02",
        "due_by": "2026-03-04",
    }
    bad = [
        common
        | {
            "id": "e-1",
            "recommended_kind": "warning",
            "kind": "breach",
            "status": "breach_due",
            "decision_by": staff[0]["id"],
            "decided_on": "2026-03-03",
        },
        common | {"id": "e-2", "recommended_kind": "warning", "person": other["id"]},
        common
        | {
            "id": "e-3",
            "recommended_kind": "warning",
            "kind": "warning",
            "status": "complete",
            "decision_by": staff[0]["id"],
            "decided_on": "2026-03-03",
        },
        common | {"id": "e-4", "recommended_kind": "warning", "judged_on": "2026-03-01"},
        {
            "type": "recall_recommendation",
            "id": "r-1",
            "person": person["id"],
            "disposal": disposal["id"],
            "recall_type": "fixed_term",
            "rationale": "x",
            "recommended_by": staff[0]["id"],
            "recommended_on": "2026-03-03",
            "status": "awaiting_head",
            "spo_by": staff[0]["id"],
            "spo_on": "2026-03-03",
        },
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_records(lines(base + bad))
    reasons = {(p.field, p.reason) for p in rejected.value.problems}
    assert ("rationale", "Explain why you chose breach rather than warning") in reasons
    assert ("disposal", "The sentence belongs to someone else") in reasons
    assert ("letter_issued_on", "A completed warning has the date its letter was sent") in reasons
    assert ("judged_on", "A failure cannot be judged before it happened") in reasons
    assert ("spo_by", "The recommending officer cannot countersign") in reasons
    assert ("fixed_term_days", "A fixed-term recall needs its length in days") in reasons
    assert ("disposal", "Only a licence can be recalled") in reasons
    assert not EnforcementAction.objects.exists()
