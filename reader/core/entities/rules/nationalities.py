"""Rules for nationalities and groups (NORP): nationality words, demonyms told by their
country, and NORPs that read like none dropped."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from reader.core.entities.entity import Entity
from reader.core.entities.rules.lexicon import NATIONALITY_WORDS, NORP_WORDS
from reader.core.entities.rules.places import gazetteer
from reader.core.entities.rules.registry import Context, rule

# nationality, religious and political group words: how a NORP ends or what it is
# nationality, religious and political group words: how a NORP ends or what it is
_NORP_ENDING = re.compile(r"(?:an|ans|ian|ians|ese|ish|i|is|ic|ics|ch|ss|ek|eks|ot|ots|on|ons|ard|ards|s?h)$")
_GROUP_PREFIX = re.compile(r"(?:ex|pro|anti|non|pan)-(?=[A-Z])")


def plausible_norp(body: str, entity: Entity) -> Entity | None:
    """A nationality or group (NORP) reads like one: a capitalised word (no inner capitals:
    "iTunes", "YouTube" are not) that ends like a demonym (-an, -ese, -ish, -i...) or is a
    religious or political group word; "ex-Soviet", "pro-Russian" keep the group only.
    Anything else the model called NORP ("Moscows", "Kremlins") is dropped before the vote,
    so it cannot spread to the other mentions."""
    if entity.label != "NORP":
        return entity
    start = entity.start
    prefix = _GROUP_PREFIX.match(body, start, entity.end)
    if prefix:
        start = prefix.end()
    words = re.split(r"[\s-]+", body[start : entity.end])
    for word in words:
        if not word[:1].isupper() or re.search(r"[a-z][A-Z]", word):
            return None
    last = words[-1]
    if last not in NORP_WORDS and not _NORP_ENDING.search(last):
        return None
    return Entity(start, entity.end, "NORP")


_DEMONYM = re.compile(r"(?:ans?|ians?|ese|i|ish)$")  # no "-is": "Francis" is no Frenchman


@functools.cache
def _country_stems() -> dict[str, list[str]]:
    """The gazetteer's countries (their last word: "South Korea" -> "Korea") by their first
    four letters."""
    table: dict[str, list[str]] = defaultdict(list)
    for name, kind in gazetteer().items():
        if kind == "country":
            last = name.split()[-1]
            table[last[:4]].append(last)
    return dict(table)


def demonym(word: str, places: dict[str, str]) -> bool:
    """A word for the people of a country: one of the irregular ones, or a country's name
    less up to two letters, with a demonym ending ("Kenyan", "Iraqi", "Chinese",
    "Portuguese", "Koreans"). Never a place's own name."""
    if word in NATIONALITY_WORDS:
        return True
    if not _DEMONYM.search(word) or word in places:
        return False
    countries = _country_stems().get(word[:4], [])
    return any(word.startswith(country[: max(len(country) - 2, 4)]) for country in countries)


def nationalities(body: str, entity: Entity, places: dict[str, str]) -> list[Entity]:
    """A nationality word is NORP whatever the model called it ("Briton" as an organisation,
    "Chinese" as a place; as a person only the irregular ones, "Scot", and those in -i or
    -ese, "Bangladeshi"), and a person's name that starts with one is two entities
    ("Kenyan Susan Chepkemei": NORP + PERSON)."""
    text = body[entity.start : entity.end]
    if entity.label in ("ORG", "GPE", "LOC", "PERSON") and " " not in text:
        # derived demonyms in -an may be first names (Roman, Adrian); in -i or -ese they are not
        may_be_name = entity.label == "PERSON" and not text.endswith(("i", "ese"))
        if text in NATIONALITY_WORDS or (not may_be_name and demonym(text, places)):
            return [Entity(entity.start, entity.end, "NORP")]
        return [entity]
    if entity.label == "PERSON":
        first, _, rest = text.partition(" ")
        if demonym(first, places) and len(rest.split()) >= 2 and all(w[:1].isupper() for w in rest.split()):
            return [
                Entity(entity.start, entity.start + len(first), "NORP"),
                Entity(entity.end - len(rest), entity.end, "PERSON"),
            ]
    return [entity]


@rule("nationalities")
def _nationalities(context: Context, entities: list[Entity]) -> list[Entity]:
    return [part for e in entities for part in nationalities(context.body, e, context.places)]


@rule("norp")
def _norp(context: Context, entities: list[Entity]) -> list[Entity]:
    return [n for n in (plausible_norp(context.body, e) for e in entities) if n is not None]
