"""Enforcement services: assessing failures from their history, deciding, letters, breach and recall.
Every write is all or nothing, refuses a stale version and leaves an audit row."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from probation.audit.models import AuditEvent
from probation.contacts.models import Contact
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.enforcement import services
from probation.enforcement.constants import EnforcementKind as K
from probation.enforcement.constants import EnforcementStatus as S
from probation.enforcement.constants import RecallStatus
from probation.enforcement.models import EnforcementAction, RecallRecommendation
from probation.enforcement.selectors import (
    enforcement_decisions_due_for,
    pending_recall_countersignatures_for,
)
from probation.sentences.models import Disposal

from .conftest import failure, licence

TODAY = date(2026, 11, 27)


def assess(contact, user):
    return services.enforcement_assess(contact, by_user=user)


def decide(action, user, kind, **kwargs):
    action.refresh_from_db()
    kwargs.setdefault("failure_description", action.failure_description)
    return services.enforcement_decide(
        by_user=user,
        action_id=action.pk,
        version=action.version,
        kind=kind,
        today=kwargs.pop("today", action.judged_on),
        **kwargs,
    )


def send_letter(action, user, on):
    action.refresh_from_db()
    return services.enforcement_record_letter_issued(
        by_user=user, action_id=action.pk, version=action.version, issued_on=on, today=TODAY
    )


def warn(world, failure_on, letter_on=None):
    action = assess(failure(world.case, failure_on), world.alice)
    decide(action, world.alice, K.WARNING)
    return send_letter(action, world.alice, letter_on or failure_on)


# --- Assessing ------------------------------------------------------------------------------------------


def test_an_unacceptable_absence_makes_a_warning_decision_due_within_two_working_days(world):
    contact = failure(world.case, date(2026, 3, 12), judged=date(2026, 3, 20))  # judged on a Friday
    action = assess(contact, world.alice)
    assert action.status == S.DECISION_DUE
    assert action.recommended_kind == K.WARNING
    assert action.disposal == world.order
    assert action.failure_on == date(2026, 3, 12)
    assert action.judged_on == date(2026, 3, 20)
    assert action.due_by == date(2026, 3, 24)
    assert "did not attend your office appointment on Thursday 12 March 2026" in action.failure_description
    assert (
        AuditEvent.objects.filter(
            object_type="enforcement.enforcementaction", object_id=str(action.pk), action="create"
        ).count()
        == 1
    )


def test_attending_but_failing_to_comply_is_a_failure_too(world):
    action = assess(failure(world.case, date(2026, 3, 12), outcome="attended_failed"), world.alice)
    assert action.recommended_kind == K.WARNING
    assert "attended your office appointment" in action.failure_description


def test_assessing_twice_changes_nothing_and_writes_no_second_audit_row(world):
    contact = failure(world.case, date(2026, 3, 12))
    first = assess(contact, world.alice)
    second = assess(contact, world.alice)
    assert first.pk == second.pk
    assert second.version == first.version
    assert EnforcementAction.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="enforcement.enforcementaction").count() == 1


@pytest.mark.parametrize("outcome", ["attended_complied", "acceptable_absence", "awaiting_evidence", ""])
def test_outcomes_that_are_not_failures_make_nothing_due(world, outcome):
    assert assess(failure(world.case, date(2026, 3, 12), outcome=outcome), world.alice) is None
    assert not EnforcementAction.objects.exists()


def test_changing_the_outcome_to_acceptable_withdraws_the_decision_and_changing_it_back_reopens_it(world):
    contact = failure(world.case, date(2026, 3, 12))
    action = assess(contact, world.alice)
    Contact.objects.filter(pk=contact.pk).update(outcome="acceptable_absence", absence_reason="medical")
    assert assess(contact, world.alice) is None
    action.refresh_from_db()
    assert action.status == S.WITHDRAWN
    assert "acceptable absence" in action.withdrawn_reason
    Contact.objects.filter(pk=contact.pk).update(outcome="unacceptable_absence", absence_reason="")
    reopened = assess(contact, world.alice)
    assert reopened.pk == action.pk
    assert reopened.status == S.DECISION_DUE


def test_a_failure_with_no_order_in_force_makes_nothing_due(world):
    Disposal.objects.filter(pk=world.order.pk).update(terminated_on=date(2026, 2, 1))
    assert assess(failure(world.case, date(2026, 3, 12)), world.alice) is None


def test_a_failure_on_a_requirement_belongs_to_that_requirements_order(world):
    requirement = world.order.requirements.get()
    later = licence(world.case, release=date(2026, 2, 1))
    Disposal.objects.filter(pk=later.pk).update(start_date=date(2026, 2, 1))
    assert assess(failure(world.case, date(2026, 3, 11)), world.alice).disposal == later
    action = assess(failure(world.case, date(2026, 3, 12), requirement=requirement), world.alice)
    assert action.disposal == world.order


# --- Warning, then breach -------------------------------------------------------------------------------


def test_deciding_a_warning_makes_its_letter_due_and_sending_it_completes_it(world):
    action = assess(failure(world.case, date(2026, 3, 12)), world.alice)
    decide(action, world.alice, K.WARNING)
    action.refresh_from_db()
    assert (action.kind, action.status, action.decision_by, action.decided_on) == (
        K.WARNING,
        S.LETTER_DUE,
        world.alice,
        date(2026, 3, 12),
    )
    send_letter(action, world.alice, date(2026, 3, 13))
    action.refresh_from_db()
    assert action.status == S.COMPLETE
    assert action.warning_given_on == date(2026, 3, 13)


def test_a_second_failure_within_twelve_months_of_the_warning_calls_for_breach(world):
    first = warn(world, date(2026, 3, 12))
    second = assess(failure(world.case, date(2026, 9, 1)), world.alice)
    assert second.recommended_kind == K.BREACH
    assert second.prior_warning == first
    assert second.due_by == date(2026, 9, 15)  # ten working days


def test_the_statute_counts_from_the_day_the_warning_was_given_not_the_failure(world):
    # Failure 10 March, warning letter sent 12 March 2026: a failure on 11 March 2027 is within the
    # twelve months beginning 12 March 2026; on 12 March 2027 it would be outside.
    Disposal.objects.filter(pk=world.order.pk).update(length_months=24, expected_end_date=date(2028, 1, 4))
    warn(world, date(2026, 3, 10), letter_on=date(2026, 3, 12))
    inside = assess(failure(world.case, date(2027, 3, 11)), world.alice)
    outside = assess(failure(world.case, date(2027, 3, 12)), world.alice)
    assert inside.recommended_kind == K.BREACH
    assert outside.recommended_kind == K.WARNING


def test_a_warning_under_another_order_does_not_count(world):
    warn(world, date(2026, 3, 12))
    from tests import factories as f

    other = f.sentence(world.case, start=date(2026, 4, 1))
    contact = failure(world.case, date(2026, 5, 1))
    action = assess(contact, world.alice)
    assert action.disposal == other
    assert action.recommended_kind == K.WARNING


def test_a_decision_still_due_is_reassessed_when_an_earlier_warning_is_given(world):
    first = assess(failure(world.case, date(2026, 3, 2)), world.alice)
    later = assess(failure(world.case, date(2026, 3, 9)), world.alice)
    assert later.recommended_kind == K.WARNING  # no warning given yet
    decide(first, world.alice, K.WARNING, today=date(2026, 3, 3))
    send_letter(first, world.alice, date(2026, 3, 4))
    later.refresh_from_db()
    assert later.recommended_kind == K.BREACH
    assert later.prior_warning == first


def test_a_withdrawn_warning_does_not_count(world):
    first = warn(world, date(2026, 3, 12))
    EnforcementAction.objects.filter(pk=first.pk).update(status=S.WITHDRAWN)
    assert assess(failure(world.case, date(2026, 6, 1)), world.alice).recommended_kind == K.WARNING


def test_breach_on_a_first_failure_needs_a_rationale_and_nothing_is_saved_without_one(world):
    action = assess(failure(world.case, date(2026, 3, 12)), world.alice)
    with pytest.raises(ValidationError) as error:
        decide(action, world.alice, K.BREACH, rationale="")
    assert error.value.message_dict == {"rationale": ["Explain why you chose breach rather than warning"]}
    action.refresh_from_db()
    assert (action.status, action.kind, action.version) == (S.DECISION_DUE, "", 1)
    decide(action, world.alice, K.BREACH, rationale="Threatened a member of staff")
    action.refresh_from_db()
    assert (action.status, action.due_by) == (S.BREACH_DUE, date(2026, 3, 26))


def test_a_warning_cannot_be_chosen_when_breach_is_due(world):
    warn(world, date(2026, 3, 12))
    action = assess(failure(world.case, date(2026, 4, 1)), world.alice)
    with pytest.raises(ValidationError) as error:
        decide(action, world.alice, K.WARNING, rationale="Second chance")
    assert "kind" in error.value.message_dict


def test_the_failure_description_is_needed_for_the_letter(world):
    action = assess(failure(world.case, date(2026, 3, 12)), world.alice)
    with pytest.raises(ValidationError) as error:
        decide(action, world.alice, K.WARNING, failure_description="  ")
    assert "failure_description" in error.value.message_dict


def test_a_decision_on_a_stale_version_is_refused(world):
    action = assess(failure(world.case, date(2026, 3, 12)), world.alice)
    with pytest.raises(StaleRecord):
        services.enforcement_decide(
            by_user=world.alice,
            action_id=action.pk,
            version=action.version + 1,
            kind=K.WARNING,
            failure_description="x",
            today=date(2026, 3, 12),
        )
    action.refresh_from_db()
    assert action.status == S.DECISION_DUE


def test_a_decision_cannot_be_made_twice(world):
    action = assess(failure(world.case, date(2026, 3, 12)), world.alice)
    decide(action, world.alice, K.WARNING)
    with pytest.raises(NotPermitted):
        decide(action, world.alice, K.BREACH, rationale="Changed my mind")


@pytest.mark.parametrize("who", ["charlie", "eddie", "ian"])
def test_only_staff_of_the_managing_provider_who_may_open_the_case_can_decide(world, who):
    action = assess(failure(world.case, date(2026, 3, 12)), world.alice)
    with pytest.raises(NotPermitted):
        decide(action, getattr(world, who), K.WARNING)
    with pytest.raises(NotPermitted):
        services.enforcement_assess(failure(world.case, date(2026, 3, 13)), by_user=getattr(world, who))


def test_a_colleague_in_the_team_may_decide(world):
    action = assess(failure(world.case, date(2026, 3, 12)), world.bob)
    decide(action, world.bob, K.WARNING)
    action.refresh_from_db()
    assert action.decision_by == world.bob


@pytest.mark.parametrize(
    "issued_on, message",
    [
        (None, "Enter the date the letter was sent"),
        (date(2026, 3, 11), "The date the letter was sent must be on or after 12 March 2026"),
        (date(2026, 11, 28), "The date the letter was sent must be today or in the past"),
    ],
)
def test_the_letter_date_must_be_real(world, issued_on, message):
    action = assess(failure(world.case, date(2026, 3, 12)), world.alice)
    decide(action, world.alice, K.WARNING)
    with pytest.raises(ValidationError) as error:
        send_letter(action, world.alice, issued_on)
    assert error.value.message_dict == {"issued_on": [message]}
    action.refresh_from_db()
    assert action.status == S.LETTER_DUE


def test_breach_goes_to_court_and_the_court_outcome_closes_it(world):
    warn(world, date(2026, 3, 12))
    action = assess(failure(world.case, date(2026, 4, 1)), world.alice)
    decide(action, world.alice, K.BREACH)
    action.refresh_from_db()
    services.enforcement_record_breach_initiated(
        by_user=world.alice,
        action_id=action.pk,
        version=action.version,
        initiated_on=date(2026, 4, 8),
        today=TODAY,
    )
    action.refresh_from_db()
    assert action.status == S.WITH_COURT
    with pytest.raises(ValidationError) as error:
        services.enforcement_record_court_outcome(
            by_user=world.alice,
            action_id=action.pk,
            version=action.version,
            outcome="revoked",
            outcome_on=date(2026, 4, 7),
            today=TODAY,
        )
    assert "outcome_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.enforcement_record_court_outcome(
            by_user=world.alice,
            action_id=action.pk,
            version=action.version,
            outcome="acquitted",
            outcome_on=date(2026, 5, 7),
            today=TODAY,
        )
    assert "outcome" in error.value.message_dict
    services.enforcement_record_court_outcome(
        by_user=world.alice,
        action_id=action.pk,
        version=action.version,
        outcome="varied",
        outcome_on=date(2026, 5, 7),
        notes="20 more hours",
        today=TODAY,
    )
    action.refresh_from_db()
    assert (action.status, action.court_outcome, action.court_outcome_notes) == (
        S.COMPLETE,
        "varied",
        "20 more hours",
    )


def test_the_database_refuses_a_departure_without_a_rationale_and_a_court_outcome_on_a_warning(world):
    action = assess(failure(world.case, date(2026, 3, 12)), world.alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        EnforcementAction.objects.filter(pk=action.pk).update(
            kind=K.BREACH, decision_by=world.alice, decided_on=date(2026, 3, 12)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        EnforcementAction.objects.filter(pk=action.pk).update(
            kind=K.WARNING, decision_by=world.alice, decided_on=date(2026, 3, 12), court_outcome="revoked"
        )


# --- Licences and recall --------------------------------------------------------------------------------


def licence_failure(world, day):
    return assess(failure(world.lucy, day), world.alice)


def test_licence_failures_climb_first_second_final_then_recall(world):
    seen = []
    for day, kind in [
        (date(2026, 7, 1), K.LICENCE_WARNING_1),
        (date(2026, 7, 8), K.LICENCE_WARNING_2),
        (date(2026, 7, 15), K.LICENCE_FINAL),
    ]:
        action = licence_failure(world, day)
        seen.append(action.recommended_kind)
        decide(action, world.alice, kind)
    last = licence_failure(world, date(2026, 7, 22))
    seen.append(last.recommended_kind)
    assert seen == [K.LICENCE_WARNING_1, K.LICENCE_WARNING_2, K.LICENCE_FINAL, K.RECALL]
    assert last.due_by == date(2026, 7, 23)  # one working day


def test_deciding_recall_creates_the_recommendation_for_countersignature(world):
    action = licence_failure(world, date(2026, 7, 1))
    decide(
        action, world.alice, K.RECALL, rationale="Charged with a further offence", recall_type="fixed_term"
    )
    action.refresh_from_db()
    recall = action.recall
    assert action.status == S.RECALL_RECOMMENDED
    assert (recall.recall_type, recall.fixed_term_days, recall.status, recall.recommended_by) == (
        "fixed_term",
        28,
        RecallStatus.AWAITING_SPO,
        world.alice,
    )


def test_recall_from_a_decision_needs_a_type_and_a_rationale(world):
    action = licence_failure(world, date(2026, 7, 1))
    with pytest.raises(ValidationError) as error:
        decide(action, world.alice, K.RECALL, rationale="", recall_type="")
    assert set(error.value.message_dict) == {"rationale"}
    with pytest.raises(ValidationError) as error:
        decide(action, world.alice, K.RECALL, rationale="Risk has escalated", recall_type="")
    assert set(error.value.message_dict) == {"recall_type"}
    assert not RecallRecommendation.objects.exists()


def test_a_short_sentence_gets_a_14_day_fixed_term_recall_and_an_unknown_length_none(world):
    Disposal.objects.filter(pk=world.lucy_licence.pk).update(length_months=8)
    recall = services.recall_recommend(
        by_user=world.alice,
        person=world.lucy,
        disposal_id=world.lucy_licence.pk,
        recall_type="fixed_term",
        rationale="Lost accommodation",
        today=TODAY,
    )
    assert recall.fixed_term_days == 14
    RecallRecommendation.objects.all().delete()
    Disposal.objects.filter(pk=world.lucy_licence.pk).update(length_months=None, custodial_days=None)
    with pytest.raises(ValidationError) as error:
        services.recall_recommend(
            by_user=world.alice,
            person=world.lucy,
            disposal_id=world.lucy_licence.pk,
            recall_type="fixed_term",
            rationale="Lost accommodation",
            today=TODAY,
        )
    assert "sentence length is not recorded" in error.value.message_dict["recall_type"][0]


def test_recall_needs_a_licence_in_force_and_only_one_at_a_time(world):
    with pytest.raises(ValidationError) as error:
        services.recall_recommend(
            by_user=world.alice,
            person=world.case,
            disposal_id=world.order.pk,
            recall_type="standard",
            rationale="x",
            today=TODAY,
        )
    assert "disposal" in error.value.message_dict
    services.recall_recommend(
        by_user=world.alice,
        person=world.lucy,
        disposal_id=world.lucy_licence.pk,
        recall_type="standard",
        rationale="x",
        today=TODAY,
    )
    with pytest.raises(ValidationError) as error:
        services.recall_recommend(
            by_user=world.alice,
            person=world.lucy,
            disposal_id=world.lucy_licence.pk,
            recall_type="standard",
            rationale="y",
            today=TODAY,
        )
    assert error.value.message_dict["disposal"] == [
        "A recall recommendation for this licence is already in progress"
    ]


def recommend(world, by=None):
    return services.recall_recommend(
        by_user=by or world.alice,
        person=world.lucy,
        disposal_id=world.lucy_licence.pk,
        recall_type="standard",
        rationale="Whereabouts unknown",
        today=TODAY,
    )


def countersign(recall, user, decision="countersign", notes=""):
    recall.refresh_from_db()
    return services.recall_countersign(
        by_user=user, recall_id=recall.pk, version=recall.version, decision=decision, notes=notes, today=TODAY
    )


def test_an_spo_then_a_head_of_service_countersign_a_recall(world):
    recall = recommend(world)
    countersign(recall, world.maria)
    recall.refresh_from_db()
    assert (recall.status, recall.spo_by) == (RecallStatus.AWAITING_HEAD, world.maria)
    countersign(recall, world.hannah, notes="Agreed")
    recall.refresh_from_db()
    assert (recall.status, recall.head_by, recall.head_notes) == (
        RecallStatus.AWAITING_OUTCOME,
        world.hannah,
        "Agreed",
    )


def test_the_recommending_officer_cannot_countersign_even_as_an_spo(world):
    recall = recommend(world, by=world.maria)
    with pytest.raises(NotPermitted, match="you recommended"):
        countersign(recall, world.maria)


@pytest.mark.parametrize("who", ["bob", "alice", "hannah", "charlie", "ian"])
def test_only_the_teams_spo_gives_the_first_countersignature(world, who):
    recall = recommend(world, by=world.bob if who == "alice" else world.alice)
    with pytest.raises(NotPermitted):
        countersign(recall, getattr(world, who))
    recall.refresh_from_db()
    assert recall.status == RecallStatus.AWAITING_SPO


def test_the_head_cannot_be_the_spo_who_signed_first(world):
    world.maria.grade = "HEAD"
    world.maria.save()
    recall = recommend(world)
    countersign(recall, world.maria)
    with pytest.raises(NotPermitted, match="someone other than the SPO"):
        countersign(recall, world.maria)


def test_the_database_refuses_a_head_countersignature_before_the_spos_or_by_the_recommender(world):
    recall = recommend(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecallRecommendation.objects.filter(pk=recall.pk).update(head_by=world.hannah)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecallRecommendation.objects.filter(pk=recall.pk).update(spo_by=world.alice)


def test_declining_a_recall_needs_reasons_and_closes_the_decision_that_led_to_it(world):
    action = licence_failure(world, date(2026, 7, 1))
    decide(action, world.alice, K.RECALL, rationale="Risk has escalated", recall_type="standard")
    recall = RecallRecommendation.objects.get()
    with pytest.raises(ValidationError):
        countersign(recall, world.maria, decision="not_supported")
    countersign(recall, world.maria, decision="not_supported", notes="Manage with a final warning")
    recall.refresh_from_db()
    action.refresh_from_db()
    assert (recall.status, recall.not_supported_by) == (RecallStatus.NOT_SUPPORTED, world.maria)
    assert action.status == S.COMPLETE


def outcome(recall, user, value, notes="", on=TODAY):
    recall.refresh_from_db()
    return services.recall_record_outcome(
        by_user=user,
        recall_id=recall.pk,
        version=recall.version,
        outcome=value,
        outcome_on=on,
        notes=notes,
        today=TODAY,
    )


def test_the_outcome_comes_after_both_countersignatures_unless_the_recommendation_is_withdrawn(world):
    recall = recommend(world)
    with pytest.raises(ValidationError) as error:
        outcome(recall, world.alice, "recalled")
    assert "countersigned" in error.value.message_dict["outcome"][0]
    countersign(recall, world.maria)
    countersign(recall, world.hannah)
    outcome(recall, world.alice, "recalled")
    recall.refresh_from_db()
    assert (recall.status, recall.outcome) == (RecallStatus.CLOSED, "recalled")
    with pytest.raises(NotPermitted):
        outcome(recall, world.alice, "withdrawn", notes="x")


def test_a_recommendation_can_be_withdrawn_with_reasons_before_countersignature(world):
    recall = recommend(world)
    with pytest.raises(ValidationError):
        outcome(recall, world.alice, "withdrawn")
    outcome(recall, world.alice, "withdrawn", notes="Found at a new address; risk reassessed")
    recall.refresh_from_db()
    assert recall.status == RecallStatus.CLOSED


# --- Selectors for other pages --------------------------------------------------------------------------


def test_decisions_due_are_listed_for_the_officer_and_the_teams_spo_but_no_one_else(world):
    action = assess(failure(world.case, date(2026, 3, 12)), world.alice)
    assert list(enforcement_decisions_due_for(world.alice)) == [action]
    assert list(enforcement_decisions_due_for(world.maria)) == [action]
    for who in ("bob", "charlie", "eddie", "ian", "hannah"):
        if who == "hannah":
            # A head of service sees the area's teams.
            assert list(enforcement_decisions_due_for(world.hannah)) == [action]
            continue
        assert list(enforcement_decisions_due_for(getattr(world, who))) == [], who
    decide(action, world.alice, K.WARNING)
    assert list(enforcement_decisions_due_for(world.alice)) == [action]  # the letter is still owed
    send_letter(action, world.alice, date(2026, 3, 13))
    assert list(enforcement_decisions_due_for(world.alice)) == []


def test_recalls_wait_for_the_right_countersigner(world):
    recall = recommend(world)
    assert list(pending_recall_countersignatures_for(world.maria)) == [recall]
    assert list(pending_recall_countersignatures_for(world.hannah)) == []
    assert list(pending_recall_countersignatures_for(world.alice)) == []
    assert list(pending_recall_countersignatures_for(world.charlie)) == []
    countersign(recall, world.maria)
    assert list(pending_recall_countersignatures_for(world.maria)) == []
    assert list(pending_recall_countersignatures_for(world.hannah)) == [recall]


def test_an_spo_does_not_see_a_recall_they_recommended(world):
    recommend(world, by=world.maria)
    assert list(pending_recall_countersignatures_for(world.maria)) == []


def test_a_reassessment_is_audited(world):
    first = assess(failure(world.case, date(2026, 3, 2)), world.alice)
    later = assess(failure(world.case, date(2026, 3, 9)), world.alice)
    decide(first, world.alice, K.WARNING, today=date(2026, 3, 3))
    send_letter(first, world.alice, date(2026, 3, 4))
    assert AuditEvent.objects.filter(
        object_id=str(later.pk), summary="Enforcement reassessed: breach now recommended", user=world.alice
    ).exists()


def test_a_contact_cannot_be_deleted_from_under_its_enforcement_but_the_whole_case_can(world):
    from django.db.models import RestrictedError

    from probation.people.models import Person

    contact = failure(world.case, date(2026, 3, 2))
    assess(contact, world.alice)
    with pytest.raises(RestrictedError):
        contact.delete()
    Person.objects.filter(pk=world.lucy.pk).delete()  # no enforcement: fine
    Person.objects.filter(pk=world.case.pk).delete()
    assert not EnforcementAction.objects.exists()


def test_a_warning_letter_cannot_be_dated_before_the_warning_was_decided(world):
    """Otherwise a failure between the letter's date and the decision would count as made after a
    warning the person had not yet been given, and call for breach."""
    action = assess(failure(world.case, date(2026, 3, 2)), world.alice)
    decide(action, world.alice, K.WARNING, today=date(2026, 3, 20))
    with pytest.raises(ValidationError) as error:
        send_letter(action, world.alice, date(2026, 3, 10))
    assert error.value.message_dict == {
        "issued_on": ["The date the letter was sent must be on or after 20 March 2026"]
    }
    send_letter(action, world.alice, date(2026, 3, 20))
    action.refresh_from_db()
    assert (action.status, action.warning_given_on) == (S.COMPLETE, date(2026, 3, 20))
