from datetime import date, timedelta

import pytest
from django.utils import timezone

from probation.audit.models import AuditEvent
from probation.lib.workingdays import add_working_days
from probation.oversight.models import QualifyingOffence, SeriousFurtherOffence
from probation.workforce.models import CaseInvolvement
from tests import factories as f


def new_url(person):
    return f"/oversight/cases/{person.crn}/sfo/new/"


def sfo_url(sfo):
    return f"/oversight/sfo/{sfo.pk}/"


def _date(prefix, d):
    return {f"{prefix}_0": d.day, f"{prefix}_1": d.month, f"{prefix}_2": d.year}


CHARGED = date(2026, 3, 2)


def _charge(client, person, charged_on=CHARGED, code="MURDER"):
    return client.post(
        new_url(person), {"offence": code, **_date("charged_on", charged_on), "offence_details": "x"}
    )


@pytest.fixture
def opened(personas, client_for):
    CaseInvolvement.objects.create(
        external_id="inv-1",
        person=personas.case,
        provider=personas.crc,
        role="delivery",
        start_date=date(2026, 1, 5),
    )
    response = _charge(client_for(personas.maria), personas.case)
    assert response.status_code == 302, response.content.decode()[:2000]
    return SeriousFurtherOffence.objects.get()


def test_qualifying_offences_are_seeded(db):
    assert QualifyingOffence.objects.filter(code__in=["MURDER", "RAPE", "MANSLAUGHTER"]).count() == 3


def test_a_charge_during_supervision_opens_an_sfo_with_working_day_deadlines(personas, opened):
    assert opened.notification_due == add_working_days(CHARGED, 10)
    assert opened.status == "awaiting_notification"
    assert AuditEvent.objects.filter(
        person=personas.case, object_type="oversight.seriousfurtheroffence", action="create"
    ).exists()


def test_every_provider_involved_can_see_it(personas, opened, client_for):
    assert set(opened.providers.values_list("code", flat=True)) == {"NPS", "CRC"}
    charlie_manager = f.staff("carol", team_=personas.crc_team, grade="SPO", roles=("manager",))
    assert client_for(charlie_manager).get(sfo_url(opened)).status_code == 200
    assert opened in client_for(charlie_manager).get("/oversight/sfo/").context["sfos"]


def test_a_provider_not_involved_cannot_see_it(personas, client_for):
    response = _charge(client_for(personas.maria), personas.case)
    sfo = SeriousFurtherOffence.objects.get()
    other = f.staff("carol", team_=personas.crc_team, grade="SPO", roles=("manager",))
    assert client_for(other).get(sfo_url(sfo)).status_code == 404
    assert client_for(other).get("/oversight/sfo/").context["sfos"] == []
    assert response.status_code == 302


def test_a_charge_before_supervision_is_refused_with_the_error_summary(personas, client_for):
    response = _charge(client_for(personas.maria), personas.case, charged_on=date(2025, 12, 1))
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "not a Serious Further Offence" in body
    assert not SeriousFurtherOffence.objects.exists()


def test_missing_offence_shows_the_error_summary(personas, client_for):
    response = client_for(personas.maria).post(new_url(personas.case), _date("charged_on", CHARGED))
    assert "Select the offence charged" in response.content.decode()


def test_a_charge_within_28_days_after_supervision_ended_is_an_sfo(personas, client_for):
    ended = date(2026, 6, 1)
    personas.case.events.first().disposals.update(terminated_on=ended)
    assert (
        _charge(client_for(personas.maria), personas.case, charged_on=ended + timedelta(days=28)).status_code
        == 302
    )
    assert SeriousFurtherOffence.objects.get().supervision_ended_on == ended
    response = _charge(client_for(personas.maria), personas.case, charged_on=ended + timedelta(days=29))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["alice", "bob", "eddie", "ian"])
def test_only_the_teams_manager_may_record_a_charge(personas, client_for, who):
    response = _charge(client_for(getattr(personas, who)), personas.case)
    assert response.status_code in (403, 404)
    assert not SeriousFurtherOffence.objects.exists()


def test_the_full_workflow(personas, opened, client_for):
    client = client_for(personas.maria)
    reviewer = f.staff("rita", team_=personas.other_team, grade="SPO", roles=("manager",))
    notified = CHARGED + timedelta(days=7)
    assert (
        client.post(sfo_url(opened), {"form": "notify", **_date("notify-notified_on", notified)}).status_code
        == 302
    )
    opened.refresh_from_db()
    assert opened.status == "notified" and opened.review_due == add_working_days(notified, 60)
    assert (
        client.post(
            sfo_url(opened),
            {"form": "assign", "assign-review_type": "comprehensive", "assign-reviewer": reviewer.pk},
        ).status_code
        == 302
    )
    assert (
        client.post(
            sfo_url(opened),
            {
                "form": "chronology",
                **_date("chronology-occurred_on", CHARGED),
                "chronology-entry": "Arrested",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            sfo_url(opened),
            {
                "form": "learning",
                "learning-action": "Refresh training",
                "learning-owner": "Head of service",
                **_date("learning-due_on", date(2026, 9, 1)),
            },
        ).status_code
        == 302
    )
    done = notified + timedelta(days=30)
    assert (
        client.post(
            sfo_url(opened),
            {
                "form": "complete",
                **_date("complete-completed_on", done),
                "complete-summary": "Risk was under-estimated",
            },
        ).status_code
        == 302
    )
    opened.refresh_from_db()
    assert opened.status == "review_complete" and opened.reviewer == reviewer
    assert opened.chronology.count() == 1 and opened.learning_actions.count() == 1
    # The manager cannot rate; the inspectorate can.
    assert client.post(sfo_url(opened), {"form": "rate", "rate-rating": "good"}).status_code == 403
    ian = client_for(personas.ian)
    assert ian.post(sfo_url(opened), {"form": "rate", "rate-rating": "good"}).status_code == 302
    opened.refresh_from_db()
    assert opened.quality_rating == "good" and opened.status == "rated"


def test_the_responsible_officer_cannot_review_their_own_case(personas, opened, client_for):
    client = client_for(personas.maria)
    client.post(sfo_url(opened), {"form": "notify", **_date("notify-notified_on", CHARGED)})
    response = client.post(
        sfo_url(opened),
        {"form": "assign", "assign-review_type": "standard", "assign-reviewer": personas.alice.pk},
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()


def test_completing_before_assignment_is_refused(personas, opened, client_for):
    client = client_for(personas.maria)
    client.post(sfo_url(opened), {"form": "notify", **_date("notify-notified_on", CHARGED)})
    response = client.post(
        sfo_url(opened),
        {"form": "complete", **_date("complete-completed_on", CHARGED), "complete-summary": "s"},
    )
    assert "Assign the review type and reviewer first" in response.content.decode()


def test_inspectors_see_only_completed_reviews(personas, opened, client_for):
    assert client_for(personas.ian).get(sfo_url(opened)).status_code == 404


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_practitioners_are_refused_the_sfo_pages(personas, opened, client_for, who):
    client = client_for(getattr(personas, who))
    assert client.get("/oversight/sfo/").status_code == 403
    assert client.get(sfo_url(opened)).status_code == 403


def test_overdue_notifications_and_reviews_are_listed(personas, client_for):
    today = timezone.localdate()
    old = today - timedelta(days=60)
    client = client_for(personas.maria)
    _charge(client, personas.case, charged_on=old)
    late = SeriousFurtherOffence.objects.get()
    page = client.get("/oversight/sfo/")
    assert page.context["overdue_notifications"] == [late]
    client.post(sfo_url(late), {"form": "notify", **_date("notify-notified_on", old)})
    SeriousFurtherOffence.objects.filter(pk=late.pk).update(review_due=today - timedelta(days=1))
    page = client.get("/oversight/sfo/")
    assert page.context["overdue_notifications"] == [] and page.context["overdue_reviews"] == [late]


def test_the_sfo_list_has_bounded_queries(personas, client_for, django_assert_max_num_queries):
    client = client_for(personas.maria)
    for i in range(6):
        p = f.person(officer=personas.alice, last_name=f"C{i}")
        f.sentence(p)
        _charge(client, p)
    with django_assert_max_num_queries(12):
        response = client.get("/oversight/sfo/")
    assert len(response.context["sfos"]) == 6
