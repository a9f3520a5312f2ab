"""Reviewing and oversight: management oversight as often as the risk requires, and Serious Further
Offences notified on time."""

from datetime import date, timedelta

from django.db.models import Case, DateField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from probation.core import reference
from probation.oversight.constants import SfoStatus
from probation.oversight.models import OversightRecord, SeriousFurtherOffence
from probation.risk.models import MappaRegistration, SignificantEvent

from ..calendar import AddWorkingDays
from ..common import HIGH_ROSH, boolean, completed_assessments, label, on_or_before, verdict
from ..registry import indicator

# How far back significant events are looked at for oversight after them.
EVENT_LOOKBACK_DAYS = 365
_NEVER = date(1900, 1, 1)


@indicator(
    "oversight_sufficient",
    "Management oversight as often as the risk requires",
    "Applies to a case whose latest completed assessment rates RoSH high or very high, or with an active "
    "MAPPA level 2 or 3 registration; met when oversight was recorded in the last "
    "`oversight.interval_weeks` weeks (or the case became high risk more recently than that) and every "
    "significant event since it became high risk (in the last year) was followed by oversight within "
    "`oversight.after_event_days` working days. Oversight recorded only by the case's own responsible "
    "officer needs a human.",
    theme="Reviewing and oversight",
)
def oversight_sufficient(people, on: date):
    interval = timedelta(weeks=int(reference.value("oversight.interval_weeks")))
    after_days = int(reference.value("oversight.after_event_days"))
    last_not_high = (
        completed_assessments(on).exclude(rosh_overall__in=HIGH_ROSH).order_by("-completed_on").values("completed_on")[:1]
    )
    high_since = (
        completed_assessments(on)
        .filter(rosh_overall__in=HIGH_ROSH)
        .filter(completed_on__gt=Coalesce(Subquery(last_not_high, output_field=DateField()), Value(_NEVER)))
        .order_by("completed_on")
        .values("completed_on")[:1]
    )
    mappa_since = (
        MappaRegistration.objects.filter(person=OuterRef("pk"), level__gte=2, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("start_date")
        .values("start_date")[:1]
    )
    records = OversightRecord.objects.filter(person=OuterRef("pk"), recorded_on__lte=on)
    recent = records.filter(recorded_on__gt=on - interval).order_by("-recorded_on", "-id")
    events = (
        SignificantEvent.objects.filter(
            person=OuterRef("pk"),
            occurred_on__gte=OuterRef("os_since"),
            occurred_on__gt=on - timedelta(days=EVENT_LOOKBACK_DAYS),
            occurred_on__lte=on,
        )
        .annotate(oversight_due=AddWorkingDays(F("occurred_on"), after_days))
        .filter(oversight_due__lt=on)
        .filter(
            ~Exists(
                OversightRecord.objects.filter(
                    person=OuterRef("person"),
                    recorded_on__gte=OuterRef("occurred_on"),
                    recorded_on__lte=OuterRef("oversight_due"),
                )
            )
        )
        .order_by("occurred_on", "id")
    )
    people = people.annotate(
        os_high=Subquery(high_since, output_field=DateField()),
        os_mappa=Subquery(mappa_since, output_field=DateField()),
    ).annotate(
        os_since=Case(
            When(os_high__isnull=True, then=F("os_mappa")),
            When(os_mappa__isnull=True, then=F("os_high")),
            When(os_high__lt=F("os_mappa"), then=F("os_high")),
            default=F("os_mappa"),
        ),
    ).annotate(
        os_recent=Subquery(recent.values("pk")[:1]),
        os_recent_by=Subquery(recent.values("recorded_by")[:1]),
        os_missed_event=Subquery(events.values("pk")[:1]),
    )
    periodic = Q(os_recent__isnull=False) | Q(os_since__gt=on - interval)
    return people.annotate(
        ind_applicable=boolean(Q(os_since__isnull=False)),
        ind_met=verdict(
            not_met=~periodic | Q(os_missed_event__isnull=False),
            needs_human=Q(os_recent_by=F("officer")),
            met=periodic,
        ),
        ind_evidence_type=Case(
            When(os_missed_event__isnull=False, then=Value(label(SignificantEvent))),
            When(os_recent__isnull=False, then=Value(label(OversightRecord))),
            default=Value(""),
        ),
        ind_evidence_id=Coalesce(F("os_missed_event"), F("os_recent")),
    )


@indicator(
    "sfo_notified_timely",
    "Serious Further Offence notified on time",
    "Applies to a case with a Serious Further Offence charge once its notification is due or made; met "
    "when the latest one was notified by `SeriousFurtherOffence.notification_due` (`sfo.notification_days` "
    "working days after the charge). Recorded as past notification with no notification date needs a human.",
    theme="Reviewing and oversight",
)
def sfo_notified_timely(people, on: date):
    sfo = SeriousFurtherOffence.objects.filter(person=OuterRef("pk"), charged_on__lte=on).order_by("-charged_on", "-id")
    people = people.annotate(
        sf_id=Subquery(sfo.values("pk")[:1]),
        sf_due=Subquery(sfo.values("notification_due")[:1]),
        sf_notified=Subquery(sfo.annotate(by_then=on_or_before("notified_on", on)).values("by_then")[:1]),
        sf_status=Subquery(sfo.values("status")[:1]),
    )
    return people.annotate(
        ind_applicable=boolean(
            Q(sf_id__isnull=False)
            & (Q(sf_notified__isnull=False) | Q(sf_due__lt=on) | ~Q(sf_status=SfoStatus.AWAITING_NOTIFICATION))
        ),
        ind_met=verdict(
            met=Q(sf_notified__lte=F("sf_due")),
            needs_human=Q(sf_notified__isnull=True) & ~Q(sf_status=SfoStatus.AWAITING_NOTIFICATION),
        ),
        ind_evidence_type=Value(label(SeriousFurtherOffence)),
        ind_evidence_id=F("sf_id"),
    )
