"""Contacts and contact levels travel in the interchange format, and the synthetic region generator
produces contacts that import cleanly, at realistic frequencies and compliance rates."""

import json
from collections import Counter
from datetime import date

import pytest

from probation.contacts.models import Contact, ContactLevel
from probation.interchange.importer import ImportRejected, import_records
from probation.interchange.registry import get_type
from probation.synth.generator import generate

AS_AT = date(2026, 11, 18)


@pytest.fixture(scope="module")
def region():
    return generate(people=60, seed=7, as_at=AS_AT)


def lines(records):
    return [json.dumps(r) for r in records]


def test_contact_and_contact_level_are_record_types(db):
    assert get_type("contact").model == "contacts.Contact"
    assert get_type("contact_level").model == "contacts.ContactLevel"


def test_the_generated_region_has_contacts_for_everyone_with_plausible_rates(region):
    contacts = [r for r in region if r["type"] == "contact"]
    people = {r["id"] for r in region if r["type"] == "person"}
    assert {c["person"] for c in contacts} == people
    appointments = [c for c in contacts if c["contact_type"] not in ("partner_contact",)]
    outcomes = Counter(c.get("outcome", "") for c in appointments if c["starts_at"][:10] <= "2026-11-15")
    total = sum(outcomes.values())
    assert outcomes["attended_complied"] / total > 0.7
    assert 0.01 < (outcomes["unacceptable_absence"] + outcomes["attended_failed"]) / total < 0.2
    assert 5 <= len(contacts) / len(people) <= 60


def test_the_generated_region_imports_cleanly(db, region):
    try:
        result = import_records(lines(region))
    except ImportRejected as rejected:
        pytest.fail("\n".join(str(p) for p in rejected.problems[:20]))
    assert result.counts["contact"]["created"] == Contact.objects.count() > 0
    assert ContactLevel.objects.filter(status="approved").count() >= 60
    assert Contact.objects.filter(outcome="awaiting_evidence").exists()
    # Imported twice, nothing changes.
    again = import_records(lines(region))
    assert again.counts["contact"].get("created", 0) == 0
    assert again.counts["contact"].get("updated", 0) == 0


def test_a_generated_region_is_the_same_every_time():
    first = [r for r in generate(people=10, seed=3, as_at=AS_AT) if r["type"].startswith("contact")]
    second = [r for r in generate(people=10, seed=3, as_at=AS_AT) if r["type"].startswith("contact")]
    assert first == second


def test_bad_contact_records_are_refused_with_reasons(db, region):
    people = [r for r in region if r["type"] in ("provider", "area", "office", "team", "staff", "person")]
    person = next(r for r in people if r["type"] == "person")
    staff = next(r for r in people if r["type"] == "staff")
    bad = [
        {"type": "contact", "id": "c-1", "person": person["id"], "contact_type": "note",
         "starts_at": "2026-01-05T10:00:00+00:00", "outcome": "attended_complied"},
        {"type": "contact", "id": "c-2", "person": person["id"], "contact_type": "office",
         "starts_at": "2026-01-05T10:00", "outcome": "acceptable_absence"},
        {"type": "contact", "id": "c-3", "person": person["id"], "contact_type": "office",
         "starts_at": "5 January 2026"},
        {"type": "contact_level", "id": "l-1", "person": person["id"], "frequency": "monthly",
         "effective_from": "2026-01-05", "is_step_down": True},
        {"type": "contact_level", "id": "l-2", "person": person["id"], "frequency": "monthly",
         "effective_from": "2026-01-05", "is_step_down": True, "rationale": "x", "status": "approved",
         "requested_by": staff["id"], "approved_by": staff["id"]},
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_records(lines(people + bad))
    reasons = {(p.field, p.reason) for p in rejected.value.problems}
    assert ("outcome", "A note takes no outcome") in reasons
    assert ("absence_reason", "An acceptable absence needs its reason") in reasons
    assert any(f == "starts_at" for f, _ in reasons)
    assert ("rationale", "A step-down needs its rationale") in reasons
    assert ("approved_by", "Nobody may approve their own step-down") in reasons
