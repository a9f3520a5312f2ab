from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    REFUSED = "refused", "Refused access"
    IMPORT = "import", "Imported"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"


class AuditEvent(models.Model):
    """Append-only: who did what to which record, and when. Database triggers refuse updates and
    deletes (see the migration), so not even a bug in this code can rewrite history."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False
    )
    summary = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"]), models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        what = f"{self.object_type} {self.object_id}".strip() or "—"
        when = f" at {self.at:%d/%m/%Y %H:%M}" if self.at else ""
        return f"{self.get_action_display()} {what}{when}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only")
