"""The Store's feeds: the ones followed and their sync state, and the folders they are in.
A feed is known by its address (and its id, the record's number), never by its title: two
feeds may share a title. A feed may be in several folders (a feed server's labels are many
to many), and a folder may be empty (an OPML's, a server's)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from tinydb.table import Document

from reader.core.files import utc_now
from reader.core.store.tables import Part
from reader.core.text import name_text, one_line


class NewFeed(NamedTuple):
    """A feed to follow: its address, title, folders, site; `titled`: the title is one the
    user gave (in an OPML, a server), kept through syncs as a rename is."""

    url: str
    title: str
    folders: tuple[str, ...] = ()
    site: str | None = None
    titled: bool = False


def folder_path(folder: str | None) -> str | None:
    """A folder as kept: a path such as `Reading/Deep`, each part one line; None if blank."""
    parts = (part.strip() for part in one_line(folder or "").split("/"))
    return "/".join(part for part in parts if part) or None


def with_parents(folders: Iterable[str]) -> set[str]:
    """These folders and every folder above each ("Reading/Deep" is in "Reading" too)."""
    return {path.rsplit("/", n)[0] for path in folders for n in range(path.count("/") + 1)}


def _folders(doc: dict[str, Any]) -> list[str]:
    """A feed's folders, as stored now (`folders`) or by an older reader (`folder`)."""
    found = doc.get("folders")
    if isinstance(found, list):
        return [f for f in found if isinstance(f, str)]
    return [doc["folder"]] if isinstance(doc.get("folder"), str) and doc["folder"] else []


class Feeds(Part):
    """Each feed: url, title, site, added, folders, and its sync state (etag, last_modified,
    last_sync, last_error, seen: ids of the entries already taken, newest first); `renamed`
    when its title is the user's. The `folders` table keeps folders by name, empty ones too."""

    TABLES = frozenset({"feeds", "folders", "unfollowed"})

    def _reload(self, tables: set[str]) -> None:
        if "feeds" in tables:
            rows = self._data.get("feeds", {})
            self._by_url = {doc["url"]: int(doc_id) for doc_id, doc in rows.items()}

    def all(self) -> list[dict[str, Any]]:
        """Every feed followed, oldest first, each with its `id` and its `folders`."""
        rows = self._data.get("feeds", {})
        feeds = [
            {k: v for k, v in doc.items() if k != "folder"} | {"id": doc_id, "folders": _folders(doc)}
            for doc_id, doc in rows.items()
        ]
        return sorted(feeds, key=lambda doc: (doc["added"], int(doc["id"])))

    def find(self, target: str) -> dict[str, Any] | None:
        """The feed with this address or id."""
        return next((feed for feed in self.all() if target in (feed["url"], feed["id"])), None)

    def _feed_doc(self, url: str) -> Document | None:
        doc_id = self._by_url.get(url)
        return None if doc_id is None else Document(self._data["feeds"][str(doc_id)], doc_id)

    def add(self, url: str, title: str, site: str | None = None) -> bool:
        """Follow a feed; False if it is followed already."""
        return self.add_many([NewFeed(url, title, site=site)]) == 1

    def add_many(self, feeds: Iterable[NewFeed], folders: Iterable[str] = ()) -> int:
        """Follow each feed not followed yet, and keep these folders (empty ones too), all in
        one batch (saved whole or not at all), in time linear in their number (an OPML of
        100,000 feeds); how many feeds were new."""
        now, added = utc_now(), 0
        with self._batch():
            self.keep_folders(folders)
            for feed in feeds:
                if feed.url in self._by_url:
                    continue
                doc: dict[str, Any] = {
                    "url": feed.url,
                    "title": name_text(feed.title) or feed.url,
                    "site": feed.site,
                    "added": now,
                    "etag": None,
                    "last_modified": None,
                    "last_sync": None,
                    "last_error": None,
                    "seen": [],
                    "folders": list(dict.fromkeys(f for f in map(folder_path, feed.folders) if f)),
                }
                if feed.titled:
                    doc["renamed"] = True
                doc_id = self._next_id("feeds")
                self._put("feeds", doc_id, doc)
                self._by_url[feed.url] = doc_id
                added += 1
        return added

    def folders(self) -> dict[str, list[str]]:
        """The folders of each feed in one or more, by the feed's address."""
        return {feed["url"]: feed["folders"] for feed in self.all() if feed["folders"]}

    def folder_names(self) -> list[str]:
        """Every folder: those with feeds in them and those kept empty."""
        named = [doc["name"] for doc in self._data.get("folders", {}).values()]
        return sorted({*named, *(f for feed in self.all() for f in feed["folders"])}, key=str.casefold)

    def keep_folders(self, names: Iterable[str]) -> int:
        """Keep these folders, empty or not (an OPML's, a server's); how many were new."""
        known = {doc["name"] for doc in self._data.get("folders", {}).values()}
        added = 0
        with self._batch():
            for name in dict.fromkeys(f for f in map(folder_path, names) if f):
                if name not in known:
                    self._put("folders", self._next_id("folders"), {"name": name, "added": utc_now()})
                    added += 1
        return added

    def names(self) -> dict[str, str]:
        """Each followed feed's title now, casefolded, by its URL."""
        return {feed["url"]: feed["title"].casefold() for feed in self.all()}

    def ids(self) -> dict[str, str]:
        """Each followed feed's id, by its URL."""
        return {url: str(doc_id) for url, doc_id in self._by_url.items()}

    def update(self, url: str, **fields: Any) -> None:
        doc = self._feed_doc(url)
        if doc is not None:
            self._put("feeds", doc.doc_id, {**doc, **fields})

    def move(self, url: str, folder: str) -> str | None:
        """Put a feed in one folder (a path such as `Reading/Deep`; blank: in none), out of any
        other; the folder as kept."""
        kept = folder_path(folder)
        doc = self._feed_doc(url)
        if doc is not None:
            moved = {k: v for k, v in doc.items() if k != "folder"} | {"folders": [kept] if kept else []}
            self._put("feeds", doc.doc_id, moved)
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
        """Unfollow a feed; one a feed server follows is remembered until the next sync tells
        the server (`unfollowed`)."""
        doc = self._feed_doc(url)
        if doc is not None:
            with self._batch():
                self._delete("feeds", doc.doc_id)
                if doc.get("stream"):
                    self._put("unfollowed", self._next_id("unfollowed"), {"url": url, "stream": doc["stream"]})
            del self._by_url[url]
        return dict(doc) if doc is not None else None

    def unfollowed(self) -> dict[str, str]:
        """The feeds unfollowed here that a feed server still follows: stream by address."""
        return {doc["url"]: doc["stream"] for doc in self._data.get("unfollowed", {}).values()}

    def told(self, url: str) -> None:
        """The server was told of an unfollowed feed: forgotten."""
        rows = self._data.get("unfollowed", {})
        for doc_id in [k for k, doc in rows.items() if doc["url"] == url]:
            self._delete("unfollowed", int(doc_id))
