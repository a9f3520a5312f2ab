"""Risk of serious harm assessments, as versions.

A person's assessments are numbered 1, 2, 3…; a new one starts as a draft copied from the current
one and never rewrites it. Only when the new version is complete does the previous complete one
become superseded. High and very high RoSH need a countersignature from a senior probation officer
who manages the case's team (or the head of service for its area) and who is not the assessor.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.forms.models import model_to_dict

from probation.audit.models import Action
from probation.audit.services import audit_record, changes_between
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.models import Person
from probation.risk.constants import (
    AssessmentKind,
    AssessmentStatus,
    Need,
    NeedSeverity,
    RiskGroup,
    RoshLevel,
    TierReason,
)
from probation.risk.models import IdentifiedRisk, NeedRating, RiskAssessment
from probation.workforce.constants import Grade

from ._common import new_external_id, require_case_write, today
from .tiering import tier_recalculate

# What a draft's form may change.
CONTENT_FIELDS = (
    "kind",
    "rosh_overall",
    "rosh_by_group",
    "who_is_at_risk",
    "nature_of_risk",
    "imminence",
    "factors_increasing",
    "factors_decreasing",
    "risk_to_self_suicide",
    "risk_to_self_self_harm",
    "risk_to_self_vulnerability",
    "risk_to_self_notes",
    "women_parenting",
    "women_impulsivity_temper",
    "women_breach_or_recall",
    "ogrs3_one_year",
    "ogrs3_two_year",
    "ogp_two_year",
    "ovp_two_year",
    "rsr",
)
SETTINGS = ("community", "custody")
# A full analysis must say who is at risk, of what, and how soon.
FULL_ANALYSIS_REQUIRED = {
    "who_is_at_risk": "Enter who is at risk",
    "nature_of_risk": "Enter the nature of the risk",
    "imminence": "Enter how soon the harm could happen",
}
OPEN_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.AWAITING_COUNTERSIGNATURE)


def may_countersign(user, assessment: RiskAssessment, person: Person) -> bool:
    """A senior probation officer with the manager role who manages the case's team, or the head of
    service for the team's area in the same provider — and never the assessor."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk == assessment.assessed_by_id:
        return False
    team = person.team
    if team is None:
        return False
    if user.grade == Grade.SPO and user.is_manager and team.manager_id == user.pk:
        return True
    return bool(user.is_head and user.area_id == team.area_id and user.provider_id == team.provider_id)


def _locked(assessment: RiskAssessment) -> RiskAssessment:
    return (
        # Lock the assessment row only: the person's team is an outer join PostgreSQL will not lock.
        RiskAssessment.objects.select_for_update(of=("self",))
        .select_related("person", "person__team")
        .get(pk=assessment.pk)
    )


def _require_assessor(by_user, assessment: RiskAssessment) -> None:
    require_case_write(by_user, assessment.person)
    if assessment.assessed_by_id != by_user.pk:
        raise NotPermitted("Only the officer who started this assessment may change or submit it")


def _require_status(assessment: RiskAssessment, *statuses: str) -> None:
    if assessment.status not in statuses:
        raise ValidationError(
            f"This assessment is {assessment.get_status_display().lower()}, so it cannot be changed here"
        )


def _needs_of(assessment: RiskAssessment) -> dict[str, str]:
    return dict(assessment.needs.values_list("need", "severity"))


@transaction.atomic
def assessment_start(*, by_user, person: Person, kind: str = AssessmentKind.SCREENING) -> RiskAssessment:
    """Start the next version as a draft, copied from the current complete assessment (its content,
    needs and identified risks) so the officer reviews rather than retypes."""
    require_case_write(by_user, person)
    if kind not in AssessmentKind.values:
        raise ValidationError({"kind": "Select screening or full analysis"})
    # Lock the person: the sequence number and the one-open-assessment rule are per person.
    Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).first()
    if RiskAssessment.objects.filter(person=person, status__in=OPEN_STATUSES).exists():
        raise ValidationError("There is already an assessment in progress for this case")
    current = (
        RiskAssessment.objects.filter(person=person, status=AssessmentStatus.COMPLETE)
        .order_by("-sequence")
        .first()
    )
    sequence = (RiskAssessment.objects.filter(person=person).aggregate(n=Max("sequence"))["n"] or 0) + 1
    copied = model_to_dict(current, fields=CONTENT_FIELDS) if current else {}
    copied["kind"] = kind
    try:
        draft = RiskAssessment.objects.create(
            external_id=new_external_id("assessment"),
            person=person,
            sequence=sequence,
            status=AssessmentStatus.DRAFT,
            assessed_by=by_user,
            started_on=today(),
            predictor_inputs=current.predictor_inputs if current else {},
            **copied,
        )
    except IntegrityError as exc:  # a second draft started at the same moment
        raise ValidationError("There is already an assessment in progress for this case") from exc
    if current:
        NeedRating.objects.bulk_create(
            NeedRating(assessment=draft, need=need, severity=severity)
            for need, severity in _needs_of(current).items()
        )
        IdentifiedRisk.objects.bulk_create(
            IdentifiedRisk(
                external_id=new_external_id("risk"),
                assessment=draft,
                person=person,
                group=risk.group,
                level=risk.level,
                description=risk.description,
                carried_from=risk,
            )
            for risk in current.identified_risks.all()
        )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=draft,
        person=person,
        summary=f"Started risk assessment {sequence} ({draft.get_kind_display().lower()})",
        detail={"sequence": sequence, "copied_from": current.sequence if current else None},
    )
    return draft


def _clean_changes(changes: dict, needs: dict) -> None:
    unknown = set(changes) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"These cannot be changed on an assessment: {', '.join(sorted(unknown))}")
    if changes.get("kind", AssessmentKind.FULL) not in AssessmentKind.values:
        raise ValidationError({"kind": "Select screening or full analysis"})
    if changes.get("rosh_overall", "") not in ("", *RoshLevel.values):
        raise ValidationError({"rosh_overall": "Select a risk of serious harm level"})
    by_group = changes.get("rosh_by_group", {})
    for setting, groups in by_group.items():
        if setting not in SETTINGS or any(
            group not in RiskGroup.values or level not in RoshLevel.values for group, level in groups.items()
        ):
            raise ValueError(f"Risk by group is malformed: {by_group!r}")
    for need, severity in needs.items():
        if need not in Need.values or severity not in ("", *NeedSeverity.values):
            raise ValueError(f"Need rating is malformed: {need!r} = {severity!r}")


@transaction.atomic
def assessment_update(
    *, by_user, assessment: RiskAssessment, version: int, changes: dict, needs: dict
) -> RiskAssessment:
    """Save the draft: content fields and need ratings ({need: severity, "" for not yet rated}).
    Refused if someone saved the draft after `version` was read."""
    assessment = _locked(assessment)
    _require_assessor(by_user, assessment)
    _require_status(assessment, AssessmentStatus.DRAFT)
    _clean_changes(changes, needs)
    before = model_to_dict(assessment, fields=list(changes)) | {
        f"need:{k}": v for k, v in _needs_of(assessment).items()
    }
    updated = RiskAssessment.objects.filter(
        pk=assessment.pk, version=version, status=AssessmentStatus.DRAFT
    ).update(**changes, version=F("version") + 1)
    if not updated:
        raise StaleRecord()
    # Needs absent from `needs` are left as they are; "" clears a rating.
    rated = {need: severity for need, severity in needs.items() if severity}
    cleared = [need for need, severity in needs.items() if not severity]
    NeedRating.objects.filter(assessment=assessment, need__in=cleared).delete()
    existing = _needs_of(assessment)
    for need, severity in rated.items():
        if existing.get(need) != severity:
            NeedRating.objects.update_or_create(
                assessment=assessment, need=need, defaults={"severity": severity}
            )
    assessment.refresh_from_db()
    after = model_to_dict(assessment, fields=list(changes)) | {
        f"need:{k}": v for k, v in _needs_of(assessment).items()
    }
    diff = changes_between(before, after)
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=assessment,
        person=assessment.person,
        summary=f"Saved draft risk assessment {assessment.sequence}"
        + (": " + ", ".join(diff) if diff else " (no changes)"),
        detail={"changes": diff},
    )
    return assessment


def submission_problems(assessment: RiskAssessment) -> dict[str, str]:
    """What stops the draft being submitted, by form field."""
    problems = {}
    if not assessment.rosh_overall:
        problems["rosh_overall"] = "Select the overall risk of serious harm"
    if assessment.kind == AssessmentKind.SCREENING:
        if RoshLevel.needs_countersignature(assessment.rosh_overall):
            problems["kind"] = (
                "A screening that finds high or very high risk of serious harm needs a full analysis: "
                "change the type of assessment to full analysis"
            )
        return problems
    for name, message in FULL_ANALYSIS_REQUIRED.items():
        if not getattr(assessment, name).strip():
            problems[name] = message
    rated = set(_needs_of(assessment))
    for need in Need:
        if need.value not in rated:
            problems[f"need_{need.value}"] = f"Rate the need: {need.label.lower()}"
    return problems


@transaction.atomic
def assessment_submit(*, by_user, assessment: RiskAssessment) -> RiskAssessment:
    """Submit the draft: complete at once, or awaiting countersignature when RoSH is high or very high."""
    assessment = _locked(assessment)
    _require_assessor(by_user, assessment)
    _require_status(assessment, AssessmentStatus.DRAFT)
    problems = submission_problems(assessment)
    if problems:
        raise ValidationError(problems)
    assessment.submitted_on = today()
    if assessment.needs_countersignature:
        assessment.status = AssessmentStatus.AWAITING_COUNTERSIGNATURE
        assessment.version += 1
        assessment.save(update_fields=["status", "submitted_on", "version"])
        audit_record(
            user=by_user,
            action=Action.UPDATE,
            obj=assessment,
            person=assessment.person,
            summary=f"Submitted risk assessment {assessment.sequence} for countersignature",
            detail={"changes": {"status": [AssessmentStatus.DRAFT.value, assessment.status]}},
        )
        return assessment
    return _complete(assessment, by_user=by_user, summary=f"Submitted risk assessment {assessment.sequence}")


@transaction.atomic
def assessment_update_and_submit(
    *, by_user, assessment: RiskAssessment, version: int, changes: dict, needs: dict
) -> RiskAssessment:
    """Save the draft and submit it as one step: if it cannot be submitted, nothing is saved."""
    assessment = assessment_update(
        by_user=by_user, assessment=assessment, version=version, changes=changes, needs=needs
    )
    return assessment_submit(by_user=by_user, assessment=assessment)


@transaction.atomic
def assessment_countersign(*, by_user, assessment: RiskAssessment) -> RiskAssessment:
    assessment = _locked(assessment)
    require_case_write(by_user, assessment.person)
    _require_status(assessment, AssessmentStatus.AWAITING_COUNTERSIGNATURE)
    if by_user.pk == assessment.assessed_by_id:
        raise NotPermitted("You cannot countersign your own assessment")
    if not may_countersign(by_user, assessment, assessment.person):
        raise NotPermitted(
            "Only a senior probation officer who manages this case's team, or the head of service, "
            "may countersign"
        )
    assessment.countersigned_by = by_user
    assessment.countersigned_on = today()
    return _complete(
        assessment, by_user=by_user, summary=f"Countersigned risk assessment {assessment.sequence}"
    )


@transaction.atomic
def assessment_return(*, by_user, assessment: RiskAssessment, reason: str) -> RiskAssessment:
    """Send an assessment awaiting countersignature back to its assessor as a draft, saying why."""
    assessment = _locked(assessment)
    require_case_write(by_user, assessment.person)
    _require_status(assessment, AssessmentStatus.AWAITING_COUNTERSIGNATURE)
    if not may_countersign(by_user, assessment, assessment.person):
        raise NotPermitted("Only someone who may countersign this assessment may send it back")
    if not reason.strip():
        raise ValidationError({"reason": "Enter what needs to change"})
    assessment.status = AssessmentStatus.DRAFT
    assessment.submitted_on = None
    assessment.version += 1
    assessment.save(update_fields=["status", "submitted_on", "version"])
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=assessment,
        person=assessment.person,
        summary=f"Returned risk assessment {assessment.sequence} to the assessor",
        detail={
            "changes": {
                "status": [AssessmentStatus.AWAITING_COUNTERSIGNATURE.value, AssessmentStatus.DRAFT.value]
            },
            "reason": reason,
        },
    )
    return assessment


@transaction.atomic
def assessment_discard(*, by_user, assessment: RiskAssessment) -> None:
    """Throw away a draft nobody needs; what it held is kept in the audit trail."""
    assessment = _locked(assessment)
    _require_assessor(by_user, assessment)
    _require_status(assessment, AssessmentStatus.DRAFT)
    snapshot = {key: str(value) for key, value in model_to_dict(assessment, fields=CONTENT_FIELDS).items()}
    person = assessment.person
    audit_record(
        user=by_user,
        action=Action.DELETE,
        obj=assessment,
        person=person,
        summary=f"Discarded draft risk assessment {assessment.sequence}",
        detail={"before": snapshot, "needs": _needs_of(assessment)},
    )
    assessment.delete()


def _complete(assessment: RiskAssessment, *, by_user, summary: str) -> RiskAssessment:
    person = assessment.person
    previous_rosh = person.rosh or ""
    before_status = assessment.status
    superseded = list(
        RiskAssessment.objects.filter(person=person, status=AssessmentStatus.COMPLETE)
        .exclude(pk=assessment.pk)
        .values_list("sequence", flat=True)
    )
    RiskAssessment.objects.filter(person=person, status=AssessmentStatus.COMPLETE).exclude(
        pk=assessment.pk
    ).update(status=AssessmentStatus.SUPERSEDED)
    assessment.status = AssessmentStatus.COMPLETE
    assessment.completed_on = today()
    assessment.version += 1
    assessment.save()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=assessment,
        person=person,
        summary=summary,
        detail={
            "changes": {"status": [before_status, AssessmentStatus.COMPLETE.value]},
            "superseded": superseded,
            "rosh_overall": assessment.rosh_overall,
        },
    )
    tier_recalculate(person=person, reason=TierReason.ASSESSMENT, by_user=by_user)
    # A private provider's case whose risk rose to high goes back to the public provider.
    from probation.allocation.services import escalation_open_on_risk

    assessment.escalation = escalation_open_on_risk(
        by_user=by_user, person=person, assessment=assessment, previous_rosh=previous_rosh
    )
    return assessment


# ---------------------------------------------------------------------------------------------------
# Identified risks on a draft
# ---------------------------------------------------------------------------------------------------


@transaction.atomic
def identified_risk_add(
    *, by_user, assessment: RiskAssessment, group: str, level: str, description: str
) -> IdentifiedRisk:
    assessment = _locked(assessment)
    _require_assessor(by_user, assessment)
    _require_status(assessment, AssessmentStatus.DRAFT)
    problems = {}
    if group not in RiskGroup.values:
        problems["group"] = "Select who is at risk"
    if level not in RoshLevel.values:
        problems["level"] = "Select the level of risk"
    if not description.strip():
        problems["description"] = "Describe the risk"
    if problems:
        raise ValidationError(problems)
    risk = IdentifiedRisk.objects.create(
        external_id=new_external_id("risk"),
        assessment=assessment,
        person=assessment.person,
        group=group,
        level=level,
        description=description,
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=risk,
        person=assessment.person,
        summary=f"Identified a {risk.get_level_display().lower()} risk to {risk.get_group_display().lower()}",
        detail={
            "assessment": assessment.sequence,
            "group": group,
            "level": level,
            "description": description,
        },
    )
    return risk


@transaction.atomic
def identified_risk_remove(*, by_user, risk: IdentifiedRisk) -> None:
    assessment = _locked(risk.assessment)
    _require_assessor(by_user, assessment)
    _require_status(assessment, AssessmentStatus.DRAFT)
    if risk.actions.exists():
        raise ValidationError("This risk has plan actions, so it cannot be removed")
    audit_record(
        user=by_user,
        action=Action.DELETE,
        obj=risk,
        person=assessment.person,
        summary=f"Removed an identified risk from draft assessment {assessment.sequence}",
        detail={"before": {"group": risk.group, "level": risk.level, "description": risk.description}},
    )
    risk.delete()
