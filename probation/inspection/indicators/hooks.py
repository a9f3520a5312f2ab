"""The one call a service makes when it changes a case: `case_changed(person_id)`.

The indicators for the case are recomputed after the transaction commits (never for a change that is
rolled back), once per transaction however many changes it made. A failure to recompute is logged
and never undoes the change the user made: the nightly `probation indicators refresh` puts it right.

    from probation.inspection.indicators.hooks import case_changed
    ...
    case_changed(person.pk)
"""

import logging
import threading

from django.db import transaction

logger = logging.getLogger(__name__)
_local = threading.local()


def _pending() -> set[int]:
    if not hasattr(_local, "ids"):
        _local.ids = set()
    return _local.ids


def case_changed(person_id: int, *, using: str | None = None) -> None:
    """Recompute the case's indicators once the current transaction commits (at once outside one)."""
    _pending().add(int(person_id))
    # Scheduled on every call: the first flush after a commit takes every pending case and later ones
    # find nothing to do. Cases noted in a transaction that rolled back are simply recomputed with the
    # next commit's, which is harmless.
    transaction.on_commit(_flush, using=using, robust=True)


def _flush() -> None:
    from .engine import refresh_for_people

    pending = _pending()
    ids = sorted(pending)
    pending.clear()
    if not ids:
        return
    try:
        refresh_for_people(ids)
    except Exception:  # the change itself is committed; the next full refresh recomputes the case
        logger.exception("Could not recompute the indicators for cases %s", ids)
