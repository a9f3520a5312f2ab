"""A file with any problem is refused whole: each problem is reported as `line N: field F: reason`
and nothing is written."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from probation.audit.models import AuditEvent
from probation.people.models import Person
from probation.workforce.models import Provider, Staff

from .conftest import small_file

pytestmark = pytest.mark.django_db


def rejected(path) -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", path, stdout=StringIO(), stderr=err)
    assert not Provider.objects.filter(external_id="provider-t").exists()
    assert not Staff.objects.filter(external_id__in=["staff-t", "staff-m"]).exists()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()
    return err.getvalue()


def changed(line: int, **changes) -> list:
    records = small_file()
    records[line - 1] = {**records[line - 1], **changes}
    return records


def without(line: int, field: str) -> list:
    records = small_file()
    del records[line - 1][field]
    return records


def test_the_small_file_itself_imports_cleanly(write_file):
    call_command("import", write_file(small_file()), stdout=StringIO())
    assert Person.objects.count() == 1


def test_a_line_that_is_not_json_is_rejected(write_file):
    lines = [json.dumps(r) for r in small_file()]
    lines[5] = lines[5][:40]
    assert "line 6: field (record): not valid JSON" in rejected(write_file(lines))


def test_a_line_that_is_not_an_object_is_rejected(write_file):
    lines = [json.dumps(r) for r in small_file()]
    lines[1] = "[1, 2]"
    assert "line 2: field (record): must be a JSON object, not a list" in rejected(write_file(lines))


def test_an_unknown_record_type_is_rejected(write_file):
    assert "line 2: field type: 'region' is not a record type" in rejected(
        write_file(changed(2, type="region"))
    )


def test_a_missing_required_field_is_rejected(write_file):
    assert "line 6: field last_name: is required" in rejected(write_file(without(6, "last_name")))


def test_a_record_without_an_id_is_rejected(write_file):
    assert "line 2: field id: is required" in rejected(write_file(without(2, "id")))


def test_a_value_outside_its_list_of_codes_is_rejected(write_file):
    message = rejected(write_file(changed(6, sex="m")))
    assert "line 6: field sex: 'm' is not one of 'male', 'female'" in message


def test_a_malformed_crn_is_rejected(write_file):
    message = rejected(write_file(changed(6, crn="T12345")))
    assert "line 6: field crn: 'T12345' is not a CRN" in message


def test_a_pnc_with_the_wrong_check_character_is_rejected(write_file):
    good = small_file()[5]["pnc"]
    wrong = good[:-1] + ("A" if good[-1] != "A" else "B")
    message = rejected(write_file(changed(6, pnc=wrong)))
    assert f"line 6: field pnc: {wrong!r} is not a valid PNC ID: its check character is" in message


def test_unpaid_work_of_500_hours_is_rejected(write_file):
    message = rejected(write_file(changed(11, length=500)))
    assert "line 11: field length: Unpaid work must be between 40 and 300 hours" in message


def test_a_treatment_requirement_without_consent_is_rejected(write_file):
    message = rejected(write_file(changed(11, requirement_type="drug_rehabilitation", length=None)))
    assert "line 11: field consent_given: This requirement needs the person's consent" in message


def test_a_community_order_over_three_years_is_rejected(write_file):
    message = rejected(write_file(changed(10, length_months=37)))
    assert "line 10: field length_months: A community order can last at most 3 years" in message


def test_a_reference_to_an_unknown_record_is_rejected(write_file):
    message = rejected(write_file(changed(8, person="person-nobody")))
    assert "line 8: field person: there is no person 'person-nobody' in the file or the database" in message


def test_a_field_of_the_wrong_kind_is_rejected(write_file):
    message = rejected(write_file(changed(8, number="1")))
    assert "line 8: field number: must be a whole number, not '1'" in message


def test_a_date_in_the_wrong_form_is_rejected(write_file):
    message = rejected(write_file(changed(8, conviction_date="05/01/2026")))
    assert "line 8: field conviction_date: must be a date written YYYY-MM-DD, not '05/01/2026'" in message


def test_an_impossible_date_is_rejected(write_file):
    message = rejected(write_file(changed(8, conviction_date="2026-02-30")))
    assert "line 8: field conviction_date: '2026-02-30' is not a real date" in message


def test_a_field_the_type_does_not_have_is_rejected(write_file):
    message = rejected(write_file(changed(6, shoe_size=9)))
    assert "line 6: field shoe_size: is not a field of a person record" in message


def test_text_longer_than_its_column_is_rejected(write_file):
    message = rejected(write_file(changed(6, first_name="x" * 101)))
    assert "line 6: field first_name: must be at most 100 characters (it has 101)" in message


def test_the_same_id_twice_is_rejected(write_file):
    records = small_file()
    records.append({**records[5], "crn": "T000002", "pnc": None})
    message = rejected(write_file(records))
    assert "line 12: field id: 'person-t' is also the id of the person on line 6" in message


def test_a_crn_already_used_by_another_person_is_rejected(write_file):
    records = small_file()
    records.append({**records[5], "id": "person-u", "pnc": None})
    message = rejected(write_file(records))
    assert "line 12: field crn: another person has this CRN (person-t, line 6)" in message


def test_a_crn_already_in_the_database_is_rejected(write_file):
    from tests import factories as f

    f.person(crn="T000001")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import", write_file(small_file()), stdout=StringIO(), stderr=err)
    assert "line 6: field crn: another person has this CRN (person-" in err.getvalue()
    assert "in the database)" in err.getvalue()
    assert not Staff.objects.filter(external_id="staff-t").exists()


def test_a_second_open_assignment_for_a_person_is_rejected(write_file):
    records = small_file()
    records.append({**records[6], "id": "roa-u", "start_date": "2026-02-01"})
    message = rejected(write_file(records))
    assert "line 12: field end_date: the person already has an open assignment (roa-t, line 7)" in message


def test_an_assignment_to_a_team_of_another_provider_is_rejected(write_file):
    records = small_file()
    records.insert(
        1, {"type": "provider", "id": "provider-u", "name": "Other", "code": "OTH", "sector": "private"}
    )
    records[7] = {**records[7], "provider": "provider-u"}
    message = rejected(write_file(records))
    assert "line 8: field team: belongs to provider-t, not provider-u" in message


def test_every_problem_in_the_file_is_reported_at_once(write_file):
    records = changed(6, sex="m")
    records[9] = {**records[9], "length_months": 37}
    message = rejected(write_file(records))
    assert message.index("line 6: field sex") < message.index("line 10: field length_months")
