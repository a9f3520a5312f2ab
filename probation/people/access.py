"""Who may see which case. Deny by default: every case query starts from `visible_cases`, and every
case page starts with `case_access`."""

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from probation.workforce.constants import Role
from probation.workforce.models import CaseInvolvement

from .constants import AccessListType
from .models import AccessListEntry, CaseGrant, Person


@dataclass(frozen=True)
class CaseAccess:
    allowed: bool
    # Set when the case exists within the user's scope but limited-access rules keep them out.
    restricted_message: str = ""


def _open_grants(user, today: date):
    return CaseGrant.objects.filter(staff=user, revoked=False).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def visible_cases(user) -> QuerySet[Person]:
    """Cases the user may find: those managed by their provider, those where their provider has an
    open role, and (for anyone) cases granted to them by name, e.g. by an inspection. Limited-access
    cases stay in the result, annotated `access_blocked`, so a search can say the case exists
    without showing what is in it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Person.objects.none()
    today = timezone.localdate()
    granted = Exists(_open_grants(user, today).filter(person=OuterRef("pk")))
    scope = Q(granted)
    if user.provider_id and not user.has_role(Role.INSPECTOR):
        involved = Exists(
            CaseInvolvement.objects.filter(person=OuterRef("pk"), provider_id=user.provider_id).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=today)
            )
        )
        scope |= Q(provider_id=user.provider_id) | Q(involved)
    return Person.objects.filter(scope).annotate(access_blocked=_blocked_expression(user))


def _blocked_expression(user):
    excluded = Exists(
        AccessListEntry.objects.filter(person=OuterRef("pk"), staff=user, type=AccessListType.EXCLUSION)
    )
    restricted = Exists(
        AccessListEntry.objects.filter(person=OuterRef("pk"), type=AccessListType.RESTRICTION)
    )
    listed = Exists(
        AccessListEntry.objects.filter(person=OuterRef("pk"), staff=user, type=AccessListType.RESTRICTION)
    )
    return Case(
        When(excluded, then=Value(True)),
        When(Q(restricted) & ~Q(listed), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def restricted_message(person: Person) -> str:
    contact = person.access_contact or "the case's responsible officer's manager"
    return f"You are restricted from viewing this case. If you need access, contact {contact}."


def case_access(user, crn: str) -> tuple[Person | None, CaseAccess]:
    """The case and whether the user may open it. A case outside the user's scope is reported as not
    found, so its existence is not revealed."""
    person = visible_cases(user).filter(crn=crn).first()
    if person is None:
        return None, CaseAccess(allowed=False)
    if person.access_blocked:
        return person, CaseAccess(allowed=False, restricted_message=restricted_message(person))
    return person, CaseAccess(allowed=True)
