"""What every risk page shares: opening the case (deny by default), refusing read-only users on
pages that change the record, and turning a service's refusal into messages beside the fields."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils import timezone

from probation.audit.models import Action
from probation.audit.services import audit_record
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.people.views import _case_context, _open_case

__all__ = ["audit_view", "case_context", "open_case", "open_case_to_change", "run_service", "today"]


def open_case(request, crn: str):
    """The case, or the response refusing it (not found outside the user's scope; the restricted
    message for a limited-access case)."""
    return _open_case(request, crn)


def open_case_to_change(request, crn: str):
    """As `open_case`, and refuse anyone who may only read the case (an inspector)."""
    person, refusal = _open_case(request, crn)
    if refusal is None and request.user.is_inspector:
        audit_record(
            user=request.user, action=Action.REFUSED, obj=person, summary="Refused: read-only access"
        )
        refusal = render(request, "403.html", status=403)
    return person, refusal


def case_context(request, person, **extra) -> dict:
    return _case_context(request, person, "risk", **extra)


def audit_view(request, person, summary: str, obj=None) -> None:
    audit_record(user=request.user, action=Action.VIEW, obj=obj or person, person=person, summary=summary)


def today():
    return timezone.localdate()


def run_service(form, call):
    """Call the service; on a refusal put its messages on the form (beside the field they are about,
    or at the top) and return (False, None). Nothing is saved when a service refuses."""
    try:
        return True, call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
    except StaleRecord:
        form.add_error(None, STALE_RECORD_MESSAGE)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    return False, None
