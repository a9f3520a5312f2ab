"""The writes behind the inspection pages: set up, draw the sample, assign cases (with a read grant
on each case for its inspector), confirm or override answers, moderate, publish.

Every function takes the acting user, runs in one transaction and writes an audit row.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.people.models import CaseGrant

from .. import rules, sampling
from ..constants import Answer, CaseStatus, InspectionKind, InspectionStatus
from ..indicators import refresh_all
from ..models import (
    Inspection,
    InspectionCase,
    KeyQuestionJudgement,
    PromptAnswer,
    ProviderRating,
    PublishedIndicatorFinding,
)
from ..selectors import auditable_teams, is_lead, may_run_inspections
from . import assessment


def grant_reason(inspection: Inspection) -> str:
    return f"Inspection {inspection.pk}: {inspection.name}"[:200]


@transaction.atomic
def inspection_create(
    *,
    by_user,
    kind: str,
    name: str,
    standard_set,
    providers,
    window_start: date,
    window_end: date,
    confidence,
    margin,
    seed: int,
    area=None,
    team=None,
) -> Inspection:
    if not may_run_inspections(by_user):
        raise PermissionDenied
    if kind == InspectionKind.LOCAL_AUDIT:
        # A local audit covers one of the manager's own teams: the team they are in or one they
        # manage, in their own provider.
        teams = auditable_teams(by_user)
        if not teams.exists():
            raise ValidationError(
                {"kind": "Only a manager or quality-assurance lead in a team can run a local audit"}
            )
        if team is None:
            team = by_user.team if by_user.team_id else teams.first()
        if not teams.filter(pk=team.pk).exists():
            raise ValidationError({"team": "Choose a team you manage or belong to"})
        providers = [team.provider]
    elif not by_user.has_role("inspector"):
        raise ValidationError({"kind": "Only inspectors can set up an inspection"})
    else:
        team = None
    if window_end < window_start:
        raise ValidationError({"window_end": "The end of the window must be on or after its start"})
    inspection = Inspection.objects.create(
        kind=kind,
        name=name,
        standard_set=standard_set,
        area=area,
        team=team,
        window_start=window_start,
        window_end=window_end,
        confidence=confidence,
        margin=margin,
        seed=seed,
        lead=by_user,
    )
    inspection.providers.set(providers)
    audit_record(user=by_user, action=Action.CREATE, obj=inspection, summary=f"Set up {inspection.name}")
    return inspection


@transaction.atomic
def inspection_draw_sample(*, by_user, inspection: Inspection, on: date | None = None) -> int:
    """Draw the sample, store its cases with their strata, and the computed answers and judgements."""
    if not is_lead(by_user, inspection):
        raise PermissionDenied
    if inspection.status != InspectionStatus.SETUP:
        raise ValidationError("The sample has already been drawn")
    sample = sampling.draw_sample(
        providers=list(inspection.providers.all()),
        area=inspection.area,
        team=inspection.team,
        window_start=inspection.window_start,
        window_end=inspection.window_end,
        seed=inspection.seed,
        confidence=float(inspection.confidence),
        margin=float(inspection.margin),
    )
    ids = [case.person_id for case in sample.cases]
    if ids:
        refresh_all(on=on or timezone.localdate(), person_ids=ids)
    cases = InspectionCase.objects.bulk_create(
        [
            InspectionCase(
                inspection=inspection,
                person_id=c.person_id,
                provider_id=c.provider_id,
                stratum=c.stratum_label,
            )
            for c in sample.cases
        ]
    )
    structure = assessment.structure_for(inspection.standard_set)
    computed = assessment.compute_answers(structure, ids)
    answers, judgements = [], []
    for case in cases:
        case_answers = computed[case.person_id].answers
        answers.extend(PromptAnswer(case=case, prompt_id=pid, computed=a) for pid, a in case_answers.items())
        for kq_id, judgement in assessment.judge(structure, case_answers).items():
            judgements.append(
                KeyQuestionJudgement(
                    case=case,
                    key_question_id=kq_id,
                    applicable=judgement.applicable,
                    computed_sufficient=judgement.sufficient,
                    sufficient=judgement.sufficient,
                )
            )
    PromptAnswer.objects.bulk_create(answers)
    KeyQuestionJudgement.objects.bulk_create(judgements)
    inspection.population = sample.population
    inspection.status = InspectionStatus.SAMPLED
    inspection.save(update_fields=["population", "status"])
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=inspection,
        summary=f"Drew a sample of {sample.size} from {sample.population} cases",
        detail={"seed": inspection.seed, "size": sample.size, "population": sample.population},
    )
    return sample.size


@transaction.atomic
def inspection_case_assign(*, by_user, case: InspectionCase, inspector) -> InspectionCase:
    """Assign a sampled case to an inspector: they get a read grant on the case, and whoever had it
    before loses theirs."""
    inspection = case.inspection
    if not is_lead(by_user, inspection):
        raise PermissionDenied
    if inspection.status == InspectionStatus.PUBLISHED:
        raise ValidationError("The inspection has been published")
    if not may_run_inspections(inspector):
        raise ValidationError({"inspector": "Choose someone who can assess cases"})
    reason = grant_reason(inspection)
    if case.inspector_id and case.inspector_id != inspector.pk:
        CaseGrant.objects.filter(
            person_id=case.person_id, staff_id=case.inspector_id, reason=reason, revoked=False
        ).update(revoked=True)
    if not CaseGrant.objects.filter(
        person_id=case.person_id, staff=inspector, reason=reason, revoked=False
    ).exists():
        CaseGrant.objects.create(person_id=case.person_id, staff=inspector, reason=reason)
    case.inspector = inspector
    if case.status == CaseStatus.UNASSIGNED:
        case.status = CaseStatus.ASSIGNED
    case.version = F("version") + 1
    case.save(update_fields=["inspector", "status", "version"])
    case.refresh_from_db(fields=["version"])
    if inspection.status == InspectionStatus.SAMPLED:
        Inspection.objects.filter(pk=inspection.pk).update(status=InspectionStatus.FIELDWORK)
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=case,
        person=case.person,
        summary=f"Assigned to {inspector} for {inspection.name}",
    )
    return case


def _check_version(case: InspectionCase, version: int | None) -> None:
    if version is not None and int(version) != case.version:
        raise ValidationError(
            "This case has changed since the page was loaded. Check the answers and save again."
        )


@transaction.atomic
def case_assessment_save(
    *, by_user, case: InspectionCase, answers: Mapping[int, tuple[str, str]], version: int | None = None
) -> InspectionCase:
    """Confirm or override each prompt's answer ({prompt id: (answer, reason)}). An answer other than
    the computed one needs a reason; "needs a human" is not an answer an inspector can give."""
    case = InspectionCase.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    if case.inspector_id != by_user.pk:
        raise PermissionDenied
    if case.inspection.status == InspectionStatus.PUBLISHED:
        raise ValidationError("The inspection has been published")
    _check_version(case, version)
    rows = {a.prompt_id: a for a in case.answers.all()}
    problems = {}
    for prompt_id, row in rows.items():
        answer, reason = answers.get(prompt_id, ("", ""))
        reason = (reason or "").strip()
        if answer not in (Answer.YES, Answer.NO, Answer.NOT_APPLICABLE):
            problems[f"answer_{prompt_id}"] = "Select yes, no or not applicable"
            continue
        if answer != row.computed and row.computed != Answer.NEEDS_HUMAN and not reason:
            problems[f"reason_{prompt_id}"] = "Give a reason for changing the computed answer"
            continue
        row.answer, row.override_reason = answer, reason if answer != row.computed else ""
    if problems:
        raise ValidationError(problems)
    PromptAnswer.objects.bulk_update(rows.values(), ["answer", "override_reason"])
    structure = assessment.structure_for(case.inspection.standard_set)
    judged = assessment.judge(structure, {pid: row.answer for pid, row in rows.items()})
    judgements = list(case.judgements.all())
    for j in judgements:
        result = judged.get(j.key_question_id, rules.Judgement(True, None))
        j.applicable, j.computed_sufficient = result.applicable, result.sufficient
        if not j.override_reason:
            j.sufficient = result.sufficient
    KeyQuestionJudgement.objects.bulk_update(judgements, ["applicable", "computed_sufficient", "sufficient"])
    case.status = CaseStatus.ASSESSED
    case.assessed_on = timezone.localdate()
    case.version += 1
    case.save(update_fields=["status", "assessed_on", "version"])
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=case,
        person=case.person,
        summary="Assessed the case",
        detail={"overrides": {str(pid): row.answer for pid, row in rows.items() if row.override_reason}},
    )
    return case


@transaction.atomic
def case_moderate(
    *,
    by_user,
    case: InspectionCase,
    note: str,
    changes: Mapping[int, tuple[bool | None, str]] | None = None,
    version: int | None = None,
) -> InspectionCase:
    """The lead inspector's moderation: a note, and any key-question judgement changed with a reason
    ({key question id: (sufficient, reason)})."""
    case = InspectionCase.objects.select_for_update().select_related("inspection").get(pk=case.pk)
    if not is_lead(by_user, case.inspection):
        raise PermissionDenied
    if case.inspection.status == InspectionStatus.PUBLISHED:
        raise ValidationError("The inspection has been published")
    if case.status not in (CaseStatus.ASSESSED, CaseStatus.MODERATED):
        raise ValidationError("Only an assessed case can be moderated")
    _check_version(case, version)
    problems, changed = {}, []
    judgements = {j.key_question_id: j for j in case.judgements.all()}
    for kq_id, (sufficient, reason) in (changes or {}).items():
        j = judgements.get(kq_id)
        if j is None or sufficient == j.sufficient:
            continue
        if not (reason or "").strip():
            problems[f"reason_{kq_id}"] = "Give a reason for changing the judgement"
            continue
        j.sufficient, j.override_reason = sufficient, reason.strip()
        changed.append(j)
    if problems:
        raise ValidationError(problems)
    KeyQuestionJudgement.objects.bulk_update(changed, ["sufficient", "override_reason"])
    case.moderated_by, case.moderation_note = by_user, note.strip()
    case.status = CaseStatus.MODERATED
    case.version += 1
    case.save(update_fields=["moderated_by", "moderation_note", "status", "version"])
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=case,
        person=case.person,
        summary="Moderated the case",
        detail={"changed": [j.key_question_id for j in changed]},
    )
    return case


def _locked_inspection(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().get(pk=inspection.pk)


@transaction.atomic
def inspection_publish(*, by_user, inspection: Inspection) -> list[ProviderRating]:
    """Store what the report shows — the ratings per provider (key question, standard, overall) from
    the moderated judgements, and the indicator counts over the sample — so the published report
    never changes; then close the inspectors' grants. Every sampled case must have been assessed."""
    from ..report.findings import indicator_counts
    from ..selectors import provider_ratings

    if not is_lead(by_user, inspection):
        raise PermissionDenied
    given, inspection = inspection, _locked_inspection(inspection)
    if inspection.status == InspectionStatus.PUBLISHED:
        raise ValidationError("The inspection has already been published")
    if inspection.status == InspectionStatus.SETUP:
        raise ValidationError("Draw the sample before publishing")
    waiting = inspection.cases.filter(status__in=(CaseStatus.UNASSIGNED, CaseStatus.ASSIGNED)).count()
    if waiting:
        raise ValidationError(
            f"{waiting} sampled case{'s have' if waiting != 1 else ' has'} not been assessed yet"
        )
    rows = []
    for result in provider_ratings(inspection):
        provider = result["provider"]
        for kq in result["key_questions"]:
            rows.append(
                ProviderRating(
                    inspection=inspection,
                    provider=provider,
                    key_question=kq["key_question"],
                    applicable=kq["applicable"],
                    sufficient=kq["sufficient"],
                    undecided=kq["undecided"],
                    rating=kq["rating"] or "",
                )
            )
        for st in result["standards"]:
            rows.append(
                ProviderRating(
                    inspection=inspection,
                    provider=provider,
                    standard=st["standard"],
                    rating=st["rating"] or "",
                    score=st["score"],
                )
            )
        rows.append(
            ProviderRating(
                inspection=inspection,
                provider=provider,
                rating=result["overall"] or "",
                score=result["total"],
            )
        )
    created = ProviderRating.objects.bulk_create(rows)
    PublishedIndicatorFinding.objects.bulk_create(
        PublishedIndicatorFinding(
            inspection=inspection, provider_id=provider_id, indicator=slug, applicable=applicable, met=met
        )
        for (provider_id, slug), (applicable, met) in indicator_counts(inspection).items()
    )
    CaseGrant.objects.filter(reason=grant_reason(inspection), revoked=False).update(revoked=True)
    inspection.status = InspectionStatus.PUBLISHED
    inspection.published_on = timezone.localdate()
    inspection.save(update_fields=["status", "published_on"])
    given.status, given.published_on = inspection.status, inspection.published_on
    audit_record(user=by_user, action=Action.UPDATE, obj=inspection, summary=f"Published {inspection.name}")
    return created
