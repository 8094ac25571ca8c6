"""The Store's pages still to fetch: an imported article known only by its address (Pocket,
Instapaper, Hypothesis) is saved at once as a file that says so, and fetched after the import
or at a later sync; what could not be fetched stays here with the reason and is tried again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reader.core.files import utc_now
from reader.core.store.tables import Part


class Fetches(Part):
    """`fetches`: article (its id), url, added, tries, reason (why the last try failed)."""

    TABLES = frozenset({"fetches"})

    def _reload(self, tables: set[str]) -> None:
        if "fetches" in tables:
            rows = self._data.get("fetches", {})
            self._docs = {doc["article"]: int(doc_id) for doc_id, doc in rows.items()}

    def pending(self) -> list[dict[str, Any]]:
        """Every page still to fetch, oldest first."""
        return [dict(self._data["fetches"][str(doc_id)]) for doc_id in sorted(self._docs.values())]

    def __len__(self) -> int:
        return len(self._docs)

    def add(self, items: Iterable[tuple[str, str]]) -> None:
        """Pages to fetch, as (article id, address), in one batch."""
        with self._batch():
            for article, url in items:
                doc_id = self._docs.get(article) or self._next_id("fetches")
                self._docs[article] = doc_id
                self._put("fetches", doc_id, {"article": article, "url": url, "added": utc_now(), "tries": 0})

    def done(self, articles: Iterable[str]) -> None:
        with self._batch():
            for article in articles:
                doc_id = self._docs.pop(article, None)
                if doc_id is not None:
                    self._delete("fetches", doc_id)

    def failed(self, failures: dict[str, str]) -> None:
        """Pages that could not be fetched now (article id -> why): tried again later."""
        with self._batch():
            for article, reason in failures.items():
                doc_id = self._docs.get(article)
                if doc_id is not None:
                    doc = self._data["fetches"][str(doc_id)]
                    self._put("fetches", doc_id, {**doc, "tries": doc.get("tries", 0) + 1, "reason": reason})
