"""A charge recorded on a case: a significant event always; a Serious Further Offence, opened
automatically and seen by every provider involved, when the offence qualifies and the person was
under supervision (or within 28 days of its end)."""

from datetime import date, timedelta

import pytest

from probation.audit.models import AuditEvent
from probation.lib.workingdays import add_working_days
from probation.oversight.charges import charge_record
from probation.oversight.models import SeriousFurtherOffence
from probation.risk.models import SignificantEvent
from probation.workforce.models import CaseInvolvement
from tests import factories as f

CHARGED = date(2026, 3, 2)


def url(person):
    return f"/oversight/cases/{person.crn}/charge/"


def _date(prefix, d):
    return {f"{prefix}_0": d.day, f"{prefix}_1": d.month, f"{prefix}_2": d.year}


def _post(client, person, code="MURDER", charged_on=CHARGED, other=""):
    return client.post(
        url(person),
        {
            "offence_code": code,
            "other_offence": other,
            **_date("charged_on", charged_on),
            "details": "Police told us",
        },
    )


@pytest.fixture
def crc_involved(personas):
    return CaseInvolvement.objects.create(
        external_id="inv-crc",
        person=personas.case,
        provider=personas.crc,
        role="intervention",
        start_date=date(2026, 1, 5),
    )


def test_the_officer_recording_a_qualifying_charge_opens_an_sfo(personas, client_for):
    response = _post(client_for(personas.alice), personas.case)
    assert response.status_code == 302
    sfo = SeriousFurtherOffence.objects.get(person=personas.case)
    assert sfo.offence_id == "MURDER" and sfo.charged_on == CHARGED
    assert sfo.notification_due == add_working_days(CHARGED, 10)
    event = SignificantEvent.objects.get(person=personas.case)
    assert event.type == "arrest_or_charge" and "Charged with Murder" in event.details
    assert AuditEvent.objects.filter(
        object_type="oversight.seriousfurtheroffence", user=personas.alice
    ).exists()


def test_the_manager_of_every_provider_involved_sees_the_opened_sfo(personas, client_for, crc_involved):
    _post(client_for(personas.alice), personas.case)
    sfo = SeriousFurtherOffence.objects.get()
    assert set(sfo.providers.values_list("code", flat=True)) == {"NPS", "CRC"}
    crc_manager = f.staff("carol", team_=personas.crc_team, grade="SPO", roles=("manager",))
    for manager in (personas.maria, crc_manager):
        listed = client_for(manager).get("/oversight/sfo/").context["sfos"]
        assert listed == [sfo]
        assert client_for(manager).get(f"/oversight/sfo/{sfo.pk}/").status_code == 200


def test_a_provider_not_involved_does_not_see_it(personas, client_for):
    _post(client_for(personas.alice), personas.case)
    crc_manager = f.staff("carol", team_=personas.crc_team, grade="SPO", roles=("manager",))
    assert client_for(crc_manager).get("/oversight/sfo/").context["sfos"] == []


def test_a_non_qualifying_offence_is_a_significant_event_but_no_sfo(personas, client_for):
    response = _post(client_for(personas.alice), personas.case, code="other", other="Shoplifting")
    assert response.status_code == 302
    assert not SeriousFurtherOffence.objects.exists()
    assert "Charged with Shoplifting" in SignificantEvent.objects.get(person=personas.case).details


def test_another_offence_must_be_named(personas, client_for):
    response = _post(client_for(personas.alice), personas.case, code="other")
    assert response.status_code == 200 and "Enter the offence charged" in response.content.decode()
    assert not SignificantEvent.objects.exists()


@pytest.mark.parametrize("days_after, opens", [(0, True), (28, True), (29, False)])
def test_a_charge_after_supervision_ended_opens_an_sfo_up_to_day_28(personas, days_after, opens):
    ended = date(2026, 6, 1)
    personas.case.events.first().disposals.update(terminated_on=ended)
    outcome = charge_record(
        by_user=personas.alice,
        person=personas.case,
        offence_code="RAPE",
        charged_on=ended + timedelta(days=days_after),
    )
    assert (outcome.sfo is not None) is opens
    assert SeriousFurtherOffence.objects.exists() is opens
    if opens:
        assert outcome.sfo.supervision_ended_on == (None if days_after == 0 else ended)
    assert SignificantEvent.objects.filter(person=personas.case).count() == 1


def test_a_charge_before_supervision_began_opens_no_sfo(personas):
    outcome = charge_record(
        by_user=personas.alice, person=personas.case, offence_code="MURDER", charged_on=date(2025, 12, 1)
    )
    assert outcome.sfo is None and not SeriousFurtherOffence.objects.exists()


def test_recording_the_same_charge_twice_changes_nothing(personas, crc_involved):
    first = charge_record(
        by_user=personas.alice, person=personas.case, offence_code="MURDER", charged_on=CHARGED
    )
    again = charge_record(
        by_user=personas.bob, person=personas.case, offence_code="MURDER", charged_on=CHARGED
    )
    assert first.sfo_opened and not again.sfo_opened
    assert again.sfo == first.sfo and again.event == first.event
    assert SeriousFurtherOffence.objects.count() == 1 and SignificantEvent.objects.count() == 1


def test_a_manager_recording_an_sfo_the_charge_already_opened_is_told_so(personas, client_for):
    charge_record(by_user=personas.alice, person=personas.case, offence_code="MURDER", charged_on=CHARGED)
    response = client_for(personas.maria).post(
        f"/oversight/cases/{personas.case.crn}/sfo/new/",
        {"offence": "MURDER", **_date("charged_on", CHARGED)},
    )
    assert "already recorded as a Serious Further Offence" in response.content.decode()
    assert SeriousFurtherOffence.objects.count() == 1


@pytest.mark.parametrize("who, status", [("eddie", 404), ("charlie", 404), ("ian", 403)])
def test_people_who_may_not_change_the_case_cannot_record_a_charge(personas, client_for, who, status):
    response = _post(client_for(getattr(personas, who)), personas.case)
    assert response.status_code in (status, 403, 404)
    assert not SignificantEvent.objects.exists() and not SeriousFurtherOffence.objects.exists()


def test_the_oversight_tab_offers_the_officer_the_charge_form(personas, client_for):
    page = client_for(personas.alice).get(f"/oversight/cases/{personas.case.crn}/").content.decode()
    assert url(personas.case) in page
    form = client_for(personas.alice).get(url(personas.case)).content.decode()
    assert "Murder" in form and "Another offence" in form
