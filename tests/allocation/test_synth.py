"""Synthetic allocation records: the plain function, and the generator step through an import."""

import json
import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.utils import timezone

from probation.allocation.synth import allocation_records

AS_AT = date(2026, 11, 30)  # a Monday


def case(**changes):
    base = {
        "person": "person-1",
        "disposal": "disposal-1",
        "received_on": date(2026, 10, 5),
        "court_provider": "nps",
        "provider": "crc",
        "provider_public": False,
        "rosh": "medium",
        "offence_categories": ["theft_non_motor"],
        "court_managers": ["spo-1"],
        "sentence_type": "community_order",
        "requirement_types": ["unpaid_work", "rar"],
        "receiving_manager": "crc-spo",
        "officer": "crc-po",
        "allocated_on": date(2026, 10, 7),
    }
    return base | changes


def records(*cases, seed=1):
    return list(allocation_records(cases, as_at=AS_AT, rng=random.Random(seed)))


def test_a_low_risk_case_is_decided_for_the_crc_and_acknowledged():
    [record] = records(case())
    assert record["type"] == "allocation" and record["id"] == "allocation-disposal-1"
    assert record["status"] == "acknowledged"
    assert record["recommended_provider_type"] == "private" and record["provider"] == "crc"
    assert record["reasons"] == ["Low or medium risk of serious harm"] and not record["overridden"]
    assert record["decided_on"] == "2026-10-05" and record["decided_by"] == "spo-1"
    assert record["allocation_due"] == "2026-10-08" and record["first_appointment_due"] == "2026-10-12"
    assert record["acknowledged_on"] == "2026-10-07" and record["allocated_to"] == "crc-po"
    assert "Unpaid work." in record["requirements_summary"]


def test_a_high_risk_case_is_decided_for_the_nps():
    [record] = records(case(rosh="high", provider="nps", provider_public=True, highest_tier=True))
    assert record["reasons"] == ["High risk of serious harm"] and not record["overridden"]
    assert record["allocation_due"] == "2026-10-06"


def test_a_low_risk_case_kept_by_the_nps_is_a_deportation_case_or_an_override_with_a_rationale():
    seen = Counter()
    for seed in range(40):
        [record] = records(case(provider="nps", provider_public=True), seed=seed)
        if record["overridden"]:
            assert record["override_rationale"] and record["recommended_provider_type"] == "private"
            seen["override"] += 1
        else:
            assert record["facing_deportation"] and record["reasons"] == [
                "Foreign national facing deportation"
            ]
            seen["deportation"] += 1
    assert seen["override"] and seen["deportation"]


def test_a_serious_offence_override_names_the_offence():
    for seed in range(20):
        [record] = records(
            case(provider="nps", provider_public=True, serious=True, offence_categories=["violence"]),
            seed=seed,
        )
        if record["overridden"]:
            assert record["override_rationale"].startswith("Violence against the person:")


def test_old_sentences_are_not_allocated_again():
    assert records(case(received_on=date(2025, 6, 2))) == []


def test_a_case_without_an_officer_yet_awaits_a_decision():
    [record] = records(case(received_on=date(2026, 11, 30), allocated_on=None))
    assert record["status"] == "awaiting_decision"
    assert "provider" not in record and "decided_by" not in record


def test_recent_cases_sometimes_await_a_decision_or_an_acknowledgement():
    statuses = Counter(
        records(case(received_on=date(2026, 11, 27), allocated_on=date(2026, 11, 30)), seed=seed)[0]["status"]
        for seed in range(60)
    )
    assert set(statuses) == {"awaiting_decision", "awaiting_acknowledgement", "acknowledged"}


def test_an_escalated_case_yields_a_reallocated_referral():
    escalated = case(
        escalated_on=date(2026, 11, 2),
        escalated_to_provider="nps",
        escalated_to_officer="nps-po",
        escalation_referred_by="crc-po",
        escalation_accepted_by="nps-spo",
    )
    allocation, referral = records(escalated)
    assert referral["type"] == "escalation_referral" and referral["status"] == "reallocated"
    assert referral["from_provider"] == "crc" and referral["to_provider"] == "nps"
    assert date(2026, 10, 7) <= date.fromisoformat(referral["referred_on"]) <= date(2026, 11, 2)
    assert referral["reallocated_to"] == "nps-po" and referral["accepted_on"] == "2026-11-02"


@pytest.mark.django_db
def test_the_generator_step_writes_records_the_interchange_imports():
    from probation.allocation.models import Allocation, EscalationReferral
    from probation.interchange.importer import import_records
    from probation.synth.generator import generate
    from probation.synth.registry import steps

    assert "allocation_decisions" in {s.name for s in steps()}
    # Generated as things stood a few days ago: other steps' appointments must lie in the real past.
    generated = generate(people=150, seed=11, as_at=timezone.localdate() - timedelta(days=3))
    kinds = Counter(r["type"] for r in generated)
    assert kinds["allocation"] > 50
    import_records(json.dumps(r) for r in generated)
    assert Allocation.objects.count() == kinds["allocation"]
    assert EscalationReferral.objects.count() == kinds["escalation_referral"]
    statuses = Counter(Allocation.objects.values_list("status", flat=True))
    assert statuses["acknowledged"] > statuses["awaiting_decision"] + statuses["awaiting_acknowledgement"]
    overridden = Allocation.objects.filter(overridden=True).first()
    assert overridden is None or overridden.override_rationale
