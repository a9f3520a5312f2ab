import itertools
from datetime import date

import pytest

from probation.inspection import sampling
from probation.inspection.sampling import EligibleCase
from tests import factories as f

TYPES = ("community_order", "suspended_sentence", "licence")
GROUPS = ("White", "Black", "Asian", "Mixed")
ROSH = ("low", "medium", "high")


def population(n, *, providers=("NPS", "CRC")):
    combos = itertools.cycle(itertools.product(providers, TYPES, ("male", "male", "female"), GROUPS, ROSH))
    cases = []
    for pk in range(1, n + 1):
        code, type_, sex, group, rosh = next(combos)
        # Uneven strata: every seventh case moves to the most common stratum.
        if pk % 7 == 0:
            code, type_, sex, group, rosh = providers[0], TYPES[0], "male", "White", "medium"
        cases.append(EligibleCase(pk, providers.index(code) + 1, code, type_, sex, group, rosh))
    return cases


def test_the_same_seed_draws_the_same_sample():
    cases = population(900)
    first = sampling.draw(cases, 60, seed=7)
    again = sampling.draw(list(reversed(cases)), 60, seed=7)
    assert [c.person_id for c in first.cases] == [c.person_id for c in again.cases]


def test_another_seed_draws_another_sample():
    cases = population(900)
    assert {c.person_id for c in sampling.draw(cases, 60, seed=7).cases} != {
        c.person_id for c in sampling.draw(cases, 60, seed=8).cases
    }


def test_every_stratum_matches_the_population_within_one_case():
    cases = population(1234)
    sample = sampling.draw(cases, 97, seed=3)
    assert sample.size == 97 and len(set(c.person_id for c in sample.cases)) == 97
    for key, (size, taken) in sample.strata.items():
        assert abs(taken - 97 * size / 1234) < 1, key
        assert taken == sum(1 for c in sample.cases if c.stratum == key)


def test_each_stratifying_dimension_stays_close_to_the_population():
    cases = population(1800)
    sample = sampling.draw(cases, 120, seed=11)
    for position in range(5):
        for value in {c.stratum[position] for c in cases}:
            expected = 120 * sum(1 for c in cases if c.stratum[position] == value) / 1800
            got = sum(1 for c in sample.cases if c.stratum[position] == value)
            assert abs(got - expected) <= 0.05 * 120, (position, value, got, expected)


@pytest.mark.parametrize(
    "population_size, expected", [(2000, 41), (5000, 41), (100000, 42), (1000, 40), (100, 30)]
)
def test_eighty_percent_confidence_plus_or_minus_ten_gives_about_forty_one(population_size, expected):
    assert sampling.size_for(population_size, confidence=0.8, margin=0.1) == expected


def test_all_takes_every_case_and_a_given_size_is_capped_at_the_population():
    cases = population(50)
    assert sampling.size_for(50, take_all=True) == 50
    assert sampling.size_for(50, sample=80) == 50
    assert sampling.size_for(50, sample=12) == 12
    assert sampling.draw(cases, 50, seed=1).size == 50


def test_an_empty_population_draws_nothing():
    sample = sampling.draw([], sampling.size_for(0), seed=1)
    assert sample.size == 0 and sample.cases == [] and sample.population == 0


# The population from the database ------------------------------------------------------------------
@pytest.fixture
def region(db):
    nps, crc = f.provider(), f.provider("Staffordshire and West Midlands CRC", "CRC", "private")
    north, south = f.area("North"), f.area("South")
    alice = f.staff("alice", team_=f.team("Stoke North", nps, north))
    sam = f.staff("sam", team_=f.team("Stafford", nps, south))
    carl = f.staff("carl", team_=f.team("Hanley", crc, north))
    other = f.provider("Other Trust", "OTH", "public")
    olly = f.staff("olly", team_=f.team("Elsewhere", other, north))
    people = {}
    for name, officer, start in [
        ("in_nps", alice, date(2026, 1, 5)),
        ("first_day", alice, date(2026, 1, 1)),
        ("last_day", sam, date(2026, 3, 31)),
        ("before", alice, date(2025, 12, 31)),
        ("after", alice, date(2026, 4, 1)),
        ("in_crc", carl, date(2026, 2, 2)),
        ("other", olly, date(2026, 2, 2)),
    ]:
        person = f.person(officer=officer, last_name=name, ethnicity="B1", rosh="high")
        f.sentence(person, start=start)
        people[name] = person
    # Two disposals in the window: counted once, with the earlier one's type.
    f.sentence(people["in_nps"], type="suspended_sentence", start=date(2026, 2, 1))
    return {"nps": nps, "crc": crc, "north": north, "people": people}


def test_the_population_is_the_providers_cases_started_in_the_window(region):
    cases = sampling.eligible_cases(
        providers=[region["nps"], region["crc"]], window_start=date(2026, 1, 1), window_end=date(2026, 3, 31)
    )
    people = region["people"]
    assert [c.person_id for c in cases] == sorted(
        people[n].pk for n in ("in_nps", "first_day", "last_day", "in_crc")
    )
    in_nps = next(c for c in cases if c.person_id == people["in_nps"].pk)
    assert in_nps.stratum == ("NPS", "community_order", "male", "Black", "high")


def test_the_population_can_be_limited_to_an_area(region):
    cases = sampling.eligible_cases(
        providers=[region["nps"]],
        area=region["north"],
        window_start=date(2026, 1, 1),
        window_end=date(2026, 3, 31),
    )
    people = region["people"]
    assert {c.person_id for c in cases} == {people["in_nps"].pk, people["first_day"].pk}


def test_the_population_query_count_does_not_grow_with_the_cases(region, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        sampling.draw_sample(
            providers=[region["nps"], region["crc"]],
            window_start=date(2026, 1, 1),
            window_end=date(2026, 3, 31),
            take_all=True,
            seed=4,
        )
