"""Rules for names: what a name's last word says it is, one label per name in an article
(the vote), names after a cue word (an organisation, a work), and a person's surname or
first name alone taken for the person."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection

from reader.core.entities.entity import Entity
from reader.core.entities.rules.lexicon import (
    COMPANY_MATTERS,
    HEAD_LABELS,
    NATIONALITY_WORDS,
    ORG_CUES,
    TITLES,
    WORK_CUES,
)
from reader.core.entities.rules.registry import Context, rule
from reader.core.entities.rules.spans import KEEP_THE, swallowed

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
        if places.get(words[0]) == "city" or any(w in NATIONALITY_WORDS or w.lower() in lower for w in words):
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
            and text not in NATIONALITY_WORDS
            and text not in keep
            and not text.isupper()
        ):
            e = Entity(e.start, e.end, "PERSON")
        out.append(e)
    return out


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
        if after and after.group(1) in HEAD_LABELS and after.start(1) not in taken:
            end = after.end()
        text = body[e.start : end]
        head = text.rsplit(" ", 1)[-1] if " " in text else ""
        label = HEAD_LABELS.get(head)
        start = e.start
        if label and label not in KEEP_THE and text[:4].lower() == "the ":
            start += 4  # "the Millennium Stadium" was an EVENT, which keeps its "the"
        out.append(Entity(start, end, label) if label else e)
    return out


_ORG_CUE = re.compile(rf"\b(?:{'|'.join(ORG_CUES)}) $")
_NEXT_CAPITAL = re.compile(r" [A-Z]")
_ORG_AFTER = re.compile(rf"(?:['’]s)? (?:{'|'.join(COMPANY_MATTERS)})\b| (?:has |had )?(?:announced|reported) its\b")
_TITLE = re.compile(rf"\b(?:{'|'.join(TITLES)})\.? $")


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


_WORK_CUE = re.compile(rf"\b(?:{'|'.join(WORK_CUES)}) $")
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
        and e.text(body).rsplit(" ", 1)[-1] not in HEAD_LABELS
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


@rule("headwords")
def _headwords(context: Context, entities: list[Entity]) -> list[Entity]:
    return swallowed(entities, headwords(context.body, entities))


@rule("vote")
def _vote(context: Context, entities: list[Entity]) -> list[Entity]:
    return majority_labels(context.body, entities)


@rule("org_cues")
def _org_cues(context: Context, entities: list[Entity]) -> list[Entity]:
    named = organisation_cues(context.body, entities, context.places)
    context.keep |= named
    return [Entity(e.start, e.end, "ORG") if e.text(context.body) in named else e for e in entities]


@rule("work_cues")
def _work_cues(context: Context, entities: list[Entity]) -> list[Entity]:
    works = work_cues(context.body, entities, context.places)
    context.keep |= works
    return [Entity(e.start, e.end, "WORK_OF_ART") if e.text(context.body) in works else e for e in entities]


@rule("name_parts")
def _name_parts(context: Context, entities: list[Entity]) -> list[Entity]:
    return name_parts(context.body, entities, context.places, context.keep)
