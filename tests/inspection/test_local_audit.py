"""Local quality-assurance audits: a manager (SPO) audits their own team's cases with the same case
assessment an inspection uses — answers prefilled from the case indicators, confirmed or overridden
with a reason, moderated by the manager — and nobody outside sees the audited cases."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from probation.inspection.constants import Answer, CaseStatus, InspectionKind, InspectionStatus
from probation.inspection.models import Inspection, InspectionCase, ProviderRating, StandardSet
from probation.inspection.services import inspections as services
from tests import factories as f


@pytest.fixture
def region(personas):
    p = personas
    p.second = f.person(officer=p.bob, last_name="Baker")  # also in Maria's team
    f.sentence(p.second, start=date(2026, 2, 2))
    p.elsewhere = f.person(officer=p.eddie, last_name="Stafford")  # another team of the provider
    f.sentence(p.elsewhere, start=date(2026, 2, 2))
    p.crc_case = f.person(officer=p.charlie, last_name="Hanley")  # another provider
    f.sentence(p.crc_case, start=date(2026, 2, 2))
    p.quinn = f.staff("quinn", team_=p.team, grade="SPO", roles=("quality_assurance",))
    p.sam = f.staff("sam", team_=p.other_team, grade="SPO", roles=("manager",))
    p.other_team.manager = p.sam
    p.other_team.save()
    return p


def _set_up_on_the_page(client, name="Stoke North audit", **extra):
    return client.post(
        reverse("inspections:new"),
        extra
        | {
            "kind": "local_audit",
            "name": name,
            "standard_set": StandardSet.objects.get(code="hmip-2018-case-supervision").pk,
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


@pytest.fixture
def audit(region, client_for):
    assert _set_up_on_the_page(client_for(region.maria)).status_code == 302
    audit = Inspection.objects.get(name="Stoke North audit")
    services.inspection_draw_sample(by_user=region.maria, inspection=audit, on=date(2026, 4, 1))
    return audit


def test_an_spo_audits_only_their_own_teams_cases(region, audit):
    p = region
    assert audit.kind == InspectionKind.LOCAL_AUDIT and audit.team == p.team
    assert list(audit.providers.all()) == [p.nps]
    assert set(audit.cases.values_list("person_id", flat=True)) == {p.case.pk, p.second.pk}
    assert audit.population == 2


def test_the_audit_offers_the_spos_provider_colleagues_as_assessors_not_inspectors(region, audit, client_for):
    page = client_for(region.maria).get(reverse("inspections:detail", args=[audit.pk])).content.decode()
    assert str(region.quinn) in page and str(region.sam) in page
    assert str(region.ian) not in page and str(region.charlie) not in page


def test_the_assessor_uses_the_same_prefilled_case_assessment(region, audit, client_for):
    p = region
    case = InspectionCase.objects.get(inspection=audit, person=p.case)
    services.inspection_case_assign(by_user=p.maria, case=case, inspector=p.quinn)
    case.refresh_from_db()
    c = client_for(p.quinn)
    url = reverse("inspections:case", args=[audit.pk, case.pk])
    page = c.get(url).content.decode()
    decided = case.answers.exclude(computed=Answer.NEEDS_HUMAN).first()
    assert decided is not None
    assert "Computed answer" in page and "Save the assessment" in page
    assert f'name="answer_{decided.prompt_id}" type="radio" value="{decided.computed}" checked' in page

    data = {"form": "assessment", "version": case.version}
    for row in case.answers.all():
        data[f"answer_{row.prompt_id}"] = row.computed if row.computed != Answer.NEEDS_HUMAN else "yes"
    flipped = "no" if decided.computed != "no" else "yes"
    data[f"answer_{decided.prompt_id}"] = flipped
    refused = c.post(url, data).content.decode()
    assert "Give a reason for changing the computed answer" in refused
    data[f"reason_{decided.prompt_id}"] = "Seen in supervision notes"
    assert c.post(url, data).status_code == 302
    decided.refresh_from_db()
    assert decided.answer == flipped and decided.override_reason == "Seen in supervision notes"

    # The SPO moderates and, once the other case is assessed too, publishes the audit's ratings.
    case.refresh_from_db()
    services.case_moderate(by_user=p.maria, case=case, note="Agreed")
    other = InspectionCase.objects.get(inspection=audit, person=p.second)
    services.inspection_case_assign(by_user=p.maria, case=other, inspector=p.maria)
    answers = {a.prompt_id: ("yes", "Checked") for a in other.answers.all()}
    services.case_assessment_save(by_user=p.maria, case=other, answers=answers)
    services.inspection_publish(by_user=p.maria, inspection=audit)
    audit.refresh_from_db()
    assert audit.status == InspectionStatus.PUBLISHED
    assert (
        ProviderRating.objects.filter(inspection=audit, provider=p.nps, key_question__isnull=False).count()
        == 12
    )
    assert InspectionCase.objects.get(pk=case.pk).status == CaseStatus.MODERATED


def test_another_teams_manager_cannot_open_or_run_the_audit(region, audit, client_for):
    p = region
    case = InspectionCase.objects.get(inspection=audit, person=p.case)
    c = client_for(p.sam)
    assert c.get(reverse("inspections:case", args=[audit.pk, case.pk])).status_code == 404
    page = c.get(reverse("inspections:detail", args=[audit.pk])).content.decode()
    assert p.case.crn not in page and p.second.crn not in page
    response = c.post(
        reverse("inspections:detail", args=[audit.pk]),
        {"form": "assign", "case": case.pk, f"case-{case.pk}-inspector": p.sam.pk},
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.inspector is None


def test_an_spos_audit_of_another_team_is_their_own_team_regardless(region, client_for):
    p = region
    assert _set_up_on_the_page(client_for(p.sam), name="Stafford audit").status_code == 302
    audit = Inspection.objects.get(name="Stafford audit")
    services.inspection_draw_sample(by_user=p.sam, inspection=audit, on=date(2026, 4, 1))
    assert audit.team == p.other_team
    assert list(audit.cases.values_list("person_id", flat=True)) == [p.elsewhere.pk]


def test_an_inspector_cannot_start_a_local_audit(region):
    with pytest.raises(ValidationError, match="Only a manager or quality-assurance lead"):
        services.inspection_create(
            by_user=region.ian,
            kind=InspectionKind.LOCAL_AUDIT,
            name="Not mine",
            standard_set=StandardSet.objects.get(code="hmip-2018-case-supervision"),
            providers=[region.nps],
            window_start=date(2026, 1, 1),
            window_end=date(2026, 3, 31),
            confidence=0.8,
            margin=0.1,
            seed=1,
        )
    assert not Inspection.objects.exists()


def test_a_practitioner_cannot_start_an_audit(region, client_for):
    c = client_for(region.alice)
    assert c.get(reverse("inspections:new")).status_code == 403
    assert _set_up_on_the_page(c).status_code == 403
    assert not Inspection.objects.exists()


# A manager of several teams ------------------------------------------------------------------------------
@pytest.fixture
def longton(region):
    """Sam is in the Stafford team and also manages Longton."""
    p = region
    p.longton = f.team("Longton", p.nps, p.area)
    p.longton.manager = p.sam
    p.longton.save()
    p.lena = f.staff("lena", team_=p.longton)
    p.longton_case = f.person(officer=p.lena, last_name="Longton")
    f.sentence(p.longton_case, start=date(2026, 2, 3))
    return p


def test_a_manager_of_several_teams_chooses_which_of_them_to_audit(longton, client_for):
    p = longton
    c = client_for(p.sam)
    page = c.get(reverse("inspections:new")).content.decode()
    assert "Team audited" in page
    select = page[page.index('id="id_team"') :]
    select = select[: select.index("</select>")]
    assert f'<option value="{p.longton.pk}"' in select and f'<option value="{p.other_team.pk}"' in select
    assert select.count("<option") == 2
    assert _set_up_on_the_page(c, name="Longton audit", team=p.longton.pk).status_code == 302
    audit = Inspection.objects.get(name="Longton audit")
    services.inspection_draw_sample(by_user=p.sam, inspection=audit, on=date(2026, 4, 1))
    assert audit.team == p.longton
    assert list(audit.cases.values_list("person_id", flat=True)) == [p.longton_case.pk]


def test_a_manager_cannot_audit_a_team_they_neither_manage_nor_belong_to(longton, client_for):
    p = longton
    response = _set_up_on_the_page(client_for(p.sam), name="Not mine", team=p.team.pk)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError, match="Choose a team you manage or belong to"):
        services.inspection_create(
            by_user=p.sam,
            kind=InspectionKind.LOCAL_AUDIT,
            name="Not mine",
            standard_set=StandardSet.objects.get(code="hmip-2018-case-supervision"),
            providers=[p.nps],
            window_start=date(2026, 1, 1),
            window_end=date(2026, 3, 31),
            confidence=0.8,
            margin=0.1,
            seed=1,
            team=p.team,
        )
    assert not Inspection.objects.exists()


def test_a_manager_of_one_team_is_not_asked_which(region, client_for):
    assert "Team audited" not in client_for(region.maria).get(reverse("inspections:new")).content.decode()
