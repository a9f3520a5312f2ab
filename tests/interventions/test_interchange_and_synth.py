"""Interventions in the interchange format and in generated regions: a generated region imports
cleanly, its referrals are eligible and end in realistic proportions, and an export imports back
unchanged."""

import io
import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from probation.interchange.exporter import export_records
from probation.interchange.importer import ImportRejected, import_records
from probation.interventions import rules, seed
from probation.interventions.interchange import DateTime
from probation.interventions.models import (
    Intervention,
    InterventionNeed,
    PartnerAgency,
    PartnerExchange,
    Referral,
    Session,
)
from probation.synth.generator import generate
from probation.workforce.models import Area

AS_AT = date(2026, 3, 2)
MY_TYPES = {
    "partner_agency",
    "intervention",
    "intervention_need",
    "referral",
    "intervention_session",
    "partner_exchange",
}


@pytest.fixture(scope="module")
def region():
    return generate(people=900, seed=11, as_at=AS_AT)


def of_type(records, name):
    return [r for r in records if r["type"] == name]


def lines(records):
    return [json.dumps(r) for r in records]


def test_a_generated_region_has_referrals_sessions_and_partner_records(region):
    counts = Counter(r["type"] for r in region)
    assert counts["referral"] > 300
    assert counts["intervention_session"] > counts["referral"]
    assert counts["partner_exchange"] > 200
    assert counts["intervention"] == 2 * len(seed.INTERVENTIONS[seed.STAFFORDSHIRE])


def test_referrals_end_in_realistic_proportions(region):
    statuses = Counter(r["status"] for r in of_type(region, "referral"))
    ended = statuses["completed"] + statuses["ended_early"]
    assert 0.5 <= statuses["completed"] / ended <= 0.75
    assert 0.03 <= statuses["declined"] / sum(statuses.values()) <= 0.15
    assert statuses["in_progress"] > 0 and statuses["referred"] > 0


def test_accredited_programmes_complete_less_often_than_partner_services(region):
    category = {r["id"]: r["category"] for r in of_type(region, "intervention")}
    rates = {}
    for group in (("accredited_programme",), ("accommodation", "ete", "finance", "rar_activity")):
        ended = [
            r
            for r in of_type(region, "referral")
            if category[r["intervention"]] in group and r["status"] in ("completed", "ended_early")
        ]
        rates[group[0]] = sum(r["status"] == "completed" for r in ended) / len(ended)
    assert rates["accredited_programme"] < rates["accommodation"]


def test_every_generated_referral_passes_the_eligibility_rule(region):
    people = {r["id"]: r for r in of_type(region, "person")}
    entries = {r["id"]: r for r in of_type(region, "intervention")}
    for referral in of_type(region, "referral"):
        entry, person = entries[referral["intervention"]], people[referral["person"]]
        offer = rules.Offer(sex=entry["sex"], max_rosh=entry.get("max_rosh", ""))
        candidate = rules.Candidate(sex=person["sex"], rosh=referral["rosh_at_referral"])
        assert rules.eligibility(candidate, offer, AS_AT).eligible, referral["id"]


def test_a_generated_region_imports_and_exports_back_unchanged(db, region):
    small = generate(people=80, seed=5, as_at=AS_AT)
    import_records(lines(small), source="test")
    assert Referral.objects.count() == len(of_type(small, "referral"))
    assert Session.objects.count() == len(of_type(small, "intervention_session"))
    assert PartnerExchange.objects.count() == len(of_type(small, "partner_exchange"))
    # The directory records are the seeded rows themselves, matched by their stable ids.
    assert Intervention.objects.count() == 2 * len(seed.INTERVENTIONS[seed.STAFFORDSHIRE])
    out = io.StringIO()
    export_records(out)
    exported = [json.loads(line) for line in out.getvalue().splitlines()]
    result = import_records(lines(exported), source="round trip")
    for name in MY_TYPES:
        assert result.counts[name].get("created", 0) == result.counts[name].get("updated", 0) == 0, name


def test_a_referral_record_breaking_the_rules_is_refused(db):
    small = generate(people=30, seed=2, as_at=AS_AT)
    referral = next(r for r in of_type(small, "referral") if r["status"] == "completed")
    broken = dict(referral, status="ended_early")
    with pytest.raises(ImportRejected) as rejected:
        import_records(lines([r if r is not referral else broken for r in small]))
    assert any(p.field == "end_reason" for p in rejected.value.problems)
    assert not Referral.objects.exists()


def test_a_session_time_must_be_a_date_and_time():
    field = DateTime("starts_at")
    moment = field.clean("2026-03-02T14:30:00+00:00")
    assert moment == datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
    assert field.clean("2026-03-02T14:30").tzinfo is not None
    assert field.to_json(moment).startswith("2026-03-02T14:30:00")
    for bad in ("2 March", 5, "2026-13-02T10:00"):
        with pytest.raises(ValueError):
            field.clean(bad)


def test_a_referral_to_an_unknown_area_gets_a_generic_directory():
    entries = seed.interventions_for("Rutland")
    assert {e["name"] for e in entries} == {e["name"] for e in seed.INTERVENTIONS[seed.DERBYSHIRE]}
    partners = {name for name, _, _ in seed.partners_for("Rutland")}
    assert all(e["partner"] is None or e["partner"] in partners for e in entries)


def test_stable_ids_fit_and_differ():
    ids = [
        seed.intervention_id(area, e["name"]) for area in seed.INTERVENTIONS for e in seed.INTERVENTIONS[area]
    ]
    ids += [seed.partner_id(area, name) for area in seed.PARTNERS for name, _, _ in seed.PARTNERS[area]]
    ids += [seed.need_id(i, "emotional_wellbeing") for i in ids]
    assert len(set(ids)) == len(ids)
    assert max(len(i) for i in ids) <= 64


def test_rows_seeded_with_random_ids_are_given_the_stable_ones(db):
    for n, row in enumerate(Intervention.objects.all()):
        Intervention.objects.filter(pk=row.pk).update(external_id=f"random-{n}")
    for n, row in enumerate(InterventionNeed.objects.all()):
        InterventionNeed.objects.filter(pk=row.pk).update(external_id=f"random-need-{n}")
    seed.assign_stable_ids(Area, PartnerAgency, Intervention, InterventionNeed)
    bbr = Intervention.objects.get(area__name=seed.DERBYSHIRE, name="Building Better Relationships")
    assert bbr.external_id == seed.intervention_id(seed.DERBYSHIRE, "Building Better Relationships")
    assert set(bbr.needs.values_list("external_id", flat=True)) == {
        seed.need_id(bbr.external_id, n) for n in ("relationships", "attitudes")
    }


def test_generation_is_repeatable():
    first = [r for r in generate(people=40, seed=9, as_at=AS_AT) if r["type"] in MY_TYPES]
    second = [r for r in generate(people=40, seed=9, as_at=AS_AT) if r["type"] in MY_TYPES]
    assert first == second
    assert all(r.get("referred_on", "0") <= AS_AT.isoformat() for r in first if r["type"] == "referral")
    assert all(
        r["starts_at"][:10] <= (AS_AT + timedelta(days=0)).isoformat()
        for r in first
        if r["type"] == "intervention_session"
    )
