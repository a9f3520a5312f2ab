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
    status = models.CharField(
        max_length=26, choices=AllocationStatus.choices, default=AllocationStatus.AWAITING_DECISION
    )
    recommended_provider_type = models.CharField(max_length=10, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    provider = models.ForeignKey(
        "workforce.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="allocations"
    )
    overridden = models.BooleanField(default=False)
    override_rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    allocation_due = models.DateField(null=True, blank=True)
    first_appointment_due = models.DateField(null=True, blank=True)
    # The handover package.
    risk_summary = models.TextField(blank=True)
    offence_summary = models.TextField(blank=True)
    requirements_summary = models.TextField(blank=True)
    safeguarding = models.TextField(blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_on = models.DateField(null=True, blank=True)
    # The provider whose court team decides the allocation (the public provider).
    court_provider = models.ForeignKey(
        "workforce.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="court_allocations",
    )
    facing_deportation = models.BooleanField(default=False)
    # The values the rule was given when the decision was made, so the recommendation can be re-read.
    decision_inputs = models.JSONField(default=dict, blank=True)
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [
            models.Index(fields=["status", "received_on"]),
            models.Index(fields=["court_provider", "status", "received_on"]),
            models.Index(fields=["provider", "status", "received_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overridden=False) | ~models.Q(override_rationale=""),
                name="allocation_override_has_rationale",
            ),
            models.CheckConstraint(
                condition=models.Q(status="awaiting_decision")
                | models.Q(provider__isnull=False, decided_on__isnull=False, decided_by__isnull=False),
                name="allocation_decided_names_provider",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="acknowledged")
                | models.Q(acknowledged_on__isnull=False, acknowledged_by__isnull=False),
                name="allocation_acknowledged_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"Allocation of {self.person_id} received {self.received_on}"


class EscalationReferral(models.Model):
    """A case whose risk rose to high while with the private provider, referred to the public one and
    tracked until it is accepted and reallocated."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="escalations")
    from_provider = models.ForeignKey("workforce.Provider", on_delete=models.PROTECT, related_name="+")
    to_provider = models.ForeignKey("workforce.Provider", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        "risk.RiskAssessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    referred_on = models.DateField()
    reason = models.TextField()
    status = models.CharField(
        max_length=12, choices=EscalationStatus.choices, default=EscalationStatus.REFERRED
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_on = models.DateField(null=True, blank=True)
    reallocated_on = models.DateField(null=True, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reallocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    declined_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["referred_on", "id"]
        indexes = [models.Index(fields=["to_provider", "status", "referred_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["referred", "accepted"]),
                name="one_open_escalation_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Risk escalation of {self.person_id} referred {self.referred_on}"
