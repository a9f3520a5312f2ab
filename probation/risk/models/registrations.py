from django.conf import settings
from django.db import models

from ..constants import FlagGroup, MappaCategory, MappaLevel


class FlagType(models.Model):
    """Reference data: what a registration flag means, and how often it must be reviewed."""

    code = models.CharField(max_length=10, primary_key=True)
    name = models.CharField(max_length=100)
    group = models.CharField(max_length=20, choices=FlagGroup.choices)
    meaning = models.TextField()
    review_months = models.PositiveSmallIntegerField(default=6)
    # The tiering complexity factor this flag counts as, if any (e.g. "mental_health").
    complexity_factor = models.CharField(max_length=30, blank=True)
    women_factor = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="registrations")
    flag = models.ForeignKey(FlagType, on_delete=models.PROTECT, related_name="registrations")
    registered_on = models.DateField()
    review_due = models.DateField()
    notes = models.TextField(blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deregistered_on = models.DateField(null=True, blank=True)
    deregistration_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-registered_on"]
        indexes = [models.Index(fields=["person", "deregistered_on"]), models.Index(fields=["review_due"])]

    def __str__(self) -> str:
        ended = f", deregistered {self.deregistered_on:%d/%m/%Y}" if self.deregistered_on else ""
        return f"{self.flag_id} registered {self.registered_on:%d/%m/%Y}{ended}"

    @property
    def is_active(self) -> bool:
        return self.deregistered_on is None


class MappaRegistration(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="mappa")
    category = models.PositiveSmallIntegerField(choices=MappaCategory.choices)
    level = models.PositiveSmallIntegerField(choices=MappaLevel.choices)
    start_date = models.DateField()
    review_due = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["person", "end_date"])]

    def __str__(self) -> str:
        ended = f" to {self.end_date:%d/%m/%Y}" if self.end_date else ""
        return f"MAPPA category {self.category}, level {self.level}, from {self.start_date:%d/%m/%Y}{ended}"
