"""What every import format is read into: documents (an article with its address, or a book)
with their states, tags and passages. Readers of formats (the modules beside this one) only
read; `plan` decides what is new. Everything here is data from outside, cleaned once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from reader.core.notes.highlight import COLOURS, normalize_tags
from reader.core.text import clean, name_text, web_address

MAX_QUOTE = 100_000  # characters of a passage or a note
MAX_DOCUMENTS = 200_000
MAX_PASSAGES = 1_000_000


class ImportFailed(ValueError):
    """The file as a whole cannot be imported; the message says why, in one line."""


@dataclass
class Passage:
    """A highlight as another tool kept it."""

    quote: str
    note: str = ""
    tags: tuple[str, ...] = ()
    color: str = "yellow"
    created: str = ""  # ISO 8601, UTC
    location: float | None = None  # its order in a book (Kindle location, page, KOReader page)
    prefix: str = ""
    suffix: str = ""
    position: tuple[int, int] | None = None  # a TextPositionSelector, where the format has one


@dataclass
class Document:
    """An article (by its address, or with its saved content) or a book (`book`: its text is
    its passages)."""

    title: str
    url: str | None = None
    author: str | None = None
    book: bool = False
    content: str | None = None  # the article's saved HTML
    state: str | None = None  # "inbox", "later", "archive"
    starred: bool = False
    read: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""  # the article's own note (Hypothesis page notes)
    progress: int | None = None  # percent read
    saved: str = ""  # when it was saved, ISO 8601
    passages: list[Passage] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Which book this is, whatever tool it came from: its title and author, folded."""
        return " ".join(f"{self.title}\n{self.author or ''}".casefold().split())


@dataclass
class Source:
    """One export as read: its format's name, its documents, and what could not be taken."""

    format: str
    documents: list[Document] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)  # "bookmarks": 3 (not highlights, said so)

    @property
    def passages(self) -> int:
        return sum(len(d.passages) for d in self.documents)


# colours other tools use, as reader's five (COLOURS); README: "Colours from other tools"
COLOUR_NAMES = {
    "yellow": "yellow",
    "orange": "yellow",
    "gold": "yellow",
    "olive": "green",
    "green": "green",
    "blue": "blue",
    "cyan": "blue",
    "teal": "blue",
    "pink": "pink",
    "red": "pink",
    "purple": "purple",
    "violet": "purple",
    "gray": "yellow",
    "grey": "yellow",
}


def table(value: object) -> dict[Any, Any]:
    """`value` if it is a JSON object (a Lua table), else an empty one."""
    return value if isinstance(value, dict) else {}


def listed(value: object) -> list[Any]:
    """`value` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def colour(value: object) -> str:
    name = str(value or "").strip().casefold()
    return COLOUR_NAMES.get(name, name if name in COLOURS else "yellow")


def text(value: object, limit: int = MAX_QUOTE, strip: bool = True) -> str:
    """Text from outside as reader keeps it: escape sequences and controls gone, at most
    `limit` characters, its edges trimmed (`strip`)."""
    if value is None:
        return ""
    kept = clean(str(value))[:limit]
    return kept.strip() if strip else kept


def title(value: object, default: str = "Untitled") -> str:
    return name_text(value) or default


def address(value: object) -> str | None:
    return web_address(value)


def tags(values: object) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        return ()
    return normalize_tags(str(v) for v in values[:200] if isinstance(v, str | int))


def when(value: object) -> str:
    """A time from outside (ISO 8601 with or without a zone, "2021-03-05 19:45:00+00:00", a
    Unix time) as ISO 8601 UTC with milliseconds, as reader keeps times; "" if not a time."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    moment: dt.datetime | None = None
    if isinstance(value, int | float) or (isinstance(value, str) and re.fullmatch(r"\d{9,11}(\.\d+)?", value.strip())):
        try:
            moment = dt.datetime.fromtimestamp(float(value), dt.UTC)
        except (OverflowError, OSError, ValueError):
            return ""
    elif isinstance(value, str):
        raw = value.strip()[:40].replace("Z", "+00:00")
        try:
            moment = dt.datetime.fromisoformat(raw)
        except ValueError:
            return ""
    if moment is None or not 1970 <= moment.year <= 2200:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")
