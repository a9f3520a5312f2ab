"""The rules behind vitals: tallies, benchmarks of comparable officers and where an officer stands."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from probation.vitals import rules
from probation.vitals.rules import Benchmark, Tally


def test_a_rate_is_met_over_every_applicable_case_so_an_undecided_case_counts_against_it():
    assert Tally(applicable=4, met=2, undecided=1).percent == 50
    assert Tally(applicable=4, met=2, undecided=1).not_met == 1


def test_no_applicable_case_gives_no_rate_rather_than_zero():
    assert Tally().percent is None


@pytest.mark.parametrize(("applicable", "met", "undecided"), [(-1, 0, 0), (2, 3, 0), (2, 1, 2), (3, -1, 0)])
def test_a_tally_that_cannot_come_from_its_cases_is_refused(applicable, met, undecided):
    with pytest.raises(ValueError, match="cannot come from"):
        Tally(applicable, met, undecided)


def test_tallies_add_up():
    total = Tally(2, 1, 0)
    total.add(Tally(3, 1, 1))
    assert (total.applicable, total.met, total.undecided) == (5, 2, 1)


def test_the_five_vitals_read_the_stored_indicators():
    assert [v.slug for v in rules.VITALS] == [
        "first_contact_timely",
        "assessment_timely",
        "plan_timely",
        "enforcement_appropriate",
        "contact_level_met",
    ]


def _officers(*rates, cases=10):
    return [Tally(cases, round(r * cases / 100)) for r in rates]


def test_a_benchmark_is_the_median_and_quartiles_of_comparable_officers_rates():
    bench = rules.benchmark(_officers(10, 20, 30, 40, 50), basis="area", group="PO")
    assert (bench.lower, bench.median, bench.upper) == (20, 30, 40)
    assert bench.iqr == 20
    assert bench.officers == 5
    assert (bench.basis, bench.group) == ("area", "PO")


def test_officers_with_too_few_cases_are_left_out_of_the_benchmark():
    tallies = _officers(10, 20, 30, 40, 50) + [Tally(rules.MIN_CASES - 1, 0)]
    assert rules.benchmark(tallies, basis="area", group="PO").officers == 5


def test_there_is_no_benchmark_with_fewer_comparable_officers_than_the_minimum():
    tallies = _officers(*range(rules.MIN_OFFICERS - 1)) + [Tally(rules.MIN_CASES - 1, 1)]
    assert rules.benchmark(tallies, basis="area", group="PO") is None


def test_benchmarks_are_made_per_group_of_comparable_officers():
    tallies = dict(enumerate(_officers(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 100)))
    group_of = {pk: "PSO" if pk < 5 else "PO" for pk in tallies}
    found = rules.benchmarks_by_group(tallies, group_of, basis="provider")
    assert (found["PSO"].median, found["PO"].median) == (30, 85)
    assert (found["PSO"].officers, found["PO"].officers) == (5, 6)


def test_a_group_left_with_too_few_officers_has_no_benchmark_and_ungrouped_officers_count_nowhere():
    tallies = dict(enumerate(_officers(10, 20, 30, 40, 50, 60)))
    group_of = {pk: "PO" for pk in range(1, 6)}  # officer 0 has no group
    found = rules.benchmarks_by_group(tallies, group_of, basis="area")
    assert found["PO"].lower == 30  # 20 is the lowest rate counted, 10 is not
    del group_of[5]
    assert rules.benchmarks_by_group(tallies, group_of, basis="area") == {}


BENCH = Benchmark(lower=50, median=60, upper=70, officers=8, basis="area", group="PO")


@pytest.mark.parametrize(
    ("met", "expected"),
    [(4, rules.BELOW), (5, rules.WITHIN), (6, rules.WITHIN), (7, rules.WITHIN), (8, rules.ABOVE)],
)
def test_an_officer_is_flagged_below_within_or_above_the_range(met, expected):
    assert rules.position(Tally(10, met), BENCH) == expected


def test_an_officer_with_too_few_cases_is_not_flagged():
    assert rules.position(Tally(rules.MIN_CASES - 1, 0), BENCH) == rules.TOO_FEW_CASES


def test_an_officer_without_comparable_officers_is_not_flagged():
    assert rules.position(Tally(10, 1), None) == rules.NO_BENCHMARK


def test_every_position_has_words_for_the_page():
    assert set(rules.POSITION_LABELS) == {
        rules.BELOW,
        rules.WITHIN,
        rules.ABOVE,
        rules.TOO_FEW_CASES,
        rules.NO_BENCHMARK,
    }


@given(st.lists(st.tuples(st.integers(5, 40), st.integers(0, 40)), min_size=5, max_size=30))
def test_the_officer_at_the_median_is_never_flagged(pairs):
    tallies = [Tally(n, min(m, n)) for n, m in pairs]
    bench = rules.benchmark(tallies, basis="area", group="PO")
    assert bench.lower <= bench.median <= bench.upper
    ordered = sorted(tallies, key=lambda t: t.percent)
    middle = ordered[len(ordered) // 2]
    if len(ordered) % 2:
        assert rules.position(middle, bench) == rules.WITHIN
    assert rules.position(ordered[0], bench) in (rules.BELOW, rules.WITHIN)
    assert rules.position(ordered[-1], bench) in (rules.ABOVE, rules.WITHIN)
