from django.db import models

from probation.core.models import Versioned

from .constants import DisposalType, OffenceCategory, RequirementType, TerminationReason


class Event(Versioned):
    """A conviction: the offences, the court and the date. One person may have several."""

    external_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="events")
    number = models.PositiveSmallIntegerField(default=1)
    conviction_date = models.DateField()
    court = models.CharField(max_length=200)

    class Meta:
        ordering = ["-conviction_date", "-number"]
        constraints = [models.UniqueConstraint(fields=["person", "number"], name="event_number_unique")]

    def __str__(self) -> str:
        return f"Event {self.number}: convicted {self.conviction_date:%d/%m/%Y} at {self.court}"

    @property
    def main_offence(self) -> "Offence | None":
        offences = list(self.offences.all())
        return next((o for o in offences if o.is_main), offences[0] if offences else None)


class Offence(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="offences")
    description = models.CharField(max_length=300)
    category = models.CharField(max_length=32, choices=OffenceCategory.choices)
    offence_date = models.DateField(null=True, blank=True)
    is_main = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_main", "id"]

    def __str__(self) -> str:
        return f"{self.description} (main)" if self.is_main else self.description


class Disposal(Versioned):
    """The sentence passed for an event."""

    external_id = models.CharField(max_length=64, unique=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="disposals")
    type = models.CharField(max_length=20, choices=DisposalType.choices)
    sentence_date = models.DateField()
    start_date = models.DateField()
    length_months = models.PositiveSmallIntegerField(null=True, blank=True)
    custodial_days = models.PositiveIntegerField(null=True, blank=True)
    release_date = models.DateField(null=True, blank=True)
    licence_end_date = models.DateField(null=True, blank=True)
    expected_end_date = models.DateField(null=True, blank=True)
    terminated_on = models.DateField(null=True, blank=True)
    termination_reason = models.CharField(max_length=24, choices=TerminationReason.choices, blank=True)

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["type", "start_date"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} from {self.start_date:%d/%m/%Y}"

    @property
    def is_current(self) -> bool:
        return self.terminated_on is None


class Requirement(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    disposal = models.ForeignKey(Disposal, on_delete=models.CASCADE, related_name="requirements")
    type = models.CharField(max_length=32, choices=RequirementType.choices)
    length = models.PositiveIntegerField(null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    consent_given = models.BooleanField(default=False)
    terminated_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        length = f" {self.length} {self.length_unit}".rstrip() if self.length is not None else ""
        return f"{self.get_type_display()}{length} from {self.start_date:%d/%m/%Y}"

    @property
    def length_unit(self) -> str:
        return {
            "unpaid_work": "hours",
            "attendance_centre": "hours",
            "curfew": "hours a day",
            "rar": "days",
            "alcohol_abstinence": "days",
            "exclusion": "months",
        }.get(self.type, "")
