"""Stalled referrals and action plans on the officer's home page; the seeded directories."""

from datetime import timedelta

from django.apps import apps

from probation.core.models import ReferenceValue
from probation.home import due as home_due
from probation.interventions import due, seed, selectors, services
from probation.interventions.models import Intervention, InterventionNeed, PartnerAgency, Referral
from probation.workforce.models import Area
from tests import factories as f


def age(referral, days, today):
    Referral.objects.filter(pk=referral.pk).update(last_progress_on=today - timedelta(days=days))
    referral.refresh_from_db()
    return referral


# --- Stalled referrals --------------------------------------------------------------------------------


def test_a_referral_with_no_progress_for_the_configured_days_is_due_for_its_officer(
    personas, make_intervention, refer, today
):
    fresh = refer(make_intervention("Fresh"))
    stale = age(refer(make_intervention("Stale")), 20, today)
    items = due.due_items(personas.alice, today)
    assert [i.kind for i in items] == ["interventions.stalled"]
    [item] = items
    assert item.person == personas.case
    assert item.title.startswith("Stale: referred with no progress since")
    assert item.due == stale.last_progress_on + timedelta(days=14)
    assert item.overdue
    assert item.action_url.endswith(f"/referrals/{stale.pk}/")
    assert fresh.pk not in [int(i.action_url.rstrip("/").rsplit("/", 1)[1]) for i in items]


def test_the_stalled_days_are_reference_data(personas, make_intervention, refer, today):
    age(refer(make_intervention()), 10, today)
    assert due.due_items(personas.alice, today) == []
    ReferenceValue.objects.create(key="interventions.stalled_days", value=7)
    assert len(due.due_items(personas.alice, today)) == 1


def test_an_ended_referral_awaiting_its_report_is_due_until_the_report_arrives(
    personas, make_intervention, in_progress, today
):
    referral = in_progress(make_intervention("Ended"))
    referral = services.referral_end_early(
        by_user=personas.alice, referral=referral, version=referral.version, reason="moved_area"
    )
    referral = age(referral, 15, today)
    [item] = due.due_items(personas.alice, today)
    assert "the end-of-service report has not arrived" in item.title
    services.referral_submit_report(
        by_user=personas.bob,
        referral=referral,
        version=referral.version,
        outcome="not_achieved",
        text="Moved to Derbyshire",
    )
    assert due.due_items(personas.alice, today) == []


def test_declined_referrals_are_never_due(personas, make_intervention, refer, today):
    referral = refer(make_intervention())
    services.referral_decline(by_user=personas.bob, referral=referral, version=1, reason="other")
    age(referral, 100, today)
    assert due.due_items(personas.alice, today) == []


def test_an_action_plan_waiting_for_approval_is_due_for_the_officer(
    personas, make_intervention, refer, today
):
    referral = refer(make_intervention("Planned"))
    referral = services.referral_accept(by_user=personas.bob, referral=referral, version=1)
    services.referral_submit_action_plan(
        by_user=personas.bob, referral=referral, version=2, action_plan="Plan"
    )
    [item] = due.due_items(personas.alice, today)
    assert item.kind == "interventions.action_plan"
    assert item.action_url.endswith("/action-plan/approve/")
    assert not item.overdue


def test_only_the_officers_own_visible_cases_count(personas, make_intervention, refer, today, grant_case):
    age(refer(make_intervention()), 30, today)
    assert due.due_items(personas.bob, today) == []  # not bob's case
    grant_case(personas.case, personas.ian)
    assert due.due_items(personas.ian, today) == []
    assert due.due_items(personas.charlie, today) == []


def test_due_items_take_a_fixed_number_of_queries(
    personas, make_intervention, refer, today, django_assert_max_num_queries
):
    for n in range(12):
        other = f.person(officer=personas.alice, last_name=f"Due{n}")
        f.sentence(other)
        age(refer(make_intervention(), person=other), 30, today)
    with django_assert_max_num_queries(5):
        items = due.due_items(personas.alice, today)
    assert len(items) == 12


def test_the_home_page_finds_this_provider(personas):
    assert "probation.interventions.due" in [p.module for p in home_due.providers()]
    assert home_due.kind_headings()["interventions.stalled"] == "Stalled referrals"


# --- The seeded directories ---------------------------------------------------------------------------


def test_both_areas_have_a_directory_after_migrating(db):
    for area_name in (seed.STAFFORDSHIRE, seed.DERBYSHIRE):
        entries = Intervention.objects.filter(area__name=area_name)
        categories = set(entries.values_list("category", flat=True))
        assert {
            "accredited_programme",
            "rar_activity",
            "womens_service",
            "drug_treatment",
            "alcohol_treatment",
            "accommodation",
            "ete",
            "finance",
            "wellbeing",
        } <= categories, area_name
        assert not entries.filter(needs__isnull=True).exists(), area_name


def test_seeded_eligibility_reflects_the_services(db):
    staffs = Intervention.objects.filter(area__name=seed.STAFFORDSHIRE)
    assert staffs.get(name="Building Better Relationships").sex == "male"
    assert staffs.get(name="Building Better Relationships").required_requirement == "programme"
    assert staffs.get(name="Women's centre: holistic support").sex == "female"
    assert (
        staffs.get(name="Drug rehabilitation requirement treatment").required_requirement
        == "drug_rehabilitation"
    )
    assert staffs.get(name="Drug rehabilitation requirement treatment").partner.kind == "substance_misuse"
    assert (
        staffs.get(name="Alcohol treatment requirement treatment").required_requirement == "alcohol_treatment"
    )
    assert set(staffs.filter(category="rar_activity").values_list("counts_as_rar", flat=True)) == {True}


def test_the_seed_is_idempotent_and_does_not_overwrite_edited_availability(db):
    entry = Intervention.objects.get(area__name=seed.DERBYSHIRE, name="Thinking Skills Programme")
    Intervention.objects.filter(pk=entry.pk).update(waiting_weeks=40)
    counts = (
        Area.objects.count(),
        PartnerAgency.objects.count(),
        Intervention.objects.count(),
        InterventionNeed.objects.count(),
    )
    seed.install(Area, PartnerAgency, Intervention, InterventionNeed)
    assert (
        Area.objects.count(),
        PartnerAgency.objects.count(),
        Intervention.objects.count(),
        InterventionNeed.objects.count(),
    ) == counts
    assert Intervention.objects.get(pk=entry.pk).waiting_weeks == 40


def test_the_seed_can_fill_a_new_area_with_historical_models(db):
    Intervention.objects.all().delete()
    PartnerAgency.objects.all().delete()
    seed.install(
        apps.get_model("workforce", "Area"),
        apps.get_model("interventions", "PartnerAgency"),
        apps.get_model("interventions", "Intervention"),
        apps.get_model("interventions", "InterventionNeed"),
        areas=(seed.DERBYSHIRE,),
    )
    assert Intervention.objects.filter(area__name=seed.DERBYSHIRE).count() == len(
        seed.INTERVENTIONS[seed.DERBYSHIRE]
    )
    assert not Intervention.objects.filter(area__name=seed.STAFFORDSHIRE).exists()


def test_every_seeded_partner_named_by_an_intervention_exists(db):
    for area_name, entries in seed.INTERVENTIONS.items():
        partners = {name for name, _, _ in seed.PARTNERS[area_name]}
        for entry in entries:
            assert entry["partner"] is None or entry["partner"] in partners, (area_name, entry["name"])


def test_the_directory_selector_counts_places_taken(personas, make_intervention, refer):
    intervention = make_intervention(capacity=2)
    referral = refer(intervention)
    assert selectors.intervention_detail(intervention.pk).places_taken == 0  # referred: no place yet
    services.referral_accept(by_user=personas.bob, referral=referral, version=1)
    assert selectors.intervention_detail(intervention.pk).places_taken == 1


# --- The directory's eligibility filter agrees with the rule ------------------------------------------


def test_the_eligible_only_filter_agrees_with_the_eligibility_rule(personas, make_intervention, today):
    import itertools

    from probation.interventions import rules
    from probation.interventions.models import Intervention
    from probation.workforce.models import Area

    area = Area.objects.create(name="Gridshire", external_id="area-gridshire")
    grid = itertools.product(
        ["any", "male", "female"], ["", "medium", "high"], ["", "rar", "programme"], [True, False], [0, 3, 20]
    )
    for n, (sex, limit, needed, accepting, weeks) in enumerate(grid):
        make_intervention(
            f"Grid {n}",
            area=area,
            sex=sex,
            max_rosh=limit,
            required_requirement=needed,
            accepting_referrals=accepting,
            waiting_weeks=weeks,
        )
    entries = selectors.with_places_taken(Intervention.objects.filter(area=area))
    people = [
        rules.Candidate(sex=sex, rosh=rosh, requirement_types=frozenset(reqs), sentence_end=end)
        for sex, rosh, reqs, end in itertools.product(
            ["male", "female"],
            ["", "low", "high", "very_high"],
            [(), ("rar",), ("rar", "programme")],
            [None, today + timedelta(weeks=5), today - timedelta(days=1), today + timedelta(days=20)],
        )
    ]
    for candidate in people:
        by_rule = {
            e.pk for e in entries if rules.eligibility(candidate, selectors.offer_for(e), today).eligible
        }
        by_query = set(selectors.eligible_for(entries, candidate, today).values_list("pk", flat=True))
        assert by_query == by_rule, candidate


def test_the_officers_home_page_lists_a_stalled_referral(
    personas, make_intervention, refer, today, client_for
):
    from django.urls import reverse

    age(refer(make_intervention("Stuck Course")), 30, today)
    page = client_for(personas.alice).get(reverse("home")).content.decode()
    assert "Stalled referrals" in page
    assert "Stuck Course" in page
