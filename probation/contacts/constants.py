from django.db import models


class ContactType(models.TextChoices):
    OFFICE = "office", "Office appointment"
    HOME_VISIT = "home_visit", "Home visit"
    TELEPHONE = "telephone", "Telephone"
    VIDEO = "video", "Video call"
    INTERVENTION_SESSION = "intervention_session", "Intervention session"
    UNPAID_WORK = "unpaid_work", "Unpaid work"
    PARTNER_CONTACT = "partner_contact", "Partner agency contact"
    NOTE = "note", "Case note"

    @classmethod
    def face_to_face(cls) -> set[str]:
        return {cls.OFFICE, cls.HOME_VISIT, cls.INTERVENTION_SESSION, cls.UNPAID_WORK}

    @classmethod
    def appointments(cls) -> list[str]:
        """Contacts with the person that are booked and then attended or missed: they take an outcome."""
        return [
            cls.OFFICE,
            cls.HOME_VISIT,
            cls.TELEPHONE,
            cls.VIDEO,
            cls.INTERVENTION_SESSION,
            cls.UNPAID_WORK,
        ]


class Outcome(models.TextChoices):
    ATTENDED_COMPLIED = "attended_complied", "Attended – complied"
    ATTENDED_FAILED = "attended_failed", "Attended – failed to comply"
    ACCEPTABLE_ABSENCE = "acceptable_absence", "Failed to attend – acceptable absence"
    UNACCEPTABLE_ABSENCE = "unacceptable_absence", "Failed to attend – unacceptable absence"
    AWAITING_EVIDENCE = "awaiting_evidence", "Failed to attend – awaiting evidence"
    NOT_RECORDED = "", "Not recorded"

    @classmethod
    def failures(cls) -> set[str]:
        """Outcomes that count as a failure to comply for enforcement."""
        return {cls.ATTENDED_FAILED, cls.UNACCEPTABLE_ABSENCE}

    @classmethod
    def took_place(cls) -> set[str]:
        """Outcomes of a contact that happened: these count towards the contact level."""
        return {cls.ATTENDED_COMPLIED, cls.ATTENDED_FAILED}

    @classmethod
    def absences(cls) -> set[str]:
        return {cls.ACCEPTABLE_ABSENCE, cls.UNACCEPTABLE_ABSENCE, cls.AWAITING_EVIDENCE}


class AbsenceReason(models.TextChoices):
    COURT = "court", "Court or legal"
    WORK = "work", "Work"
    CHILDCARE = "childcare", "Childcare or family"
    HOLIDAY = "holiday", "Holiday"
    MEDICAL = "medical", "Medical"
    RELIGIOUS = "religious", "Religious"
    REMANDED = "remanded", "Remanded in custody"
    STOOD_DOWN = "stood_down", "Stood down"
    OTHER = "other", "Other"


class ContactFrequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Every four weeks"
    BIMONTHLY = "bimonthly", "Every eight weeks"

    @classmethod
    def per_four_weeks(cls, value: str) -> float:
        return {"weekly": 4, "fortnightly": 2, "monthly": 1, "bimonthly": 0.5}[value]


class ContactMethod(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    TELEPHONE = "telephone", "Telephone"


class StepDownStatus(models.TextChoices):
    APPROVED = "approved", "In force"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting SPO approval"
    REFUSED = "refused", "Refused"


class StepDownRule(models.TextChoices):
    """What the step-down rule said when a change of contact level was requested."""

    NOT_STEP_DOWN = "not_step_down", "Not a step-down"
    ALLOWED = "allowed", "Step-down allowed"
    NEEDS_APPROVAL = "needs_approval", "Step-down needs SPO approval"
    REFUSED = "refused", "Step-down refused"


class Repeat(models.TextChoices):
    NONE = "", "Does not repeat"
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
