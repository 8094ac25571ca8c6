"""The Store's entity corrections: rules for a surface form, and corrections of one mention."""

from __future__ import annotations

from typing import Any

from tinydb import Query
from tinydb.table import Document

from reader.core.files import utc_now
from reader.core.notes.highlight import Quote
from reader.core.store.tables import Part


class Corrections(Part):
    """Rules (a surface form -> a label, or None for "not an entity", in every article) and
    corrections of one mention ("here only": article, where, the text there, label)."""

    TABLES = frozenset({"corrections", "mentions"})

    def rules(self) -> dict[str, str | None]:
        return {doc["text"]: doc["label"] for doc in self._table("corrections")}

    def rule_list(self) -> list[dict[str, Any]]:
        return sorted(self._table("corrections"), key=lambda doc: doc["created"])

    def set_rule(self, text: str, label: str | None) -> None:
        found = self._table("corrections").search(Query().text == text)
        doc_id = found[0].doc_id if found else self._next_id("corrections")
        self._put("corrections", doc_id, {"text": text, "label": label, "created": utc_now()})

    def remove_rule(self, text: str) -> bool:
        found = self._table("corrections").search(Query().text == text)
        for doc in found:
            self._delete("corrections", doc.doc_id)
        return bool(found)

    def mentions(self, article_id: str | None = None) -> list[dict[str, Any]]:
        table = self._table("mentions")
        docs = table.all() if article_id is None else table.search(Query().article == article_id)
        return sorted(docs, key=lambda doc: (doc["article"], doc["start"]))

    def _mention_docs(self, article_id: str, start: int, end: int) -> list[Document]:
        return self._table("mentions").search(
            (Query().article == article_id) & (Query().start == start) & (Query().end == end)
        )

    def set_mention(self, article_id: str, body: str, start: int, end: int, label: str | None) -> None:
        """`label` for the mention at start-end of the article's `body` (None: not an entity);
        its text and a little around it are kept to find it again after an edit."""
        found = self._mention_docs(article_id, start, end)
        doc_id = found[0].doc_id if found else self._next_id("mentions")
        quote = Quote.of(body, start, end)
        doc = {"article": article_id, "start": start, "end": end, "text": quote.exact, "prefix": quote.prefix}
        doc |= {"suffix": quote.suffix, "label": label, "created": utc_now()}
        self._put("mentions", doc_id, doc)

    def remove_mention(self, article_id: str, start: int, end: int) -> bool:
        found = self._mention_docs(article_id, start, end)
        for doc in found:
            self._delete("mentions", doc.doc_id)
        return bool(found)
