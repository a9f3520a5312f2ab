from datetime import date

import pytest
from django.urls import reverse

from probation.inspection.constants import Answer, CaseStatus, InspectionKind, InspectionStatus
from probation.inspection.models import (
    Inspection,
    InspectionCase,
    KeyQuestionJudgement,
    PromptAnswer,
    ProviderRating,
    StandardSet,
)
from probation.inspection.services import inspections as services
from probation.people.models import CaseGrant
from tests import factories as f


@pytest.fixture
def team_of_inspectors(personas):
    personas.ivy = f.staff("ivy", grade="", roles=("inspector",))
    personas.ike = f.staff("ike", grade="", roles=("inspector",))
    return personas


@pytest.fixture
def inspection(team_of_inspectors):
    p = team_of_inspectors
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
    return inspection


def _case(inspection, person):
    return InspectionCase.objects.get(inspection=inspection, person=person)


# Who may reach the pages -------------------------------------------------------------------------
def test_it_redirects_anonymous_visitors_to_sign_in(client, personas):
    response = client.get(reverse("inspections:list"))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_a_practitioner_cannot_reach_inspection_pages(personas, inspection, client_for):
    c = client_for(personas.alice)
    assert c.get(reverse("inspections:list")).status_code == 403
    assert c.get(reverse("inspections:new")).status_code == 403
    assert c.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 403
    case = _case(inspection, personas.case)
    assert c.get(reverse("inspections:case", args=[inspection.pk, case.pk])).status_code == 403


def test_inspections_appear_in_the_navigation_for_inspectors_and_managers_only(personas, client_for):
    href = reverse("inspections:list")
    assert href in client_for(personas.ian).get(reverse("inspections:list")).content.decode()
    assert f'href="{href}"' in client_for(personas.maria).get(reverse("cases:my-cases")).content.decode()
    assert f'href="{href}"' not in client_for(personas.alice).get(reverse("cases:my-cases")).content.decode()


def test_an_inspector_sets_up_an_inspection(team_of_inspectors, client_for):
    p = team_of_inspectors
    standard_set = StandardSet.objects.get(code="hmip-2018-case-supervision")
    response = client_for(p.ian).post(
        reverse("inspections:new"),
        {
            "kind": "inspection",
            "name": "Stoke 2026",
            "standard_set": standard_set.pk,
            "providers": [p.nps.pk],
            "window_start_0": "1",
            "window_start_1": "1",
            "window_start_2": "2026",
            "window_end_0": "31",
            "window_end_1": "3",
            "window_end_2": "2026",
            "confidence": "0.8",
            "margin": "0.1",
            "seed": "5",
        },
    )
    inspection = Inspection.objects.get(name="Stoke 2026")
    assert response.status_code == 302 and response["Location"] == reverse(
        "inspections:detail", args=[inspection.pk]
    )
    assert inspection.lead == p.ian and list(inspection.providers.all()) == [p.nps]


def test_setting_up_without_a_provider_shows_the_error_summary(team_of_inspectors, client_for):
    response = client_for(team_of_inspectors.ian).post(
        reverse("inspections:new"),
        {
            "kind": "inspection",
            "name": "Stoke",
            "window_start_0": "1",
            "window_start_1": "1",
            "window_start_2": "2026",
            "window_end_0": "1",
            "window_end_1": "1",
            "window_end_2": "2025",
            "confidence": "0.8",
            "margin": "0.1",
            "seed": "5",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert 'href="#id_providers_0"' in body and "Select at least one provider" in body
    assert "The end of the window must be on or after its start" in body


# The sample and the grants ------------------------------------------------------------------------
def test_drawing_the_sample_stores_cases_with_strata_and_computed_answers(personas, inspection):
    case = _case(inspection, personas.case)
    assert inspection.population == 1 and inspection.status == InspectionStatus.SAMPLED
    assert case.stratum == "NPS / community_order / male / Not stated / not known"
    assert PromptAnswer.objects.filter(case=case).count() > 0
    assert KeyQuestionJudgement.objects.filter(case=case).count() == 12


def test_an_inspector_without_an_assignment_cannot_find_the_case(team_of_inspectors, inspection, client_for):
    p = team_of_inspectors
    case = _case(inspection, p.case)
    c = client_for(p.ivy)
    assert c.get(reverse("cases:overview", args=[p.case.crn])).status_code == 404
    assert c.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 404
    assert c.get(reverse("inspections:case", args=[inspection.pk, case.pk])).status_code == 404


def test_assigning_a_case_lets_the_inspector_read_it(team_of_inspectors, inspection, client_for):
    p = team_of_inspectors
    case = _case(inspection, p.case)
    response = client_for(p.ian).post(
        reverse("inspections:detail", args=[inspection.pk]),
        {"form": "assign", "case": case.pk, f"case-{case.pk}-inspector": p.ivy.pk},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.inspector == p.ivy and case.status == CaseStatus.ASSIGNED
    c = client_for(p.ivy)
    assert c.get(reverse("cases:overview", args=[p.case.crn])).status_code == 200
    page = c.get(reverse("inspections:case", args=[inspection.pk, case.pk]))
    assert page.status_code == 200 and "Save the assessment" in page.content.decode()


def test_reassigning_a_case_revokes_the_first_inspectors_access(team_of_inspectors, inspection, client_for):
    p = team_of_inspectors
    case = _case(inspection, p.case)
    services.inspection_case_assign(by_user=p.ian, case=case, inspector=p.ivy)
    services.inspection_case_assign(by_user=p.ian, case=case, inspector=p.ike)
    assert client_for(p.ivy).get(reverse("cases:overview", args=[p.case.crn])).status_code == 404
    assert client_for(p.ike).get(reverse("cases:overview", args=[p.case.crn])).status_code == 200
    assert CaseGrant.objects.filter(person=p.case, staff=p.ivy, revoked=True).count() == 1


def test_only_the_lead_may_assign(team_of_inspectors, inspection, client_for):
    p = team_of_inspectors
    case = _case(inspection, p.case)
    services.inspection_case_assign(by_user=p.ian, case=case, inspector=p.ivy)
    response = client_for(p.ivy).post(
        reverse("inspections:detail", args=[inspection.pk]),
        {"form": "assign", "case": case.pk, f"case-{case.pk}-inspector": p.ivy.pk},
    )
    assert response.status_code == 403


# Assessment, moderation and publication ----------------------------------------------------------------
def _answers_post(case, **overrides):
    data = {"form": "assessment", "version": case.version}
    for row in case.answers.all():
        answer = row.computed if row.computed != Answer.NEEDS_HUMAN else "yes"
        data[f"answer_{row.prompt_id}"] = answer
        data[f"reason_{row.prompt_id}"] = ""
    data.update(overrides)
    return data


def test_overriding_a_computed_answer_needs_a_reason(team_of_inspectors, inspection, client_for):
    p = team_of_inspectors
    case = _case(inspection, p.case)
    services.inspection_case_assign(by_user=p.ian, case=case, inspector=p.ivy)
    case.refresh_from_db()
    decided = case.answers.exclude(computed=Answer.NEEDS_HUMAN).first()
    assert decided is not None
    flipped = "no" if decided.computed != "no" else "yes"
    url = reverse("inspections:case", args=[inspection.pk, case.pk])
    c = client_for(p.ivy)
    response = c.post(url, _answers_post(case, **{f"answer_{decided.prompt_id}": flipped}))
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert f'href="#id_reason_{decided.prompt_id}"' in body
    assert "Give a reason for changing the computed answer" in body
    response = c.post(
        url,
        _answers_post(
            case,
            **{
                f"answer_{decided.prompt_id}": flipped,
                f"reason_{decided.prompt_id}": "The plan was not shared",
            },
        ),
    )
    assert response.status_code == 302
    decided.refresh_from_db()
    assert (decided.answer, decided.override_reason) == (flipped, "The plan was not shared")
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSED
    assert not case.judgements.filter(applicable=True, sufficient__isnull=True).exists()


def test_a_stale_form_is_refused(team_of_inspectors, inspection, client_for):
    p = team_of_inspectors
    case = _case(inspection, p.case)
    services.inspection_case_assign(by_user=p.ian, case=case, inspector=p.ivy)
    case.refresh_from_db()
    stale = _answers_post(case, version=case.version - 1)
    response = client_for(p.ivy).post(reverse("inspections:case", args=[inspection.pk, case.pk]), stale)
    assert (
        response.status_code == 200 and "has changed since the page was loaded" in response.content.decode()
    )


def _assessed(p, inspection, client_for):
    case = _case(inspection, p.case)
    services.inspection_case_assign(by_user=p.ian, case=case, inspector=p.ivy)
    case.refresh_from_db()
    client_for(p.ivy).post(reverse("inspections:case", args=[inspection.pk, case.pk]), _answers_post(case))
    case.refresh_from_db()
    return case


def test_the_lead_moderates_and_a_changed_judgement_needs_a_reason(
    team_of_inspectors, inspection, client_for
):
    p = team_of_inspectors
    case = _assessed(p, inspection, client_for)
    judgement = case.judgements.filter(applicable=True).select_related("key_question").first()
    new = "no" if judgement.sufficient else "yes"
    url = reverse("inspections:case", args=[inspection.pk, case.pk])
    data = {"form": "moderation", "version": case.version, "note": "Agreed with the inspector"}
    for j in case.judgements.filter(applicable=True):
        data[f"sufficient_{j.key_question_id}"] = {True: "yes", False: "no", None: "undecided"}[j.sufficient]
    data[f"sufficient_{judgement.key_question_id}"] = new
    c = client_for(p.ian)
    response = c.post(url, data)
    assert (
        response.status_code == 200
        and "Give a reason for changing the judgement" in response.content.decode()
    )
    data[f"reason_{judgement.key_question_id}"] = "Contingency plan missing"
    assert c.post(url, data).status_code == 302
    judgement.refresh_from_db()
    case.refresh_from_db()
    assert judgement.sufficient == (new == "yes") and judgement.override_reason == "Contingency plan missing"
    assert case.status == CaseStatus.MODERATED and case.moderated_by == p.ian


def test_an_assigned_inspector_cannot_moderate(team_of_inspectors, inspection, client_for):
    p = team_of_inspectors
    case = _assessed(p, inspection, client_for)
    response = client_for(p.ivy).post(
        reverse("inspections:case", args=[inspection.pk, case.pk]),
        {"form": "moderation", "version": case.version, "note": "Mine"},
    )
    assert response.status_code == 403


def test_publishing_stores_the_ratings_and_closes_the_grants(team_of_inspectors, inspection, client_for):
    p = team_of_inspectors
    _assessed(p, inspection, client_for)
    response = client_for(p.ian).post(
        reverse("inspections:detail", args=[inspection.pk]), {"form": "publish"}
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PUBLISHED
    nps = ProviderRating.objects.filter(inspection=inspection, provider=p.nps)
    assert nps.filter(key_question__isnull=False).count() == 12
    assert nps.filter(standard__isnull=False).count() == 4
    overall = nps.get(standard__isnull=True, key_question__isnull=True)
    assert overall.rating in {"outstanding", "good", "requires_improvement", "inadequate"}
    assert ProviderRating.objects.filter(
        inspection=inspection, provider=p.crc, standard__isnull=True, key_question__isnull=True, rating=""
    ).exists()
    assert client_for(p.ivy).get(reverse("cases:overview", args=[p.case.crn])).status_code == 404
    page = client_for(p.ian).get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert "Published ratings" in page and f"{p.nps.name}: {overall.get_rating_display()}" in page
    assert f"{p.crc.name}: Not rated" in page


# Local audits -------------------------------------------------------------------------------------------
def test_a_manager_audits_their_own_teams_cases(personas, client_for):
    other = f.person(officer=personas.eddie, last_name="Other")
    f.sentence(other, start=date(2026, 2, 1))
    standard_set = StandardSet.objects.get(code="hmip-2018-case-supervision")
    response = client_for(personas.maria).post(
        reverse("inspections:new"),
        {
            "kind": "local_audit",
            "name": "Stoke North audit",
            "standard_set": standard_set.pk,
            "window_start_0": "1",
            "window_start_1": "1",
            "window_start_2": "2026",
            "window_end_0": "31",
            "window_end_1": "3",
            "window_end_2": "2026",
            "confidence": "0.8",
            "margin": "0.1",
            "seed": "5",
        },
    )
    assert response.status_code == 302
    audit = Inspection.objects.get(name="Stoke North audit")
    assert audit.kind == InspectionKind.LOCAL_AUDIT and audit.team == personas.team
    services.inspection_draw_sample(by_user=personas.maria, inspection=audit, on=date(2026, 4, 1))
    assert list(audit.cases.values_list("person_id", flat=True)) == [personas.case.pk]
    assert client_for(personas.maria).get(reverse("inspections:detail", args=[audit.pk])).status_code == 200


def test_a_manager_cannot_set_up_an_inspection(personas, client_for):
    response = client_for(personas.maria).post(
        reverse("inspections:new"), {"kind": "inspection", "name": "X"}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


# Query bounds --------------------------------------------------------------------------------------------
def _bigger_sample(p, n):
    for i in range(n):
        person = f.person(officer=p.alice, last_name=f"Case{i}")
        f.sentence(person, start=date(2026, 2, 1))


@pytest.mark.parametrize("extra", [0, 6])
def test_the_inspection_page_issues_a_bounded_number_of_queries(
    team_of_inspectors, client_for, extra, django_assert_max_num_queries
):
    p = team_of_inspectors
    _bigger_sample(p, extra)
    inspection = services.inspection_create(
        by_user=p.ian,
        kind=InspectionKind.INSPECTION,
        name="Bounded",
        standard_set=StandardSet.objects.get(code="hmip-2018-case-supervision"),
        providers=[p.nps],
        window_start=date(2026, 1, 1),
        window_end=date(2026, 3, 31),
        confidence=0.8,
        margin=0.1,
        seed=3,
    )
    services.inspection_draw_sample(by_user=p.ian, inspection=inspection, on=date(2026, 4, 1))
    for case in inspection.cases.all():
        services.inspection_case_assign(by_user=p.ian, case=case, inspector=p.ivy)
    c = client_for(p.ian)
    with django_assert_max_num_queries(25):
        assert c.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert c.get(reverse("inspections:list")).status_code == 200
    case = inspection.cases.first()
    c = client_for(p.ivy)
    with django_assert_max_num_queries(25):
        assert c.get(reverse("inspections:case", args=[inspection.pk, case.pk])).status_code == 200
