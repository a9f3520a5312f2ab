"""Who may open every interventions page, and what the pages say: the owner, a colleague and the
manager work the case; another provider is told it does not exist; an excluded officer is refused;
an inspector reads only; an anonymous visitor is sent to sign in."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from probation.audit.models import AuditEvent
from probation.contacts.models import Contact
from probation.core.forms import STALE_RECORD_MESSAGE
from probation.interventions import services
from probation.interventions.models import PartnerExchange, Referral
from probation.people.models import Person
from probation.workforce.models import CaseInvolvement


@pytest.fixture
def case_setup(personas, make_intervention, refer, in_progress, partner, today):
    """One referral in each state a page needs, and a partner exchange."""
    intervention = make_intervention("Thinking Well")
    referred = refer(intervention)
    planned = refer(make_intervention("Planned Course"))
    planned = services.referral_accept(by_user=personas.bob, referral=planned, version=1)
    planned = services.referral_submit_action_plan(
        by_user=personas.bob, referral=planned, version=2, action_plan="Weekly"
    )
    completed = in_progress(make_intervention("Finished Course"))
    completed = services.referral_complete(
        by_user=personas.alice, referral=completed, version=completed.version
    )
    exchange = services.partner_exchange_create(
        by_user=personas.alice,
        person=personas.case,
        agency=partner,
        direction="requested",
        subject="Police call-outs",
        occurred_on=today - timedelta(days=3),
        summary="Two call-outs in March",
        sensitive=True,
    )
    return {
        "intervention": intervention,
        "referred": referred,
        "planned": planned,
        "completed": completed,
        "exchange": exchange,
    }


def page_urls(personas, s):
    crn = personas.case.crn
    return {
        "referrals:list": reverse("referrals:list", args=[crn]),
        "referrals:detail": reverse("referrals:detail", args=[crn, s["referred"].pk]),
        "referrals:partners": reverse("referrals:partners", args=[crn]),
        "referrals:new": reverse("referrals:new", args=[crn, s["intervention"].pk]),
        "referrals:decision": reverse("referrals:decision", args=[crn, s["referred"].pk]),
        "referrals:action-plan": reverse("referrals:action-plan", args=[crn, s["planned"].pk]),
        "referrals:approve": reverse("referrals:approve", args=[crn, s["planned"].pk]),
        "referrals:session": reverse("referrals:session", args=[crn, s["planned"].pk]),
        "referrals:end": reverse("referrals:end", args=[crn, s["referred"].pk]),
        "referrals:report": reverse("referrals:report", args=[crn, s["completed"].pk]),
        "referrals:partner-new": reverse("referrals:partner-new", args=[crn]),
        "referrals:partner-edit": reverse("referrals:partner-edit", args=[crn, s["exchange"].pk]),
    }


READ_PAGES = {"referrals:list", "referrals:detail", "referrals:partners"}


def statuses(client, urls):
    return {name: client.get(path).status_code for name, path in urls.items()}


@pytest.mark.parametrize("who", ["alice", "bob", "maria"])
def test_the_owner_a_colleague_and_the_manager_may_open_every_case_page(
    personas, client_for, case_setup, who
):
    urls = page_urls(personas, case_setup)
    assert set(statuses(client_for(getattr(personas, who)), urls).values()) == {200}


def test_another_providers_officer_is_told_the_case_does_not_exist(personas, client_for, case_setup):
    client = client_for(personas.charlie)
    for name, path in page_urls(personas, case_setup).items():
        response = client.get(path)
        assert response.status_code == 404, name
        assert b"Archer" not in response.content


def test_another_provider_posting_changes_nothing(personas, client_for, case_setup):
    urls = page_urls(personas, case_setup)
    response = client_for(personas.charlie).post(
        urls["referrals:decision"], {"version": 1, "decision": "accept"}
    )
    assert response.status_code == 404
    assert Referral.objects.get(pk=case_setup["referred"].pk).status == "referred"


def test_an_excluded_officer_is_refused_every_case_page_with_the_restricted_message(
    personas, client_for, case_setup
):
    client = client_for(personas.eddie)
    for name, path in page_urls(personas, case_setup).items():
        response = client.get(path)
        assert response.status_code == 403, name
        assert b"You are restricted from viewing this case" in response.content, name
        assert b"Archer" not in response.content, name


def test_an_inspector_granted_the_case_reads_but_may_not_change_it(
    personas, client_for, case_setup, grant_case
):
    grant_case(personas.case, personas.ian)
    client = client_for(personas.ian)
    result = statuses(client, page_urls(personas, case_setup))
    assert {name for name, code in result.items() if code == 200} == READ_PAGES
    assert {code for name, code in result.items() if name not in READ_PAGES} == {403}
    response = client.post(
        page_urls(personas, case_setup)["referrals:decision"], {"version": 1, "decision": "accept"}
    )
    assert response.status_code == 403
    assert Referral.objects.get(pk=case_setup["referred"].pk).status == "referred"
    # No buttons to change anything.
    listing = client.get(page_urls(personas, case_setup)["referrals:list"]).content.decode()
    assert "Find an intervention" not in listing
    assert "Record information requested or shared" not in listing


def test_an_inspector_without_a_grant_is_told_the_case_does_not_exist(personas, client_for, case_setup):
    assert set(statuses(client_for(personas.ian), page_urls(personas, case_setup)).values()) == {404}


def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_page(personas, case_setup):
    client = Client()
    urls = {
        **page_urls(personas, case_setup),
        "interventions:directory": reverse("interventions:directory"),
        "interventions:detail": reverse("interventions:detail", args=[case_setup["intervention"].pk]),
        "interventions:availability": reverse(
            "interventions:availability", args=[case_setup["intervention"].pk]
        ),
    }
    for name, path in urls.items():
        response = client.get(path)
        assert response.status_code == 302, name
        assert response["Location"] == f"{reverse('accounts:sign-in')}?next={path}", name


def test_reading_a_cases_interventions_is_audited(personas, client_for, case_setup):
    client_for(personas.bob).get(page_urls(personas, case_setup)["referrals:list"])
    assert AuditEvent.objects.filter(
        user=personas.bob, person=personas.case, action="view", summary="Viewed interventions"
    ).exists()


def test_the_case_navigation_has_an_interventions_tab_and_the_service_an_interventions_item(
    personas, client_for, case_setup
):
    page = client_for(personas.alice).get(page_urls(personas, case_setup)["referrals:list"]).content.decode()
    assert (
        f'href="{reverse("referrals:list", args=[personas.case.crn])}" aria-current="page">Interventions'
        in page
    )
    assert f'href="{reverse("interventions:directory")}"' in page


def test_a_step_the_referral_is_not_ready_for_says_so(personas, client_for, case_setup):
    crn = personas.case.crn
    response = client_for(personas.alice).get(
        reverse("referrals:report", args=[crn, case_setup["referred"].pk])
    )
    assert response.status_code == 409
    assert "You cannot submit the end-of-service report now" in response.content.decode()


def test_a_referral_from_another_case_is_not_found(personas, client_for, case_setup):
    from tests import factories as f

    other = f.person(officer=personas.alice, last_name="Other")
    response = client_for(personas.alice).get(
        reverse("referrals:detail", args=[other.crn, case_setup["referred"].pk])
    )
    assert response.status_code == 404


# --- The referral form ---------------------------------------------------------------------------


def test_the_referral_form_is_prefilled_with_the_risk_summary(personas, client_for, make_intervention):
    Person.objects.filter(pk=personas.case.pk).update(rosh="medium")
    intervention = make_intervention()
    page = client_for(personas.alice).get(reverse("referrals:new", args=[personas.case.crn, intervention.pk]))
    assert "Risk of serious harm: Medium. No completed risk assessment to summarise." in page.content.decode()


def test_an_ineligible_referral_shows_every_reason_in_the_error_summary_and_saves_nothing(
    personas, client_for, make_intervention
):
    womens = make_intervention("Women's Centre", sex="female", max_rosh="medium", needs=("relationships",))
    response = client_for(personas.alice).post(
        reverse("referrals:new", args=[personas.case.crn, womens.pk]),
        {"need": "relationships", "desired_outcomes": "Support", "risk_information": "None known"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert "<title>Error:" in page
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert "This service is for women only" in summary
    assert "There is no completed risk of serious harm assessment" in summary
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(object_type="interventions.referral").exists()


def test_a_missing_field_is_shown_beside_it_and_in_the_summary(personas, client_for, make_intervention):
    intervention = make_intervention()
    response = client_for(personas.alice).post(
        reverse("referrals:new", args=[personas.case.crn, intervention.pk]),
        {"need": "thinking_behaviour", "desired_outcomes": "", "risk_information": "Known"},
    )
    page = response.content.decode()
    assert '<a href="#id_desired_outcomes">Enter the outcomes you want for the person</a>' in page
    assert 'id="id_desired_outcomes-error"' in page
    assert not Referral.objects.exists()


def test_an_eligible_referral_is_sent_and_shown(personas, client_for, make_intervention):
    intervention = make_intervention("Thinking Well")
    client = client_for(personas.alice)
    response = client.post(
        reverse("referrals:new", args=[personas.case.crn, intervention.pk]),
        {"need": "thinking_behaviour", "desired_outcomes": "Better decisions", "risk_information": "Low"},
        follow=True,
    )
    assert response.status_code == 200
    referral = Referral.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "referrals:detail", args=[personas.case.crn, referral.pk]
    )
    assert "Referred to Thinking Well" in response.content.decode()


# --- The steps through pages ----------------------------------------------------------------------


def test_the_steps_through_the_pages(personas, client_for, case_setup, today):
    crn, referral = personas.case.crn, case_setup["referred"]
    alice = client_for(personas.alice)

    def post(name, data, r=referral):
        r.refresh_from_db()
        return alice.post(reverse(name, args=[crn, r.pk]), {"version": r.version, **data})

    assert post("referrals:decision", {"decision": "accept"}).status_code == 302
    assert post("referrals:action-plan", {"action_plan": "Six sessions"}).status_code == 302
    assert post("referrals:approve", {}).status_code == 302
    day = today - timedelta(days=0)
    response = post(
        "referrals:session",
        {
            "session_date_0": day.day,
            "session_date_1": day.month,
            "session_date_2": day.year,
            "session_time": "14:30",
            "attendance": "attended",
            "record_contact": "on",
        },
    )
    assert response.status_code == 302
    assert Contact.objects.filter(person=personas.case, type="intervention_session").count() == 1
    assert post("referrals:end", {"ending": "complete"}).status_code == 302
    assert post("referrals:report", {"outcome": "partly", "text": "Good start"}).status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.report_outcome) == ("completed", "partly")
    page = alice.get(reverse("referrals:detail", args=[crn, referral.pk])).content.decode()
    assert "Partly achieved" in page and "Six sessions" in page


def test_a_decline_without_a_reason_is_shown_beside_the_reason(personas, client_for, case_setup):
    r = case_setup["referred"]
    response = client_for(personas.alice).post(
        reverse("referrals:decision", args=[personas.case.crn, r.pk]),
        {"version": r.version, "decision": "decline"},
    )
    assert response.status_code == 200
    assert '<a href="#id_reason">Select why the referral was declined</a>' in response.content.decode()
    r.refresh_from_db()
    assert r.status == "referred"


def test_a_stale_form_is_refused_with_the_changed_record_message(personas, client_for, case_setup):
    r = case_setup["planned"]
    response = client_for(personas.alice).post(
        reverse("referrals:action-plan", args=[personas.case.crn, r.pk]),
        {"version": r.version - 1, "action_plan": "Overwrite"},
    )
    assert response.status_code == 200
    assert STALE_RECORD_MESSAGE in response.content.decode().replace("&#x27;", "'")
    r.refresh_from_db()
    assert r.action_plan == "Weekly"


def test_staff_of_the_delivering_provider_may_not_approve_their_own_plan(
    personas, client_for, case_setup, today
):
    CaseInvolvement.objects.create(
        external_id="inv-p",
        person=personas.case,
        provider=personas.crc,
        role="intervention",
        start_date=today,
    )
    r = case_setup["planned"]
    client = client_for(personas.charlie)
    assert client.get(reverse("referrals:approve", args=[personas.case.crn, r.pk])).status_code == 403
    assert (
        client.post(
            reverse("referrals:approve", args=[personas.case.crn, r.pk]), {"version": r.version}
        ).status_code
        == 403
    )
    r.refresh_from_db()
    assert r.status == "action_plan_submitted"


def test_a_test_result_field_shows_only_for_treatment(personas, client_for, make_intervention, in_progress):
    drr = in_progress(make_intervention(category="drug_treatment", needs=("drugs",)))
    other = in_progress(make_intervention())
    client = client_for(personas.alice)
    assert (
        "Drug or alcohol test"
        in client.get(reverse("referrals:session", args=[personas.case.crn, drr.pk])).content.decode()
    )
    assert (
        "Drug or alcohol test"
        not in client.get(reverse("referrals:session", args=[personas.case.crn, other.pk])).content.decode()
    )


# --- Partner agencies -------------------------------------------------------------------------------


def test_a_partner_exchange_is_recorded_through_the_form(personas, client_for, partner, today):
    client = client_for(personas.bob)
    response = client.post(
        reverse("referrals:partner-new", args=[personas.case.crn]),
        {
            "agency": partner.pk,
            "direction": "shared",
            "subject": "Change of address",
            "occurred_on_0": today.day,
            "occurred_on_1": today.month,
            "occurred_on_2": today.year,
            "summary": "Told the treatment service",
            "sensitive": "",
        },
    )
    assert response.status_code == 302
    exchange = PartnerExchange.objects.get()
    assert (exchange.direction, exchange.recorded_by, exchange.sensitive) == ("shared", personas.bob, False)


def test_a_partner_exchange_form_refuses_a_response_before_the_request(personas, client_for, partner, today):
    earlier = today - timedelta(days=5)
    response = client_for(personas.bob).post(
        reverse("referrals:partner-new", args=[personas.case.crn]),
        {
            "agency": partner.pk,
            "direction": "requested",
            "subject": "Call-outs",
            "occurred_on_0": today.day,
            "occurred_on_1": today.month,
            "occurred_on_2": today.year,
            "response_received_on_0": earlier.day,
            "response_received_on_1": earlier.month,
            "response_received_on_2": earlier.year,
        },
    )
    assert response.status_code == 200
    assert "The response date must be on or after the date requested" in response.content.decode()
    assert not PartnerExchange.objects.exists()


def test_sensitive_partner_information_is_withheld_from_a_provider_that_only_delivers(
    personas, client_for, case_setup, grant_case, today
):
    CaseInvolvement.objects.create(
        external_id="inv-s",
        person=personas.case,
        provider=personas.crc,
        role="intervention",
        start_date=today,
    )
    grant_case(personas.case, personas.ian)
    url = reverse("referrals:partners", args=[personas.case.crn])
    assert "Two call-outs in March" in client_for(personas.alice).get(url).content.decode()
    assert "Two call-outs in March" in client_for(personas.ian).get(url).content.decode()
    charlie = client_for(personas.charlie)
    page = charlie.get(url).content.decode()
    assert "Two call-outs in March" not in page
    assert "Withheld: sensitive information" in page
    edit = reverse("referrals:partner-edit", args=[personas.case.crn, case_setup["exchange"].pk])
    assert charlie.get(edit).status_code == 403


# --- The directory ---------------------------------------------------------------------------------


def test_every_signed_in_member_of_staff_may_use_the_directory(personas, client_for, make_intervention):
    intervention = make_intervention("Thinking Well")
    for who in ("alice", "charlie", "eddie", "ian"):
        client = client_for(getattr(personas, who))
        assert client.get(reverse("interventions:directory")).status_code == 200, who
        assert client.get(reverse("interventions:detail", args=[intervention.pk])).status_code == 200, who


def test_the_directory_shows_the_users_area_by_default_with_seeded_entries(personas, client_for):
    page = client_for(personas.alice).get(reverse("interventions:directory")).content.decode()
    assert "Building Better Relationships" in page
    assert "Potteries Women&#x27;s Centre" in page  # a seeded Staffordshire partner
    assert "Derwent Women&#x27;s Centre" not in page  # Derbyshire's


def test_the_directory_filters_by_need_sex_and_text(personas, client_for, make_intervention):
    from probation.workforce.models import Area

    area = Area.objects.create(name="Testshire", external_id="area-testshire")
    make_intervention("Housing Help", needs=("accommodation",), area=area)
    make_intervention("Women Only Housing", needs=("accommodation",), sex="female", area=area)
    make_intervention("Job Club", needs=("ete",), area=area)
    client = client_for(personas.alice)

    def names(**params):
        page = client.get(reverse("interventions:directory"), {"area": area.pk, **params}).content.decode()
        return {n for n in ("Housing Help", "Women Only Housing", "Job Club") if n in page}

    assert names() == {"Housing Help", "Women Only Housing", "Job Club"}
    assert names(need="accommodation") == {"Housing Help", "Women Only Housing"}
    assert names(need="accommodation", sex="male") == {"Housing Help"}
    assert names(text="club") == {"Job Club"}


def test_opened_from_a_case_the_directory_says_who_is_eligible_and_can_show_only_those(
    personas, client_for, make_intervention
):
    from probation.workforce.models import Area

    area = Area.objects.create(name="Testshire", external_id="area-testshire")
    make_intervention("Open To All", area=area)
    make_intervention("Women Only", sex="female", area=area)
    client = client_for(personas.alice)
    page = client.get(
        reverse("interventions:directory"), {"area": area.pk, "crn": personas.case.crn}
    ).content.decode()
    assert "Women Only" in page and "This service is for women only" in page
    page = client.get(
        reverse("interventions:directory"), {"area": area.pk, "crn": personas.case.crn, "eligible": "on"}
    ).content.decode()
    assert "Open To All" in page and "Women Only" not in page
    assert AuditEvent.objects.filter(
        person=personas.case, summary="Checked interventions eligibility"
    ).exists()


def test_the_directory_says_nothing_about_a_case_the_user_may_not_open(
    personas, client_for, make_intervention
):
    make_intervention("Women Only", sex="female")
    for who in ("charlie", "eddie"):
        page = (
            client_for(getattr(personas, who))
            .get(reverse("interventions:directory"), {"crn": personas.case.crn})
            .content.decode()
        )
        assert "Archer" not in page, who
        assert "This service is for women only" not in page, who


def test_only_a_manager_in_the_area_may_update_availability(personas, client_for, make_intervention):
    intervention = make_intervention(capacity=10, waiting_weeks=5)
    url = reverse("interventions:availability", args=[intervention.pk])
    assert client_for(personas.alice).get(url).status_code == 403
    assert client_for(personas.ian).get(url).status_code == 403
    maria = client_for(personas.maria)
    assert maria.get(url).status_code == 200
    response = maria.post(
        url, {"version": 1, "capacity": 12, "waiting_weeks": 3, "accepting_referrals": "on"}
    )
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert (
        intervention.capacity,
        intervention.waiting_weeks,
        intervention.availability_updated_on is not None,
    ) == (
        12,
        3,
        True,
    )
    response = maria.post(url, {"version": 1, "capacity": 1, "waiting_weeks": 1})
    assert STALE_RECORD_MESSAGE in response.content.decode().replace("&#x27;", "'")
