"""What the database already holds, in interchange form: external id → primary key maps and whole
rows, each loaded with one query per record type the first time it is needed."""

from __future__ import annotations

from operator import itemgetter

from .fields import Ref
from .registry import RecordType, get_type


class Row:
    __slots__ = ("pk", "values", "derived")

    def __init__(self, pk: int, values: dict, derived: dict):
        self.pk = pk
        self.values = values
        self.derived = derived


def record_queryset(record_type: RecordType):
    return record_type.model_class._default_manager.filter(**record_type.export_filter)


class Snapshot:
    def __init__(self) -> None:
        self._ids: dict[str, dict[str, int]] = {}
        self._external: dict[str, dict[int, str]] = {}
        self._rows: dict[str, dict[str, Row]] = {}

    def ids(self, type_name: str) -> dict[str, int]:
        """External id → primary key for every row of the type (kept up to date as rows are added)."""
        if type_name not in self._ids:
            queryset = record_queryset(get_type(type_name))
            self._ids[type_name] = dict(queryset.values_list("external_id", "pk"))
        return self._ids[type_name]

    def external_ids(self, type_name: str) -> dict[int, str]:
        if type_name not in self._external:
            self._external[type_name] = {pk: ext for ext, pk in self.ids(type_name).items()}
        return self._external[type_name]

    def add(self, type_name: str, pairs: list[tuple[str, int]]) -> None:
        ids = self.ids(type_name)
        external = self._external.get(type_name)
        for external_id, pk in pairs:
            ids[external_id] = pk
            if external is not None:
                external[pk] = external_id

    def rows(self, type_name: str) -> dict[str, Row]:
        if type_name not in self._rows:
            record_type = get_type(type_name)
            columns = [f.column for f in record_type.fields]
            derived = list(record_type.derived_attrs)
            queryset = record_queryset(record_type).values_list("pk", "external_id", *columns, *derived)
            convert = self.converter(record_type)
            rows = {}
            for raw in queryset.iterator(chunk_size=5000):
                values = convert(raw[2 : 2 + len(columns)])
                rows[raw[1]] = Row(raw[0], values, dict(zip(derived, raw[2 + len(columns) :], strict=True)))
            self._rows[type_name] = rows
        return self._rows[type_name]

    def converter(self, record_type: RecordType):
        """A function from a tuple of column values (in field order) to the record's values."""
        steps = []
        for f in record_type.fields:
            if isinstance(f, Ref):
                steps.append((f.name, self.external_ids(f.target).get))
            else:
                steps.append((f.name, None))

        def convert(raw) -> dict:
            values = {}
            for (name, lookup), value in zip(steps, raw, strict=True):
                if lookup is not None and value is not None:
                    value = lookup(value)
                values[name] = value
            return values

        return convert

    def sorted_rows(self, record_type: RecordType):
        """(external id, values) for every row, ordered by external id as plain text (the same on
        every database, whatever its collation)."""
        columns = [f.column for f in record_type.fields]
        raw_rows = list(
            record_queryset(record_type).values_list("external_id", *columns).iterator(chunk_size=5000)
        )
        raw_rows.sort(key=itemgetter(0))
        convert = self.converter(record_type)
        for raw in raw_rows:
            yield raw[0], convert(raw[1:])
