from django.conf import settings
from django.db import models

from .constants import AllocationStatus, EscalationStatus


class Allocation(models.Model):
    """The court team's decision on which provider supervises a new sentence or release, with its
    reasons, any override and its rationale, and the handover the receiving provider acknowledges."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="allocations")
    disposal = models.ForeignKey("sentences.Disposal", on_delete=models.CASCADE, related_name="allocations")
    received_on = models.DateField(help_text="Sentence date, or release date for licence and PSS")
    status = models.CharField(max_length=26, choices=AllocationStatus.choices, default=AllocationStatus.AWAITING_DECISION)
    recommended_provider_type = models.CharField(max_length=10, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    provider = models.ForeignKey(
        "workforce.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="allocations"
    )
    overridden = models.BooleanField(default=False)
    override_rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    allocation_due = models.DateField(null=True, blank=True)
    first_appointment_due = models.DateField(null=True, blank=True)
    # The handover package.
    risk_summary = models.TextField(blank=True)
    offence_summary = models.TextField(blank=True)
    requirements_summary = models.TextField(blank=True)
    safeguarding = models.TextField(blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    acknowledged_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["status", "received_on"])]


class EscalationReferral(models.Model):
    """A case whose risk rose to high while with the private provider, referred to the public one and
    tracked until it is accepted and reallocated."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="escalations")
    from_provider = models.ForeignKey("workforce.Provider", on_delete=models.PROTECT, related_name="+")
    to_provider = models.ForeignKey("workforce.Provider", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey("risk.RiskAssessment", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    referred_on = models.DateField()
    reason = models.TextField()
    status = models.CharField(max_length=12, choices=EscalationStatus.choices, default=EscalationStatus.REFERRED)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    accepted_on = models.DateField(null=True, blank=True)
    reallocated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["referred_on", "id"]
