"""The dashboard's exports, its officer benchmarks, and the bound on its queries."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from probation.audit.models import AuditEvent
from probation.inspection.dashboard import selectors
from probation.inspection.dashboard.scope import scope_for
from tests import factories as f
from tests.inspection.test_dashboard import results

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_with_cases(personas):
    p = personas
    for k in range(3):
        results(f.person(officer=p.alice, last_name=f"Alice{k}"), plan_timely=k != 0, ro_continuity=True)
    results(f.person(officer=p.bob, last_name="Bob0"), plan_timely=None, ro_continuity=True)
    return p


# Exports ---------------------------------------------------------------------------------------------
def test_the_csv_holds_the_focus_and_each_part_of_it(team_with_cases, client_for):
    p = team_with_cases
    response = client_for(p.maria).get(reverse("dashboard:export-csv"), {"focus": f"team:{p.team.pk}"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="indicators-stoke-north-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Level",
        "Name",
        "Theme",
        "Indicator",
        "Applicable cases",
        "Met",
        "Not met",
        "Needs a human",
        "% met",
    ]
    plan = {(r[0], r[1]): r[4:] for r in rows[1:] if r[3] == "Sentence plan completed on time"}
    assert plan == {
        ("Team", "Stoke North"): ["4", "2", "1", "1", "50.0"],
        ("Officer", str(p.alice)): ["3", "2", "1", "0", "66.7"],
        ("Officer", str(p.bob)): ["1", "0", "0", "1", "0.0"],
    }
    assert len(rows) == 1 + 3 * 14


def test_the_spreadsheet_holds_the_same_table(team_with_cases, client_for):
    p = team_with_cases
    response = client_for(p.maria).get(reverse("dashboard:export-xlsx"), {"focus": f"team:{p.team.pk}"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][0] == "Level"
    assert ["Team", "Stoke North", "Planning", "Sentence plan completed on time", 4, 2, 1, 1, 50.0] in values


def test_a_name_that_looks_like_a_formula_is_exported_as_text(personas, client_for):
    personas.team.name = '=HYPERLINK("x")'
    personas.team.save()
    results(f.person(officer=personas.alice), plan_timely=True)
    client = client_for(personas.maria)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("dashboard:export-csv"), {"focus": f"team:{personas.team.pk}"}
                ).content.decode()
            )
        )
    )
    assert rows[1][1].startswith("'=")
    sheet = load_workbook(
        io.BytesIO(
            client.get(reverse("dashboard:export-xlsx"), {"focus": f"team:{personas.team.pk}"}).content
        )
    ).active
    assert sheet["B2"].data_type == "s"


def test_an_export_is_audited_and_refused_to_an_inspector(team_with_cases, client_for):
    p = team_with_cases
    client_for(p.maria).get(reverse("dashboard:export-csv"))
    assert AuditEvent.objects.filter(user=p.maria, action="export").exists()
    assert client_for(p.ian).get(reverse("dashboard:export-xlsx")).status_code == 403


# Benchmarks ------------------------------------------------------------------------------------------
def test_a_caseload_mix_is_by_the_share_of_licence_cases():
    assert selectors.caseload_mix(0, 10) == "community"
    assert selectors.caseload_mix(3, 10) == "community"
    assert selectors.caseload_mix(4, 10) == "mixed"
    assert selectors.caseload_mix(2, 3) == "mixed"
    assert selectors.caseload_mix(7, 10) == "licence"
    assert selectors.caseload_mix(0, 0) == "community"


def test_officers_are_compared_with_comparable_officers_median_and_quartiles(personas):
    p = personas
    officers = [p.alice, p.bob] + [f.staff(f"officer{k}", team_=p.team) for k in range(4)]
    licence_officer = f.staff("lena", team_=p.team)
    # Six community-caseload officers meeting plan_timely in 0..5 of 5 cases; one licence caseload.
    for k, officer in enumerate(officers):
        for n in range(5):
            person = f.person(officer=officer)
            f.sentence(person)
            results(person, plan_timely=n < k)
    for _ in range(5):
        person = f.person(officer=licence_officer)
        f.sentence(person, type="licence")
        results(person, plan_timely=True)
    scope, _ = scope_for(p.maria)
    comparison = selectors.officer_benchmark(scope, p.area.pk, ["plan_timely"])
    assert comparison.mix[p.alice.pk] == "community" and comparison.mix[licence_officer.pk] == "licence"
    bench = comparison.for_officer(p.alice.pk, "plan_timely")
    assert (bench.median, bench.lower, bench.upper, bench.officers, bench.basis) == (
        50.0,
        25.0,
        75.0,
        6,
        "area",
    )
    assert bench.position(0.0, 5) == "below the typical range"
    assert bench.position(60.0, 5) == "within the typical range"
    assert bench.position(100.0, 5) == "above the typical range"
    assert bench.position(0.0, 4) == "too few cases to compare"
    assert comparison.for_officer(licence_officer.pk, "plan_timely") is None  # no comparable officers


def test_a_team_page_shows_each_officer_against_the_benchmark(personas, client_for):
    p = personas
    officers = [p.alice, p.bob] + [f.staff(f"officer{k}", team_=p.team) for k in range(3)]
    for k, officer in enumerate(officers):
        for n in range(5):
            person = f.person(officer=officer)
            f.sentence(person)
            results(person, plan_timely=n <= k)
    response = client_for(p.maria).get(
        reverse("dashboard:home"), {"focus": f"team:{p.team.pk}", "indicator": "plan_timely"}
    )
    positions = {r["entity"].key: r["position"] for r in response.context["children"]}
    assert positions[p.alice.pk] == "below the typical range"
    assert positions[officers[-1].pk] == "above the typical range"
    officer_page = client_for(p.maria).get(reverse("dashboard:home"), {"focus": f"officer:{p.alice.pk}"})
    plan_row = next(
        r for t in officer_page.context["themes"] for r in t["rows"] if r["indicator"].slug == "plan_timely"
    )
    assert plan_row["position"] == "below the typical range"


# Query bounds ----------------------------------------------------------------------------------------
def _queries(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard:home"), params).status_code == 200
    return len(ctx)


def test_the_page_makes_the_same_number_of_queries_whatever_the_caseload(personas, client_for):
    p = personas
    client = client_for(p.maria)
    results(f.person(officer=p.alice), plan_timely=True)
    team = {"focus": f"team:{p.team.pk}"}
    small = (_queries(client), _queries(client, **team))
    for k in range(30):
        officer = [p.alice, p.bob, p.eddie][k % 3]
        person = f.person(officer=officer)
        f.sentence(person, start=date(2026, 1, 5))
        results(person, plan_timely=k % 2 == 0, contact_level_met=None, ro_continuity=True)
    large = (_queries(client), _queries(client, **team))
    assert small == large
    assert max(large) <= 30


def test_the_drill_down_makes_the_same_number_of_queries_whatever_the_caseload(personas, client_for):
    p = personas
    client = client_for(p.maria)
    url = reverse("dashboard:cases")
    params = {"indicator": "plan_timely", "focus": f"team:{p.team.pk}"}
    results(f.person(officer=p.alice), plan_timely=False)
    with CaptureQueriesContext(connection) as small:
        client.get(url, params)
    for _ in range(30):
        results(f.person(officer=p.bob), plan_timely=False)
    with CaptureQueriesContext(connection) as large:
        client.get(url, params)
    assert len(small) == len(large) <= 20
