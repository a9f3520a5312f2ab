from django.contrib.auth.models import AbstractUser
from django.db import models

from .constants import AssignmentReason, Grade, ProviderType, Role


class Provider(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(max_length=10, unique=True)
    type = models.CharField(max_length=10, choices=ProviderType.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="offices")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="offices")
    address = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="teams")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="teams")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="teams", null=True, blank=True)
    manager = models.ForeignKey(
        "Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="managed_teams"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="team_name_unique_in_provider")
        ]

    def __str__(self) -> str:
        return self.name


class Staff(AbstractUser):
    """A member of staff (or an external inspector) who signs in."""

    external_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    grade = models.CharField(max_length=4, choices=Grade.choices, blank=True)
    # A person may hold several roles (an SPO is a manager and may do quality assurance).
    roles = models.JSONField(default=list, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    contracted_hours = models.DecimalField(max_digits=4, decimal_places=1, default=37)

    class Meta:
        verbose_name_plural = "staff"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, role: Role | str) -> bool:
        return str(role) in (self.roles or [])

    @property
    def is_manager(self) -> bool:
        return self.has_role(Role.MANAGER)

    @property
    def is_head(self) -> bool:
        return self.grade == Grade.HEAD

    @property
    def is_inspector(self) -> bool:
        return self.has_role(Role.INSPECTOR)

    @property
    def display_with_grade(self) -> str:
        return f"{self} ({self.grade})" if self.grade else str(self)


class ResponsibleOfficerAssignment(models.Model):
    """One period during which a named officer was accountable for a case."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="ro_assignments")
    officer = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="ro_assignments")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="ro_assignments")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="ro_assignments")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=AssignmentReason.choices)
    reason_detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["person", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="ro_assignment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(end_date__isnull=True), name="one_current_ro_per_person"
            ),
        ]

    def __str__(self) -> str:
        ended = f" to {self.end_date:%d/%m/%Y}" if self.end_date else ""
        return f"Officer {self.officer_id} for person {self.person_id} from {self.start_date:%d/%m/%Y}{ended}"


class InvolvementRole(models.TextChoices):
    COURT = "court", "Court work and allocation"
    SUPERVISION = "supervision", "Supervision"
    INTERVENTION = "intervention", "Delivers an intervention"
    SFO_REVIEW = "sfo_review", "Serious further offence review"


class CaseInvolvement(models.Model):
    """A provider other than the managing one that has a role on a case; its staff may read the
    case only while the involvement is open."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="involvements")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(max_length=20, choices=InvolvementRole.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["provider", "end_date"])]

    def __str__(self) -> str:
        ended = f" to {self.end_date:%d/%m/%Y}" if self.end_date else ""
        return (
            f"Provider {self.provider_id}: {self.get_role_display().lower()} on person {self.person_id} "
            f"from {self.start_date:%d/%m/%Y}{ended}"
        )


class WorkloadReduction(models.Model):
    """Time an officer is not available for cases: training, newly qualified, long-term leave, union
    duties… as a percentage of contracted hours or a number of hours."""

    external_id = models.CharField(max_length=64, unique=True)
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="reductions")
    reason = models.CharField(max_length=100)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    hours = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        if self.percent is not None:
            amount = f"{self.percent}%"
        elif self.hours is not None:
            amount = f"{self.hours} hours"
        else:
            amount = "unspecified"
        return f"{self.reason}: {amount} from {self.start_date:%d/%m/%Y}"


class CourtReport(models.Model):
    """Reports that carry workload points: pre-sentence reports (standard or fast) and parole reports."""

    class Kind(models.TextChoices):
        STANDARD = "standard", "Standard delivery pre-sentence report"
        FAST = "fast", "Fast delivery pre-sentence report"
        PAROLE = "parole", "Parole report"

    external_id = models.CharField(max_length=64, unique=True)
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="reports")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    requested_on = models.DateField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        done = f", completed {self.completed_on:%d/%m/%Y}" if self.completed_on else ""
        return f"{self.get_kind_display()} due {self.due_on:%d/%m/%Y}{done}"
