"""The synthetic region: deterministic for a seed, realistic in its mix, and valid for import."""

import json
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from probation.lib.dates import age_on
from probation.lib.identifiers import is_valid_crn, is_valid_pnc
from probation.synth import registry
from probation.synth.generator import generate

AS_AT = date(2026, 11, 2)
FOUNDATION = {
    "provider",
    "area",
    "office",
    "team",
    "staff",
    "person",
    "alias",
    "address",
    "access_entry",
    "ro_assignment",
    "case_involvement",
    "event",
    "offence",
    "disposal",
    "requirement",
}


@pytest.fixture(scope="module")
def region():
    """A region big enough for proportions to settle."""
    return generate(people=3000, seed=7, as_at=AS_AT)


def of_type(records, name):
    return [r for r in records if r["type"] == name]


def by_id(records, name):
    return {r["id"]: r for r in of_type(records, name)}


def current_assignments(records):
    return {r["person"]: r for r in of_type(records, "ro_assignment") if "end_date" not in r}


def test_the_same_seed_gives_the_same_records_and_another_seed_does_not():
    assert generate(people=50, seed=1, as_at=AS_AT) == generate(people=50, seed=1, as_at=AS_AT)
    assert generate(people=50, seed=1, as_at=AS_AT) != generate(people=50, seed=2, as_at=AS_AT)


def test_adding_a_step_changes_no_other_steps_records():
    before = generate(people=30, seed=1, as_at=AS_AT)

    @registry.step("zz_extra", order=5)
    def extra(ctx, rng):
        rng.random()
        yield {"type": "note", "id": "note-1"}

    try:
        after = generate(people=30, seed=1, as_at=AS_AT)
    finally:
        registry._steps.pop("zz_extra")
    assert [r for r in after if r["type"] != "note"] == before


def test_every_area_has_the_national_probation_service_and_its_own_crc(region):
    providers = of_type(region, "provider")
    assert {p["name"]: p["sector"] for p in providers} == {
        "National Probation Service": "public",
        "Staffordshire and West Midlands CRC": "private",
        "Derbyshire, Leicestershire, Nottinghamshire and Rutland CRC": "private",
    }
    teams = of_type(region, "team")
    for area in of_type(region, "area"):
        assert {t["provider"] for t in teams if t["area"] == area["id"]} == {
            "provider-nps",
            "provider-swm-crc" if area["name"] == "Staffordshire & Stoke" else "provider-dlnr-crc",
        }


def test_other_areas_can_be_named(db):
    records = generate(people=40, seed=1, areas=["Nottinghamshire", "Cumbria"], as_at=AS_AT)
    assert {a["name"] for a in of_type(records, "area")} == {"Nottinghamshire", "Cumbria"}
    assert "Cumbria CRC" in {p["name"] for p in of_type(records, "provider")}


def test_teams_hold_about_250_cases_and_each_has_a_senior_probation_officer_as_manager(region):
    caseloads = Counter(a["team"] for a in current_assignments(region).values())
    assert 150 < sum(caseloads.values()) / len(caseloads) < 350
    staff = by_id(region, "staff")
    for team in of_type(region, "team"):
        manager = staff[team["manager"]]
        assert manager["grade"] == "SPO" and "manager" in manager["roles"] and manager["team"] == team["id"]


def test_each_provider_in_each_area_has_a_head_of_service_and_quality_assurance_staff(region):
    staff = of_type(region, "staff")
    heads = Counter((s["provider"], s["area"]) for s in staff if s.get("grade") == "HEAD")
    assert sorted(heads.values()) == [1, 1, 1, 1]
    assert {(s["provider"], s["area"]) for s in staff if "quality_assurance" in s["roles"]} == set(heads)
    assert len({s["username"] for s in staff}) == len(staff)


def test_about_30_percent_are_managed_by_the_nps_which_takes_every_serious_offence(region):
    current = current_assignments(region)
    people = of_type(region, "person")
    nps = [p for p in people if current[p["id"]]["provider"] == "provider-nps"]
    assert 0.25 < len(nps) / len(people) < 0.35
    events = {e["id"]: e for e in of_type(region, "event")}
    latest_event = {}
    for event in events.values():
        if event["number"] > latest_event.get(event["person"], {"number": 0})["number"]:
            latest_event[event["person"]] = event
    serious = {"sexual_not_child", "sexual_child", "robbery"}
    for offence in of_type(region, "offence"):
        event = events[offence["event"]]
        if offence["is_main"] and offence["category"] in serious and latest_event[event["person"]] is event:
            assert current[event["person"]]["provider"] == "provider-nps"


def test_the_sentence_mix_is_close_to_the_caseload(region):
    events = by_id(region, "event")
    current = [d for d in of_type(region, "disposal") if "terminated_on" not in d]
    assert len({events[d["event"]]["person"] for d in current}) == len(of_type(region, "person"))
    shares = Counter(d["sentence_type"] for d in current)
    total = sum(shares.values())
    expected = {"community_order": 0.45, "suspended_sentence": 0.20, "licence": 0.25, "pss": 0.10}
    for kind, share in expected.items():
        assert abs(shares[kind] / total - share) < 0.05, (kind, shares[kind] / total)


def test_every_current_sentence_is_still_running_on_the_as_at_date(region):
    for disposal in of_type(region, "disposal"):
        if "terminated_on" not in disposal:
            assert disposal["start_date"] <= AS_AT.isoformat() <= disposal["expected_end_date"]
        else:
            assert disposal["terminated_on"] <= AS_AT.isoformat()


def test_people_are_adults_mostly_young_and_mostly_men(region):
    people = of_type(region, "person")
    ages = [age_on(date.fromisoformat(p["date_of_birth"]), AS_AT) for p in people]
    assert min(ages) >= 18 and max(ages) <= 70
    assert sorted(ages)[len(ages) // 2] < 35
    assert 0.80 < sum(p["sex"] == "male" for p in people) / len(people) < 0.90
    ethnicity = Counter(p["ethnicity"][0] for p in people)
    assert 0.75 < ethnicity["W"] / len(people) < 0.92 and ethnicity["A"] > ethnicity["O"]


def test_identifiers_are_valid_and_unique(region):
    people = of_type(region, "person")
    crns = [p["crn"] for p in people]
    pncs = [p["pnc"] for p in people if "pnc" in p]
    assert all(map(is_valid_crn, crns)) and len(set(crns)) == len(crns)
    assert all(map(is_valid_pnc, pncs)) and len(set(pncs)) == len(pncs)
    assert len(pncs) > 0.9 * len(people)


def test_about_one_in_twenty_has_an_alias_and_addresses_are_in_the_areas_towns(region):
    people = of_type(region, "person")
    assert 0.03 < len(of_type(region, "alias")) / len(people) < 0.07
    towns = Counter(a["town"] for a in of_type(region, "address"))
    assert towns["Stoke-on-Trent"] > 0 and towns["Derby"] > 0 and towns["Chesterfield"] > 0


def test_crc_cases_change_officer_more_often_than_nps_cases(region):
    assignments = Counter(a["person"] for a in of_type(region, "ro_assignment"))
    current = current_assignments(region)
    nps = [n for p, n in assignments.items() if current[p]["provider"] == "provider-nps"]
    crc = [n for p, n in assignments.items() if current[p]["provider"] != "provider-nps"]
    assert sum(crc) / len(crc) > sum(nps) / len(nps) > 1
    assert Counter(nps).most_common(1)[0][0] == 1


def test_crc_cases_record_the_nps_court_work(region):
    current = current_assignments(region)
    court = {i["person"] for i in of_type(region, "case_involvement") if i["role"] == "court"}
    crc_people = {p for p, a in current.items() if a["provider"] != "provider-nps"}
    assert court == crc_people


def test_requirements_are_within_the_legal_limits(region):
    for requirement in of_type(region, "requirement"):
        if requirement["requirement_type"] == "unpaid_work":
            assert 40 <= requirement["length"] <= 300
        if requirement["requirement_type"] in {
            "drug_rehabilitation",
            "alcohol_treatment",
            "mental_health_treatment",
        }:
            assert requirement["consent_given"] is True


def test_a_few_cases_have_limited_access_with_someone_to_contact(region):
    people = by_id(region, "person")
    entries = of_type(region, "access_entry")
    limited = {e["person"] for e in entries}
    assert 0 < len(limited) < 0.02 * len(people)
    assert all(people[p].get("access_contact") for p in limited)
    current = current_assignments(region)
    for entry in entries:
        if entry["access"] == "restriction":
            allowed = {e["staff"] for e in entries if e["person"] == entry["person"]}
            assert current[entry["person"]]["officer"] in allowed


def test_the_generated_region_passes_every_import_check(db):
    from probation.interchange.importer import import_records

    records = generate(people=120, seed=9)
    result = import_records([json.dumps(r) for r in records], check_only=True)
    assert set(result.counts) >= FOUNDATION - {"access_entry", "alias"}  # both rare in a small region


def test_the_generate_command_writes_a_file_or_standard_output(tmp_path):
    target = tmp_path / "region.jsonl"
    err = StringIO()
    call_command(
        "generate", "--people", "20", "--seed", "3", "--as-at", "2026-11-02", "--out", str(target), stderr=err
    )
    assert "for 20 people" in err.getvalue()
    out = StringIO()
    call_command("generate", "--people", "20", "--seed", "3", "--as-at", "2026-11-02", stdout=out)
    assert out.getvalue() == target.read_text()
    assert [json.loads(line) for line in out.getvalue().splitlines()] == generate(
        people=20, seed=3, as_at=AS_AT
    )


def test_the_generate_command_refuses_an_area_named_twice():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Name each area once"):
        call_command(
            "generate",
            "--people",
            "5",
            "--seed",
            "1",
            "--area",
            "Derbyshire",
            "--area",
            "Derbyshire",
            stdout=StringIO(),
        )


def test_only_the_named_steps_run_when_asked():
    from probation.synth.generator import FOUNDATION_STEPS

    records = generate(people=20, seed=1, as_at=AS_AT, only=FOUNDATION_STEPS)
    assert {r["type"] for r in records} <= FOUNDATION
    with pytest.raises(ValueError, match="No such step: nope"):
        generate(people=5, seed=1, only=["organisation", "nope"])
