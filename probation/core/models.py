from django.db import models


class Versioned(models.Model):
    """A record edited through forms: `version` rises on every change so a stale form is refused
    instead of silently overwriting someone else's edit."""

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
