"""Generation steps. A step is a function `(context, rng) -> iterable of interchange records`,
registered with `@step(name, order)`. Every module in `probation.synth.steps` is imported, so adding
a step is adding a module there (one per noun). Steps run in `order`; each gets its own random
stream (seeded from the seed and the step's name)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

StepFunction = Callable[..., Iterable[dict]]


@dataclass(frozen=True)
class Step:
    name: str
    order: int
    run: StepFunction


_steps: dict[str, Step] = {}


def step(name: str, order: int) -> Callable[[StepFunction], StepFunction]:
    def register(function: StepFunction) -> StepFunction:
        _steps[name] = Step(name, order, function)
        return function

    return register


def steps() -> list[Step]:
    from . import steps as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return sorted(_steps.values(), key=lambda s: (s.order, s.name))
