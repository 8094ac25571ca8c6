"""Rules on a span's edges: trimmed of possessives and punctuation, cut at line breaks and
spaced dashes; and `swallowed`, for rules that make entities longer."""

from __future__ import annotations

import re

from reader.core.entities.entity import NAME_LABELS, Entity
from reader.core.entities.rules.lexicon import PARTICLES
from reader.core.entities.rules.registry import Context, rule

_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$")  # U.S., U.K., e.g.
_TRAILING = re.compile(r"(?:['’]s|['’]|[\s,.;:!?\"“”‘-])+$")
_LEADING = re.compile(r"(?:[Tt]he\s+|[\s,.;:!?\"“”‘’'-])+")
# labels whose spans may rightly start with "the" ("the winter", "the Olympic Games")
KEEP_THE = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "WORK_OF_ART", "EVENT", "LAW"}


def trim(body: str, entity: Entity) -> Entity | None:
    """Drop possessives, stray punctuation and a leading "the" from names."""
    start, end = entity.start, entity.end
    text = body[start:end]
    if not _ABBREVIATION.search(text):
        cut = _TRAILING.search(text)
        if cut:
            end = start + cut.start()
    lead = _LEADING.match(body, start, end)
    if lead and (entity.label not in KEEP_THE or not lead.group().lower().startswith("the")):
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
    if all(w.group()[:1].isupper() or w.group() in PARTICLES for w in words):
        return [entity]
    runs: list[list[re.Match[str]]] = [[]]
    for w in words:
        if w.group()[:1].isupper() or (w.group() in PARTICLES and runs[-1]):
            runs[-1].append(w)
        elif runs[-1]:
            runs.append([])
    return [
        Entity(run[0].start(), run[-1].end(), "PERSON") for run in runs if len(run) >= 2 and run[0].group() != "The"
    ]


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


@rule("split_lines")
def _split_lines(context: Context, entities: list[Entity]) -> list[Entity]:
    return [piece for e in entities for piece in split_lines(context.body, e)]


@rule("trim")
def _trim(context: Context, entities: list[Entity]) -> list[Entity]:
    return [t for t in (trim(context.body, e) for e in entities) if t is not None]


@rule("breaks")
def _breaks(context: Context, entities: list[Entity]) -> list[Entity]:
    return [piece for e in entities for piece in split_at_breaks(context.body, e)]


@rule("sorted", optional=False)
def _sorted(context: Context, entities: list[Entity]) -> list[Entity]:
    """In order of position, each entity once (the rules after this one expect it)."""
    return sorted(set(entities))
