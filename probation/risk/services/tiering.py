"""Tier calculation from the recorded facts.

The inputs are gathered from the database in a fixed handful of set-based queries (`values()` rows
grouped by person in Python), handed to the pure rule `calculate_tier`, and every result is stored
as a `TierCalculation` with the inputs it used and the reason it ran. `Person.tier` and
`Person.rosh` are the derived copies the caseload pages filter on.

One loader serves both one person and a whole region, so a tier recalculated for one case is
always the tier the regional run would give it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from probation.audit.models import Action, AuditEvent
from probation.audit.services import audit_record
from probation.core.models import ReferenceValue
from probation.people.models import Person
from probation.risk.constants import AssessmentStatus, TierReason
from probation.risk.models import MappaRegistration, NeedRating, Registration, RiskAssessment, TierCalculation
from probation.risk.rules import DEFAULT_TIER_CONFIG, TierConfig, TierInputs, calculate_tier
from probation.sentences.constants import DisposalType
from probation.sentences.models import Disposal, Requirement

from ._common import today

# The flag whose active registration makes the person an integrated offender management nominal.
IOM_FLAG = "IIOM"
# Women's factors recorded on the assessment, by the rule's name for them.
WOMEN_FACTOR_FIELDS = {
    "parenting": "women_parenting",
    "impulsivity_temper": "women_impulsivity_temper",
    "breach_or_recall": "women_breach_or_recall",
}
# A row in ReferenceValue under this key overrides TierConfig's published defaults, e.g.
# {"rsr_high_from": 6.9} — thresholds and points are policy, not code.
TIER_CONFIG_KEY = "tier.config"


def tier_config() -> TierConfig:
    overrides = ReferenceValue.objects.filter(key=TIER_CONFIG_KEY).values_list("value", flat=True).first()
    if not overrides:
        return DEFAULT_TIER_CONFIG
    converted = {}
    for key, value in overrides.items():
        if key == "mappa_points":
            value = {int(level): points for level, points in value.items()}
        elif isinstance(value, list):
            value = frozenset(value) if key.endswith("requirements") else tuple(value)
        converted[key] = value
    return TierConfig(**converted)


# ---------------------------------------------------------------------------------------------------
# Gathering inputs
# ---------------------------------------------------------------------------------------------------


@dataclass
class _Gathered:
    """The raw facts for a set of people, grouped by person id."""

    people: dict[int, dict[str, Any]]
    assessments: dict[int, dict[str, Any]] = field(default_factory=dict)
    needs: dict[int, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    flags: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    mappa: dict[int, int] = field(default_factory=dict)
    disposals: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    requirements: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


def _gather(person_filter: Callable[[str], Q], people: QuerySet[Person], as_of: date) -> _Gathered:
    """Seven queries whatever the number of people. `person_filter(path)` narrows each query to the
    people wanted, given the lookup path from that model to the person's id."""
    rows = people.filter(person_filter("id")).values("id", "sex", "tier", "rosh")
    gathered = _Gathered(people={row["id"]: row for row in rows})
    if not gathered.people:
        return gathered

    latest = (
        RiskAssessment.objects.filter(person_filter("person_id"), status=AssessmentStatus.COMPLETE)
        .order_by("person_id", "-sequence")
        .values(
            "id",
            "person_id",
            "rosh_overall",
            "rsr",
            "ogrs3_two_year",
            "completed_on",
            *WOMEN_FACTOR_FIELDS.values(),
        )
    )
    for row in latest:
        gathered.assessments.setdefault(row["person_id"], row)
    chosen = {row["id"]: person_id for person_id, row in gathered.assessments.items()}

    needs = NeedRating.objects.filter(
        person_filter("assessment__person_id"), assessment__status=AssessmentStatus.COMPLETE
    ).values_list("assessment_id", "need", "severity")
    for assessment_id, need, severity in needs:
        if assessment_id in chosen:
            gathered.needs[chosen[assessment_id]][need] = severity

    flags = (
        Registration.objects.filter(person_filter("person_id"), registered_on__lte=as_of)
        .filter(Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=as_of))
        .values("person_id", "flag_id", "flag__complexity_factor", "flag__women_factor")
    )
    for row in flags:
        gathered.flags[row["person_id"]].append(row)

    mappa = (
        MappaRegistration.objects.filter(person_filter("person_id"), start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=as_of))
        .values_list("person_id", "level")
    )
    for person_id, level in mappa:
        gathered.mappa[person_id] = max(level, gathered.mappa.get(person_id, 0))

    disposals = Disposal.objects.filter(
        person_filter("event__person_id"), terminated_on__isnull=True, start_date__lte=as_of
    ).values_list("event__person_id", "type")
    for person_id, disposal_type in disposals:
        gathered.disposals[person_id].add(disposal_type)

    requirements = (
        Requirement.objects.filter(
            person_filter("disposal__event__person_id"),
            disposal__terminated_on__isnull=True,
            terminated_on__isnull=True,
            start_date__lte=as_of,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
        .values_list("disposal__event__person_id", "type")
    )
    for person_id, requirement_type in requirements:
        gathered.requirements[person_id].append(requirement_type)
    return gathered


def _ordered(values: Iterable[str], order: tuple[str, ...]) -> tuple[str, ...]:
    present = set(values)
    return tuple(value for value in order if value in present)


CUSTODIAL_TYPES = frozenset(DisposalType.custodial())


def _inputs(person_id: int, g: _Gathered, as_of: date, config: TierConfig) -> TierInputs:
    """The rule's inputs for one person, from the gathered facts."""
    person = g.people[person_id]
    assessment = g.assessments.get(person_id)
    flags = g.flags.get(person_id, ())
    women = [name for name, column in WOMEN_FACTOR_FIELDS.items() if assessment and assessment[column]]
    women += [row["flag__women_factor"] for row in flags if row["flag__women_factor"]]
    return TierInputs(
        sex=person["sex"],
        as_of=as_of,
        rosh=(assessment["rosh_overall"] or None) if assessment else None,
        rsr=float(assessment["rsr"]) if assessment and assessment["rsr"] is not None else None,
        mappa_level=g.mappa.get(person_id),
        complexity_flags=_ordered(
            (row["flag__complexity_factor"] for row in flags if row["flag__complexity_factor"]),
            config.complexity_flags,
        ),
        women_factors=_ordered(women, config.women_factors),
        custodial=any(t in CUSTODIAL_TYPES for t in g.disposals.get(person_id, ())),
        requirements=tuple(sorted(set(g.requirements.get(person_id, ())))),
        needs=dict(sorted(g.needs.get(person_id, {}).items())),
        needs_assessed_on=assessment["completed_on"] if assessment else None,
        ogrs=assessment["ogrs3_two_year"] if assessment else None,
        iom=any(row["flag_id"] == IOM_FLAG for row in flags),
    )


def inputs_as_json(inputs: TierInputs) -> dict[str, Any]:
    """The inputs as plain JSON, in the shape `tier_inputs_from_mapping` reads back, so every
    stored calculation can be replayed."""
    return {
        "sex": inputs.sex,
        "as_of": inputs.as_of.isoformat(),
        "rosh": inputs.rosh,
        "rsr": inputs.rsr,
        "mappa_level": inputs.mappa_level,
        "complexity_flags": list(inputs.complexity_flags),
        "women_factors": list(inputs.women_factors),
        "custodial": inputs.custodial,
        "requirements": list(inputs.requirements),
        "needs": dict(inputs.needs),
        "needs_assessed_on": inputs.needs_assessed_on.isoformat() if inputs.needs_assessed_on else None,
        "ogrs": inputs.ogrs,
        "iom": inputs.iom,
    }


def tier_inputs_for(person: Person, *, as_of: date | None = None) -> dict[str, Any]:
    """What the tier of one person would be calculated from today (or on `as_of`)."""
    as_of = as_of or today()
    gathered = _gather(lambda path: Q(**{path: person.pk}), Person.objects.all(), as_of)
    return inputs_as_json(_inputs(person.pk, gathered, as_of, tier_config()))


# ---------------------------------------------------------------------------------------------------
# One person
# ---------------------------------------------------------------------------------------------------


@transaction.atomic
def tier_recalculate(*, person: Person, reason: str, by_user=None) -> TierCalculation:
    """Recalculate one person's tier from what is recorded now, store the calculation with its
    inputs and reason, and bring `Person.tier` and `Person.rosh` up to date.

    Every service that changes an input calls this: an assessment completed, a registration added
    or removed, MAPPA started or ended, a sentence or requirement changed."""
    if reason not in TierReason.values:
        raise ValueError(f"Unknown reason for a tier calculation: {reason!r}")
    as_of = today()
    config = tier_config()
    # Lock the person so two changes at once cannot both compare against the same previous tier.
    Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).first()
    gathered = _gather(lambda path: Q(**{path: person.pk}), Person.objects.all(), as_of)
    inputs = _inputs(person.pk, gathered, as_of, config)
    result = calculate_tier(inputs, config)
    previous = gathered.people[person.pk]
    rosh = inputs.rosh or ""
    calculation = TierCalculation.objects.create(
        person=person,
        tier=result.tier,
        protect_points=result.protect_points,
        change_points=result.change_points,
        inputs=inputs_as_json(inputs),
        reason=reason,
        changed=result.tier != previous["tier"],
    )
    if previous["tier"] != result.tier or previous["rosh"] != rosh:
        Person.objects.filter(pk=person.pk).update(tier=result.tier, rosh=rosh)
        audit_record(
            user=by_user,
            action=Action.UPDATE,
            obj=calculation,
            person=person,
            summary=f"Tier {previous['tier'] or 'none'} → {result.tier} ({TierReason(reason).label})",
            detail={"changes": {"tier": [previous["tier"], result.tier], "rosh": [previous["rosh"], rosh]}},
        )
    person.tier, person.rosh = result.tier, rosh
    return calculation


# ---------------------------------------------------------------------------------------------------
# A whole region
# ---------------------------------------------------------------------------------------------------


@dataclass
class TierRunSummary:
    people: int = 0
    calculated: int = 0
    changed: int = 0
    by_tier: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # (CRN-less person id, reason): cases whose recorded facts the rule refused.
    refused: list[tuple[int, str]] = field(default_factory=list)


def tier_recalculate_all(
    *,
    reason: str = TierReason.RECALCULATION,
    people: QuerySet[Person] | None = None,
    by_user=None,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> TierRunSummary:
    """Recalculate the tier of every person (or of `people`, e.g. one provider's or area's cases)
    set-based: for each batch of people, seven queries load every input, the pure rule runs in
    Python, the calculations are inserted with `bulk_create` and only the people whose tier or RoSH
    moved are updated. Each batch commits on its own; `progress(n)` is told after each one."""
    if reason not in TierReason.values:
        raise ValueError(f"Unknown reason for a tier calculation: {reason!r}")
    people = people if people is not None else Person.objects.all()
    as_of = today()
    config = tier_config()
    summary = TierRunSummary()
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    summary.people = len(ids)
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        low, high = batch[0], batch[-1]
        with transaction.atomic():
            gathered = _gather(
                lambda path, low=low, high=high: Q(**{f"{path}__gte": low, f"{path}__lte": high}),
                people,
                as_of,
            )
            _store_batch(gathered, as_of, config, reason, by_user, summary)
        if progress:
            progress(len(batch))
    audit_record(
        user=by_user,
        action=Action.UPDATE,
        summary=f"Recalculated tiers: {summary.calculated} cases, {summary.changed} changed",
        detail={
            "reason": reason,
            "people": summary.people,
            "changed": summary.changed,
            "refused": len(summary.refused),
        },
    )
    return summary


def _store_batch(g: _Gathered, as_of: date, config: TierConfig, reason: str, by_user, summary) -> None:
    calculations, audits = [], []
    moved: dict[tuple[str, str], list[int]] = defaultdict(list)
    label = TierReason(reason).label
    for person_id, person in g.people.items():
        inputs = _inputs(person_id, g, as_of, config)
        try:
            result = calculate_tier(inputs, config)
        except ValueError as exc:
            summary.refused.append((person_id, str(exc)))
            continue
        changed = result.tier != person["tier"]
        rosh = inputs.rosh or ""
        calculations.append(
            (
                person_id,
                result.tier,
                result.protect_points,
                result.change_points,
                inputs_as_json(inputs),
                changed,
            )
        )
        summary.by_tier[result.tier] += 1
        if changed or rosh != person["rosh"]:
            moved[(result.tier, rosh)].append(person_id)
            audits.append(
                AuditEvent(
                    user=by_user if getattr(by_user, "is_authenticated", False) else None,
                    action=Action.UPDATE,
                    object_type="people.person",
                    object_id=str(person_id),
                    person_id=person_id,
                    summary=f"Tier {person['tier'] or 'none'} → {result.tier} ({label})",
                    detail={
                        "changes": {"tier": [person["tier"], result.tier], "rosh": [person["rosh"], rosh]}
                    },
                )
            )
        summary.changed += changed
    _insert_calculations(calculations, reason)
    # One UPDATE per distinct (tier, RoSH) pair — a few dozen at most — rather than one per person.
    for (tier, rosh), person_ids in moved.items():
        Person.objects.filter(pk__in=person_ids).update(tier=tier, rosh=rosh)
    AuditEvent.objects.bulk_create(audits, batch_size=1000)
    summary.calculated += len(calculations)


_CALCULATION_COLUMNS = (
    "person_id",
    "calculated_at",
    "tier",
    "protect_points",
    "change_points",
    "inputs",
    "reason",
    "changed",
)


def _insert_calculations(rows: list[tuple], reason: str) -> None:
    """Insert (person_id, tier, protect, change, inputs, changed) rows with one `executemany`.

    The same INSERT `bulk_create` would issue, without its per-value preparation, which costs more
    than working out the tiers does; each value still goes through its field's own conversion
    for the database in use."""
    if not rows:
        return
    meta = TierCalculation._meta
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(column) for column in _CALCULATION_COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(_CALCULATION_COLUMNS))})"
    )
    inputs_field = meta.get_field("inputs")
    now = meta.get_field("calculated_at").get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (
                    person_id,
                    now,
                    tier,
                    protect,
                    change,
                    inputs_field.get_db_prep_save(inputs, connection),
                    reason,
                    changed,
                )
                for person_id, tier, protect, change, inputs, changed in rows
            ],
        )
