"""Risk travels in the interchange format: the synthetic region's assessments, identified risks,
plan actions, registrations, MAPPA, partner checks and significant events import cleanly, a second
import changes nothing, an export gives them back, and a bad record is reported by line and field."""

import io
import json
from collections import Counter
from datetime import date

import pytest

from probation.interchange.exporter import export_records
from probation.interchange.importer import ImportRejected, import_records
from probation.risk.models import IdentifiedRisk, NeedRating, RiskAction, RiskAssessment
from probation.synth.context import GenerationContext
from probation.synth.generator import generate
from probation.synth.registry import steps
from probation.synth.steps.risk import NO_ACTION_SHARE

AS_AT = date(2026, 11, 18)
RISK_TYPES = (
    "risk_assessment",
    "identified_risk",
    "risk_action",
    "registration",
    "mappa",
    "risk_plan",
    "partner_check",
    "significant_event",
)


@pytest.fixture(scope="module")
def region():
    return generate(people=150, seed=21, as_at=AS_AT)


def lines(records):
    return [json.dumps(r) for r in records]


def _import(records):
    try:
        return import_records(lines(records))
    except ImportRejected as rejected:
        pytest.fail("\n".join(str(p) for p in rejected.problems[:20]))


def test_the_risk_step_runs_after_allocation_and_before_contacts():
    order = [s.name for s in steps()]
    assert order.index("allocation") < order.index("risk") < order.index("contacts")
    assert "allocation_decisions" in order


def test_the_region_has_every_risk_type_and_high_assessments_are_countersigned(region):
    counts = Counter(r["type"] for r in region)
    for name in RISK_TYPES:
        assert counts[name] > 0, name
    for r in region:
        if r["type"] == "risk_assessment" and r.get("status") == "complete":
            if r["rosh_overall"] in ("high", "very_high"):
                assert r["countersigned_by"] != r["assessed_by"]


@pytest.fixture(scope="module")
def generated_context():
    """The foundation steps for 3,000 people, then the risk step alone."""
    ctx = GenerationContext(
        people_count=3000, seed=5, as_at=AS_AT, area_names=["Staffordshire & Stoke", "Derbyshire"]
    )
    chosen = {s.name: s for s in steps()}
    for name in ("organisation", "staff", "people", "sentences", "allocation"):
        list(chosen[name].run(ctx, ctx.rng(name)))
    return ctx, list(chosen["risk"].run(ctx, ctx.rng("risk")))


def test_nps_cases_carry_higher_rosh_and_fewer_unactioned_risks_than_crc_cases(generated_context):
    ctx, records = generated_context
    provider = {p.id: ("NPS" if p.provider.public else "CRC") for p in ctx.people}
    high, total = Counter(), Counter()
    for person_id, level in ctx.extra["rosh"].items():
        total[provider[person_id]] += 1
        high[provider[person_id]] += level in ("high", "very_high")
    assert high["NPS"] / total["NPS"] > 0.4
    assert 0 < high["CRC"] / total["CRC"] < 0.15
    actioned = {r["risk"] for r in records if r["type"] == "risk_action"}
    missing, risks = Counter(), Counter()
    for r in records:
        if r["type"] == "identified_risk":
            risks[provider[r["person"]]] += 1
            missing[provider[r["person"]]] += r["id"] not in actioned
    for p in ("NPS", "CRC"):
        assert abs(missing[p] / risks[p] - NO_ACTION_SHARE[p]) < 0.06, (p, missing[p] / risks[p])
    overdue = [r for r in records if r["type"] == "registration" and r["review_due"] < AS_AT.isoformat()]
    assert overdue
    levels = Counter(r["level"] for r in records if r["type"] == "mappa")
    assert levels[1] > levels[2] > 0


def test_the_region_imports_cleanly_twice_changes_nothing_and_exports_the_same(db, region):
    result = _import(region)
    assessments = [r for r in region if r["type"] == "risk_assessment"]
    assert result.counts["risk_assessment"]["created"] == RiskAssessment.objects.count() == len(assessments)
    assert NeedRating.objects.count() == sum(len(r.get("needs", {})) for r in assessments)
    assert IdentifiedRisk.objects.exists() and RiskAction.objects.exists()
    again = _import(region)
    for name in RISK_TYPES:
        assert again.counts[name].get("created", 0) == 0, name
        assert again.counts[name].get("updated", 0) == 0, name
    out = io.StringIO()
    export_records(out)
    exported = {}
    for line in out.getvalue().splitlines():
        record = json.loads(line)
        if record["type"] in RISK_TYPES:
            exported[(record["type"], record["id"])] = record
    generated = {(r["type"], r["id"]): r for r in region if r["type"] in RISK_TYPES}
    differing = [(generated[k], exported.get(k)) for k in generated if exported.get(k) != generated[k]]
    assert not differing, differing[:3]
    assert exported.keys() == generated.keys()


def test_changed_needs_are_rewritten(db, region):
    _import(region)
    first = next(r for r in region if r["type"] == "risk_assessment")
    changed = dict(first, needs={"accommodation": "severe", "drugs": "standard"})
    result = _import([changed])
    assert result.counts["risk_assessment"]["updated"] == 1
    ratings = dict(
        NeedRating.objects.filter(assessment__external_id=first["id"]).values_list("need", "severity")
    )
    assert ratings == {"accommodation": "severe", "drugs": "standard"}


def test_a_bad_record_is_reported_with_its_line_and_field(db, region):
    _import(region)
    person = next(r for r in region if r["type"] == "person")
    staff = [r for r in region if r["type"] == "staff"][:1][0]
    bad = [
        {
            "type": "registration",
            "id": "reg-x",
            "person": person["id"],
            "flag": "NOPE",
            "registered_on": "2026-01-01",
            "review_due": "2026-07-01",
        },
        {
            "type": "risk_assessment",
            "id": "ra-x",
            "person": person["id"],
            "sequence": 9,
            "status": "complete",
            "assessed_by": staff["id"],
            "started_on": "2026-01-01",
            "submitted_on": "2026-01-02",
            "completed_on": "2026-01-02",
            "rosh_overall": "high",
        },
        {
            "type": "risk_assessment",
            "id": "ra-y",
            "person": person["id"],
            "sequence": 10,
            "status": "superseded",
            "assessed_by": staff["id"],
            "started_on": "2026-01-01",
            "completed_on": "2026-01-02",
            "rosh_overall": "low",
            "needs": {"accommodation": "dire"},
        },
    ]
    before = RiskAssessment.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        import_records(lines(bad))
    found = {(p.line, p.field) for p in rejected.value.problems}
    assert (1, "flag") in found
    assert (2, "countersigned_by") in found
    assert (3, "needs") in found
    assert RiskAssessment.objects.count() == before
