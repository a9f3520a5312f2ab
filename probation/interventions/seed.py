"""Reference entries for the interventions directories of Staffordshire & Stoke and Derbyshire.

Accredited programme names are the national programmes' names. Local partner agencies carry
descriptive names rather than claiming to be a particular real organisation, except the public
bodies every area works with (the police force, the councils' children's services, Jobcentre Plus).
Waiting times and capacities are illustrative; staff keep them current through the directory.

`install` takes model classes, so the data migration can pass its historical models and the
synthetic-data generator its real ones."""

import hashlib
import re

STAFFORDSHIRE = "Staffordshire & Stoke"
DERBYSHIRE = "Derbyshire"

# (name, kind, contact details) per area
PARTNERS = {
    STAFFORDSHIRE: [
        ("Staffordshire Police", "police", "Public protection unit, via the secure email in the case record"),
        ("Stoke-on-Trent Children's Services", "childrens_services", "Front door: 01782 000 101"),
        ("Staffordshire Children's Services", "childrens_services", "Front door: 01785 000 102"),
        ("Staffordshire Adult Social Care", "adult_social_care", "Safeguarding adults team: 01785 000 103"),
        (
            "North Staffordshire Drug and Alcohol Recovery Service",
            "substance_misuse",
            "Hanley hub: 01782 000 104",
        ),
        (
            "South Staffordshire Drug and Alcohol Recovery Service",
            "substance_misuse",
            "Stafford hub: 01785 000 105",
        ),
        ("Potteries Women's Centre", "womens_services", "Referrals: 01782 000 106"),
        ("Stoke Housing Advice and Tenancy Support", "housing", "Housing options: 01782 000 107"),
        ("Jobcentre Plus, Hanley", "employment", "Partnership manager: 01782 000 108"),
        ("Staffordshire Employment and Skills Hub", "employment", "01782 000 109"),
        ("Staffordshire Money and Debt Advice", "finance", "01782 000 110"),
        ("North Staffordshire Community Mental Health Team", "mental_health", "Duty worker: 01782 000 111"),
        ("Staffordshire MAPPA coordination unit", "mappa", "MAPPA coordinator: 01785 000 112"),
        ("Staffordshire Young Adults Mentoring Network", "voluntary", "01782 000 113"),
    ],
    DERBYSHIRE: [
        (
            "Derbyshire Constabulary",
            "police",
            "Public protection unit, via the secure email in the case record",
        ),
        ("Derby City Children's Services", "childrens_services", "Front door: 01332 000 201"),
        ("Derbyshire Children's Services", "childrens_services", "Starting point: 01629 000 202"),
        ("Derbyshire Adult Social Care", "adult_social_care", "Call Derbyshire: 01629 000 203"),
        ("Derbyshire Drug and Alcohol Recovery Service", "substance_misuse", "Derby hub: 01332 000 204"),
        ("Derwent Women's Centre", "womens_services", "Referrals: 01332 000 205"),
        ("Derby Housing Options and Tenancy Support", "housing", "01332 000 206"),
        ("Jobcentre Plus, Derby", "employment", "Partnership manager: 01332 000 207"),
        ("Peak and Derwent Money Advice", "finance", "01629 000 208"),
        ("Derbyshire Community Mental Health Team", "mental_health", "Duty worker: 01332 000 209"),
        ("Derbyshire MAPPA coordination unit", "mappa", "MAPPA coordinator: 01629 000 210"),
        ("Derbyshire Young Adults Mentoring Network", "voluntary", "01332 000 211"),
    ],
}


def _entry(
    name,
    category,
    needs,
    description,
    *,
    partner=None,
    sex="any",
    max_rosh="",
    requires="",
    rar=False,
    capacity=20,
    waiting=0,
    sessions=None,
):
    return {
        "name": name,
        "category": category,
        "needs": needs,
        "description": description,
        "partner": partner,
        "sex": sex,
        "max_rosh": max_rosh,
        "required_requirement": requires,
        "counts_as_rar": rar,
        "capacity": capacity,
        "waiting_weeks": waiting,
        "expected_sessions": sessions,
    }


def _common(
    area: str,
    *,
    drugs: str,
    women: str,
    housing: str,
    jobs: str,
    money: str,
    mind: str,
    mentors: str,
    waits: dict,
) -> list[dict]:
    """The services both areas offer; waiting times and capacity differ by area."""
    return [
        _entry(
            "Building Better Relationships",
            "accredited_programme",
            ["relationships", "attitudes"],
            "Accredited group programme for men who have been violent or abusive to an intimate partner: "
            "24 group sessions with individual sessions before, during and after.",
            sex="male",
            max_rosh="high",
            requires="programme",
            capacity=24,
            waiting=waits["bbr"],
            sessions=28,
        ),
        _entry(
            "Thinking Skills Programme",
            "accredited_programme",
            ["thinking_behaviour", "attitudes"],
            "Accredited programme for self-control, problem solving and managing relationships: "
            "15 group and 4 individual sessions.",
            max_rosh="high",
            requires="programme",
            capacity=30,
            waiting=waits["tsp"],
            sessions=19,
        ),
        _entry(
            "Horizon",
            "accredited_programme",
            ["thinking_behaviour", "attitudes", "relationships"],
            "Accredited programme for men convicted of a sexual offence, assessed as medium risk or above: "
            "group sessions over about 31 weeks.",
            sex="male",
            requires="programme",
            capacity=10,
            waiting=waits["horizon"],
            sessions=31,
        ),
        _entry(
            "Kaizen",
            "accredited_programme",
            ["thinking_behaviour", "attitudes"],
            "Accredited programme for men assessed as high or very high risk of sexual or violent offending, "
            "including intimate-partner violence.",
            sex="male",
            requires="programme",
            capacity=8,
            waiting=waits["kaizen"],
            sessions=52,
        ),
        _entry(
            "Rehabilitation activity: thinking and behaviour",
            "rar_activity",
            ["thinking_behaviour"],
            "One-to-one or small-group structured sessions on consequential thinking and decision making.",
            requires="rar",
            rar=True,
            capacity=40,
            waiting=waits["rar"],
            sessions=6,
        ),
        _entry(
            "Rehabilitation activity: managing emotions",
            "rar_activity",
            ["emotional_wellbeing", "lifestyle"],
            "Sessions on recognising and managing anger, anxiety and stress.",
            requires="rar",
            rar=True,
            capacity=40,
            waiting=waits["rar"],
            sessions=6,
        ),
        _entry(
            "Rehabilitation activity: victim awareness",
            "rar_activity",
            ["attitudes"],
            "Sessions on the effect of offending on victims, families and communities.",
            requires="rar",
            rar=True,
            capacity=40,
            waiting=waits["rar"],
            sessions=4,
        ),
        _entry(
            "Women's centre: holistic support",
            "womens_service",
            ["emotional_wellbeing", "relationships", "accommodation", "finance"],
            "Women-only keyworker support at the women's centre: relationships, domestic abuse, wellbeing, "
            "housing and money. Can be delivered as rehabilitation activity days.",
            partner=women,
            sex="female",
            max_rosh="high",
            rar=True,
            capacity=30,
            waiting=waits["women"],
            sessions=12,
        ),
        _entry(
            "Drug rehabilitation requirement treatment",
            "drug_treatment",
            ["drugs"],
            "Community drug treatment with regular drug testing and court reviews for people on a DRR.",
            partner=drugs,
            requires="drug_rehabilitation",
            capacity=60,
            waiting=waits["drr"],
            sessions=26,
        ),
        _entry(
            "Alcohol treatment requirement treatment",
            "alcohol_treatment",
            ["alcohol"],
            "Structured alcohol treatment for people on an ATR, with breath tests at sessions.",
            partner=drugs,
            requires="alcohol_treatment",
            capacity=40,
            waiting=waits["atr"],
            sessions=12,
        ),
        _entry(
            "Alcohol and drug brief intervention",
            "other",
            ["alcohol", "drugs"],
            "Four sessions of advice and motivational work for people not on a treatment requirement.",
            partner=drugs,
            rar=True,
            capacity=40,
            waiting=waits["brief"],
            sessions=4,
        ),
        _entry(
            "Housing advice and tenancy sustainment",
            "accommodation",
            ["accommodation"],
            "Help to find and keep a home: homelessness applications, landlord liaison, tenancy skills.",
            partner=housing,
            max_rosh="high",
            rar=True,
            capacity=40,
            waiting=waits["housing"],
            sessions=6,
        ),
        _entry(
            "Employment, training and education support",
            "ete",
            ["ete"],
            "Work-readiness, CVs, disclosure advice, training courses and links to employers.",
            partner=jobs,
            max_rosh="high",
            rar=True,
            capacity=50,
            waiting=waits["ete"],
            sessions=8,
        ),
        _entry(
            "Money, benefit and debt advice",
            "finance",
            ["finance"],
            "Benefit claims, budgeting, debt management and bank accounts.",
            partner=money,
            rar=True,
            capacity=40,
            waiting=waits["money"],
            sessions=4,
        ),
        _entry(
            "Emotional wellbeing support",
            "wellbeing",
            ["emotional_wellbeing"],
            "Assessment and short-term support for low mood, anxiety and trauma; onward referral if needed.",
            partner=mind,
            max_rosh="high",
            rar=True,
            capacity=25,
            waiting=waits["mind"],
            sessions=8,
        ),
        _entry(
            "Mentoring for young adults",
            "other",
            ["lifestyle", "ete"],
            "Volunteer mentors for people aged 18 to 25: lifestyle, associates and routine.",
            partner=mentors,
            max_rosh="medium",
            rar=True,
            capacity=20,
            waiting=waits["mentors"],
            sessions=10,
        ),
    ]


INTERVENTIONS = {
    STAFFORDSHIRE: _common(
        STAFFORDSHIRE,
        drugs="North Staffordshire Drug and Alcohol Recovery Service",
        women="Potteries Women's Centre",
        housing="Stoke Housing Advice and Tenancy Support",
        jobs="Staffordshire Employment and Skills Hub",
        money="Staffordshire Money and Debt Advice",
        mind="North Staffordshire Community Mental Health Team",
        mentors="Staffordshire Young Adults Mentoring Network",
        waits={
            "bbr": 14,
            "tsp": 9,
            "horizon": 20,
            "kaizen": 26,
            "rar": 2,
            "women": 1,
            "drr": 2,
            "atr": 3,
            "brief": 1,
            "housing": 2,
            "ete": 3,
            "money": 2,
            "mind": 8,
            "mentors": 6,
        },
    ),
    DERBYSHIRE: _common(
        DERBYSHIRE,
        drugs="Derbyshire Drug and Alcohol Recovery Service",
        women="Derwent Women's Centre",
        housing="Derby Housing Options and Tenancy Support",
        jobs="Jobcentre Plus, Derby",
        money="Peak and Derwent Money Advice",
        mind="Derbyshire Community Mental Health Team",
        mentors="Derbyshire Young Adults Mentoring Network",
        waits={
            "bbr": 8,
            "tsp": 6,
            "horizon": 16,
            "kaizen": 30,
            "rar": 1,
            "women": 2,
            "drr": 1,
            "atr": 2,
            "brief": 1,
            "housing": 3,
            "ete": 2,
            "money": 1,
            "mind": 10,
            "mentors": 4,
        },
    ),
}


# Stable external ids, so the migration's rows, the synthetic-data generator's records and an
# exported file all name the same entry the same way.


def _slug(text: str, length: int) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:length].strip("-")


def _stable_id(prefix: str, area_name: str, name: str) -> str:
    digest = hashlib.sha1(f"{area_name}|{name}".encode()).hexdigest()[:6]
    return f"{prefix}-{_slug(area_name, 12)}-{_slug(name, 28)}-{digest}"


def partner_id(area_name: str, name: str) -> str:
    return _stable_id("partner", area_name, name)


def intervention_id(area_name: str, name: str) -> str:
    return _stable_id("intervention", area_name, name)


def need_id(intervention_external_id: str, need: str) -> str:
    return f"need-{hashlib.sha1(intervention_external_id.encode()).hexdigest()[:10]}-{need}"


def partners_for(area_name: str) -> list[tuple[str, str, str]]:
    """The partner agencies of an area: the reference list for a known area, otherwise a plain set
    of descriptive names built from the area's name."""
    if area_name in PARTNERS:
        return PARTNERS[area_name]
    return [
        (f"{area_name} Police", "police", ""),
        (f"{area_name} Children's Services", "childrens_services", ""),
        (f"{area_name} Adult Social Care", "adult_social_care", ""),
        (f"{area_name} Drug and Alcohol Recovery Service", "substance_misuse", ""),
        (f"{area_name} Women's Centre", "womens_services", ""),
        (f"{area_name} Housing Advice and Tenancy Support", "housing", ""),
        (f"{area_name} Employment and Skills Hub", "employment", ""),
        (f"{area_name} Money and Debt Advice", "finance", ""),
        (f"{area_name} Community Mental Health Team", "mental_health", ""),
        (f"{area_name} MAPPA coordination unit", "mappa", ""),
        (f"{area_name} Young Adults Mentoring Network", "voluntary", ""),
    ]


def interventions_for(area_name: str) -> list[dict]:
    """The directory entries of an area: the reference list for a known area, otherwise the same
    services delivered by the area's generic partners."""
    if area_name in INTERVENTIONS:
        return INTERVENTIONS[area_name]
    return _common(
        area_name,
        drugs=f"{area_name} Drug and Alcohol Recovery Service",
        women=f"{area_name} Women's Centre",
        housing=f"{area_name} Housing Advice and Tenancy Support",
        jobs=f"{area_name} Employment and Skills Hub",
        money=f"{area_name} Money and Debt Advice",
        mind=f"{area_name} Community Mental Health Team",
        mentors=f"{area_name} Young Adults Mentoring Network",
        waits={
            "bbr": 10,
            "tsp": 8,
            "horizon": 18,
            "kaizen": 26,
            "rar": 2,
            "women": 2,
            "drr": 2,
            "atr": 2,
            "brief": 1,
            "housing": 3,
            "ete": 2,
            "money": 2,
            "mind": 8,
            "mentors": 5,
        },
    )


def install(
    Area, PartnerAgency, Intervention, InterventionNeed, *, areas=(STAFFORDSHIRE, DERBYSHIRE), today=None
):
    """Create the directory entries for each named area, creating the area if it is missing.
    Idempotent: an entry that already exists (same area and name) is left as it is."""
    for area_name in areas:
        area, _ = Area.objects.get_or_create(name=area_name, defaults={"external_id": f"area-{area_name}"})
        partners = {}
        for name, kind, contact in partners_for(area_name):
            partners[name], _ = PartnerAgency.objects.get_or_create(
                name=name,
                area=area,
                defaults={
                    "kind": kind,
                    "contact_details": contact,
                    "external_id": partner_id(area_name, name),
                },
            )
        for entry in interventions_for(area_name):
            fields = {k: v for k, v in entry.items() if k not in {"name", "needs", "partner"}}
            external_id = intervention_id(area_name, entry["name"])
            intervention, created = Intervention.objects.get_or_create(
                area=area,
                name=entry["name"],
                defaults={
                    **fields,
                    "partner": partners.get(entry["partner"]),
                    "availability_updated_on": today,
                    "external_id": external_id,
                },
            )
            if created:
                InterventionNeed.objects.bulk_create(
                    [
                        InterventionNeed(
                            intervention=intervention, need=need, external_id=need_id(external_id, need)
                        )
                        for need in entry["needs"]
                    ]
                )


def assign_stable_ids(Area, PartnerAgency, Intervention, InterventionNeed) -> None:
    """Give rows seeded before ids were stable the ids `install` now gives them."""
    for area in Area.objects.filter(name__in=list(INTERVENTIONS)):
        for agency in PartnerAgency.objects.filter(area=area):
            agency.external_id = partner_id(area.name, agency.name)
            agency.save(update_fields=["external_id"])
        for intervention in Intervention.objects.filter(area=area):
            intervention.external_id = intervention_id(area.name, intervention.name)
            intervention.save(update_fields=["external_id"])
    for need in InterventionNeed.objects.select_related("intervention"):
        need.external_id = need_id(need.intervention.external_id, need.need)
        need.save(update_fields=["external_id"])
