"""The legal limits of sentences and requirements (Sentencing Act 2020, ORA 2014). Pure functions:
each returns a list of (field, message) problems, empty when the values are lawful."""

from dataclasses import dataclass
from datetime import date, timedelta

from probation.lib.dates import add_months, age_on

Problems = list[tuple[str, str]]

CONSENT_REQUIRED = {"drug_rehabilitation", "alcohol_treatment", "mental_health_treatment"}


@dataclass(frozen=True)
class SentenceLimits:
    community_order_max_months: int = 36
    sso_custody_min_days: int = 14
    sso_custody_max_days: int = 730
    sso_operational_min_months: int = 6
    sso_operational_max_months: int = 24
    pss_months_after_release: int = 12
    unpaid_work_min_hours: int = 40
    unpaid_work_max_hours: int = 300
    unpaid_work_months: int = 12
    curfew_min_hours_a_day: int = 2
    curfew_max_hours_a_day: int = 20
    curfew_max_months: int = 24
    exclusion_max_months: int = 24
    alcohol_abstinence_max_days: int = 120
    attendance_centre_min_hours: int = 12
    attendance_centre_max_hours: int = 36
    attendance_centre_max_age: int = 24


LIMITS = SentenceLimits()


def expected_end_date(
    disposal_type: str,
    start_date: date,
    length_months: int | None,
    release_date: date | None = None,
    licence_end_date: date | None = None,
    limits: SentenceLimits = LIMITS,
) -> date | None:
    """When supervision is expected to end if nothing else happens."""
    if disposal_type in {"community_order", "suspended_sentence"}:
        return add_months(start_date, length_months) - timedelta(days=1) if length_months else None
    if disposal_type == "pss":
        # Licence and post-sentence supervision together run to 12 months after release.
        return add_months(release_date, limits.pss_months_after_release) if release_date else None
    if disposal_type == "licence":
        return licence_end_date
    return None


def disposal_problems(
    *,
    disposal_type: str,
    sentence_date: date,
    start_date: date,
    length_months: int | None,
    custodial_days: int | None,
    release_date: date | None,
    licence_end_date: date | None,
    limits: SentenceLimits = LIMITS,
) -> Problems:
    problems: Problems = []
    if start_date < sentence_date:
        problems.append(("start_date", "Start date must be on or after the sentence date"))
    if disposal_type == "community_order":
        if not length_months or length_months < 1:
            problems.append(("length_months", "Enter the length of the community order in months"))
        elif length_months > limits.community_order_max_months:
            problems.append(("length_months", "A community order can last at most 3 years (36 months)"))
    elif disposal_type == "suspended_sentence":
        if custodial_days is None or not (
            limits.sso_custody_min_days <= custodial_days <= limits.sso_custody_max_days
        ):
            problems.append(
                ("custodial_days", "The suspended custodial term must be between 14 days and 2 years")
            )
        if length_months is None or not (
            limits.sso_operational_min_months <= length_months <= limits.sso_operational_max_months
        ):
            problems.append(("length_months", "The operational period must be between 6 months and 2 years"))
    elif disposal_type in {"licence", "pss"}:
        if release_date is None:
            problems.append(("release_date", "Enter the release date"))
        elif release_date < sentence_date:
            problems.append(("release_date", "Release date must be after the sentence date"))
        if disposal_type == "licence" and licence_end_date is None:
            problems.append(("licence_end_date", "Enter the licence end date"))
        if licence_end_date and release_date and licence_end_date <= release_date:
            problems.append(("licence_end_date", "Licence end date must be after the release date"))
        if disposal_type == "pss" and custodial_days is not None and not (1 < custodial_days < 730):
            problems.append(
                (
                    "custodial_days",
                    "Post-sentence supervision follows custody of more than 1 day and under 2 years",
                )
            )
    else:
        problems.append(("type", f"Unknown sentence type {disposal_type!r}"))
    return problems


def requirement_problems(
    *,
    requirement_type: str,
    disposal_type: str,
    start_date: date,
    disposal_start: date,
    disposal_end: date | None,
    length: int | None,
    date_of_birth: date,
    sentence_date: date,
    consent_given: bool,
    limits: SentenceLimits = LIMITS,
) -> Problems:
    """`length` is hours (unpaid work, attendance centre), days (RAR, alcohol abstinence), hours a
    day (curfew) or months (exclusion), as the requirement type says."""
    problems: Problems = []
    if disposal_type not in {"community_order", "suspended_sentence"}:
        problems.append(("type", "Only community and suspended sentence orders carry requirements"))
        return problems
    if start_date < disposal_start:
        problems.append(("start_date", "A requirement cannot start before its order"))
    if disposal_end and start_date > disposal_end:
        problems.append(("start_date", "A requirement cannot start after its order ends"))
    if requirement_type == "unpaid_work":
        if length is None or not (limits.unpaid_work_min_hours <= length <= limits.unpaid_work_max_hours):
            problems.append(("length", "Unpaid work must be between 40 and 300 hours"))
    elif requirement_type == "rar":
        if length is None or length < 1:
            problems.append(("length", "Enter the maximum number of RAR days (at least 1)"))
    elif requirement_type == "curfew":
        if length is None or not (limits.curfew_min_hours_a_day <= length <= limits.curfew_max_hours_a_day):
            problems.append(("length", "A curfew must be between 2 and 20 hours a day"))
    elif requirement_type == "exclusion":
        if length is None or not (1 <= length <= limits.exclusion_max_months):
            problems.append(("length", "An exclusion requirement can last at most 2 years (24 months)"))
    elif requirement_type == "alcohol_abstinence":
        if length is None or not (1 <= length <= limits.alcohol_abstinence_max_days):
            problems.append(("length", "Alcohol abstinence can last at most 120 days"))
    elif requirement_type == "attendance_centre":
        if length is None or not (
            limits.attendance_centre_min_hours <= length <= limits.attendance_centre_max_hours
        ):
            problems.append(("length", "An attendance centre requirement must be between 12 and 36 hours"))
        if age_on(date_of_birth, sentence_date) > limits.attendance_centre_max_age:
            problems.append(
                ("type", "An attendance centre requirement is only for people under 25 at sentence")
            )
    if requirement_type in CONSENT_REQUIRED and not consent_given:
        problems.append(("consent_given", "This requirement needs the person's consent"))
    return problems


def unpaid_work_deadline(start_date: date, limits: SentenceLimits = LIMITS) -> date:
    """Unpaid work must be completed within 12 months."""
    return add_months(start_date, limits.unpaid_work_months)
