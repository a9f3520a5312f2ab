from django.db import models


class Category(models.TextChoices):
    ACCREDITED_PROGRAMME = "accredited_programme", "Accredited programme"
    RAR_ACTIVITY = "rar_activity", "Rehabilitation activity (RAR)"
    WOMENS_SERVICE = "womens_service", "Women's service"
    DRUG_TREATMENT = "drug_treatment", "Drug treatment (DRR)"
    ALCOHOL_TREATMENT = "alcohol_treatment", "Alcohol treatment (ATR)"
    ACCOMMODATION = "accommodation", "Accommodation"
    ETE = "ete", "Education, training and employment"
    FINANCE = "finance", "Finance, benefit and debt"
    WELLBEING = "wellbeing", "Emotional wellbeing"
    OTHER = "other", "Other partner service"


class SexEligibility(models.TextChoices):
    ANY = "any", "Anyone"
    MALE = "male", "Men only"
    FEMALE = "female", "Women only"


class PartnerKind(models.TextChoices):
    """The partner agencies probation works with (DOMAIN §1)."""

    POLICE = "police", "Police"
    CHILDRENS_SERVICES = "childrens_services", "Children's services"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance-misuse treatment"
    HOUSING = "housing", "Housing"
    EMPLOYMENT = "employment", "Employment and training"
    MENTAL_HEALTH = "mental_health", "Mental health services"
    MAPPA = "mappa", "MAPPA panel"
    COURT = "court", "Court"
    PRISON = "prison", "Prison"
    WOMENS_SERVICES = "womens_services", "Women's services"
    FINANCE = "finance", "Finance and debt advice"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    ACTION_PLAN_SUBMITTED = "action_plan_submitted", "Action plan awaiting approval"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"

    @classmethod
    def open(cls) -> set[str]:
        """Referrals still being worked: a provider place is taken or about to be."""
        return {cls.REFERRED, cls.ACCEPTED, cls.ACTION_PLAN_SUBMITTED, cls.IN_PROGRESS}

    @classmethod
    def ended(cls) -> set[str]:
        return {cls.COMPLETED, cls.ENDED_EARLY}


class DeclineReason(models.TextChoices):
    NOT_SUITABLE = "not_suitable", "Not suitable for the person"
    NOT_ELIGIBLE = "not_eligible", "Does not meet the eligibility criteria"
    NO_CAPACITY = "no_capacity", "No capacity"
    RISK_TOO_HIGH = "risk_too_high", "Risk too high to manage"
    PERSON_DECLINED = "person_declined", "The person did not consent"
    OTHER = "other", "Other"


class EndReason(models.TextChoices):
    NON_ENGAGEMENT = "non_engagement", "The person did not engage"
    BREACH_OR_RECALL = "breach_or_recall", "Breach, recall or custody"
    SENTENCE_ENDED = "sentence_ended", "The sentence ended"
    MOVED_AREA = "moved_area", "The person moved area"
    RISK_CHANGED = "risk_changed", "Risk changed: no longer suitable"
    PROVIDER_UNABLE = "provider_unable", "The provider could not deliver"
    WITHDRAWN = "withdrawn", "Withdrawn by the responsible officer"
    OTHER = "other", "Other"


class Attendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    ATTENDED_FAILED = "attended_failed", "Attended – failed to comply"
    FAILED_TO_ATTEND = "failed_to_attend", "Failed to attend"
    ACCEPTABLE_ABSENCE = "acceptable_absence", "Acceptable absence"


class TestResult(models.TextChoices):
    """A drug or alcohol test taken at a treatment session (DRR/ATR)."""

    __test__ = False  # not a pytest class, despite the name

    NOT_TESTED = "", "No test"
    NEGATIVE = "negative", "Negative"
    POSITIVE = "positive", "Positive"
    REFUSED = "refused", "Refused"


class OutcomeAchieved(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    PARTLY = "partly", "Partly achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"


class Direction(models.TextChoices):
    REQUESTED = "requested", "Information requested from the agency"
    SHARED = "shared", "Information shared with the agency"
