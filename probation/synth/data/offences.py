"""Offences on a probation caseload: how common each category is as the main offence, how often it
is serious enough to go to the National Probation Service, and how offences are described."""

# category: (share of main offences, share that are serious, descriptions (serious ones first))
CATEGORIES = {
    "violence": (
        23.0,
        0.30,
        [
            "Wounding with intent to cause grievous bodily harm",
            "Inflicting grievous bodily harm",
            "Assault occasioning actual bodily harm",
            "Assault by beating",
            "Common assault",
            "Assault on an emergency worker",
            "Threats to kill",
            "Harassment putting people in fear of violence",
            "Controlling or coercive behaviour",
            "Possession of a bladed article",
        ],
    ),
    "robbery": (3.0, 1.0, ["Robbery", "Assault with intent to rob"]),
    "public_order": (
        6.0,
        0.0,
        [
            "Affray",
            "Using threatening words or behaviour",
            "Racially aggravated public order",
            "Violent disorder",
        ],
    ),
    "sexual_not_child": (2.5, 1.0, ["Sexual assault", "Rape", "Exposure", "Voyeurism"]),
    "sexual_child": (
        2.0,
        1.0,
        [
            "Sexual activity with a child",
            "Making indecent photographs of a child",
            "Possession of indecent photographs of a child",
        ],
    ),
    "soliciting": (0.3, 0.0, ["Loitering or soliciting for the purposes of prostitution"]),
    "burglary_domestic": (4.0, 0.15, ["Burglary (dwelling)", "Aggravated burglary (dwelling)"]),
    "burglary_other": (2.5, 0.0, ["Burglary (non-dwelling)", "Going equipped for burglary"]),
    "theft_non_motor": (
        13.0,
        0.0,
        ["Theft from a shop", "Theft", "Theft by an employee", "Theft from the person"],
    ),
    "handling": (1.5, 0.0, ["Handling stolen goods"]),
    "fraud_forgery": (
        4.5,
        0.0,
        [
            "Fraud by false representation",
            "Possession of articles for use in fraud",
            "Benefit fraud",
            "Forgery",
        ],
    ),
    "absconding_bail": (1.2, 0.0, ["Failing to surrender to bail"]),
    "taking_driving_away": (
        1.5,
        0.0,
        ["Taking a motor vehicle without consent", "Aggravated vehicle taking"],
    ),
    "theft_from_vehicles": (1.5, 0.0, ["Theft from a motor vehicle", "Interfering with a motor vehicle"]),
    "other_motoring": (
        7.0,
        0.0,
        ["Driving while disqualified", "Dangerous driving", "Driving without insurance"],
    ),
    "drink_driving": (6.0, 0.0, ["Driving with excess alcohol", "Failing to provide a specimen"]),
    "criminal_damage": (5.0, 0.05, ["Arson", "Criminal damage", "Racially aggravated criminal damage"]),
    "drug_import_export_production": (
        1.2,
        0.5,
        ["Being concerned in the supply of a controlled drug (class A)", "Production of cannabis"],
    ),
    "drug_possession_supply": (
        9.0,
        0.1,
        [
            "Possession with intent to supply a controlled drug (class A)",
            "Possession of a controlled drug (class B)",
            "Possession of a controlled drug (class A)",
        ],
    ),
    "other": (
        4.0,
        0.0,
        [
            "Breach of a restraining order",
            "Breach of a non-molestation order",
            "Possession of an offensive weapon",
            "Perverting the course of justice",
        ],
    ),
}

# Offences often sentenced with the main one.
COMPANIONS = {
    "violence": ["criminal_damage", "public_order", "other"],
    "robbery": ["violence", "theft_non_motor"],
    "burglary_domestic": ["theft_non_motor", "criminal_damage"],
    "burglary_other": ["theft_non_motor", "criminal_damage"],
    "theft_non_motor": ["theft_non_motor", "absconding_bail", "drug_possession_supply"],
    "drink_driving": ["other_motoring"],
    "other_motoring": ["other_motoring", "drink_driving"],
    "drug_possession_supply": ["drug_possession_supply", "other"],
    "taking_driving_away": ["other_motoring", "theft_from_vehicles"],
}


def describe(category: str, serious: bool, rng) -> str:
    share, serious_share, descriptions = CATEGORIES[category]
    if serious_share in (0.0, 1.0) or len(descriptions) == 1:
        return rng.choice(descriptions)
    # The first descriptions are the serious ones, in proportion to how often the category is serious.
    cut = max(1, round(len(descriptions) * serious_share))
    return rng.choice(descriptions[:cut] if serious else descriptions[cut:] or descriptions)
