"""Implementation and delivery: the first appointment, contact at the right level, step-down only where
the risks allow, and enforcement when the person fails to comply."""

from datetime import date, timedelta

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import Exact

from probation.allocation.models import Allocation, EscalationReferral
from probation.contacts.constants import ContactFrequency, ContactMethod, ContactType, Outcome, StepDownStatus
from probation.contacts.models import Contact, ContactLevel
from probation.enforcement.constants import EnforcementKind, EnforcementStatus
from probation.enforcement.models import EnforcementAction
from probation.enforcement.policy import value as enforcement_value
from probation.risk.constants import SignificantEventType
from probation.risk.models import MappaRegistration, RiskAssessment, SignificantEvent

from .. import policy
from ..calendar import AddWorkingDays
from ..common import COMPLETED, HIGH_ROSH, boolean, days_before, label, verdict
from ..registry import indicator

APPOINTMENTS = [t for t in ContactType.appointments()]


@indicator(
    "first_contact_timely",
    "First appointment on time",
    "Applies to a case allocated to a provider once its first appointment is due or has happened; met "
    "when the person was seen (attended) between receipt and `Allocation.first_appointment_due` "
    "(`first_contact.days` working days, 2 for the highest tier). An appointment in time that the "
    "person missed needs a human.",
    theme="Implementation and delivery",
)
def first_contact_timely(people, on: date):
    allocation = Allocation.objects.filter(
        person=OuterRef("pk"), received_on__lte=on, first_appointment_due__isnull=False
    ).order_by("-received_on", "-id")
    in_time = Contact.objects.filter(
        person=OuterRef("pk"),
        type__in=APPOINTMENTS,
        starts_at__date__gte=OuterRef("fc_received"),
        starts_at__date__lte=OuterRef("fc_due"),
    ).filter(starts_at__date__lte=on).order_by("starts_at", "id")
    people = people.annotate(
        fc_allocation=Subquery(allocation.values("pk")[:1]),
        fc_received=Subquery(allocation.values("received_on")[:1]),
        fc_due=Subquery(allocation.values("first_appointment_due")[:1]),
    ).annotate(
        fc_seen=Subquery(in_time.filter(outcome__in=Outcome.took_place()).values("pk")[:1]),
        fc_missed=Subquery(in_time.filter(outcome__in=Outcome.absences()).values("pk")[:1]),
    )
    return people.annotate(
        ind_applicable=boolean(Q(fc_allocation__isnull=False) & (Q(fc_seen__isnull=False) | Q(fc_due__lt=on))),
        ind_met=verdict(met=Q(fc_seen__isnull=False), needs_human=Q(fc_seen__isnull=True, fc_missed__isnull=False)),
        ind_evidence_type=Case(
            When(Q(fc_seen__isnull=False) | Q(fc_missed__isnull=False), then=Value(label(Contact))),
            default=Value(label(Allocation)),
        ),
        ind_evidence_id=Coalesce(F("fc_seen"), F("fc_missed"), F("fc_allocation")),
    )


# Contacts each frequency asks for in eight weeks and in four (rounded down).
PER_EIGHT_WEEKS = {f: int(ContactFrequency.per_four_weeks(f) * 2) for f in ContactFrequency.values}
PER_FOUR_WEEKS = {f: int(ContactFrequency.per_four_weeks(f)) for f in ContactFrequency.values}


def _count(queryset):
    return Coalesce(
        Subquery(queryset.order_by().values("person").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


@indicator(
    "contact_level_met",
    "Contact at the level set for the case",
    "Applies to a case whose contact level has been in force for at least four weeks; met when the "
    "National Standard appointments that took place in the last eight weeks (four if the level is newer) "
    "reach what the level asks for (weekly 8, fortnightly 4, every four weeks 2, every eight weeks 1; "
    "half, rounded down, over four weeks), face to face unless the level allows telephone. Short only "
    "because of acceptable absences needs a human.",
    theme="Implementation and delivery",
)
def contact_level_met(people, on: date):
    eight, four = on - timedelta(days=55), on - timedelta(days=27)
    level = ContactLevel.objects.filter(
        person=OuterRef("pk"), status=StepDownStatus.APPROVED, effective_from__lte=on
    ).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on)).order_by("-effective_from", "-id")
    counted = Contact.objects.filter(
        person=OuterRef("pk"),
        national_standard=True,
        type__in=APPOINTMENTS,
        starts_at__date__gte=OuterRef("cl_window"),
        starts_at__date__lte=on,
    ).filter(Q(type__in=ContactType.face_to_face()) | Exact(OuterRef("cl_method"), Value(ContactMethod.TELEPHONE)))
    required = Case(
        *(When(Q(cl_window=eight, cl_frequency=f), then=Value(n)) for f, n in PER_EIGHT_WEEKS.items()),
        *(When(Q(cl_window=four, cl_frequency=f), then=Value(n)) for f, n in PER_FOUR_WEEKS.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    people = people.annotate(
        cl_level=Subquery(level.values("pk")[:1]),
        cl_from=Subquery(level.values("effective_from")[:1]),
        cl_frequency=Subquery(level.values("frequency")[:1]),
        cl_method=Subquery(level.values("method")[:1]),
    ).annotate(
        cl_window=Case(When(cl_from__lte=eight, then=Value(eight)), When(cl_from__lte=four, then=Value(four))),
    ).annotate(
        cl_seen=_count(counted.filter(outcome__in=Outcome.took_place())),
        cl_excused=_count(counted.filter(outcome=Outcome.ACCEPTABLE_ABSENCE)),
        cl_required=required,
    )
    return people.annotate(
        ind_applicable=boolean(Q(cl_level__isnull=False) & Q(cl_window__isnull=False)),
        ind_met=verdict(
            met=Q(cl_seen__gte=F("cl_required")),
            needs_human=Q(cl_seen__lt=F("cl_required")) & Q(cl_required__lte=F("cl_seen") + F("cl_excused")),
        ),
        ind_evidence_type=Value(label(ContactLevel)),
        ind_evidence_id=F("cl_level"),
    )


@indicator(
    "step_down_compatible",
    "Step-down compatible with the risks",
    "Applies to a case with a step-down in contact that came into force in the last "
    "`step_down.lookback_days` days; met when, on the day it took effect, RoSH was below high, there was "
    "no MAPPA level 2 or 3 registration and risk had not recently escalated (a referral back for risk, "
    "an arrest, charge or domestic-abuse call-out in the previous `step_down.escalation_lookback_days` "
    "days). With any of those, a step-down an SPO approved needs a human; one without approval is not met.",
    theme="Implementation and delivery",
)
def step_down_compatible(people, on: date):
    lookback = policy.number("step_down.lookback_days")
    escalation_days = policy.number("step_down.escalation_lookback_days")
    step_down = ContactLevel.objects.filter(
        person=OuterRef("pk"),
        is_step_down=True,
        status=StepDownStatus.APPROVED,
        effective_from__lte=on,
        effective_from__gt=on - timedelta(days=lookback),
    ).order_by("-effective_from", "-id")
    rosh_then = RiskAssessment.objects.filter(
        person=OuterRef("pk"), status__in=COMPLETED, completed_on__lte=OuterRef("sd_from")
    ).order_by("-completed_on", "-sequence")
    mappa_then = MappaRegistration.objects.filter(
        person=OuterRef("pk"), level__gte=2, start_date__lte=OuterRef("sd_from")
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("sd_from")))
    since = days_before(OuterRef("sd_from"), escalation_days)
    escalated = Exists(
        EscalationReferral.objects.filter(
            person=OuterRef("pk"), referred_on__lte=OuterRef("sd_from"), referred_on__gte=since
        )
    ) | Exists(
        SignificantEvent.objects.filter(
            person=OuterRef("pk"),
            type__in=[SignificantEventType.ARREST_OR_CHARGE, SignificantEventType.DOMESTIC_ABUSE_CALLOUT],
            occurred_on__lte=OuterRef("sd_from"),
            occurred_on__gte=since,
        )
    )
    people = people.annotate(
        sd_level=Subquery(step_down.values("pk")[:1]),
        sd_from=Subquery(step_down.values("effective_from")[:1]),
        sd_requested_by=Subquery(step_down.values("requested_by")[:1]),
        sd_approved_by=Subquery(step_down.values("approved_by")[:1]),
    ).annotate(
        sd_rosh=Subquery(rosh_then.values("rosh_overall")[:1]),
        sd_mappa=Exists(mappa_then),
        sd_escalated=boolean(escalated),
    )
    approved = Q(sd_approved_by__isnull=False) & (
        Q(sd_requested_by__isnull=True) | ~Q(sd_approved_by=F("sd_requested_by"))
    )
    risky = Q(sd_rosh__in=HIGH_ROSH) | Q(sd_mappa=True) | Q(sd_escalated=True)
    return people.annotate(
        ind_applicable=boolean(Q(sd_level__isnull=False)),
        ind_met=verdict(not_met=risky & ~approved, needs_human=risky, met=Q(sd_level__isnull=False)),
        ind_evidence_type=Value(label(ContactLevel)),
        ind_evidence_id=F("sd_level"),
    )


def _step_taken_on():
    """When the decided step was taken: the letter for a warning, breach initiated, recall recommended."""
    return Case(
        When(kind__in=EnforcementKind.warnings(), then=F("letter_issued_on")),
        When(kind=EnforcementKind.BREACH, then=F("breach_initiated_on")),
        When(kind=EnforcementKind.RECALL, then=F("recall__recommended_on")),
        default=None,
    )


@indicator(
    "enforcement_appropriate",
    "Enforcement taken when needed, in time",
    "Applies to a case with a failure to comply (a National Standard appointment attended-failed or an "
    "unacceptable absence) or an enforcement decision in the last `enforcement.lookback_days` days; met "
    "when every such failure has an enforcement decision and every decided step (warning letter, breach, "
    "recall) was taken by its due date. A failure with no decision counts once "
    "`enforcement.breach_days` working days have passed since it was judged. A decision that departs "
    "from the step the rules recommend needs a human.",
    theme="Implementation and delivery",
)
def enforcement_appropriate(people, on: date):
    since = on - timedelta(days=policy.number("enforcement.lookback_days"))
    grace = int(enforcement_value("enforcement.breach_days"))
    failures = Contact.objects.filter(
        person=OuterRef("pk"),
        national_standard=True,
        outcome__in=Outcome.failures(),
        starts_at__date__gte=since,
        starts_at__date__lte=on,
    )
    unenforced = (
        failures.filter(~Exists(EnforcementAction.objects.filter(contact=OuterRef("pk")).exclude(
            status=EnforcementStatus.WITHDRAWN)))
        .annotate(judged=TruncDate(Coalesce("outcome_recorded_at", "starts_at")))
        .annotate(decision_due=AddWorkingDays(F("judged"), grace))
        .filter(decision_due__lt=on)
        .order_by("starts_at", "id")
    )
    actions = (
        EnforcementAction.objects.filter(person=OuterRef("pk"), failure_on__gte=since, failure_on__lte=on)
        .exclude(status=EnforcementStatus.WITHDRAWN)
        .annotate(taken_on=_step_taken_on())
    )
    late = actions.filter(Q(taken_on__gt=F("due_by")) | (Q(taken_on__isnull=True) & Q(due_by__lt=on))).order_by(
        "failure_on", "id"
    )
    departed = actions.exclude(kind="").exclude(kind=F("recommended_kind")).order_by("failure_on", "id")
    people = people.annotate(
        en_unenforced=Subquery(unenforced.values("pk")[:1]),
        en_late=Subquery(late.values("pk")[:1]),
        en_departed=Subquery(departed.values("pk")[:1]),
        en_latest=Subquery(actions.order_by("-failure_on", "-id").values("pk")[:1]),
    )
    return people.annotate(
        ind_applicable=boolean(Q(en_latest__isnull=False) | Q(en_unenforced__isnull=False)),
        ind_met=verdict(
            not_met=Q(en_unenforced__isnull=False) | Q(en_late__isnull=False),
            needs_human=Q(en_departed__isnull=False),
            met=Q(en_latest__isnull=False),
        ),
        ind_evidence_type=Case(
            When(en_unenforced__isnull=False, then=Value(label(Contact))),
            default=Value(label(EnforcementAction)),
        ),
        ind_evidence_id=Coalesce(F("en_unenforced"), F("en_late"), F("en_departed"), F("en_latest")),
    )
