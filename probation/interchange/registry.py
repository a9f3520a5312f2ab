"""The record types of the interchange format and where they come from.

Each app may declare record types in an `interchange.py` module (the foundation's own types live in
`probation.interchange.types`). Declaring one is a single call:

    register(RecordType(
        name="risk_assessment",
        model="risk.RiskAssessment",
        doc="A completed risk of serious harm assessment.",
        fields=[Ref("person", "person", required=True), Date("completed_on", required=True), ...],
        validate=my_problems,          # (record, lookup) -> [(field, reason), ...]
    ))

The importer and exporter discover every registered type and write them in dependency order: a
type comes after every type its references (and `after`) name, so a risk assessment is written
after the person it belongs to.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.apps import apps

from .fields import Field, Ref

Problems = list[tuple[str, str]]


class Lookup(Protocol):
    """What a validation hook may ask: the values of another record, from the file being imported
    or else from the database. None when there is no such record or it has problems of its own."""

    def get(self, type_name: str, external_id: str | None) -> dict | None: ...


@dataclass(frozen=True)
class Unique:
    """Values that no two records of a type may share (in the file and the database together).
    `when` limits the rule to some records, e.g. only open assignments."""

    fields: tuple[str, ...]
    message: str
    when: Callable[[dict], bool] | None = None
    # The field a clash is reported against; the last of `fields` by default.
    blame: str | None = None

    @property
    def field(self) -> str:
        return self.blame or self.fields[-1]


@dataclass
class RecordType:
    name: str
    model: str
    fields: Sequence[Field]
    doc: str = ""
    # (record, lookup) -> [(field, reason)]: rules that need more than one field, e.g. legal limits.
    validate: Callable[[dict, Lookup], Problems] | None = None
    # (record) -> None: fill values derived from others when the file leaves them out.
    prepare: Callable[[dict], None] | None = None
    unique: Sequence[Unique] = ()
    # Types this one must be written after, besides those its references name.
    after: Sequence[str] = ()
    # Model attributes the importer sets from other records (not fields of the record), with the
    # function that computes them: (write context) -> {external id: {attribute: value}}.
    derived_attrs: Sequence[str] = ()
    derive: Callable[[Any], dict[str, dict]] | None = None
    # Attributes given to rows the import creates (never changed by later imports).
    on_create: Callable[[dict], dict] | None = None
    # (write context) -> None: runs after every type has been written.
    after_write: Callable[[Any], None] | None = None
    # Only rows matching this filter (keyword arguments to `filter`) are exported and matched.
    export_filter: dict = field(default_factory=dict)
    # Tie-break between types with no dependency between them: lower first.
    order: int = 100

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"Record type {self.name!r} names a field twice")
        if {"type", "id"} & set(names):
            raise ValueError(f"Record type {self.name!r}: 'type' and 'id' are reserved")
        self.by_name = {f.name: f for f in self.fields}

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def bind(self) -> None:
        model = self.model_class
        for f in self.fields:
            f.bind(model)

    @property
    def refs(self) -> list[Ref]:
        return [f for f in self.fields if isinstance(f, Ref)]

    def dependencies(self) -> set[str]:
        return {r.target for r in self.refs if not r.deferred} | set(self.after)


_registered: dict[str, RecordType] = {}
_ordered: list[RecordType] | None = None
BUILTIN_MODULES = ("probation.interchange.types",)


def register(record_type: RecordType) -> RecordType:
    """Add a record type. Registering the same name again replaces it (modules may be reloaded)."""
    global _ordered
    _registered[record_type.name] = record_type
    _ordered = None
    return record_type


def unregister(name: str) -> None:
    """Remove a record type (for tests that register one of their own)."""
    global _ordered
    _registered.pop(name, None)
    _ordered = None


def _discover() -> None:
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    for config in apps.get_app_configs():
        name = f"{config.name}.interchange"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def record_types() -> list[RecordType]:
    """Every record type, in the order they must be written."""
    global _ordered
    if _ordered is None:
        _discover()
        for record_type in _registered.values():
            record_type.bind()
        _ordered = _dependency_order(_registered.values())
    return list(_ordered)


def get_type(name: str) -> RecordType | None:
    return {t.name: t for t in record_types()}.get(name)


def _dependency_order(types: Iterable[RecordType]) -> list[RecordType]:
    by_name = {t.name: t for t in types}
    for t in by_name.values():
        missing = t.dependencies() - set(by_name)
        if missing:
            raise ValueError(f"Record type {t.name!r} depends on unknown types: {sorted(missing)}")
    done: list[RecordType] = []
    placed: set[str] = set()
    waiting = sorted(by_name.values(), key=lambda t: (t.order, t.name))
    while waiting:
        ready = [t for t in waiting if t.dependencies() <= placed]
        if not ready:
            raise ValueError(f"Record types depend on each other in a cycle: {[t.name for t in waiting]}")
        chosen = ready[0]
        done.append(chosen)
        placed.add(chosen.name)
        waiting.remove(chosen)
    return done
