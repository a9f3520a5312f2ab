"""The dashboard and its drill-down in a real browser: no serious or critical axe-core failures, and
nothing refused by the content security policy (the chart is inline SVG without inline styles)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from probation.inspection.constants import SnapshotLevel
from probation.inspection.models import IndicatorSnapshot
from tests import factories as f
from tests.browser.conftest import axe_violations, browser, describe_violations, pages  # noqa: F401
from tests.inspection.test_dashboard import results

pytestmark = pytest.mark.browser


@pytest.fixture
def team(personas):
    for k in range(6):
        results(
            f.person(officer=[personas.alice, personas.bob][k % 2], last_name=f"Case{k}"),
            plan_timely=k % 3 != 0,
            contact_level_met=None if k == 1 else True,
        )
    today = timezone.localdate()
    for months in range(4):
        IndicatorSnapshot.objects.create(
            taken_on=today - timedelta(days=30 * months),
            level=SnapshotLevel.TEAM,
            key=personas.team.pk,
            indicator="plan_timely",
            applicable=6,
            met=3 + months % 3,
        )
    return personas


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/?focus=team:{team}&indicator=plan_timely",
        "/dashboard/cases/?focus=team:{team}&indicator=plan_timely",
    ],
)
def test_the_page_has_no_serious_accessibility_failures(team, pages, path):  # noqa: F811 - the fixture
    page = pages.new(team.maria)
    page.goto(path.format(team=team.team.pk))
    page.locator("h1").wait_for()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    assert not pages.problems, pages.problems
