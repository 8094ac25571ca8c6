"""The user's data in one TinyDB database: read state, entity corrections, highlights with
their tags and notes, feeds, the daily review.

Reads come from memory; each change is saved as one journal line (`journal`: every byte
checked, fsynced), whole or not at all, so saving costs the same at 10 or 100,000
highlights, and a change that cannot be saved leaves the store as it was (`tables`). A
crash or kill -9 at any instant leaves the old or the new state, never a torn one.

The Store is the database file (`Tables`: lock, journal, batches) and its parts, reached as
attributes: `store.highlights`, `store.articles`, `store.corrections`, `store.feeds`,
`store.reviews`, `store.remote` (feed-server accounts and their items), `store.fetches`
(imported pages still to fetch), `store.rules` (what to do with new articles). They share one journal and one batch.

One process at a time may write: the others open the database read-only."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

from reader.core.codec import paused_gc
from reader.core.store.articles import Articles
from reader.core.store.corrections import Corrections
from reader.core.store.feeds import Feeds
from reader.core.store.fetches import Fetches
from reader.core.store.highlights import Highlights
from reader.core.store.journal import JournalStorage
from reader.core.store.remote import Remote
from reader.core.store.reviews import Reviews
from reader.core.store.rules import Rules
from reader.core.store.tables import Tables


class Store:
    def __init__(self, path: Path, read_only: bool = False):
        with paused_gc(
            freeze=True
        ):  # 100,000 highlights are a million objects, all kept: no collection finds garbage there
            self.tables = tables = Tables(path, read_only)
            self.highlights = Highlights(tables)
            self.articles = Articles(tables)
            self.corrections = Corrections(tables)
            self.feeds = Feeds(tables)
            self.reviews = Reviews(tables, self.highlights)
            self.remote = Remote(tables)
            self.fetches = Fetches(tables)
            self.rules = Rules(tables)

    def read_all(self) -> None:
        """Parse now what is otherwise parsed when first needed (the highlights): the app
        does it off the event loop."""
        self.tables.storage.read_all()

    def batch(self) -> AbstractContextManager[None]:
        """Changes to any of its parts made inside are saved as one journal line, or none is."""
        return self.tables._batch()

    def tags(self) -> list[str]:
        """Every tag in use, on highlights and articles."""
        return sorted(self.highlights.tags() | set(self.articles.tags()), key=str.casefold)

    # --- the database as a whole (see Tables) ---
    @property
    def path(self) -> Path:
        return self.tables.path

    @property
    def read_only(self) -> bool:
        return self.tables.read_only

    @property
    def read_only_reason(self) -> str:
        return self.tables.read_only_reason

    @property
    def in_use(self) -> bool:
        """Read-only because another reader (the app, say) holds the database."""
        return self.tables.in_use

    @property
    def version(self) -> int:
        """Counts the changes made: what was worked out from the store checks it."""
        return self.tables.version

    @property
    def warnings(self) -> list[str]:
        return self.tables.warnings

    @property
    def storage(self) -> JournalStorage:
        return self.tables.storage

    def check_writable(self) -> None:
        self.tables.check_writable()

    def backup(self, target: Path) -> Path:
        return self.tables.backup(target)

    def close(self) -> list[str]:
        return self.tables.close()

    def _release(self) -> None:
        self.tables._release()
