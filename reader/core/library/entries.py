"""What the library list knows of an article file without keeping its text (an Entry), and
how one file is read for it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.library.articles import DEFAULT_MAX_BYTES, FromSite, source_of
from reader.core.library.parse import load_article, read_bytes
from reader.core.text import inert


class once:
    """A property computed on first use and kept in the instance (functools.cached_property
    without its lock, which costs more than the value for 20,000 list entries)."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass
class Entry(FromSite):
    """What the library list shows of an article, without its parsed body."""

    id: str
    location: Path | str  # the file: a string from the scan, a Path once asked for (`path`)
    title: str
    date: dt.date | None
    url: str | None
    words: int
    warnings: list[str] = field(default_factory=list)
    author: str | None = None
    site: str | None = None
    canonical_url: str | None = None
    feed: str | None = None
    digest: str | None = None  # sha256 of the file's bytes: `reader add` finds copies by it
    feed_url: str | None = None  # the address of the feed it came from
    fingerprint: str | None = None  # of its text (Article.fingerprint): highlights placed on it need no load

    @property
    def path(self) -> Path:
        """(20,000 Path objects cost more than the rest of a cached scan; the list needs none.)"""
        if isinstance(self.location, str):
            self.location = Path(self.location)
        return self.location

    @once
    def source(self) -> str:  # the list asks for every entry's at each filter: parse the URL once
        return source_of(self.url)

    @once
    def site_name(self) -> str:
        return self.site or self.source

    @once
    def haystack(self) -> str:
        """What a filter's bare words are looked for in: title, site, feed, author, file name."""
        extra = " ".join(x for x in (self.site, self.feed, self.author) if x)
        return f"{self.title} {self.source} {extra} {self.id}".casefold()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "path": str(self.location),  # no Path made for it
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
            "source": self.__dict__.get("source") or source_of(self.url),  # not kept: 40 ms at 50,000
            "words": self.words,
            "warnings": self.warnings,
            "author": self.author,
            "site": self.site,
            "canonical_url": self.canonical_url,
            "feed": self.feed,
            "feed_url": self.feed_url,
        }


_META = ("author", "site", "canonical_url", "feed", "feed_url")  # optional fields, kept in the scan cache


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{inert(str(self.path))}: {self.reason}"


def scan_file(path: Path, article_id: str, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> Entry:
    """The list entry of one file (its bytes `data`, when the caller has them); SkipFile if it
    cannot be an article."""
    data = read_bytes(path, max_bytes, data)  # read once: digested, then parsed
    digest = hashlib.sha256(data).hexdigest()
    article = load_article(path, article_id, max_bytes, data)
    return Entry(
        article_id,
        path,
        article.title,
        article.date,
        article.url,
        article.words,
        article.warnings,
        **{name: getattr(article, name) for name in _META},
        digest=digest,
        fingerprint=article.fingerprint,
    )


# Files that come with a collection rather than being part of it (README.TXT beside the
# BBC corpus, say): not articles, whatever their suffix.
NOT_ARTICLES = frozenset(
    [
        "readme",
        "license",
        "licence",
        "copying",
        "changelog",
        "changes",
        "authors",
        "contributing",
        "install",
        "notice",
        "todo",
    ]
)


def not_an_article(path: Path) -> bool:
    return path.stem.casefold() in NOT_ARTICLES
