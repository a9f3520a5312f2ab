"""A published report shows exactly what the lead inspector moderated and published: a later change
to a judgement, to a case's indicator results or to the rating bands changes nothing in it."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from probation.core.models import ReferenceValue
from probation.inspection.constants import InspectionKind, InspectionStatus
from probation.inspection.models import (
    CaseIndicator,
    KeyQuestionJudgement,
    ProviderRating,
    PublishedIndicatorFinding,
    StandardSet,
)
from probation.inspection.report import findings
from probation.inspection.report.views import render_report_pdf
from probation.inspection.services import inspections as services
from tests import factories as f


@pytest.fixture
def crew(personas):
    personas.ivy = f.staff("ivy", grade="", roles=("inspector",))
    return personas


def _inspection(p, name="Staffordshire 2026", start=date(2026, 1, 1), end=date(2026, 3, 31)):
    inspection = services.inspection_create(
        by_user=p.ian,
        kind=InspectionKind.INSPECTION,
        name=name,
        standard_set=StandardSet.objects.get(code="hmip-2018-case-supervision"),
        providers=[p.nps, p.crc],
        window_start=start,
        window_end=end,
        confidence=0.8,
        margin=0.1,
        seed=3,
    )
    services.inspection_draw_sample(by_user=p.ian, inspection=inspection, on=date(2026, 4, 1))
    return inspection


def _assess_every_case_yes(p, inspection):
    for case in inspection.cases.all():
        services.inspection_case_assign(by_user=p.ian, case=case, inspector=p.ivy)
        answers = {a.prompt_id: ("yes", "Seen in the record") for a in case.answers.all()}
        services.case_assessment_save(by_user=p.ivy, case=case, answers=answers)


@pytest.fixture
def moderated(crew):
    """One NPS case, every prompt answered yes by the inspector (outstanding on every standard); the
    lead then judges the first key question insufficient in moderation, which makes its standard
    inadequate and the overall rating good (9 of 12 points)."""
    p = crew
    inspection = _inspection(p)
    _assess_every_case_yes(p, inspection)
    case = inspection.cases.get(person=p.case)
    first = case.judgements.order_by("key_question__standard__position", "key_question__position").first()
    services.case_moderate(
        by_user=p.ian,
        case=case,
        note="Contingency plan missing",
        changes={first.key_question_id: (False, "No plan")},
    )
    CaseIndicator.objects.update_or_create(
        person=p.case,
        indicator="plan_timely",
        defaults={"applicable": True, "met": True, "computed_at": timezone.now()},
    )
    return inspection


def _report(client, inspection) -> str:
    page = client.get(reverse("inspections:report", args=[inspection.pk])).content.decode()
    return re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"', "", page)


def test_the_report_shows_the_moderated_ratings_once_published(crew, moderated, client_for):
    p = crew
    services.inspection_publish(by_user=p.ian, inspection=moderated)
    page = _report(client_for(p.ian), moderated)
    assert f"{p.nps.name}: Good" in page
    assert "Overall rating: <strong>Good</strong> (total score 9)" in page
    assert f"{p.crc.name}: Not rated" in page


def test_a_judgement_changed_after_publication_does_not_change_the_report(crew, moderated, client_for):
    p = crew
    services.inspection_publish(by_user=p.ian, inspection=moderated)
    c = client_for(p.ian)
    before = _report(c, moderated)
    KeyQuestionJudgement.objects.filter(case__inspection=moderated).update(sufficient=True)
    after = _report(c, moderated)
    assert f"{p.nps.name}: Good" in after and f"{p.nps.name}: Outstanding" not in after
    assert "0 of 1" in after  # the moderated key question, as published
    assert after == before


def test_the_draft_report_follows_the_judgements_until_publication(crew, moderated, client_for):
    p = crew
    c = client_for(p.ian)
    assert f"{p.nps.name}: Good" in _report(c, moderated)
    KeyQuestionJudgement.objects.filter(case__inspection=moderated).update(sufficient=True)
    page = _report(c, moderated)
    assert f"{p.nps.name}: Outstanding" in page and "provisional until the lead inspector publishes" in page


def test_new_rating_bands_do_not_change_a_published_report(crew, moderated, client_for):
    p = crew
    services.inspection_publish(by_user=p.ian, inspection=moderated)
    # Bands under which 100 % would be only "requires improvement": recalculating would now give
    # an inadequate overall rating.
    ReferenceValue.objects.create(
        key="inspection.standard_bands", value={"outstanding": 101, "good": 101, "requires_improvement": 50}
    )
    page = _report(client_for(p.ian), moderated)
    assert f"{p.nps.name}: Good" in page and "total score 9" in page
    detail = client_for(p.ian).get(reverse("inspections:detail", args=[moderated.pk])).content.decode()
    assert f"{p.nps.name}: Good" in detail


def test_indicator_findings_are_those_counted_at_publication(crew, moderated, client_for):
    p = crew
    services.inspection_publish(by_user=p.ian, inspection=moderated)
    stored = PublishedIndicatorFinding.objects.get(
        inspection=moderated, provider=p.nps, indicator="plan_timely"
    )
    assert (stored.applicable, stored.met) == (1, 1)
    c = client_for(p.ian)
    assert "In all of the cases, the case met the indicator “plan timely”." in _report(c, moderated)
    CaseIndicator.objects.filter(person=p.case).update(met=False)
    assert findings.indicator_counts(moderated)[(p.nps.pk, "plan_timely")] == (1, 0)  # the case did change
    page = _report(c, moderated)
    assert "In all of the cases, the case met the indicator “plan timely”." in page
    assert "In none of the cases, the case met the indicator “plan timely”." not in page


def _without_dates(pdf: bytes) -> bytes:
    return re.sub(rb"/(CreationDate|ModDate) \([^)]*\)", b"", pdf)


def test_the_published_pdf_does_not_change_when_the_judgements_do(crew, moderated):
    p = crew
    services.inspection_publish(by_user=p.ian, inspection=moderated)
    before = render_report_pdf(moderated)
    assert _without_dates(render_report_pdf(moderated)) == _without_dates(before)  # the comparison is fair
    KeyQuestionJudgement.objects.filter(case__inspection=moderated).update(sufficient=True)
    CaseIndicator.objects.filter(person=p.case).update(met=False)
    assert _without_dates(render_report_pdf(moderated)) == _without_dates(before)


def test_the_draft_pdf_changes_when_the_judgements_do(crew, moderated):
    before = render_report_pdf(moderated)
    KeyQuestionJudgement.objects.filter(case__inspection=moderated).update(sufficient=True)
    assert _without_dates(render_report_pdf(moderated)) != _without_dates(before)


def test_publishing_waits_until_every_sampled_case_is_assessed(crew, client_for):
    p = crew
    inspection = _inspection(p)
    with pytest.raises(ValidationError, match="1 sampled case has not been assessed yet"):
        services.inspection_publish(by_user=p.ian, inspection=inspection)
    response = client_for(p.ian).post(
        reverse("inspections:detail", args=[inspection.pk]), {"form": "publish"}, follow=True
    )
    assert "1 sampled case has not been assessed yet" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status != InspectionStatus.PUBLISHED and not ProviderRating.objects.exists()


def test_publishing_twice_is_refused_and_stores_the_ratings_once(crew, moderated):
    p = crew
    services.inspection_publish(by_user=p.ian, inspection=moderated)
    count = ProviderRating.objects.count()
    with pytest.raises(ValidationError, match="already been published"):
        services.inspection_publish(by_user=p.ian, inspection=moderated)
    assert ProviderRating.objects.count() == count


def test_moderation_is_closed_once_published(crew, moderated):
    p = crew
    services.inspection_publish(by_user=p.ian, inspection=moderated)
    case = moderated.cases.get(person=p.case)
    judgement = case.judgements.filter(applicable=True, sufficient=False).first()
    with pytest.raises(ValidationError, match="has been published"):
        services.case_moderate(
            by_user=p.ian,
            case=case,
            note="Later",
            changes={judgement.key_question_id: (True, "Changed mind")},
        )
    judgement.refresh_from_db()
    assert judgement.sufficient is False


def test_a_later_inspection_compares_itself_with_the_published_scores(crew, moderated, client_for):
    p = crew
    services.inspection_publish(by_user=p.ian, inspection=moderated)
    KeyQuestionJudgement.objects.filter(case__inspection=moderated).update(sufficient=True)  # would be 12
    later = _inspection(p, name="Staffordshire 2027")
    page = _report(client_for(p.ian), later)
    table = page[page.index("most recent published inspections") :]
    row = re.search(
        r'<th scope="row" class="govuk-table__header">Staffordshire 2026</th>(.*?)</tr>', table, re.S
    )
    assert row and ">9<" in row.group(1).replace(" ", "") and ">12<" not in row.group(1)


def test_the_published_report_page_issues_a_bounded_number_of_queries(
    crew, moderated, client_for, django_assert_max_num_queries
):
    p = crew
    services.inspection_publish(by_user=p.ian, inspection=moderated)
    c = client_for(p.ian)
    with django_assert_max_num_queries(25):
        assert c.get(reverse("inspections:report", args=[moderated.pk])).status_code == 200
