"""A highlight: a passage of an article with its colour, tags and note, and where it sits
(W3C Web Annotation selectors). Its stored form (a JSON object) is written and read here
and nowhere else."""

from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from reader.core.text import clean

CONTEXT = 32  # characters of prefix and suffix kept with a quote
COLOURS = ("yellow", "green", "blue", "pink", "purple")  # a highlight's colours, in the order `c` cycles them


class Status(StrEnum):
    EXACT = "exact"  # the text is where it was made
    MOVED = "moved"  # the same text, found elsewhere in a changed article
    FUZZY = "fuzzy"  # similar text: the article changed inside the passage
    ORPHAN = "orphan"  # the text is gone; quote and note are kept


@dataclass(frozen=True)
class Quote:
    """A W3C TextQuoteSelector: the passage and a little of the text around it."""

    exact: str
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def of(cls, body: str, start: int, end: int) -> Quote:
        return cls(body[start:end], body[max(start - CONTEXT, 0) : start], body[end : end + CONTEXT])


def normalize_tag(raw: str) -> str:
    """A tag as Obsidian reads one: letters, digits, "-", "/" (nested tags) and "_" inside a
    word (elsewhere a "_" could pair up as Markdown emphasis); spaces and other marks become
    "-"; no leading "#", no empty levels. All digits gets a "y" ("#1984" is no tag in
    Obsidian, "#y1984" is, as its help suggests)."""
    tag = re.sub(r"[^\w/-]+|(?<![^\W_])_|_(?![^\W_])", "-", clean(raw).strip().lstrip("#"))
    tag = "/".join(part for part in (re.sub(r"-{2,}", "-", p).strip("-") for p in tag.split("/")) if part)
    return "y" + tag if tag.isdigit() else tag


def normalize_tags(tags: Any) -> tuple[str, ...]:
    """Tags as reader keeps them (normalize_tag each), from comma-separated text, no repeats."""
    if not tags:
        return ()  # most articles and highlights: 20,000 of them at every start
    out: list[str] = []
    for raw in tags:
        for part in str(raw).split(","):
            tag = normalize_tag(part)
            if tag and tag not in out:
                out.append(tag)
    return tuple(out)


@dataclass(frozen=True)
class Highlight:
    id: str
    article: str
    fingerprint: str  # of the article text the selectors were taken from
    quote: Quote  # the passage as the user highlighted it: never rewritten by re-anchoring
    position: tuple[int, int]  # the TextPositionSelector, in that text
    start: int  # where it sits in the text `placed_on` (equal to position unless the text changed)
    end: int
    status: Status = Status.EXACT
    color: str = "yellow"
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str = ""
    modified: str = ""
    placed: str = ""  # fingerprint of the text start/end/status refer to, when not `fingerprint`
    via: str = ""  # the id another tool gave it, when that was not a UUID (reader made a new one)

    @classmethod
    def over(cls, body: str, start: int, end: int, **fields: Any) -> Highlight:
        """A highlight made on `body` (its text now) over [start, end)."""
        return cls(quote=Quote.of(body, start, end), position=(start, end), start=start, end=end, **fields)

    @property
    def placed_on(self) -> str:
        return self.placed or self.fingerprint

    @property
    def exact(self) -> str:
        return self.quote.exact

    @property
    def attached(self) -> bool:
        return self.status is not Status.ORPHAN

    def replace(self, **changes: Any) -> Highlight:
        if "tags" in changes:
            changes["tags"] = normalize_tags(changes["tags"])
        if "note" in changes:  # typed or pasted: no control character reaches the store
            changes["note"] = clean(changes["note"])
        if "status" in changes:
            changes["status"] = Status(changes["status"])
        return dataclasses.replace(self, **changes)

    def placed_at(self, fingerprint: str, start: int, end: int, status: Status) -> Highlight:
        """This highlight on another version of its article's text (`fingerprint`), at
        [start, end). Its selectors still describe the passage the user highlighted, so a
        later re-anchoring starts from the original, not from a copy of a copy."""
        return dataclasses.replace(
            self,
            start=start,
            end=end,
            status=status,
            placed="" if fingerprint == self.fingerprint else fingerprint,
        )

    def rebased(self, body: str, fingerprint: str) -> Highlight:
        """The passage it now covers taken as its quote (the user accepted the new text)."""
        return dataclasses.replace(
            self,
            fingerprint=fingerprint,
            quote=Quote.of(body, self.start, self.end),
            position=(self.start, self.end),
            status=Status.EXACT,
            placed="",
        )

    def selectors(self) -> list[dict[str, Any]]:
        """W3C Web Annotation selectors (TextQuoteSelector, TextPositionSelector)."""
        quote = self.quote
        return [
            {"type": "TextQuoteSelector", "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix},
            {"type": "TextPositionSelector", "start": self.position[0], "end": self.position[1]},
        ]

    def to_dict(self) -> dict[str, Any]:
        """The W3C-shaped form export templates see (and the stored form before schema 4)."""
        return (
            {
                "id": self.id,
                "article": self.article,
                "fingerprint": self.fingerprint,
                "target": self.selectors(),
                "start": self.start,
                "end": self.end,
                "status": self.status.value,
                "color": self.color,
                "tags": list(self.tags),
                "note": self.note,
                "created": self.created,
                "modified": self.modified,
            }
            | ({"placed": self.placed} if self.placed else {})
            | ({"via": self.via} if self.via else {})
        )

    def to_record(self) -> dict[str, Any]:
        """The stored form: flat, what is at its default left out (100,000 records are read
        at every open: a third less to parse and to keep than the W3C shape of `to_dict`)."""
        quote = self.quote
        record: dict[str, Any] = {"id": self.id, "article": self.article, "exact": quote.exact}
        record |= {"start": self.start, "end": self.end}
        if self.position != (self.start, self.end):
            record["position"] = list(self.position)
        for key, value, default in (
            ("fingerprint", self.fingerprint, ""),
            ("prefix", quote.prefix, ""),
            ("suffix", quote.suffix, ""),
            ("status", self.status.value, "exact"),
            ("color", self.color, "yellow"),
            ("note", self.note, ""),
            ("placed", self.placed, ""),
            ("via", self.via, ""),
        ):
            if value != default:
                record[key] = value
        if self.tags:
            record["tags"] = list(self.tags)
        record |= {"created": self.created, "modified": self.modified}
        return record

    @classmethod
    def from_record(cls, doc: dict[str, Any]) -> Highlight:
        """A highlight from its stored form, one the store's check passed (store/checks.py)."""
        get = doc.get
        position = get("position")
        quote = Quote(doc["exact"], get("prefix", ""), get("suffix", ""))
        return cls._of(doc, quote, (position[0], position[1]) if position else (doc["start"], doc["end"]))

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Highlight:
        """A highlight from the W3C shape of `to_dict` (KeyError, TypeError, ValueError or
        StopIteration if it is not one)."""
        quote = position = None
        for selector in doc["target"]:
            kind = selector["type"]
            if kind == "TextQuoteSelector" and quote is None:
                quote = selector
            elif kind == "TextPositionSelector" and position is None:
                position = selector
        if quote is None:
            raise StopIteration("no TextQuoteSelector")
        made = Quote(quote["exact"], quote.get("prefix", ""), quote.get("suffix", ""))
        return cls._of(doc, made, (position["start"], position["end"]) if position else (doc["start"], doc["end"]))

    @classmethod
    def _of(cls, doc: dict[str, Any], quote: Quote, position: tuple[int, int]) -> Highlight:
        """Built without the dataclass's checks (a frozen dataclass sets each field through
        object.__setattr__)."""
        get = doc.get
        highlight = object.__new__(cls)
        object.__setattr__(
            highlight,
            "__dict__",
            {
                "id": doc["id"],
                "article": _shared(doc["article"]),
                "fingerprint": get("fingerprint", ""),
                "quote": quote,
                "position": position,
                "start": doc["start"],
                "end": doc["end"],
                "status": _STATUSES[get("status", "exact")],
                "color": get("color", "yellow"),
                "tags": tuple(_shared(tag) for tag in get("tags", ())) if "tags" in doc else (),
                "note": get("note", ""),
                "created": get("created", ""),
                "modified": get("modified", ""),
                "placed": get("placed", ""),
                "via": get("via", ""),
            },
        )
        return highlight


_STATUSES = {status.value: status for status in Status}


def record_of(doc: Any) -> Any:
    """A stored record of schema 3 (the W3C shape) in today's form; one that does not read
    as a highlight is left as it is, for the check at open to set aside."""
    try:
        return Highlight.from_dict(doc).to_record()
    except (KeyError, TypeError, ValueError, StopIteration, AttributeError):
        return doc


def _shared(text: str) -> str:
    """One copy of an article id or a tag, however many highlights name it (sys.intern:
    50,000 articles' ids and a few hundred tags, not 100,000 copies of each)."""
    return sys.intern(text) if type(text) is str else text


def innermost(highlights: list[Highlight], start: int, end: int) -> Highlight | None:
    """Of the highlights over [start, end), the one a reader sees there: the smallest (a
    highlight inside another is drawn over it)."""
    over = [h for h in highlights if h.attached and h.start < max(end, start + 1) and h.end > start]
    return min(over, key=lambda h: (h.end - h.start, -h.start), default=None)


def covering(highlights: list[Highlight], body: str, fingerprint: str, start: int, end: int, now: str) -> Highlight:
    """One highlight over [start, end) and the highlights it overlaps, with nothing of them
    lost: the first-made one's id and colour, every tag, every note."""
    first = min(highlights, key=lambda h: h.created)
    start = min(start, *(h.start for h in highlights))
    end = max(end, *(h.end for h in highlights))
    by_place = sorted(highlights, key=lambda h: h.start)
    notes: list[str] = []
    for h in by_place:
        if h.note.strip() and h.note not in notes:
            notes.append(h.note)
    return Highlight.over(
        body,
        start,
        end,
        id=first.id,
        article=first.article,
        fingerprint=fingerprint,
        color=first.color,
        tags=normalize_tags([tag for h in by_place for tag in h.tags]),
        note="\n\n".join(notes),
        created=first.created,
        modified=now,
    )
