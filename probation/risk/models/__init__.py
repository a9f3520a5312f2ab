from .assessments import IdentifiedRisk, NeedRating, RiskAssessment
from .registrations import FlagType, MappaRegistration, Registration
from .risk_plans import PartnerCheck, RiskAction, RiskManagementPlan, SignificantEvent
from .tiering import TierCalculation

__all__ = [
    "FlagType",
    "IdentifiedRisk",
    "MappaRegistration",
    "NeedRating",
    "PartnerCheck",
    "Registration",
    "RiskAction",
    "RiskAssessment",
    "RiskManagementPlan",
    "SignificantEvent",
    "TierCalculation",
]
