"""Answers, judgements and ratings for a set of sampled cases, computed from the case indicators.

Set-based: the standards are read in three queries and the indicator rows for every sampled case
in one; everything after that is the pure rules in `probation.inspection.rules`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from probation.core import reference

from .. import rules
from ..constants import Answer
from ..models import CaseIndicator, KeyQuestion, Prompt, Standard, StandardSet

DEFAULT_STANDARD_SET = "hmip-2018-case-supervision"


@dataclass
class Structure:
    standard_set: StandardSet
    standards: list[Standard]
    key_questions: dict[int, list[KeyQuestion]]  # standard id → its key questions
    prompts: dict[int, list[Prompt]]  # key question id → its prompts

    @property
    def all_prompts(self) -> list[Prompt]:
        return [p for kq_prompts in self.prompts.values() for p in kq_prompts]

    @property
    def indicator_slugs(self) -> list[str]:
        slugs: list[str] = []
        for prompt in self.all_prompts:
            for slug in prompt.indicators or []:
                if slug not in slugs:
                    slugs.append(slug)
        return slugs


def structure_for(standard_set: StandardSet | str) -> Structure:
    """The standards, key questions and prompts of a set, in their order (three or four queries)."""
    if isinstance(standard_set, str):
        standard_set = StandardSet.objects.get(code=standard_set)
    standards = list(Standard.objects.filter(standard_set=standard_set))
    key_questions: dict[int, list[KeyQuestion]] = defaultdict(list)
    for kq in KeyQuestion.objects.filter(standard__standard_set=standard_set):
        key_questions[kq.standard_id].append(kq)
    prompts: dict[int, list[Prompt]] = defaultdict(list)
    for prompt in Prompt.objects.filter(key_question__standard__standard_set=standard_set):
        prompts[prompt.key_question_id].append(prompt)
    return Structure(standard_set, standards, dict(key_questions), dict(prompts))


@dataclass(frozen=True)
class Evidence:
    indicator: str
    applicable: bool
    met: bool | None
    evidence_type: str
    evidence_id: int | None


@dataclass
class CaseAnswers:
    """The computed answer to every prompt for one case, with the indicator rows behind it."""

    person_id: int
    answers: dict[int, Answer] = field(default_factory=dict)  # prompt id → answer
    evidence: dict[int, list[Evidence]] = field(default_factory=dict)  # prompt id → rows


def indicator_rows(person_ids: Iterable[int], slugs: Iterable[str]) -> dict[tuple[int, str], Evidence]:
    rows = CaseIndicator.objects.filter(
        person_id__in=list(person_ids), indicator__in=list(slugs)
    ).values_list("person_id", "indicator", "applicable", "met", "evidence_type", "evidence_id")
    return {
        (pid, slug): Evidence(slug, applicable, met, etype, eid)
        for pid, slug, applicable, met, etype, eid in rows
    }


def compute_answers(
    structure: Structure, person_ids: Iterable[int], rows: Mapping[tuple[int, str], Evidence] | None = None
) -> dict[int, CaseAnswers]:
    person_ids = list(person_ids)
    if rows is None:
        rows = indicator_rows(person_ids, structure.indicator_slugs)
    result: dict[int, CaseAnswers] = {}
    for pid in person_ids:
        case = CaseAnswers(pid)
        for prompt in structure.all_prompts:
            found = [rows.get((pid, slug)) for slug in prompt.indicators or []]
            case.answers[prompt.pk] = rules.prompt_answer(
                None if row is None else (row.applicable, row.met) for row in found
            )
            case.evidence[prompt.pk] = [row for row in found if row is not None]
        result[pid] = case
    return result


def judge(structure: Structure, answers: Mapping[int, Answer | str]) -> dict[int, rules.Judgement]:
    """Key question id → judgement, from one case's answers (prompt id → answer)."""
    return {
        kq.pk: rules.key_question_judgement(answers[p.pk] for p in structure.prompts.get(kq.pk, []))
        for kqs in structure.key_questions.values()
        for kq in kqs
    }


# Aggregation ----------------------------------------------------------------------------------------
def _percent(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else round(100 * numerator / denominator, 1)


def rate(structure: Structure, judgements: Iterable[Mapping[int, rules.Judgement]]) -> dict:
    """Ratings per key question, standard and overall from the cases' judgements.

    Returns {"key_questions": {code: {...}}, "standards": {code: {...}}, "overall": rating or None}.
    """
    bands = reference.value("inspection.standard_bands")
    scores = reference.value("inspection.standard_scores")
    overall_bands = reference.value("inspection.overall_bands_for_ten")
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # applicable, sufficient, undecided
    for case in judgements:
        for kq_id, judgement in case.items():
            if not judgement.applicable:
                continue
            if judgement.sufficient is None:
                counts[kq_id][2] += 1
                continue
            counts[kq_id][0] += 1
            counts[kq_id][1] += int(judgement.sufficient)
    key_questions, standards, ratings = {}, {}, []
    for standard in structure.standards:
        pairs = []
        for kq in structure.key_questions.get(standard.pk, []):
            applicable, sufficient, undecided = counts[kq.pk]
            share = rules.key_question_fraction(sufficient, applicable)
            key_questions[kq.code] = {
                "applicable": applicable,
                "sufficient": sufficient,
                "undecided": undecided,
                "percent": _percent(sufficient, applicable),
                "rating": None if share is None else rules.rating_for_share(share, bands).value,
            }
            pairs.append((sufficient, applicable))
        rating = rules.standard_rating(pairs, bands)
        ratings.append(rating)
        standards[standard.code] = {
            "name": standard.name,
            "rating": rating.value if rating else None,
            "score": rules.standard_score(rating, scores) if rating else None,
        }
    overall = rules.overall_rating(ratings, scores, overall_bands)
    return {
        "key_questions": key_questions,
        "standards": standards,
        "overall": overall.value if overall else None,
    }


def indicator_summary(rows: Iterable[Evidence], slugs: Iterable[str]) -> dict[str, dict]:
    """Per indicator: cases it applies to, cases meeting it, cases it cannot decide, and the percent
    of applicable cases meeting it (as the dashboard's snapshots count: undecided cases are applicable
    and not met)."""
    tally = {slug: [0, 0, 0] for slug in slugs}
    for row in rows:
        if row.indicator not in tally or not row.applicable:
            continue
        tally[row.indicator][0] += 1
        if row.met is None:
            tally[row.indicator][2] += 1
        elif row.met:
            tally[row.indicator][1] += 1
    return {
        slug: {"applicable": a, "met": m, "undecided": u, "percent": _percent(m, a)}
        for slug, (a, m, u) in tally.items()
    }
