from django.conf import settings
from django.db import models

from probation.core.models import Versioned

from .constants import OversightTrigger, QualityRating, SfoReviewType, SfoStatus


class OversightRecord(models.Model):
    """A manager's recorded oversight of a case: what they decided, why, and what they asked for."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="oversight_records")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()
    trigger = models.CharField(max_length=20, choices=OversightTrigger.choices)
    decision = models.TextField()
    rationale = models.TextField()
    actions_set = models.TextField(blank=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        indexes = [models.Index(fields=["person", "recorded_on"])]

    def __str__(self) -> str:
        return f"Oversight of {self.person_id} on {self.recorded_on}"


class QualifyingOffence(models.Model):
    """Reference list: offences that make a charge a Serious Further Offence."""

    code = models.CharField(max_length=40, primary_key=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SeriousFurtherOffence(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="sfos")
    offence = models.ForeignKey(QualifyingOffence, on_delete=models.PROTECT, related_name="+")
    offence_details = models.TextField(blank=True)
    charged_on = models.DateField()
    supervision_ended_on = models.DateField(
        null=True, blank=True, help_text="Set when charged after supervision ended"
    )
    # Every provider involved in the case can see the SFO.
    providers = models.ManyToManyField("workforce.Provider", related_name="sfos")
    status = models.CharField(
        max_length=22, choices=SfoStatus.choices, default=SfoStatus.AWAITING_NOTIFICATION
    )
    notification_due = models.DateField()
    notified_on = models.DateField(null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_type = models.CharField(max_length=14, choices=SfoReviewType.choices, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="sfo_reviews"
    )
    review_due = models.DateField(null=True, blank=True)
    review_completed_on = models.DateField(null=True, blank=True)
    review_summary = models.TextField(blank=True)
    quality_rating = models.CharField(max_length=22, choices=QualityRating.choices, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-charged_on"]
        indexes = [models.Index(fields=["status", "notification_due"])]
        constraints = [
            # One charge opens one SFO, however many times it is recorded.
            models.UniqueConstraint(fields=["person", "offence", "charged_on"], name="one_sfo_per_charge")
        ]

    def __str__(self) -> str:
        return f"Serious Further Offence charged {self.charged_on}"


class SfoChronologyEntry(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    sfo = models.ForeignKey(SeriousFurtherOffence, on_delete=models.CASCADE, related_name="chronology")
    occurred_on = models.DateField()
    entry = models.TextField()

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.entry[:40]}"


class SfoLearningAction(Versioned):
    external_id = models.CharField(max_length=64, unique=True)
    sfo = models.ForeignKey(SeriousFurtherOffence, on_delete=models.CASCADE, related_name="learning_actions")
    action = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completed_note = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.action[:60]
