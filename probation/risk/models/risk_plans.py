from django.conf import settings
from django.db import models

from probation.core.models import Versioned

from ..constants import ActionOwner, ActionStatus, PartnerCheckKind, SignificantEventType


class RiskManagementPlan(Versioned):
    external_id = models.CharField(max_length=64, unique=True)
    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="risk_plan")
    contingency = models.TextField(blank=True, help_text="What happens if risk rises or the plan fails")
    last_reviewed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Risk management plan of person {self.person_id}"


class RiskAction(models.Model):
    """What will be done about an identified risk, by whom and by when, and the evidence it was done."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="risk_actions")
    risk = models.ForeignKey("risk.IdentifiedRisk", on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=10, choices=ActionOwner.choices, default=ActionOwner.OFFICER)
    owner_name = models.CharField(max_length=200, blank=True, help_text="Officer or partner agency")
    due_on = models.DateField()
    status = models.CharField(max_length=14, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    delivered_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True, help_text="What shows it was done")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.action[:60]} (due {self.due_on:%d/%m/%Y}, {self.get_status_display().lower()})"


class PartnerCheck(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="partner_checks")
    kind = models.CharField(max_length=24, choices=PartnerCheckKind.choices)
    agency = models.CharField(max_length=200)
    requested_on = models.DateField()
    answered_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-requested_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.agency} requested {self.requested_on:%d/%m/%Y}"


class SignificantEvent(models.Model):
    """Something that changes the picture of risk; it makes a risk review due."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="significant_events")
    type = models.CharField(max_length=24, choices=SignificantEventType.choices)
    occurred_on = models.DateField()
    recorded_on = models.DateField()
    details = models.TextField(blank=True)
    review_due = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} on {self.occurred_on:%d/%m/%Y}"
