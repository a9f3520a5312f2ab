"""The quality of practice a generated region shows: per provider, how often each thing an inspection
looks at is done badly. The steps read it from the generation context (`ctx.quality`), so a region can
be made to look like the Staffordshire inspection of 2016 (the defaults) or like any other provider.

Every share is a proportion of the cases the matching case indicator applies to and can decide
(`docs/indicators.md`); the generator applies it per case, so an inspection of the region should find
it again within sampling error (tests/inspection/test_quality_recovery.py checks that it does).

A profile in JSON (`probation generate --quality FILE.json`) names the sectors and providers it
changes; anything left out keeps its default:

    {"private": {"late_plan": 0.1}, "providers": {"NPS": {"ro_changes_per_year": 0.5}}}

`public` applies to the public provider (the NPS), `private` to every CRC, and `providers` (by
provider code, e.g. "SWM" for the Staffordshire and West Midlands CRC) overrides either for one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class ProviderQuality:
    """One provider's quality of practice. Shares are between 0 and 1."""

    # Cases whose identified risks have no action in the risk management plan (`risk_followed_through`).
    no_action: float = 0.0
    # Cases where a risk action, partner check or significant-event review was not done in time
    # (`risk_minimised`).
    risk_not_minimised: float = 0.0
    # Cases whose first assessment after the start was completed after its deadline (`assessment_timely`).
    late_assessment: float = 0.0
    # Cases whose sentence plan was completed after its due date, or not at all (`plan_timely`).
    late_plan: float = 0.0
    # Cases whose plan leaves a rated need or a requirement without an objective (`plan_addresses_needs`).
    plan_misses_needs: float = 0.0
    # Cases not seen by the first-appointment deadline (`first_contact_timely`).
    late_first_contact: float = 0.0
    # Step-downs that the risks did not allow (high RoSH, MAPPA 2 or 3, or a recent escalation) and no
    # SPO approved, of the step-downs in force (`step_down_compatible`).
    risky_step_down: float = 0.0
    # Cases with a contact level whose recent appointments fall short of it (`contact_level_met`).
    contact_level_missed: float = 0.0
    # Cases with a failure to comply where a warning or breach was not decided, or not taken, in time
    # (`enforcement_appropriate`).
    missed_enforcement: float = 0.0
    # Changes of responsible officer per case-year of supervision (a Poisson rate; `ro_continuity` is
    # not met once a case has had 3 changes in a year).
    ro_changes_per_year: float = 0.0
    # Oversight records on high and very high RoSH cases made after the interval had passed
    # (`oversight_sufficient`).
    late_oversight: float = 0.0
    # Serious Further Offences notified after the deadline (`sfo_notified_timely`).
    late_sfo_notification: float = 0.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{f.name} must be a number, not {value!r}")
            if f.name == "ro_changes_per_year":
                if not 0 <= value <= MAX_RO_CHANGES_PER_YEAR:
                    limit = MAX_RO_CHANGES_PER_YEAR
                    raise ValueError(f"{f.name} must be between 0 and {limit} changes a year, not {value!r}")
            elif not 0 <= value <= 1:
                raise ValueError(f"{f.name} is a share of cases and must be between 0 and 1, not {value!r}")


MAX_RO_CHANGES_PER_YEAR = 12
SHARES = tuple(f.name for f in fields(ProviderQuality))

# Staffordshire and Stoke, inspected 2016 (HM Inspectorate of Probation, published 12 January 2017).
# The report gives words, not numbers; each default is the plainest reading of the finding quoted.
SEED_CRC = ProviderQuality(
    # risk of harm assessments "not followed through sufficiently well"
    no_action=0.45,
    # "in almost half of the cases insufficient steps had been taken to keep to a minimum" the risk
    risk_not_minimised=0.48,
    # risk of harm assessments "done consistently and to an acceptable standard"
    late_assessment=0.10,
    # "in a high proportion of cases, sentence planning was poor"
    late_plan=0.40,
    # "in most cases … an assessment and plan sufficient for the purposes of reducing reoffending"
    plan_misses_needs=0.30,
    # both providers: arrangements "to provide timely initial appointments"
    late_first_contact=0.05,
    # "the use of 'step down' … was not compatible with the risks associated with cases"
    risky_step_down=0.50,
    # "in almost one in four cases the lack of continuity led to unacceptable levels of contact"
    contact_level_missed=0.25,
    # "appropriate enforcement action was taken", but "poor enforcement work" in almost one in four
    # of the cases where continuity failed
    missed_enforcement=0.20,
    # "disruption to the continuity of supervision due to frequent changes of responsible officer"
    ro_changes_per_year=1.2,
    # "no evidence of the CRC seeking to quality assure public protection work"
    late_oversight=0.40,
    # weak processes "for identifying and notifying Serious Further Offences", the CRC's weaker
    late_sfo_notification=0.50,
)
SEED_NPS = ProviderQuality(
    # "in over two-thirds of cases … adequately assessed, planned and reviewed the risk of harm"
    no_action=0.30,
    # "in two-thirds of cases … taken all reasonable action to keep the risk of harm … to a minimum"
    risk_not_minimised=0.33,
    # "the quality of work was good"; risk of harm adequately assessed in over two-thirds
    late_assessment=0.10,
    # "acceptable overall, but with some notable exceptions, and room for improvement"
    late_plan=0.20,
    # "in over two-thirds of cases … adequately assessed, planned and reviewed"
    plan_misses_needs=0.30,
    # both providers: arrangements "to provide timely initial appointments"
    late_first_contact=0.05,
    # no finding against it; the NPS "experienced less change and was more stable and effective"
    risky_step_down=0.05,
    # "most NPS service users abided by the conditions of their sentence"
    contact_level_missed=0.10,
    # "if they did not, appropriate enforcement action was taken"; "a good balance" with motivation
    missed_enforcement=0.08,
    # "less change … more stable"
    ro_changes_per_year=0.5,
    # "management oversight was limited", but better than the CRC's
    late_oversight=0.15,
    # SFO notification weak in both providers
    late_sfo_notification=0.20,
)


@dataclass(frozen=True)
class QualityProfile:
    """Per-provider quality: `public` for the NPS, `private` for every CRC, `providers` by code."""

    public: ProviderQuality = SEED_NPS
    private: ProviderQuality = SEED_CRC
    providers: Mapping[str, ProviderQuality] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        for name in ("public", "private"):
            if not isinstance(getattr(self, name), ProviderQuality):
                raise ValueError(f"{name} must be a ProviderQuality")
        for code, quality in self.providers.items():
            if not isinstance(quality, ProviderQuality):
                raise ValueError(f"The quality of provider {code} must be a ProviderQuality")
        object.__setattr__(self, "providers", MappingProxyType(dict(self.providers)))

    def for_provider(self, provider: Any) -> ProviderQuality:
        """The quality of a generated provider (anything with `code` and `public`)."""
        found = self.providers.get(provider.code)
        if found is not None:
            return found
        return self.public if provider.public else self.private

    @classmethod
    def uniform(cls, quality: ProviderQuality) -> QualityProfile:
        return cls(public=quality, private=quality)

    @classmethod
    def from_dict(cls, data: Any) -> QualityProfile:
        """A profile from plain data (as read from JSON), on top of the seed's defaults."""
        if not isinstance(data, Mapping):
            raise ValueError("A quality profile is a JSON object with `public`, `private` and `providers`")
        unknown = set(data) - {"public", "private", "providers"}
        if unknown:
            raise ValueError(
                f"Unknown key {', '.join(sorted(map(str, unknown)))} in the quality profile "
                "(the keys are public, private and providers)"
            )
        default = cls()
        public = _quality(data.get("public", {}), default.public, "public")
        private = _quality(data.get("private", {}), default.private, "private")
        providers_data = data.get("providers", {})
        if not isinstance(providers_data, Mapping):
            raise ValueError("`providers` must be an object of provider codes")
        providers = {}
        for code, values in providers_data.items():
            # A provider named here starts from its sector's defaults only if it names its sector;
            # otherwise from the private defaults (the NPS is named "NPS").
            base = public if code == "NPS" else private
            providers[str(code)] = _quality(values, base, f"providers.{code}")
        return cls(public=public, private=private, providers=providers)

    @classmethod
    def from_json(cls, path: str | Path) -> QualityProfile:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"Cannot read the quality profile {path}: {exc.strerror}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"The quality profile {path} is not valid JSON: {exc.msg} (line {exc.lineno})"
            ) from None
        try:
            return cls.from_dict(data)
        except ValueError as exc:
            raise ValueError(f"The quality profile {path}: {exc}") from None

    def to_dict(self) -> dict:
        return {
            "public": _as_dict(self.public),
            "private": _as_dict(self.private),
            "providers": {code: _as_dict(q) for code, q in self.providers.items()},
        }


def _as_dict(quality: ProviderQuality) -> dict:
    return {name: getattr(quality, name) for name in SHARES}


def _quality(values: Any, base: ProviderQuality, where: str) -> ProviderQuality:
    if not isinstance(values, Mapping):
        raise ValueError(f"`{where}` must be an object of shares")
    unknown = set(values) - set(SHARES)
    if unknown:
        names = ", ".join(sorted(map(str, unknown)))
        raise ValueError(f"Unknown share {names} in `{where}` (the shares are {', '.join(SHARES)})")
    try:
        return replace(base, **values)
    except ValueError as exc:
        raise ValueError(f"In `{where}`: {exc}") from None


DEFAULT = QualityProfile()
