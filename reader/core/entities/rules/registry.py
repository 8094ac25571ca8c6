"""The registry of entity rules, as spaCy registers pipeline components: each rule is a
named step, `(context, entities) -> entities`, registered with `@rule("name")` beside its
code; `rules/__init__.py` holds their order as data (PIPELINE) and runs them (`refine`).
(spaCy's own components don't fit: a rule may cut inside a token, "Moscows".)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reader.core.entities.entity import Entity


@dataclass
class Context:
    """What the rules share while one article's entities are refined."""

    body: str
    skip: list[tuple[int, int]]  # ranges never to mark (code blocks)
    places: dict[str, str]  # the gazetteer: place name -> "country" or "city"
    keep: set[str] = field(default_factory=set)  # names a cue decided (org_cues, work_cues): name_parts leaves them


Step = Callable[[Context, list[Entity]], list[Entity]]


@dataclass(frozen=True)
class Rule:
    name: str
    step: Step
    optional: bool  # may be left out (`refine(..., off=...)`, the ablation in bench/ner_quality.py)


REGISTRY: dict[str, Rule] = {}


def rule(name: str, optional: bool = True) -> Callable[[Step], Step]:
    """Register the decorated step under `name`."""

    def register(step: Step) -> Step:
        if name in REGISTRY:
            raise ValueError(f"entity rule {name!r} is registered twice")
        REGISTRY[name] = Rule(name, step, optional)
        return step

    return register
