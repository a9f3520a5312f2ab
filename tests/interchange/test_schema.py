"""The published schema and field reference are made from the registry and describe what the
importer accepts."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from jsonschema import Draft202012Validator

from probation.interchange.registry import record_types
from probation.synth.generator import generate

from .conftest import small_file


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((Path(settings.BASE_DIR) / "docs" / "interchange.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_published_schema_and_field_reference_are_up_to_date(db):
    call_command("interchange_docs", "--check")


def test_the_schema_has_one_branch_per_record_type(db, validator):
    titles = [branch["title"] for branch in validator.schema["oneOf"]]
    assert titles == [t.name for t in record_types()]
    assert {
        "provider",
        "area",
        "office",
        "team",
        "staff",
        "person",
        "alias",
        "address",
        "access_entry",
        "case_involvement",
        "event",
        "offence",
        "disposal",
        "requirement",
        "ro_assignment",
    } <= set(titles)


def test_every_generated_record_is_valid_against_the_schema(db, validator):
    for record in generate(people=40, seed=4):
        errors = list(validator.iter_errors(record))
        assert not errors, (record, errors[0].message)


def test_the_schema_refuses_what_the_importer_refuses(db, validator):
    person = small_file()[5]
    assert validator.is_valid(person)
    assert not validator.is_valid({**person, "sex": "m"})
    assert not validator.is_valid({**person, "crn": "T12345"})
    assert not validator.is_valid({k: v for k, v in person.items() if k != "last_name"})
    assert not validator.is_valid({**person, "shoe_size": 9})
    assert not validator.is_valid({**person, "type": "region"})


def test_every_field_of_every_type_is_documented(db):
    text = (Path(settings.BASE_DIR) / "docs" / "interchange.md").read_text()
    for record_type in record_types():
        assert f"### `{record_type.name}`" in text
        for field in record_type.fields:
            assert field.doc, f"{record_type.name}.{field.name} has no description"
