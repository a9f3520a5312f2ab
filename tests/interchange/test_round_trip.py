"""Export writes the format back out, in a fixed order: generate → import → export → import into an
empty database → export gives the identical file."""

import json
import random
from io import StringIO

import pytest
from django.core.management import call_command

from probation.interchange.importer import ImportRejected, import_records
from probation.synth.generator import generate
from probation.workforce.models import Staff

from .conftest import export_text, small_file, wipe_database

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def region():
    return [json.dumps(r) for r in generate(people=60, seed=11)]


def import_lines(lines):
    try:
        return import_records(lines)
    except ImportRejected as rejected:
        pytest.fail("\n".join(str(p) for p in rejected.problems[:20]))


def test_generate_import_export_import_export_gives_the_identical_file(region):
    import_lines(region)
    first = export_text()
    wipe_database()
    result = import_lines(first.splitlines())
    assert result.total("updated") == 0
    second = export_text()
    assert second == first
    generated_ids = {(r["type"], r["id"]) for r in map(json.loads, region)}
    exported_ids = {(r["type"], r["id"]) for r in map(json.loads, first.splitlines())}
    assert generated_ids <= exported_ids


def test_importing_a_generated_region_twice_changes_nothing(region):
    import_lines(region)
    before = export_text()
    result = import_lines(region)
    assert result.total("created") == result.total("updated") == 0
    assert result.total("unchanged") == len(region)
    assert export_text() == before


def test_the_export_does_not_depend_on_the_order_of_the_file_imported(region):
    shuffled = list(region)
    random.Random(3).shuffle(shuffled)
    import_lines(shuffled)
    in_shuffled_order = export_text()
    wipe_database()
    import_lines(region)
    assert export_text() == in_shuffled_order


def test_fields_at_their_default_are_left_out_of_the_export(write_file):
    call_command("import", write_file(small_file()), stdout=StringIO())
    person = next(json.loads(line) for line in export_text().splitlines() if '"person-t"' in line)
    assert person == {**small_file()[5]}
    staff = next(json.loads(line) for line in export_text().splitlines() if '"staff-t"' in line)
    assert "active" not in staff and "phone" not in staff


def test_staff_without_an_external_id_are_not_exported():
    Staff.objects.create_user(username="local.admin", password="x" * 14)
    assert "local.admin" not in export_text()


def test_the_export_command_writes_to_a_file_and_records_the_export(tmp_path, write_file):
    from probation.audit.models import AuditEvent

    call_command("import", write_file(small_file()), stdout=StringIO())
    target = tmp_path / "out.jsonl"
    err = StringIO()
    call_command("export", str(target), stderr=err, stdout=StringIO())
    assert target.read_text() == export_text()
    assert f"to {target}" in err.getvalue()
    assert AuditEvent.objects.filter(action="export").count() == 2
