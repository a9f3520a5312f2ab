from django.db import models


class OversightTrigger(models.TextChoices):
    PERIODIC = "periodic", "Regular oversight"
    SIGNIFICANT_EVENT = "significant_event", "After a significant event"
    COUNTERSIGNATURE = "countersignature", "With a countersignature"
    SUPERVISION = "supervision", "Supervision session with the officer"
    AUDIT = "audit", "Case audit"
    OTHER = "other", "Other"


class SfoReviewType(models.TextChoices):
    STANDARD = "standard", "Standard review"
    COMPREHENSIVE = "comprehensive", "Comprehensive review"


class QualityRating(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class SfoStatus(models.TextChoices):
    AWAITING_NOTIFICATION = "awaiting_notification", "Awaiting notification"
    NOTIFIED = "notified", "Notified, review under way"
    REVIEW_COMPLETE = "review_complete", "Review complete"
    RATED = "rated", "Review quality rated"
