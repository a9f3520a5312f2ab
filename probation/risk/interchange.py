"""Risk in the interchange format.

`risk_assessment`: one version of a risk of serious harm assessment, with RoSH by group, the
criminogenic needs (an object need → severity, written to the assessment's need ratings), predictor
scores, status, dates, the assessor and the countersigner. A complete high or very high assessment
must be countersigned, by someone other than the assessor.
`identified_risk`: a specific risk an assessment found. `risk_action`: what is done about it.
`registration`: a register flag (by its code) with its review date. `mappa`: MAPPA category and level.
`risk_plan`: the person's risk management plan. `partner_check` and `significant_event`."""

from __future__ import annotations

from typing import Any

from probation.interchange.fields import Boolean, Choice, Date, Field, Integer, Ref, String, describe
from probation.interchange.registry import Lookup, Problems, RecordType, Unique, register

from .constants import (
    AssessmentStatus,
    MappaCategory,
    MappaLevel,
    Need,
    NeedSeverity,
    RiskGroup,
    RoshLevel,
)

SETTINGS = ("community", "custody")
_LEVELS = set(RoshLevel.values)
_GROUPS = set(RiskGroup.values)
_NEEDS = set(Need.values)
_SEVERITIES = set(NeedSeverity.values)


class RoshByGroup(Field):
    """RoSH by setting and group: {"community": {"public": "high", …}, "custody": {…}}."""

    kind = "object"
    json_type = "object"

    def convert(self, value: Any) -> dict:
        if not isinstance(value, dict):
            raise ValueError(f"must be an object, not {describe(value)}")
        for setting, groups in value.items():
            if setting not in SETTINGS:
                raise ValueError(f"{describe(setting)} is not one of 'community', 'custody'")
            if not isinstance(groups, dict):
                raise ValueError(f"{setting} must be an object of group → level, not {describe(groups)}")
            for group, level in groups.items():
                if group not in _GROUPS:
                    raise ValueError(f"{setting}: {describe(group)} is not a risk group")
                if level not in _LEVELS:
                    raise ValueError(f"{setting}.{group}: {describe(level)} is not a RoSH level")
        return {s: dict(g) for s, g in value.items()}

    def schema(self) -> dict:
        group = {
            "type": "object",
            "propertyNames": {"enum": sorted(_GROUPS)},
            "additionalProperties": {"enum": list(RoshLevel.values)},
        }
        return {"type": "object", "properties": {s: group for s in SETTINGS}, "additionalProperties": False}

    def describe_kind(self) -> str:
        return "object: setting (`community`, `custody`) → group → RoSH level"


class NeedsField(Field):
    """Criminogenic needs: an object need → severity. Carried in the assessment's `predictor_inputs`
    column under "needs" (so it can be compared and exported) and written to NeedRating rows."""

    kind = "object"
    json_type = "object"

    def __init__(self, name: str, **kwargs):
        super().__init__(name, attr="predictor_inputs", **kwargs)

    @property
    def default(self) -> Any:
        return {}

    def convert(self, value: Any) -> dict:
        if not isinstance(value, dict):
            raise ValueError(f"must be an object of need → severity, not {describe(value)}")
        for need, severity in value.items():
            if need not in _NEEDS:
                raise ValueError(f"{describe(need)} is not a need (one of {', '.join(Need.values)})")
            if severity not in _SEVERITIES:
                raise ValueError(f"{need}: {describe(severity)} is not one of none, standard, severe")
        return {"needs": dict(value)}

    def to_json(self, value: Any) -> Any:
        return (value or {}).get("needs") or None

    def schema(self) -> dict:
        return {
            "type": "object",
            "propertyNames": {"enum": list(Need.values)},
            "additionalProperties": {"enum": list(NeedSeverity.values)},
        }

    def describe_kind(self) -> str:
        return "object: need → `none`, `standard` or `severe`"


def _needs_of(values: dict) -> dict:
    return (values.get("needs") or {}).get("needs") or {}


def _assessment_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    status = record.get("status") or AssessmentStatus.DRAFT
    rosh = record.get("rosh_overall") or ""
    complete = status in (AssessmentStatus.COMPLETE, AssessmentStatus.SUPERSEDED)
    if status == AssessmentStatus.COMPLETE and RoshLevel.needs_countersignature(rosh):
        if not record.get("countersigned_by"):
            problems.append(
                (
                    "countersigned_by",
                    f"A complete {rosh.replace('_', ' ')} RoSH assessment must be countersigned",
                )
            )
    if record.get("countersigned_by") and record["countersigned_by"] == record["assessed_by"]:
        problems.append(("countersigned_by", "Nobody may countersign their own assessment"))
    if record.get("countersigned_by") and not record.get("countersigned_on"):
        problems.append(("countersigned_on", "Give the date it was countersigned"))
    if complete and not record.get("completed_on"):
        problems.append(("completed_on", "A complete assessment has the date it was completed"))
    if complete and not rosh:
        problems.append(("rosh_overall", "A complete assessment has an overall RoSH level"))
    if not complete and record.get("completed_on"):
        problems.append(("completed_on", "Only a complete (or superseded) assessment has a completion date"))
    if status == AssessmentStatus.AWAITING_COUNTERSIGNATURE and not record.get("submitted_on"):
        problems.append(("submitted_on", "An assessment awaiting countersignature has been submitted"))
    for name in ("submitted_on", "countersigned_on", "completed_on"):
        if record.get(name) and record[name] < record["started_on"]:
            problems.append((name, "Cannot be before the assessment was started"))
    by_group = record.get("rosh_by_group") or {}
    highest = max((RoshLevel.rank(lv) for g in by_group.values() for lv in g.values()), default=-1)
    if rosh and highest > RoshLevel.rank(rosh):
        problems.append(("rosh_overall", "The overall level cannot be lower than the highest level by group"))
    return problems


def _write_needs(writer) -> None:
    """Each imported assessment's needs become its NeedRating rows (replacing any it had)."""
    from .models import NeedRating

    records = writer.file_values("risk_assessment")
    pks = {writer.pk("risk_assessment", ext): _needs_of(values) for ext, values in records.items()}
    have: dict[int, dict] = {}
    for assessment_id, need, severity in (
        NeedRating.objects.filter(assessment_id__in=list(pks))
        .values_list("assessment_id", "need", "severity")
        .iterator(chunk_size=5000)
    ):
        have.setdefault(assessment_id, {})[need] = severity
    stale, rows = [], []
    for pk, needs in pks.items():
        if have.get(pk, {}) == needs:
            continue
        if pk in have:
            stale.append(pk)
        rows.extend(NeedRating(assessment_id=pk, need=n, severity=s) for n, s in needs.items())
    if stale:
        for start in range(0, len(stale), 500):
            NeedRating.objects.filter(assessment_id__in=stale[start : start + 500]).delete()
    NeedRating.objects.bulk_create(rows, batch_size=2000)


register(
    RecordType(
        name="risk_assessment",
        model="risk.RiskAssessment",
        doc="One version of a risk of serious harm (RoSH) assessment; a newer one supersedes it. Status "
        "`draft`, `awaiting_countersignature`, `complete` or `superseded`. A complete high or very high "
        "assessment must be countersigned by someone other than the assessor. `needs` is an object "
        "need → severity (`none`, `standard`, `severe`). A person has one assessment in progress at a time.",
        order=75,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Integer(
                "sequence", required=True, minimum=1, doc="1 for the person's first assessment, then 2, 3…"
            ),
            Choice("kind", doc="`screening` or `full` (the default)."),
            Choice("status", doc="Where it has got to. Default `draft`."),
            Ref("assessed_by", "staff", required=True, doc="The assessor."),
            Date("started_on", required=True, doc="When it was started."),
            Date("submitted_on", doc="When the assessor submitted it."),
            Ref("countersigned_by", "staff", doc="Who countersigned it (never the assessor)."),
            Date("countersigned_on", doc="When."),
            Date("completed_on", doc="Submitted, and countersigned if needed."),
            Choice("rosh_overall", doc="The overall RoSH level."),
            RoshByGroup("rosh_by_group", doc="RoSH by setting and group."),
            String("who_is_at_risk", doc="Who is at risk."),
            String("nature_of_risk", doc="The nature of the risk."),
            String("imminence", doc="How soon it could happen."),
            String("factors_increasing", doc="What makes it more likely."),
            String("factors_decreasing", doc="What makes it less likely."),
            Boolean("risk_to_self_suicide", doc="Risk of suicide. Default false."),
            Boolean("risk_to_self_self_harm", doc="Risk of self-harm. Default false."),
            Boolean("risk_to_self_vulnerability", doc="Vulnerability. Default false."),
            Boolean("women_parenting", doc="Women's tier factor: parenting. Default false."),
            Boolean("women_impulsivity_temper", doc="Women's tier factor: impulsivity and temper."),
            Boolean("women_breach_or_recall", doc="Women's tier factor: breach or recall."),
            Integer("ogrs3_one_year", minimum=0, maximum=99, doc="OGRS3 one-year percent."),
            Integer("ogrs3_two_year", minimum=0, maximum=99, doc="OGRS3 two-year percent."),
            Integer("ogp_two_year", minimum=0, maximum=99, doc="OGP two-year percent."),
            Integer("ovp_two_year", minimum=0, maximum=99, doc="OVP two-year percent."),
            NeedsField("needs", doc="Criminogenic needs: need → severity."),
        ],
        unique=[
            Unique(("person", "sequence"), "the person already has an assessment with this number"),
            Unique(
                ("person",),
                "the person already has an assessment in progress",
                blame="status",
                when=lambda r: r.get("status") in (None, "", "draft", "awaiting_countersignature"),
            ),
        ],
        validate=_assessment_problems,
        after_write=_write_needs,
    )
)


def _same_person(record: dict, lookup: Lookup, field_name: str, type_name: str) -> Problems:
    other = lookup.get(type_name, record.get(field_name)) if record.get(field_name) else None
    if other and other.get("person") != record["person"]:
        return [(field_name, f"The {type_name.replace('_', ' ')} is about someone else")]
    return []


def _identified_problems(record: dict, lookup: Lookup) -> Problems:
    return _same_person(record, lookup, "assessment", "risk_assessment") + _same_person(
        record, lookup, "carried_from", "identified_risk"
    )


register(
    RecordType(
        name="identified_risk",
        model="risk.IdentifiedRisk",
        doc="A specific risk an assessment found: who is at risk (`group`), how serious (`level`) and of "
        "what. Each should have actions in the risk management plan; one without is not followed through.",
        order=76,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Ref("assessment", "risk_assessment", required=True, doc="The assessment that found it."),
            Choice("group", required=True, doc="Who is at risk."),
            Choice("level", required=True, doc="The RoSH level of this risk."),
            String("description", required=True, doc="What the risk is."),
            Ref(
                "carried_from",
                "identified_risk",
                deferred=True,
                doc="The same risk in an earlier assessment.",
            ),
        ],
        validate=_identified_problems,
    )
)


def _action_problems(record: dict, lookup: Lookup) -> Problems:
    problems = _same_person(record, lookup, "risk", "identified_risk")
    status = record.get("status") or "open"
    if status == "delivered" and not record.get("delivered_on"):
        problems.append(("delivered_on", "A delivered action has the date it was delivered"))
    if record.get("delivered_on") and status != "delivered":
        problems.append(("delivered_on", "Only a delivered action has a delivery date"))
    return problems


register(
    RecordType(
        name="risk_action",
        model="risk.RiskAction",
        doc="What will be done about an identified risk, by whom (`officer`, `partner` or `person`) and by "
        "when, and the evidence it was done. Status `open`, `delivered`, `not_delivered` or `cancelled`.",
        order=77,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Ref("risk", "identified_risk", required=True, doc="The identified risk it addresses."),
            String("action", required=True, doc="What will be done."),
            Choice("owner", doc="Who does it. Default `officer`."),
            String("owner_name", doc="The officer or partner agency."),
            Date("due_on", required=True, doc="When it is due."),
            Choice("status", doc="Default `open`."),
            Date("delivered_on", doc="When it was delivered."),
            String("evidence", doc="What shows it was done."),
        ],
        validate=_action_problems,
    )
)


def _registration_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    if record["review_due"] < record["registered_on"]:
        problems.append(("review_due", "A review cannot be due before the registration"))
    if record.get("deregistered_on") and record["deregistered_on"] < record["registered_on"]:
        problems.append(("deregistered_on", "Cannot be before the registration"))
    if record.get("deregistered_on") and not (record.get("deregistration_reason") or "").strip():
        problems.append(("deregistration_reason", "Say why the flag was removed"))
    return problems


def _flag_code(value: str) -> str:
    from .models import FlagType

    codes = _flag_codes()
    if value not in codes:
        codes.clear()
        codes.update(FlagType.objects.values_list("code", flat=True))
    if value not in codes:
        raise ValueError(f"{value!r} is not a registration flag code (one of {', '.join(sorted(codes))})")
    return value


_codes: set[str] = set()


def _flag_codes() -> set[str]:
    return _codes


register(
    RecordType(
        name="registration",
        model="risk.Registration",
        doc="A register flag on a person (the flag's `code`, e.g. `RMDO` mental health, `ALSH` self-harm, "
        "`RCPR` child protection, `ADV` domestic abuse perpetrator), when it was added and when its next "
        "review is due; removed flags carry the date and reason.",
        order=78,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            String("flag", attr="flag_id", required=True, clean=_flag_code, doc="The flag's code."),
            Date("registered_on", required=True, doc="When it was added."),
            Date("review_due", required=True, doc="When its next review is due."),
            String("notes", doc="Why."),
            Ref("registered_by", "staff", doc="Who added it."),
            Date("deregistered_on", doc="When it was removed."),
            String("deregistration_reason", doc="Why it was removed."),
        ],
        validate=_registration_problems,
    )
)


def _mappa_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    if record.get("end_date") and record["end_date"] < record["start_date"]:
        problems.append(("end_date", "Cannot end before it starts"))
    if record.get("review_due") and record["review_due"] < record["start_date"]:
        problems.append(("review_due", "A review cannot be due before the start"))
    return problems


register(
    RecordType(
        name="mappa",
        model="risk.MappaRegistration",
        doc="Multi-agency public protection arrangements: `category` 1 (registered sexual offender), 2 "
        "(violent), 3 (other dangerous) or 4 (terrorism), and `level` 1 (ordinary agency management), 2 "
        "(active multi-agency) or 3 (with senior representation). Open while it has no `end_date`; a "
        "person has at most one open.",
        order=79,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Integer("category", required=True, minimum=1, maximum=max(MappaCategory.values), doc="1–4."),
            Integer("level", required=True, minimum=1, maximum=max(MappaLevel.values), doc="1–3."),
            Date("start_date", required=True, doc="When it began."),
            Date("review_due", doc="When it is next reviewed."),
            Date("end_date", doc="When it ended."),
        ],
        unique=[
            Unique(
                ("person",),
                "the person already has open MAPPA",
                blame="start_date",
                when=lambda r: not r.get("end_date"),
            ),
        ],
        validate=_mappa_problems,
    )
)

register(
    RecordType(
        name="risk_plan",
        model="risk.RiskManagementPlan",
        doc="The person's risk management plan: the contingency if risk rises or the plan fails, and when "
        "it was last reviewed. One per person; its actions are `risk_action` records.",
        order=77,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            String("contingency", doc="What happens if risk rises or the plan fails."),
            Date("last_reviewed_on", doc="When it was last reviewed."),
        ],
        unique=[Unique(("person",), "the person already has a risk management plan")],
    )
)


def _check_problems(record: dict, lookup: Lookup) -> Problems:
    if record.get("answered_on") and record["answered_on"] < record["requested_on"]:
        return [("answered_on", "Cannot be answered before it was asked")]
    return []


register(
    RecordType(
        name="partner_check",
        model="risk.PartnerCheck",
        doc="An enquiry to a partner agency (police domestic-abuse call-outs, children's services, adult "
        "social care…), when it was asked, and the answer once given.",
        order=79,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Choice("kind", required=True, doc="What kind of check."),
            String("agency", required=True, doc="The agency asked."),
            Date("requested_on", required=True, doc="When it was asked."),
            Date("answered_on", doc="When it was answered."),
            String("outcome", doc="The answer."),
            Ref("requested_by", "staff", doc="Who asked."),
        ],
        validate=_check_problems,
    )
)


def _event_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    if record["recorded_on"] < record["occurred_on"]:
        problems.append(("recorded_on", "Cannot be recorded before it happened"))
    if record["review_due"] < record["occurred_on"]:
        problems.append(("review_due", "A review cannot be due before the event"))
    return problems


register(
    RecordType(
        name="significant_event",
        model="risk.SignificantEvent",
        doc="Something that changes the picture of risk (an arrest, a domestic-abuse call-out, a change of "
        "address, relationship or job); it makes a risk review due.",
        order=79,
        fields=[
            Ref("person", "person", required=True, doc="The person."),
            Choice("event_type", attr="type", required=True, doc="What happened."),
            Date("occurred_on", required=True, doc="When it happened."),
            Date("recorded_on", required=True, doc="When it was recorded."),
            String("details", doc="What happened."),
            Date("review_due", required=True, doc="When the risk review is due."),
            Ref("recorded_by", "staff", doc="Who recorded it."),
        ],
        validate=_event_problems,
    )
)
