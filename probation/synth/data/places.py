"""Places for synthetic regions: areas with their towns, postcode districts, courts, offices and the
Community Rehabilitation Company that covered them (2014–2021). Names of offices and team names are
plausible, not a record of real ones."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Town:
    name: str
    districts: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class AreaData:
    name: str
    crn_letter: str
    crc_name: str
    crc_code: str
    towns: tuple[Town, ...]
    magistrates: tuple[str, ...]
    crown: tuple[str, ...]
    nps_offices: tuple[tuple[str, str], ...]  # (office name, town)
    crc_offices: tuple[tuple[str, str], ...]
    team_places: tuple[str, ...]
    # Ethnicity mix of the caseload, by 2011 census code (weights, not necessarily summing to 100).
    ethnicity: dict = field(default_factory=dict)
    weight: float = 1.0


MIDLANDS_ETHNICITY = {
    "W1": 80.0,
    "W2": 0.8,
    "W3": 0.7,
    "W9": 3.5,
    "M1": 2.2,
    "M2": 0.3,
    "M3": 0.7,
    "M9": 0.5,
    "A1": 2.0,
    "A2": 3.2,
    "A3": 0.3,
    "A4": 0.3,
    "A9": 0.6,
    "B1": 1.8,
    "B2": 1.2,
    "B9": 0.4,
    "O1": 0.2,
    "O9": 0.5,
    "NS": 0.8,
}

AREAS = {
    "Staffordshire & Stoke": AreaData(
        name="Staffordshire & Stoke",
        crn_letter="S",
        crc_name="Staffordshire and West Midlands CRC",
        crc_code="SWM",
        towns=(
            Town("Stoke-on-Trent", ("ST1", "ST2", "ST3", "ST4", "ST6"), 5.0),
            Town("Newcastle-under-Lyme", ("ST5",), 1.6),
            Town("Stafford", ("ST16", "ST17", "ST18"), 1.6),
            Town("Burton upon Trent", ("DE13", "DE14", "DE15"), 1.4),
            Town("Tamworth", ("B77", "B78", "B79"), 1.3),
            Town("Cannock", ("WS11", "WS12"), 1.3),
            Town("Lichfield", ("WS13", "WS14"), 0.8),
            Town("Leek", ("ST13",), 0.5),
            Town("Uttoxeter", ("ST14",), 0.4),
            Town("Kidsgrove", ("ST7",), 0.5),
            Town("Stone", ("ST15",), 0.3),
            Town("Rugeley", ("WS15",), 0.4),
            Town("Biddulph", ("ST8",), 0.3),
        ),
        magistrates=(
            "North Staffordshire Justice Centre",
            "Cannock Magistrates' Court",
            "Stafford Magistrates' Court",
            "Burton upon Trent Magistrates' Court",
        ),
        crown=("Stoke-on-Trent Crown Court", "Stafford Crown Court"),
        nps_offices=(
            ("Stoke-on-Trent, Melbourne House", "Stoke-on-Trent"),
            ("Stafford, Eastgate Street", "Stafford"),
            ("Burton upon Trent, Horninglow Street", "Burton upon Trent"),
        ),
        crc_offices=(
            ("Hanley, Town Road", "Stoke-on-Trent"),
            ("Newcastle-under-Lyme, Brunswick Street", "Newcastle-under-Lyme"),
            ("Cannock, Beecroft Road", "Cannock"),
            ("Tamworth, Marmion Street", "Tamworth"),
            ("Leek, Stockwell Street", "Leek"),
        ),
        team_places=(
            "Stoke North",
            "Stoke South",
            "Stoke Central",
            "Newcastle",
            "Stafford",
            "Burton",
            "Tamworth",
            "Cannock",
            "Lichfield",
            "Leek & Moorlands",
            "Kidsgrove",
            "Stone & Uttoxeter",
            "Rugeley",
            "Longton",
            "Hanley",
            "Meir",
            "Fenton",
            "Burslem",
            "Tunstall",
            "Bentilee",
        ),
        ethnicity={**MIDLANDS_ETHNICITY, "W1": 84.0, "A2": 2.8, "A1": 1.0},
        weight=1.1,
    ),
    "Derbyshire": AreaData(
        name="Derbyshire",
        crn_letter="D",
        crc_name="Derbyshire, Leicestershire, Nottinghamshire and Rutland CRC",
        crc_code="DLNR",
        towns=(
            Town("Derby", ("DE1", "DE21", "DE22", "DE23", "DE24"), 5.0),
            Town("Chesterfield", ("S40", "S41"), 2.0),
            Town("Ilkeston", ("DE7",), 0.8),
            Town("Long Eaton", ("NG10",), 0.8),
            Town("Swadlincote", ("DE11",), 0.7),
            Town("Buxton", ("SK17",), 0.5),
            Town("Glossop", ("SK13",), 0.6),
            Town("Matlock", ("DE4",), 0.4),
            Town("Belper", ("DE56",), 0.4),
            Town("Ripley", ("DE5",), 0.5),
            Town("Heanor", ("DE75",), 0.5),
            Town("Alfreton", ("DE55",), 0.5),
            Town("Staveley", ("S43",), 0.4),
            Town("Bolsover", ("S44",), 0.4),
            Town("Dronfield", ("S18",), 0.3),
        ),
        magistrates=(
            "Southern Derbyshire Magistrates' Court",
            "Northern Derbyshire Magistrates' Court",
            "High Peak Magistrates' Court",
        ),
        crown=("Derby Crown Court",),
        nps_offices=(("Derby, St Mary's Wharf", "Derby"), ("Chesterfield, Brimington Road", "Chesterfield")),
        crc_offices=(
            ("Derby, Siddals Road", "Derby"),
            ("Chesterfield, Markham Road", "Chesterfield"),
            ("Ilkeston, Bath Street", "Ilkeston"),
            ("Buxton, Terrace Road", "Buxton"),
            ("Swadlincote, Civic Way", "Swadlincote"),
        ),
        team_places=(
            "Derby City North",
            "Derby City South",
            "Derby Central",
            "Chesterfield",
            "Erewash",
            "High Peak",
            "Amber Valley",
            "South Derbyshire",
            "Bolsover & North East",
            "Derbyshire Dales",
            "Normanton",
            "Alvaston",
            "Mackworth",
            "Staveley",
            "Glossop",
        ),
        ethnicity={**MIDLANDS_ETHNICITY, "W1": 78.0, "A2": 5.0, "A1": 2.6, "W9": 4.5, "B2": 1.5},
        weight=1.0,
    ),
    "Nottinghamshire": AreaData(
        name="Nottinghamshire",
        crn_letter="N",
        crc_name="Derbyshire, Leicestershire, Nottinghamshire and Rutland CRC",
        crc_code="DLNR",
        towns=(
            Town("Nottingham", ("NG1", "NG3", "NG5", "NG7", "NG8"), 5.0),
            Town("Mansfield", ("NG18", "NG19"), 1.5),
            Town("Worksop", ("S80", "S81"), 0.8),
            Town("Newark", ("NG24",), 0.6),
        ),
        magistrates=("Nottingham Magistrates' Court", "Mansfield Magistrates' Court"),
        crown=("Nottingham Crown Court",),
        nps_offices=(("Nottingham, Castle Quay", "Nottingham"),),
        crc_offices=(
            ("Nottingham, Lower Parliament Street", "Nottingham"),
            ("Mansfield, Great Central Road", "Mansfield"),
        ),
        team_places=(
            "Nottingham City",
            "Nottingham North",
            "Nottingham South",
            "Mansfield",
            "Ashfield",
            "Bassetlaw",
            "Newark & Sherwood",
            "Gedling",
            "Broxtowe",
            "Rushcliffe",
        ),
        ethnicity={**MIDLANDS_ETHNICITY, "W1": 72.0, "B1": 3.5, "A2": 4.5, "M1": 3.5},
    ),
    "Leicestershire": AreaData(
        name="Leicestershire",
        crn_letter="L",
        crc_name="Derbyshire, Leicestershire, Nottinghamshire and Rutland CRC",
        crc_code="DLNR",
        towns=(
            Town("Leicester", ("LE1", "LE2", "LE3", "LE4", "LE5"), 5.0),
            Town("Loughborough", ("LE11",), 1.2),
            Town("Hinckley", ("LE10",), 0.8),
            Town("Coalville", ("LE67",), 0.7),
            Town("Oakham", ("LE15",), 0.3),
        ),
        magistrates=("Leicester Magistrates' Court", "Loughborough Magistrates' Court"),
        crown=("Leicester Crown Court",),
        nps_offices=(("Leicester, Charles Street", "Leicester"),),
        crc_offices=(
            ("Leicester, Pocklington's Walk", "Leicester"),
            ("Loughborough, Southfield Road", "Loughborough"),
        ),
        team_places=(
            "Leicester City East",
            "Leicester City West",
            "Leicester Central",
            "Loughborough & Charnwood",
            "Hinckley & Bosworth",
            "North West Leicestershire",
            "Melton & Rutland",
            "Oadby & Wigston",
        ),
        ethnicity={**MIDLANDS_ETHNICITY, "W1": 62.0, "A1": 14.0, "A2": 3.0, "B2": 2.5},
    ),
    "West Midlands": AreaData(
        name="West Midlands",
        crn_letter="W",
        crc_name="Staffordshire and West Midlands CRC",
        crc_code="SWM",
        towns=(
            Town("Birmingham", ("B5", "B8", "B10", "B11", "B21", "B23", "B31", "B33"), 6.0),
            Town("Wolverhampton", ("WV1", "WV2", "WV10"), 1.8),
            Town("Walsall", ("WS1", "WS2", "WS3"), 1.6),
            Town("Coventry", ("CV1", "CV2", "CV6"), 2.0),
            Town("Dudley", ("DY1", "DY2"), 1.2),
            Town("West Bromwich", ("B70", "B71"), 1.0),
        ),
        magistrates=(
            "Birmingham Magistrates' Court",
            "Wolverhampton Magistrates' Court",
            "Walsall Magistrates' Court",
            "Coventry Magistrates' Court",
        ),
        crown=("Birmingham Crown Court", "Wolverhampton Crown Court", "Coventry Crown Court"),
        nps_offices=(
            ("Birmingham, Victoria Square", "Birmingham"),
            ("Wolverhampton, Union Street", "Wolverhampton"),
        ),
        crc_offices=(
            ("Birmingham, Steelhouse Lane", "Birmingham"),
            ("Walsall, Lichfield Street", "Walsall"),
            ("Coventry, Warwick Road", "Coventry"),
        ),
        team_places=(
            "Birmingham North",
            "Birmingham South",
            "Birmingham East",
            "Birmingham West",
            "Birmingham Central",
            "Wolverhampton",
            "Walsall",
            "Coventry",
            "Dudley",
            "Sandwell",
            "Solihull",
            "Erdington",
            "Handsworth",
            "Small Heath",
            "Selly Oak",
            "Northfield",
        ),
        ethnicity={**MIDLANDS_ETHNICITY, "W1": 55.0, "A2": 10.0, "B1": 6.0, "A1": 5.0, "M1": 4.0, "B2": 3.0},
    ),
}


def area_data(name: str) -> AreaData:
    """The data for a known area, or a plain made-up one for any other name."""
    if name in AREAS:
        return AREAS[name]
    initials = "".join(word[0] for word in name.split() if word[:1].isalpha()).upper() or "X"
    district = (initials * 2)[:2]
    return AreaData(
        name=name,
        crn_letter=initials[0],
        crc_name=f"{name} CRC",
        crc_code=(initials[:3] + "CRC")[:10],
        towns=(Town(name, tuple(f"{district}{n}" for n in range(1, 6)), 1.0),),
        magistrates=(f"{name} Magistrates' Court",),
        crown=(f"{name} Crown Court",),
        nps_offices=((f"{name}, Central", name),),
        crc_offices=((f"{name}, North", name), (f"{name}, South", name)),
        team_places=tuple(f"{name} {suffix}" for suffix in ("North", "South", "East", "West", "Central")),
        ethnicity=dict(MIDLANDS_ETHNICITY),
    )


STREETS = (
    "Church Street",
    "High Street",
    "Victoria Road",
    "Station Road",
    "Park Road",
    "London Road",
    "Queen Street",
    "King Street",
    "Hartshill Road",
    "Waterloo Road",
    "Uttoxeter Road",
    "Ashbourne Road",
    "Normanton Road",
    "Leek Road",
    "Lichfield Road",
    "Burton Road",
    "Derby Road",
    "Nottingham Road",
    "Chesterfield Road",
    "Newcastle Road",
    "Stafford Street",
    "Market Street",
    "Mill Lane",
    "School Lane",
    "Green Lane",
    "Manor Road",
    "Albert Street",
    "Wellington Road",
    "Grove Road",
    "Oak Avenue",
    "Beech Close",
    "Elm Grove",
    "Ash Tree Close",
    "Meadow Way",
    "Orchard Close",
    "Springfield Road",
    "Moorland Road",
    "Trentham Road",
    "Werrington Road",
    "Sandon Road",
    "Weston Road",
    "Stone Road",
    "Cannock Road",
    "Wolverhampton Road",
    "Tamworth Road",
    "Osmaston Road",
    "Kedleston Road",
    "Burton Road",
    "Sheffield Road",
    "Chatsworth Road",
    "Buxton Road",
    "Abbey Street",
    "Brook Street",
    "Canal Side",
    "Forge Lane",
    "Pottery Lane",
    "Kiln Close",
    "Colliery Road",
    "Railway Terrace",
    "Cross Street",
)

APPROVED_PREMISES = (
    "Wenger House Approved Premises",
    "Staitheford House Approved Premises",
    "Crowley House Approved Premises",
    "Burdett Lodge Approved Premises",
)

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
