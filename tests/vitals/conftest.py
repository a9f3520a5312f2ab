import pytest
from django.utils import timezone

from probation.inspection.models import CaseIndicator
from tests import factories as f


def results(person, **by_slug):
    """Write stored case results: slug=True/False/None (met), or "na" for not applicable."""
    for slug, met in by_slug.items():
        CaseIndicator.objects.update_or_create(
            person=person,
            indicator=slug,
            defaults={
                "applicable": met != "na",
                "met": None if met == "na" else met,
                "evidence_type": "plans.sentenceplan",
                "evidence_id": None,
                "computed_at": timezone.now(),
            },
        )


def caseload(officer, n, *, met, slug="plan_timely", name="Case", undecided=0, sentence=None):
    """n cases for the officer: the first `met` meet the vital, the next `undecided` need a human.
    With `sentence` (a disposal type) each case has that sentence."""
    people = []
    for k in range(n):
        person = f.person(officer=officer, last_name=f"{name}{k:02d}")
        if sentence:
            f.sentence(person, type=sentence, requirements=())
        results(person, **{slug: True if k < met else (None if k < met + undecided else False)})
        people.append(person)
    return people


@pytest.fixture
def world(personas):
    """The personas; mark manages the Stafford team, hana heads the area. Five more probation officers
    in Stafford give the area a benchmark for timely plans (50, 67, 67, 83, 100 %); alice has six
    cases with one plan on time (17 %), mostly community sentences like theirs; bob five licence cases
    with four (80 %), and no officer with a caseload like his to compare with."""
    p = personas
    p.mark = f.staff("mark", team_=p.other_team, grade="SPO", roles=("manager",))
    p.other_team.manager = p.mark
    p.other_team.save()
    p.hana = f.staff("hana", team_=p.team, grade="HEAD", roles=("manager",))
    p.peers = [f.staff(f"peer{k}", team_=p.other_team) for k in range(5)]
    for peer, met in zip(p.peers, (3, 4, 4, 5, 6), strict=True):
        caseload(peer, 6, met=met, name=peer.username)
    results(p.case, plan_timely=True)  # Jordan Archer
    p.alice_cases = [p.case, *caseload(p.alice, 5, met=0, name="Alice")]
    p.bob_cases = caseload(p.bob, 5, met=4, name="Bob", sentence="licence")
    p.crc_cases = caseload(p.charlie, 5, met=5, name="Private")
    return p
