"""Recommendations: the inspection's lead and its inspectors add, change and remove them until the
report is published; after that they are read-only. Two people editing at once never silently
overwrite each other, and every change is in the audit trail."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from probation.audit.models import AuditEvent
from probation.core.exceptions import StaleRecord
from probation.inspection.constants import InspectionKind
from probation.inspection.models import Recommendation, StandardSet
from probation.inspection.services import inspections as services
from probation.inspection.services import recommendations as recs
from tests import factories as f


@pytest.fixture
def crew(personas):
    personas.ivy = f.staff("ivy", grade="", roles=("inspector",))  # assessing a case in the inspection
    personas.olga = f.staff("olga", grade="", roles=("inspector",))  # an inspector on other work
    return personas


@pytest.fixture
def inspection(crew):
    p = crew
    inspection = services.inspection_create(
        by_user=p.ian,
        kind=InspectionKind.INSPECTION,
        name="Staffordshire 2026",
        standard_set=StandardSet.objects.get(code="hmip-2018-case-supervision"),
        providers=[p.nps, p.crc],
        window_start=date(2026, 1, 1),
        window_end=date(2026, 3, 31),
        confidence=0.8,
        margin=0.1,
        seed=3,
    )
    services.inspection_draw_sample(by_user=p.ian, inspection=inspection, on=date(2026, 4, 1))
    services.inspection_case_assign(by_user=p.ian, case=inspection.cases.get(), inspector=p.ivy)
    return inspection


@pytest.fixture
def recommendation(crew, inspection):
    return recs.recommendation_add(
        by_user=crew.ian, inspection=inspection, text="Follow risk plans through", provider=crew.nps
    )


def _publish(p, inspection):
    case = inspection.cases.get()
    case.refresh_from_db()
    answers = {a.prompt_id: ("yes", "Seen in the record") for a in case.answers.all()}
    services.case_assessment_save(by_user=p.ivy, case=case, answers=answers)
    services.inspection_publish(by_user=p.ian, inspection=inspection)


def _report_url(inspection):
    return reverse("inspections:report", args=[inspection.pk])


def _edit_url(inspection, rec):
    return reverse("inspections:recommendation-edit", args=[inspection.pk, rec.pk])


def _remove_url(inspection, rec):
    return reverse("inspections:recommendation-remove", args=[inspection.pk, rec.pk])


# Adding --------------------------------------------------------------------------------------------
def test_an_inspector_with_a_case_adds_a_recommendation_for_all_providers(crew, inspection, client_for):
    response = client_for(crew.ivy).post(
        _report_url(inspection), {"text": "Train staff in MAPPA", "provider": ""}
    )
    assert response.status_code == 302 and response["Location"].endswith("#recommendations")
    rec = Recommendation.objects.get(inspection=inspection)
    assert rec.text == "Train staff in MAPPA" and rec.provider is None
    event = AuditEvent.objects.get(object_type="inspection.recommendation", object_id=str(rec.pk))
    assert event.user == crew.ivy and event.action == "create" and event.detail["provider"] == "All providers"


def test_recommendations_keep_the_order_they_were_added_in(crew, inspection, client_for):
    c = client_for(crew.ian)
    for text in ("First thing", "Second thing", "Third thing"):
        c.post(_report_url(inspection), {"text": text})
    page = c.get(_report_url(inspection)).content.decode()
    assert page.index("First thing") < page.index("Second thing") < page.index("Third thing")


def test_an_empty_recommendation_is_refused_with_an_error_summary(crew, inspection, client_for):
    response = client_for(crew.ian).post(_report_url(inspection), {"text": "   "})
    page = response.content.decode()
    assert response.status_code == 200 and 'class="govuk-error-summary"' in page
    assert '<a href="#id_text">Enter the recommendation</a>' in page
    assert not Recommendation.objects.exists()


def test_a_recommendation_cannot_name_a_provider_outside_the_inspection(crew, inspection):
    elsewhere = f.provider("Elsewhere CRC", "ELS", "private")
    with pytest.raises(ValidationError) as problem:
        recs.recommendation_add(by_user=crew.ian, inspection=inspection, text="Do better", provider=elsewhere)
    assert problem.value.message_dict == {
        "provider": ["Choose a provider in this inspection, or all providers"]
    }


# Changing and removing --------------------------------------------------------------------------------
def test_the_lead_changes_a_recommendation_and_the_change_is_audited(
    crew, inspection, recommendation, client_for
):
    c = client_for(crew.ian)
    page = c.get(_report_url(inspection)).content.decode()
    assert f'href="{_edit_url(inspection, recommendation)}"' in page
    form = c.get(_edit_url(inspection, recommendation)).content.decode()
    assert "Follow risk plans through" in form and 'name="version" value="1"' in form
    response = c.post(
        _edit_url(inspection, recommendation),
        {"text": "Follow every risk plan through", "provider": crew.crc.pk, "version": 1},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.text, recommendation.provider, recommendation.version) == (
        "Follow every risk plan through",
        crew.crc,
        2,
    )
    event = AuditEvent.objects.get(object_type="inspection.recommendation", action="update")
    assert event.detail["before"] == {"text": "Follow risk plans through", "provider": crew.nps.name}
    assert event.detail["after"]["provider"] == crew.crc.name
    assert "Follow every risk plan through" in c.get(_report_url(inspection)).content.decode()


def test_a_stale_change_is_refused_and_the_other_edit_survives(crew, inspection, recommendation, client_for):
    ian, ivy = client_for(crew.ian), client_for(crew.ivy)
    assert (
        ivy.post(
            _edit_url(inspection, recommendation), {"text": "Ivy's wording", "provider": "", "version": 1}
        ).status_code
        == 302
    )
    response = ian.post(_edit_url(inspection, recommendation), {"text": "Ian's wording", "version": 1})
    page = response.content.decode()
    assert response.status_code == 200 and 'class="govuk-error-summary"' in page
    assert "This record has changed since you opened it" in page
    recommendation.refresh_from_db()
    assert recommendation.text == "Ivy's wording"


def test_changing_to_empty_text_shows_the_error_beside_the_field(
    crew, inspection, recommendation, client_for
):
    response = client_for(crew.ian).post(_edit_url(inspection, recommendation), {"text": "", "version": 1})
    page = response.content.decode()
    assert '<a href="#id_text">Enter the recommendation</a>' in page and 'id="id_text-error"' in page
    recommendation.refresh_from_db()
    assert recommendation.text == "Follow risk plans through"


def test_an_inspector_removes_a_recommendation_after_confirming(crew, inspection, recommendation, client_for):
    c = client_for(crew.ivy)
    confirm = c.get(_remove_url(inspection, recommendation)).content.decode()
    assert "Remove this recommendation?" in confirm and "Follow risk plans through" in confirm
    assert c.post(_remove_url(inspection, recommendation), {"version": 1}).status_code == 302
    assert not Recommendation.objects.exists()
    event = AuditEvent.objects.get(object_type="inspection.recommendation", action="delete")
    assert event.user == crew.ivy and event.detail["text"] == "Follow risk plans through"


def test_removing_a_recommendation_changed_meanwhile_is_refused(crew, inspection, recommendation):
    recs.recommendation_update(
        by_user=crew.ivy, recommendation=recommendation, text="Reworded", provider=None, version=1
    )
    with pytest.raises(StaleRecord):
        recs.recommendation_remove(by_user=crew.ian, recommendation=recommendation, version=1)
    assert Recommendation.objects.filter(text="Reworded").exists()


# After publication ------------------------------------------------------------------------------------
def test_a_published_report_has_no_recommendation_controls(crew, inspection, recommendation, client_for):
    _publish(crew, inspection)
    page = client_for(crew.ian).get(_report_url(inspection)).content.decode()
    assert "Follow risk plans through" in page
    assert "Add a recommendation" not in page and _edit_url(inspection, recommendation) not in page


def test_recommendations_are_read_only_once_published(crew, inspection, recommendation, client_for):
    _publish(crew, inspection)
    c = client_for(crew.ian)
    response = c.post(_report_url(inspection), {"text": "Late addition"})
    assert (
        response.status_code == 200
        and "its recommendations can no longer be changed" in response.content.decode()
    )
    response = c.post(_edit_url(inspection, recommendation), {"text": "Late change", "version": 1})
    assert "its recommendations can no longer be changed" in response.content.decode()
    response = c.post(_remove_url(inspection, recommendation), {"version": 1})
    assert "its recommendations can no longer be changed" in response.content.decode()
    for url in (_edit_url(inspection, recommendation), _remove_url(inspection, recommendation)):
        page = c.get(url).content.decode()
        assert (
            'class="govuk-error-summary"' in page and "its recommendations can no longer be changed" in page
        )
        assert 'type="submit"' not in page.split("</header>")[-1]
    assert list(Recommendation.objects.values_list("text", flat=True)) == ["Follow risk plans through"]


# Who may change them -----------------------------------------------------------------------------------
def test_only_the_inspection_team_may_change_recommendations(crew, inspection, recommendation, client_for):
    p = crew
    # An inspector with no case in the inspection does not see it at all.
    olga = client_for(p.olga)
    assert olga.post(_report_url(inspection), {"text": "Mine"}).status_code == 404
    assert olga.post(_edit_url(inspection, recommendation), {"text": "Mine", "version": 1}).status_code == 404
    assert olga.post(_remove_url(inspection, recommendation), {"version": 1}).status_code == 404
    # A practitioner is refused the inspection pages.
    alice = client_for(p.alice)
    assert alice.post(_report_url(inspection), {"text": "Mine"}).status_code == 403
    assert alice.post(_remove_url(inspection, recommendation), {"version": 1}).status_code == 403
    # The services refuse them too.
    for user in (p.olga, p.alice, p.maria):
        with pytest.raises(PermissionDenied):
            recs.recommendation_add(by_user=user, inspection=inspection, text="Mine")
    assert list(Recommendation.objects.values_list("text", flat=True)) == ["Follow risk plans through"]


def test_a_provider_manager_reads_but_cannot_change_the_published_recommendations(
    crew, inspection, recommendation, client_for
):
    _publish(crew, inspection)
    c = client_for(crew.maria)
    page = c.get(_report_url(inspection)).content.decode()
    assert "Follow risk plans through" in page and "Add a recommendation" not in page
    assert c.post(_report_url(inspection), {"text": "Mine"}).status_code == 403
    assert c.post(_edit_url(inspection, recommendation), {"text": "Mine", "version": 1}).status_code == 403
    assert c.post(_remove_url(inspection, recommendation), {"version": 1}).status_code == 403
    assert Recommendation.objects.get().text == "Follow risk plans through"
