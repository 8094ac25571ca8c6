"""Articles: a title, metadata and a body of text blocks (`parse` makes them from files).

The body is one string; blocks (paragraphs, headings, list items, quotes, code) are
ranges of it. Later layers (sentences, entities, highlights) all index into that string.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = (".txt", ".md", ".markdown") + HTML_SUFFIXES
DEFAULT_MAX_BYTES = 8 * 1024 * 1024

_DATE_FORMATS = (
    "%Y%m%d",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%b. %d, %Y",
    "%A, %d %B %Y",
    "%A, %B %d, %Y",
    "%A %d %B %Y",
)
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


class SkipFile(Exception):
    """A file that cannot be read as an article; the message is the one-line reason."""


@dataclass(frozen=True)
class Block:
    """A range of the body shown as one unit: a paragraph, heading, list item, quote or code."""

    kind: str  # "paragraph", "heading", "list", "quote", "code"
    start: int
    end: int
    marker: str = ""  # shown before the first line (list bullets), not part of the body
    depth: int = 0  # nesting of lists and quotes


class FromSite:
    """Where an article or a list entry comes from, told from its `url` and `site`."""

    url: str | None
    site: str | None

    @property
    def source(self) -> str:
        return source_of(self.url)

    @property
    def site_name(self) -> str:
        """The site's name when the file gives it, else the host of its URL."""
        return self.site or self.source


@dataclass
class Article(FromSite):
    id: str
    path: Path
    title: str
    body: str
    blocks: list[Block]
    date: dt.date | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    author: str | None = None
    site: str | None = None  # the site's name ("The Daily Ledger"), when the file says
    canonical_url: str | None = None
    feed: str | None = None  # the feed it came from
    feed_url: str | None = None  # that feed's address (its title may since have been renamed)

    @cached_property
    def words(self) -> int:
        return count_words(self.body)

    @cached_property
    def fingerprint(self) -> str:
        return fingerprint(self.body)

    def block_text(self, block: Block) -> str:
        return self.body[block.start : block.end]


def count_words(text: str) -> int:
    """Whitespace-separated words, as word processors count them."""
    return len(text.split())


def fingerprint(body: str) -> str:
    return hashlib.blake2b(body.encode("utf-8"), digest_size=16).hexdigest()


def source_of(url: str | None) -> str:
    """The host of a web address, without "www." ("" for none)."""
    if not url:
        return ""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.isalpha():  # the usual shape, read without urlsplit (20,000 in a list)
        host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        if host and not set(host) & set("@[]:\\%"):
            return host.lower().removeprefix("www.")
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.")


def parse_date(text: str) -> dt.date | None:
    """A date written on its own, in one of the usual shapes; None for anything else."""
    text = text.strip()
    if not text or len(text) > 40 or not any(c.isdigit() for c in text):
        return None
    iso = _ISO_DATETIME.match(text)
    if iso:
        text = iso.group(1)
    for fmt in _DATE_FORMATS:
        try:
            value = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if 1800 <= value.year <= 2200:
            return value
    return None
