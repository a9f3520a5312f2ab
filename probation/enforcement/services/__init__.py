"""Writes for enforcement: assessing a failure, deciding on it, the letter, breach and recall.

Each takes the acting user, runs in one transaction, checks permission, refuses a stale version and
writes the audit row. Bad input raises `ValidationError` keyed by form field."""

from .actions import (
    describe_failure,
    disposal_for_failure,
    enforcement_assess,
    enforcement_decide,
    enforcement_record_breach_initiated,
    enforcement_record_court_outcome,
    enforcement_record_letter_issued,
)
from .recalls import licence_in_force, recall_countersign, recall_recommend, recall_record_outcome

__all__ = [
    "describe_failure",
    "disposal_for_failure",
    "enforcement_assess",
    "enforcement_decide",
    "enforcement_record_breach_initiated",
    "enforcement_record_court_outcome",
    "enforcement_record_letter_issued",
    "licence_in_force",
    "recall_countersign",
    "recall_record_outcome",
    "recall_recommend",
]
