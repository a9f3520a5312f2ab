"""What every risk service shares: who may change a case, and new external identifiers."""

import uuid

from django.utils import timezone

from probation.core.exceptions import NotPermitted
from probation.people.access import case_access
from probation.people.models import Person


def require_case_write(by_user, person: Person) -> None:
    """Refuse a change by someone who may not open the case, or who may only read it (an inspector)."""
    if by_user is None or not getattr(by_user, "is_authenticated", False) or by_user.is_inspector:
        raise NotPermitted("You may not change this case")
    found, access = case_access(by_user, person.crn)
    if found is None or found.pk != person.pk or not access.allowed:
        raise NotPermitted("You may not change this case")


def new_external_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def today():
    return timezone.localdate()
