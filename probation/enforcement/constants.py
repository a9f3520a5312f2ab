from django.db import models


class EnforcementRoute(models.TextChoices):
    """How a failure is enforced depends on what the person is serving at the time."""

    ORDER = "order", "Community or suspended sentence order (warning, then breach)"
    LICENCE = "licence", "Licence (warnings, then recall)"


class EnforcementKind(models.TextChoices):
    WARNING = "warning", "Warning"
    BREACH = "breach", "Breach (return to court)"
    LICENCE_WARNING_1 = "licence_warning_1", "First licence warning"
    LICENCE_WARNING_2 = "licence_warning_2", "Second licence warning"
    LICENCE_FINAL = "licence_final", "Final licence warning"
    RECALL = "recall", "Recall"

    @classmethod
    def warnings(cls) -> set[str]:
        return {cls.WARNING, cls.LICENCE_WARNING_1, cls.LICENCE_WARNING_2, cls.LICENCE_FINAL}

    @classmethod
    def licence_ladder(cls) -> list[str]:
        """The licence steps in order of severity."""
        return [cls.LICENCE_WARNING_1, cls.LICENCE_WARNING_2, cls.LICENCE_FINAL, cls.RECALL]

    @classmethod
    def with_letter(cls) -> set[str]:
        return cls.warnings() | {cls.BREACH}


class EnforcementStatus(models.TextChoices):
    DECISION_DUE = "decision_due", "Decision due"
    LETTER_DUE = "letter_due", "Warning letter due"
    BREACH_DUE = "breach_due", "Breach action due"
    WITH_COURT = "with_court", "With the court"
    RECALL_RECOMMENDED = "recall_recommended", "Recall recommended"
    COMPLETE = "complete", "Complete"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @classmethod
    def open_with_deadline(cls) -> set[str]:
        """Statuses in which the officer owes an action by `due_by`."""
        return {cls.DECISION_DUE, cls.LETTER_DUE, cls.BREACH_DUE}


class CourtOutcome(models.TextChoices):
    CONTINUED = "continued", "Order continued"
    VARIED = "varied", "Order varied (for example, more onerous requirements)"
    REVOKED = "revoked", "Order revoked"
    RESENTENCED = "resentenced", "Revoked and resentenced"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class RecallType(models.TextChoices):
    STANDARD = "standard", "Standard recall"
    FIXED_TERM = "fixed_term", "Fixed-term recall"


class RecallStatus(models.TextChoices):
    AWAITING_SPO = "awaiting_spo", "Awaiting SPO countersignature"
    AWAITING_HEAD = "awaiting_head", "Awaiting head of service countersignature"
    AWAITING_OUTCOME = "awaiting_outcome", "Countersigned: awaiting outcome"
    NOT_SUPPORTED = "not_supported", "Not supported"
    CLOSED = "closed", "Outcome recorded"

    @classmethod
    def open(cls) -> set[str]:
        return {cls.AWAITING_SPO, cls.AWAITING_HEAD, cls.AWAITING_OUTCOME}


class RecallOutcome(models.TextChoices):
    RECALLED = "recalled", "Recall issued: returned to custody"
    RECALL_ISSUED_AT_LARGE = "at_large", "Recall issued: not yet returned to custody"
    NOT_RECALLED = "not_recalled", "Recall not issued"
    WITHDRAWN = "withdrawn", "Recommendation withdrawn"
