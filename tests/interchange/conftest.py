import json

import pytest
from django.core.management import call_command

from probation.interchange.registry import record_types
from probation.lib.identifiers import pnc_check_character

PNC = f"2009/0012345{pnc_check_character(2009, 12345)}"


def small_file() -> list[dict]:
    """One of each foundation record, in a known order (line numbers matter to the tests)."""
    return [
        {
            "type": "provider",
            "id": "provider-t",
            "name": "Testshire Probation",
            "code": "TST",
            "sector": "public",
        },
        {"type": "area", "id": "area-t", "name": "Testshire"},
        {
            "type": "team",
            "id": "team-t",
            "name": "Alpha",
            "provider": "provider-t",
            "area": "area-t",
            "manager": "staff-m",
        },
        {
            "type": "staff",
            "id": "staff-t",
            "username": "olive.officer",
            "first_name": "Olive",
            "last_name": "Officer",
            "provider": "provider-t",
            "area": "area-t",
            "team": "team-t",
            "grade": "PO",
            "roles": ["practitioner"],
        },
        {
            "type": "staff",
            "id": "staff-m",
            "username": "mo.manager",
            "first_name": "Mo",
            "last_name": "Manager",
            "provider": "provider-t",
            "area": "area-t",
            "team": "team-t",
            "grade": "SPO",
            "roles": ["manager"],
        },
        {
            "type": "person",
            "id": "person-t",
            "crn": "T000001",
            "pnc": PNC,
            "first_name": "Sam",
            "last_name": "Tester",
            "date_of_birth": "1990-01-01",
            "sex": "male",
        },
        {
            "type": "ro_assignment",
            "id": "roa-t",
            "person": "person-t",
            "officer": "staff-t",
            "provider": "provider-t",
            "team": "team-t",
            "start_date": "2026-01-05",
            "reason": "initial",
        },
        {
            "type": "event",
            "id": "event-t",
            "person": "person-t",
            "number": 1,
            "conviction_date": "2026-01-05",
            "court": "Testshire Magistrates' Court",
        },
        {
            "type": "offence",
            "id": "offence-t",
            "event": "event-t",
            "description": "Theft from a shop",
            "category": "theft_non_motor",
            "is_main": True,
        },
        {
            "type": "disposal",
            "id": "disposal-t",
            "event": "event-t",
            "sentence_type": "community_order",
            "sentence_date": "2026-01-05",
            "start_date": "2026-01-05",
            "length_months": 12,
        },
        {
            "type": "requirement",
            "id": "requirement-t",
            "disposal": "disposal-t",
            "requirement_type": "unpaid_work",
            "length": 100,
            "start_date": "2026-01-05",
        },
    ]


def write_lines(path, records_or_lines) -> str:
    text = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records_or_lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def write_file(tmp_path):
    counter = iter(range(1, 1000))

    def write(records_or_lines) -> str:
        return write_lines(tmp_path / f"file{next(counter)}.jsonl", records_or_lines)

    return write


def export_text() -> str:
    from io import StringIO

    out = StringIO()
    call_command("export", stdout=out)
    return out.getvalue()


def wipe_database() -> None:
    """Delete every row of every record type, dependants first: an empty database for a re-import."""
    for record_type in reversed(record_types()):
        record_type.model_class._default_manager.all().delete()
