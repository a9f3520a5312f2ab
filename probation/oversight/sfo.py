"""Serious Further Offences: opening one from a charge, notification, review and its quality rating.
An SFO is visible to every provider involved in the case; the inspectorate sees completed reviews to rate."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core import reference
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.models import Person
from probation.people.selectors import managed_teams
from probation.sentences.models import Disposal
from probation.workforce.models import CaseInvolvement

from . import rules
from .constants import QualityRating, SfoReviewType, SfoStatus
from .models import QualifyingOffence, SeriousFurtherOffence, SfoChronologyEntry, SfoLearningAction

# --- Reads ---------------------------------------------------------------------------------------------


def visible_sfos(user) -> QuerySet[SeriousFurtherOffence]:
    """Staff see the SFOs of every provider they work for that is involved; inspectors see reviews
    that are complete, to rate them."""
    if not getattr(user, "is_authenticated", False):
        return SeriousFurtherOffence.objects.none()
    if user.is_inspector:
        return SeriousFurtherOffence.objects.filter(status__in=[SfoStatus.REVIEW_COMPLETE, SfoStatus.RATED])
    if not user.provider_id:
        return SeriousFurtherOffence.objects.none()
    return SeriousFurtherOffence.objects.filter(providers=user.provider_id)


def sfo_list(user, *, today: date) -> dict:
    qs = visible_sfos(user).select_related("person", "offence", "reviewer").order_by("charged_on", "id")
    sfos = list(qs)
    return {
        "sfos": sfos,
        "overdue_notifications": [
            s for s in sfos if s.status == SfoStatus.AWAITING_NOTIFICATION and s.notification_due < today
        ],
        "overdue_reviews": [
            s for s in sfos if s.status == SfoStatus.NOTIFIED and s.review_due and s.review_due < today
        ],
    }


def may_manage_sfo(user, sfo: SeriousFurtherOffence) -> bool:
    """A manager or head of service in a provider involved in the SFO."""
    return (
        not user.is_inspector
        and (user.is_manager or user.is_head)
        and user.provider_id is not None
        and sfo.providers.filter(pk=user.provider_id).exists()
    )


def may_rate(user) -> bool:
    """The inspectorate rates a sample of reviews."""
    return user.is_inspector


def may_open_sfo(user, person: Person) -> bool:
    if user.is_inspector or not (user.is_manager or user.is_head) or person.team_id is None:
        return False
    return managed_teams(user).filter(pk=person.team_id).exists()


def supervision_period(person: Person, charged_on: date) -> tuple[date | None, date | None]:
    """When supervision began, and when it ended if it had ended by the charge (None while it goes on)."""
    disposals = list(
        Disposal.objects.filter(event__person=person).values(
            "start_date", "terminated_on", "licence_end_date", "expected_end_date"
        )
    )
    if not disposals:
        return None, None
    start = min(d["start_date"] for d in disposals)
    ends = [d["terminated_on"] or d["licence_end_date"] or d["expected_end_date"] for d in disposals]
    if any(e is None or e >= charged_on for e in ends):
        return start, None
    return start, max(ends)


def involved_provider_ids(person: Person, since: date) -> set[int]:
    ids = set(
        CaseInvolvement.objects.filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
        .values_list("provider_id", flat=True)
    )
    if person.provider_id:
        ids.add(person.provider_id)
    return ids


# --- Writes --------------------------------------------------------------------------------------------


def _audit(user, sfo, summary):
    audit_record(user=user, action=Action.UPDATE, obj=sfo, person=sfo.person, summary=summary)


def charge_opens_sfo(person: Person, charged_on: date) -> tuple[bool, date | None]:
    """Whether a charge for a qualifying offence on that date is a Serious Further Offence (under
    supervision, or within the configured number of days of its end), and when supervision ended."""
    started, ended = supervision_period(person, charged_on)
    qualifies = rules.sfo_qualifies(
        offence_qualifies=True,
        charged_on=charged_on,
        supervision_started_on=started,
        supervision_ended_on=ended,
        days_after_supervision=int(reference.value("sfo.days_after_supervision")),
    )
    return qualifies, ended


def open_sfo(
    *,
    by_user,
    person: Person,
    offence: QualifyingOffence,
    charged_on: date,
    ended_on: date | None,
    offence_details: str = "",
) -> tuple[SeriousFurtherOffence, bool]:
    """Open the SFO for a charge, visible to every provider involved, or return the one the same
    charge already opened. Returns (sfo, created). Callers check that the charge qualifies."""
    existing = SeriousFurtherOffence.objects.filter(
        person=person, offence=offence, charged_on=charged_on
    ).first()
    if existing is not None:
        return existing, False
    sfo = SeriousFurtherOffence.objects.create(
        external_id=f"sfo-{uuid.uuid4()}",
        person=person,
        offence=offence,
        offence_details=offence_details.strip(),
        charged_on=charged_on,
        supervision_ended_on=ended_on,
        notification_due=rules.sfo_notification_due(
            charged_on, int(reference.value("sfo.notification_days"))
        ),
    )
    sfo.providers.set(involved_provider_ids(person, ended_on or charged_on))
    audit_record(
        user=by_user,
        action=Action.CREATE,
        obj=sfo,
        person=person,
        summary=f"Recorded a Serious Further Offence charge: {offence.name}",
    )
    return sfo, True


@transaction.atomic
def sfo_open_for_charge(
    *, by_user, person: Person, offence: QualifyingOffence, charged_on: date, offence_details: str = ""
) -> SeriousFurtherOffence:
    if not may_open_sfo(by_user, person):
        raise NotPermitted(
            "Only a manager of the case's team may record a charge as a Serious Further Offence"
        )
    if charged_on > timezone.localdate():
        raise ValidationError({"charged_on": ["The date of charge must be today or in the past"]})
    qualifies, ended = charge_opens_sfo(person, charged_on)
    if not qualifies:
        window = int(reference.value("sfo.days_after_supervision"))
        raise ValidationError(
            {
                "charged_on": [
                    "This charge is not a Serious Further Offence: the person was not under supervision, "
                    f"or within {window} days of its end, on that date"
                ]
            }
        )
    if SeriousFurtherOffence.objects.filter(person=person, offence=offence, charged_on=charged_on).exists():
        raise ValidationError(
            {"charged_on": ["This charge is already recorded as a Serious Further Offence"]}
        )
    sfo, _created = open_sfo(
        by_user=by_user,
        person=person,
        offence=offence,
        charged_on=charged_on,
        ended_on=ended,
        offence_details=offence_details,
    )
    return sfo


def _require_manager(user, sfo):
    if not may_manage_sfo(user, sfo):
        raise NotPermitted("Only a manager in a provider involved in this SFO may change it")


@transaction.atomic
def sfo_notify(*, by_user, sfo: SeriousFurtherOffence, notified_on: date) -> SeriousFurtherOffence:
    _require_manager(by_user, sfo)
    if sfo.status != SfoStatus.AWAITING_NOTIFICATION:
        raise ValidationError({"notified_on": ["This SFO has already been notified"]})
    if notified_on < sfo.charged_on or notified_on > timezone.localdate():
        raise ValidationError(
            {"notified_on": ["The date of notification must be between the charge and today"]}
        )
    sfo.notified_on, sfo.notified_by, sfo.status = notified_on, by_user, SfoStatus.NOTIFIED
    sfo.review_due = rules.sfo_review_due(notified_on, int(reference.value("sfo.review_days")))
    sfo.save()
    _audit(by_user, sfo, "Notified the Serious Further Offence")
    return sfo


@transaction.atomic
def sfo_assign_review(
    *, by_user, sfo: SeriousFurtherOffence, review_type: str, reviewer
) -> SeriousFurtherOffence:
    _require_manager(by_user, sfo)
    problems = {}
    if review_type not in SfoReviewType.values:
        problems["review_type"] = ["Select the type of review"]
    if reviewer is None or not sfo.providers.filter(pk=reviewer.provider_id).exists():
        problems["reviewer"] = ["Select a reviewer from a provider involved in the case"]
    elif reviewer.pk == sfo.person.officer_id:
        problems["reviewer"] = ["The case's responsible officer cannot review it"]
    if problems:
        raise ValidationError(problems)
    sfo.review_type, sfo.reviewer = review_type, reviewer
    sfo.save(update_fields=["review_type", "reviewer"])
    _audit(by_user, sfo, f"Assigned the SFO review to {reviewer}")
    return sfo


@transaction.atomic
def sfo_add_chronology(
    *, by_user, sfo: SeriousFurtherOffence, occurred_on: date, entry: str
) -> SfoChronologyEntry:
    _require_manager(by_user, sfo)
    if not entry.strip():
        raise ValidationError({"entry": ["Enter what happened"]})
    row = SfoChronologyEntry.objects.create(
        external_id=f"sfo-chronology-{uuid.uuid4()}", sfo=sfo, occurred_on=occurred_on, entry=entry.strip()
    )
    _audit(by_user, sfo, "Added to the SFO chronology")
    return row


@transaction.atomic
def sfo_add_learning_action(
    *, by_user, sfo: SeriousFurtherOffence, action: str, owner: str, due_on: date
) -> SfoLearningAction:
    _require_manager(by_user, sfo)
    problems = {}
    if not action.strip():
        problems["action"] = ["Enter the learning action"]
    if not owner.strip():
        problems["owner"] = ["Enter who owns the action"]
    if problems:
        raise ValidationError(problems)
    row = SfoLearningAction.objects.create(
        external_id=f"sfo-learning-action-{uuid.uuid4()}",
        sfo=sfo,
        action=action.strip(),
        owner=owner.strip(),
        due_on=due_on,
    )
    _audit(by_user, sfo, "Added an SFO learning action")
    return row


@transaction.atomic
def sfo_learning_action_complete(
    *, by_user, action: SfoLearningAction, version: int, completed_on: date, note: str
) -> SfoLearningAction:
    """Mark a learning action done, with when and what was done. Refuses a stale form."""
    _require_manager(by_user, action.sfo)
    problems = {}
    if action.completed_on is not None:
        problems["completed_on"] = ["This learning action is already complete"]
    elif completed_on > timezone.localdate():
        problems["completed_on"] = ["The date it was completed must be today or in the past"]
    elif completed_on < action.sfo.charged_on:
        problems["completed_on"] = ["The date it was completed cannot be before the charge"]
    if not note.strip():
        problems["note"] = ["Enter what was done"]
    if problems:
        raise ValidationError(problems)
    updated = SfoLearningAction.objects.filter(pk=action.pk, version=version).update(
        completed_on=completed_on,
        completed_note=note.strip(),
        completed_by=by_user,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise StaleRecord()
    action.refresh_from_db()
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        obj=action,
        person=action.sfo.person,
        summary="Completed an SFO learning action",
        detail={"completed_on": completed_on.isoformat()},
    )
    return action


@transaction.atomic
def sfo_complete_review(
    *, by_user, sfo: SeriousFurtherOffence, completed_on: date, summary: str
) -> SeriousFurtherOffence:
    _require_manager(by_user, sfo)
    problems = {}
    if sfo.status != SfoStatus.NOTIFIED:
        problems["completed_on"] = ["The SFO must be notified, and its review not yet complete"]
    elif not sfo.review_type or sfo.reviewer_id is None:
        problems["completed_on"] = ["Assign the review type and reviewer first"]
    elif completed_on < sfo.notified_on or completed_on > timezone.localdate():
        problems["completed_on"] = ["The review must be completed between notification and today"]
    if not summary.strip():
        problems["summary"] = ["Enter a summary of the review"]
    if problems:
        raise ValidationError(problems)
    sfo.review_completed_on, sfo.review_summary, sfo.status = (
        completed_on,
        summary.strip(),
        SfoStatus.REVIEW_COMPLETE,
    )
    sfo.save()
    _audit(by_user, sfo, "Completed the SFO review")
    return sfo


@transaction.atomic
def sfo_rate(*, by_user, sfo: SeriousFurtherOffence, rating: str) -> SeriousFurtherOffence:
    if not may_rate(by_user) or not visible_sfos(by_user).filter(pk=sfo.pk).exists():
        raise NotPermitted("Only the inspectorate may rate an SFO review")
    if sfo.status not in (SfoStatus.REVIEW_COMPLETE, SfoStatus.RATED):
        raise ValidationError({"rating": ["The review must be complete before it is rated"]})
    if rating not in QualityRating.values:
        raise ValidationError({"rating": ["Select a rating"]})
    if sfo.reviewer_id == by_user.pk:
        raise ValidationError({"rating": ["You cannot rate a review you wrote"]})
    sfo.quality_rating, sfo.rated_by, sfo.status = rating, by_user, SfoStatus.RATED
    sfo.save()
    _audit(by_user, sfo, f"Rated the SFO review {sfo.get_quality_rating_display().lower()}")
    return sfo
