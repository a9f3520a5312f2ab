"""The continuous dashboard: who sees what, the figures, the drill-down to the cases, the ratings and
the trend. Case results are written directly: how facts become results is tested with the indicators."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from probation.audit.models import AuditEvent
from probation.inspection.constants import SnapshotLevel
from probation.inspection.models import CaseIndicator, IndicatorSnapshot
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/dashboard/"


def results(person, **by_slug):
    """Write case results: slug=True/False/None (met), or "na" for not applicable."""
    for slug, met in by_slug.items():
        CaseIndicator.objects.update_or_create(
            person=person,
            indicator=slug,
            defaults={
                "applicable": met != "na",
                "met": None if met == "na" else met,
                "evidence_type": "plans.sentenceplan",
                "evidence_id": None,
                "computed_at": timezone.now(),
            },
        )


@pytest.fixture
def world(personas):
    """The personas, plus a manager of the Stafford team only, a head of the area, and a manager
    of the private provider's team; cases in each team with known results."""
    p = personas
    p.mark = f.staff("mark", team_=p.other_team, grade="SPO", roles=("manager",))
    p.other_team.manager = p.mark
    p.other_team.save()
    p.hana = f.staff("hana", team_=p.team, grade="HEAD", roles=("manager",))
    p.carla = f.staff("carla", team_=p.crc_team, grade="SPO", roles=("manager",))
    p.crc_team.manager = p.carla
    p.crc_team.save()
    p.stoke_met = f.person(officer=p.alice, last_name="Met")
    p.stoke_failed = f.person(officer=p.alice, last_name="Failed")
    p.stoke_bob = f.person(officer=p.bob, last_name="Bobcase")
    p.stafford = f.person(officer=p.eddie, last_name="Stafford")
    p.crc_case = f.person(officer=p.charlie, last_name="Private")
    results(p.stoke_met, plan_timely=True, assessment_timely=True)
    results(p.stoke_failed, plan_timely=False, assessment_timely=None)
    results(p.stoke_bob, plan_timely=True, assessment_timely="na")
    results(p.case, plan_timely=False, assessment_timely=False)  # Jordan Archer, excluded from eddie
    results(p.stafford, plan_timely=False)
    results(p.crc_case, plan_timely=True)
    return p


def row(response, slug):
    for theme in response.context["themes"]:
        for r in theme["rows"]:
            if r["indicator"].slug == slug:
                c = r["counts"]
                return c.applicable, c.met, c.not_met, c.undecided, r["percent"]
    raise AssertionError(slug)


def selectable(response):
    return {e.ref for e in response.context["selectable"]}


# Who may see what ------------------------------------------------------------------------------------
def test_it_sends_someone_signed_out_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_it_refuses_an_inspector(world, client_for):
    response = client_for(world.ian).get(URL)
    assert response.status_code == 403
    assert "through the inspections they are assigned" in response.content.decode()


def test_quality_assurance_sees_the_whole_provider(world, client_for):
    response = client_for(world.maria).get(URL)
    assert response.status_code == 200
    assert response.context["focus"].ref == f"provider:{world.nps.pk}"
    assert {f"team:{world.team.pk}", f"team:{world.other_team.pk}", f"area:{world.area.pk}"} <= selectable(
        response
    )
    assert f"team:{world.crc_team.pk}" not in selectable(response)
    # Every NPS case; none of the private provider's.
    assert row(response, "plan_timely") == (5, 2, 3, 0, 40)


def test_a_manager_sees_only_the_teams_they_manage(world, client_for):
    client = client_for(world.mark)
    response = client.get(URL)
    assert response.context["focus"].ref == f"team:{world.other_team.pk}"
    assert selectable(response) == {f"team:{world.other_team.pk}", f"officer:{world.eddie.pk}"}
    assert row(response, "plan_timely") == (1, 0, 1, 0, 0)
    assert client.get(URL, {"focus": f"team:{world.team.pk}"}).status_code == 404
    assert client.get(URL, {"focus": f"officer:{world.alice.pk}"}).status_code == 404
    assert client.get(URL, {"focus": f"provider:{world.nps.pk}"}).status_code == 404


def test_another_providers_manager_cannot_see_this_providers_teams(world, client_for):
    client = client_for(world.carla)
    response = client.get(URL)
    assert response.context["focus"].ref == f"team:{world.crc_team.pk}"
    assert row(response, "plan_timely") == (1, 1, 0, 0, 100)
    for ref in (f"team:{world.team.pk}", f"area:{world.area.pk}", f"officer:{world.alice.pk}"):
        assert client.get(URL, {"focus": ref}).status_code == 404
        assert (
            client.get(reverse("dashboard:cases"), {"focus": ref, "indicator": "plan_timely"}).status_code
            == 404
        )


def test_a_head_of_service_sees_their_area(world, client_for):
    response = client_for(world.hana).get(URL)
    assert response.context["focus"].ref == f"area:{world.area.pk}"
    assert {f"team:{world.team.pk}", f"team:{world.other_team.pk}"} <= selectable(response)
    assert f"provider:{world.nps.pk}" not in selectable(response)


def test_a_practitioner_sees_only_their_own_caseload(world, client_for):
    client = client_for(world.alice)
    response = client.get(URL)
    assert response.context["focus"].ref == f"officer:{world.alice.pk}"
    assert selectable(response) == {f"officer:{world.alice.pk}"}
    assert row(response, "plan_timely") == (3, 1, 2, 0, 33)
    assert client.get(URL, {"focus": f"team:{world.team.pk}"}).status_code == 404
    assert client.get(URL, {"focus": f"officer:{world.bob.pk}"}).status_code == 404


def test_only_managers_heads_and_quality_assurance_get_the_navigation_item(world, client_for):
    def has_item(user):
        return any(i["text"] == "Dashboard" for i in client_for(user).get(URL).context["navigation"])

    assert has_item(world.maria) and has_item(world.mark) and has_item(world.hana)
    assert not has_item(world.alice)


def test_it_only_answers_get(world, client_for):
    assert client_for(world.maria).post(URL).status_code == 405


def test_an_unknown_indicator_or_result_is_not_found(world, client_for):
    client = client_for(world.maria)
    assert client.get(URL, {"indicator": "nonsense"}).status_code == 404
    assert (
        client.get(reverse("dashboard:cases"), {"indicator": "plan_timely", "result": "x"}).status_code == 404
    )


# The figures -----------------------------------------------------------------------------------------
def test_undecided_cases_count_as_applicable_but_not_met(world, client_for):
    response = client_for(world.maria).get(URL, {"focus": f"team:{world.team.pk}"})
    assert row(response, "assessment_timely") == (3, 1, 1, 1, 33)
    assert row(response, "sfo_notified_timely") == (0, 0, 0, 0, None)


def test_a_team_is_compared_officer_by_officer(world, client_for):
    response = client_for(world.maria).get(
        URL, {"focus": f"team:{world.team.pk}", "indicator": "plan_timely"}
    )
    children = {
        r["entity"].name: (r["counts"].applicable, r["counts"].met) for r in response.context["children"]
    }
    assert children == {str(world.alice): (3, 1), str(world.bob): (1, 1)}


# Drill-down ------------------------------------------------------------------------------------------
def test_the_drill_down_lists_the_cases_not_met_with_their_evidence(world, client_for):
    from probation.risk.models import RiskAssessment

    ra = RiskAssessment.objects.create(
        external_id="ra-drill",
        person=world.stoke_failed,
        sequence=1,
        status="complete",
        assessed_by=world.alice,
        started_on=date(2026, 1, 5),
    )
    CaseIndicator.objects.filter(person=world.stoke_failed, indicator="plan_timely").update(
        evidence_type="risk.riskassessment", evidence_id=ra.pk
    )
    response = client_for(world.maria).get(
        reverse("dashboard:cases"), {"focus": f"team:{world.team.pk}", "indicator": "plan_timely"}
    )
    assert response.status_code == 200
    names = [r["person"].last_name for r in response.context["rows"]]
    assert names == ["Archer", "Failed"]
    failed = response.context["rows"][1]
    assert failed["href"] == reverse("risk:assessment", kwargs={"crn": world.stoke_failed.crn, "sequence": 1})
    event = AuditEvent.objects.filter(user=world.maria, action="view").latest("pk")
    assert event.detail == {"indicator": "plan_timely", "focus": f"team:{world.team.pk}", "result": "not_met"}


def test_the_drill_down_lists_the_cases_that_need_a_human(world, client_for):
    response = client_for(world.maria).get(
        reverse("dashboard:cases"),
        {"focus": f"team:{world.team.pk}", "indicator": "assessment_timely", "result": "needs_human"},
    )
    assert [r["person"].last_name for r in response.context["rows"]] == ["Failed"]


def test_a_restricted_case_is_listed_without_its_details(world, client_for):
    f.restrict_to(world.stoke_failed, world.alice)
    response = client_for(world.maria).get(
        reverse("dashboard:cases"), {"focus": f"team:{world.team.pk}", "indicator": "plan_timely"}
    )
    content = response.content.decode()
    assert "Restricted case" in content
    assert "Failed, John" not in content


def test_an_excluded_member_of_staff_sees_the_case_marked_restricted(world, client_for):
    response = client_for(world.maria).get(
        reverse("dashboard:cases"), {"focus": f"officer:{world.alice.pk}", "indicator": "plan_timely"}
    )
    assert "Archer" in response.content.decode()
    f.exclude(world.case, world.maria)
    response = client_for(world.maria).get(
        reverse("dashboard:cases"), {"focus": f"officer:{world.alice.pk}", "indicator": "plan_timely"}
    )
    assert "Archer" not in response.content.decode()
    assert "Restricted case" in response.content.decode()


# Provisional ratings ---------------------------------------------------------------------------------
def test_key_questions_are_judged_per_case_and_standards_rated_by_the_lowest(world, client_for):
    # 2.2.1 (planning, engaging): plan_timely and diversity_considered. Four cases in Stafford:
    # three sufficient, one not met: 75 %, good. One undecided case is left out.
    for k, (plan_ok, diversity) in enumerate(
        [(True, True), (True, "na"), (True, True), (False, True), (True, None)]
    ):
        person = f.person(officer=world.eddie, last_name=f"Rated{k}")
        results(person, plan_timely=plan_ok, diversity_considered=diversity)
    CaseIndicator.objects.filter(person=world.stafford).delete()
    response = client_for(world.mark).get(URL)
    planning = next(s for s in response.context["standards"] if s.code == "2.2")
    kq = next(k for k in planning.key_questions if k.code == "2.2.1")
    assert (kq.applicable, kq.sufficient, kq.undecided) == (4, 3, 1)
    assert planning.rating == "good"
    assert next(s for s in response.context["standards"] if s.code == "2.4").rating is None


# Trends ----------------------------------------------------------------------------------------------
def test_the_trend_is_drawn_from_the_snapshots_with_its_data_beside_it(world, client_for):
    today = timezone.localdate()
    for months, (applicable, met) in enumerate([(10, 5), (10, 7), (8, 8)]):
        IndicatorSnapshot.objects.create(
            taken_on=today - timedelta(days=60 - 30 * months),
            level=SnapshotLevel.TEAM,
            key=world.other_team.pk,
            indicator="plan_timely",
            applicable=applicable,
            met=met,
        )
    response = client_for(world.mark).get(URL, {"indicator": "plan_timely"})
    content = response.content.decode()
    assert '<svg role="img" aria-labelledby="trend-chart-title"' in content
    assert "style=" not in response.context["chart"]
    values = [values[0] for _, values in response.context["trend_rows"]]
    assert values[0] == 100 and set(values) <= {50, 70, 100}


def test_without_snapshots_the_page_says_so(world, client_for):
    response = client_for(world.mark).get(URL)
    assert "No daily snapshots yet" in response.content.decode()
