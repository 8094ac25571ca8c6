"""Rules that find mentions the model missed: a name found once is marked where it appears
again, and a name whose apostrophe was lost ("Moscows") is the name."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from reader.core.entities.entity import NAME_LABELS, Entity
from reader.core.entities.rules.registry import Context, rule

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


@rule("apostrophes")
def _apostrophes(context: Context, entities: list[Entity]) -> list[Entity]:
    return lost_apostrophes(context.body, entities, context.places)


@rule("mentions")
def _mentions(context: Context, entities: list[Entity]) -> list[Entity]:
    return add_missed_mentions(context.body, entities, context.skip)
