"""The Store's feeds: the ones followed and their sync state."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tinydb import Query
from tinydb.table import Document

from reader.core.files import utc_now
from reader.core.store.tables import Part
from reader.core.text import name_text, one_line


class Feeds(Part):
    """Each feed: url, title, site, added, and its sync state (etag, last_modified, last_sync,
    last_error, seen: ids of the entries already taken, newest first)."""

    TABLES = frozenset({"feeds"})

    def all(self) -> list[dict[str, Any]]:
        return sorted((dict(doc) for doc in self._table("feeds")), key=lambda doc: doc["added"])

    def _feed_doc(self, url: str) -> Document | None:
        found = self._table("feeds").search(Query().url == url)
        return found[0] if found else None

    def add(self, url: str, title: str, site: str | None = None) -> bool:
        """Follow a feed; False if it is followed already."""
        return self.add_many([(url, title, None)], site) == 1

    def add_many(self, feeds: Iterable[tuple[str, str, str | None]], site: str | None = None) -> int:
        """Follow each (url, title, folder) not followed yet, all in one batch (saved whole or
        not at all), in time linear in their number (an OPML of 100,000 feeds); how many were new."""
        followed = {doc["url"] for doc in self._data.get("feeds", {}).values()}
        now, added = utc_now(), 0
        with self._batch():
            for url, title, folder in feeds:
                title = name_text(title) or url
                if url in followed:
                    continue
                followed.add(url)
                doc: dict[str, Any] = {
                    "url": url,
                    "title": title,
                    "site": site,
                    "added": now,
                    "etag": None,
                    "last_modified": None,
                    "last_sync": None,
                    "last_error": None,
                    "seen": [],
                }
                if folder:
                    doc["folder"] = folder
                self._put("feeds", self._next_id("feeds"), doc)
                added += 1
        return added

    def folders(self) -> dict[str, str]:
        """The folder of each feed in one, by the feed's title (casefolded), as articles name it."""
        return {feed["title"].casefold(): feed["folder"] for feed in self.all() if feed.get("folder")}

    def names(self) -> dict[str, str]:
        """Each followed feed's title now, casefolded, by its URL."""
        return {feed["url"]: feed["title"].casefold() for feed in self.all()}

    def update(self, url: str, **fields: Any) -> None:
        doc = self._feed_doc(url)
        if doc is not None:
            self._put("feeds", doc.doc_id, {**doc, **fields})

    def move(self, url: str, folder: str) -> str | None:
        """Put a feed in a folder (a path such as `Reading/Deep`; blank: in none); the folder
        as kept."""
        parts = (part.strip() for part in one_line(folder).split("/"))
        kept = "/".join(part for part in parts if part) or None
        self.update(url, folder=kept)
        return kept

    def rename(self, url: str, title: str) -> str:
        """Give a feed a title of the user's (a sync keeps it); the title as kept. ValueError
        if it is blank."""
        kept = name_text(title)
        if not kept:
            raise ValueError("a feed's title cannot be empty")
        self.update(url, title=kept, renamed=True)
        return kept

    def remove(self, url: str) -> dict[str, Any] | None:
        doc = self._feed_doc(url)
        if doc is not None:
            self._delete("feeds", doc.doc_id)
        return dict(doc) if doc is not None else None
