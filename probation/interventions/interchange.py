"""Interventions in the interchange format: partner agencies, the directory (entries and the needs
they address), referrals with their sessions, and information exchanged with partners."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from probation.interchange.fields import Boolean, Choice, Date, Field, Integer, Ref, String, describe
from probation.interchange.registry import Lookup, Problems, RecordType, Unique, register

from .constants import ReferralStatus


class DateTime(Field):
    """A moment, written ISO 8601 with its offset (a time without one is taken as UK local time)."""

    kind = "date-time"

    def convert(self, value: Any) -> datetime:
        if not isinstance(value, str):
            raise ValueError(f"must be a date and time written YYYY-MM-DDTHH:MM, not {describe(value)}")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date and time written YYYY-MM-DDTHH:MM") from None
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

    def to_json(self, value: Any) -> Any:
        return timezone.localtime(value).isoformat() if value is not None else None

    def schema(self) -> dict:
        return {"type": "string", "format": "date-time"}

    def describe_kind(self) -> str:
        return "date and time, YYYY-MM-DDTHH:MM[:SS][±HH:MM]"


def _referral_problems(record: dict, lookup: Lookup) -> Problems:
    problems: Problems = []
    status = record["status"]
    referred = record["referred_on"]
    for name in (
        "decided_on",
        "action_plan_submitted_on",
        "action_plan_approved_on",
        "ended_on",
        "report_submitted_on",
    ):
        if record.get(name) is not None and record[name] < referred:
            problems.append((name, "must be on or after the referral date"))
    if status == ReferralStatus.DECLINED and not record.get("decline_reason"):
        problems.append(("decline_reason", "a declined referral needs its reason"))
    if status == ReferralStatus.ENDED_EARLY and not record.get("end_reason"):
        problems.append(("end_reason", "a referral that ended early needs its reason"))
    if status in ReferralStatus.ended() and record.get("ended_on") is None:
        problems.append(("ended_on", "a completed or ended referral needs the date it ended"))
    if status not in ReferralStatus.ended() and record.get("ended_on") is not None:
        problems.append(("ended_on", f"a referral that is {status} has not ended"))
    if record.get("report_submitted_on") is not None and status not in ReferralStatus.ended():
        problems.append(("report_submitted_on", "the end-of-service report comes after the referral ends"))
    if status == ReferralStatus.IN_PROGRESS and record.get("action_plan_approved_on") is None:
        problems.append(("action_plan_approved_on", "a referral in progress has an approved action plan"))
    return problems


def _fill_progress(record: dict) -> None:
    """Without a last-progress date, the latest dated step is taken."""
    if record.get("last_progress_on") is None:
        dates = [
            record.get(name)
            for name in (
                "referred_on",
                "decided_on",
                "action_plan_submitted_on",
                "action_plan_approved_on",
                "ended_on",
                "report_submitted_on",
            )
        ]
        record["last_progress_on"] = max(d for d in dates if d is not None)


def _exchange_problems(record: dict, _lookup: Lookup) -> Problems:
    received = record.get("response_received_on")
    if received is not None and received < record["occurred_on"]:
        return [("response_received_on", "must be on or after the date requested or shared")]
    return []


register(
    RecordType(
        name="partner_agency",
        model="interventions.PartnerAgency",
        doc="An organisation outside probation that delivers services or exchanges information on cases.",
        order=80,
        fields=[
            String(
                "name", required=True, doc="Name; unique within its area.", example="Potteries Women's Centre"
            ),
            Choice("kind", required=True, doc="What kind of agency it is."),
            Ref("area", "area", doc="The area it works in; absent when it works across areas."),
            String("contact_details", doc="How to reach it."),
        ],
        unique=[Unique(("area", "name"), "another partner agency in the area has this name")],
    )
)

register(
    RecordType(
        name="intervention",
        model="interventions.Intervention",
        doc="An entry in an area's interventions directory. Delivered by a `provider`, a `partner` agency "
        "or (neither given) in-house by the provider managing the case.",
        order=81,
        fields=[
            String(
                "name",
                required=True,
                doc="Name; unique within its area.",
                example="Thinking Skills Programme",
            ),
            Choice("category", required=True, doc="What kind of intervention it is."),
            Ref("area", "area", required=True, doc="The area whose directory lists it."),
            String("description", doc="What it is and how it is delivered."),
            Ref("provider", "provider", doc="The provider that delivers it, if not a partner agency."),
            Ref("partner", "partner_agency", doc="The partner agency that delivers it, if not a provider."),
            Choice("sex", doc="Whom it is open to. Default `any`."),
            Choice("max_rosh", doc="The highest risk of serious harm it accepts; absent for any level."),
            Choice("required_requirement", doc="A requirement the person must have, e.g. `programme`."),
            Boolean(
                "counts_as_rar", doc="Sessions count towards rehabilitation activity days. Default false."
            ),
            Integer("capacity", doc="People it can work with at once."),
            Integer("waiting_weeks", doc="Current waiting time in weeks."),
            Boolean("accepting_referrals", doc="Default true."),
            Date("availability_updated_on", doc="When capacity and waiting time were last checked."),
            Integer("expected_sessions", doc="Sessions a person is expected to attend."),
            String("contact_details", doc="How to make a referral."),
        ],
        unique=[Unique(("area", "name"), "another intervention in the area has this name")],
        validate=lambda record, _lookup: (
            [("partner", "give a provider or a partner agency, not both")]
            if record.get("provider") and record.get("partner")
            else []
        ),
    )
)

register(
    RecordType(
        name="intervention_need",
        model="interventions.InterventionNeed",
        doc="A criminogenic need an intervention addresses (one record per need).",
        order=82,
        fields=[
            Ref("intervention", "intervention", required=True, doc="The intervention."),
            Choice("need", required=True, doc="The need addressed."),
        ],
        unique=[Unique(("intervention", "need"), "the intervention already lists this need")],
    )
)

register(
    RecordType(
        name="referral",
        model="interventions.Referral",
        doc="A person's referral to an intervention, from referral to the end-of-service report.",
        order=83,
        after=("intervention_need",),
        fields=[
            Ref("person", "person", required=True, doc="The person referred."),
            Ref("intervention", "intervention", required=True, doc="The intervention."),
            Ref("requirement", "requirement", doc="The requirement whose delivery it counts towards."),
            Choice("status", required=True, doc="Where the referral is in its life."),
            Choice("need", required=True, doc="The need it addresses: one of the intervention's."),
            String("desired_outcomes", required=True, doc="What should be different at the end."),
            String("risk_information", required=True, doc="Risk information given to the provider."),
            Choice("rosh_at_referral", doc="Risk of serious harm when referred."),
            String("further_information", doc="Diversity needs, adjustments, availability."),
            Date("referred_on", required=True, doc="When referred."),
            Ref("referred_by", "staff", required=True, doc="Who referred."),
            Date("decided_on", doc="When the provider accepted or declined."),
            Ref("decided_by", "staff", doc="Who recorded the decision."),
            Choice("decline_reason", doc="Why declined; required when `status` is `declined`."),
            String("decline_detail", doc="More about the decline."),
            String("action_plan", doc="The provider's action plan."),
            Date("action_plan_submitted_on", doc="When the plan was submitted."),
            Ref("action_plan_submitted_by", "staff", doc="Who recorded the plan."),
            Date("action_plan_approved_on", doc="When the responsible officer approved the plan."),
            Ref("action_plan_approved_by", "staff", doc="Who approved it."),
            Date("ended_on", doc="When it completed or ended early."),
            Choice("end_reason", doc="Why it ended early; required when `status` is `ended_early`."),
            String("end_detail", doc="More about the end."),
            Choice("report_outcome", doc="Whether the desired outcomes were achieved."),
            String("report_text", doc="The end-of-service report."),
            Date("report_submitted_on", doc="When the report was submitted."),
            Ref("report_submitted_by", "staff", doc="Who recorded it."),
            Date(
                "last_progress_on", doc="When something last moved it on; the latest date above when absent."
            ),
        ],
        prepare=_fill_progress,
        validate=_referral_problems,
    )
)

register(
    RecordType(
        name="intervention_session",
        model="interventions.Session",
        doc="A session delivered under a referral, with attendance.",
        order=84,
        fields=[
            Ref("referral", "referral", required=True, doc="The referral."),
            DateTime("starts_at", required=True, doc="When it started.", example="2026-03-02T14:30:00+00:00"),
            Choice("attendance", required=True, doc="Whether the person attended."),
            Choice("absence_reason", doc="The reason for an acceptable absence."),
            Choice("test_result", doc="A drug or alcohol test taken at the session."),
            String("notes", doc="Notes."),
            Ref("recorded_by", "staff", required=True, doc="Who recorded it."),
        ],
    )
)

register(
    RecordType(
        name="partner_exchange",
        model="interventions.PartnerExchange",
        doc="Information requested from, or shared with, a partner agency about a case.",
        order=85,
        fields=[
            Ref("person", "person", required=True, doc="The person it is about."),
            Ref("agency", "partner_agency", required=True, doc="The agency."),
            Choice("direction", required=True, doc="`requested` from or `shared` with the agency."),
            String("subject", required=True, doc="What it was about."),
            Date("occurred_on", required=True, doc="When it was requested or shared."),
            Date("response_received_on", doc="When the response came, for a request."),
            String("summary", doc="What was asked, shared or learnt."),
            Boolean("sensitive", doc="Contains sensitive information. Default false."),
            Ref("recorded_by", "staff", required=True, doc="Who recorded it."),
        ],
        validate=_exchange_problems,
    )
)
