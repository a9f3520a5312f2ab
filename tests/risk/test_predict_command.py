"""The `probation predict` console command: one output line per input line, in order."""

import json
import subprocess
import sys
from pathlib import Path

PROBATION = Path(sys.executable).with_name("probation")

WORKED = {
    "sex": "male", "date_of_birth": "1991-07-17", "conviction_date": "2021-08-05",
    "follow_up_start": "2021-12-12", "sanctions": 2, "first_sanction_age": 21, "offence": "other",
}


def run(*args, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([str(PROBATION), "predict", *args], input=stdin, capture_output=True, text=True,
                          timeout=60)


def test_ogrs3_scores_each_line_in_order_and_reports_bad_lines_without_stopping(tmp_path):
    lines = [
        json.dumps(WORKED),
        "{not json",
        json.dumps({**WORKED, "offence": "fraud_forgery"}),
        json.dumps({**WORKED, "offence": "piracy"}),
        json.dumps({k: v for k, v in WORKED.items() if k != "sex"}),
        json.dumps({**WORKED, "first_sanction_age": 40}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n")
    result = run("ogrs3", str(source))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0] == {"one_year": 9, "two_year": 17, "band": "low"}
    assert "error" in out[1]
    assert out[2] == {"one_year": 11, "two_year": 20, "band": "low"}
    assert "piracy" in out[3]["error"] or "offence" in out[3]["error"]
    assert "sex" in out[4]["error"]
    assert "error" in out[5]


def test_ogrs3_reads_standard_input_when_given_a_dash():
    result = run("ogrs3", "-", stdin=json.dumps(WORKED) + "\n")
    assert json.loads(result.stdout) == {"one_year": 9, "two_year": 17, "band": "low"}


def test_tier_gives_the_documented_output_shape():
    line = {
        "sex": "female", "as_of": "2026-11-28", "rosh": "high", "rsr": 2.0, "mappa_level": None,
        "complexity_flags": ["self_harm"], "women_factors": ["parenting"], "custodial": False,
        "requirements": ["rar"], "needs": {"accommodation": "severe", "thinking_behaviour": "severe",
                                            "attitudes": "standard"},
        "needs_assessed_on": "2026-06-01", "ogrs": 45, "iom": False,
    }
    result = run("tier", "-", stdin=json.dumps(line) + "\n")
    out = json.loads(result.stdout)
    # Protect: RoSH high 20 + self-harm 2 + parenting 2 = 24 → B. Change: 2 + 4 + 2 + floor(45/10)=4 → 12 → 2.
    assert out == {"tier": "B2", "protect": "B", "change": 2, "protect_points": 24, "change_points": 12}


def test_an_unknown_predictor_is_refused_with_a_clear_message():
    result = run("bogus")
    assert result.returncode == 2
    assert "unknown predictor 'bogus'" in result.stderr
