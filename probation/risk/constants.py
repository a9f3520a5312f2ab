from django.db import models


class RoshLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"

    @classmethod
    def rank(cls, value: str | None) -> int:
        return {None: -1, "": -1, "low": 0, "medium": 1, "high": 2, "very_high": 3}[value]

    @classmethod
    def needs_countersignature(cls, value: str | None) -> bool:
        return value in {cls.HIGH, cls.VERY_HIGH}


class AssessmentKind(models.TextChoices):
    SCREENING = "screening", "Screening"
    FULL = "full", "Full analysis"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_COUNTERSIGNATURE = "awaiting_countersignature", "Awaiting countersignature"
    COMPLETE = "complete", "Complete"
    SUPERSEDED = "superseded", "Superseded"


class RiskGroup(models.TextChoices):
    PUBLIC = "public", "Public"
    KNOWN_ADULT = "known_adult", "Known adult"
    CHILDREN = "children", "Children"
    STAFF = "staff", "Staff"
    PRISONERS = "prisoners", "Prisoners"


class Need(models.TextChoices):
    ACCOMMODATION = "accommodation", "Accommodation"
    ETE = "ete", "Education, training and employment"
    FINANCE = "finance", "Finance"
    RELATIONSHIPS = "relationships", "Relationships"
    LIFESTYLE = "lifestyle", "Lifestyle and associates"
    DRUGS = "drugs", "Drug misuse"
    ALCOHOL = "alcohol", "Alcohol misuse"
    EMOTIONAL_WELLBEING = "emotional_wellbeing", "Emotional wellbeing"
    THINKING_BEHAVIOUR = "thinking_behaviour", "Thinking and behaviour"
    ATTITUDES = "attitudes", "Attitudes"


class NeedSeverity(models.TextChoices):
    NONE = "none", "No need"
    STANDARD = "standard", "Standard"
    SEVERE = "severe", "Severe"


class MappaCategory(models.IntegerChoices):
    SEXUAL = 1, "Category 1: registered sexual offender"
    VIOLENT = 2, "Category 2: violent offender"
    OTHER_DANGEROUS = 3, "Category 3: other dangerous offender"
    TERRORISM = 4, "Category 4: terrorism"


class MappaLevel(models.IntegerChoices):
    ORDINARY = 1, "Level 1: ordinary agency management"
    ACTIVE = 2, "Level 2: active multi-agency management"
    SENIOR = 3, "Level 3: active management with senior representation"


class FlagGroup(models.TextChoices):
    ALERT = "alert", "Alert"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    PUBLIC_PROTECTION = "public_protection", "Public protection"
    INFORMATION = "information", "Information"
    RISK_OF_HARM = "risk_of_harm", "Risk of harm"


class ActionOwner(models.TextChoices):
    OFFICER = "officer", "Responsible officer"
    PARTNER = "partner", "Partner agency"
    PERSON = "person", "The person on probation"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DELIVERED = "delivered", "Delivered"
    NOT_DELIVERED = "not_delivered", "Not delivered"
    CANCELLED = "cancelled", "No longer needed"


class PartnerCheckKind(models.TextChoices):
    POLICE_DOMESTIC_ABUSE = "police_domestic_abuse", "Police domestic-abuse call-out enquiry"
    CHILDRENS_SERVICES = "childrens_services", "Children's services enquiry"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care enquiry"
    OTHER = "other", "Other partner check"


class SignificantEventType(models.TextChoices):
    ARREST_OR_CHARGE = "arrest_or_charge", "Arrest or charge"
    DOMESTIC_ABUSE_CALLOUT = "domestic_abuse_callout", "Domestic-abuse call-out"
    ADDRESS_CHANGE = "address_change", "Change of address"
    RELATIONSHIP_CHANGE = "relationship_change", "Change of relationship"
    EMPLOYMENT_CHANGE = "employment_change", "Change of employment"
    OTHER = "other", "Other significant event"


class TierReason(models.TextChoices):
    ASSESSMENT = "assessment", "Risk assessment completed"
    REGISTRATION = "registration", "Registration added or removed"
    MAPPA = "mappa", "MAPPA changed"
    SENTENCE = "sentence", "Sentence or requirement changed"
    IMPORT = "import", "Imported"
    RECALCULATION = "recalculation", "Full recalculation"
