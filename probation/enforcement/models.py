import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from probation.core.models import Versioned

from .constants import (
    CourtOutcome,
    EnforcementKind,
    EnforcementRoute,
    EnforcementStatus,
    RecallOutcome,
    RecallStatus,
    RecallType,
)


def new_external_id() -> str:
    return uuid.uuid4().hex


# Sentences and contacts cannot be deleted from under their enforcement history (RESTRICT), except
# together with it, when the whole case is deleted.
class EnforcementAction(Versioned):
    """One failure to comply and what was done about it. Created as "decision due" with the step the
    rules recommend; the officer decides (a more severe step needs a rationale), then issues the
    letter, initiates breach or recommends recall."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="enforcement_actions")
    disposal = models.ForeignKey(
        "sentences.Disposal", on_delete=models.RESTRICT, related_name="enforcement_actions"
    )
    contact = models.OneToOneField(
        "contacts.Contact",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="enforcement_action",
        help_text="The failure that triggered the decision",
    )
    route = models.CharField(max_length=8, choices=EnforcementRoute.choices)
    failure_on = models.DateField(help_text="The day of the failure")
    judged_on = models.DateField(
        help_text="The day the failure was judged unacceptable; deadlines count from it"
    )
    failure_description = models.TextField(blank=True)
    recommended_kind = models.CharField(max_length=20, choices=EnforcementKind.choices)
    recommendation_reason = models.TextField(blank=True)
    prior_warning = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The warning whose twelve months cover this failure",
    )
    kind = models.CharField(max_length=20, choices=EnforcementKind.choices, blank=True)
    status = models.CharField(
        max_length=20, choices=EnforcementStatus.choices, default=EnforcementStatus.DECISION_DUE
    )
    decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    due_by = models.DateField(help_text="The decision and its letter or breach action are due by this day")
    letter_issued_on = models.DateField(null=True, blank=True)
    breach_initiated_on = models.DateField(null=True, blank=True)
    court_outcome = models.CharField(max_length=20, choices=CourtOutcome.choices, blank=True)
    court_outcome_on = models.DateField(null=True, blank=True)
    court_outcome_notes = models.TextField(blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-failure_on", "-id"]
        indexes = [
            models.Index(fields=["person", "failure_on"]),
            models.Index(fields=["status", "due_by"]),
            models.Index(fields=["disposal", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="") | Q(recommended_kind=F("kind")) | ~Q(rationale=""),
                name="enforcement_departure_needs_rationale",
            ),
            models.CheckConstraint(
                condition=Q(court_outcome="") | Q(kind=EnforcementKind.BREACH),
                name="enforcement_court_outcome_only_for_breach",
            ),
            models.CheckConstraint(
                condition=Q(kind="") | Q(decision_by__isnull=False, decided_on__isnull=False),
                name="enforcement_decision_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display() or 'Decision due'} – failure on {self.failure_on:%d/%m/%Y}"

    @property
    def warning_given_on(self):
        """The day a warning was given: the day its letter was sent (or handed over). A warning decided
        on but not yet sent has not been given, so it does not yet make a later failure a breach."""
        if self.kind not in EnforcementKind.warnings():
            return None
        return self.letter_issued_on

    @property
    def has_letter(self) -> bool:
        return self.kind in EnforcementKind.with_letter()


class RecallRecommendation(Versioned):
    """A recommendation to recall someone on licence, countersigned by an SPO and then a head of
    service (neither may be the officer who recommended it), and its outcome."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="recall_recommendations"
    )
    disposal = models.ForeignKey("sentences.Disposal", on_delete=models.RESTRICT, related_name="recalls")
    enforcement_action = models.OneToOneField(
        EnforcementAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="recall"
    )
    recall_type = models.CharField(max_length=10, choices=RecallType.choices)
    fixed_term_days = models.PositiveSmallIntegerField(null=True, blank=True)
    rationale = models.TextField()
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recommended_on = models.DateField()
    status = models.CharField(max_length=16, choices=RecallStatus.choices, default=RecallStatus.AWAITING_SPO)
    spo_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    spo_on = models.DateField(null=True, blank=True)
    spo_notes = models.TextField(blank=True)
    head_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    head_on = models.DateField(null=True, blank=True)
    head_notes = models.TextField(blank=True)
    not_supported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    not_supported_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=14, choices=RecallOutcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-recommended_on", "-id"]
        indexes = [models.Index(fields=["person", "recommended_on"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(spo_by__isnull=True) | ~Q(spo_by=F("recommended_by")),
                name="recall_spo_not_recommender",
            ),
            models.CheckConstraint(
                condition=Q(head_by__isnull=True)
                | (Q(spo_by__isnull=False) & ~Q(head_by=F("recommended_by")) & ~Q(head_by=F("spo_by"))),
                name="recall_head_after_spo_and_someone_else",
            ),
            models.CheckConstraint(
                condition=~Q(recall_type=RecallType.FIXED_TERM) | Q(fixed_term_days__isnull=False),
                name="recall_fixed_term_has_days",
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="recall_has_rationale"),
        ]

    def __str__(self) -> str:
        return f"{self.get_recall_type_display()} recommended {self.recommended_on:%d/%m/%Y}"
