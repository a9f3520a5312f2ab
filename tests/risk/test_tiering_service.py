"""The tier is worked out from recorded facts by the pure rule, stored with its inputs and the reason
it ran, and recalculated whenever one of those facts changes."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from probation.audit.models import AuditEvent
from probation.core.models import ReferenceValue
from probation.people.models import Person
from probation.risk import services
from probation.risk.constants import TierReason
from probation.risk.models import FlagType, Registration, TierCalculation
from probation.risk.rules import calculate_tier, tier_inputs_from_mapping
from probation.sentences.models import Disposal
from tests import factories as f
from tests.risk.risk_record_builders import (
    complete_assessment,
    days_ago,
    mappa,
    register,
    supervised_person,
    today,
)


def recalc(person, reason=TierReason.ASSESSMENT):
    return services.tier_recalculate(person=person, reason=reason)


def test_a_calculation_is_stored_with_its_inputs_and_reason_and_the_person_is_updated(personas):
    person = supervised_person(personas.alice)
    complete_assessment(
        person,
        by=personas.alice,
        rosh="high",
        rsr=4.5,
        ogrs=64,
        needs={"drugs": "severe", "thinking_behaviour": "severe", "attitudes": "standard"},
    )
    calculation = recalc(person)

    # protect: RoSH high 20 beats RSR 10 → B; change: drugs 2 + thinking 4 + attitudes 2 + OGRS 6 = 14 → 2
    assert (calculation.tier, calculation.protect_points, calculation.change_points) == ("B2", 20, 14)
    assert calculation.reason == "assessment" and calculation.changed
    assert calculation.inputs == {
        "sex": "male",
        "as_of": today().isoformat(),
        "rosh": "high",
        "rsr": 4.5,
        "mappa_level": None,
        "complexity_flags": [],
        "women_factors": [],
        "custodial": False,
        "requirements": ["rar"],
        "needs": {"attitudes": "standard", "drugs": "severe", "thinking_behaviour": "severe"},
        "needs_assessed_on": today().isoformat(),
        "ogrs": 64,
        "iom": False,
    }
    person.refresh_from_db()
    assert (person.tier, person.rosh) == ("B2", "high")


def test_the_stored_inputs_replay_to_the_stored_tier(personas):
    person = supervised_person(personas.alice, sex="female")
    complete_assessment(
        person,
        by=personas.alice,
        rosh="medium",
        ogrs=35,
        women_parenting=True,
        needs={"accommodation": "severe"},
    )
    register(person, "RMDO")
    calculation = recalc(person)
    replayed = calculate_tier(tier_inputs_from_mapping(calculation.inputs))
    assert replayed.tier == calculation.tier == "C1"  # 10 + 2 (mental health) + 2 (parenting) = 14 → C


def test_a_second_calculation_with_the_same_result_is_stored_as_unchanged(personas):
    person = supervised_person(personas.alice)
    assert recalc(person).changed
    again = recalc(person, TierReason.RECALCULATION)
    assert not again.changed
    assert TierCalculation.objects.filter(person=person).count() == 2


def test_an_unknown_reason_is_refused(personas):
    with pytest.raises(ValueError):
        recalc(personas.case, "because")


# --- each input, from the database ---------------------------------------------------------------------


def test_mappa_level_two_makes_the_case_protect_level_a(personas):
    person = supervised_person(personas.alice)
    mappa(person, level=2)
    assert recalc(person).tier.startswith("A")


def test_ended_mappa_and_deregistered_flags_no_longer_count(personas):
    person = supervised_person(personas.alice)
    mappa(person, level=3, end_date=days_ago(1))
    register(person, "RMDO", deregistered_on=days_ago(1))
    calculation = recalc(person)
    assert (calculation.inputs["mappa_level"], calculation.inputs["complexity_flags"]) == (None, [])


def test_each_complexity_flag_counts_once_whatever_its_order(personas):
    person = supervised_person(personas.alice)
    for code in ("RTAO", "RMDO", "ALSH"):
        register(person, code)
    calculation = recalc(person)
    assert calculation.inputs["complexity_flags"] == ["mental_health", "self_harm", "terrorism"]
    assert calculation.protect_points == 6


def test_women_factors_from_flags_and_the_assessment_count_only_for_women(personas):
    FlagType.objects.filter(code="ADV").update(women_factor="impulsivity_temper")
    woman = supervised_person(personas.alice, sex="female")
    man = supervised_person(personas.alice)
    for person in (woman, man):
        complete_assessment(person, by=personas.alice, women_breach_or_recall=True)
        register(person, "ADV")
    assert recalc(woman).protect_points == 4
    assert recalc(man).protect_points == 0


def test_the_iom_flag_makes_an_integrated_offender_management_nominal(personas):
    person = supervised_person(personas.alice)
    complete_assessment(person, by=personas.alice, needs={"drugs": "severe"})
    register(person, "IIOM")
    calculation = recalc(person)
    assert calculation.inputs["iom"] is True
    assert calculation.change_points == 4


def test_a_current_licence_gives_a_mandate_for_change(personas):
    person = f.person(officer=personas.alice)
    f.sentence(person, type="licence", start=days_ago(30), requirements=())
    calculation = recalc(person)
    assert calculation.inputs["custodial"] is True
    assert calculation.tier == "D2"  # no needs assessment in the last 55 weeks


def test_unpaid_work_alone_gives_no_mandate_for_change(personas):
    assert recalc(personas.case).tier == "D0"


def test_an_ended_sentence_and_its_requirements_no_longer_count(personas):
    person = supervised_person(personas.alice)
    Disposal.objects.filter(event__person=person).update(terminated_on=days_ago(1))
    calculation = recalc(person)
    assert (calculation.inputs["requirements"], calculation.tier) == ([], "D0")


def test_a_needs_assessment_older_than_55_weeks_puts_the_change_level_at_two(personas):
    person = supervised_person(personas.alice)
    complete_assessment(
        person, by=personas.alice, needs={"drugs": "none"}, completed_on=today() - timedelta(weeks=56)
    )
    assert recalc(person).tier == "D2"


def test_only_the_latest_complete_assessment_counts(personas):
    person = supervised_person(personas.alice)
    complete_assessment(person, by=personas.alice, rosh="very_high")
    complete_assessment(person, by=personas.alice, rosh="low")
    assert recalc(person).inputs["rosh"] == "low"


def test_policy_can_change_the_thresholds_through_reference_data(personas):
    person = supervised_person(personas.alice)
    complete_assessment(person, by=personas.alice, rsr=6.95)
    assert recalc(person).protect_points == 10
    ReferenceValue.objects.create(key="tier.config", value={"rsr_high_from": 6.9})
    assert recalc(person).protect_points == 20


# --- every change of an input recalculates --------------------------------------------------------------


def test_adding_and_removing_a_registration_recalculates_the_tier(personas):
    person = supervised_person(personas.alice)
    registration = services.registration_add(
        by_user=personas.alice, person=person, flag=FlagType.objects.get(code="RCHD"), registered_on=today()
    )
    added = TierCalculation.objects.filter(person=person).latest("id")
    assert (added.reason, added.inputs["complexity_flags"]) == ("registration", ["risk_to_children"])

    services.registration_deregister(
        by_user=personas.alice,
        registration=registration,
        deregistered_on=today(),
        reason="Children moved away",
    )
    removed = TierCalculation.objects.filter(person=person).latest("id")
    assert (removed.reason, removed.inputs["complexity_flags"]) == ("registration", [])


def test_starting_and_ending_mappa_recalculates_the_tier(personas):
    person = supervised_person(personas.alice)
    record = services.mappa_add(
        by_user=personas.alice,
        person=person,
        category=2,
        level=2,
        start_date=today(),
        review_due=today() + timedelta(days=112),
    )
    person.refresh_from_db()
    assert person.tier.startswith("A")
    services.mappa_end(by_user=personas.alice, mappa=record, end_date=today())
    person.refresh_from_db()
    reasons = list(TierCalculation.objects.filter(person=person).values_list("reason", flat=True))
    assert reasons == ["mappa", "mappa"]
    assert person.tier.startswith("D")


def test_a_tier_change_is_audited_with_before_and_after(personas):
    person = supervised_person(personas.alice)
    mappa(person, level=3)
    services.tier_recalculate(person=person, reason=TierReason.MAPPA, by_user=personas.maria)
    event = AuditEvent.objects.get(person=person, summary__startswith="Tier")
    assert event.user == personas.maria
    assert event.detail["changes"]["tier"] == ["", "A2"]


def test_tier_inputs_for_shows_what_the_tier_would_be_worked_out_from(personas):
    person = supervised_person(personas.alice)
    register(person, "STRG")
    assert services.tier_inputs_for(person)["complexity_flags"] == ["street_gangs"]


# --- a whole region ------------------------------------------------------------------------------------


def small_region(personas):
    """A dozen people with a spread of facts: assessments, flags, MAPPA, licences, women's factors."""
    people = []
    for i in range(12):
        sex = "female" if i % 3 == 0 else "male"
        if i % 4 == 0:
            person = f.person(officer=personas.alice, sex=sex, last_name=f"Region{i}")
            f.sentence(person, type="licence", start=days_ago(40), requirements=())
        else:
            person = supervised_person(
                personas.alice,
                sex=sex,
                last_name=f"Region{i}",
                requirements=(("rar", 10),) if i % 2 else (("curfew", 8),),
            )
        if i % 2 == 0:
            complete_assessment(
                person,
                by=personas.alice,
                rosh=["low", "medium", "high", "very_high"][i % 4],
                rsr=[1.5, 3.2, 7.5][i % 3],
                ogrs=10 * (i % 9) + 5,
                women_parenting=bool(i % 3 == 0),
                needs={"drugs": "severe", "attitudes": ["none", "standard", "severe"][i % 3]},
            )
        if i % 3 == 1:
            register(person, ["RMDO", "IIOM", "RVLN"][i % 3])
        if i % 5 == 0:
            mappa(person, level=1 + i % 3)
        people.append(person)
    return people


def test_recalculating_a_region_gives_each_person_the_tier_a_single_recalculation_gives(personas):
    people = small_region(personas) + [personas.case]
    summary = services.tier_recalculate_all(reason=TierReason.RECALCULATION, batch_size=5)
    assert summary.calculated == Person.objects.count() and not summary.refused
    bulk = {c.person_id: c for c in TierCalculation.objects.filter(reason="recalculation")}

    for person in people:
        single = services.tier_recalculate(person=person, reason=TierReason.IMPORT)
        assert (single.tier, single.protect_points, single.change_points, single.inputs) == (
            bulk[person.pk].tier,
            bulk[person.pk].protect_points,
            bulk[person.pk].change_points,
            bulk[person.pk].inputs,
        ), person.last_name
        assert not single.changed
    tiers = dict(Person.objects.values_list("pk", "tier"))
    assert all(tiers[p.pk] == bulk[p.pk].tier for p in people)
    assert len({c.tier for c in bulk.values()}) >= 4


def test_recalculating_a_region_takes_the_same_number_of_queries_however_many_people(personas):
    small_region(personas)
    with CaptureQueriesContext(connection) as few:
        services.tier_recalculate_all(batch_size=1000)
    small_region(personas)
    small_region(personas)
    with CaptureQueriesContext(connection) as many:
        services.tier_recalculate_all(batch_size=1000)
    assert Person.objects.count() > 30

    def reads_and_inserts(queries):
        # Updates are one per distinct (tier, RoSH) pair that moved: bounded by the bands, not the people.
        return [q for q in queries.captured_queries if not q["sql"].startswith('UPDATE "people_person"')]

    assert len(reads_and_inserts(many)) == len(reads_and_inserts(few)) <= 15
    assert len(many) <= 15 + 16 * 5


def test_recalculating_a_region_can_be_limited_to_some_people(personas):
    small_region(personas)
    only = Person.objects.filter(pk=personas.case.pk)
    summary = services.tier_recalculate_all(people=only)
    assert summary.calculated == 1
    assert list(TierCalculation.objects.values_list("person_id", flat=True)) == [personas.case.pk]


def test_people_whose_facts_the_rule_refuses_are_reported_and_skipped(personas):
    person = supervised_person(personas.alice)
    complete_assessment(
        person, by=personas.alice, completed_on=today() + timedelta(days=3), needs={"drugs": "none"}
    )
    summary = services.tier_recalculate_all()
    assert [pid for pid, _ in summary.refused] == [person.pk]
    assert "future" in summary.refused[0][1]
    assert not TierCalculation.objects.filter(person=person).exists()


def test_the_tiers_command_recalculates_every_tier_and_reports(personas):
    small_region(personas)
    out = StringIO()
    call_command("tiers", "recalculate", "--no-progress", stdout=out, stderr=StringIO())
    assert f"Recalculated {Person.objects.count()} of {Person.objects.count()} tiers" in out.getvalue()
    assert TierCalculation.objects.filter(reason="recalculation").count() == Person.objects.count()
    assert not Person.objects.filter(tier="").exists()


def test_the_tiers_command_can_limit_itself_to_a_provider(personas):
    f.person(officer=personas.charlie)
    call_command("tiers", "recalculate", "--provider", "CRC", "--no-progress", stdout=StringIO())
    assert TierCalculation.objects.count() == 1


def test_registrations_counted_are_only_those_registered_by_the_calculation_date(personas):
    person = supervised_person(personas.alice)
    Registration.objects.create(
        external_id="future",
        person=person,
        flag=FlagType.objects.get(code="RMDO"),
        registered_on=today() + timedelta(days=2),
        review_due=today() + timedelta(days=200),
    )
    assert recalc(person).inputs["complexity_flags"] == []
