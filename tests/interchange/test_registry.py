"""The registry: record types come from every app and are written in dependency order; an app adds a
type with one declaration."""

import json

import pytest

from probation.interchange.fields import Ref, String
from probation.interchange.importer import ImportRejected, import_records
from probation.interchange.registry import RecordType, _dependency_order, record_types, register, unregister
from probation.people.models import Alias

from .conftest import small_file


def test_every_type_comes_after_the_types_it_refers_to(db):
    seen = set()
    for record_type in record_types():
        assert record_type.dependencies() <= seen, record_type.name
        seen.add(record_type.name)


def test_a_cycle_of_references_is_refused():
    a = RecordType(name="a", model="people.Alias", fields=[Ref("b", "b", required=True)])
    b = RecordType(name="b", model="people.Alias", fields=[Ref("a", "a", required=True)])
    with pytest.raises(ValueError, match="cycle"):
        _dependency_order([a, b])


def test_a_deferred_reference_breaks_a_cycle():
    a = RecordType(name="a", model="people.Alias", fields=[Ref("b", "b", deferred=True)])
    b = RecordType(name="b", model="people.Alias", fields=[Ref("a", "a", required=True)])
    assert [t.name for t in _dependency_order([a, b])] == ["a", "b"]


def test_type_and_id_cannot_be_field_names():
    with pytest.raises(ValueError, match="reserved"):
        RecordType(name="x", model="people.Alias", fields=[String("type")])


@pytest.fixture
def nickname_type():
    def no_rude_names(record, lookup):
        person = lookup.get("person", record["person"])
        if record["first_name"] == person["first_name"]:
            return [("first_name", "A nickname must differ from the person's name")]
        return []

    register(
        RecordType(
            name="nickname",
            model="people.Alias",
            doc="Another name for a person.",
            fields=[
                Ref("person", "person", required=True, doc="The person."),
                String("first_name", required=True, doc="The name."),
                String("last_name", required=True, doc="The family name."),
            ],
            validate=no_rude_names,
        )
    )
    yield
    unregister("nickname")
    record_types()


def test_an_app_can_add_a_record_type_with_its_own_rules(db, nickname_type):
    assert [t.name for t in record_types()].index("nickname") > [t.name for t in record_types()].index(
        "person"
    )
    lines = [json.dumps(r) for r in small_file()]
    bad = {"type": "nickname", "id": "nick-1", "person": "person-t", "first_name": "Sam", "last_name": "T"}
    with pytest.raises(ImportRejected) as rejected:
        import_records([*lines, json.dumps(bad)])
    assert [str(p) for p in rejected.value.problems] == [
        "line 12: field first_name: A nickname must differ from the person's name"
    ]
    good = {**bad, "first_name": "Sammy"}
    result = import_records([*lines, json.dumps(good)])
    assert result.counts["nickname"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert Alias.objects.get(external_id="nick-1").person.crn == "T000001"
