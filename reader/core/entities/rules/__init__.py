"""Generic clean-up of the model's entities: a registry of named rules (`registry`), one
module per family (spans, places, nationalities, numbers, names, mentions), the word lists
as data (`lexicon`), and the order they run in, as data (PIPELINE)."""

from __future__ import annotations

from collections.abc import Iterable

from reader.core.entities.entity import Entity
from reader.core.entities.rules import mentions, names, nationalities, numbers, spans  # noqa: F401 (they register)
from reader.core.entities.rules.places import gazetteer
from reader.core.entities.rules.registry import REGISTRY, Context

# The order of the rules. Trimmed and cut first (line breaks, spaced dashes, a leading place
# or nationality), then labels from what the text says (places, money, times and quantities,
# a country with its acronym, a name's last word, datelines, lost apostrophes), implausible
# nationalities dropped, then one label per name (vote), names after cue words, surnames
# taken for their person, and last the mentions the model missed.
PIPELINE = (
    "split_lines", "trim", "breaks", "leading_place", "nationalities", "places", "money", "currency", "sorted",
    "measures", "country_bodies", "headwords", "datelines", "apostrophes", "norp", "vote", "org_cues", "work_cues",
    "name_parts", "mentions",
)  # fmt: skip
RULES = tuple(name for name in PIPELINE if REGISTRY[name].optional)  # those `off` may name
RULES_VERSION = 3  # raised when a rule changes what is found: cached entities are found again

__all__ = ["PIPELINE", "REGISTRY", "RULES", "RULES_VERSION", "Context", "gazetteer", "refine"]


def refine(
    body: str, raw: list[Entity], skip: Iterable[tuple[int, int]] = (), off: frozenset[str] = frozenset()
) -> list[Entity]:
    """The model's entities of `body` through every rule of PIPELINE in turn (`skip`: ranges
    never to mark, code blocks). `off` names rules to leave out, to measure each one."""
    unknown = set(off) - set(RULES)
    if unknown:
        raise ValueError(f"no entity rule named {', '.join(sorted(unknown))} (the rules: {', '.join(RULES)})")
    context = Context(body, list(skip), gazetteer())
    entities = list(raw)
    for name in PIPELINE:
        if name not in off:
            entities = REGISTRY[name].step(context, entities)
    return entities
