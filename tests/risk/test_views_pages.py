"""The risk pages: what they show, how they take input (GOV.UK error summary, nothing half-saved),
and that each costs a fixed number of queries however long the case's history."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probation.risk import services
from probation.risk.constants import Need
from probation.risk.models import (
    FlagType,
    MappaRegistration,
    NeedRating,
    Registration,
    RiskAction,
    RiskAssessment,
    RiskManagementPlan,
    SignificantEvent,
)
from tests import factories as f
from tests.risk.risk_record_builders import complete_assessment, days_ago, mappa, register, today


def risk_url(name, person, *args):
    return reverse(name, args=[person.crn, *args])


def date_fields(prefix, d):
    return {f"{prefix}_0": d.day, f"{prefix}_1": d.month, f"{prefix}_2": d.year}


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- the Risk tab ----------------------------------------------------------------------------------------


def test_the_risk_tab_shows_rosh_by_group_needs_predictors_and_risks(personas, client_for):
    complete_assessment(
        personas.case,
        by=personas.alice,
        rosh="high",
        rsr=5.25,
        ogrs=61,
        ogp_two_year=40,
        rosh_by_group={
            "community": {"known_adult": "high", "children": "medium"},
            "custody": {"staff": "low"},
        },
        who_is_at_risk="Ex-partner Sam",
        imminence="Any time she sees him",
        risk_to_self_self_harm=True,
        needs={"alcohol": "severe", "relationships": "standard"},
        risks=[("known_adult", "high", "Violence towards Sam")],
    )
    services.tier_recalculate(person=personas.case, reason="assessment")
    page = text(client_for(personas.bob).get(risk_url("risk:overview", personas.case)))
    assert 'aria-current="page">Risk</a>' in page
    assert "Ex-partner Sam" in page and "Any time she sees him" in page
    assert (
        'Known adult</th> <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--orange">High'
        in page
    )
    assert (
        'Alcohol misuse</th> <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Severe'
        in page
    )
    assert "5.25%" in page and "61%" in page
    assert "Self-harm" in page
    assert "Violence towards Sam" in page and "Not followed through" in page
    assert 'id="current-tier">B0<' in page


def test_flags_show_their_meaning_and_review_date_and_overdue_reviews_stand_out(personas, client_for):
    register(personas.case, "ALSH", registered_on=days_ago(200), review_due=days_ago(3))
    register(personas.case, "RVLN", registered_on=days_ago(10), review_due=today() + timedelta(days=170))
    mappa(personas.case, level=2, review_due=days_ago(1))
    page = text(client_for(personas.alice).get(risk_url("risk:overview", personas.case)))
    assert FlagType.objects.get(code="ALSH").meaning in page
    assert FlagType.objects.get(code="RVLN").meaning in page
    assert page.count('govuk-tag--red">Overdue') == 2
    assert "2 reviews overdue on this case" in page


def test_the_history_links_every_version_and_a_superseded_one_still_reads_as_it_was(personas, client_for):
    complete_assessment(personas.case, by=personas.alice, rosh="medium", who_is_at_risk="First version")
    complete_assessment(personas.case, by=personas.alice, rosh="low", who_is_at_risk="Second version")
    client = client_for(personas.alice)
    page = text(client.get(risk_url("risk:overview", personas.case)))
    assert (
        risk_url("risk:assessment", personas.case, 1) in page
        and risk_url("risk:assessment", personas.case, 2) in page
    )
    first = text(client.get(risk_url("risk:assessment", personas.case, 1)))
    assert "First version" in first and "Superseded" in first


def test_the_tier_history_shows_when_why_points_and_the_inputs(personas, client_for):
    mappa(personas.case, level=1)
    services.tier_recalculate(person=personas.case, reason="mappa")
    page = text(client_for(personas.alice).get(risk_url("risk:tier-history", personas.case)))
    assert "MAPPA changed" in page and ">D0<" in page
    assert 'MAPPA level</dt><dd class="govuk-summary-list__value">1<' in page
    assert "no mandate for change" in page


def test_the_risk_tab_takes_the_same_number_of_queries_however_long_the_history(personas, client_for):
    client = client_for(personas.alice)

    def grow(n):
        for i in range(n):
            complete_assessment(
                personas.case,
                by=personas.alice,
                rosh="medium",
                needs={"drugs": "severe"},
                risks=[("public", "low", f"Risk {i}")],
            )
            register(
                personas.case, ["RMDO", "RVLN", "ALSH", "RCHD", "STRG"][i % 5], deregistered_on=days_ago(1)
            )
            mappa(personas.case, end_date=days_ago(2))
            SignificantEvent.objects.create(
                external_id=f"e{n}-{i}",
                person=personas.case,
                type="address_change",
                occurred_on=days_ago(i + 1),
                recorded_on=today(),
                review_due=today(),
            )
            services.tier_recalculate(person=personas.case, reason="assessment")
            risk = (
                RiskAssessment.objects.filter(person=personas.case).latest("sequence").identified_risks.get()
            )
            RiskAction.objects.create(
                external_id=f"a{n}-{i}", person=personas.case, risk=risk, action="x", due_on=days_ago(1)
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(risk_url("risk:overview", personas.case)).status_code == 200
        return len(queries)

    grow(2)
    few = count()
    grow(12)
    assert count() == few


@pytest.mark.parametrize("name", ["risk:overview", "risk:plan", "risk:tier-history", "risk:assessment"])
def test_every_risk_page_stays_under_its_query_ceiling(
    personas, client_for, django_assert_max_num_queries, name
):
    for i in range(6):
        complete_assessment(
            personas.case,
            by=personas.alice,
            rosh="high",
            needs={n: "standard" for n in Need.values},
            risks=[("public", "high", f"R{i}"), ("children", "medium", f"C{i}")],
        )
        register(
            personas.case, ["RMDO", "RVLN", "ALSH"][i % 3], deregistered_on=None if i < 3 else days_ago(1)
        )
        services.tier_recalculate(person=personas.case, reason="assessment")
    client = client_for(personas.alice)
    args = [6] if name == "risk:assessment" else []
    with django_assert_max_num_queries(25):
        assert client.get(risk_url(name, personas.case, *args)).status_code == 200


# --- assessment pages -----------------------------------------------------------------------------------


def assessment_post(version, **overrides):
    data = {
        "version": version,
        "kind": "full",
        "rosh_overall": "medium",
        "who_is_at_risk": "Partner",
        "nature_of_risk": "Violence",
        "imminence": "When drinking",
        "ogrs3_one_year": "30",
        "ogrs3_two_year": "45",
        "rsr": "2.50",
        "rosh_community_known_adult": "medium",
    }
    data |= {f"need_{need}": "standard" for need in Need.values}
    return data | overrides


def test_an_officer_starts_fills_in_and_submits_an_assessment_through_the_pages(personas, client_for):
    client = client_for(personas.alice)
    response = client.post(risk_url("risk:assessment-start", personas.case), {"kind": "full"})
    assert response["Location"] == risk_url("risk:assessment-edit", personas.case, 1)
    edit = client.get(response["Location"])
    assert edit.status_code == 200 and 'name="need_accommodation"' in edit.content.decode()

    response = client.post(risk_url("risk:assessment-edit", personas.case, 1), assessment_post(1, submit="1"))
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get(person=personas.case)
    assert (assessment.status, assessment.rosh_by_group) == (
        "complete",
        {"community": {"known_adult": "medium"}, "custody": {}},
    )
    assert NeedRating.objects.filter(assessment=assessment).count() == 10
    personas.case.refresh_from_db()
    assert personas.case.rosh == "medium" and personas.case.tier


def test_bad_input_on_the_assessment_shows_the_error_summary_and_saves_nothing(personas, client_for):
    draft = services.assessment_start(by_user=personas.alice, person=personas.case, kind="full")
    response = client_for(personas.alice).post(
        risk_url("risk:assessment-edit", personas.case, draft.sequence),
        assessment_post(draft.version, ogrs3_two_year="150", rsr="lots", who_is_at_risk="Changed"),
    )
    page = text(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "<title>Error:" in page
    assert '<a href="#id_ogrs3_two_year">OGRS3 2-year % must be between 1 and 99</a>' in page
    assert '<a href="#id_rsr">RSR must be a number, like 4.25</a>' in page
    draft.refresh_from_db()
    assert (draft.who_is_at_risk, draft.version) == ("", 1)


def test_submitting_an_incomplete_analysis_says_what_is_missing_beside_each_field(personas, client_for):
    draft = services.assessment_start(by_user=personas.alice, person=personas.case, kind="full")
    data = assessment_post(draft.version, submit="1", imminence="", need_drugs="")
    page = text(client_for(personas.alice).post(risk_url("risk:assessment-edit", personas.case, 1), data))
    assert '<a href="#id_imminence">Enter how soon the harm could happen</a>' in page
    assert '<a href="#id_need_drugs">Rate the need: drug misuse</a>' in page
    draft.refresh_from_db()
    assert (draft.status, draft.rosh_overall) == ("draft", "")  # the save was undone with the submission


def test_a_draft_saved_by_someone_else_meanwhile_is_refused_with_the_changed_record_message(
    personas, client_for
):
    draft = services.assessment_start(by_user=personas.alice, person=personas.case, kind="full")
    client = client_for(personas.alice)
    client.post(risk_url("risk:assessment-edit", personas.case, 1), assessment_post(1, save="1"))
    page = text(
        client.post(
            risk_url("risk:assessment-edit", personas.case, 1),
            assessment_post(1, save="1", who_is_at_risk="Stale"),
        )
    )
    assert "This record has changed since you opened it" in page
    draft.refresh_from_db()
    assert draft.who_is_at_risk == "Partner"


def test_the_manager_countersigns_from_the_assessment_page(personas, client_for):
    client_for(personas.alice).post(risk_url("risk:assessment-start", personas.case), {"kind": "full"})
    client_for(personas.alice).post(
        risk_url("risk:assessment-edit", personas.case, 1),
        assessment_post(1, submit="1", rosh_overall="very_high"),
    )
    alice_view = text(client_for(personas.alice).get(risk_url("risk:assessment", personas.case, 1)))
    assert (
        "You cannot countersign your own assessment" in alice_view
        and "Countersign assessment" not in alice_view
    )
    bob_response = client_for(personas.bob).post(risk_url("risk:assessment-countersign", personas.case, 1))
    assert bob_response.status_code == 403

    maria = client_for(personas.maria)
    assert "Countersign assessment 1" in text(maria.get(risk_url("risk:assessment", personas.case, 1)))
    assert maria.post(risk_url("risk:assessment-countersign", personas.case, 1)).status_code == 302
    assessment = RiskAssessment.objects.get()
    assert (assessment.status, assessment.countersigned_by) == ("complete", personas.maria)


def test_sending_back_without_a_reason_shows_the_error_summary(personas, client_for):
    client_for(personas.alice).post(risk_url("risk:assessment-start", personas.case), {"kind": "full"})
    client_for(personas.alice).post(
        risk_url("risk:assessment-edit", personas.case, 1),
        assessment_post(1, submit="1", rosh_overall="high"),
    )
    response = client_for(personas.maria).post(
        risk_url("risk:assessment-return", personas.case, 1), {"reason": ""}
    )
    assert response.status_code == 400
    assert '<a href="#id_reason">Enter what needs to change</a>' in text(response)
    assert RiskAssessment.objects.get().status == "awaiting_countersignature"


# --- registrations, MAPPA, events ----------------------------------------------------------------------


def test_adding_a_registration_through_the_page(personas, client_for):
    response = client_for(personas.alice).post(
        risk_url("risk:registration-add", personas.case),
        {"flag": "RCHD", **date_fields("registered_on", days_ago(1)), "notes": "Offence against a child"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.flag_id, registration.registered_by) == ("RCHD", personas.alice)


def test_a_registration_without_a_flag_or_with_an_impossible_date_is_refused_with_messages(
    personas, client_for
):
    response = client_for(personas.alice).post(
        risk_url("risk:registration-add", personas.case),
        {"flag": "", "registered_on_0": "31", "registered_on_1": "2", "registered_on_2": "2025"},
    )
    page = text(response)
    assert '<a href="#id_flag">Select a flag</a>' in page
    assert '<a href="#id_registered_on_0">Date must be a real date, for example 27 3 2007</a>' in page
    assert not Registration.objects.exists()


def test_a_duplicate_flag_is_refused_beside_the_flag_field(personas, client_for):
    register(personas.case, "RMDO")
    page = text(
        client_for(personas.alice).post(
            risk_url("risk:registration-add", personas.case),
            {"flag": "RMDO", **date_fields("registered_on", today())},
        )
    )
    assert '<a href="#id_flag">The person already has an active Mental health issues registration</a>' in page
    assert Registration.objects.count() == 1


def test_mappa_is_added_and_ended_through_the_pages(personas, client_for):
    client = client_for(personas.alice)
    client.post(
        risk_url("risk:mappa-add", personas.case),
        {
            "category": "2",
            "level": "2",
            **date_fields("start_date", days_ago(3)),
            **date_fields("review_due", today() + timedelta(days=100)),
        },
    )
    record = MappaRegistration.objects.get()
    assert (record.category, record.level) == (2, 2)
    client.post(risk_url("risk:mappa-end", personas.case, record.pk), date_fields("end_date", today()))
    record.refresh_from_db()
    assert record.end_date == today()


def test_a_significant_event_recorded_on_the_page_shows_its_review_due_date(personas, client_for):
    client = client_for(personas.alice)
    response = client.post(
        risk_url("risk:event-add", personas.case),
        {"type": "arrest_or_charge", **date_fields("occurred_on", days_ago(2))},
    )
    assert response.status_code == 302
    event = SignificantEvent.objects.get()
    page = text(client.get(risk_url("risk:overview", personas.case)))
    assert f"{event.review_due:%-d %b %Y}" in page and "Arrest or charge" in page


# --- the plan ------------------------------------------------------------------------------------------


def test_the_plan_shows_each_risk_its_actions_and_evidence_and_flags_gaps(personas, client_for):
    assessment = complete_assessment(
        personas.case,
        by=personas.alice,
        rosh="high",
        risks=[("known_adult", "high", "Violence to ex-partner"), ("children", "medium", "Neglect of son")],
    )
    ex_partner = assessment.identified_risks.first()
    done = RiskAction.objects.create(
        external_id="a1",
        person=personas.case,
        risk=ex_partner,
        action="DA referral",
        due_on=days_ago(10),
        status="delivered",
        delivered_on=days_ago(12),
        evidence="Referral letter on file",
    )
    RiskAction.objects.create(
        external_id="a2", person=personas.case, risk=ex_partner, action="Police check", due_on=days_ago(2)
    )
    page = text(client_for(personas.alice).get(risk_url("risk:plan", personas.case)))
    assert "Referral letter on file" in page and done.action in page
    assert page.count('govuk-tag--red">Not followed through') == 1
    assert "Neglect of son" in page
    assert 'govuk-tag--red">Overdue' in page
    assert "1 identified risk with no action" in page


def test_the_contingency_plan_page_refuses_a_stale_save(personas, client_for):
    client = client_for(personas.alice)
    client.post(
        risk_url("risk:plan-contingency", personas.case), {"version": 1, "contingency": "Recall if drinking"}
    )
    page = text(
        client.post(
            risk_url("risk:plan-contingency", personas.case), {"version": 1, "contingency": "Overwrite"}
        )
    )
    assert "This record has changed since you opened it" in page
    assert RiskManagementPlan.objects.get().contingency == "Recall if drinking"


def test_actions_are_added_and_delivered_through_the_pages(personas, client_for):
    risk = complete_assessment(
        personas.case, by=personas.alice, risks=[("public", "low", "Shoplifting")]
    ).identified_risks.get()
    client = client_for(personas.alice)
    form = client.get(risk_url("risk:action-add", personas.case) + f"?risk={risk.pk}")
    assert f'<option value="{risk.pk}" selected>' in form.content.decode()
    client.post(
        risk_url("risk:action-add", personas.case),
        {"risk": risk.pk, "action": "Refer to ETE", "owner": "officer", **date_fields("due_on", today())},
    )
    action = RiskAction.objects.get()
    response = client.post(
        risk_url("risk:action-deliver", personas.case, action.pk),
        {**date_fields("delivered_on", today()), "evidence": ""},
    )
    assert '<a href="#id_evidence">Enter the evidence that it was done</a>' in text(response)
    client.post(
        risk_url("risk:action-deliver", personas.case, action.pk),
        {**date_fields("delivered_on", today()), "evidence": "Attended induction"},
    )
    action.refresh_from_db()
    assert (action.status, action.evidence) == ("delivered", "Attended induction")


def test_partner_checks_are_requested_and_answered_through_the_pages(personas, client_for):
    client = client_for(personas.alice)
    client.post(
        risk_url("risk:check-add", personas.case),
        {
            "kind": "police_domestic_abuse",
            "agency": "Staffordshire Police",
            **date_fields("requested_on", today()),
        },
    )
    plan = text(client.get(risk_url("risk:plan", personas.case)))
    assert "1 waiting for an answer" in plan
    check = personas.case.partner_checks.get()
    client.post(
        risk_url("risk:check-answer", personas.case, check.pk),
        {**date_fields("answered_on", today()), "outcome": "No call-outs"},
    )
    assert "No call-outs" in text(client.get(risk_url("risk:plan", personas.case)))


# --- overdue reviews across a caseload ------------------------------------------------------------------


def test_overdue_reviews_list_the_officers_own_cases_and_the_managers_teams(personas, client_for):
    register(personas.case, "ALSH", review_due=days_ago(5))
    bobs = f.person(officer=personas.bob, last_name="Bobcase")
    register(bobs, "RVLN", review_due=days_ago(2))
    elsewhere = f.person(officer=personas.eddie, last_name="Elsewhere")
    mappa(elsewhere, review_due=days_ago(9))

    alice_page = text(client_for(personas.alice).get(reverse("risk:overdue-reviews")))
    assert "Archer" in alice_page and "Bobcase" not in alice_page and "Elsewhere" not in alice_page
    assert "1 overdue review," in alice_page

    maria_page = text(client_for(personas.maria).get(reverse("risk:overdue-reviews")))
    assert "Archer" in maria_page and "Bobcase" in maria_page and "Elsewhere" not in maria_page
    assert maria_page.index("Archer") < maria_page.index("Bobcase")  # oldest first

    charlie_page = text(client_for(personas.charlie).get(reverse("risk:overdue-reviews")))
    assert "No reviews are overdue" in charlie_page


def test_the_overdue_list_takes_a_fixed_number_of_queries(
    personas, client_for, django_assert_max_num_queries
):
    for i in range(15):
        person = f.person(officer=personas.alice, last_name=f"Overdue{i}")
        register(person, "RMDO", review_due=days_ago(i + 1))
        mappa(person, review_due=days_ago(i + 1))
        SignificantEvent.objects.create(
            external_id=f"ev{i}",
            person=person,
            type="other",
            occurred_on=days_ago(30),
            recorded_on=days_ago(30),
            review_due=days_ago(15),
        )
    client = client_for(personas.alice)
    with django_assert_max_num_queries(12):
        page = text(client.get(reverse("risk:overdue-reviews")))
    assert "45 overdue reviews" in page
