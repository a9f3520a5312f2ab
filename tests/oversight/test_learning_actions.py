"""An SFO's learning actions are marked complete with a date and a note, by a manager in a provider
involved; a stale form is refused rather than overwriting someone else's completion."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from probation.audit.models import AuditEvent
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.oversight.charges import charge_record
from probation.oversight.models import SfoLearningAction
from probation.oversight.sfo import sfo_add_learning_action
from tests import factories as f


def _date(prefix, d):
    return {f"{prefix}_0": d.day, f"{prefix}_1": d.month, f"{prefix}_2": d.year}


@pytest.fixture
def action(personas):
    sfo = charge_record(
        by_user=personas.alice, person=personas.case, offence_code="MURDER", charged_on=date(2026, 3, 2)
    ).sfo
    return sfo_add_learning_action(
        by_user=personas.maria,
        sfo=sfo,
        action="Refresh risk training for the team",
        owner="Head of service",
        due_on=date(2026, 9, 1),
    )


def url(action):
    return f"/oversight/sfo/{action.sfo_id}/learning-actions/{action.pk}/complete/"


def _complete(client, action, *, version=None, on=None, note="Training delivered to all officers"):
    return client.post(
        url(action),
        {
            "version": action.version if version is None else version,
            **_date("completed_on", on or timezone.localdate()),
            "note": note,
        },
    )


def test_the_sfo_page_links_each_open_action_to_its_completion(personas, action, client_for):
    page = client_for(personas.maria).get(f"/oversight/sfo/{action.sfo_id}/").content.decode()
    assert url(action) in page


def test_a_manager_marks_an_action_complete_with_a_date_and_note(personas, action, client_for):
    done = timezone.localdate() - timedelta(days=2)
    response = _complete(client_for(personas.maria), action, on=done)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_on == done and action.completed_by == personas.maria
    assert action.completed_note == "Training delivered to all officers" and action.version == 2
    assert AuditEvent.objects.filter(
        object_type="oversight.sfolearningaction", summary="Completed an SFO learning action"
    ).exists()
    page = client_for(personas.maria).get(f"/oversight/sfo/{action.sfo_id}/").content.decode()
    assert "Training delivered to all officers" in page and url(action) not in page


def test_a_stale_form_is_refused(personas, action, client_for):
    other_manager = f.staff("hilda", team_=personas.other_team, grade="SPO", roles=("manager",))
    assert _complete(client_for(other_manager), action, note="Done first").status_code == 302
    response = _complete(client_for(personas.maria), action, version=1, note="Done second")
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    action.refresh_from_db()
    assert action.completed_note == "Done first"


def test_a_stale_version_on_an_open_action_is_refused(personas, action, client_for):
    SfoLearningAction.objects.filter(pk=action.pk).update(version=5)
    response = _complete(client_for(personas.maria), action, version=1)
    assert STALE_RECORD_MESSAGE in response.content.decode()
    action.refresh_from_db()
    assert action.completed_on is None


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"note": ""}, "Enter what was done"),
        ({"on": timezone.localdate() + timedelta(days=1)}, "must be today or in the past"),
        ({"on": date(2026, 3, 1)}, "cannot be before the charge"),
    ],
)
def test_bad_input_is_explained_beside_the_field(personas, action, client_for, fields, message):
    response = _complete(client_for(personas.maria), action, **fields)
    assert message in response.content.decode()
    action.refresh_from_db()
    assert action.completed_on is None


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "ian"])
def test_only_a_manager_in_a_provider_involved_may_complete_it(personas, action, client_for, who):
    response = _complete(client_for(getattr(personas, who)), action)
    assert response.status_code in (403, 404)
    action.refresh_from_db()
    assert action.completed_on is None
