import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from probation.contacts.constants import AbsenceReason
from probation.core.models import Versioned
from probation.risk.constants import Need, RoshLevel
from probation.sentences.constants import RequirementType

from .constants import (
    Attendance,
    Category,
    DeclineReason,
    Direction,
    EndReason,
    OutcomeAchieved,
    PartnerKind,
    ReferralStatus,
    SexEligibility,
    TestResult,
)


def new_external_id() -> str:
    return uuid.uuid4().hex


class PartnerAgency(models.Model):
    """An organisation outside probation that delivers services or exchanges information on cases:
    police, children's services, treatment providers, housing, employment services and so on.
    An agency with no area works across areas."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)
    area = models.ForeignKey(
        "workforce.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="partner_agencies"
    )
    contact_details = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "partner agencies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "area"], name="partner_agency_name_unique_in_area")
        ]

    def __str__(self) -> str:
        return self.name


class Intervention(Versioned):
    """One entry in an area's interventions directory: what it addresses, whom it is for, who
    delivers it and how long people wait. Delivered by another provider, by a partner agency, or
    (neither set) in-house by the provider that manages the case."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=24, choices=Category.choices)
    area = models.ForeignKey("workforce.Area", on_delete=models.PROTECT, related_name="interventions")
    description = models.TextField(blank=True)
    provider = models.ForeignKey(
        "workforce.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="interventions"
    )
    partner = models.ForeignKey(
        PartnerAgency, on_delete=models.PROTECT, null=True, blank=True, related_name="interventions"
    )
    # Eligibility.
    sex = models.CharField(max_length=6, choices=SexEligibility.choices, default=SexEligibility.ANY)
    max_rosh = models.CharField(
        "Highest RoSH accepted",
        max_length=10,
        choices=RoshLevel.choices,
        blank=True,
        help_text="Blank: any risk level",
    )
    required_requirement = models.CharField(
        max_length=32,
        choices=RequirementType.choices,
        blank=True,
        help_text="The person must have this requirement",
    )
    counts_as_rar = models.BooleanField("Counts towards RAR days", default=False)
    # Availability.
    capacity = models.PositiveIntegerField(default=0, help_text="People it can work with at once")
    waiting_weeks = models.PositiveSmallIntegerField("Current waiting time (weeks)", default=0)
    accepting_referrals = models.BooleanField(default=True)
    availability_updated_on = models.DateField(null=True, blank=True)
    expected_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    contact_details = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(provider__isnull=True) | Q(partner__isnull=True),
                name="intervention_one_deliverer",
            ),
            models.UniqueConstraint(fields=["area", "name"], name="intervention_name_unique_in_area"),
        ]
        indexes = [models.Index(fields=["area", "category"])]

    def __str__(self) -> str:
        return self.name

    @property
    def delivered_by(self) -> str:
        if self.partner_id:
            return str(self.partner)
        if self.provider_id:
            return str(self.provider)
        return "The provider managing the case"

    @property
    def is_partner_delivered(self) -> bool:
        return self.partner_id is not None


class InterventionNeed(models.Model):
    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="needs")
    need = models.CharField(max_length=20, choices=Need.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intervention", "need"], name="intervention_need_once")
        ]
        indexes = [models.Index(fields=["need", "intervention"])]

    def __str__(self) -> str:
        return self.get_need_display()


class Referral(Versioned):
    """A person's referral to an intervention, from referral to the end-of-service report."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="referrals")
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="referrals")
    requirement = models.ForeignKey(
        "sentences.Requirement", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    status = models.CharField(max_length=24, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED)
    # The referral.
    need = models.CharField(max_length=20, choices=Need.choices)
    desired_outcomes = models.TextField()
    risk_information = models.TextField(help_text="What the provider needs to know to work safely")
    rosh_at_referral = models.CharField(max_length=10, choices=RoshLevel.choices, blank=True)
    further_information = models.TextField(blank=True, help_text="Diversity needs, adjustments, availability")
    referred_on = models.DateField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The provider's decision.
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(max_length=16, choices=DeclineReason.choices, blank=True)
    decline_detail = models.TextField(blank=True)
    # The action plan: written by the provider, approved by the responsible officer.
    action_plan = models.TextField(blank=True)
    action_plan_submitted_on = models.DateField(null=True, blank=True)
    action_plan_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action_plan_approved_on = models.DateField(null=True, blank=True)
    action_plan_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The end.
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True)
    end_detail = models.TextField(blank=True)
    # The end-of-service report.
    report_outcome = models.CharField(max_length=12, choices=OutcomeAchieved.choices, blank=True)
    report_text = models.TextField(blank=True)
    report_submitted_on = models.DateField(null=True, blank=True)
    report_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The date something last moved the referral on; "stalled" is measured from it.
    last_progress_on = models.DateField()

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["person", "status"]),
            models.Index(fields=["status", "last_progress_on"]),
            models.Index(fields=["intervention", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("referred_on")),
                name="referral_ends_after_referral",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="referral_decline_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="ended_early") | ~Q(end_reason=""), name="referral_early_end_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} for {self.person.crn}"

    @property
    def is_open(self) -> bool:
        return self.status in ReferralStatus.open()

    @property
    def report_due(self) -> bool:
        return self.status in ReferralStatus.ended() and self.report_submitted_on is None


class Session(models.Model):
    """One session delivered under a referral, with attendance. When the session is kept on the case
    record, `contact` is the contact that carries the attendance for compliance."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    attendance = models.CharField(max_length=18, choices=Attendance.choices)
    absence_reason = models.CharField(max_length=12, choices=AbsenceReason.choices, blank=True)
    test_result = models.CharField(max_length=10, choices=TestResult.choices, blank=True, default="")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    contact = models.OneToOneField(
        "contacts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intervention_session",
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["referral", "starts_at"])]

    def __str__(self) -> str:
        return f"Session on {self.starts_at:%d/%m/%Y}: {self.get_attendance_display()}"


class PartnerExchange(Versioned):
    """Information requested from, or shared with, a partner agency about a case."""

    external_id = models.CharField(max_length=64, unique=True, default=new_external_id)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="partner_exchanges")
    agency = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="exchanges")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    subject = models.CharField(max_length=200)
    occurred_on = models.DateField("Date requested or shared")
    response_received_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    sensitive = models.BooleanField(default=False, help_text="Contains sensitive information")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["person", "occurred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_received_on__isnull=True)
                | Q(response_received_on__gte=F("occurred_on")),
                name="partner_exchange_response_after_request",
            )
        ]

    @property
    def awaiting_response(self) -> bool:
        return self.direction == Direction.REQUESTED and self.response_received_on is None
