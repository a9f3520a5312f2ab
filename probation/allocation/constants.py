from django.db import models


class AllocationStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    AWAITING_ACKNOWLEDGEMENT = "awaiting_acknowledgement", "Handed over, awaiting acknowledgement"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


class EscalationStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    ACCEPTED = "accepted", "Accepted"
    REALLOCATED = "reallocated", "Reallocated"
    DECLINED = "declined", "Declined"
