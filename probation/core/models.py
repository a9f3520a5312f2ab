from django.db import models


class Versioned(models.Model):
    """A record edited through forms: `version` rises on every change so a stale form is refused
    instead of silently overwriting someone else's edit."""

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ReferenceValue(models.Model):
    """Policy that can change without a release: thresholds, deadlines in working days, bands, point
    values. Code asks `probation.core.reference.value(key)`, which falls back to the documented
    default when no row overrides it."""

    key = models.CharField(max_length=100, primary_key=True)
    value = models.JSONField()
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key
