import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from probation.core.models import Versioned

from .constants import Involvement, ObjectiveOwner, ObjectiveStatus, PlanStatus, ReviewReason


def new_external_id() -> str:
    return uuid.uuid4().hex


class SentencePlan(Versioned):
    """What the person and their officer will do during the sentence, and why. Due within working
    days of sentence or release; countersigned by an SPO when RoSH is high or very high."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="sentence_plans")
    disposal = models.ForeignKey(
        "sentences.Disposal",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="sentence_plans",
        help_text="The sentence or release the plan responds to",
    )
    status = models.CharField(max_length=26, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    starts_from = models.DateField(help_text="The sentence or release date the deadline counts from")
    due_by = models.DateField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True, help_text="Submitted, and countersigned if needed")
    needs_countersignature = models.BooleanField(default=False)
    rosh_at_submission = models.CharField(max_length=10, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    countersigned_on = models.DateField(null=True, blank=True)
    countersignature_notes = models.TextField(blank=True)
    returned_notes = models.TextField(blank=True, help_text="Why the SPO returned the plan to its author")

    persons_own_words = models.TextField(
        blank=True, help_text="What the person wants to achieve, in their own words"
    )
    involvement = models.CharField(max_length=14, choices=Involvement.choices, blank=True)
    involvement_notes = models.TextField(blank=True)
    diversity_needs = models.TextField(
        blank=True, help_text="Copied from the person's record when the plan began"
    )
    adjustments = models.TextField(blank=True, help_text="Adjustments made so the person can take part")

    last_reviewed_on = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["person", "status"]), models.Index(fields=["status", "due_by"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="one_active_plan_per_person"
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["draft", "awaiting_countersignature"]),
                name="one_plan_in_progress_per_person",
            ),
            models.CheckConstraint(
                condition=Q(countersigned_by__isnull=True) | ~Q(countersigned_by=F("author")),
                name="plan_not_countersigned_by_author",
            ),
            models.CheckConstraint(
                condition=~Q(status="active")
                | Q(needs_countersignature=False)
                | Q(countersigned_by__isnull=False),
                name="plan_high_rosh_active_needs_countersignature",
            ),
        ]

    def __str__(self) -> str:
        return f"Sentence plan started {self.started_on:%d/%m/%Y} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in {PlanStatus.DRAFT, PlanStatus.ACTIVE}


class Objective(Versioned):
    """One thing the plan sets out to achieve, tied to the needs, requirements and risk actions it
    addresses, with who owns it and by when."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    plan = models.ForeignKey(SentencePlan, on_delete=models.CASCADE, related_name="objectives")
    description = models.TextField()
    # Criminogenic needs addressed, as `probation.risk.constants.Need` values.
    needs = models.JSONField(default=list, blank=True)
    requirements = models.ManyToManyField(
        "sentences.Requirement", blank=True, related_name="plan_objectives", through="ObjectiveRequirement"
    )
    risk_actions = models.ManyToManyField(
        "risk.RiskAction", blank=True, related_name="plan_objectives", through="ObjectiveRiskAction"
    )
    owner = models.CharField(max_length=10, choices=ObjectiveOwner.choices, default=ObjectiveOwner.PERSON)
    owner_name = models.CharField(max_length=200, blank=True, help_text="The officer or partner agency")
    target_date = models.DateField()
    status = models.CharField(max_length=18, choices=ObjectiveStatus.choices, default=ObjectiveStatus.OPEN)
    progress = models.TextField(blank=True)

    class Meta:
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def need_labels(self) -> list[str]:
        from probation.risk.constants import Need

        return [Need(n).label for n in self.needs if n in Need.values]


class ObjectiveRequirement(models.Model):
    """An objective delivers (part of) a requirement of the sentence."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="requirement_links")
    requirement = models.ForeignKey("sentences.Requirement", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["objective", "requirement"], name="objective_requirement_once")
        ]

    def __str__(self) -> str:
        return f"Objective {self.objective_id} – requirement {self.requirement_id}"


class ObjectiveRiskAction(models.Model):
    """An objective carries out an action of the risk management plan."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="risk_action_links")
    risk_action = models.ForeignKey("risk.RiskAction", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["objective", "risk_action"], name="objective_risk_action_once")
        ]

    def __str__(self) -> str:
        return f"Objective {self.objective_id} – risk action {self.risk_action_id}"


class PlanReview(models.Model):
    """A review of the plan: at the set interval, or after a significant event."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    plan = models.ForeignKey(SentencePlan, on_delete=models.CASCADE, related_name="reviews")
    reason = models.CharField(max_length=18, choices=ReviewReason.choices)
    significant_event = models.ForeignKey(
        "risk.SignificantEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_reviews"
    )
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()
    persons_views = models.TextField(blank=True)
    next_review_due = models.DateField()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="significant_event") | Q(significant_event__isnull=False),
                name="review_after_event_names_it",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on {self.reviewed_on:%d/%m/%Y}"
