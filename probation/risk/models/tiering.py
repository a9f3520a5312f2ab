from django.db import models

from ..constants import TierReason


class TierCalculation(models.Model):
    """Every tier calculation, with the inputs it used and why it ran, so any tier can be explained."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="tier_calculations")
    calculated_at = models.DateTimeField(auto_now_add=True)
    tier = models.CharField(max_length=2)
    protect_points = models.IntegerField()
    change_points = models.IntegerField()
    inputs = models.JSONField()
    reason = models.CharField(max_length=20, choices=TierReason.choices)
    changed = models.BooleanField(default=True, help_text="The tier differs from the previous calculation")

    class Meta:
        ordering = ["-calculated_at", "-id"]
        indexes = [models.Index(fields=["person", "-calculated_at"])]

    def __str__(self) -> str:
        when = f" on {self.calculated_at:%d/%m/%Y}" if self.calculated_at else ""
        return f"Tier {self.tier} for person {self.person_id} ({self.get_reason_display().lower()}){when}"
