from django.db import models


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Not applicable"
    NEEDS_HUMAN = "needs_human", "Needs a human judgement"


class Rating(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", "Inspection"
    LOCAL_AUDIT = "local_audit", "Local quality-assurance audit"


class InspectionStatus(models.TextChoices):
    SETUP = "setup", "Being set up"
    SAMPLED = "sampled", "Sample drawn"
    FIELDWORK = "fieldwork", "Cases being assessed"
    MODERATION = "moderation", "In moderation"
    PUBLISHED = "published", "Published"


class CaseStatus(models.TextChoices):
    UNASSIGNED = "unassigned", "Not assigned"
    ASSIGNED = "assigned", "Assigned"
    ASSESSED = "assessed", "Assessed"
    MODERATED = "moderated", "Moderated"


class SnapshotLevel(models.TextChoices):
    PROVIDER = "provider", "Provider"
    AREA = "area", "Area"
    TEAM = "team", "Team"
    OFFICER = "officer", "Officer"
