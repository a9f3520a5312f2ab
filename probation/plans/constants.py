from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_COUNTERSIGNATURE = "awaiting_countersignature", "Awaiting countersignature"
    ACTIVE = "active", "Active"
    SUPERSEDED = "superseded", "Superseded"

    @classmethod
    def in_progress(cls) -> set[str]:
        return {cls.DRAFT, cls.AWAITING_COUNTERSIGNATURE}


class Involvement(models.TextChoices):
    FULL = "full", "Fully involved: the objectives were agreed with them"
    PARTIAL = "partial", "Partly involved"
    NOT_INVOLVED = "not_involved", "Not involved"


class ObjectiveOwner(models.TextChoices):
    PERSON = "person", "The person on probation"
    OFFICER = "officer", "Responsible officer"
    PARTNER = "partner", "Partner agency"


class ObjectiveStatus(models.TextChoices):
    OPEN = "open", "In progress"
    ACHIEVED = "achieved", "Achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"


class ReviewReason(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled review"
    SIGNIFICANT_EVENT = "significant_event", "After a significant event"
    OTHER = "other", "Other change, for example a new requirement"
