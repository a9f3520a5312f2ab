"""An inspection from beginning to end in a real browser: the lead inspector sets it up and draws
the sample, an inspector assesses a case from the evidence already gathered and overrides one
answer, the lead moderates and publishes, and the published report opens as a page and a PDF.
Every page on the way has no serious or critical axe-core failures."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from probation.inspection.constants import Answer, CaseStatus, InspectionStatus
from probation.inspection.models import (
    Inspection,
    InspectionCase,
    KeyQuestion,
    Prompt,
    PromptAnswer,
    ProviderRating,
    Standard,
    StandardSet,
)
from probation.inspection.standards_data import load as load_standards
from tests import factories as f

from .conftest import axe_violations, describe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def inspectorate(personas):
    # The standards come from a data migration; a flush between live-server tests empties them.
    load_standards(StandardSet, Standard, KeyQuestion, Prompt)
    personas.ivy = f.staff("ivy", grade="", roles=("inspector",))
    late = f.person(officer=personas.alice, last_name="Outside")  # started before the window
    f.sentence(late, start=date(2025, 6, 2))
    return personas


def signed_in(pages, user):
    page = pages.new(user)
    page.set_default_timeout(30_000)  # a shared machine can be slow to serve the first pages
    return page


def accessible(page, pages):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe_violations(violations)}"
    assert not pages.problems, pages.problems


def test_an_inspection_from_set_up_to_the_published_report_and_its_pdf(pages, inspectorate):
    p = inspectorate

    # The lead inspector sets up the inspection: providers, area and the supervision-start window.
    ian = signed_in(pages, p.ian)
    ian.goto("/inspections/")
    accessible(ian, pages)
    ian.get_by_role("link", name="Set up an inspection or audit").click()
    expect(ian.get_by_role("heading", name="Set up an inspection or audit")).to_be_visible()
    accessible(ian, pages)
    ian.get_by_label("Name").fill("Staffordshire and Stoke 2026")
    ian.get_by_label(p.nps.name).check()
    ian.get_by_label(p.crc.name).check()
    ian.get_by_label("Area (optional)").select_option(label=p.area.name)
    for prefix, (day, month, year) in {"window_start": (1, 1, 2026), "window_end": (31, 3, 2026)}.items():
        ian.locator(f"#id_{prefix}_0").fill(str(day))
        ian.locator(f"#id_{prefix}_1").fill(str(month))
        ian.locator(f"#id_{prefix}_2").fill(str(year))
    ian.get_by_label("Seed for the random draw").fill("7")
    ian.get_by_role("button", name="Set up").click()
    expect(ian.get_by_role("heading", name="Staffordshire and Stoke 2026")).to_be_visible()
    expect(ian.get_by_text("Inspection set up")).to_be_visible()
    accessible(ian, pages)
    inspection = Inspection.objects.get(name="Staffordshire and Stoke 2026")
    assert set(inspection.providers.all()) == {p.nps, p.crc} and inspection.area == p.area
    assert inspection.seed == 7

    # The sample is drawn: the case that started in the window, not the one that started before it.
    ian.get_by_role("button", name="Draw the sample").click()
    expect(ian.get_by_text("Sample of 1 case drawn")).to_be_visible()
    expect(ian.get_by_text("1 of 1 eligible cases")).to_be_visible()
    row = ian.get_by_role("row").filter(has_text=p.case.crn)
    expect(row).to_contain_text("Not assigned")
    accessible(ian, pages)

    # The lead assigns the case to Ivy.
    row.get_by_label(f"Assign {p.case.crn} to").select_option(label=str(p.ivy))
    row.get_by_role("button", name=f"Assign {p.case.crn}").click()
    expect(ian.get_by_text(f"{p.case.crn} assigned to {p.ivy}")).to_be_visible()
    expect(ian.get_by_role("row").filter(has_text=p.case.crn)).to_contain_text("Assigned")
    accessible(ian, pages)

    # Ivy opens the case assessment: the answers the indicators decide are already filled in, each
    # with its evidence.
    case = InspectionCase.objects.get(inspection=inspection, person=p.case)
    decided = (
        PromptAnswer.objects.filter(case=case)
        .exclude(computed=Answer.NEEDS_HUMAN)
        .select_related("prompt")
        .order_by("prompt__key_question__standard__position", "prompt__key_question__position")
        .first()
    )
    assert decided is not None
    ivy = signed_in(pages, p.ivy)
    ivy.goto(f"/inspections/{inspection.pk}/")
    accessible(ivy, pages)
    ivy.get_by_role("link", name=p.case.crn).click()
    expect(ivy.get_by_role("heading", name=f"Case {p.case.crn}")).to_be_visible()
    accessible(ivy, pages)
    prefilled = ivy.locator(f'input[name="answer_{decided.prompt_id}"][value="{decided.computed}"]')
    expect(prefilled).to_be_checked()
    expect(ivy.locator(".govuk-inset-text").first).to_contain_text("Computed answer")
    assert ivy.get_by_text(re.compile(r": (met|not met|not applicable)")).count() >= 1

    # Prompts no indicator can decide need her judgement: she answers them yes. She overrides one
    # computed answer, and is asked for a reason before it is saved.
    unanswered = ivy.evaluate(
        """() => [...new Set([...document.querySelectorAll('input[type=radio][name^="answer_"]')]
              .map(r => r.name))].filter(n => !document.querySelector(`input[name="${n}"]:checked`))"""
    )
    for name in unanswered:
        ivy.locator(f'input[name="{name}"][value="yes"]').check()
    override = "no" if decided.computed != Answer.NO else "yes"
    ivy.locator(f'input[name="answer_{decided.prompt_id}"][value="{override}"]').check()
    ivy.get_by_role("button", name="Save the assessment").click()
    summary = ivy.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Give a reason for changing the computed answer")
    accessible(ivy, pages)
    ivy.locator(f"#id_reason_{decided.prompt_id}").fill("The plan does not address the risk to the partner")
    ivy.get_by_role("button", name="Save the assessment").click()
    expect(ivy.get_by_text("Assessment saved")).to_be_visible()
    expect(
        ivy.get_by_text("Reason for change: The plan does not address the risk to the partner")
    ).to_be_visible()
    accessible(ivy, pages)
    decided.refresh_from_db()
    assert decided.answer == override and decided.override_reason

    # The lead moderates the case: one key question judged differently, with a reason.
    ian.goto(f"/inspections/{inspection.pk}/cases/{case.pk}/")
    expect(ian.get_by_role("heading", name="Moderate")).to_be_visible()
    accessible(ian, pages)
    judgement = (
        case.judgements.filter(applicable=True, sufficient=True).select_related("key_question").first()
    )
    assert judgement is not None
    ian.locator(f'input[name="sufficient_{judgement.key_question_id}"][value="no"]').check()
    ian.locator(f"#id_reason_{judgement.key_question_id}").fill("Contingency plan missing")
    ian.get_by_label("Moderation note").fill("Agreed with the inspector, one key question changed")
    ian.get_by_role("button", name="Save the moderation").click()
    expect(ian.get_by_text("Moderation saved")).to_be_visible()
    expect(ian.get_by_text("changed in moderation: Contingency plan missing")).to_be_visible()
    accessible(ian, pages)
    case.refresh_from_db()
    assert case.status == CaseStatus.MODERATED

    # The lead adds a recommendation to the draft report.
    ian.goto(f"/inspections/{inspection.pk}/report/")
    expect(ian.get_by_text("This report is a draft")).to_be_visible()
    ian.get_by_label("Recommendation").fill("Make sure every risk management plan is followed through")
    ian.get_by_role("button", name="Add recommendation").click()
    expect(ian.get_by_text("Recommendation added")).to_be_visible()
    accessible(ian, pages)
    ian.get_by_role("link", name="Change recommendation 1").click()
    expect(ian.get_by_role("heading", name="Change a recommendation")).to_be_visible()
    accessible(ian, pages)
    ian.get_by_label("Recommendation").fill("")
    ian.get_by_role("button", name="Save the recommendation").click()
    ian.locator(".govuk-error-summary").get_by_role("link", name="Enter the recommendation").click()
    expect(ian.get_by_label("Recommendation")).to_be_focused()
    accessible(ian, pages)
    ian.get_by_label("Recommendation").fill("Make sure every risk management plan is followed through")
    ian.get_by_label("For").select_option(label=p.crc.name)
    ian.get_by_role("button", name="Save the recommendation").click()
    expect(ian.get_by_text("Recommendation changed")).to_be_visible()

    # The lead publishes the ratings.
    ian.goto(f"/inspections/{inspection.pk}/")
    ian.get_by_role("button", name="Publish the ratings").click()
    expect(ian.get_by_text("Ratings published")).to_be_visible()
    expect(ian.get_by_role("heading", name="Published ratings")).to_be_visible()
    accessible(ian, pages)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PUBLISHED
    overall = ProviderRating.objects.get(
        inspection=inspection, provider=p.nps, standard__isnull=True, key_question__isnull=True
    )

    # The published report shows the published rating and the recommendation, with no controls left.
    ian.get_by_role("link", name="Read the report").click()
    expect(ian.get_by_role("heading", name="Staffordshire and Stoke 2026")).to_be_visible()
    expect(ian.get_by_role("heading", name=f"{p.nps.name}: {overall.get_rating_display()}")).to_be_visible()
    recommendations = ian.locator("#recommendations + ol")
    expect(recommendations).to_contain_text(
        f"{p.crc.name}: Make sure every risk management plan is followed through"
    )
    expect(ian.get_by_role("button", name="Add recommendation")).to_have_count(0)
    expect(ian.get_by_role("link", name="Change recommendation 1")).to_have_count(0)
    expect(ian.locator("svg[role=img]").first).to_be_visible()
    accessible(ian, pages)

    # The PDF link returns a PDF.
    href = ian.get_by_role("link", name="Download the report as a PDF").get_attribute("href")
    response = ian.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert not pages.problems, pages.problems
