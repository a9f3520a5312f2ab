import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from probation.inspection.models import CaseIndicator, KeyQuestion, Prompt, Standard, StandardSet
from tests import factories as f

COMMAND = "probation.inspection.management.commands.inspect"


@pytest.fixture
def refreshed(monkeypatch):
    """Keep the hand-made indicator rows: record which cases the command asks to refresh."""
    calls = []
    monkeypatch.setattr(f"{COMMAND}.refresh_all", lambda **kwargs: calls.append(kwargs))
    return calls


@pytest.fixture
def small_set(db):
    standard_set = StandardSet.objects.create(code="test-set", name="Test standards", version="1")
    s1 = Standard.objects.create(standard_set=standard_set, code="S1", name="First", position=0)
    s2 = Standard.objects.create(standard_set=standard_set, code="S2", name="Second", position=1)
    kq11 = KeyQuestion.objects.create(standard=s1, code="S1.1", text="?", position=0)
    kq12 = KeyQuestion.objects.create(standard=s1, code="S1.2", text="?", position=1)
    kq21 = KeyQuestion.objects.create(standard=s2, code="S2.1", text="?", position=0)
    Prompt.objects.create(key_question=kq11, code="S1.1a", text="?", indicators=["ind_a"])
    Prompt.objects.create(key_question=kq12, code="S1.2a", text="?", indicators=["ind_b"], position=0)
    Prompt.objects.create(key_question=kq12, code="S1.2b", text="?", indicators=["ind_c"], position=1)
    Prompt.objects.create(key_question=kq21, code="S2.1a", text="?", indicators=["ind_c"])
    return standard_set


def _rows(person, **results):
    for slug, (applicable, met) in results.items():
        CaseIndicator.objects.create(
            person=person, indicator=slug, applicable=applicable, met=met, computed_at=timezone.now()
        )


@pytest.fixture
def region(db):
    nps, crc = f.provider(), f.provider("Staffordshire and West Midlands CRC", "CRC", "private")
    area = f.area()
    alice = f.staff("alice", team_=f.team("Stoke North", nps, area))
    carl = f.staff("carl", team_=f.team("Hanley", crc, area))
    people = {}
    for name, officer in [
        ("p1", alice),
        ("p2", alice),
        ("p3", alice),
        ("p4", alice),
        ("q1", carl),
        ("q2", carl),
    ]:
        people[name] = f.person(officer=officer, last_name=name)
        f.sentence(people[name], start=date(2026, 2, 2))
    late = f.person(officer=alice, last_name="late")
    f.sentence(late, start=date(2026, 5, 1))
    _rows(late, ind_a=(True, False), ind_b=(True, False), ind_c=(True, False))
    T, F = True, False
    _rows(people["p1"], ind_a=(T, T), ind_b=(T, T), ind_c=(T, T))
    _rows(people["p2"], ind_a=(T, T), ind_b=(T, F), ind_c=(T, T))
    _rows(people["p3"], ind_a=(T, T), ind_b=(F, None), ind_c=(F, None))
    _rows(people["p4"], ind_a=(T, F), ind_b=(T, None), ind_c=(T, T))
    _rows(people["q1"], ind_a=(T, F), ind_c=(T, T))
    _rows(people["q2"], ind_a=(T, F), ind_b=(T, T), ind_c=(T, T))
    return {"nps": nps, "crc": crc, "people": people, "late": late}


def run(*args):
    out = StringIO()
    call_command("inspect", "run", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_it_rates_each_provider_from_the_indicators(region, small_set, refreshed):
    result = run(
        "--provider",
        "National Probation Service",
        "--provider",
        "CRC",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--all",
        "--standards",
        "test-set",
        "--on",
        "2026-04-01",
    )
    assert result["population"] == 6 and result["sample_size"] == 6
    nps, crc = result["providers"]
    assert (nps["code"], nps["population"], nps["sampled"]) == ("NPS", 4, 4)
    assert nps["indicators"] == {
        "ind_a": {"applicable": 4, "met": 3, "undecided": 0, "percent": 75.0},
        "ind_b": {"applicable": 3, "met": 1, "undecided": 1, "percent": 33.3},
        "ind_c": {"applicable": 3, "met": 3, "undecided": 0, "percent": 100.0},
    }
    assert nps["key_questions"] == {
        "S1.1": {"applicable": 4, "sufficient": 3, "undecided": 0, "percent": 75.0, "rating": "good"},
        "S1.2": {
            "applicable": 2,
            "sufficient": 1,
            "undecided": 1,
            "percent": 50.0,
            "rating": "requires_improvement",
        },
        "S2.1": {"applicable": 3, "sufficient": 3, "undecided": 0, "percent": 100.0, "rating": "outstanding"},
    }
    assert nps["standards"] == {
        "S1": {"name": "First", "rating": "requires_improvement", "score": 1},
        "S2": {"name": "Second", "rating": "outstanding", "score": 3},
    }
    assert nps["overall"] == "good"  # 4 of 6 points: 20 when scaled to ten standards
    assert crc["key_questions"]["S1.1"]["percent"] == 0.0
    assert crc["key_questions"]["S1.2"] == {
        "applicable": 1,
        "sufficient": 1,
        "undecided": 1,
        "percent": 100.0,
        "rating": "outstanding",
    }
    assert crc["standards"]["S1"]["rating"] == "inadequate"
    assert crc["overall"] == "requires_improvement"  # 3 of 6 points: 15 when scaled


def test_it_refreshes_the_indicators_of_the_sampled_cases_only(region, small_set, refreshed):
    run(
        "--provider",
        "NPS",
        "--provider",
        "CRC",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--all",
        "--standards",
        "test-set",
        "--on",
        "2026-04-01",
    )
    assert len(refreshed) == 1
    assert refreshed[0]["on"] == date(2026, 4, 1)
    assert sorted(refreshed[0]["person_ids"]) == sorted(p.pk for p in region["people"].values())


def test_a_sample_is_reproducible_for_a_seed(region, small_set, refreshed):
    args = (
        "--provider",
        "NPS",
        "--provider",
        "CRC",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--sample",
        "3",
        "--seed",
        "9",
        "--standards",
        "test-set",
    )
    first, again = run(*args), run(*args)
    assert first == again and first["sample_size"] == 3
    assert refreshed[0]["person_ids"] == refreshed[1]["person_ids"]
    # Proportional: four NPS cases and two CRC cases give two and one.
    assert [p["sampled"] for p in first["providers"]] == [2, 1]


def test_the_default_standards_are_the_2018_case_supervision_set(region, refreshed):
    result = run("--provider", "NPS", "--from", "2026-01-01", "--to", "2026-03-31", "--all")
    assert result["standard_set"] == "hmip-2018-case-supervision"
    assert list(result["providers"][0]["standards"]) == ["2.1", "2.2", "2.3", "2.4"]


def test_an_unknown_provider_is_refused(region):
    with pytest.raises(CommandError, match="No provider"):
        run("--provider", "Nobody", "--from", "2026-01-01", "--to", "2026-03-31")


def test_a_window_ending_before_it_starts_is_refused(region):
    with pytest.raises(CommandError):
        run("--provider", "NPS", "--from", "2026-03-01", "--to", "2026-01-31")


def test_it_runs_with_the_real_indicator_engine(region):
    result = run("--provider", "NPS", "--from", "2026-01-01", "--to", "2026-03-31", "--all")
    assert result["providers"][0]["sampled"] == 4
    assert CaseIndicator.objects.filter(person=region["late"], indicator="ind_a").exists()


def test_an_unknown_area_is_refused(region):
    with pytest.raises(CommandError, match="No area"):
        run("--provider", "NPS", "--area", "Atlantis", "--from", "2026-01-01", "--to", "2026-03-31")


def test_an_area_limits_the_population(region, small_set, refreshed):
    f.area("Nowhere Else")
    result = run("--provider", "NPS", "--area", "Nowhere Else", "--from", "2026-01-01", "--to", "2026-03-31",
                 "--all", "--standards", "test-set")
    assert result["population"] == 0 and result["providers"][0]["sampled"] == 0 and refreshed == []
    assert result["providers"][0]["overall"] is None
