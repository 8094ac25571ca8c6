"""The user's entity corrections: rules for a surface form in every article, and "here
only" corrections of one mention (found again after an edit, as highlights are). (As spaCy
training data: `service.training_examples`.)"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from reader.core.entities.entity import Entity
from reader.core.notes.anchoring import reanchor
from reader.core.notes.highlight import Quote, Status

if TYPE_CHECKING:
    pass


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
