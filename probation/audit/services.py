from typing import Any

from .models import Action, AuditEvent


def audit_record(
    *,
    user,
    action: Action | str,
    obj: Any = None,
    person=None,
    summary: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Record one event in the audit trail. Searches are recorded too: what was looked for is as
    sensitive as what was opened."""
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(getattr(obj, "pk", "") or "") if obj is not None else ""
    if person is None and obj is not None and obj._meta.label_lower == "people.person":
        person = obj
    return AuditEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=str(action),
        object_type=object_type,
        object_id=object_id,
        person=person,
        summary=summary[:300],
        detail=detail or {},
    )


def changes_between(before: dict, after: dict) -> dict:
    """The fields that changed, as {field: [before, after]}, in JSON-safe form."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
