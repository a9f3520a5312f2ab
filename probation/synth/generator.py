"""Synthetic regions in the interchange format: `generate` runs every registered step in order and
returns the records; the same options and seed always give the same records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TextIO

from django.utils import timezone

from .context import GenerationContext
from .quality import DEFAULT as DEFAULT_QUALITY
from .quality import QualityProfile
from .registry import steps

DEFAULT_AREAS = ("Staffordshire & Stoke", "Derbyshire")
# The steps that make the organisation, staff, people, sentences and responsible officers.
FOUNDATION_STEPS = ("organisation", "staff", "people", "sentences", "allocation", "access")


def generate(
    *,
    people: int,
    seed: int,
    areas: Sequence[str] = DEFAULT_AREAS,
    as_at: date | None = None,
    only: Sequence[str] | None = None,
    quality: QualityProfile | None = None,
) -> list[dict]:
    """Records for a region of `people` people spread over `areas`, as things stood on `as_at`
        (today by default): every sentence in the caseload is still running on that date. `only` names
        the steps to run (each must come with the steps it builds on); all of them by default. `quality`
    sets how well each provider works (`probation.synth.quality`; the seed inspection's findings by
    default)."""
    if people < 0:
        raise ValueError("The number of people cannot be negative")
    if not areas:
        raise ValueError("Name at least one area")
    if len(set(areas)) != len(areas):
        raise ValueError("Name each area once")
    if quality is not None and not isinstance(quality, QualityProfile):
        raise ValueError("quality must be a QualityProfile (see probation.synth.quality)")
    ctx = GenerationContext(
        people_count=people,
        seed=seed,
        as_at=as_at or timezone.localdate(),
        area_names=list(areas),
        quality=quality or DEFAULT_QUALITY,
    )
    chosen = steps()
    if only is not None:
        unknown = set(only) - {s.name for s in chosen}
        if unknown:
            known = ", ".join(s.name for s in chosen)
            raise ValueError(f"No such step: {', '.join(sorted(unknown))} (the steps are {known})")
        chosen = [s for s in chosen if s.name in only]
    records: list[dict] = []
    for s in chosen:
        records.extend(s.run(ctx, ctx.rng(s.name)))
    return records


def write_jsonl(records: Iterable[dict], out: TextIO, chunk: int = 5000) -> int:
    """Write records one per line; returns how many."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    buffer: list[str] = []
    n = 0
    for record in records:
        buffer.append(encode(record))
        n += 1
        if len(buffer) == chunk:
            out.write("\n".join(buffer) + "\n")
            buffer.clear()
    if buffer:
        out.write("\n".join(buffer) + "\n")
    return n
