import itertools
from datetime import date, timedelta

import pytest
from django.utils import timezone

from probation.workforce.models import CourtReport, WorkloadReduction
from tests import factories as f

_seq = itertools.count(1)
MINE = "/workload/"
TEAM = "/workload/team/"


def _case(officer, tier, type="community_order", **kw):
    p = f.person(officer=officer, last_name=f"T{tier}", tier=tier)
    d = f.sentence(p, type=type, start=timezone.localdate() - timedelta(days=30), months=24)
    if kw:
        d.__class__.objects.filter(pk=d.pk).update(**kw)
    return p


def _report(officer, kind):
    return CourtReport.objects.create(
        external_id=f"cr-{officer.pk}-{next(_seq)}",
        staff=officer,
        kind=kind,
        requested_on=date(2026, 1, 5),
        due_on=date(2026, 1, 20),
    )


def test_an_officer_sees_their_own_figures_and_how_they_were_reached(personas, client_for):
    personas.case.tier = "B2"
    personas.case.save()
    _case(personas.alice, "A3")
    _report(personas.alice, "standard")
    WorkloadReduction.objects.create(
        external_id="r1",
        staff=personas.alice,
        reason="Newly qualified",
        percent=20,
        start_date=date(2026, 1, 1),
    )
    response = client_for(personas.alice).get(MINE)
    assert response.status_code == 200
    w = response.context["w"]
    assert w.figures.case_points == 115 + 206
    assert w.figures.report_points == 138
    assert w.figures.available == pytest.approx(1740.8)
    assert w.figures.capacity == pytest.approx(100 * 459 / 1740.8)
    body = response.content.decode()
    assert "2176 × (37 contracted hours − 7.4 reduction hours) ÷ 37" in body
    assert "Newly qualified" in body


def test_case_types_come_from_the_current_sentence(personas, client_for):
    today = timezone.localdate()
    _case(
        personas.bob,
        "C1",
        type="licence",
        release_date=today - timedelta(days=5),
        licence_end_date=today + timedelta(days=300),
    )
    _case(personas.bob, "C1", type="licence", release_date=None, licence_end_date=today + timedelta(days=600))
    ended = _case(personas.bob, "D0")
    ended.events.first().disposals.update(terminated_on=today - timedelta(days=1))
    w = client_for(personas.bob).get(MINE).context["w"]
    assert {(g.case_type, g.tier): g.points_each for g in w.cases} == {
        ("licence", "C1"): 60,
        ("custody", "C1"): 18,
    }
    assert w.figures.case_points == 78


def test_ended_reductions_and_completed_reports_do_not_count(personas, client_for):
    WorkloadReduction.objects.create(
        external_id="r1",
        staff=personas.bob,
        reason="Leave",
        percent=100,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 6, 1),
    )
    r = _report(personas.bob, "fast")
    r.completed_on = date(2026, 1, 10)
    r.save()
    w = client_for(personas.bob).get(MINE).context["w"]
    assert w.figures.available == 2176 and w.figures.report_points == 0


def test_the_team_page_shows_every_officer_and_flags_those_over_110_percent(personas, client_for):
    for _ in range(20):
        _case(personas.alice, "A3")  # 4,120 points: far over 2,176
    _case(personas.bob, "D0")
    response = client_for(personas.maria).get(TEAM)
    assert response.status_code == 200
    rows = {r.officer.username: r for r in response.context["rows"]}
    assert set(rows) == {"maria", "alice", "bob"}
    assert rows["alice"].figures.excessive and not rows["bob"].figures.excessive
    assert [r.officer.username for r in response.context["excessive"]] == ["alice"]
    assert "Excessive" in response.content.decode()


def test_a_manager_sees_only_their_own_teams(personas, client_for):
    response = client_for(personas.maria).get(TEAM)
    assert "eddie" not in {r.officer.username for r in response.context["rows"]}


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "eddie"])
def test_the_team_page_is_refused_to_practitioners(personas, client_for, who):
    assert client_for(getattr(personas, who)).get(TEAM).status_code == 403


def test_inspectors_have_no_workload(personas, client_for):
    assert client_for(personas.ian).get(MINE).status_code == 403
    assert client_for(personas.ian).get(TEAM).status_code == 403


def test_workload_requires_sign_in(client, personas):
    assert client.get(MINE).status_code == 302


def test_the_team_page_has_bounded_queries(personas, client_for, django_assert_max_num_queries):
    client = client_for(personas.maria)
    client.get(TEAM)
    with django_assert_max_num_queries(15) as small:
        client.get(TEAM)
    for i in range(6):
        officer = f.staff(f"po{i}", team_=personas.team)
        for tier in ("A3", "B2", "C1"):
            _case(officer, tier)
        _report(officer, "parole")
        WorkloadReduction.objects.create(
            external_id=f"red{i}", staff=officer, reason="Trainee", percent=40, start_date=date(2026, 1, 1)
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(TEAM)
    assert len(response.context["rows"]) == 9


def test_the_own_page_has_bounded_queries(personas, client_for, django_assert_max_num_queries):
    for tier in ("A3", "B2", "C1", "D0"):
        _case(personas.alice, tier)
    client = client_for(personas.alice)
    client.get(MINE)
    with django_assert_max_num_queries(15):
        client.get(MINE)
