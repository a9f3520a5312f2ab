import itertools
import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probation.risk.rules.batch import KINDS, score_lines
from probation.risk.rules.ogrs3 import (
    OFFENCE_WEIGHTS,
    calculate_ogrs3,
    ogrs3_inputs_from_mapping,
    ogrs3_result_to_dict,
)

WORKED = {
    "sex": "male",
    "date_of_birth": "1991-07-17",
    "conviction_date": "2021-08-05",
    "follow_up_start": "2021-12-12",
    "sanctions": 2,
    "first_sanction_age": 21,
    "offence": "other",
}
WORKED_LINE = json.dumps(WORKED)


def score(kind, *lines):
    return [json.loads(out) for out in score_lines(kind, lines)]


def test_a_worked_example_line_scores_in_the_published_shape():
    assert list(score_lines("ogrs3", [WORKED_LINE])) == ['{"one_year": 9, "two_year": 17, "band": "low"}']


def test_lines_with_their_newlines_and_windows_line_ends_are_scored():
    assert (
        score("ogrs3", WORKED_LINE + "\n", WORKED_LINE + "\r\n", "  " + WORKED_LINE)
        == [{"one_year": 9, "two_year": 17, "band": "low"}] * 3
    )


def test_a_bad_line_gives_an_error_in_its_place_and_the_others_still_score():
    results = score("ogrs3", WORKED_LINE, "{not json", json.dumps({**WORKED, "sanctions": 0}), WORKED_LINE)
    assert results[0] == results[3] == {"one_year": 9, "two_year": 17, "band": "low"}
    assert results[1]["error"].startswith("invalid JSON")
    assert "at least 1" in results[2]["error"]


@pytest.mark.parametrize("line", ["", "\n", "   \t  \r\n"])
def test_a_blank_line_is_an_error_that_says_it_was_blank(line):
    assert score("ogrs3", line) == [{"error": "blank line: expected a JSON object"}]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{", "invalid JSON"),
        ("nonsense", "invalid JSON: expecting a value at column 1"),
        ('{"a": 1} {"b": 2}', "invalid JSON: unexpected text after the value at column 10"),
        ("{'sex': 'male'}", "invalid JSON"),
        ("[" * 100_000, "invalid JSON"),
        ("[1, 2]", "expected a JSON object, not an array"),
        ("null", "expected a JSON object, not null"),
        ("42", "expected a JSON object, not a number"),
        ('"text"', "expected a JSON object, not a string"),
        ("true", "expected a JSON object, not true or false"),
    ],
)
def test_a_line_that_is_not_a_json_object_says_why(line, reason):
    [result] = score("ogrs3", line)
    assert result["error"].startswith(reason)


def test_a_missing_key_is_named_in_the_error():
    line = json.dumps({key: value for key, value in WORKED.items() if key != "offence"})
    assert score("ogrs3", line) == [{"error": "Missing key 'offence'."}]


def test_a_refusal_by_the_rule_is_given_as_the_error():
    [result] = score("ogrs3", json.dumps({**WORKED, "first_sanction_age": 35}))
    assert "cannot come after the current conviction" in result["error"]


def test_an_unknown_kind_is_refused_before_any_line_is_read():
    def lines():
        raise AssertionError("read")
        yield ""

    with pytest.raises(ValueError, match="Unknown kind 'osp'"):
        score_lines("osp", lines())


def test_the_kinds_are_the_five_rules():
    assert set(KINDS) == {"ogrs3", "ogp", "ovp", "rsr", "tier"}


def test_lines_are_read_and_scored_one_at_a_time():
    endless = itertools.repeat(WORKED_LINE)
    first_three = list(itertools.islice(score_lines("ogrs3", endless), 3))
    assert len(first_three) == 3


def test_ogp_lines_are_scored():
    line = json.dumps(
        {
            "ogrs3_two_year": 17,
            "no_fixed_abode": False,
            "unemployed": True,
            "regular_offending": 1,
            "drug_misuse": 0,
            "drug_motivation": 0,
            "problem_solving": 1,
            "awareness_of_consequences": 1,
            "understands_others_views": 0,
            "pro_criminal_attitudes": 0,
        }
    )
    [result] = score("ogp", line)
    assert result["score"] == 10 + 5 + 3 + 2
    assert set(result) == {"score", "one_year", "two_year", "band"}


def test_ovp_lines_are_scored():
    line = json.dumps(
        {
            "sex": "male",
            "age_at_follow_up": 30,
            "previous_sanctions": 2,
            "violent_sanctions": 1,
            "non_violent_sanctions": 3,
            "does_not_recognise_impact": False,
            "no_fixed_abode": False,
            "unemployed": False,
            "alcohol_problem": 1,
            "alcohol_excessive": 0,
            "psychiatric_treatment": False,
            "temper_control": 1,
            "pro_criminal_attitudes": 0,
        }
    )
    [result] = score("ovp", line)
    assert result["score"] == 5 + 4 + 2 + 10 + 5 + 3 + 3


def test_rsr_lines_are_banded():
    assert score("rsr", '{"rsr": 2.5}', '{"rsr": 4}', '{"rsr": 6.9}', "{}", '{"rsr": "x"}') == [
        {"band": "low"},
        {"band": "medium"},
        {"band": "high"},
        {"error": "Missing key 'rsr'."},
        {"error": "'rsr' must be a number, not 'x'."},
    ]


def test_tier_lines_are_scored():
    line = json.dumps(
        {
            "sex": "female",
            "as_of": "2026-06-01",
            "rosh": "high",
            "rsr": None,
            "mappa_level": None,
            "complexity_flags": [],
            "women_factors": ["parenting"],
            "custodial": False,
            "requirements": ["rar"],
            "needs": {},
            "needs_assessed_on": None,
            "ogrs": None,
            "iom": False,
        }
    )
    assert score("tier", line, "{}") == [
        {"tier": "B2", "protect": "B", "change": 2, "protect_points": 22, "change_points": 0},
        {"error": "Missing key 'sex'."},
    ]


@pytest.mark.parametrize("kind", ["ogp", "ovp", "tier"])
def test_a_value_of_the_wrong_shape_gives_an_error_not_a_crash(kind):
    [result] = score(kind, '{"sex": {"a": 1}, "ogrs3_two_year": [1]}')
    assert "error" in result


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(
    st.sampled_from(["male", "female"]),
    st.dates(date(1930, 1, 1), date(2008, 1, 1)),
    st.integers(10 * 365, 80 * 365),
    st.integers(0, 3 * 365),
    st.integers(1, 60),
    st.integers(10, 90),
    st.sampled_from(sorted(OFFENCE_WEIGHTS)),
)
def test_the_fast_ogrs3_line_is_byte_for_byte_what_json_dumps_gives(
    sex, born, to_conviction, to_start, sanctions, first, offence
):
    conviction = born + timedelta(days=to_conviction)
    mapping = {
        "sex": sex,
        "date_of_birth": born.isoformat(),
        "conviction_date": conviction.isoformat(),
        "follow_up_start": (conviction + timedelta(days=to_start)).isoformat(),
        "sanctions": sanctions,
        "first_sanction_age": first,
        "offence": offence,
    }
    try:
        expected = json.dumps(ogrs3_result_to_dict(calculate_ogrs3(ogrs3_inputs_from_mapping(mapping))))
    except ValueError as exc:
        expected = json.dumps({"error": str(exc)})
    assert list(score_lines("ogrs3", [json.dumps(mapping)])) == [expected]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(
    st.sampled_from(KINDS),
    st.lists(
        st.text('{}[]":,0123456789 abcnulltrue\t', max_size=40).map(lambda line: line + "\n"), max_size=20
    ),
)
def test_any_text_gives_exactly_one_json_object_per_line(kind, lines):
    outputs = list(score_lines(kind, lines))
    assert len(outputs) == len(lines)
    for out in outputs:
        assert "\n" not in out
        assert isinstance(json.loads(out), dict)


def test_error_columns_count_from_the_start_of_the_line_including_leading_spaces():
    assert score("ogrs3", '   {"a": 1} x') == [
        {"error": "invalid JSON: unexpected text after the value at column 13"}
    ]
    assert score("ogrs3", "  nonsense") == [{"error": "invalid JSON: expecting a value at column 3"}]
    [result] = score("ogrs3", '  {"a": }')
    assert result["error"] == "invalid JSON: expecting a value at column 9"
