"""Small helpers shared by the generation steps."""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections.abc import Sequence
from datetime import date, timedelta

from .data.places import INWARD_LETTERS, STREETS, AreaData


class Weighted:
    """A fixed weighted choice, drawn quickly many times."""

    def __init__(self, weights: dict | Sequence[tuple]):
        pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
        self.items = [item for item, _w in pairs]
        self.cumulative = list(itertools.accumulate(w for _item, w in pairs))
        self.total = self.cumulative[-1]
        self.last = len(self.items) - 1

    def pick(self, rng: random.Random):
        return self.items[min(self.last, bisect.bisect(self.cumulative, rng.random() * self.total))]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def days_before(day: date, low: int, high: int, rng: random.Random) -> date:
    return day - timedelta(days=rng.randint(low, high))


def drama_mobile(rng: random.Random) -> str:
    # Ofcom keeps 07700 900000–900999 for drama: never a real person's number.
    return f"07700 900{rng.randrange(1000):03d}"


def drama_landline(rng: random.Random) -> str:
    return f"01632 960{rng.randrange(1000):03d}"


def postcode(district: str, rng: random.Random) -> str:
    return f"{district} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def street_address(area: AreaData, rng: random.Random, town_pick: Weighted | None = None) -> dict:
    town = town_pick.pick(rng) if town_pick else rng.choice(area.towns)
    return {
        "line1": f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
        "town": town.name,
        "postcode": postcode(rng.choice(town.districts), rng),
    }


def town_picker(area: AreaData) -> Weighted:
    return Weighted({town: town.weight for town in area.towns})


def choose_without_replacement(weights: dict, k: int, rng: random.Random) -> list:
    items, chosen = dict(weights), []
    for _ in range(min(k, len(items))):
        pick = rng.choices(list(items), weights=list(items.values()))[0]
        chosen.append(pick)
        del items[pick]
    return chosen


def spread_dates(start: date, end: date, n: int, rng: random.Random) -> list[date]:
    """`n` distinct dates after `start` and no later than `end`, in order (fewer if there is no room)."""
    span = (end - start).days
    if span <= 0 or n <= 0:
        return []
    offsets = sorted(rng.sample(range(1, span + 1), min(n, span)))
    return [start + timedelta(days=o) for o in offsets]


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights`, in whole numbers that add up to `total`."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts
