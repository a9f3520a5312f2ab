"""Reads for the inspection pages, scoped to what the user may see.

- Inspectors see the inspections they lead or have cases assigned in.
- Managers and quality-assurance staff see their provider's local audits.
- A sampled case is open to the lead and to the inspector it is assigned to; to anyone else it does
  not exist.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from probation.core import reference
from probation.workforce.constants import Role
from probation.workforce.models import Provider, Staff, Team

from . import rules
from .constants import InspectionKind, InspectionStatus, Rating
from .models import Inspection, InspectionCase, KeyQuestion, KeyQuestionJudgement, ProviderRating, Standard

RUNNING_ROLES = (Role.INSPECTOR, Role.QUALITY_ASSURANCE, Role.MANAGER)


def may_run_inspections(user) -> bool:
    """Inspectors, quality-assurance staff and managers use the inspection pages."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(user.has_role(role) for role in RUNNING_ROLES) or user.is_head


def is_lead(user, inspection: Inspection) -> bool:
    return inspection.lead_id == user.pk


def auditable_teams(user) -> QuerySet[Team]:
    """The teams a manager or quality-assurance member may audit: their own team and the teams
    they manage, in their provider. None for inspectors, whose work is inspections."""
    if not may_run_inspections(user) or user.has_role(Role.INSPECTOR) or not user.provider_id:
        return Team.objects.none()
    return Team.objects.filter(Q(pk=user.team_id) | Q(manager=user), provider_id=user.provider_id).order_by(
        "name"
    )


def visible_inspections(user) -> QuerySet[Inspection]:
    if not may_run_inspections(user):
        return Inspection.objects.none()
    scope = Q(lead=user) | Q(cases__inspector=user)
    if user.provider_id and not user.has_role(Role.INSPECTOR):
        scope |= Q(kind=InspectionKind.LOCAL_AUDIT, providers=user.provider_id)
    ids = Inspection.objects.filter(scope).values("pk")
    return Inspection.objects.filter(pk__in=ids).select_related("standard_set", "lead", "area", "team")


def sample_cases(inspection: Inspection) -> list[InspectionCase]:
    return list(
        inspection.cases.select_related("person", "provider", "inspector").order_by(
            "provider__name", "person__last_name", "person__first_name"
        )
    )


def case_for(user, inspection: Inspection, pk: int) -> InspectionCase | None:
    """The sampled case if the user leads the inspection or is assigned the case; otherwise None."""
    case = (
        inspection.cases.select_related("person", "provider", "inspector", "moderated_by")
        .filter(pk=pk)
        .first()
    )
    if case is None or not (is_lead(user, inspection) or case.inspector_id == user.pk):
        return None
    return case


def _with_role(role: Role) -> Q:
    # Roles are a JSON list; matching the quoted name works on SQLite and PostgreSQL alike.
    return Q(roles__icontains=f'"{role.value}"')


def assignable_inspectors(inspection: Inspection) -> QuerySet[Staff]:
    """Inspectors for an inspection; for a local audit, the managers and QA staff of its provider."""
    staff = Staff.objects.filter(is_active=True).order_by("last_name", "first_name")
    if inspection.kind == InspectionKind.LOCAL_AUDIT:
        return staff.filter(provider_id=inspection.lead.provider_id).filter(
            _with_role(Role.QUALITY_ASSURANCE) | _with_role(Role.MANAGER)
        )
    return staff.filter(_with_role(Role.INSPECTOR))


def _label(rating) -> str:
    return Rating(rating).label if rating else "Not rated"


def provider_ratings(inspection: Inspection) -> list[dict]:
    """Ratings per provider from the stored judgements: one aggregate query, plus the standards."""
    standards = list(Standard.objects.filter(standard_set_id=inspection.standard_set_id))
    key_questions = list(KeyQuestion.objects.filter(standard__standard_set_id=inspection.standard_set_id))
    counts = {
        (row["case__provider_id"], row["key_question_id"]): row
        for row in KeyQuestionJudgement.objects.filter(case__inspection=inspection, applicable=True)
        .values("case__provider_id", "key_question_id")
        .annotate(
            decided=Count("pk", filter=Q(sufficient__isnull=False)),
            yes=Count("pk", filter=Q(sufficient=True)),
            undecided=Count("pk", filter=Q(sufficient__isnull=True)),
        )
    }
    bands = reference.value("inspection.standard_bands")
    scores = reference.value("inspection.standard_scores")
    overall_bands = reference.value("inspection.overall_bands_for_ten")
    results = []
    for provider in Provider.objects.filter(inspections=inspection).order_by("name"):
        kq_rows, st_rows, ratings = [], [], []
        for standard in standards:
            pairs = []
            for kq in (k for k in key_questions if k.standard_id == standard.pk):
                row = counts.get((provider.pk, kq.pk), {"decided": 0, "yes": 0, "undecided": 0})
                share = rules.key_question_fraction(row["yes"], row["decided"])
                kq_rows.append(
                    {
                        "key_question": kq,
                        "standard": standard,
                        "applicable": row["decided"],
                        "sufficient": row["yes"],
                        "undecided": row["undecided"],
                        "percent": rules.key_question_percent(row["yes"], row["decided"]),
                        "rating": rules.rating_for_share(share, bands).value if share is not None else None,
                    }
                )
                kq_rows[-1]["rating_label"] = _label(kq_rows[-1]["rating"])
                pairs.append((row["yes"], row["decided"]))
            rating = rules.standard_rating(pairs, bands)
            ratings.append(rating)
            st_rows.append(
                {
                    "standard": standard,
                    "rating": rating.value if rating else None,
                    "rating_label": _label(rating),
                    "score": rules.standard_score(rating, scores) if rating else None,
                }
            )
        overall = rules.overall_rating(ratings, scores, overall_bands)
        total = sum(r["score"] for r in st_rows if r["score"] is not None)
        results.append(
            {
                "provider": provider,
                "key_questions": kq_rows,
                "standards": st_rows,
                "overall": overall.value if overall else None,
                "overall_label": _label(overall),
                "total": total,
            }
        )
    return results


def published_ratings(inspection: Inspection) -> list[dict]:
    """The ratings stored when the inspection was published, in the shape `provider_ratings` gives:
    nothing is recalculated, so a later change to a case, a judgement or the bands changes nothing
    (two queries)."""
    rows = list(
        ProviderRating.objects.filter(inspection=inspection)
        .select_related("provider", "standard", "key_question__standard")
        .order_by("provider__name", "provider_id", "pk")
    )
    by_provider: dict[int, dict] = {}
    for row in rows:
        entry = by_provider.setdefault(
            row.provider_id,
            {
                "provider": row.provider,
                "key_questions": [],
                "standards": [],
                "overall": None,
                "overall_label": _label(None),
                "total": 0,
            },
        )
        rating = row.rating or None
        if row.key_question_id:
            entry["key_questions"].append(
                {
                    "key_question": row.key_question,
                    "standard": row.key_question.standard,
                    "applicable": row.applicable,
                    "sufficient": row.sufficient,
                    "undecided": row.undecided,
                    "percent": rules.key_question_percent(row.sufficient, row.applicable),
                    "rating": rating,
                    "rating_label": _label(rating),
                }
            )
        elif row.standard_id:
            entry["standards"].append(
                {
                    "standard": row.standard,
                    "rating": rating,
                    "rating_label": _label(rating),
                    "score": row.score,
                }
            )
        else:
            entry["overall"], entry["overall_label"], entry["total"] = rating, _label(rating), row.score or 0
    return list(by_provider.values())


def report_ratings(inspection: Inspection) -> list[dict]:
    """What the inspection's pages and report show: the published ratings once it is published,
    until then the ratings so far from the stored judgements."""
    if inspection.status == InspectionStatus.PUBLISHED:
        return published_ratings(inspection)
    return provider_ratings(inspection)


# Evidence behind a computed answer ---------------------------------------------------------------------
# Where on the case a record of each kind is shown (by app), so an inspector can check the evidence.
_EVIDENCE_PAGES = {
    "risk": "risk:overview",
    "plans": "plans:plan",
    "contacts": "contacts:list",
    "enforcement": "enforcement:case",
    "interventions": "referrals:list",
    "oversight": "oversight:case",
}


def evidence_link(crn: str, evidence_type: str) -> str:
    from django.urls import NoReverseMatch, reverse

    app = (evidence_type or "").split(".")[0]
    try:
        return reverse(_EVIDENCE_PAGES.get(app, "cases:overview"), kwargs={"crn": crn})
    except NoReverseMatch:
        return reverse("cases:overview", kwargs={"crn": crn})


def case_answers(case: InspectionCase) -> list:
    """The case's prompt answers in the standards' order, each with `evidence`: the indicator rows
    behind the computed answer and a link to the page showing the record (two queries)."""
    from .models import CaseIndicator

    answers = list(
        case.answers.select_related("prompt__key_question__standard").order_by(
            "prompt__key_question__standard__position", "prompt__key_question__position", "prompt__position"
        )
    )
    slugs = {slug for a in answers for slug in a.prompt.indicators or []}
    rows = {
        row.indicator: row
        for row in CaseIndicator.objects.filter(person_id=case.person_id, indicator__in=slugs)
    }
    for a in answers:
        a.evidence = []
        for slug in a.prompt.indicators or []:
            row = rows.get(slug)
            a.evidence.append(
                {
                    "indicator": slug,
                    "row": row,
                    "href": evidence_link(case.person.crn, row.evidence_type)
                    if row and row.evidence_type
                    else "",
                }
            )
    return answers
