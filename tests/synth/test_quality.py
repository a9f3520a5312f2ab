"""The quality profile: per-provider parameters with the seed inspection's defaults, read from JSON
with clear errors, and carried into the generator."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from probation.synth.generator import generate
from probation.synth.quality import DEFAULT, SEED_CRC, SEED_NPS, SHARES, ProviderQuality, QualityProfile

AS_AT = date(2026, 11, 2)


def test_the_defaults_are_the_seeds_crc_and_nps_with_the_crc_worse_where_the_seed_found_fault():
    assert DEFAULT.public == SEED_NPS and DEFAULT.private == SEED_CRC
    for name in (
        "no_action",
        "risk_not_minimised",
        "late_plan",
        "risky_step_down",
        "contact_level_missed",
        "missed_enforcement",
        "ro_changes_per_year",
        "late_oversight",
        "late_sfo_notification",
    ):
        assert getattr(SEED_CRC, name) > getattr(SEED_NPS, name), name


def test_a_provider_takes_its_own_quality_else_its_sectors():
    class P:
        def __init__(self, code, public):
            self.code, self.public = code, public

    special = ProviderQuality(late_plan=0.5)
    profile = QualityProfile(providers={"SWM": special})
    assert profile.for_provider(P("SWM", False)) is special
    assert profile.for_provider(P("DLNR", False)) == SEED_CRC
    assert profile.for_provider(P("NPS", True)) == SEED_NPS


@pytest.mark.parametrize(
    "values, message",
    [
        ({"late_plan": 1.2}, "late_plan is a share of cases and must be between 0 and 1"),
        ({"late_plan": -0.1}, "between 0 and 1"),
        ({"late_plan": "0.2"}, "late_plan must be a number"),
        ({"late_plan": True}, "late_plan must be a number"),
        ({"ro_changes_per_year": 13}, "between 0 and 12 changes a year"),
    ],
)
def test_a_share_out_of_range_is_refused(values, message):
    with pytest.raises(ValueError, match=message):
        ProviderQuality(**values)


@pytest.mark.parametrize(
    "data, message",
    [
        ([], "is a JSON object"),
        ({"crc": {}}, "Unknown key crc in the quality profile"),
        (
            {"private": {"late_plans": 0.1}},
            r"Unknown share late_plans in `private` \(the shares are no_action",
        ),
        ({"private": {"late_plan": 2}}, r"In `private`: late_plan is a share"),
        ({"providers": {"SWM": {"missed_enforcement": -1}}}, r"In `providers.SWM`"),
        ({"providers": []}, "`providers` must be an object"),
    ],
)
def test_a_bad_profile_is_refused_with_where_and_why(data, message):
    with pytest.raises(ValueError, match=message):
        QualityProfile.from_dict(data)


def test_a_profile_changes_only_what_it_names_and_round_trips():
    profile = QualityProfile.from_dict(
        {"private": {"late_plan": 0.1}, "providers": {"NPS": {"no_action": 0.2}}}
    )
    assert profile.private.late_plan == 0.1 and profile.private.no_action == SEED_CRC.no_action
    assert (
        profile.providers["NPS"].no_action == 0.2 and profile.providers["NPS"].late_plan == SEED_NPS.late_plan
    )
    assert QualityProfile.from_dict(profile.to_dict()) == profile
    assert set(profile.to_dict()["public"]) == set(SHARES)


def test_the_profile_changes_the_region_and_the_same_profile_gives_the_same_records():
    perfect = QualityProfile.uniform(ProviderQuality())
    first = generate(people=60, seed=4, as_at=AS_AT, quality=perfect)
    assert first == generate(people=60, seed=4, as_at=AS_AT, quality=perfect)
    assert first != generate(people=60, seed=4, as_at=AS_AT)
    risks = {r["id"] for r in first if r["type"] == "identified_risk"}
    actioned = {r["risk"] for r in first if r["type"] == "risk_action"}
    assert risks and risks <= actioned  # nothing left without an action
    worst = QualityProfile.uniform(ProviderQuality(no_action=1.0))
    assert not [
        r for r in generate(people=60, seed=4, as_at=AS_AT, quality=worst) if r["type"] == "risk_action"
    ]


def test_generate_refuses_something_that_is_not_a_profile():
    with pytest.raises(ValueError, match="quality must be a QualityProfile"):
        generate(people=5, seed=1, as_at=AS_AT, quality={"private": {}})


def test_the_generate_command_reads_a_profile_file(tmp_path):
    target = tmp_path / "quality.json"
    target.write_text(json.dumps({"public": {"no_action": 1}, "private": {"no_action": 1}}))
    out = StringIO()
    call_command(
        "generate",
        "--people",
        "30",
        "--seed",
        "3",
        "--as-at",
        "2026-11-02",
        "--quality",
        str(target),
        stdout=out,
    )
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert any(r["type"] == "identified_risk" for r in records)
    assert not any(r["type"] == "risk_action" for r in records)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "Cannot read the quality profile"),
        ("{not json", "is not valid JSON"),
        ('{"private": {"late_plan": 5}}', "late_plan is a share of cases"),
    ],
)
def test_the_generate_command_explains_a_bad_profile_file(tmp_path, content, message):
    target = tmp_path / "quality.json"
    if content is not None:
        target.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("generate", "--people", "5", "--seed", "1", "--quality", str(target), stdout=StringIO())
