"""The JSON Schema and the field reference of the format, both made from the registry so they
cannot disagree with what the importer accepts."""

from __future__ import annotations

import json

from .fields import Ref
from .registry import RecordType, record_types
from .validation import MAX_ID_LENGTH

SCHEMA_ID = "https://probation.example/interchange.schema.json"


def build_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Probation interchange record",
        "description": "One line of an interchange file (JSON Lines): a record of one of the types below. "
        "Made from the record-type registry by `probation interchange_docs`.",
        "oneOf": [_branch(t) for t in record_types()],
        "$defs": {
            "id": {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_ID_LENGTH,
                "pattern": "\\S",
                "description": "A stable external id, unique within its record type.",
            }
        },
    }


def _branch(record_type: RecordType) -> dict:
    properties: dict = {
        "type": {"const": record_type.name},
        "id": {"$ref": "#/$defs/id"},
    }
    required = ["type", "id"]
    for f in record_type.fields:
        spec = f.schema()
        if f.doc:
            spec = (
                {**spec, "description": f.doc}
                if not isinstance(f, Ref)
                else {
                    "description": f"{f.doc} The id of a `{f.target}` record.",
                    "$ref": spec["$ref"],
                }
            )
        if f.required:
            required.append(f.name)
        else:
            spec = {
                "anyOf": [_without_description(spec), {"type": "null"}],
                "description": spec.get("description", ""),
            }
        properties[f.name] = spec
    return {
        "title": record_type.name,
        "description": record_type.doc,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _without_description(spec: dict) -> dict:
    return {k: v for k, v in spec.items() if k != "description"}


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def reference_markdown() -> str:
    """A section per record type with a table of its fields."""
    parts = []
    for t in record_types():
        parts.append(f"### `{t.name}`\n\n{t.doc}\n")
        parts.append("| field | required | value | meaning |")
        parts.append("|---|---|---|---|")
        parts.append("| `type` | yes | `" + t.name + "` | The record type. |")
        parts.append("| `id` | yes | text | The record's stable external id. |")
        for f in t.fields:
            doc = f.doc.replace("|", "\\|")
            kind = f.describe_kind().replace("|", "\\|")
            parts.append(f"| `{f.name}` | {'yes' if f.required else 'no'} | {kind} | {doc} |")
        rules = [f"no two share {' + '.join(f'`{n}`' for n in u.fields)}" for u in t.unique]
        if rules:
            parts.append("\nUnique: " + "; ".join(rules) + ".")
        parts.append("")
    return "\n".join(parts)
