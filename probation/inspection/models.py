from django.conf import settings
from django.db import models

from probation.core.models import Versioned

from .constants import Answer, CaseStatus, InspectionKind, InspectionStatus, Rating, SnapshotLevel


# Standards as data -------------------------------------------------------------------------------
class StandardSet(models.Model):
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=20)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Standard(models.Model):
    standard_set = models.ForeignKey(StandardSet, on_delete=models.CASCADE, related_name="standards")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [models.UniqueConstraint(fields=["standard_set", "code"], name="standard_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class KeyQuestion(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="key_questions")
    code = models.CharField(max_length=12)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    # Indicator slugs whose results evidence the whole key question.
    indicators = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Prompt(models.Model):
    key_question = models.ForeignKey(KeyQuestion, on_delete=models.CASCADE, related_name="prompts")
    code = models.CharField(max_length=14)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    # Indicator slugs that decide the prompt; none, or an undecided one, means "needs a human".
    indicators = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"({self.code}) {self.text}"


# Continuous case indicators ---------------------------------------------------------------------
class CaseIndicator(models.Model):
    """One indicator's result for one case, recomputed from recorded facts. `met` is null when the
    data cannot decide; `evidence_*` point at the record that decided it."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="indicators")
    indicator = models.CharField(max_length=40)
    applicable = models.BooleanField()
    met = models.BooleanField(null=True)
    evidence_type = models.CharField(max_length=60, blank=True)
    evidence_id = models.BigIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "indicator"], name="indicator_once_per_case")
        ]
        indexes = [models.Index(fields=["indicator", "applicable", "met"])]

    def __str__(self) -> str:
        if not self.applicable:
            result = "not applicable"
        else:
            result = {True: "met", False: "not met", None: "undecided"}[self.met]
        return f"{self.indicator} for person {self.person_id}: {result}"


class IndicatorSnapshot(models.Model):
    """Daily aggregate for trends: how many applicable cases met an indicator, per provider, area,
    team and officer."""

    taken_on = models.DateField()
    level = models.CharField(max_length=10, choices=SnapshotLevel.choices)
    key = models.BigIntegerField(help_text="Primary key of the provider, area, team or officer")
    indicator = models.CharField(max_length=40)
    applicable = models.PositiveIntegerField()
    met = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["taken_on", "level", "key", "indicator"], name="snapshot_unique")
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator} for {self.get_level_display().lower()} {self.key} "
            f"on {self.taken_on:%d/%m/%Y}: {self.met} of {self.applicable} met"
        )


# Inspections and local audits -------------------------------------------------------------------
class Inspection(models.Model):
    kind = models.CharField(max_length=12, choices=InspectionKind.choices, default=InspectionKind.INSPECTION)
    name = models.CharField(max_length=200)
    standard_set = models.ForeignKey(StandardSet, on_delete=models.PROTECT, related_name="inspections")
    providers = models.ManyToManyField("workforce.Provider", related_name="inspections")
    area = models.ForeignKey(
        "workforce.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "workforce.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a local audit: the team audited",
    )
    window_start = models.DateField(help_text="Cases whose supervision started on or after this date")
    window_end = models.DateField()
    confidence = models.DecimalField(max_digits=4, decimal_places=3, default=0.8)
    margin = models.DecimalField(max_digits=4, decimal_places=3, default=0.1)
    seed = models.BigIntegerField(default=1)
    status = models.CharField(max_length=12, choices=InspectionStatus.choices, default=InspectionStatus.SETUP)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_on = models.DateField(null=True, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()}, {self.get_status_display().lower()})"


class InspectionCase(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="cases")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("workforce.Provider", on_delete=models.PROTECT, related_name="+")
    stratum = models.CharField(max_length=200)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_cases",
    )
    status = models.CharField(max_length=12, choices=CaseStatus.choices, default=CaseStatus.UNASSIGNED)
    assessed_on = models.DateField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderation_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "person"], name="case_once_per_inspection")
        ]

    def __str__(self) -> str:
        status = self.get_status_display().lower()
        return f"Person {self.person_id} in inspection {self.inspection_id} ({status})"


class PromptAnswer(models.Model):
    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="answers")
    prompt = models.ForeignKey(Prompt, on_delete=models.PROTECT, related_name="+")
    computed = models.CharField(max_length=12, choices=Answer.choices)
    answer = models.CharField(max_length=12, choices=Answer.choices, blank=True)
    override_reason = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "prompt"], name="prompt_once_per_case")]

    def __str__(self) -> str:
        answer = self.get_answer_display() if self.answer else self.get_computed_display()
        return f"Case {self.case_id}, prompt {self.prompt_id}: {answer}"


class KeyQuestionJudgement(models.Model):
    case = models.ForeignKey(InspectionCase, on_delete=models.CASCADE, related_name="judgements")
    key_question = models.ForeignKey(KeyQuestion, on_delete=models.PROTECT, related_name="+")
    applicable = models.BooleanField(default=True)
    computed_sufficient = models.BooleanField(null=True)
    sufficient = models.BooleanField(null=True)
    override_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "key_question"], name="judgement_once_per_case")
        ]

    def __str__(self) -> str:
        if not self.applicable:
            judgement = "not applicable"
        else:
            sufficient = self.computed_sufficient if self.sufficient is None else self.sufficient
            judgement = {True: "sufficient", False: "insufficient", None: "undecided"}[sufficient]
        return f"Case {self.case_id}, key question {self.key_question_id}: {judgement}"


class Recommendation(Versioned):
    """Entered by the inspection's lead and inspectors, for one provider or for all; read-only once
    the report is published."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    provider = models.ForeignKey(
        "workforce.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ProviderRating(models.Model):
    """The published ratings, stored so a report never changes after publication."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="ratings")
    provider = models.ForeignKey("workforce.Provider", on_delete=models.PROTECT, related_name="+")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    key_question = models.ForeignKey(
        KeyQuestion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applicable = models.PositiveIntegerField(default=0)
    sufficient = models.PositiveIntegerField(default=0)
    rating = models.CharField(max_length=22, choices=Rating.choices, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    undecided = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        if self.key_question_id:
            scope = f"key question {self.key_question_id}"
        elif self.standard_id:
            scope = f"standard {self.standard_id}"
        else:
            scope = "overall"
        rating = self.get_rating_display() or f"{self.sufficient} of {self.applicable} sufficient"
        return f"Inspection {self.inspection_id}, provider {self.provider_id}, {scope}: {rating}"


class PublishedIndicatorFinding(models.Model):
    """Per provider, how many sampled cases an indicator applied to and how many met it, counted
    when the report was published, so a later change to a case does not change the report."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="indicator_findings")
    provider = models.ForeignKey("workforce.Provider", on_delete=models.PROTECT, related_name="+")
    indicator = models.CharField(max_length=40)
    applicable = models.PositiveIntegerField()
    met = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "provider", "indicator"], name="published_finding_once"
            )
        ]

    def __str__(self) -> str:
        return (
            f"Inspection {self.inspection_id}, provider {self.provider_id}: "
            f"{self.indicator} {self.met} of {self.applicable} met"
        )
