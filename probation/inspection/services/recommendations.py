"""Recommendations in an inspection's report: entered, changed and removed by the inspection's lead
and its inspectors (those assigned cases in it) until the report is published; read-only after.

Each write locks the inspection row, so a recommendation cannot slip in while the report is being
published, checks the version the form was opened at, and writes an audit row.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import StaleRecord

from ..constants import InspectionStatus
from ..models import Inspection, Recommendation
from ..selectors import may_run_inspections

PUBLISHED = "The report has been published: its recommendations can no longer be changed"


def may_change_recommendations(user, inspection: Inspection) -> bool:
    """The lead and the inspectors assigned cases in the inspection, while it is not published."""
    if not may_run_inspections(user) or inspection.status == InspectionStatus.PUBLISHED:
        return False
    return inspection.lead_id == user.pk or inspection.cases.filter(inspector=user).exists()


def _open_for(by_user, inspection: Inspection) -> Inspection:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not may_run_inspections(by_user) or not (
        inspection.lead_id == by_user.pk or inspection.cases.filter(inspector=by_user).exists()
    ):
        raise PermissionDenied
    if inspection.status == InspectionStatus.PUBLISHED:
        raise ValidationError(PUBLISHED)
    return inspection


def _clean(inspection: Inspection, text: str, provider) -> str:
    text = (text or "").strip()
    problems = {}
    if not text:
        problems["text"] = "Enter the recommendation"
    if provider is not None and not inspection.providers.filter(pk=provider.pk).exists():
        problems["provider"] = "Choose a provider in this inspection, or all providers"
    if problems:
        raise ValidationError(problems)
    return text


def _summary(recommendation: Recommendation) -> dict:
    return {
        "text": recommendation.text,
        "provider": recommendation.provider.name if recommendation.provider_id else "All providers",
    }


@transaction.atomic
def recommendation_add(*, by_user, inspection: Inspection, text: str, provider=None) -> Recommendation:
    inspection = _open_for(by_user, inspection)
    text = _clean(inspection, text, provider)
    position = (inspection.recommendations.aggregate(m=Max("position"))["m"] or 0) + 1
    recommendation = Recommendation.objects.create(
        inspection=inspection, provider=provider, text=text, position=position
    )
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=recommendation,
        summary=f"Added a recommendation to {inspection.name}",
        detail=_summary(recommendation),
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *, by_user, recommendation: Recommendation, text: str, provider=None, version: int
) -> Recommendation:
    inspection = _open_for(by_user, recommendation.inspection)
    text = _clean(inspection, text, provider)
    before = _summary(recommendation)
    updated = Recommendation.objects.filter(pk=recommendation.pk, version=version).update(
        text=text, provider=provider, version=F("version") + 1
    )
    if not updated:
        raise StaleRecord()
    recommendation.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=recommendation,
        summary=f"Changed a recommendation in {inspection.name}",
        detail={"before": before, "after": _summary(recommendation)},
    )
    return recommendation


@transaction.atomic
def recommendation_remove(*, by_user, recommendation: Recommendation, version: int) -> None:
    inspection = _open_for(by_user, recommendation.inspection)
    found = Recommendation.objects.select_for_update().filter(pk=recommendation.pk, version=version).first()
    if found is None:
        raise StaleRecord()
    audit_record(
        user=by_user,
        action=Action.DELETE,
        obj=found,
        summary=f"Removed a recommendation from {inspection.name}",
        detail=_summary(found),
    )
    found.delete()
