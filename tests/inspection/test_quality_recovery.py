"""An inspection finds what the region was made with.

One region is generated with known quality: the NPS works to a "good" profile and the CRC to the
seed's (Staffordshire CRC, 2016). It is imported through the interchange importer, its indicators are
refreshed, and every case is inspected (`probation inspect run --all`, through the same services).

For each indicator the generator applies its share per case, and only to cases the indicator can
decide (`probation.synth.quality`), so the expected share of decided cases not met is the parameter
itself — except `ro_continuity`, whose expectation is worked out case by case from the Poisson rate
of changes and each case's time under supervision in the last year. An observed share passes when it
is within 3 binomial standard errors of the expectation (plus half a case, a continuity correction).

The key questions of the 2016 themes built only from these indicators are then expected, case by
case, to be sufficient with the product of the met-probabilities of the indicators that apply to the
case; their percentages must be within 3 standard errors of that, and their ratings must be the band
the expectation falls in whenever it is more than 3 standard errors from a band's edge.

It can fail: the two providers' shares must differ significantly wherever their parameters do.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.db import transaction

from probation.inspection import rules, sampling
from probation.inspection.indicators import refresh_all
from probation.inspection.services import assessment
from probation.interchange.importer import import_records
from probation.synth.generator import generate
from probation.synth.quality import SEED_CRC, ProviderQuality, QualityProfile
from probation.workforce.constants import AssignmentReason
from probation.workforce.models import Provider, ResponsibleOfficerAssignment

# Marked so that the test database is set up; the region itself is built once, by the module fixture.
pytestmark = pytest.mark.django_db

AS_AT = date(2026, 11, 2)
PEOPLE = 1200
SEED = 2016
GOOD = ProviderQuality(
    no_action=0.05,
    risk_not_minimised=0.08,
    late_assessment=0.05,
    late_plan=0.06,
    plan_misses_needs=0.06,
    late_first_contact=0.03,
    risky_step_down=0.05,
    contact_level_missed=0.05,
    missed_enforcement=0.05,
    ro_changes_per_year=0.3,
)
PROFILE = QualityProfile(public=GOOD, private=SEED_CRC)
PROVIDERS = {"NPS": GOOD, "SWM": SEED_CRC}  # Staffordshire and West Midlands CRC
# Indicator → the parameter that decides it (the share of decided cases not met).
PARAMETER = {
    "risk_followed_through": "no_action",
    "risk_minimised": "risk_not_minimised",
    "assessment_timely": "late_assessment",
    "plan_timely": "late_plan",
    "plan_addresses_needs": "plan_misses_needs",
    "first_contact_timely": "late_first_contact",
    "step_down_compatible": "risky_step_down",
    "contact_level_met": "contact_level_missed",
    "enforcement_appropriate": "missed_enforcement",
}
INDICATORS = [*PARAMETER, "ro_continuity"]
THEMES = "hmip-2016-quality-and-impact"
# The themes whose key questions rest only on the indicators above.
KEY_QUESTIONS = ("T1.1", "T2.1", "T3.1", "T5.1", "T6.1")
Z = 3
RO_LIMIT = 3  # `continuity.warn_at_change`


@dataclass
class ProviderResult:
    rows: dict  # (person id, indicator) → Evidence
    ro_met: dict  # person id → probability that ro_continuity is met
    rated: dict  # assessment.rate() for the 2016 themes
    judged: dict  # key question code → [(person id, sufficient)] of the cases judged
    prompts: dict  # key question code → [indicator slugs of each prompt]


def _poisson_below(k: int, mean: float) -> float:
    return sum(math.exp(-mean) * mean**i / math.factorial(i) for i in range(max(0, k)))


def _ro_met_probability(assignments: list[tuple[date, str]], per_year: float) -> float:
    """P(fewer than RO_LIMIT changes in the year to AS_AT) for one case, from how the allocation
    step draws them: a Poisson process from the first assignment (from the referral back, for a case
    that came back from a CRC, which is a change of its own)."""
    window = AS_AT - timedelta(days=365)
    first = min(start for start, _reason in assignments)
    escalations = [start for start, reason in assignments if reason == AssignmentReason.RISK_ESCALATION]
    since = max([first, *escalations, window])
    extra = sum(1 for start in escalations if start > window)
    return _poisson_below(RO_LIMIT - extra, per_year * (AS_AT - since).days / 365.25)


def _inspect() -> dict[str, ProviderResult]:
    records = generate(
        people=PEOPLE, seed=SEED, areas=["Staffordshire & Stoke"], as_at=AS_AT, quality=PROFILE
    )
    import_records([json.dumps(r) for r in records])
    refresh_all(on=AS_AT)
    providers = list(Provider.objects.filter(code__in=PROVIDERS))
    assert {p.code for p in providers} == set(PROVIDERS)
    sample = sampling.draw_sample(
        providers=providers, window_start=AS_AT - timedelta(days=3650), window_end=AS_AT, take_all=True
    )
    structure = assessment.structure_for(THEMES)
    ids = [case.person_id for case in sample.cases]
    rows = assessment.indicator_rows(ids, set(INDICATORS) | set(structure.indicator_slugs))
    answers = assessment.compute_answers(structure, ids, rows)
    assignments = defaultdict(list)
    for person_id, start, reason in ResponsibleOfficerAssignment.objects.filter(
        person_id__in=ids
    ).values_list("person_id", "start_date", "reason"):
        assignments[person_id].append((start, reason))
    kq_by_id = {kq.pk: kq for kqs in structure.key_questions.values() for kq in kqs}
    prompts = {kq.code: [p.indicators for p in structure.prompts.get(kq.pk, [])] for kq in kq_by_id.values()}
    results = {}
    for provider in providers:
        cases = [c.person_id for c in sample.cases if c.provider_id == provider.pk]
        quality = PROVIDERS[provider.code]
        judgements = {pid: assessment.judge(structure, answers[pid].answers) for pid in cases}
        judged = defaultdict(list)
        for pid, by_kq in judgements.items():
            for kq_id, judgement in by_kq.items():
                if judgement.applicable and judgement.sufficient is not None:
                    judged[kq_by_id[kq_id].code].append((pid, judgement.sufficient))
        results[provider.code] = ProviderResult(
            rows={key: row for key, row in rows.items() if key[0] in set(cases)},
            ro_met={pid: _ro_met_probability(assignments[pid], quality.ro_changes_per_year) for pid in cases},
            rated=assessment.rate(structure, judgements.values()),
            judged=dict(judged),
            prompts=prompts,
        )
    return results


@pytest.fixture(scope="module")
def inspected(django_db_setup, django_db_blocker):
    """The region, imported, refreshed and inspected once for the module; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _inspect()
        transaction.set_rollback(True)


def _met_probability(result: ProviderResult, code: str, pid: int, slug: str) -> float:
    if slug == "ro_continuity":
        return result.ro_met[pid]
    return 1 - getattr(PROVIDERS[code], PARAMETER[slug])


def _decided(result: ProviderResult, slug: str) -> list[tuple[int, bool]]:
    return [
        (pid, row.met)
        for (pid, s), row in result.rows.items()
        if s == slug and row.applicable and row.met is not None
    ]


def _tolerance(variance_sum: float, n: int) -> float:
    """Z standard errors of a proportion of n cases (from the sum of the cases' variances), plus half a
    case."""
    return Z * math.sqrt(variance_sum) / n + 0.5 / n


@pytest.mark.parametrize("code", PROVIDERS)
@pytest.mark.parametrize("slug", INDICATORS)
def test_each_indicator_finds_its_parameter_within_sampling_error(inspected, code, slug):
    result = inspected[code]
    decided = _decided(result, slug)
    n = len(decided)
    # Step-downs are few: the generated CRC has few cases whose risks forbid one (its high-risk cases
    # go back to the NPS), so with half its step-downs risky it steps down few at all. That indicator
    # is checked loosely at this size; the others on hundreds of cases.
    assert n >= (5 if slug == "step_down_compatible" else 100), f"{code} {slug}: only {n} cases decided"
    expected = [1 - _met_probability(result, code, pid, slug) for pid, _met in decided]
    observed = sum(not met for _pid, met in decided) / n
    mean = sum(expected) / n
    tolerance = _tolerance(sum(e * (1 - e) for e in expected), n)
    assert abs(observed - mean) <= tolerance, (
        f"{code} {slug}: {observed:.3f} of {n} decided cases not met; expected {mean:.3f} ± {tolerance:.3f}"
    )


def _shares(inspected, slug: str) -> dict[str, tuple[int, int]]:
    shares = {}
    for code, result in inspected.items():
        decided = _decided(result, slug)
        shares[code] = (sum(not met for _pid, met in decided), len(decided))
    return shares


def _z(p1: float, n1: int, p2: float, n2: int) -> float:
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    return (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))


def test_the_two_providers_differ_where_their_parameters_do(inspected):
    """A two-proportion z-test, for every indicator whose parameters differ by enough for these case
    numbers (an expected z of 6 or more): the CRC's share not met is significantly above the NPS's."""
    compared = []
    for slug, parameter in PARAMETER.items():
        shares = _shares(inspected, slug)
        (x1, n1), (x2, n2) = shares["SWM"], shares["NPS"]
        p1, p2 = getattr(PROVIDERS["SWM"], parameter), getattr(PROVIDERS["NPS"], parameter)
        if _z(p1, n1, p2, n2) < 2 * Z:
            continue
        compared.append(slug)
        z = _z(x1 / n1, n1, x2 / n2, n2)
        assert z > Z, f"{slug}: CRC {x1}/{n1} against NPS {x2}/{n2} not met (z = {z:.1f})"
    assert len(compared) >= 5, compared


def _kq_expectation(result: ProviderResult, code: str, kq: str) -> tuple[float, float, int]:
    """The expected share sufficient of the cases judged on a key question, its tolerance and n."""
    slugs = [slug for prompt in result.prompts[kq] for slug in prompt]
    expected = []
    for pid, _sufficient in result.judged[kq]:
        probability = 1.0
        for slug in slugs:
            row = result.rows.get((pid, slug))
            if row is not None and row.applicable:
                probability *= _met_probability(result, code, pid, slug)
        expected.append(probability)
    n = len(expected)
    return sum(expected) / n, _tolerance(sum(e * (1 - e) for e in expected), n), n


def _band_edges() -> list[float]:
    return [rules.STANDARD_BANDS[r] / 100 for r in ("outstanding", "good", "requires_improvement")]


@pytest.mark.parametrize("code", PROVIDERS)
@pytest.mark.parametrize("kq", KEY_QUESTIONS)
def test_key_questions_rate_as_the_bands_say(inspected, code, kq):
    result = inspected[code]
    mean, tolerance, n = _kq_expectation(result, code, kq)
    found = result.rated["key_questions"][kq]
    assert found["applicable"] == n
    observed = found["sufficient"] / n
    assert abs(observed - mean) <= tolerance, (
        f"{code} {kq}: {observed:.3f} of {n} cases sufficient; expected {mean:.3f} ± {tolerance:.3f}"
    )
    expected_rating = rules.rating_for_share(Fraction(mean).limit_denominator(10**6)).value
    if all(abs(mean - edge) > tolerance for edge in _band_edges()):
        assert found["rating"] == expected_rating, (code, kq, observed, mean)
        standard = kq.split(".")[0]
        assert result.rated["standards"][standard]["rating"] == expected_rating


def test_the_seed_like_crc_rates_below_the_good_nps_where_the_seed_found_fault(inspected):
    order = ["inadequate", "requires_improvement", "good", "outstanding"]
    nps, crc = inspected["NPS"].rated["standards"], inspected["SWM"].rated["standards"]
    for standard in ("T2", "T3", "T5"):  # risk of harm, sentence planning, continuity
        assert order.index(crc[standard]["rating"]) < order.index(nps[standard]["rating"]), standard
    assert nps["T1"]["rating"] == crc["T1"]["rating"] == "outstanding"  # assessments done well by both
