"""People on probation, their aliases and addresses, and who may or may not open their record."""

from django.utils import timezone

from probation.lib.identifiers import is_valid_crn, validate_pnc

from ..fields import Boolean, Choice, Date, Ref, String
from ..registry import Lookup, Problems, RecordType, Unique, register
from .caseload import current_caseload


def _crn(value: str) -> str:
    if not is_valid_crn(value):
        raise ValueError(f"{value!r} is not a CRN: expected one capital letter and six digits, like X123456")
    return value


def _person_problems(record: dict, _lookup: Lookup) -> Problems:
    if record["date_of_birth"] >= timezone.localdate():
        return [("date_of_birth", "must be in the past")]
    return []


def _ends_after_start(record: dict, _lookup: Lookup) -> Problems:
    end, start = record.get("end_date"), record.get("start_date")
    if end is not None and start is not None and end < start:
        return [("end_date", "The end date must be on or after the start date")]
    return []


register(
    RecordType(
        name="person",
        model="people.Person",
        doc="A person on probation. Their current provider, team and officer are not fields: the import "
        "takes them from the person's open `ro_assignment`.",
        order=30,
        after=("staff", "team", "provider"),
        fields=[
            String(
                "crn",
                required=True,
                clean=_crn,
                pattern="^[A-Z][0-9]{6}$",
                doc="Case reference number: one capital letter and six digits. Unique.",
                example="D012345",
            ),
            String(
                "pnc",
                clean=validate_pnc,
                pattern="^([0-9]{2}|[0-9]{4})/[0-9]{1,7}[A-Z]$",
                doc="Police National Computer id, YYYY/NNNNNNNC. The check character is verified; a "
                "short year or serial is accepted and stored in the long form. Unique.",
                example="2009/0012345X",
            ),
            String("first_name", required=True, doc="Given name."),
            String("middle_names", doc="Other given names."),
            String("last_name", required=True, doc="Family name."),
            Date("date_of_birth", required=True, doc="Date of birth; in the past."),
            Choice("sex", required=True, doc="Sex."),
            String("gender_identity", doc="Gender identity, if different from sex."),
            Choice("ethnicity", doc="Ethnicity (2011 census codes). Default `NS`, not stated."),
            Choice("religion", doc="Religion or belief. Default `not_stated`."),
            Choice("sexual_orientation", doc="Sexual orientation. Default `not_stated`."),
            String("disability", doc="Disabilities the person has told us about."),
            String("disability_adjustments", doc="Adjustments made for them."),
            Boolean("pregnancy_maternity", doc="Pregnant or on maternity. Default false."),
            String("first_language", doc="First language. Default English."),
            Boolean("interpreter_required", doc="Needs an interpreter. Default false."),
            Boolean("literacy_need", doc="Has a literacy need. Default false."),
            String("caring_responsibilities", doc="Children or adults the person cares for."),
            String("phone", doc="Telephone number."),
            String("email", doc="Email address."),
            String("access_contact", doc="For a limited-access case: whom refused staff should contact."),
        ],
        unique=[
            Unique(("crn",), "another person has this CRN"),
            Unique(("pnc",), "another person has this PNC ID"),
        ],
        validate=_person_problems,
        derived_attrs=("provider_id", "team_id", "officer_id"),
        derive=current_caseload,
    )
)

register(
    RecordType(
        name="alias",
        model="people.Alias",
        doc="Another name a person is or has been known by.",
        order=31,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            String("first_name", required=True, doc="Given name used."),
            String("last_name", required=True, doc="Family name used."),
            Date("date_of_birth", doc="Date of birth given with this name, if different."),
        ],
    )
)

register(
    RecordType(
        name="address",
        model="people.Address",
        doc="Where a person lives or has lived.",
        order=32,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Choice("address_type", attr="type", doc="Kind of address. Default `main`."),
            String("line1", doc="First line."),
            String("line2", doc="Second line."),
            String("town", doc="Town or city."),
            String("postcode", doc="Postcode."),
            Date("start_date", required=True, doc="When the person started living there."),
            Date("end_date", doc="When they left; absent if they still live there."),
        ],
        validate=_ends_after_start,
    )
)

register(
    RecordType(
        name="access_entry",
        model="people.AccessListEntry",
        doc="Limited access: an `exclusion` keeps a named member of staff out of a case; a `restriction` "
        "lets only the listed staff open it. Give the person an `access_contact`.",
        order=33,
        fields=[
            Ref("person", "person", required=True, doc="The person whose record is limited."),
            Ref("staff", "staff", required=True, doc="The member of staff excluded or allowed."),
            Choice("access", attr="type", required=True, doc="`exclusion` or `restriction`."),
            String("reason", doc="Why."),
        ],
        unique=[
            Unique(("person", "staff", "access"), "the same entry is already on the person's access list")
        ],
    )
)
