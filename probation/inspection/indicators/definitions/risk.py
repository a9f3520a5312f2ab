"""Keeping other people safe: risks followed through into actions, and actions, checks and reviews
done in time."""

from datetime import date

from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When

from probation.plans.models import PlanReview
from probation.risk.constants import ActionStatus
from probation.risk.models import IdentifiedRisk, PartnerCheck, RiskAction, RiskAssessment, SignificantEvent

from .. import policy
from ..calendar import AddWorkingDays
from ..common import HIGH_ROSH, boolean, completed_assessments, label, latest_assessment, sentence_start, verdict
from ..registry import indicator

# Actions follow a risk into later versions of the assessment through `carried_from`; this many
# earlier versions are searched for them.
CARRIED_DEPTH = 5


def _actions_for_risk():
    """Live actions (not "no longer needed") made for the outer identified risk or for the same risk
    in up to CARRIED_DEPTH earlier versions of the assessment."""
    condition = Q(risk=OuterRef("pk"))
    path = "carried_from"
    for _ in range(CARRIED_DEPTH):
        condition |= Q(risk=OuterRef(path))
        path += "__carried_from"
    return RiskAction.objects.filter(condition).exclude(status=ActionStatus.CANCELLED)


@indicator(
    "risk_followed_through",
    "Each identified risk has an action",
    "Applies to a case with a completed assessment that identified at least one specific risk (or rated "
    "RoSH high or very high); met when every identified risk of the latest completed assessment has at "
    "least one live action in the risk management plan.",
    theme="Keeping people safe",
)
def risk_followed_through(people, on: date):
    latest = latest_assessment(on)
    risks = IdentifiedRisk.objects.filter(assessment_id=OuterRef("fr_assessment"))
    unlinked = risks.filter(~Exists(_actions_for_risk())).order_by("id")
    people = people.annotate(
        fr_assessment=Subquery(latest.values("pk")[:1]),
        fr_rosh=Subquery(latest.values("rosh_overall")[:1]),
    ).annotate(
        fr_has_risks=Exists(risks),
        fr_unlinked=Subquery(unlinked.values("pk")[:1]),
    )
    return people.annotate(
        ind_applicable=boolean(Q(fr_assessment__isnull=False) & (Q(fr_has_risks=True) | Q(fr_rosh__in=HIGH_ROSH))),
        ind_met=verdict(
            not_met=Q(fr_unlinked__isnull=False),
            needs_human=Q(fr_has_risks=False),
            met=Q(fr_has_risks=True),
        ),
        ind_evidence_type=Case(
            When(fr_unlinked__isnull=False, then=Value(label(IdentifiedRisk))),
            default=Value(label(RiskAssessment)),
        ),
        ind_evidence_id=Case(When(fr_unlinked__isnull=False, then=F("fr_unlinked")), default=F("fr_assessment")),
    )


@indicator(
    "risk_minimised",
    "Actions to keep risk to a minimum taken in time",
    "Applies to a case under a current sentence with a risk action due, a partner check due or answered, "
    "or a significant event whose review is due or done since supervision began; met when every action "
    "due was delivered by its due date, every partner check was answered within "
    "`risk.partner_check_days` working days, and every significant event was followed by a completed "
    "assessment or a plan review by its review date.",
    theme="Keeping people safe",
)
def risk_minimised(people, on: date):
    check_days = policy.number("risk.partner_check_days")
    actions_due = RiskAction.objects.filter(
        person=OuterRef("pk"), due_on__gte=OuterRef("rm_start"), due_on__lte=on
    ).exclude(status=ActionStatus.CANCELLED)
    late_actions = actions_due.exclude(status=ActionStatus.NOT_DELIVERED).filter(
        Q(delivered_on__isnull=True) | Q(delivered_on__gt=F("due_on"))
    )
    undelivered = actions_due.filter(status=ActionStatus.NOT_DELIVERED)

    checks = PartnerCheck.objects.filter(
        person=OuterRef("pk"), requested_on__gte=OuterRef("rm_start"), requested_on__lte=on
    ).annotate(answer_due=AddWorkingDays(F("requested_on"), check_days))
    checks_judged = checks.filter(Q(answer_due__lt=on) | Q(answered_on__lte=on))
    unanswered = checks.filter(answer_due__lt=on).filter(
        Q(answered_on__isnull=True) | Q(answered_on__gt=F("answer_due"))
    )

    reviewed = Exists(
        completed_assessments(on, person=OuterRef("person")).filter(
            completed_on__gte=OuterRef("occurred_on"), completed_on__lte=OuterRef("review_due")
        )
    ) | Exists(
        PlanReview.objects.filter(significant_event=OuterRef("pk"), reviewed_on__lte=OuterRef("review_due")).filter(
            reviewed_on__lte=on
        )
    )
    events = SignificantEvent.objects.filter(
        person=OuterRef("pk"), occurred_on__gte=OuterRef("rm_start"), occurred_on__lte=on
    )
    events_judged = events.filter(Q(review_due__lt=on) | reviewed)
    unreviewed = events.filter(review_due__lt=on).filter(~reviewed)

    people = people.annotate(rm_start=sentence_start(on)).annotate(
        rm_late_action=Subquery(late_actions.order_by("due_on", "id").values("pk")[:1]),
        rm_unanswered=Subquery(unanswered.order_by("requested_on", "id").values("pk")[:1]),
        rm_unreviewed=Subquery(unreviewed.order_by("occurred_on", "id").values("pk")[:1]),
        rm_undelivered=Subquery(undelivered.order_by("due_on", "id").values("pk")[:1]),
    )
    judged = Exists(actions_due) | Exists(checks_judged) | Exists(events_judged)
    return people.annotate(
        ind_applicable=boolean(Q(rm_start__isnull=False) & judged),
        ind_met=verdict(
            not_met=Q(rm_late_action__isnull=False) | Q(rm_unanswered__isnull=False) | Q(rm_unreviewed__isnull=False),
            needs_human=Q(rm_undelivered__isnull=False),
            met=Q(rm_start__isnull=False),
        ),
        ind_evidence_type=Case(
            When(rm_late_action__isnull=False, then=Value(label(RiskAction))),
            When(rm_unanswered__isnull=False, then=Value(label(PartnerCheck))),
            When(rm_unreviewed__isnull=False, then=Value(label(SignificantEvent))),
            When(rm_undelivered__isnull=False, then=Value(label(RiskAction))),
            default=Value(""),
        ),
        ind_evidence_id=Case(
            When(rm_late_action__isnull=False, then=F("rm_late_action")),
            When(rm_unanswered__isnull=False, then=F("rm_unanswered")),
            When(rm_unreviewed__isnull=False, then=F("rm_unreviewed")),
            When(rm_undelivered__isnull=False, then=F("rm_undelivered")),
            default=None,
        ),
    )
