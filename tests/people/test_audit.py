"""Every view of a case, every search and every change leaves a row in the audit trail, and no row can
be rewritten or removed afterwards, not even by code that goes round the model."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from probation.audit.models import Action, AuditEvent
from probation.audit.services import audit_record


def edit_form_data(person, **changes):
    data = {
        "version": person.version,
        "phone": person.phone,
        "email": person.email,
        "first_language": person.first_language,
        "gender_identity": person.gender_identity,
        "ethnicity": person.ethnicity,
        "religion": person.religion,
        "sexual_orientation": person.sexual_orientation,
        "disability": person.disability,
        "disability_adjustments": person.disability_adjustments,
        "caring_responsibilities": person.caring_responsibilities,
    }
    data.update(changes)
    return data


def rows_since(mark):
    return list(AuditEvent.objects.filter(id__gt=mark).order_by("id"))


def last_id():
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize(
    "page, summary",
    [
        ("cases:overview", "Viewed case overview"),
        ("cases:ro-history", "Viewed responsible officer history"),
        ("cases:audit", "Viewed audit trail"),
        ("cases:edit-details", "Opened personal details to edit"),
    ],
)
def test_every_view_of_a_case_writes_one_audit_row_naming_who_and_which_case(
    personas, client_for, page, summary
):
    client = client_for(personas.maria)
    mark = last_id()
    assert client.get(reverse(page, args=[personas.case.crn])).status_code == 200
    [row] = rows_since(mark)
    assert row.user == personas.maria
    assert row.action == Action.VIEW
    assert row.person_id == personas.case.pk
    assert row.object_type == "people.person"
    assert row.object_id == str(personas.case.pk)
    assert row.summary == summary


def test_an_inspectors_view_of_a_granted_case_is_audited(personas, client_for, grant_case):
    grant_case(personas.case, personas.ian)
    mark = last_id()
    client_for(personas.ian).get(reverse("cases:overview", args=[personas.case.crn]))
    [row] = rows_since(mark)
    assert (row.user, row.action, row.person_id) == (personas.ian, Action.VIEW, personas.case.pk)


def test_every_search_is_audited_with_what_was_looked_for(personas, client_for):
    mark = last_id()
    client_for(personas.charlie).get(reverse("cases:search"), {"q": "Archer 27/03/1990"})
    [row] = rows_since(mark)
    assert row.user == personas.charlie
    assert row.action == Action.SEARCH
    assert row.detail == {"query": "Archer 27/03/1990"}
    assert row.person_id is None


def test_a_refused_attempt_to_open_a_restricted_case_is_audited(personas, client_for):
    mark = last_id()
    client_for(personas.eddie).get(reverse("cases:overview", args=[personas.case.crn]))
    [row] = rows_since(mark)
    assert (row.user, row.action, row.person_id) == (personas.eddie, Action.REFUSED, personas.case.pk)


def test_a_change_is_audited_with_each_field_before_and_after(personas, client_for):
    mark = last_id()
    response = client_for(personas.alice).post(
        reverse("cases:edit-details", args=[personas.case.crn]),
        edit_form_data(
            personas.case, phone="07700 900123", email="jordan@example.com", first_language="Welsh"
        ),
    )
    assert response.status_code == 302
    [row] = rows_since(mark)
    assert row.user == personas.alice
    assert row.action == Action.UPDATE
    assert row.person_id == personas.case.pk
    assert row.detail == {
        "changes": {
            "email": ["", "jordan@example.com"],
            "first_language": ["English", "Welsh"],
            "phone": ["", "07700 900123"],
        }
    }
    assert row.summary == "Changed personal details: email, first_language, phone"


def test_saving_the_form_unchanged_writes_no_change_row(personas, client_for):
    mark = last_id()
    client_for(personas.alice).post(
        reverse("cases:edit-details", args=[personas.case.crn]), edit_form_data(personas.case)
    )
    assert [row.action for row in rows_since(mark)] == []


def test_the_audit_trail_shows_a_change_with_before_and_after(personas, client_for):
    client_for(personas.alice).post(
        reverse("cases:edit-details", args=[personas.case.crn]),
        edit_form_data(personas.case, phone="07700 900123"),
    )
    content = (
        client_for(personas.maria).get(reverse("cases:audit", args=[personas.case.crn])).content.decode()
    )
    assert "Alice Tester" in content
    assert "Changed: Changed personal details: phone" in content
    assert "(blank) → 07700 900123" in content


def test_the_audit_trail_lists_only_this_cases_rows(personas, client_for):
    from tests import factories as f

    other = f.person(officer=personas.alice, last_name="Baker")
    client_for(personas.bob).get(reverse("cases:overview", args=[other.crn]))
    content = (
        client_for(personas.maria).get(reverse("cases:audit", args=[personas.case.crn])).content.decode()
    )
    assert "Bob Tester" not in content


@pytest.fixture
def audit_row(personas):
    return audit_record(
        user=personas.alice, action=Action.VIEW, obj=personas.case, summary="Viewed case overview"
    )


def test_an_audit_row_cannot_be_changed_through_the_model(audit_row):
    audit_row.summary = "Nothing to see"
    with pytest.raises(RuntimeError, match="append-only"):
        audit_row.save()


def test_an_audit_row_cannot_be_deleted_through_the_model(audit_row):
    with pytest.raises(RuntimeError, match="append-only"):
        audit_row.delete()


def test_the_database_refuses_an_update_that_goes_round_the_model(audit_row):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=audit_row.pk).update(summary="Nothing to see")
    audit_row.refresh_from_db()
    assert audit_row.summary == "Viewed case overview"


def test_the_database_refuses_a_delete_that_goes_round_the_model(audit_row):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=audit_row.pk).delete()
    assert AuditEvent.objects.filter(pk=audit_row.pk).exists()


def test_the_database_refuses_raw_sql_that_rewrites_history(audit_row):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET user_id = NULL WHERE id = %s", [audit_row.pk])
    audit_row.refresh_from_db()
    assert audit_row.user_id is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", ["first", "after the database was emptied"])
def test_the_trail_stays_append_only_in_tests_that_commit(personas, run):
    # Transactional tests empty the database afterwards; the triggers must be back for the next one.
    row = audit_record(user=personas.alice, action=Action.VIEW, obj=personas.case)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).delete()
