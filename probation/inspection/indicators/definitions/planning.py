"""Planning: a sentence plan on time, addressing the needs and requirements, and taking account of the
person's diversity."""

from datetime import date

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat

from probation.plans.constants import ObjectiveStatus
from probation.plans.models import Objective, SentencePlan
from probation.risk.constants import NeedSeverity
from probation.risk.models import NeedRating
from probation.sentences.models import Requirement

from .. import policy
from ..calendar import AddWorkingDays
from ..common import boolean, current_disposal_id, label, latest_assessment, on_or_before, sentence_start, verdict
from ..registry import indicator


def _days(key: str, highest_key: str):
    return Case(
        When(tier__startswith="A", then=Value(policy.number(highest_key))),
        default=Value(policy.number(key)),
        output_field=IntegerField(),
    )


def completed_plans(on: date):
    """Plans completed (submitted, and countersigned where needed) by `on`, latest first."""
    return SentencePlan.objects.filter(person=OuterRef("pk"), completed_on__isnull=False, completed_on__lte=on).order_by(
        "-completed_on", "-id"
    )


@indicator(
    "plan_timely",
    "Sentence plan completed on time",
    "Applies to a case under a current sentence once its plan is due or done; met when the first plan "
    "for the current sentence was completed by its due date (`plan.days` working days after the start, "
    "5 for tier A). A plan submitted on time but countersigned late needs a human.",
    theme="Planning",
)
def plan_timely(people, on: date):
    first_plan = SentencePlan.objects.filter(
        person=OuterRef("pk"), starts_from__gte=OuterRef("pt_start"), started_on__lte=on
    ).order_by("starts_from", "started_on", "id")
    people = people.annotate(pt_start=sentence_start(on)).annotate(
        pt_plan=Subquery(first_plan.values("pk")[:1]),
        pt_plan_due=Subquery(first_plan.values("due_by")[:1]),
        pt_done=Subquery(first_plan.annotate(by_then=on_or_before("completed_on", on)).values("by_then")[:1]),
        pt_submitted=Subquery(first_plan.annotate(by_then=on_or_before("submitted_on", on)).values("by_then")[:1]),
    )
    people = people.annotate(
        pt_due=Coalesce(F("pt_plan_due"), AddWorkingDays(F("pt_start"), _days("plan.days", "plan.days_highest_tier")))
    )
    return people.annotate(
        ind_applicable=boolean(
            Q(pt_start__isnull=False) & (Q(pt_done__isnull=False) | Q(pt_due__lt=on) | Q(pt_due__isnull=True))
        ),
        ind_met=verdict(
            met=Q(pt_done__lte=F("pt_due")),
            needs_human=Q(pt_due__isnull=True) | (Q(pt_done__gt=F("pt_due")) & Q(pt_submitted__lte=F("pt_due"))),
        ),
        ind_evidence_type=Value(label(SentencePlan)),
        ind_evidence_id=F("pt_plan"),
    )


def _json_text(field: str):
    return Cast(field, output_field=TextField())


@indicator(
    "plan_addresses_needs",
    "Plan addresses needs and requirements",
    "Applies to a case with a completed plan and either a criminogenic need rated standard or severe in "
    "the latest assessment or a requirement of the current sentence; met when every such need is named "
    "by a live objective of the latest completed plan and every current requirement is tied to one. "
    "Objectives that name no needs at all need a human.",
    theme="Planning",
)
def plan_addresses_needs(people, on: date):
    plan = completed_plans(on)
    objectives = Objective.objects.filter(plan_id=OuterRef(OuterRef("pn_plan"))).exclude(
        status=ObjectiveStatus.NO_LONGER_NEEDED
    )
    needs = NeedRating.objects.filter(
        assessment_id=OuterRef("pn_assessment"), severity__in=[NeedSeverity.STANDARD, NeedSeverity.SEVERE]
    )
    unaddressed_needs = needs.filter(
        ~Exists(
            objectives.annotate(needs_text=_json_text("needs")).filter(
                needs_text__contains=Concat(Value('"'), OuterRef("need"), Value('"'))
            )
        )
    )
    requirements = Requirement.objects.filter(disposal_id=OuterRef("pn_disposal"), start_date__lte=on).filter(
        Q(terminated_on__isnull=True) | Q(terminated_on__gt=on)
    )
    untied = requirements.filter(~Exists(objectives.filter(requirements=OuterRef("pk"))))
    plan_objectives = Objective.objects.filter(plan_id=OuterRef("pn_plan")).exclude(
        status=ObjectiveStatus.NO_LONGER_NEEDED
    )
    people = people.annotate(
        pn_plan=Subquery(plan.values("pk")[:1]),
        pn_assessment=Subquery(latest_assessment(on).values("pk")[:1]),
        pn_disposal=current_disposal_id(on),
    ).annotate(
        pn_needs=Exists(needs),
        pn_requirements=Exists(requirements),
        pn_gap=boolean(Exists(unaddressed_needs) | Exists(untied)),
        pn_objectives_without_needs=boolean(
            Exists(plan_objectives)
            & ~Exists(plan_objectives.annotate(needs_text=_json_text("needs")).exclude(needs_text="[]"))
        ),
    )
    return people.annotate(
        ind_applicable=boolean(Q(pn_plan__isnull=False) & (Q(pn_needs=True) | Q(pn_requirements=True))),
        ind_met=Case(
            When(Q(pn_needs=True) & Q(pn_objectives_without_needs=True), then=Value(None)),
            When(pn_gap=True, then=Value(False)),
            default=Value(True),
        ),
        ind_evidence_type=Value(label(SentencePlan)),
        ind_evidence_id=F("pn_plan"),
    )


@indicator(
    "diversity_considered",
    "Diversity taken into account in the plan",
    "Applies to a case with a completed plan whose person has a recorded diversity need (a disability, "
    "an interpreter, a literacy need, caring responsibilities, pregnancy or maternity, or a gender "
    "identity different from their sex); met when the plan records the adjustments made. No adjustments "
    "for a disability, an interpreter or a literacy need is not met; otherwise it needs a human.",
    theme="Diversity",
)
def diversity_considered(people, on: date):
    plan = completed_plans(on)
    practical = Q(interpreter_required=True) | Q(literacy_need=True) | ~Q(disability="")
    other = ~Q(caring_responsibilities="") | Q(pregnancy_maternity=True) | ~Q(gender_identity="")
    people = people.annotate(
        dc_plan=Subquery(plan.values("pk")[:1]),
        dc_adjustments=Subquery(plan.values("adjustments")[:1]),
    )
    return people.annotate(
        ind_applicable=boolean(Q(dc_plan__isnull=False) & (practical | other)),
        ind_met=verdict(
            met=~Q(dc_adjustments=""),
            not_met=Q(dc_adjustments="") & practical,
            needs_human=Q(dc_adjustments=""),
        ),
        ind_evidence_type=Value(label(SentencePlan)),
        ind_evidence_id=F("dc_plan"),
    )
