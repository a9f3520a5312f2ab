"""Writing a checked file: rows are created and updated in bulk, type by type in dependency order,
and a row whose values have not changed is not touched."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import F
from django.utils import timezone

from .bulkload import insert_rows
from .fields import Ref
from .progress import NO_PROGRESS, Progress
from .registry import RecordType, record_types
from .validation import CheckedFile

BATCH = 10000
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class Writer:
    """Writes a checked file. It is also the context that `derive` and `after_write` hooks get."""

    def __init__(self, checked: CheckedFile, progress: Progress = NO_PROGRESS):
        self.checked = checked
        self.snapshot = checked.snapshot
        self.progress = progress
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self._deferred: list[tuple[RecordType, str, Ref, str]] = []

    # The hooks' view ---------------------------------------------------------------------------

    def pk(self, type_name: str, external_id: str | None) -> int | None:
        """The primary key of a record already in the database or written by this import."""
        return self.snapshot.ids(type_name).get(external_id) if external_id is not None else None

    def file_values(self, type_name: str) -> dict[str, dict]:
        return {ext: record.values for ext, record in self.checked.records.get(type_name, {}).items()}

    def values(self, type_name: str) -> dict[str, dict]:
        """Every record of a type as it will be after the import: the database's, overlaid by the file's."""
        merged = {ext: row.values for ext, row in self.snapshot.rows(type_name).items()}
        merged.update(self.file_values(type_name))
        return merged

    def count(self, type_name: str, outcome: str, n: int = 1) -> None:
        self.counts[type_name][outcome] += n

    # Writing ------------------------------------------------------------------------------------

    def write(self) -> dict[str, Counter]:
        present = [t for t in record_types() if t.name in self.checked.records]
        for record_type in present:
            self._write_type(record_type)
        self._write_deferred()
        for record_type in present:
            if record_type.after_write is not None:
                record_type.after_write(self)
        return self.counts

    def _write_type(self, record_type: RecordType) -> None:
        model = record_type.model_class
        records = self.checked.records[record_type.name]
        advance = self.progress.phase(f"Writing {record_type.name}", len(records))
        existing = self.snapshot.rows(record_type.name)
        derived = record_type.derive(self) if record_type.derive is not None else {}
        # (field name, column, external id → pk of the referenced type, or None for a plain value)
        plan = [
            (f.name, f.column, self.snapshot.ids(f.target) if isinstance(f, Ref) else None, f)
            for f in record_type.fields
        ]
        versioned = any(f.name == "version" for f in model._meta.concrete_fields)
        # Not every versioned model keeps an updated_at (risk assessments are versions themselves).
        stamped = any(f.name == "updated_at" for f in model._meta.concrete_fields)
        now = timezone.now()
        creates, updates = [], []
        for external_id, record in records.items():
            values = record.values
            extra = derived.get(external_id, {})
            row = existing.get(external_id)
            if (
                row is not None
                and row.values == values
                and all(row.derived.get(k) == v for k, v in extra.items())
            ):
                self.count(record_type.name, UNCHANGED)
                continue
            attrs = {"external_id": external_id}
            for name, column, ids, f in plan:
                value = values[name]
                if ids is not None and value is not None:
                    target_pk = ids.get(value)
                    if target_pk is None:  # only a deferred reference can point forward
                        self._deferred.append((record_type, external_id, f, value))
                    value = target_pk
                attrs[column] = value
            attrs.update(extra)
            if row is None:
                if record_type.on_create is not None:
                    attrs.update(record_type.on_create(values))
                creates.append(attrs)
            else:
                obj = model(pk=row.pk, **attrs)
                if versioned:
                    obj.version = F("version") + 1
                if stamped:
                    obj.updated_at = now
                updates.append(obj)
        # Updates first: closing an open assignment must come before opening its successor.
        if updates:
            columns = [f.column for f in record_type.fields] + list(record_type.derived_attrs)
            if versioned:
                columns += ["version"]
            if stamped:
                columns += ["updated_at"]
            model._default_manager.bulk_update(updates, columns, batch_size=500)
        for start in range(0, len(creates), BATCH):
            batch = creates[start : start + BATCH]
            pks = insert_rows(model, batch)
            self.snapshot.add(
                record_type.name, [(row["external_id"], pk) for row, pk in zip(batch, pks, strict=True)]
            )
            advance(len(batch))
        self.count(record_type.name, CREATED, len(creates))
        self.count(record_type.name, UPDATED, len(updates))
        advance(len(records) - len(creates))

    def _write_deferred(self) -> None:
        """References that pointed at records written later (a team's manager) are set now."""
        grouped: dict[tuple[str, str], list] = defaultdict(list)
        for record_type, external_id, f, target in self._deferred:
            model = record_type.model_class
            obj = model(pk=self.pk(record_type.name, external_id))
            setattr(obj, f.column, self.pk(f.target, target))
            grouped[(record_type.name, f.column)].append((model, obj))
        for (_name, column), pairs in grouped.items():
            model = pairs[0][0]
            model._default_manager.bulk_update([obj for _m, obj in pairs], [column], batch_size=500)
