"""Importing: a good file is written whole, matched by external id, with the derived values set."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from probation.audit.models import AuditEvent
from probation.interchange.importer import import_records
from probation.people.models import Person
from probation.sentences.models import Disposal
from probation.workforce.models import ResponsibleOfficerAssignment, Staff, Team

from .conftest import small_file

pytestmark = pytest.mark.django_db


def run_import(path, *args) -> str:
    out = StringIO()
    call_command("import", path, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_good_file_is_written_and_the_counts_are_reported(write_file):
    output = run_import(write_file(small_file()))
    assert re.search(r"^person +1 +0 +0$", output, re.MULTILINE)
    assert "Imported file1.jsonl: 11 created, 0 updated, 0 unchanged." in output
    person = Person.objects.get(crn="T000001")
    assert person.first_name == "Sam" and person.pnc == small_file()[5]["pnc"]
    assert Disposal.objects.get(external_id="disposal-t").requirements.get().length == 100


def test_a_persons_current_provider_team_and_officer_come_from_the_open_assignment(write_file):
    run_import(write_file(small_file()))
    person = Person.objects.get(external_id="person-t")
    olive = Staff.objects.get(username="olive.officer")
    assert (person.officer, person.team_id, person.provider_id) == (olive, olive.team_id, olive.provider_id)


def test_a_team_may_name_its_manager_before_the_managers_own_record(write_file):
    run_import(write_file(small_file()))
    assert Team.objects.get(external_id="team-t").manager.username == "mo.manager"


def test_a_disposals_expected_end_date_is_worked_out_when_left_out(write_file):
    run_import(write_file(small_file()))
    assert str(Disposal.objects.get(external_id="disposal-t").expected_end_date) == "2027-01-04"


def test_imported_staff_cannot_sign_in_until_a_password_is_set(write_file):
    run_import(write_file(small_file()))
    assert not Staff.objects.get(username="olive.officer").has_usable_password()


def test_importing_the_same_file_twice_changes_nothing(write_file):
    path = write_file(small_file())
    run_import(path)
    before = {p.pk: (p.version, p.updated_at) for p in Person.objects.all()}
    output = run_import(path)
    assert "0 created, 0 updated, 11 unchanged" in output
    assert {p.pk: (p.version, p.updated_at) for p in Person.objects.all()} == before


def test_a_changed_record_is_updated_and_its_version_rises(write_file):
    run_import(write_file(small_file()))
    records = small_file()
    records[5]["first_name"] = "Samuel"
    output = run_import(write_file(records))
    assert "0 created, 1 updated, 10 unchanged" in output
    person = Person.objects.get(external_id="person-t")
    assert (person.first_name, person.version) == ("Samuel", 2)


def test_a_field_left_out_on_reimport_goes_back_to_its_default(write_file):
    records = small_file()
    records[5]["phone"] = "07700 900123"
    run_import(write_file(records))
    run_import(write_file(small_file()))
    assert Person.objects.get(external_id="person-t").phone == ""


def test_a_file_may_refer_to_records_already_in_the_database(write_file):
    run_import(write_file(small_file()))
    reallocation = [
        {
            "type": "staff",
            "id": "staff-n",
            "username": "nia.new",
            "first_name": "Nia",
            "last_name": "New",
            "provider": "provider-t",
            "area": "area-t",
            "team": "team-t",
            "grade": "PSO",
            "roles": ["practitioner"],
        },
        {
            "type": "ro_assignment",
            "id": "roa-t",
            "person": "person-t",
            "officer": "staff-t",
            "provider": "provider-t",
            "team": "team-t",
            "start_date": "2026-01-05",
            "end_date": "2026-03-02",
            "reason": "initial",
        },
        {
            "type": "ro_assignment",
            "id": "roa-t2",
            "person": "person-t",
            "officer": "staff-n",
            "provider": "provider-t",
            "team": "team-t",
            "start_date": "2026-03-02",
            "reason": "workload",
        },
    ]
    run_import(write_file(reallocation))
    person = Person.objects.get(external_id="person-t")
    assert person.officer.username == "nia.new"
    assert person.version == 2
    assert ResponsibleOfficerAssignment.objects.filter(person=person).count() == 2


def test_an_import_writes_one_audit_row_with_the_counts(write_file):
    run_import(write_file(small_file()))
    rows = AuditEvent.objects.filter(action="import")
    assert rows.count() == 1
    row = rows.get()
    assert row.summary == "Imported file1.jsonl: 11 created, 0 updated, 0 unchanged"
    assert row.detail["counts"]["person"] == {"created": 1, "updated": 0, "unchanged": 0}


def test_check_only_writes_nothing(write_file):
    output = run_import(write_file(small_file()), "--check")
    assert "11 records checked; no problems found" in output
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_file_can_be_read_from_standard_input(write_file, monkeypatch):
    import io
    import json

    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(r) for r in small_file())))
    assert "11 created" in run_import("-")


def test_the_progress_bar_does_not_change_the_result(write_file):
    import json

    from probation.interchange.progress import progress_on_stderr

    with progress_on_stderr(enabled=True) as progress:
        result = import_records([json.dumps(r) for r in small_file()], progress=progress)
    assert result.total("created") == 11


def test_blank_lines_are_ignored(write_file):
    import json

    lines = [json.dumps(r) for r in small_file()]
    assert "11 created" in run_import(write_file([lines[0], "", *lines[1:], "   "]))


def test_a_line_separator_inside_a_text_value_does_not_split_the_line(write_file, tmp_path):
    import json

    records = small_file()
    records[5]["caring_responsibilities"] = "Two children\u2028and a parent"
    path = tmp_path / "separators.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    run_import(str(path))
    assert (
        Person.objects.get(external_id="person-t").caring_responsibilities == "Two children\u2028and a parent"
    )


def test_a_missing_file_is_reported():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="There is no file /nowhere.jsonl"):
        run_import("/nowhere.jsonl")
