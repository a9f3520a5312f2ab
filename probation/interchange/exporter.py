"""`export_records`: every record of every registered type, in the interchange format, in a fixed
order (types in dependency order, then external ids as plain text) so that the same data always
gives the same file."""

from __future__ import annotations

import json
from typing import TextIO

from probation.audit.models import Action
from probation.audit.services import audit_record

from .progress import NO_PROGRESS, Progress
from .registry import record_types
from .snapshot import Snapshot, record_queryset

CHUNK = 2000


def export_records(
    out: TextIO, *, by_user=None, destination: str = "", progress: Progress = NO_PROGRESS
) -> dict:
    """Write every record to `out`, one JSON object per line; returns the count of each type.
    Optional fields holding their default value are left out."""
    snapshot = Snapshot()
    counts: dict[str, int] = {}
    for record_type in record_types():
        advance = progress.phase(f"Exporting {record_type.name}", record_queryset(record_type).count())
        plan = [(f.name, f.to_json, None if f.required else f.default) for f in record_type.fields]
        buffer: list[str] = []
        n = 0
        for external_id, values in snapshot.sorted_rows(record_type):
            record = {"type": record_type.name, "id": external_id}
            for name, to_json, default in plan:
                value = values[name]
                if value is None or value == default:
                    continue
                record[name] = to_json(value)
            buffer.append(json.dumps(record, ensure_ascii=False))
            n += 1
            if len(buffer) == CHUNK:
                out.write("\n".join(buffer) + "\n")
                buffer.clear()
                advance(CHUNK)
        if buffer:
            out.write("\n".join(buffer) + "\n")
            advance(len(buffer))
        if n:
            counts[record_type.name] = n
    audit_record(
        user=by_user,
        action=Action.EXPORT,
        summary=f"Exported {sum(counts.values())} records{' to ' + destination if destination else ''}",
        detail={"destination": destination, "counts": counts},
    )
    return counts
