from django.db import models


class OffenceCategory(models.TextChoices):
    """The 20 offence categories that OGRS3 weights."""

    VIOLENCE = "violence", "Violence against the person"
    ROBBERY = "robbery", "Robbery"
    PUBLIC_ORDER = "public_order", "Public order"
    SEXUAL_NOT_CHILD = "sexual_not_child", "Sexual (not against a child)"
    SEXUAL_CHILD = "sexual_child", "Sexual (against a child)"
    SOLICITING = "soliciting", "Soliciting or prostitution"
    BURGLARY_DOMESTIC = "burglary_domestic", "Burglary (domestic)"
    BURGLARY_OTHER = "burglary_other", "Burglary (other)"
    THEFT_NON_MOTOR = "theft_non_motor", "Theft (non-motor)"
    HANDLING = "handling", "Handling stolen goods"
    FRAUD_FORGERY = "fraud_forgery", "Fraud and forgery"
    ABSCONDING_BAIL = "absconding_bail", "Absconding or bail offences"
    TAKING_DRIVING_AWAY = "taking_driving_away", "Taking and driving away"
    THEFT_FROM_VEHICLES = "theft_from_vehicles", "Theft from vehicles"
    OTHER_MOTORING = "other_motoring", "Other motoring"
    DRINK_DRIVING = "drink_driving", "Drink driving"
    CRIMINAL_DAMAGE = "criminal_damage", "Criminal damage"
    DRUG_IMPORT_EXPORT_PRODUCTION = "drug_import_export_production", "Drug import, export or production"
    DRUG_POSSESSION_SUPPLY = "drug_possession_supply", "Drug possession or supply"
    OTHER = "other", "Other offence"


class DisposalType(models.TextChoices):
    COMMUNITY_ORDER = "community_order", "Community order"
    SUSPENDED_SENTENCE = "suspended_sentence", "Suspended sentence order"
    LICENCE = "licence", "Licence"
    PSS = "pss", "Post-sentence supervision"

    @classmethod
    def custodial(cls) -> set[str]:
        return {cls.LICENCE, cls.PSS}


class RequirementType(models.TextChoices):
    UNPAID_WORK = "unpaid_work", "Unpaid work"
    RAR = "rar", "Rehabilitation activity requirement"
    PROGRAMME = "programme", "Accredited programme"
    PROHIBITED_ACTIVITY = "prohibited_activity", "Prohibited activity"
    CURFEW = "curfew", "Curfew"
    EXCLUSION = "exclusion", "Exclusion"
    RESIDENCE = "residence", "Residence"
    FOREIGN_TRAVEL_PROHIBITION = "foreign_travel_prohibition", "Foreign travel prohibition"
    MENTAL_HEALTH_TREATMENT = "mental_health_treatment", "Mental health treatment"
    DRUG_REHABILITATION = "drug_rehabilitation", "Drug rehabilitation (DRR)"
    ALCOHOL_TREATMENT = "alcohol_treatment", "Alcohol treatment (ATR)"
    ALCOHOL_ABSTINENCE = "alcohol_abstinence", "Alcohol abstinence and monitoring"
    ATTENDANCE_CENTRE = "attendance_centre", "Attendance centre"
    ELECTRONIC_MONITORING = "electronic_monitoring", "Electronic monitoring"


class TerminationReason(models.TextChoices):
    COMPLETED = "completed", "Completed"
    REVOKED_BREACH = "revoked_breach", "Revoked after breach"
    REVOKED_GOOD_PROGRESS = "revoked_good_progress", "Revoked for good progress"
    RECALLED = "recalled", "Recalled to custody"
    DIED = "died", "Died"
    OTHER = "other", "Other"
