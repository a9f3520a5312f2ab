"""The enforcement pages: who may open each (owner, colleague, manager, other provider, excluded,
inspector, anonymous), the letters as HTML and PDF, error summaries, and bounded queries."""

import re
import zlib
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probation.audit.models import AuditEvent
from probation.enforcement import services
from probation.enforcement.constants import EnforcementKind as K
from probation.enforcement.constants import EnforcementStatus as S
from probation.enforcement.models import EnforcementAction, RecallRecommendation
from tests import factories as f

from .conftest import failure

TODAY = date(2026, 11, 27)


class Scene:
    """One case with an action in each state, and a licence case with a recall awaiting the SPO."""

    def __init__(self, world):
        self.w = world
        f.exclude(world.lucy, world.eddie)
        assess = services.enforcement_assess
        self.letter_due = assess(failure(world.case, date(2026, 3, 2)), by_user=world.alice)
        services.enforcement_decide(
            by_user=world.alice,
            action_id=self.letter_due.pk,
            version=1,
            kind=K.WARNING,
            failure_description="You did not attend on 2 March 2026.",
            today=date(2026, 3, 2),
        )
        self.breach_due = assess(failure(world.case, date(2026, 3, 9)), by_user=world.alice)
        services.enforcement_decide(
            by_user=world.alice,
            action_id=self.breach_due.pk,
            version=1,
            kind=K.BREACH,
            rationale="Abusive to reception staff",
            today=TODAY,
            failure_description="You did not attend on 9 March 2026.",
        )
        self.decision_due = assess(failure(world.case, date(2026, 3, 16)), by_user=world.alice)
        self.recall = services.recall_recommend(
            by_user=world.alice,
            person=world.lucy,
            disposal_id=world.lucy_licence.pk,
            recall_type="standard",
            rationale="Whereabouts unknown",
            today=TODAY,
        )
        for a in (self.letter_due, self.breach_due, self.decision_due):
            a.refresh_from_db()

    def urls(self):
        crn, lucy = self.w.case.crn, self.w.lucy.crn
        return {
            "case": reverse("enforcement:case", args=[crn]),
            "decide": reverse("enforcement:decide", args=[crn, self.decision_due.pk]),
            "letter-issued": reverse("enforcement:letter-issued", args=[crn, self.letter_due.pk]),
            "breach": reverse("enforcement:breach", args=[crn, self.breach_due.pk]),
            "letter": reverse("enforcement:letter", args=[crn, self.letter_due.pk]),
            "letter-pdf": reverse("enforcement:letter-pdf", args=[crn, self.letter_due.pk]),
            "recall-new": reverse("enforcement:recall-new", args=[lucy]),
            "recall": reverse("enforcement:recall", args=[lucy, self.recall.pk]),
            "recall-outcome": reverse("enforcement:recall-outcome", args=[lucy, self.recall.pk]),
            "recall-countersign": reverse("enforcement:recall-countersign", args=[lucy, self.recall.pk]),
        }


@pytest.fixture
def scene(world):
    return Scene(world)


READ = {"case", "letter", "letter-pdf", "recall"}
WRITE = {"decide", "letter-issued", "breach", "recall-new", "recall-outcome"}


def statuses(client, scene):
    return {name: client.get(url).status_code for name, url in scene.urls().items()}


def test_the_owner_may_open_every_page_but_not_countersign_her_own_recall(scene, client_for):
    assert statuses(client_for(scene.w.alice), scene) == {name: 200 for name in READ | WRITE} | {
        "recall-countersign": 403
    }


def test_a_colleague_in_the_team_may_act_but_not_countersign(scene, client_for):
    assert statuses(client_for(scene.w.bob), scene) == {name: 200 for name in READ | WRITE} | {
        "recall-countersign": 403
    }


def test_the_teams_spo_may_open_every_page_and_countersign(scene, client_for):
    assert set(statuses(client_for(scene.w.maria), scene).values()) == {200}


def test_another_providers_officer_is_told_the_cases_do_not_exist(scene, client_for):
    client = client_for(scene.w.charlie)
    for name, url in scene.urls().items():
        response = client.get(url)
        assert response.status_code == 404, name
        assert b"Archer" not in response.content and b"Licensee" not in response.content


def test_an_excluded_officer_is_refused_with_the_restricted_message(scene, client_for):
    client = client_for(scene.w.eddie)
    for name, url in scene.urls().items():
        response = client.get(url)
        assert response.status_code == 403, name
        assert b"You are restricted from viewing this case" in response.content, name
        assert b"Archer" not in response.content


def test_an_inspector_without_a_grant_cannot_find_the_cases(scene, client_for):
    assert set(statuses(client_for(scene.w.ian), scene).values()) == {404}


def test_an_inspector_with_a_grant_reads_but_cannot_act(scene, client_for, grant_case):
    grant_case(scene.w.case, scene.w.ian)
    grant_case(scene.w.lucy, scene.w.ian)
    client = client_for(scene.w.ian)
    assert statuses(client, scene) == {name: 200 for name in READ} | {name: 403 for name in WRITE} | {
        "recall-countersign": 403
    }
    page = client.get(scene.urls()["case"]).content.decode()
    assert "Decide" not in page and "Record letter sent" not in page and "Recommend recall" not in page
    response = client.post(
        reverse("enforcement:assess", args=[scene.w.case.crn, scene.decision_due.contact_id])
    )
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(scene):
    client = Client()
    for name, url in scene.urls().items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert "sign-in" in response["Location"] or "login" in response["Location"], name


def test_opening_the_enforcement_page_is_audited(scene, client_for):
    client_for(scene.w.bob).get(scene.urls()["case"])
    assert AuditEvent.objects.filter(
        user=scene.w.bob, person=scene.w.case, summary="Viewed enforcement"
    ).exists()


def test_the_case_page_lists_what_is_due_with_deadlines_and_the_actions(scene, client_for):
    page = client_for(scene.w.alice).get(scene.urls()["case"]).content.decode()
    assert "Due now" in page
    assert scene.urls()["decide"] in page
    assert scene.urls()["letter-issued"] in page
    assert scene.urls()["breach"] in page
    assert "Overdue" in page  # the March deadlines have passed
    assert "recommended: warning" in page  # breach chosen on a first failure


def test_unassessed_failures_are_shown_and_can_be_assessed_from_the_page(scene, client_for):
    contact = failure(scene.w.case, date(2026, 4, 6))
    client = client_for(scene.w.alice)
    page = client.get(scene.urls()["case"]).content.decode()
    assert "Failures not yet assessed" in page
    response = client.post(reverse("enforcement:assess", args=[scene.w.case.crn, contact.pk]))
    action = EnforcementAction.objects.get(contact=contact)
    assert response.status_code == 302
    assert response["Location"] == reverse("enforcement:decide", args=[scene.w.case.crn, action.pk])
    assert "Failures not yet assessed" not in client.get(scene.urls()["case"]).content.decode()


def test_assessing_is_post_only(scene, client_for):
    contact = failure(scene.w.case, date(2026, 4, 6))
    response = client_for(scene.w.alice).get(
        reverse("enforcement:assess", args=[scene.w.case.crn, contact.pk])
    )
    assert response.status_code == 405


# --- Forms ----------------------------------------------------------------------------------------------


def error_summary(response) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', response.content.decode(), re.S)
    assert match, "the page has no error summary"
    return match.group(0)


def test_deciding_breach_without_a_rationale_shows_the_error_summary_and_saves_nothing(scene, client_for):
    client = client_for(scene.w.alice)
    url = scene.urls()["decide"]
    response = client.post(
        url, {"version": 1, "kind": "breach", "failure_description": "Did not attend", "rationale": ""}
    )
    assert response.status_code == 200
    summary = error_summary(response)
    assert "Explain why you chose breach rather than warning" in summary
    assert 'href="#id_rationale"' in summary
    assert "<title>Error:" in response.content.decode()
    scene.decision_due.refresh_from_db()
    assert (scene.decision_due.status, scene.decision_due.version) == (S.DECISION_DUE, 1)


def test_deciding_a_warning_redirects_to_the_case_with_a_confirmation(scene, client_for):
    client = client_for(scene.w.alice)
    response = client.post(
        scene.urls()["decide"],
        {"version": 1, "kind": "warning", "failure_description": "Did not attend", "rationale": ""},
    )
    assert response.status_code == 302
    assert "Decision recorded: warning" in client.get(response["Location"]).content.decode()


def test_a_stale_decision_form_is_refused_with_the_stale_message(scene, client_for):
    response = client_for(scene.w.alice).post(
        scene.urls()["decide"], {"version": 7, "kind": "warning", "failure_description": "x"}
    )
    assert "This record has changed since you opened it" in error_summary(response)


def test_an_impossible_letter_date_is_explained_beside_the_field(scene, client_for):
    response = client_for(scene.w.alice).post(
        scene.urls()["letter-issued"],
        {"version": scene.letter_due.version, "issued_on_0": "31", "issued_on_1": "2", "issued_on_2": "2026"},
    )
    assert "Date must be a real date" in error_summary(response)
    scene.letter_due.refresh_from_db()
    assert scene.letter_due.status == S.LETTER_DUE


def test_recording_the_letter_sent_completes_the_warning(scene, client_for):
    response = client_for(scene.w.alice).post(
        scene.urls()["letter-issued"],
        {"version": scene.letter_due.version, "issued_on_0": "3", "issued_on_1": "3", "issued_on_2": "2026"},
    )
    assert response.status_code == 302
    scene.letter_due.refresh_from_db()
    assert (scene.letter_due.status, scene.letter_due.letter_issued_on) == (S.COMPLETE, date(2026, 3, 3))


def test_the_breach_page_records_initiation_then_the_court_outcome(scene, client_for):
    client = client_for(scene.w.alice)
    url = scene.urls()["breach"]
    assert "Record breach action initiated" in client.get(url).content.decode()
    client.post(
        url,
        {
            "version": scene.breach_due.version,
            "initiated_on_0": "20",
            "initiated_on_1": "3",
            "initiated_on_2": "2026",
        },
    )
    scene.breach_due.refresh_from_db()
    assert scene.breach_due.status == S.WITH_COURT
    response = client.post(url, {"version": scene.breach_due.version, "outcome": ""})
    assert "Select what the court decided" in error_summary(response)
    client.post(
        url,
        {
            "version": scene.breach_due.version,
            "outcome": "continued",
            "outcome_on_0": "2",
            "outcome_on_1": "4",
            "outcome_on_2": "2026",
            "notes": "",
        },
    )
    scene.breach_due.refresh_from_db()
    assert (scene.breach_due.status, scene.breach_due.court_outcome) == (S.COMPLETE, "continued")


def test_recommending_recall_without_reasons_shows_the_error_summary(scene, client_for, world):
    RecallRecommendation.objects.all().delete()
    client = client_for(world.alice)
    url = scene.urls()["recall-new"]
    response = client.post(
        url, {"disposal": world.lucy_licence.pk, "recall_type": "standard", "rationale": ""}
    )
    assert "Give the reasons for recall" in error_summary(response)
    assert not RecallRecommendation.objects.exists()
    response = client.post(
        url,
        {
            "disposal": world.lucy_licence.pk,
            "recall_type": "fixed_term",
            "rationale": "Breached exclusion zone",
        },
    )
    recall = RecallRecommendation.objects.get()
    assert response["Location"] == reverse("enforcement:recall", args=[world.lucy.crn, recall.pk])
    assert recall.fixed_term_days == 28


def test_the_countersign_pages_take_the_spo_then_the_head(scene, client_for, world):
    maria = client_for(world.maria)
    url = scene.urls()["recall-countersign"]
    response = maria.post(url, {"version": scene.recall.version, "decision": "countersign", "notes": ""})
    assert response.status_code == 302
    assert client_for(world.maria).get(url).status_code == 403  # she cannot sign twice
    hannah = client_for(world.hannah)
    assert hannah.get(url).status_code == 200
    scene.recall.refresh_from_db()
    hannah.post(url, {"version": scene.recall.version, "decision": "countersign", "notes": "Agreed"})
    scene.recall.refresh_from_db()
    assert scene.recall.head_by == world.hannah


# --- Letters --------------------------------------------------------------------------------------------


def pdf_title(pdf: bytes) -> str:
    """The document title WeasyPrint writes from the page's <title>, from inside compressed objects."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    for chunk in chunks:
        found = re.search(rb"/Title\s*<feff([0-9a-fA-F]+)>", chunk)
        if found:
            return bytes.fromhex(found.group(1).decode()).decode("utf-16-be")
    raise AssertionError("the PDF has no title")


def test_the_warning_letter_pdf_is_a_real_pdf_about_the_person(scene, client_for):
    response = client_for(scene.w.alice).get(scene.urls()["letter-pdf"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{scene.w.case.crn}-warning-20260302.pdf"' in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 10_000
    assert pdf_title(pdf) == f"Warning letter – Jordan Archer ({scene.w.case.crn})"
    assert AuditEvent.objects.filter(user=scene.w.alice, action="export", person=scene.w.case).exists()


def test_the_warning_letter_describes_the_failure_and_the_twelve_months(scene, client_for):
    page = client_for(scene.w.alice).get(scene.urls()["letter"]).content.decode()
    assert "Dear Jordan Archer" in page
    assert "You did not attend on 2 March 2026." in page
    assert "within the 12 months beginning with the date of this warning" in page
    assert "you will be liable to be returned to court" in page
    assert "Draft: this letter has not been recorded as sent" in page


def test_once_sent_the_warning_letter_gives_the_last_day_of_the_twelve_months(scene, client_for, world):
    services.enforcement_record_letter_issued(
        by_user=world.alice,
        action_id=scene.letter_due.pk,
        version=scene.letter_due.version,
        issued_on=date(2026, 3, 3),
        today=TODAY,
    )
    page = client_for(world.alice).get(scene.urls()["letter"]).content.decode()
    assert "(3 March 2026) – that is, on or before 2 March 2027" in page
    assert "Draft" not in page


def test_the_breach_letter_tells_the_person_about_the_summons(scene, client_for):
    url = reverse("enforcement:letter", args=[scene.w.case.crn, scene.breach_due.pk])
    page = client_for(scene.w.alice).get(url).content.decode()
    assert "Your case is being returned to court" in page
    assert "You will receive a summons from the court" in page
    pdf = (
        client_for(scene.w.alice)
        .get(reverse("enforcement:letter-pdf", args=[scene.w.case.crn, scene.breach_due.pk]))
        .content
    )
    assert pdf.startswith(b"%PDF-")


def test_licence_warning_letters_say_which_warning_and_what_follows(world, client_for):
    action = services.enforcement_assess(failure(world.lucy, date(2026, 7, 1)), by_user=world.alice)
    services.enforcement_decide(
        by_user=world.alice,
        action_id=action.pk,
        version=1,
        kind=K.LICENCE_FINAL,
        rationale="Second missed appointment in a week",
        failure_description="x",
        today=TODAY,
    )
    page = (
        client_for(world.alice).get(reverse("enforcement:letter", args=[world.lucy.crn, action.pk])).content
    )
    assert b"Final warning: you have failed to comply with your licence" in page
    assert b"recalled to prison" in page


def test_a_decision_with_no_letter_has_no_letter_page(scene, client_for):
    url = reverse("enforcement:letter", args=[scene.w.case.crn, scene.decision_due.pk])
    assert client_for(scene.w.alice).get(url).status_code == 404


def test_an_action_of_another_case_is_not_found_through_this_case(scene, client_for, world):
    url = reverse("enforcement:decide", args=[world.lucy.crn, scene.decision_due.pk])
    assert client_for(world.alice).get(url).status_code == 404


# --- Query bounds ---------------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_enforcement_page_issues_the_same_queries_for_3_actions_and_for_30(scene, client_for, world):
    client = client_for(world.alice)
    url = scene.urls()["case"]
    small = count_queries(client, url)
    for n in range(27):
        contact = failure(world.case, date(2026, 4, 1 + n))
        if n % 3:
            services.enforcement_assess(contact, by_user=world.alice)
    large = count_queries(client, url)
    assert large == small
    assert large <= 24
