"""Assessment and planning indicators on hand-built cases: met, not met, not applicable, needs a human,
and the days at the edge of a deadline (a bank holiday among them)."""

from datetime import date

import pytest

from probation.lib.workingdays import add_working_days
from tests.inspection.test_indicators_builders import (
    Org,
    assessment,
    case,
    objective,
    outcome,
    plan,
    result,
)

pytestmark = pytest.mark.django_db
START = date(2026, 1, 5)  # a Monday
DUE = add_working_days(START, 15)  # 26 January 2026


@pytest.fixture
def org():
    return Org()


# assessment_timely -----------------------------------------------------------------------------------
def test_an_assessment_completed_on_its_last_day_is_on_time(org):
    person, _ = case(org.officer, start=START)
    ra = assessment(person, DUE)
    assert result(person, "assessment_timely") == (True, True, "risk.riskassessment", ra.pk)


def test_an_assessment_completed_the_day_after_is_late(org):
    person, _ = case(org.officer, start=START)
    assessment(person, date(2026, 1, 27))
    assert outcome(person, "assessment_timely") == "not met"


def test_no_assessment_once_it_is_due_is_not_met(org):
    person, _ = case(org.officer, start=START)
    assert result(person, "assessment_timely") == (True, False, "risk.riskassessment", None)


def test_an_assessment_not_yet_due_is_not_applicable(org):
    person, _ = case(org.officer, start=date(2026, 2, 23))
    assert outcome(person, "assessment_timely") == "not applicable"


def test_a_case_without_a_current_sentence_is_not_applicable(org):
    from tests import factories as f

    person = f.person(officer=org.officer)
    assert outcome(person, "assessment_timely") == "not applicable"


def test_an_assessment_from_shortly_before_the_sentence_needs_a_human(org):
    person, _ = case(org.officer, start=START)
    ra = assessment(person, date(2025, 11, 20))
    assert result(person, "assessment_timely") == (True, None, "risk.riskassessment", ra.pk)


def test_the_highest_tier_has_five_working_days(org):
    person, _ = case(org.officer, start=START, tier="A2")
    assessment(person, add_working_days(START, 6))
    assert outcome(person, "assessment_timely") == "not met"
    other, _ = case(org.officer, start=START, tier="A2")
    assessment(other, add_working_days(START, 5))
    assert outcome(other, "assessment_timely") == "met"


def test_bank_holidays_are_not_working_days(org):
    # Thursday 2 April 2026: Good Friday and Easter Monday fall inside the fifteen working days.
    start = date(2026, 4, 2)
    assert add_working_days(start, 15) == date(2026, 4, 27)
    on_time, _ = case(org.officer, start=start)
    assessment(on_time, date(2026, 4, 27))
    late, _ = case(org.officer, start=start)
    assessment(late, date(2026, 4, 28))
    assert outcome(on_time, "assessment_timely", on=date(2026, 5, 5)) == "met"
    assert outcome(late, "assessment_timely", on=date(2026, 5, 5)) == "not met"


def test_a_draft_does_not_count(org):
    person, _ = case(org.officer, start=START)
    assessment(person, date(2026, 1, 10), status="draft")
    assert outcome(person, "assessment_timely") == "not met"


def test_facts_dated_after_the_day_computed_for_are_not_seen(org):
    person, _ = case(org.officer, start=START)
    assessment(person, date(2026, 1, 22))
    assert outcome(person, "assessment_timely", on=date(2026, 1, 20)) == "not applicable"
    assert outcome(person, "assessment_timely", on=date(2026, 1, 22)) == "met"


# plan_timely -----------------------------------------------------------------------------------------
def test_a_plan_completed_by_its_due_date_is_on_time(org):
    person, disposal = case(org.officer, start=START)
    p = plan(person, disposal, starts_from=START, due_by=DUE, completed_on=DUE)
    assert result(person, "plan_timely") == (True, True, "plans.sentenceplan", p.pk)


def test_a_plan_completed_after_its_due_date_is_late(org):
    person, disposal = case(org.officer, start=START)
    plan(person, disposal, starts_from=START, due_by=DUE, completed_on=date(2026, 1, 27))
    assert outcome(person, "plan_timely") == "not met"


def test_a_plan_submitted_in_time_but_countersigned_late_needs_a_human(org):
    person, disposal = case(org.officer, start=START)
    plan(
        person,
        disposal,
        starts_from=START,
        due_by=DUE,
        submitted_on=date(2026, 1, 23),
        completed_on=date(2026, 2, 2),
        needs_countersignature=True,
        countersigned_by=org.manager,
    )
    assert outcome(person, "plan_timely") == "needs a human"


def test_no_plan_after_the_default_deadline_is_not_met_and_before_it_not_applicable(org):
    start = date(2026, 4, 2)
    person, _ = case(org.officer, start=start)
    assert outcome(person, "plan_timely", on=date(2026, 4, 27)) == "not applicable"
    assert outcome(person, "plan_timely", on=date(2026, 4, 28)) == "not met"


def test_a_plan_for_an_earlier_sentence_does_not_count(org):
    person, disposal = case(org.officer, start=START)
    plan(
        person,
        disposal,
        starts_from=date(2025, 6, 2),
        due_by=date(2025, 6, 23),
        completed_on=date(2025, 6, 20),
        status="superseded",
    )
    assert outcome(person, "plan_timely") == "not met"


# plan_addresses_needs --------------------------------------------------------------------------------
NEEDS = {"accommodation": "severe", "ete": "standard", "finance": "none"}


def _planned_case(org, *, requirements=("unpaid_work",)):
    person, disposal = case(org.officer, start=START, requirements=requirements)
    assessment(person, date(2026, 1, 15), needs=NEEDS)
    p = plan(person, disposal, starts_from=START, due_by=DUE, completed_on=date(2026, 1, 20))
    return person, disposal, p


def test_a_plan_naming_every_need_and_tying_every_requirement_is_met(org):
    person, disposal, p = _planned_case(org)
    objective(p, needs=["accommodation"], requirements=disposal.requirements.all())
    objective(p, needs=["ete", "finance"])
    assert result(person, "plan_addresses_needs") == (True, True, "plans.sentenceplan", p.pk)


def test_a_need_no_objective_names_is_not_met(org):
    person, disposal, p = _planned_case(org)
    objective(p, needs=["accommodation"], requirements=disposal.requirements.all())
    objective(p, needs=["ete"], status="no_longer_needed")
    assert outcome(person, "plan_addresses_needs") == "not met"


def test_a_requirement_no_objective_is_tied_to_is_not_met(org):
    person, _, p = _planned_case(org)
    objective(p, needs=["accommodation", "ete"])
    assert outcome(person, "plan_addresses_needs") == "not met"


def test_objectives_that_name_no_needs_need_a_human(org):
    person, disposal, p = _planned_case(org)
    objective(p, needs=[], requirements=disposal.requirements.all())
    assert outcome(person, "plan_addresses_needs") == "needs a human"


def test_no_needs_and_no_requirements_is_not_applicable(org):
    person, disposal = case(org.officer, start=START, requirements=())
    assessment(person, date(2026, 1, 15), needs={"accommodation": "none"})
    plan(person, disposal, starts_from=START, due_by=DUE, completed_on=date(2026, 1, 20))
    assert outcome(person, "plan_addresses_needs") == "not applicable"


def test_no_completed_plan_is_not_applicable(org):
    person, disposal = case(org.officer, start=START)
    assessment(person, date(2026, 1, 15), needs=NEEDS)
    plan(person, disposal, starts_from=START, due_by=DUE)
    assert outcome(person, "plan_addresses_needs") == "not applicable"


# diversity_considered --------------------------------------------------------------------------------
def test_adjustments_recorded_for_an_interpreter_is_met(org):
    person, disposal = case(org.officer, start=START, interpreter_required=True)
    p = plan(
        person,
        disposal,
        starts_from=START,
        due_by=DUE,
        completed_on=date(2026, 1, 20),
        adjustments="Polish interpreter booked for every appointment",
    )
    assert result(person, "diversity_considered") == (True, True, "plans.sentenceplan", p.pk)


def test_no_adjustments_for_a_disability_is_not_met(org):
    person, disposal = case(org.officer, start=START, disability="Uses a wheelchair")
    plan(person, disposal, starts_from=START, due_by=DUE, completed_on=date(2026, 1, 20))
    assert outcome(person, "diversity_considered") == "not met"


def test_no_adjustments_for_caring_responsibilities_needs_a_human(org):
    person, disposal = case(org.officer, start=START, caring_responsibilities="Two children under five")
    plan(person, disposal, starts_from=START, due_by=DUE, completed_on=date(2026, 1, 20))
    assert outcome(person, "diversity_considered") == "needs a human"


def test_no_recorded_diversity_need_or_no_plan_is_not_applicable(org):
    person, disposal = case(org.officer, start=START)
    plan(person, disposal, starts_from=START, due_by=DUE, completed_on=date(2026, 1, 20))
    assert outcome(person, "diversity_considered") == "not applicable"
    unplanned, _ = case(org.officer, start=START, literacy_need=True)
    assert outcome(unplanned, "diversity_considered") == "not applicable"
