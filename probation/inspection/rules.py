"""Inspection ratings as pure functions of plain values.

- A key question's percentage is the share of applicable cases judged sufficient.
- A standard is rated from its *lowest* key-question percentage with the standard bands
  (defaults: ≥ 80 % outstanding, 65–79 % good, 50–64 % requires improvement, < 50 % inadequate).
  The percentage is compared unrounded, as an exact fraction: 79.9 % is good, not outstanding.
  Key questions with no applicable cases are not rated and take no part; a standard none of whose
  key questions has an applicable case is not rated.
- Standards score 3 / 2 / 1 / 0.
- The overall rating bands the total score. The bands are given for ten standards (26–30
  outstanding, 16–25 good, 6–15 requires improvement, 0–5 inadequate). For another number of
  rated standards *n*, the total is scaled to ten standards — total × 10 / n, exactly, without
  rounding — and that scaled total is banded with the ten-standard thresholds. So with the four
  case-supervision standards (at most 12 points) outstanding needs 11 (27.5 ≥ 26; 10 would be 25),
  good needs 7 (17.5; 6 would be 15) and requires improvement needs 3 (7.5; 2 would be 5).

The bands come from reference data (`inspection.standard_bands`, `inspection.standard_scores`,
`inspection.overall_bands_for_ten`); callers pass them in, the defaults are the domain's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from probation.core.reference import DEFAULTS

from .constants import Answer, Rating

STANDARD_BANDS: Mapping[str, int] = DEFAULTS["inspection.standard_bands"]
STANDARD_SCORES: Mapping[str, int] = DEFAULTS["inspection.standard_scores"]
OVERALL_BANDS_FOR_TEN: Mapping[str, int] = DEFAULTS["inspection.overall_bands_for_ten"]

# Best first: a value is given the first rating whose threshold it reaches.
_ORDER = (Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT)


def _count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"The {name} must be a non-negative whole number, not {value!r}.")


def key_question_fraction(sufficient: int, applicable: int) -> Fraction | None:
    """Sufficient cases over applicable cases, exactly; None when no case is applicable."""
    _count("number of sufficient cases", sufficient)
    _count("number of applicable cases", applicable)
    if sufficient > applicable:
        raise ValueError(f"{sufficient} sufficient cases out of {applicable} applicable is not a proportion.")
    if applicable == 0:
        return None
    return Fraction(sufficient, applicable)


def key_question_percent(sufficient: int, applicable: int) -> float | None:
    """The percentage of applicable cases judged sufficient (unrounded); None when none applies."""
    share = key_question_fraction(sufficient, applicable)
    return None if share is None else float(share * 100)


def _band(value: Fraction, thresholds: Mapping[str, int | float]) -> Rating:
    for rating in _ORDER:
        if value >= Fraction(str(thresholds[rating.value])):
            return rating
    return Rating.INADEQUATE


def rating_for_share(share: Fraction, bands: Mapping[str, int | float] = STANDARD_BANDS) -> Rating:
    """The rating for a proportion between 0 and 1 with the standard bands (in percent)."""
    if not 0 <= share <= 1:
        raise ValueError(f"{share} is not a proportion.")
    return _band(share * 100, bands)


def standard_rating(
    key_questions: Iterable[tuple[int, int]], bands: Mapping[str, int | float] = STANDARD_BANDS
) -> Rating | None:
    """A standard's rating from its key questions' (sufficient, applicable) counts: the lowest
    key-question percentage decides. None when no key question has an applicable case."""
    shares = [key_question_fraction(s, a) for s, a in key_questions]
    rated = [share for share in shares if share is not None]
    if not rated:
        return None
    return rating_for_share(min(rated), bands)


def standard_score(rating: Rating | str, scores: Mapping[str, int] = STANDARD_SCORES) -> int:
    return int(scores[Rating(rating).value])


def overall_rating(
    ratings: Iterable[Rating | str | None],
    scores: Mapping[str, int] = STANDARD_SCORES,
    bands_for_ten: Mapping[str, int | float] = OVERALL_BANDS_FOR_TEN,
) -> Rating | None:
    """The overall rating from the standards' ratings (unrated standards, None, are left out),
    scaling the total to ten standards as the module describes. None when nothing is rated."""
    rated = [Rating(r) for r in ratings if r is not None and r != ""]
    if not rated:
        return None
    total = sum(standard_score(r, scores) for r in rated)
    return overall_rating_for_total(total, len(rated), bands_for_ten)


def overall_rating_for_total(
    total: int, standards: int, bands_for_ten: Mapping[str, int | float] = OVERALL_BANDS_FOR_TEN
) -> Rating:
    _count("total score", total)
    _count("number of standards", standards)
    if standards == 0:
        raise ValueError("At least one standard must be rated.")
    if total > 3 * standards:
        raise ValueError(f"A total of {total} is more than {standards} standards can score.")
    return _band(Fraction(total * 10, standards), bands_for_ten)


@dataclass(frozen=True)
class KeyQuestionResult:
    code: str
    applicable: int
    sufficient: int

    @property
    def percent(self) -> float | None:
        return key_question_percent(self.sufficient, self.applicable)

    def rating(self, bands: Mapping[str, int | float] = STANDARD_BANDS) -> Rating | None:
        share = key_question_fraction(self.sufficient, self.applicable)
        return None if share is None else rating_for_share(share, bands)


# Answers computed from case indicators --------------------------------------------------------------
# An indicator's result for one case: (applicable, met) with met None when the facts cannot decide;
# None for the whole result when the case has no row for the indicator.
IndicatorResult = tuple[bool, bool | None] | None


def prompt_answer(results: Iterable[IndicatorResult]) -> Answer:
    """Answer a prompt from its indicators' results for one case.

    - no indicator at all, a missing result, or an applicable indicator that cannot decide (met is
      None) → needs a human — unless another applicable indicator is not met, which already
      answers no;
    - any applicable indicator not met → no;
    - none applicable → not applicable;
    - otherwise (every applicable indicator met; inapplicable ones are ignored) → yes.
    """
    results = list(results)
    if not results:
        return Answer.NEEDS_HUMAN
    if any(r is not None and r[0] and r[1] is False for r in results):
        return Answer.NO
    if any(r is None or (r[0] and r[1] is None) for r in results):
        return Answer.NEEDS_HUMAN
    if not any(r[0] for r in results):
        return Answer.NOT_APPLICABLE
    return Answer.YES


@dataclass(frozen=True)
class Judgement:
    applicable: bool
    # None: not decided (a prompt still needs a human), so the case is left out of the key
    # question's denominator until someone answers it.
    sufficient: bool | None


def key_question_judgement(answers: Iterable[Answer | str]) -> Judgement:
    """Judge a key question for one case from its prompts' answers.

    Any prompt needing a human leaves the judgement undecided (the case is left out of the
    denominator): deciding "insufficient" from one "no" while other prompts are open would count
    only the failing cases and drag every key question with a human-only prompt towards 0 %.
    Every prompt not applicable → the key question does not apply to the case. Otherwise it is
    sufficient when every applicable prompt is answered yes.
    """
    answers = [Answer(a) for a in answers]
    if not answers or Answer.NEEDS_HUMAN in answers:
        return Judgement(applicable=True, sufficient=None)
    applicable = [a for a in answers if a != Answer.NOT_APPLICABLE]
    if not applicable:
        return Judgement(applicable=False, sufficient=None)
    return Judgement(applicable=True, sufficient=all(a == Answer.YES for a in applicable))
