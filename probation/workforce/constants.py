from django.db import models


class ProviderType(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVATE = "private", "Private"


class Grade(models.TextChoices):
    PSO = "PSO", "Probation services officer"
    PO = "PO", "Probation officer"
    SPO = "SPO", "Senior probation officer"
    HEAD = "HEAD", "Head of service"
    NONE = "", "Not a probation grade"


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    MANAGER = "manager", "Manager"
    ADMINISTRATOR = "administrator", "Administrator"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance"
    INSPECTOR = "inspector", "Inspector"


class AssignmentReason(models.TextChoices):
    INITIAL = "initial", "Initial allocation"
    TRANSFER = "transfer", "Transfer between providers"
    REALLOCATION = "reallocation", "Reallocation within the team"
    STAFF_LEFT = "staff_left", "Officer left or moved"
    WORKLOAD = "workload", "Workload balancing"
    RISK_ESCALATION = "risk_escalation", "Risk escalation"
    OTHER = "other", "Other"
