"""What the inspection page tells the lead after an action: a confirmation once (not twice), and a
refused action as a GOV.UK error summary on the page, never as a green "Success" banner."""

from datetime import date

import pytest
from django.urls import reverse

from probation.inspection.constants import InspectionKind, InspectionStatus
from probation.inspection.models import StandardSet
from probation.inspection.services import inspections as services
from tests import factories as f


@pytest.fixture
def crew(personas):
    personas.ivy = f.staff("ivy", grade="", roles=("inspector",))
    return personas


@pytest.fixture
def inspection(crew):
    return services.inspection_create(
        by_user=crew.ian,
        kind=InspectionKind.INSPECTION,
        name="Staffordshire 2026",
        standard_set=StandardSet.objects.get(code="hmip-2018-case-supervision"),
        providers=[crew.nps],
        window_start=date(2026, 1, 1),
        window_end=date(2026, 3, 31),
        confidence=0.8,
        margin=0.1,
        seed=3,
    )


def _post(client, inspection, data):
    return client.post(reverse("inspections:detail", args=[inspection.pk]), data, follow=True)


def test_drawing_the_sample_is_confirmed_once_in_good_english(crew, inspection, client_for):
    page = _post(client_for(crew.ian), inspection, {"form": "draw"}).content.decode()
    assert page.count("Sample of 1 case drawn") == 1


def test_publishing_too_early_is_an_error_summary_not_a_success_banner(crew, inspection, client_for):
    c = client_for(crew.ian)
    _post(c, inspection, {"form": "draw"})
    response = _post(c, inspection, {"form": "publish"})
    page = response.content.decode()
    assert response.redirect_chain == []
    assert (
        'class="govuk-error-summary"' in page and page.count("1 sampled case has not been assessed yet") == 1
    )
    assert "govuk-notification-banner--success" not in page
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.SAMPLED


def test_assigning_nobody_links_the_error_to_the_cases_select(crew, inspection, client_for):
    c = client_for(crew.ian)
    _post(c, inspection, {"form": "draw"})
    case = inspection.cases.get()
    page = _post(c, inspection, {"form": "assign", "case": case.pk, f"case-{case.pk}-inspector": ""})
    body = page.content.decode()
    assert f'<a href="#id_case-{case.pk}-inspector">Select who will assess the case</a>' in body
    case.refresh_from_db()
    assert case.inspector is None
