"""Drawing an inspection sample.

The eligible population is every case of the chosen providers (and, if given, area — the area of
the case's team) whose supervision started in the window: a disposal whose `start_date` falls
between the window's first and last day, both included. A case with several such disposals is
counted once, with the sentence type of the earliest (then the lowest id).

The sample size comes from a confidence level and margin of error with the finite-population
correction (`probation.lib.stats.sample_size`), or is given, or is the whole population (`all`).
The sample is stratified by provider, sentence type, sex, broad ethnic group and RoSH level;
places are shared among strata in proportion to their sizes by the largest-remainder method, and
the cases within each stratum are chosen by `random.Random(seed)`, visiting strata and their cases
in a fixed order, so the same population and seed always give the same sample.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from probation.lib.stats import SampleDesign, allocate_proportionally, sample_size
from probation.people.constants import Ethnicity

NOT_KNOWN = "not known"


@dataclass(frozen=True)
class EligibleCase:
    person_id: int
    provider_id: int
    provider_code: str
    sentence_type: str
    sex: str
    ethnic_group: str
    rosh: str

    @property
    def stratum(self) -> tuple[str, str, str, str, str]:
        return (
            self.provider_code,
            self.sentence_type,
            self.sex or NOT_KNOWN,
            self.ethnic_group,
            self.rosh or NOT_KNOWN,
        )

    @property
    def stratum_label(self) -> str:
        return " / ".join(self.stratum)[:200]


@dataclass(frozen=True)
class Sample:
    population: int
    size: int
    cases: list[EligibleCase]
    # Stratum → (cases in the population, cases sampled).
    strata: dict[tuple[str, ...], tuple[int, int]]


def eligible_cases(
    *, providers: Iterable, window_start: date, window_end: date, area=None, team=None
) -> list[EligibleCase]:
    """The population: one row per case, in person-id order (one query, whatever the size). A local
    audit limits it to one team's cases."""
    from probation.sentences.models import Disposal

    provider_ids = [getattr(p, "pk", p) for p in providers]
    rows = Disposal.objects.filter(
        start_date__gte=window_start, start_date__lte=window_end, event__person__provider_id__in=provider_ids
    )
    if area is not None:
        rows = rows.filter(event__person__team__area_id=getattr(area, "pk", area))
    if team is not None:
        rows = rows.filter(event__person__team_id=getattr(team, "pk", team))
    rows = rows.order_by("event__person_id", "start_date", "id").values_list(
        "event__person_id",
        "event__person__provider_id",
        "event__person__provider__code",
        "type",
        "event__person__sex",
        "event__person__ethnicity",
        "event__person__rosh",
    )
    cases: list[EligibleCase] = []
    seen: set[int] = set()
    for person_id, provider_id, code, type_, sex, ethnicity, rosh in rows.iterator(chunk_size=5000):
        if person_id in seen:
            continue
        seen.add(person_id)
        cases.append(
            EligibleCase(
                person_id,
                provider_id,
                code,
                type_,
                sex or "",
                Ethnicity.broad_group(ethnicity or ""),
                rosh or "",
            )
        )
    return cases


def size_for(
    population: int,
    *,
    confidence: float = 0.8,
    margin: float = 0.1,
    sample: int | None = None,
    take_all: bool = False,
) -> int:
    """How many cases to draw: everything, a given number (at most the population), or the number a
    confidence level and margin need."""
    if take_all:
        return population
    if sample is not None:
        if sample < 0:
            raise ValueError("The sample size cannot be negative.")
        return min(sample, population)
    return sample_size(population, SampleDesign(confidence=float(confidence), margin=float(margin)))


def draw(cases: Sequence[EligibleCase], n: int, *, seed: int) -> Sample:
    """A proportionally stratified random sample of ``n`` cases, reproducible for a seed."""
    by_stratum: dict[tuple[str, ...], list[EligibleCase]] = {}
    for case in sorted(cases, key=lambda c: c.person_id):
        by_stratum.setdefault(case.stratum, []).append(case)
    ordered = dict(sorted(by_stratum.items()))
    rng = random.Random(seed)
    # Strata of equal size and remainder are otherwise favoured in the order given; a seeded shuffle
    # breaks those ties at random, so many small strata do not all tilt the sample one way.
    tie_order = list(ordered)
    rng.shuffle(tie_order)
    allocation = allocate_proportionally({key: len(ordered[key]) for key in tie_order}, n)
    chosen: list[EligibleCase] = []
    for key, members in ordered.items():
        chosen.extend(rng.sample(members, allocation[key]))
    chosen.sort(key=lambda c: (c.provider_code, c.person_id))
    return Sample(
        population=len(cases),
        size=len(chosen),
        cases=chosen,
        strata={key: (len(members), allocation[key]) for key, members in ordered.items()},
    )


def draw_sample(
    *,
    providers: Iterable,
    window_start: date,
    window_end: date,
    area=None,
    team=None,
    seed: int = 1,
    confidence: float = 0.8,
    margin: float = 0.1,
    sample: int | None = None,
    take_all: bool = False,
) -> Sample:
    population = eligible_cases(
        providers=providers, window_start=window_start, window_end=window_end, area=area, team=team
    )
    n = size_for(len(population), confidence=confidence, margin=margin, sample=sample, take_all=take_all)
    return draw(population, n, seed=seed)
