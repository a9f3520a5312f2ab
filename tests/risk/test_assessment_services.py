"""Risk assessments are versions: a new one never rewrites the old, and high risk is countersigned by
the team's senior probation officer — never by the assessor."""

import pytest
from django.core.exceptions import ValidationError

from probation.audit.models import AuditEvent
from probation.core.exceptions import NotPermitted, StaleRecord
from probation.risk import services
from probation.risk.constants import AssessmentStatus, Need, TierReason
from probation.risk.models import IdentifiedRisk, NeedRating, RiskAssessment, TierCalculation
from tests import factories as f
from tests.risk.risk_record_builders import complete_assessment

ALL_NEEDS_STANDARD = {need: "standard" for need in Need.values}
FULL_ANALYSIS = {
    "who_is_at_risk": "Her former partner",
    "nature_of_risk": "Physical violence when drinking",
    "imminence": "Could happen at any time if contact resumes",
}


def draft_for(personas, *, kind="full", by=None):
    return services.assessment_start(by_user=by or personas.alice, person=personas.case, kind=kind)


def save(personas, draft, *, by=None, needs=None, **changes):
    return services.assessment_update(
        by_user=by or personas.alice,
        assessment=draft,
        version=RiskAssessment.objects.get(pk=draft.pk).version,
        changes=changes,
        needs=needs or {},
    )


def submitted(personas, *, rosh, by=None):
    """A full analysis by `by` (alice), filled in and submitted."""
    by = by or personas.alice
    draft = draft_for(personas, by=by)
    save(personas, draft, by=by, needs=ALL_NEEDS_STANDARD, rosh_overall=rosh, **FULL_ANALYSIS)
    return services.assessment_submit(by_user=by, assessment=draft)


# --- versions -----------------------------------------------------------------------------------------


def test_starting_an_assessment_makes_a_draft_numbered_after_the_last(personas):
    complete_assessment(personas.case, by=personas.alice)
    draft = draft_for(personas)
    assert (draft.sequence, draft.status, draft.assessed_by) == (2, AssessmentStatus.DRAFT, personas.alice)


def test_a_new_version_starts_as_a_copy_and_leaves_the_current_one_untouched(personas):
    current = complete_assessment(
        personas.case,
        by=personas.bob,
        rosh="medium",
        needs={"accommodation": "severe"},
        who_is_at_risk="Neighbours",
        risks=[("public", "medium", "Threats to neighbours")],
    )
    draft = draft_for(personas)
    save(personas, draft, rosh_overall="low", who_is_at_risk="Nobody now")

    current.refresh_from_db()
    assert (current.status, current.rosh_overall, current.who_is_at_risk) == (
        "complete",
        "medium",
        "Neighbours",
    )
    assert NeedRating.objects.get(assessment=draft).severity == "severe"
    copied = IdentifiedRisk.objects.get(assessment=draft)
    assert copied.carried_from == current.identified_risks.get()
    assert copied.description == "Threats to neighbours"


def test_the_previous_version_is_superseded_only_when_the_new_one_is_complete(personas):
    first = complete_assessment(personas.case, by=personas.alice, rosh="medium")
    awaiting = submitted(personas, rosh="high")
    first.refresh_from_db()
    assert (first.status, awaiting.status) == ("complete", "awaiting_countersignature")

    services.assessment_countersign(by_user=personas.maria, assessment=awaiting)
    first.refresh_from_db()
    awaiting.refresh_from_db()
    assert (first.status, awaiting.status) == ("superseded", "complete")
    # The superseded version keeps what it said.
    assert first.rosh_overall == "medium"


def test_a_second_assessment_cannot_start_while_one_is_in_progress(personas):
    draft_for(personas)
    with pytest.raises(ValidationError, match="already an assessment in progress"):
        draft_for(personas, by=personas.bob)
    assert RiskAssessment.objects.filter(person=personas.case).count() == 1


def test_saving_a_draft_someone_else_saved_first_is_refused_and_changes_nothing(personas):
    draft = draft_for(personas)
    seen = draft.version
    save(personas, draft, rosh_overall="medium")
    with pytest.raises(StaleRecord):
        services.assessment_update(
            by_user=personas.alice, assessment=draft, version=seen, changes={"rosh_overall": "low"}, needs={}
        )
    assert RiskAssessment.objects.get(pk=draft.pk).rosh_overall == "medium"


def test_only_the_assessor_may_change_or_submit_their_draft(personas):
    draft = draft_for(personas)
    with pytest.raises(NotPermitted):
        save(personas, draft, by=personas.bob, rosh_overall="low")
    with pytest.raises(NotPermitted):
        services.assessment_submit(by_user=personas.bob, assessment=draft)


def test_need_ratings_are_saved_and_cleared_with_the_draft(personas):
    draft = draft_for(personas)
    save(personas, draft, needs={"drugs": "severe", "alcohol": "standard"})
    save(personas, draft, needs={"drugs": "", "alcohol": "none"})
    assert dict(NeedRating.objects.filter(assessment=draft).values_list("need", "severity")) == {
        "alcohol": "none"
    }


# --- submission -----------------------------------------------------------------------------------------


def test_a_low_risk_screening_is_complete_as_soon_as_it_is_submitted(personas):
    draft = draft_for(personas, kind="screening")
    save(personas, draft, rosh_overall="low")
    done = services.assessment_submit(by_user=personas.alice, assessment=draft)
    assert (done.status, done.completed_on is not None, done.countersigned_by) == ("complete", True, None)


def test_a_screening_that_finds_high_risk_must_become_a_full_analysis(personas):
    draft = draft_for(personas, kind="screening")
    save(personas, draft, rosh_overall="high")
    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(by_user=personas.alice, assessment=draft)
    assert "full analysis" in refused.value.message_dict["kind"][0]
    assert RiskAssessment.objects.get(pk=draft.pk).status == "draft"


def test_a_full_analysis_needs_who_what_when_and_every_need_rated_before_it_is_submitted(personas):
    draft = draft_for(personas)
    save(personas, draft, rosh_overall="medium", needs={"drugs": "severe"})
    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(by_user=personas.alice, assessment=draft)
    problems = refused.value.message_dict
    assert {"who_is_at_risk", "nature_of_risk", "imminence"} <= set(problems)
    assert "need_accommodation" in problems and "need_drugs" not in problems


def test_save_and_submit_saves_nothing_when_the_submission_is_refused(personas):
    draft = draft_for(personas)
    with pytest.raises(ValidationError):
        services.assessment_update_and_submit(
            by_user=personas.alice,
            assessment=draft,
            version=draft.version,
            changes={"rosh_overall": "medium", "who_is_at_risk": "Partner"},
            needs={"drugs": "severe"},
        )
    draft.refresh_from_db()
    assert (draft.status, draft.rosh_overall, draft.who_is_at_risk, draft.version) == ("draft", "", "", 1)
    assert not NeedRating.objects.filter(assessment=draft).exists()


# --- countersigning -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rosh", ["high", "very_high"])
def test_high_and_very_high_risk_wait_for_a_countersignature(personas, rosh):
    awaiting = submitted(personas, rosh=rosh)
    assert (awaiting.status, awaiting.completed_on) == ("awaiting_countersignature", None)
    assert not TierCalculation.objects.filter(person=personas.case).exists()


def test_the_spo_who_manages_the_team_countersigns_and_the_assessment_is_complete(personas):
    awaiting = submitted(personas, rosh="high")
    done = services.assessment_countersign(by_user=personas.maria, assessment=awaiting)
    assert (done.status, done.countersigned_by, done.countersigned_on) == (
        "complete",
        personas.maria,
        done.completed_on,
    )
    personas.case.refresh_from_db()
    assert personas.case.rosh == "high"


def test_an_officer_cannot_countersign_their_own_assessment(personas):
    awaiting = submitted(personas, rosh="high", by=personas.maria)
    with pytest.raises(NotPermitted, match="your own"):
        services.assessment_countersign(by_user=personas.maria, assessment=awaiting)
    assert RiskAssessment.objects.get(pk=awaiting.pk).status == "awaiting_countersignature"
    assert not services.may_countersign(personas.maria, awaiting, personas.case)


def test_an_spo_who_manages_another_team_cannot_countersign(personas):
    sam = f.staff("sam", team_=personas.other_team, grade="SPO", roles=("manager",))
    personas.other_team.manager = sam
    personas.other_team.save()
    awaiting = submitted(personas, rosh="high")
    with pytest.raises(NotPermitted):
        services.assessment_countersign(by_user=sam, assessment=awaiting)
    assert RiskAssessment.objects.get(pk=awaiting.pk).status == "awaiting_countersignature"


def test_a_colleague_who_is_not_a_senior_probation_officer_cannot_countersign(personas):
    awaiting = submitted(personas, rosh="high")
    with pytest.raises(NotPermitted):
        services.assessment_countersign(by_user=personas.bob, assessment=awaiting)


def test_an_spo_without_the_manager_role_cannot_countersign(personas):
    personas.maria.roles = ["quality_assurance"]
    personas.maria.save()
    awaiting = submitted(personas, rosh="high")
    with pytest.raises(NotPermitted):
        services.assessment_countersign(by_user=personas.maria, assessment=awaiting)


def test_the_head_of_service_for_the_area_may_countersign(personas):
    head = f.staff("helen", team_=personas.other_team, grade="HEAD", roles=("manager",))
    awaiting = submitted(personas, rosh="very_high")
    assert services.assessment_countersign(by_user=head, assessment=awaiting).status == "complete"


def test_another_providers_manager_cannot_countersign(personas):
    crc_spo = f.staff("carol", team_=personas.crc_team, grade="SPO", roles=("manager",))
    awaiting = submitted(personas, rosh="high")
    with pytest.raises(NotPermitted):
        services.assessment_countersign(by_user=crc_spo, assessment=awaiting)


def test_sending_an_assessment_back_makes_it_a_draft_again_and_records_why(personas):
    awaiting = submitted(personas, rosh="high")
    services.assessment_return(by_user=personas.maria, assessment=awaiting, reason="Say more about imminence")
    awaiting.refresh_from_db()
    assert (awaiting.status, awaiting.submitted_on) == ("draft", None)
    event = AuditEvent.objects.filter(object_id=str(awaiting.pk), summary__startswith="Returned").get()
    assert event.detail["reason"] == "Say more about imminence"
    assert event.user == personas.maria


def test_a_completed_assessment_cannot_be_countersigned_again(personas):
    done = services.assessment_countersign(
        by_user=personas.maria, assessment=submitted(personas, rosh="high")
    )
    with pytest.raises(ValidationError):
        services.assessment_countersign(by_user=personas.maria, assessment=done)


# --- access, audit, tier ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["charlie", "eddie", "ian"])
def test_people_who_may_not_change_the_case_cannot_start_an_assessment(personas, who):
    with pytest.raises(NotPermitted):
        draft_for(personas, by=getattr(personas, who))
    assert not RiskAssessment.objects.exists()


def test_saving_a_draft_is_audited_with_what_changed_before_and_after(personas):
    draft = draft_for(personas)
    save(personas, draft, rosh_overall="medium", needs={"drugs": "severe"})
    event = AuditEvent.objects.filter(person=personas.case, action="update").latest("id")
    assert event.user == personas.alice
    assert event.detail["changes"]["rosh_overall"] == ["", "medium"]
    assert event.detail["changes"]["need:drugs"] == [None, "severe"]


def test_completing_an_assessment_recalculates_the_tier_for_that_reason(personas):
    submitted(personas, rosh="medium")
    calculation = TierCalculation.objects.get(person=personas.case)
    assert calculation.reason == TierReason.ASSESSMENT
    assert calculation.inputs["rosh"] == "medium"
    assert calculation.inputs["needs"] == ALL_NEEDS_STANDARD


def test_identified_risks_are_added_and_removed_only_on_the_assessors_draft(personas):
    draft = draft_for(personas)
    risk = services.identified_risk_add(
        by_user=personas.alice, assessment=draft, group="known_adult", level="high", description="Ex-partner"
    )
    with pytest.raises(NotPermitted):
        services.identified_risk_remove(by_user=personas.bob, risk=risk)
    services.identified_risk_remove(by_user=personas.alice, risk=risk)
    assert not IdentifiedRisk.objects.exists()


def test_an_identified_risk_needs_who_level_and_description(personas):
    draft = draft_for(personas)
    with pytest.raises(ValidationError) as refused:
        services.identified_risk_add(
            by_user=personas.alice, assessment=draft, group="", level="", description=" "
        )
    assert set(refused.value.message_dict) == {"group", "level", "description"}


def test_a_draft_can_be_discarded_and_what_it_held_stays_in_the_audit_trail(personas):
    draft = draft_for(personas)
    save(personas, draft, rosh_overall="medium")
    services.assessment_discard(by_user=personas.alice, assessment=draft)
    assert not RiskAssessment.objects.exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.detail["before"]["rosh_overall"] == "medium"
