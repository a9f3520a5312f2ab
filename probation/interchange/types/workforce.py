"""Providers, areas, offices, teams, staff, responsible officers and case involvements."""

from probation.workforce.constants import Role

from ..fields import Boolean, Choice, ChoiceList, Date, Hours, Ref, String
from ..registry import Lookup, Problems, RecordType, Unique, register
from .caseload import sync_caseloads


def _ends_after_start(record: dict, _lookup: Lookup) -> Problems:
    end, start = record.get("end_date"), record.get("start_date")
    if end is not None and start is not None and end < start:
        return [("end_date", "The end date must be on or after the start date")]
    return []


def _new_staff(_record: dict) -> dict:
    # Imported staff cannot sign in until someone sets their password (demo set-up does so for a few).
    from django.contrib.auth.hashers import make_password

    return {"password": make_password(None)}


def _staff_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    team = lookup.get("team", record.get("team"))
    if team is not None:
        if record.get("provider") != team["provider"]:
            problems.append(("provider", f"must be the team's provider ({team['provider']})"))
        if record.get("area") is not None and record["area"] != team["area"]:
            problems.append(("area", f"must be the team's area ({team['area']})"))
    return problems


def _assignment_problems(record: dict, lookup: Lookup) -> Problems:
    problems = _ends_after_start(record, lookup)
    team = lookup.get("team", record.get("team"))
    if team is not None and team["provider"] != record.get("provider"):
        problems.append(("team", f"belongs to {team['provider']}, not {record.get('provider')}"))
    officer = lookup.get("staff", record.get("officer"))
    if officer is not None and officer["provider"] is None:
        problems.append(("officer", "a responsible officer must work for a provider"))
    return problems


register(
    RecordType(
        name="provider",
        model="workforce.Provider",
        doc="An organisation that supervises people on probation: the public National Probation Service "
        "or a private Community Rehabilitation Company.",
        order=10,
        fields=[
            String("name", required=True, doc="Full name, unique.", example="National Probation Service"),
            String("code", required=True, doc="Short code, unique.", example="NPS"),
            Choice(
                "sector", attr="type", required=True, doc="Whether the provider is public or privately owned."
            ),
        ],
        unique=[
            Unique(("name",), "another provider has this name"),
            Unique(("code",), "another provider has this code"),
        ],
    )
)

register(
    RecordType(
        name="area",
        model="workforce.Area",
        doc="A geographical area (a probation area, later a Probation Delivery Unit).",
        order=11,
        fields=[String("name", required=True, doc="Name, unique.", example="Staffordshire & Stoke")],
        unique=[Unique(("name",), "another area has this name")],
    )
)

register(
    RecordType(
        name="office",
        model="workforce.Office",
        doc="A building a provider works from in an area.",
        order=12,
        fields=[
            String("name", required=True, doc="Name of the office.", example="Stafford, Eastgate Street"),
            Ref("provider", "provider", required=True, doc="The provider that runs the office."),
            Ref("area", "area", required=True, doc="The area the office is in."),
            String("address", doc="Postal address, lines separated by newlines."),
        ],
    )
)

register(
    RecordType(
        name="team",
        model="workforce.Team",
        doc="A team of practitioners, led by a manager (usually a senior probation officer).",
        order=13,
        fields=[
            String("name", required=True, doc="Name, unique within the provider.", example="Stoke North"),
            Ref("provider", "provider", required=True, doc="The provider the team belongs to."),
            Ref("area", "area", required=True, doc="The area the team covers."),
            Ref("office", "office", doc="The office the team works from."),
            Ref("manager", "staff", deferred=True, doc="The member of staff who manages the team."),
        ],
        unique=[Unique(("provider", "name"), "the provider already has a team with this name")],
    )
)

register(
    RecordType(
        name="staff",
        model="workforce.Staff",
        doc="A member of staff (or an external inspector) who may sign in. Imports carry no passwords: "
        "an imported account cannot sign in until its password is set. Accounts without an id (local "
        "administrators) are not exported.",
        order=14,
        fields=[
            String("username", required=True, doc="Sign-in name, unique.", example="sarah.khan"),
            String("first_name", required=True, doc="Given name."),
            String("last_name", required=True, doc="Family name."),
            String("email", doc="Work email address."),
            Ref("provider", "provider", doc="Employer; absent for inspectors."),
            Ref("area", "area", doc="The area the member of staff works in."),
            Ref("team", "team", doc="Team; its provider must be the member of staff's provider."),
            Choice("grade", doc="Probation grade; empty for other staff."),
            ChoiceList("roles", choices=Role.values, doc="What the member of staff does; several allowed."),
            String("phone", doc="Work telephone number."),
            Boolean("active", attr="is_active", doc="False when the account is closed. Default true."),
            Hours(
                "contracted_hours",
                doc="Hours a week in the member of staff's contract; workload capacity is measured "
                "against them. Default 37 (full time).",
            ),
        ],
        unique=[Unique(("username",), "another member of staff has this username")],
        validate=_staff_problems,
        on_create=_new_staff,
        export_filter={"external_id__isnull": False},
    )
)

register(
    RecordType(
        name="ro_assignment",
        model="workforce.ResponsibleOfficerAssignment",
        doc="A period during which a named officer was the responsible officer for a person. A person "
        "has at most one open assignment (no end date); the import makes the person's current "
        "provider, team and officer those of the open assignment.",
        order=40,
        fields=[
            Ref("person", "person", required=True, doc="The person supervised."),
            Ref("officer", "staff", required=True, doc="The responsible officer."),
            Ref("provider", "provider", required=True, doc="The provider managing the case in this period."),
            Ref(
                "team", "team", required=True, doc="The officer's team in this period; of the same provider."
            ),
            Date("start_date", required=True, doc="First day of the assignment."),
            Date("end_date", doc="Last day; absent while the assignment is current."),
            Choice("reason", required=True, doc="Why the case was (re)allocated."),
            String("reason_detail", doc="More about the reason."),
        ],
        unique=[
            Unique(
                ("person",),
                "the person already has an open assignment",
                blame="end_date",
                when=lambda r: r.get("end_date") is None,
            )
        ],
        validate=_assignment_problems,
        after_write=sync_caseloads,
    )
)

register(
    RecordType(
        name="case_involvement",
        model="workforce.CaseInvolvement",
        doc="A provider other than the managing one with a role on a case (court work, an intervention, "
        "a serious further offence review); its staff may read the case while it is open.",
        order=41,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Ref("provider", "provider", required=True, doc="The provider involved."),
            Choice("role", required=True, doc="What the provider does on the case."),
            Date("start_date", required=True, doc="First day of the involvement."),
            Date("end_date", doc="Last day; absent while it is open."),
        ],
        validate=_ends_after_start,
    )
)
