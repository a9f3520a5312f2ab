"""Helpers the enforcement services share."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from probation.core.exceptions import NotPermitted, StaleRecord
from probation.people.access import case_access
from probation.people.models import Person
from probation.sentences.models import Disposal

from .. import rules
from ..constants import RecallType
from ..selectors import can_write

Problems = list[tuple[str, str]]


def raise_problems(problems: Problems) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for field, message in problems:
            errors.setdefault(field, []).append(message)
        raise ValidationError(errors)


def writable(by_user, person: Person) -> Person:
    found, access = case_access(by_user, person.crn)
    if found is None or not access.allowed or not can_write(by_user, found):
        raise NotPermitted("You may not change this case")
    return found


def bump(model, obj, version: int, **changes) -> None:
    """Write `changes` only if the row is still at the version the user saw."""
    updated = model.objects.filter(pk=obj.pk, version=version).update(**changes, version=F("version") + 1)
    if not updated:
        raise StaleRecord()
    obj.refresh_from_db()


def today_or(today: date | None) -> date:
    return today or timezone.localdate()


def recall_type_problems(disposal: Disposal, recall_type: str, policy) -> tuple[Problems, int | None]:
    if recall_type not in RecallType.values:
        return [("recall_type", "Select the type of recall")], None
    if recall_type != RecallType.FIXED_TERM:
        return [], None
    days = rules.fixed_term_recall_days(
        length_months=disposal.length_months,
        custodial_days=disposal.custodial_days,
        sentence_date=disposal.sentence_date,
        policy=policy,
    )
    if days is None:
        return [
            (
                "recall_type",
                "The sentence length is not recorded, so a fixed-term recall cannot be worked "
                "out: record it, or recommend a standard recall",
            )
        ], None
    return [], days


def date_problems(
    field: str, day: date | None, *, today: date, not_before: date | None, label: str
) -> Problems:
    if day is None:
        return [(field, f"Enter the date {label}")]
    if day > today:
        return [(field, f"The date {label} must be today or in the past")]
    if not_before and day < not_before:
        return [(field, f"The date {label} must be on or after {not_before:%-d %B %Y}")]
    return []
