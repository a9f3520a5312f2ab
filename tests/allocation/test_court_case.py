"""The court team records a new court case, and the case joins its allocation queue: the conviction,
main offence and sentence (with at most one requirement) are saved together with the queue entry,
audited, or nothing is saved and each problem is shown next to its field."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from probation.allocation.models import Allocation
from probation.audit.models import AuditEvent
from probation.core.exceptions import NotPermitted
from probation.lib.dates import add_months
from probation.sentences.models import Disposal, Event, Requirement
from probation.sentences.services import CourtCase, court_case_record
from tests import factories as f

TODAY = timezone.localdate()
SENTENCED = TODAY - timedelta(days=1)


def community_order(**overrides) -> CourtCase:
    values = dict(
        conviction_date=SENTENCED,
        court="Stoke-on-Trent Crown Court",
        offence_description="Robbery of a shop",
        offence_category="robbery",
        disposal_type="community_order",
        sentence_date=SENTENCED,
        start_date=SENTENCED,
        length_months=18,
        requirement_type="unpaid_work",
        requirement_length=120,
    )
    values.update(overrides)
    return CourtCase(**values)


def posted(**overrides) -> dict:
    data = {
        "court": "Stoke-on-Trent Crown Court",
        "offence_description": "Robbery of a shop",
        "offence_category": "robbery",
        "disposal_type": "community_order",
        "length_months": "18",
        "requirement_type": "unpaid_work",
        "requirement_length": "120",
    }
    for name in ("conviction_date", "sentence_date", "start_date"):
        data |= {f"{name}_0": SENTENCED.day, f"{name}_1": SENTENCED.month, f"{name}_2": SENTENCED.year}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# The service ---------------------------------------------------------------------------------------------


def test_recording_a_court_case_saves_the_sentence_and_queues_it_for_the_court_team(world):
    allocation = court_case_record(by_user=world.maria, person=world.case, case=community_order())

    assert (allocation.status, allocation.court_provider, allocation.received_on) == (
        "awaiting_decision",
        world.nps,
        SENTENCED,
    )
    disposal = allocation.disposal
    event = disposal.event
    assert (event.person, event.number, event.court) == (world.case, 2, "Stoke-on-Trent Crown Court")
    assert [(o.description, o.category, o.is_main) for o in event.offences.all()] == [
        ("Robbery of a shop", "robbery", True)
    ]
    assert (disposal.type, disposal.length_months) == ("community_order", 18)
    assert disposal.expected_end_date == add_months(SENTENCED, 18) - timedelta(days=1)
    assert [(r.type, r.length) for r in disposal.requirements.all()] == [("unpaid_work", 120)]
    recorded = AuditEvent.objects.get(object_type="sentences.disposal", object_id=str(disposal.pk))
    assert (recorded.user, recorded.person, recorded.action) == (world.maria, world.case, "create")
    assert "Robbery of a shop" in recorded.summary
    assert AuditEvent.objects.filter(
        object_type="allocation.allocation", object_id=str(allocation.pk), action="create"
    ).exists()


def test_a_licence_is_received_on_the_release_date(world):
    released = TODAY - timedelta(days=2)
    allocation = court_case_record(
        by_user=world.maria,
        person=world.case,
        case=community_order(
            disposal_type="licence",
            sentence_date=date(2025, 6, 2),
            conviction_date=date(2025, 6, 2),
            start_date=released,
            length_months=None,
            release_date=released,
            licence_end_date=released + timedelta(days=200),
            requirement_type="",
            requirement_length=None,
        ),
    )
    assert allocation.received_on == released


def test_a_court_case_the_law_does_not_allow_saves_nothing(world):
    before = (Event.objects.count(), Disposal.objects.count(), Allocation.objects.count())
    with pytest.raises(ValidationError) as refused:
        court_case_record(
            by_user=world.maria,
            person=world.case,
            case=community_order(length_months=48, requirement_length=500),
        )
    assert refused.value.message_dict == {
        "length_months": ["A community order can last at most 3 years (36 months)"],
    }
    with pytest.raises(ValidationError) as refused:
        court_case_record(
            by_user=world.maria, person=world.case, case=community_order(requirement_length=500)
        )
    assert refused.value.message_dict == {
        "requirement_length": ["Unpaid work must be between 40 and 300 hours"]
    }
    assert (Event.objects.count(), Disposal.objects.count(), Allocation.objects.count()) == before


def test_a_sentence_before_the_conviction_or_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        court_case_record(
            by_user=world.maria,
            person=world.case,
            case=community_order(
                conviction_date=TODAY + timedelta(days=3), sentence_date=SENTENCED - timedelta(days=1)
            ),
        )
    assert refused.value.message_dict == {
        "conviction_date": ["The date of conviction must be today or in the past"],
        "sentence_date": ["A sentence cannot be passed before the conviction"],
    }
    with pytest.raises(ValidationError) as refused:
        court_case_record(
            by_user=world.maria,
            person=world.case,
            case=community_order(sentence_date=SENTENCED - timedelta(days=1), start_date=SENTENCED),
        )
    assert refused.value.message_dict == {
        "sentence_date": ["A sentence cannot be passed before the conviction"]
    }


def test_a_licence_carries_no_requirement(world):
    with pytest.raises(ValidationError) as refused:
        court_case_record(
            by_user=world.maria,
            person=world.case,
            case=community_order(
                disposal_type="licence",
                release_date=SENTENCED,
                licence_end_date=SENTENCED + timedelta(days=100),
            ),
        )
    assert refused.value.message_dict == {
        "requirement_type": ["Only community and suspended sentence orders carry requirements"]
    }


@pytest.mark.parametrize("who", ["alice", "adam", "carol", "charlie", "ian"])
def test_only_the_public_providers_court_team_records_court_cases(world, who):
    with pytest.raises(NotPermitted):
        court_case_record(by_user=getattr(world, who), person=world.case, case=community_order())
    assert not Allocation.objects.exists()


def test_the_court_team_cannot_record_for_a_case_it_cannot_see_or_is_excluded_from(world):
    crc_person = f.person(officer=world.charlie, last_name="Crofts")
    with pytest.raises(NotPermitted):
        court_case_record(by_user=world.maria, person=crc_person, case=community_order())
    f.exclude(world.case, world.mike)
    with pytest.raises(NotPermitted):
        court_case_record(by_user=world.mike, person=world.case, case=community_order())
    assert not Allocation.objects.exists()


def test_a_sentence_already_queued_is_not_queued_twice(world):
    from probation.allocation.services import allocation_open

    allocation = court_case_record(by_user=world.maria, person=world.case, case=community_order())
    again = allocation_open(
        by_user=world.maria,
        person=world.case,
        disposal=allocation.disposal,
        received_on=allocation.received_on,
        court_provider=world.nps,
    )
    assert again.pk == allocation.pk
    assert Allocation.objects.count() == 1


# The pages -----------------------------------------------------------------------------------------------


def test_the_court_team_finds_the_case_records_the_court_case_and_sees_the_recommendation(world, client_for):
    mike = client_for(world.mike)
    assert "Record a new court case" in mike.get("/allocation/").content.decode()
    assert "Record a new court case" not in client_for(world.carol).get("/allocation/").content.decode()
    queue = mike.get("/allocation/queue/")
    assert "Record a new court case" in queue.content.decode()

    found = mike.get("/allocation/court-cases/new/", {"crn": world.case.crn.lower()})
    assert found.status_code == 302
    assert found["Location"] == f"/allocation/court-cases/new/{world.case.crn}/"
    assert AuditEvent.objects.filter(user=world.mike, action="search", detail__crn=world.case.crn).exists()

    form = mike.get(found["Location"])
    assert form.status_code == 200
    assert "New court case" in form.content.decode()

    saved = mike.post(found["Location"], posted(), follow=True)
    allocation = Allocation.objects.get()
    assert saved.redirect_chain[-1][0] == f"/allocation/queue/{allocation.pk}/"
    page = saved.content.decode()
    assert "Court case recorded and added to the allocation queue" in page
    assert "Recommendation: public provider (NPS)" in page
    assert "Robbery" in page


def test_bad_input_is_shown_in_the_error_summary_and_nothing_is_saved(world, client_for):
    mike = client_for(world.mike)
    url = f"/allocation/court-cases/new/{world.case.crn}/"
    response = mike.post(
        url, posted(court="", length_months="48", conviction_date_0="31", conviction_date_1="2")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter the convicting court" in page
    assert "Date must be a real date" in page
    assert 'href="#id_court"' in page
    assert not Allocation.objects.exists() and Event.objects.filter(person=world.case).count() == 1

    response = mike.post(url, posted(length_months="48"))
    page = response.content.decode()
    assert "A community order can last at most 3 years (36 months)" in page
    assert (
        not Allocation.objects.exists()
        and not Requirement.objects.filter(type="unpaid_work", length=120).exists()
    )


def test_an_unknown_or_unseen_crn_gets_the_same_answer(world, client_for):
    crc_person = f.person(officer=world.charlie, last_name="Crofts")
    mike = client_for(world.mike)
    for crn in ("X999999", crc_person.crn):
        response = mike.get("/allocation/court-cases/new/", {"crn": crn})
        assert response.status_code == 200
        assert "No case you can see has that case reference number" in response.content.decode()
    assert mike.get(f"/allocation/court-cases/new/{crc_person.crn}/").status_code == 404
    assert mike.post(f"/allocation/court-cases/new/{crc_person.crn}/", posted()).status_code == 404
    assert not Allocation.objects.exists()


def test_an_excluded_member_of_the_court_team_is_refused_the_case(world, client_for):
    f.exclude(world.case, world.mike)
    response = client_for(world.mike).post(f"/allocation/court-cases/new/{world.case.crn}/", posted())
    assert response.status_code == 403
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "adam", "carol", "charlie", "cora", "ian"])
def test_anyone_but_the_court_team_is_refused_the_pages(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get("/allocation/court-cases/new/").status_code == 403
    assert client.get(f"/allocation/court-cases/new/{world.case.crn}/").status_code == 403
    assert client.post(f"/allocation/court-cases/new/{world.case.crn}/", posted()).status_code == 403
    assert not Allocation.objects.exists()


def test_the_pages_need_sign_in(client, world):
    response = client.get("/allocation/court-cases/new/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


# Imports ------------------------------------------------------------------------------------------------


def test_an_imported_sentence_brings_its_own_allocation_and_never_a_second(db):
    import json

    from probation.interchange.importer import import_records
    from tests.interchange.conftest import small_file

    records = small_file()
    import_records(json.dumps(r) for r in records)
    assert Disposal.objects.filter(external_id="disposal-t").exists()
    assert not Allocation.objects.exists()  # a sentence alone does not queue itself

    queued = {
        "type": "allocation",
        "id": "alloc-t",
        "person": "person-t",
        "disposal": "disposal-t",
        "received_on": "2026-01-05",
        "court_provider": "provider-t",
    }
    import_records(json.dumps(r) for r in [*records, queued])
    import_records(json.dumps(r) for r in [*records, queued])  # the same file again
    assert list(Allocation.objects.values_list("external_id", "status")) == [("alloc-t", "awaiting_decision")]


def test_the_court_case_pages_use_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    mike = client_for(world.mike)
    for n in range(5):
        f.sentence(world.case, start=SENTENCED - timedelta(days=n + 10))
    with django_assert_max_num_queries(20):
        assert mike.get(f"/allocation/court-cases/new/{world.case.crn}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert mike.get("/allocation/court-cases/new/", {"crn": world.case.crn}).status_code == 302
