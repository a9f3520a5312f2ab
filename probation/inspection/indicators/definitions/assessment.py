"""Assessment: was the risk and needs assessment completed on time?"""

from datetime import date

from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When

from probation.risk.models import RiskAssessment

from .. import policy
from ..calendar import AddWorkingDays
from ..common import boolean, completed_assessments, days_before, label, sentence_start, verdict
from ..registry import indicator


@indicator(
    "assessment_timely",
    "Assessment completed on time",
    "Applies to a case under a current sentence once its assessment is due or done; met when the first "
    "assessment completed on or after the start of supervision was completed (and countersigned where "
    "required) within `assessment.days` working days (5 for tier A).",
    theme="Assessment",
)
def assessment_timely(people, on: date):
    days = Case(
        When(tier__startswith="A", then=Value(policy.number("assessment.days_highest_tier"))),
        default=Value(policy.number("assessment.days")),
        output_field=IntegerField(),
    )
    first_after = completed_assessments(on).filter(completed_on__gte=OuterRef("at_start")).order_by(
        "completed_on", "sequence"
    )
    carried_over = (
        completed_assessments(on)
        .filter(completed_on__lt=OuterRef("at_start"))
        .filter(completed_on__gte=days_before(OuterRef("at_start"), policy.number("assessment.carry_over_days")))
        .order_by("-completed_on", "-sequence")
    )
    people = people.annotate(at_start=sentence_start(on)).annotate(
        at_due=AddWorkingDays(F("at_start"), days),
        at_done=Subquery(first_after.values("completed_on")[:1]),
        at_done_id=Subquery(first_after.values("pk")[:1]),
    )
    people = people.annotate(
        at_prior_id=Subquery(carried_over.values("pk")[:1]),
    )
    due_or_done = Q(at_done__isnull=False) | Q(at_due__lt=on) | Q(at_due__isnull=True)
    return people.annotate(
        ind_applicable=boolean(Q(at_start__isnull=False) & due_or_done),
        ind_met=verdict(
            met=Q(at_done__lte=F("at_due")),
            needs_human=Q(at_due__isnull=True) | (Q(at_done__isnull=True) & Q(at_prior_id__isnull=False)),
        ),
        ind_evidence_type=Value(label(RiskAssessment)),
        ind_evidence_id=Case(
            When(at_done_id__isnull=False, then=F("at_done_id")),
            default=F("at_prior_id"),
        ),
    )
