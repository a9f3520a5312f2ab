from django.conf import settings
from django.db import models

from probation.core.models import Versioned

from .constants import (
    AbsenceReason,
    ContactFrequency,
    ContactMethod,
    ContactType,
    Outcome,
    StepDownRule,
    StepDownStatus,
)


class Contact(Versioned):
    """Every activity on a case: an appointment (with an outcome once it has happened), a call, a
    partner contact, a note. Only contacts flagged National Standard count towards compliance."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contacts")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    requirement = models.ForeignKey(
        "sentences.Requirement", on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    type = models.CharField(max_length=24, choices=ContactType.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    national_standard = models.BooleanField(default=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True, default="")
    absence_reason = models.CharField(max_length=12, choices=AbsenceReason.choices, blank=True)
    evidence_due = models.DateField(null=True, blank=True, help_text="5 working days after an absence")
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)
    sensitive = models.BooleanField(default=False, help_text="Contains sensitive information")
    # Appointments booked together as a repeating series share a key.
    series = models.CharField(max_length=40, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["person", "starts_at"]),
            models.Index(fields=["officer", "starts_at"]),
            models.Index(fields=["outcome", "evidence_due"]),
            # The home page's due lists: small partial indexes over the few rows still waiting.
            models.Index(
                fields=["person", "evidence_due"],
                condition=models.Q(outcome="awaiting_evidence"),
                name="contact_awaiting_evidence",
            ),
            models.Index(
                fields=["officer", "starts_at"],
                condition=models.Q(outcome=""),
                name="contact_outcome_not_recorded",
            ),
        ]

    @property
    def is_appointment(self) -> bool:
        return self.type != ContactType.NOTE


class ContactLevel(models.Model):
    """The contact a case should receive, as a history. A step-down (less often, or telephone instead
    of face to face) carries its rationale and, where risk demands, an SPO's approval."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contact_levels")
    frequency = models.CharField(max_length=12, choices=ContactFrequency.choices)
    method = models.CharField(
        max_length=12, choices=ContactMethod.choices, default=ContactMethod.FACE_TO_FACE
    )
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    is_step_down = models.BooleanField(default=False)
    status = models.CharField(max_length=18, choices=StepDownStatus.choices, default=StepDownStatus.APPROVED)
    rationale = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_notes = models.TextField(blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    # What the step-down rule said, the reasons, and the values it was given, so it can be re-read.
    rule_outcome = models.CharField(max_length=16, choices=StepDownRule.choices, blank=True)
    rule_reasons = models.JSONField(default=list, blank=True)
    rule_inputs = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-effective_from", "-id"]
        indexes = [models.Index(fields=["person", "effective_from"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()}, {self.get_method_display().lower()}"
