from django.conf import settings
from django.db import models

from probation.core.models import Versioned

from .constants import AccessListType, AddressType, Ethnicity, Religion, Sex, SexualOrientation


class Person(Versioned):
    """A person on probation. `provider`, `team` and `officer` mirror the current responsible officer
    so that every caseload query is a plain indexed filter."""

    external_id = models.CharField(max_length=64, unique=True)
    crn = models.CharField("CRN", max_length=7, unique=True)
    pnc = models.CharField("PNC ID", max_length=13, unique=True, null=True, blank=True)
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=6, choices=Sex.choices)
    gender_identity = models.CharField(max_length=100, blank=True, help_text="If different from sex")
    ethnicity = models.CharField(max_length=2, choices=Ethnicity.choices, default=Ethnicity.NOT_STATED)
    religion = models.CharField(max_length=12, choices=Religion.choices, default=Religion.NOT_STATED)
    sexual_orientation = models.CharField(
        max_length=14, choices=SexualOrientation.choices, default=SexualOrientation.NOT_STATED
    )
    disability = models.TextField(blank=True, help_text="Disabilities the person has told us about")
    disability_adjustments = models.TextField(blank=True)
    pregnancy_maternity = models.BooleanField(default=False)
    first_language = models.CharField(max_length=60, default="English")
    interpreter_required = models.BooleanField(default=False)
    literacy_need = models.BooleanField(default=False)
    caring_responsibilities = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    # Limited-access offender: whom a refused member of staff should contact.
    access_contact = models.CharField(max_length=200, blank=True)

    provider = models.ForeignKey("workforce.Provider", on_delete=models.PROTECT, null=True, related_name="+")
    team = models.ForeignKey("workforce.Team", on_delete=models.PROTECT, null=True, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="caseload"
    )
    # Derived, kept current by the risk services: the latest tier and complete RoSH level.
    tier = models.CharField(max_length=2, blank=True)
    rosh = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["officer", "last_name"]),
            models.Index(fields=["team", "last_name"]),
            models.Index(fields=["provider", "last_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.crn})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Alias(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} (alias of person {self.person_id})"


class Address(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    type = models.CharField(max_length=20, choices=AddressType.choices, default=AddressType.MAIN)
    line1 = models.CharField(max_length=200, blank=True)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.line1, self.town, self.postcode) if part) or "no details"
        return f"{self.get_type_display()} from {self.start_date:%d/%m/%Y}: {where}"


class AccessListEntry(models.Model):
    """An exclusion (this member of staff may not open the case) or a restriction (only listed
    staff may open it)."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_list")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_entries"
    )
    type = models.CharField(max_length=12, choices=AccessListType.choices)
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "staff", "type"], name="access_entry_unique"),
        ]
        indexes = [models.Index(fields=["staff", "type"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: staff {self.staff_id} on person {self.person_id}"


class CaseGrant(models.Model):
    """Read access to one case for someone outside its provider, e.g. an inspector assigned the case
    by an inspection. Open only between `granted_at` and `expires_on`."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="grants")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_grants")
    reason = models.CharField(max_length=200)
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["staff", "person"])]

    def __str__(self) -> str:
        until = f" until {self.expires_on:%d/%m/%Y}" if self.expires_on else ""
        revoked = " (revoked)" if self.revoked else ""
        return f"Staff {self.staff_id} may read person {self.person_id}{until}{revoked}"
