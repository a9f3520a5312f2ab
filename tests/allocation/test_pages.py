"""Allocation pages: who may open each one, GOV.UK errors, duplicate decisions and query bounds."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from probation.allocation import services
from probation.allocation.constants import AllocationStatus, EscalationStatus
from probation.allocation.models import Allocation
from probation.audit.models import AuditEvent
from probation.workforce.models import WorkloadReduction
from tests import factories as f

pytestmark = pytest.mark.django_db


def handed_over(world, *, to=None, rosh="medium"):
    allocation = world.allocation(rosh=rosh)
    provider = to or (world.crc if rosh in ("low", "medium") else world.nps)
    return services.allocation_decide(
        by_user=world.maria,
        allocation=allocation,
        provider=provider,
        accept=True,
        facing_deportation=False,
        on=date(2026, 11, 10),
    )


def referral(world):
    return services.escalation_refer(by_user=world.charlie, person=world.crc_case(), reason="RoSH now high")


# Who may open which page ------------------------------------------------------------------------------

PAGES = {
    "home": (
        lambda w: reverse("allocation:home"),
        {
            "maria": 200,
            "mike": 200,
            "carol": 200,
            "adam": 403,
            "cora": 403,
            "alice": 403,
            "bob": 403,
            "charlie": 403,
            "ian": 403,
        },
    ),
    "queue": (
        lambda w: reverse("allocation:queue"),
        {"maria": 200, "mike": 200, "carol": 403, "adam": 403, "alice": 403, "charlie": 403, "ian": 403},
    ),
    "decide": (
        lambda w: reverse("allocation:decide", args=[w.allocation().pk]),
        {"maria": 200, "mike": 200, "carol": 403, "alice": 403, "charlie": 403, "ian": 403},
    ),
    "handovers": (
        lambda w: reverse("allocation:handovers"),
        {"carol": 200, "maria": 200, "charlie": 403, "alice": 403, "adam": 403, "ian": 403},
    ),
    "handover": (
        lambda w: reverse("allocation:handover", args=[handed_over(w).pk]),
        {"carol": 200, "maria": 404, "mike": 404, "charlie": 403, "alice": 403, "ian": 403},
    ),
    "escalations": (
        lambda w: reverse("allocation:escalations"),
        {"maria": 200, "carol": 403, "charlie": 403, "alice": 403, "ian": 403},
    ),
    "escalation": (
        lambda w: reverse("allocation:escalation", args=[referral(w).pk]),
        {"maria": 200, "carol": 403, "charlie": 403, "alice": 403, "ian": 403},
    ),
    "case": (
        lambda w: reverse("allocation:case", args=[w.case.crn]),
        {"alice": 200, "maria": 200, "bob": 200, "eddie": 403, "charlie": 404, "carol": 404, "ian": 404},
    ),
    "reallocate": (
        lambda w: reverse("allocation:reallocate", args=[w.case.crn]),
        {"maria": 200, "alice": 403, "bob": 403, "mike": 403, "eddie": 403, "charlie": 404, "ian": 404},
    ),
    "escalate": (
        lambda w: reverse("allocation:escalate", args=[w.crc_case().crn]),
        {"charlie": 200, "carol": 200, "cora": 403, "alice": 404, "maria": 404, "ian": 404},
    ),
}
CASES = [(page, who, status) for page, (_, expected) in PAGES.items() for who, status in expected.items()]


@pytest.mark.parametrize("page, who, status", CASES, ids=[f"{p}-{w}" for p, w, _ in CASES])
def test_each_page_admits_only_its_users(world, client_for, page, who, status):
    url = PAGES[page][0](world)
    response = client_for(getattr(world, who)).get(url)
    assert response.status_code == status


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_users_are_sent_to_sign_in(world, client, page):
    url = PAGES[page][0](world)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_the_navigation_offers_allocations_to_managers_only(world, client_for):
    assert b">Allocations<" in client_for(world.maria).get(reverse("cases:my-cases")).content
    assert b">Allocations<" in client_for(world.carol).get(reverse("cases:my-cases")).content
    assert b">Allocations<" not in client_for(world.alice).get(reverse("cases:my-cases")).content


def test_an_excluded_manager_sees_the_case_in_the_queue_but_cannot_open_it(world, client_for):
    allocation = world.allocation(last_name="Hidden")
    f.exclude(allocation.person, world.mike)
    client = client_for(world.mike)
    queue = client.get(reverse("allocation:queue"))
    assert b"Restricted case" in queue.content and b"Hidden" not in queue.content
    response = client.get(reverse("allocation:decide", args=[allocation.pk]))
    assert response.status_code == 403
    assert b"You are restricted from viewing this case" in response.content
    assert AuditEvent.objects.filter(user=world.mike, action="refused", person=allocation.person).exists()


# The queue --------------------------------------------------------------------------------------------


def test_the_queue_lists_cases_oldest_first_and_tags_overdue_ones(world, client_for):
    world.allocation(last_name="Later", received=date(2026, 11, 20))
    world.allocation(last_name="Earlier", received=date(2020, 1, 6))
    decided = handed_over(world)
    content = client_for(world.maria).get(reverse("allocation:queue")).content.decode()
    assert content.index("Earlier") < content.index("Later")
    assert "govuk-tag--red" in content and "Overdue" in content
    assert "2 cases awaiting a decision" in content
    assert decided.person.last_name in content.split('id="handed-over"')[1]


@pytest.mark.parametrize("size", [3, 40])
def test_the_queue_page_issues_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries, size
):
    for n in range(size):
        world.allocation(last_name=f"Queue{n:02d}", tier="A1" if n % 2 else "C2")
    for _ in range(3):
        handed_over(world)
    client = client_for(world.maria)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("allocation:queue"))
    assert response.status_code == 200
    assert f"{size} case{'s' if size != 1 else ''} awaiting a decision" in response.content.decode()


@pytest.mark.parametrize("size", [3, 40])
def test_the_handovers_page_issues_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries, size
):
    for _ in range(size):
        handed_over(world)
    client = client_for(world.carol)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("allocation:handovers"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 40])
def test_the_escalations_page_issues_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries, size
):
    for _ in range(size):
        referral(world)
    client = client_for(world.maria)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("allocation:escalations"))
    assert f"{size} open referrals" in response.content.decode()


# Deciding ---------------------------------------------------------------------------------------------


def test_the_decision_page_shows_the_recommendation_and_its_reasons(world, client_for):
    allocation = world.allocation(rosh="high", offence="robbery")
    world.mappa(allocation.person, level=2)
    content = client_for(world.maria).get(reverse("allocation:decide", args=[allocation.pk])).content.decode()
    assert "Recommendation: public provider (NPS)" in content
    assert "High risk of serious harm" in content
    assert "Managed under MAPPA (level 2)" in content
    assert "Serious offence: Robbery" in content
    assert AuditEvent.objects.filter(
        user=world.maria, action="view", object_type="allocation.allocation"
    ).exists()


def test_deciding_through_the_page(world, client_for):
    allocation = world.allocation(rosh="medium")
    response = client_for(world.maria).post(
        reverse("allocation:decide", args=[allocation.pk]),
        {"decision": "accept", "provider": str(world.crc.pk)},
    )
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.AWAITING_ACKNOWLEDGEMENT and allocation.provider == world.crc


def test_an_override_without_a_rationale_shows_a_govuk_error(world, client_for):
    allocation = world.allocation(rosh="medium")
    response = client_for(world.maria).post(
        reverse("allocation:decide", args=[allocation.pk]),
        {"decision": "override", "provider": str(world.nps.pk), "rationale": ""},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert '<a href="#id_rationale">Enter the reason for overriding the recommendation</a>' in content
    assert 'id="id_rationale-error"' in content
    assert "<title>Error: " in content
    assert Allocation.objects.get(pk=allocation.pk).status == AllocationStatus.AWAITING_DECISION


def test_a_missing_choice_shows_govuk_errors(world, client_for):
    allocation = world.allocation()
    content = (
        client_for(world.maria).post(reverse("allocation:decide", args=[allocation.pk]), {}).content.decode()
    )
    assert "Select whether you accept the recommendation" in content
    assert "Select the provider that will supervise the case" in content


def test_two_managers_deciding_the_same_allocation(world, client_for):
    allocation = world.allocation(rosh="medium")
    url = reverse("allocation:decide", args=[allocation.pk])
    maria, mike = client_for(world.maria), client_for(world.mike)
    assert maria.get(url).status_code == 200 and mike.get(url).status_code == 200
    assert maria.post(url, {"decision": "accept", "provider": str(world.crc.pk)}).status_code == 302
    response = mike.post(url, {"decision": "override", "provider": str(world.nps.pk), "rationale": "No"})
    assert response.status_code == 200
    assert "This allocation has been decided." in response.content.decode()
    allocation.refresh_from_db()
    assert (
        allocation.decided_by == world.maria
        and allocation.provider == world.crc
        and not allocation.overridden
    )


def test_a_duplicate_decision_racing_past_the_page_check_is_refused(world, client_for, monkeypatch):
    """Both managers load the undecided allocation; the conditional UPDATE refuses the second."""
    allocation = world.allocation(rosh="medium")
    url = reverse("allocation:decide", args=[allocation.pk])
    original = services.allocation_decide

    def decide_after_someone_else(**kwargs):
        Allocation.objects.filter(pk=allocation.pk).update(
            status=AllocationStatus.AWAITING_ACKNOWLEDGEMENT,
            provider=world.crc,
            decided_by=world.maria,
            decided_on=date(2026, 11, 10),
        )
        return original(**kwargs)

    monkeypatch.setattr(services, "allocation_decide", decide_after_someone_else)
    response = client_for(world.mike).post(
        url, {"decision": "override", "provider": str(world.nps.pk), "rationale": "Mine"}
    )
    assert response.status_code == 200
    assert "Someone else has decided this allocation" in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.provider == world.crc and allocation.decided_by == world.maria


# Handovers --------------------------------------------------------------------------------------------


def test_the_handover_page_shows_the_package_and_candidate_caseloads(world, client_for):
    allocation = handed_over(world)
    f.person(officer=world.charlie)
    content = (
        client_for(world.carol).get(reverse("allocation:handover", args=[allocation.pk])).content.decode()
    )
    assert 'id="handover-package"' in content
    assert "Charlie Tester, PO, Hanley: 1 case now" in content
    assert "Carol Tester, SPO, Hanley: 0 cases now" in content


def test_candidates_show_their_workload_so_a_part_time_officer_shows_fuller(world, client_for):
    allocation = handed_over(world)
    f.sentence(f.person(officer=world.charlie, tier="B2"))
    url = reverse("allocation:handover", args=[allocation.pk])

    def charlies_label() -> str:
        content = client_for(world.carol).get(url).content.decode()
        found = re.search(r"Charlie Tester, PO, Hanley: 1 case now, ([^<]*)", content)
        assert found, content
        return found.group(1)

    full_time = int(re.match(r"(\d+)% of capacity", charlies_label()).group(1))
    assert full_time > 0
    world.charlie.contracted_hours = Decimal("18.5")
    world.charlie.save(update_fields=["contracted_hours"])
    half_time = int(re.match(r"(\d+)% of capacity", charlies_label()).group(1))
    assert abs(half_time - 2 * full_time) <= 1
    WorkloadReduction.objects.create(
        staff=world.charlie, reason="Long-term leave", percent=100, start_date=date(2026, 1, 1)
    )
    assert charlies_label().startswith("no hours available for cases (over capacity)")


def test_acknowledging_through_the_page(world, client_for):
    allocation = handed_over(world)
    client = client_for(world.carol)
    url = reverse("allocation:handover", args=[allocation.pk])
    content = client.post(url, {}).content.decode()
    assert "govuk-error-summary" in content and "Select the responsible officer" in content
    assert client.post(url, {"officer": str(world.charlie.pk)}).status_code == 302
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.ACKNOWLEDGED and allocation.person.officer == world.charlie


# Escalations -----------------------------------------------------------------------------------------


def test_the_escalation_list_shows_days_waiting(world, client_for):
    made = referral(world)
    type(made).objects.filter(pk=made.pk).update(referred_on=date(2026, 11, 2))
    content = client_for(world.maria).get(reverse("allocation:escalations")).content.decode()
    assert made.person.last_name in content and "Awaiting acceptance" in content


def test_accepting_an_escalation_through_the_page(world, client_for):
    made = referral(world)
    url = reverse("allocation:escalation", args=[made.pk])
    client = client_for(world.maria)
    content = client.post(url, {"decision": "accept_now"}).content.decode()
    assert "govuk-error-summary" in content and "Select the responsible officer" in content
    assert client.post(url, {"decision": "accept_now", "officer": str(world.bob.pk)}).status_code == 302
    made.refresh_from_db()
    assert made.status == EscalationStatus.REALLOCATED and made.person.officer == world.bob


def test_referring_through_the_page_and_the_refusal_for_a_lower_risk(world, client_for):
    client = client_for(world.charlie)
    low = world.crc_case(rosh="medium")
    content = client.get(reverse("allocation:escalate", args=[low.crn])).content.decode()
    assert "risk of serious harm is medium" in content and "<form" not in content.split("<main")[1]
    assert client.post(reverse("allocation:escalate", args=[low.crn]), {"reason": "x"}).status_code == 200
    assert not low.escalations.exists()
    high = world.crc_case(rosh="high")
    url = reverse("allocation:escalate", args=[high.crn])
    assert "Enter why the case is being referred" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "New assessment: high"}).status_code == 302
    assert high.escalations.get().status == EscalationStatus.REFERRED


def test_the_case_page_offers_referral_when_it_is_needed(world, client_for):
    high = world.crc_case(rosh="high")
    content = client_for(world.charlie).get(reverse("allocation:case", args=[high.crn])).content.decode()
    assert "Refer to the public provider" in content


# Reallocation ----------------------------------------------------------------------------------------


def test_the_reallocation_page_warns_at_the_third_change(world, client_for):
    from probation.workforce.services import responsible_officer_assign

    person = world.case
    responsible_officer_assign(
        by_user=world.maria,
        person=person,
        officer=world.bob,
        start_date=date(2026, 3, 2),
        reason="reallocation",
    )
    responsible_officer_assign(
        by_user=world.maria,
        person=person,
        officer=world.alice,
        start_date=date(2026, 6, 1),
        reason="reallocation",
    )
    person.refresh_from_db()
    client = client_for(world.maria)
    url = reverse("allocation:reallocate", args=[person.crn])
    content = client.get(url).content.decode()
    assert "This would be the third change of responsible officer in 12 months" in content
    assert "I understand this is the third change of officer in 12 months" in content
    assert "Bob Tester, PSO, Stoke North" in content
    response = client.post(
        url, {"version": person.version, "officer": str(world.bob.pk), "reason": "workload"}
    )
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Confirm you understand this is the third change of officer in 12 months" in content
    assert "Enter why the responsible officer is changing" in content
    response = client.post(
        url,
        {
            "version": person.version,
            "officer": str(world.bob.pk),
            "reason": "workload",
            "reason_detail": "Alice is on long-term leave",
            "warning_understood": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.officer == world.bob


def test_a_stale_reallocation_form_is_refused(world, client_for):
    person = world.case
    url = reverse("allocation:reallocate", args=[person.crn])
    response = client_for(world.maria).post(
        url,
        {
            "version": person.version - 1 if person.version > 1 else 99,
            "officer": str(world.bob.pk),
            "reason": "workload",
        },
    )
    assert "This case has changed since you opened it" in response.content.decode()
