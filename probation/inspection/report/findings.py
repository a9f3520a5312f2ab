"""Findings as proportions of cases, in the words of an inspection report ("In almost half of the
cases, …"). Phrases come from `probation.lib.stats.proportion_phrase`, which never overstates."""

from __future__ import annotations

import re
from collections import defaultdict

from probation.lib.stats import proportion_phrase

from ..models import CaseIndicator, Inspection


def sentence(numerator: int, denominator: int, clause: str) -> str:
    """ "In almost half of the cases, <clause>." — capitalised, with a full stop."""
    phrase = proportion_phrase(numerator, denominator)
    clause = clause.strip().rstrip(".")
    return f"{phrase[0].upper()}{phrase[1:]}, {clause}."


_DOES = re.compile(
    r"^(?:does|do) (?P<subject>.+?) (?P<verb>focus|take|involve|include|address)\b(?P<rest>.*)$", re.I
)


def kq_clause(text: str) -> str:
    """A key question as a statement: "Does planning focus sufficiently on X?" becomes "planning
    focused sufficiently on X"; any other question becomes "the answer to “…” was yes"."""
    question = text.strip().rstrip("?").strip()
    match = _DOES.match(question)
    if match:
        subject, verb = match["subject"], match["verb"].lower()
        past = verb + ("d" if verb.endswith("e") else "ed")
        return f"{subject[0].lower()}{subject[1:]} {past}{match['rest']}"
    return f"the answer to “{question}?” was yes"


def key_question_findings(ratings: list[dict]) -> list[dict]:
    """Per provider, one finding per key question with decided cases (from `provider_ratings`)."""
    result = []
    for entry in ratings:
        items = []
        for kq in entry["key_questions"]:
            if not kq["applicable"]:
                continue
            items.append(
                {
                    "code": kq["key_question"].code,
                    "sufficient": kq["sufficient"],
                    "applicable": kq["applicable"],
                    "text": sentence(kq["sufficient"], kq["applicable"], kq_clause(kq["key_question"].text)),
                }
            )
        result.append({"provider": entry["provider"], "findings": items})
    return result


def indicator_counts(inspection: Inspection) -> dict[tuple[int, str], tuple[int, int]]:
    """(provider id, indicator) → (sampled cases it applies to and decides, cases meeting it), from
    the cases' current indicator results (one query)."""
    provider_of = dict(inspection.cases.values_list("person_id", "provider_id"))
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for person_id, slug, met in CaseIndicator.objects.filter(
        person_id__in=list(provider_of), applicable=True, met__isnull=False
    ).values_list("person_id", "indicator", "met"):
        cell = counts[(provider_of[person_id], slug)]
        cell[0] += 1
        cell[1] += int(met)
    return {key: (applicable, met) for key, (applicable, met) in counts.items()}


def published_indicator_counts(inspection: Inspection) -> dict[tuple[int, str], tuple[int, int]]:
    """The counts stored when the inspection was published (one query)."""
    return {
        (provider_id, slug): (applicable, met)
        for provider_id, slug, applicable, met in inspection.indicator_findings.values_list(
            "provider_id", "indicator", "applicable", "met"
        )
    }


def indicator_findings(inspection: Inspection) -> dict[int, list[dict]]:
    """Provider id → findings per case indicator over the sampled cases: as published, once the
    inspection is; until then from the cases' current results."""
    from ..constants import InspectionStatus

    if inspection.status == InspectionStatus.PUBLISHED:
        counts = published_indicator_counts(inspection)
    else:
        counts = indicator_counts(inspection)
    result: dict[int, list[dict]] = defaultdict(list)
    for (provider_id, slug), (applicable, met) in sorted(counts.items(), key=lambda kv: kv[0][1]):
        label = slug.replace("_", " ")
        result[provider_id].append(
            {
                "indicator": slug,
                "met": met,
                "applicable": applicable,
                "text": sentence(met, applicable, f"the case met the indicator “{label}”"),
            }
        )
    return dict(result)
