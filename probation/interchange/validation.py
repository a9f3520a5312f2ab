"""Reading and checking a whole file before anything is written: every line is parsed, every field
checked, every reference resolved (in the file or the database), every uniqueness rule and legal
limit applied. Problems are collected, never raised one at a time, so one run reports them all."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from .fields import describe
from .progress import NO_PROGRESS, Progress
from .registry import RecordType, record_types
from .snapshot import Snapshot

MAX_ID_LENGTH = 64
WHOLE_RECORD = "(record)"


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: field {self.field}: {self.reason}"


@dataclass(slots=True)
class FileRecord:
    line: int
    values: dict
    ok: bool


@dataclass
class CheckedFile:
    """The records of a file by type and external id (in file order), and what is wrong with them."""

    records: dict[str, dict[str, FileRecord]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    snapshot: Snapshot = field(default_factory=Snapshot)
    lines: int = 0

    def problem(self, line: int, field_name: str, reason: str) -> None:
        self.problems.append(Problem(line, field_name, reason))

    def get(self, type_name: str, external_id: str | None) -> dict | None:
        """The `Lookup` validation hooks receive: a record's values from the file, or else the
        database; None if there is none, or if it has problems of its own."""
        if external_id is None:
            return None
        record = self.records.get(type_name, {}).get(external_id)
        if record is not None:
            return record.values if record.ok else None
        row = self.snapshot.rows(type_name).get(external_id)
        return row.values if row is not None else None

    @property
    def record_count(self) -> int:
        return sum(len(r) for r in self.records.values())


def check(lines: Iterable[str], *, total: int | None = None, progress: Progress = NO_PROGRESS) -> CheckedFile:
    types = {t.name: t for t in record_types()}
    checked = CheckedFile(records={name: {} for name in types})
    advance = progress.phase("Reading", total)
    for number, text in enumerate(lines, 1):
        checked.lines = number
        if text.strip():
            _read_line(checked, types, number, text)
        if number % 2000 == 0:
            advance(2000)
    advance(checked.lines % 2000)
    checked.records = {name: recs for name, recs in checked.records.items() if recs}
    ordered = [t for t in record_types() if t.name in checked.records]
    advance = progress.phase("Checking", checked.record_count)
    for record_type in ordered:
        _check_references(checked, record_type)
    for record_type in ordered:
        _check_unique(checked, record_type)
    for record_type in ordered:
        _check_rules(checked, record_type)
        advance(len(checked.records[record_type.name]))
    checked.problems.sort()
    return checked


def _read_line(checked: CheckedFile, types: dict[str, RecordType], number: int, text: str) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        checked.problem(number, WHOLE_RECORD, f"not valid JSON: {exc.msg} (column {exc.colno})")
        return
    if not isinstance(data, dict):
        checked.problem(number, WHOLE_RECORD, f"must be a JSON object, not {describe(data)}")
        return
    type_name = data.get("type")
    record_type = types.get(type_name) if isinstance(type_name, str) else None
    if record_type is None:
        reason = (
            "is required"
            if type_name is None
            else (f"{describe(type_name)} is not a record type (expected one of {', '.join(sorted(types))})")
        )
        checked.problem(number, "type", reason)
        return
    ok = True
    external_id = data.get("id")
    if not isinstance(external_id, str) or not external_id.strip() or len(external_id) > MAX_ID_LENGTH:
        reason = "is required" if external_id is None else f"must be text of 1 to {MAX_ID_LENGTH} characters"
        checked.problem(number, "id", reason)
        external_id, ok = None, False
    by_name = record_type.by_name
    for key in data:
        if key not in by_name and key not in ("type", "id"):
            checked.problem(number, key, f"is not a field of a {record_type.name} record")
            ok = False
    values = {}
    for name, required, default, clean in _plan(record_type):
        raw = data.get(name)
        if raw is None:
            if required:
                checked.problem(number, name, "is required")
                ok = False
            values[name] = list(default) if default.__class__ is list else default
            continue
        try:
            values[name] = clean(raw)
        except ValueError as exc:
            checked.problem(number, name, str(exc))
            values[name] = None
            ok = False
    if ok and record_type.prepare is not None:
        record_type.prepare(values)
    if external_id is None:
        return
    same_type = checked.records[record_type.name]
    earlier = same_type.get(external_id)
    if earlier is not None:
        checked.problem(
            number, "id", f"{external_id!r} is also the id of the {record_type.name} on line {earlier.line}"
        )
        return
    same_type[external_id] = FileRecord(number, values, ok)


def _plan(record_type: RecordType) -> list[tuple]:
    """(name, required, default, clean) for each field: what reading a line needs, looked up once."""
    plan = _plans.get(id(record_type))
    if plan is None or plan[0] is not record_type:
        plan = _plans[id(record_type)] = (
            record_type,
            [(f.name, f.required, f.default, f.clean) for f in record_type.fields],
        )
    return plan[1]


_plans: dict[int, tuple] = {}


def _check_references(checked: CheckedFile, record_type: RecordType) -> None:
    records = checked.records[record_type.name]
    for ref in record_type.refs:
        in_file = checked.records.get(ref.target, {})
        in_database = checked.snapshot.ids(ref.target)
        for record in records.values():
            target = record.values.get(ref.name)
            if target is not None and target not in in_file and target not in in_database:
                checked.problem(
                    record.line, ref.name, f"there is no {ref.target} {target!r} in the file or the database"
                )
                record.ok = False


def _check_unique(checked: CheckedFile, record_type: RecordType) -> None:
    records = checked.records[record_type.name]
    for rule in record_type.unique:
        seen: dict[tuple, tuple[str, int | None]] = {}
        for external_id, row in checked.snapshot.rows(record_type.name).items():
            if external_id not in records:
                key = _key(rule, row.values)
                if key is not None:
                    seen[key] = (external_id, None)
        for external_id, record in records.items():
            key = _key(rule, record.values)
            if key is None:
                continue
            other = seen.get(key)
            if other is None:
                seen[key] = (external_id, record.line)
                continue
            where = f"line {other[1]}" if other[1] is not None else "in the database"
            checked.problem(record.line, rule.field, f"{rule.message} ({other[0]}, {where})")
            record.ok = False


def _key(rule, values: dict) -> tuple | None:
    key = tuple(values.get(name) for name in rule.fields)
    if any(part is None or part == "" for part in key):
        return None
    if rule.when is not None and not rule.when(values):
        return None
    return key


def _check_rules(checked: CheckedFile, record_type: RecordType) -> None:
    if record_type.validate is None:
        return
    for record in checked.records[record_type.name].values():
        if not record.ok:
            continue
        problems = record_type.validate(record.values, checked)
        for field_name, reason in problems:
            checked.problem(record.line, field_name, reason)
        if problems:
            record.ok = False
