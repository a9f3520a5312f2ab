"""Synthetic allocation decisions and risk escalations, as interchange records.

`allocation_records` is a plain function: given one dict per recent sentence (see `SynthCase`), it
yields an `allocation` record for each, decided by the same rule the court team uses, and an
`escalation_referral` record for each case that came back from a private provider. Most allocations
are decided and acknowledged; a sentence received in the last working day or two may still await a
decision or an acknowledgement.

`allocation_decisions` adapts it to the synthetic-region generator (`probation.synth`): it reads the
people, sentences and responsible officers earlier steps generated from the generation context.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import TypedDict

from probation.lib.workingdays import working_days_between
from probation.risk.constants import RoshLevel
from probation.sentences.constants import DisposalType, OffenceCategory, RequirementType

from . import rules

RECENT_DAYS = 365
OVERRIDE_TO_PUBLIC = (
    "Police report domestic abuse call-outs since the pre-sentence report; the court team judged the "
    "risk likely to rise.",
    "Previously supervised by the public provider; kept there for continuity of officer.",
)
SERIOUS_OVERRIDE = "{offence}: the court team judged the offence among the most serious."
OVERRIDE_TO_PRIVATE = (
    "No violence or threat was used; the court team judged the offence not among the most serious.",
    "Assessed as low risk; the offence was committed as a youth and the person has no later convictions.",
)


class _Required(TypedDict):
    person: str  # external ids from here on, unless said otherwise
    disposal: str
    received_on: date  # sentence date, or release date for licence and PSS
    court_provider: str  # the public provider whose court team decides
    provider: str  # the provider that first supervised the case
    provider_public: bool
    rosh: str  # risk of serious harm known at court
    offence_categories: list[str]
    court_managers: list[str]  # who may decide: the public provider's managers in the area


class SynthCase(_Required, total=False):
    highest_tier: bool
    serious: bool  # the court judged the offence among the most serious
    sentence_type: str
    requirement_types: list[str]
    receiving_manager: str  # who acknowledges for the receiving provider
    officer: str  # the first responsible officer
    allocated_on: date | None  # when the first officer was named; None if not yet
    # A case that came back from a private provider when its risk rose:
    escalated_on: date
    escalated_to_provider: str
    escalated_to_officer: str
    escalation_referred_by: str
    escalation_accepted_by: str


def allocation_records(
    cases: Iterable[SynthCase],
    *,
    as_at: date,
    rng: random.Random,
    recent_days: int = RECENT_DAYS,
    config: rules.AllocationConfig | None = None,
) -> Iterator[dict]:
    """An `allocation` record for each case received in the `recent_days` up to `as_at`, and an
    `escalation_referral` record for each case that was escalated."""
    config = config or rules.DEFAULT_CONFIG
    since = as_at - timedelta(days=recent_days)
    for case in cases:
        received = case["received_on"]
        if since < received <= as_at:
            yield _allocation(case, as_at=as_at, rng=rng, config=config)
        if case.get("escalated_on"):
            yield _escalation(case, rng=rng)


def _allocation(case: SynthCase, *, as_at: date, rng: random.Random, config) -> dict:
    received = case["received_on"]
    record = {
        "type": "allocation",
        "id": f"allocation-{case['disposal']}",
        "person": case["person"],
        "disposal": case["disposal"],
        "received_on": received.isoformat(),
        "court_provider": case["court_provider"],
    }
    working_days_ago = working_days_between(received, as_at) if received < as_at else 0
    allocated_on = case.get("allocated_on")
    if allocated_on is None or (working_days_ago <= 1 and rng.random() < 0.5):
        record["status"] = "awaiting_decision"
        return record

    deportation = False
    inputs = {
        "rosh": case["rosh"],
        "mappa_level": None,
        "offence_categories": list(case["offence_categories"]),
        "facing_deportation": False,
        "rsr": None,
    }
    decision = rules.decide_provider(**inputs, config=config)
    wanted = "public" if case["provider_public"] else "private"
    rationale = ""
    if decision.provider_type != wanted and wanted == "public" and rng.random() < 0.5:
        # Most low-risk cases the public provider keeps are foreign nationals facing deportation.
        deportation = True
        inputs["facing_deportation"] = True
        decision = rules.decide_provider(**inputs, config=config)
    if decision.provider_type != wanted and wanted == "public" and case.get("serious"):
        offence = (
            OffenceCategory(case["offence_categories"][0]).label if case["offence_categories"] else "Offence"
        )
        rationale = SERIOUS_OVERRIDE.format(offence=offence)
    elif decision.provider_type != wanted:
        rationale = rng.choice(OVERRIDE_TO_PUBLIC if wanted == "public" else OVERRIDE_TO_PRIVATE)
    highest = bool(case.get("highest_tier"))
    decided_on = received
    record |= {
        "facing_deportation": deportation,
        "recommended_provider_type": decision.provider_type,
        "reasons": decision.reasons,
        "decision_inputs": inputs,
        "provider": case["provider"],
        "overridden": bool(rationale),
        "decided_by": rng.choice(case["court_managers"]),
        "decided_on": decided_on.isoformat(),
        "allocation_due": rules.allocation_due(received, highest, config=config).isoformat(),
        "first_appointment_due": rules.first_appointment_due(received, highest, config=config).isoformat(),
        **_package(case),
    }
    if rationale:
        record["override_rationale"] = rationale
    awaiting_acknowledgement = working_days_ago <= 3 and rng.random() < 0.3
    if awaiting_acknowledgement or not case.get("receiving_manager") or not case.get("officer"):
        record["status"] = "awaiting_acknowledgement"
        return record
    record |= {
        "status": "acknowledged",
        "acknowledged_by": case["receiving_manager"],
        "acknowledged_on": max(allocated_on, decided_on).isoformat(),
        "allocated_to": case["officer"],
    }
    return record


def _package(case: SynthCase) -> dict:
    rosh = RoshLevel(case["rosh"]).label if case["rosh"] else "Not assessed"
    offences = [OffenceCategory(c).label for c in case["offence_categories"]]
    sentence = DisposalType(case["sentence_type"]).label if case.get("sentence_type") else "Sentence"
    requirements = [RequirementType(r).label for r in case.get("requirement_types", [])]
    return {
        "risk_summary": f"Risk of serious harm: {rosh} (assessed for the court).",
        "offence_summary": "\n".join(f"{label}." for label in offences) or "No offences recorded.",
        "requirements_summary": "\n".join([f"{sentence}.", *(f"{r}." for r in requirements)]),
        "safeguarding": "No active safeguarding or child concern registrations.",
    }


def _escalation(case: SynthCase, *, rng: random.Random) -> dict:
    escalated = case["escalated_on"]
    earliest = case.get("allocated_on") or case["received_on"]
    referred = max(earliest, escalated - timedelta(days=rng.randint(1, 12)))
    return {
        "type": "escalation_referral",
        "id": f"escalation-{case['person']}-1",
        "person": case["person"],
        "from_provider": case["provider"],
        "to_provider": case["escalated_to_provider"],
        "referred_on": referred.isoformat(),
        "reason": "A new assessment rated the risk of serious harm high; referred back to the NPS.",
        "referred_by": case["escalation_referred_by"],
        "status": "reallocated",
        "accepted_by": case["escalation_accepted_by"],
        "accepted_on": escalated.isoformat(),
        "reallocated_to": case["escalated_to_officer"],
        "reallocated_on": escalated.isoformat(),
    }


# The synthetic-region generator -------------------------------------------------------------------


def cases_from_context(ctx) -> Iterator[SynthCase]:
    """One case per generated person's current sentence, from the generation context."""
    for person in ctx.people:
        if not person.sentences:
            continue
        current = person.current
        area = person.area
        first = person.officers[0] if person.officers else None
        first_provider = first.provider if first else person.provider
        court_managers = [t.manager.id for t in area.teams.get(area.nps.code, []) if t.manager is not None]
        if not court_managers:
            continue
        escalated = person.escalated_on is not None and len(person.officers) > 1
        rosh = "medium" if escalated else person.risk
        case: SynthCase = {
            "person": person.id,
            "disposal": current.disposal_id,
            "received_on": current.start_date,
            "court_provider": area.nps.id,
            "provider": first_provider.id,
            "provider_public": first_provider.public,
            "rosh": rosh,
            "offence_categories": [person.main_category],
            "court_managers": court_managers,
            "highest_tier": person.risk == "very_high",
            "serious": person.serious,
            "sentence_type": current.sentence_type,
            "requirement_types": list(current.requirement_types),
            "allocated_on": person.allocated_on,
        }
        if first is not None:
            case["officer"] = first.id
            manager = first.team.manager if first.team else None
            head = area.heads.get(first_provider.code)
            case["receiving_manager"] = (manager or head).id if (manager or head) else ""
        if escalated:
            second = person.officers[1]
            nps_manager = second.team.manager if second.team else None
            case |= {
                "escalated_on": person.escalated_on,
                "escalated_to_provider": second.provider.id,
                "escalated_to_officer": second.id,
                "escalation_referred_by": first.id,
                "escalation_accepted_by": (nps_manager or area.heads[area.nps.code]).id,
            }
        yield case


def allocation_decisions(ctx, rng: random.Random) -> Iterator[dict]:
    """The generator step: runs after people, sentences and responsible officers."""
    yield from allocation_records(cases_from_context(ctx), as_at=ctx.as_at, rng=rng)


def _register() -> None:
    """Add the step to the generator. Importing this module is enough: the generator's step
    discovery imports `probation.synth.steps.*`, one of which should import this module."""
    from probation.synth.registry import step

    step("allocation_decisions", order=55)(allocation_decisions)


_register()
