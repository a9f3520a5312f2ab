from datetime import date
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.urls import reverse

from probation.inspection.constants import InspectionKind, InspectionStatus
from probation.inspection.models import KeyQuestionJudgement, Recommendation, StandardSet
from probation.inspection.report import charts, findings
from probation.inspection.services import inspections as services
from probation.lib.stats import proportion_phrase
from tests import factories as f

LANDMARKS = {
    "one in ten": Fraction(1, 10), "one in five": Fraction(1, 5), "one in four": Fraction(1, 4),
    "a third": Fraction(1, 3), "half": Fraction(1, 2), "two-thirds": Fraction(2, 3),
    "three-quarters": Fraction(3, 4), "four in five": Fraction(4, 5), "nine in ten": Fraction(9, 10),
    "all": Fraction(1),
}


# Phrases ----------------------------------------------------------------------------------------
def test_a_finding_reads_like_a_report():
    expected = "In almost half of the cases, risk was not managed."
    assert findings.sentence(14, 30, "risk was not managed") == expected
    assert findings.sentence(0, 5, "x.") == "In none of the cases, x."
    assert findings.sentence(21, 30, "plans were sufficient").startswith("In over two-thirds of the cases")


def test_a_key_question_becomes_a_statement():
    assert findings.kq_clause("Does planning focus sufficiently on keeping other people safe?") == (
        "planning focused sufficiently on keeping other people safe"
    )
    assert findings.kq_clause("Is the work good?") == "the answer to “Is the work good?” was yes"


@pytest.mark.parametrize("denominator", range(1, 61))
def test_findings_never_overstate(denominator):
    for numerator in range(denominator + 1):
        text = findings.sentence(numerator, denominator, "something held")
        share = Fraction(numerator, denominator)
        for words, landmark in LANDMARKS.items():
            if f"almost {words} " in text:
                assert share < landmark
            elif f"over {words} " in text:
                assert share > landmark
            elif f"In {words} of the cases" in text or f"In {words} cases" in text:
                assert share == landmark


# Charts -----------------------------------------------------------------------------------------
def test_a_chart_is_accessible_svg_showing_its_data():
    chart = charts.grouped_bars(
        charts.Chart("providers", "Sufficient per key question", ["2.1.1", "2.1.2"],
                     {"NPS": [47.5, 80.0], "CRC": [33.3, None]})
    )
    assert chart.svg.startswith("<svg ") and 'role="img"' in chart.svg
    assert '<title id="chart-providers-title">Sufficient per key question</title>' in chart.svg
    for value in ("47.5%", "80%", "33.3%"):
        assert value in chart.svg
    assert chart.rows == [{"category": "2.1.1", "values": [47.5, 33.3]},
                          {"category": "2.1.2", "values": [80.0, None]}]
    again = charts.grouped_bars(charts.Chart("providers", "Sufficient per key question", ["2.1.1", "2.1.2"],
                                             {"NPS": [47.5, 80.0], "CRC": [33.3, None]}))
    assert again.svg == chart.svg


def test_a_chart_has_no_inline_styles_the_pages_security_policy_would_refuse():
    chart = charts.grouped_bars(
        charts.Chart("providers", "Sufficient per key question", ["2.1.1"], {"NPS": [47.5], "CRC": [20.0]})
    )
    assert "style=" not in chart.svg and "<style" not in chart.svg
    assert 'fill="#1d70b8"' in chart.svg and 'fill="#f47738"' in chart.svg  # the colours survive


# The report -------------------------------------------------------------------------------------
@pytest.fixture
def team(personas):
    personas.ivy = f.staff("ivy", grade="", roles=("inspector",))
    personas.carol = f.staff("carol", team_=personas.crc_team, grade="SPO", roles=("manager",))
    return personas


@pytest.fixture
def inspection(team):
    p = team
    inspection = services.inspection_create(
        by_user=p.ian, kind=InspectionKind.INSPECTION, name="Staffordshire 2026",
        standard_set=StandardSet.objects.get(code="hmip-2018-case-supervision"),
        providers=[p.nps, p.crc], window_start=date(2026, 1, 1), window_end=date(2026, 3, 31),
        confidence=0.8, margin=0.1, seed=3,
    )
    services.inspection_draw_sample(by_user=p.ian, inspection=inspection, on=date(2026, 4, 1))
    judgements = KeyQuestionJudgement.objects.filter(case__inspection=inspection)
    judgements.update(applicable=True, sufficient=True)
    return inspection


def test_the_report_shows_each_providers_ratings_and_the_findings(team, inspection, client_for):
    p = team
    nps_judgements = KeyQuestionJudgement.objects.filter(case__inspection=inspection, case__provider=p.nps)
    first = nps_judgements.order_by("key_question__position", "pk").first()
    kq = first.key_question
    for_kq = nps_judgements.filter(key_question=kq)
    total = for_kq.count()
    assert total >= 1
    KeyQuestionJudgement.objects.filter(pk=first.pk).update(sufficient=False)
    response = client_for(p.ian).get(reverse("inspections:report", args=[inspection.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{p.nps.name}: " in page and f"{p.crc.name}: " in page
    phrase = proportion_phrase(total - 1, total)
    assert f"{kq.code}: {phrase[0].upper()}{phrase[1:]}, " in page
    assert page.count('role="img"') >= 1 and "<caption" in page


def test_the_lead_adds_a_recommendation_and_empty_text_is_refused(team, inspection, client_for):
    c = client_for(team.ian)
    url = reverse("inspections:report", args=[inspection.pk])
    response = c.post(url, {"text": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter the recommendation" in page
    text = "Make sure risk management plans are followed through"
    response = c.post(url, {"text": text, "provider": team.crc.pk})
    assert response.status_code == 302
    assert Recommendation.objects.get(inspection=inspection).provider == team.crc
    assert "followed through" in c.get(url).content.decode()


def test_the_report_is_a_pdf(team, inspection, client_for):
    response = client_for(team.ian).get(reverse("inspections:report-pdf", args=[inspection.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_command_writes_the_pdf(team, inspection, tmp_path):
    target = tmp_path / "report.pdf"
    call_command("inspect", "report", str(inspection.pk), "--pdf", str(target))
    assert target.read_bytes().startswith(b"%PDF")


def test_who_may_read_the_report(team, inspection, client, client_for):
    p = team
    url = reverse("inspections:report", args=[inspection.pk])
    assert client.get(url).status_code == 302
    assert client_for(p.alice).get(url).status_code == 403
    assert client_for(p.ivy).get(url).status_code == 404
    assert client_for(p.carol).get(url).status_code == 404
    assert client_for(p.maria).get(reverse("inspections:report-pdf", args=[inspection.pk])).status_code == 404
    inspection.status = InspectionStatus.PUBLISHED
    inspection.published_on = date(2026, 6, 1)
    inspection.save()
    assert client_for(p.carol).get(url).status_code == 200
    assert client_for(p.maria).get(url).status_code == 200
    assert client_for(p.maria).post(url, {"text": "Something"}).status_code == 403
    assert client_for(p.alice).get(url).status_code == 403


def test_published_inspections_are_compared(team, inspection, client_for):
    p = team
    earlier = services.inspection_create(
        by_user=p.ian, kind=InspectionKind.INSPECTION, name="Derbyshire 2025",
        standard_set=StandardSet.objects.get(code="hmip-2018-case-supervision"),
        providers=[p.nps, p.crc], window_start=date(2025, 1, 1), window_end=date(2025, 3, 31),
        confidence=0.8, margin=0.1, seed=1,
    )
    type(earlier).objects.filter(pk__in=[earlier.pk, inspection.pk]).update(area=p.area)
    type(earlier).objects.filter(pk=earlier.pk).update(created_at=inspection.created_at.replace(year=2025))
    earlier.refresh_from_db()
    earlier.status = InspectionStatus.PUBLISHED
    earlier.published_on = date(2025, 6, 1)
    earlier.save()
    page = client_for(p.ian).get(reverse("inspections:report", args=[inspection.pk])).content.decode()
    assert "most recent published inspections" in page
    assert "against Derbyshire 2025" in page
