"""Enforcement reference data: the deadlines policy may change, with their defaults.

A `ReferenceValue` row with the same key overrides a default for a deployment. The statutory
numbers (the twelve-month warning window, 14- and 28-day fixed-term recalls) are law, not policy,
and stay in `rules.EnforcementPolicy`.

| key | default | source |
|---|---|---|
| enforcement.warning_letter_days | 2 working days from the failure being judged | [recalled] |
| enforcement.breach_days | 10 working days to initiate breach (breach pack ready) | [practice] |
| enforcement.recall_days | 1 working day to recommend recall once it is decided due | [recalled] |
"""

from probation.core import reference

from .rules import EnforcementPolicy

DEFAULTS = {
    "enforcement.warning_letter_days": 2,
    "enforcement.breach_days": 10,
    "enforcement.recall_days": 1,
}


def value(key: str):
    try:
        return reference.value(key)
    except KeyError:
        return DEFAULTS[key]


def current_policy() -> EnforcementPolicy:
    return EnforcementPolicy(
        warning_letter_days=int(value("enforcement.warning_letter_days")),
        breach_days=int(value("enforcement.breach_days")),
        recall_days=int(value("enforcement.recall_days")),
    )
