from django.conf import settings
from django.db import models

from ..constants import AssessmentKind, AssessmentStatus, Need, NeedSeverity, RiskGroup, RoshLevel


class RiskAssessment(models.Model):
    """One version of a risk of serious harm assessment. A new assessment is a new row; the previous
    one is marked superseded and never rewritten."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="risk_assessments")
    sequence = models.PositiveIntegerField(help_text="1 for the first assessment of the person, then 2, 3…")
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices, default=AssessmentKind.FULL)
    status = models.CharField(max_length=26, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    countersigned_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True, help_text="Submitted, and countersigned if needed")

    rosh_overall = models.CharField(max_length=10, choices=RoshLevel.choices, blank=True)
    # {"community": {"public": "high", …}, "custody": {"prisoners": "low", …}}
    rosh_by_group = models.JSONField(default=dict, blank=True)
    who_is_at_risk = models.TextField(blank=True)
    nature_of_risk = models.TextField(blank=True)
    imminence = models.TextField(blank=True)
    factors_increasing = models.TextField(blank=True)
    factors_decreasing = models.TextField(blank=True)
    risk_to_self_suicide = models.BooleanField(default=False)
    risk_to_self_self_harm = models.BooleanField(default=False)
    risk_to_self_vulnerability = models.BooleanField(default=False)
    risk_to_self_notes = models.TextField(blank=True)

    # Factors that count towards the tier for women only.
    women_parenting = models.BooleanField(default=False)
    women_impulsivity_temper = models.BooleanField(default=False)
    women_breach_or_recall = models.BooleanField(default=False)

    # Predictor inputs and scores kept with the assessment they informed.
    ogrs3_one_year = models.PositiveSmallIntegerField(null=True, blank=True)
    ogrs3_two_year = models.PositiveSmallIntegerField(null=True, blank=True)
    ogp_two_year = models.PositiveSmallIntegerField(null=True, blank=True)
    ovp_two_year = models.PositiveSmallIntegerField(null=True, blank=True)
    rsr = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    predictor_inputs = models.JSONField(default=dict, blank=True)
    # Rises on every edit of a draft, so two people editing the same draft cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["person", "sequence"], name="assessment_sequence_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="complete")
                | ~models.Q(rosh_overall__in=["high", "very_high"])
                | models.Q(countersigned_by__isnull=False),
                name="high_rosh_complete_needs_countersignature",
            ),
            # One assessment in progress at a time: a second draft would fork the history.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["draft", "awaiting_countersignature"]),
                name="one_open_assessment_per_person",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return (
            f"Assessment {self.sequence} of person {self.person_id} "
            f"({self.get_kind_display().lower()}, {self.get_status_display().lower()}) "
            f"started {self.started_on:%d/%m/%Y}"
        )

    @property
    def is_complete(self) -> bool:
        return self.status == AssessmentStatus.COMPLETE

    @property
    def needs_countersignature(self) -> bool:
        return RoshLevel.needs_countersignature(self.rosh_overall)


class NeedRating(models.Model):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="needs")
    need = models.CharField(max_length=20, choices=Need.choices)
    severity = models.CharField(max_length=8, choices=NeedSeverity.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "need"], name="need_once_per_assessment")
        ]

    def __str__(self) -> str:
        return f"{self.get_need_display()}: {self.get_severity_display().lower()}"


class IdentifiedRisk(models.Model):
    """A specific risk the assessment found: who is at risk of what. Each should have actions in the
    risk management plan; one without is "not followed through"."""

    external_id = models.CharField(max_length=64, unique=True)
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="identified_risks")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="identified_risks")
    group = models.CharField(max_length=12, choices=RiskGroup.choices)
    level = models.CharField(max_length=10, choices=RoshLevel.choices)
    description = models.TextField()
    # The same risk as found by an earlier assessment, so its plan actions follow it to the new version.
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} risk to {self.get_group_display().lower()}"
