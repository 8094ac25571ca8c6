"""The Store's feed-server accounts and what reader knows of their items: for each item taken,
the article it became and its read and starred states as the server last acknowledged them
(the baseline). A state in reader that differs from the baseline is a change made here, not yet
sent (pending): a sync sends it first, then takes the server's state for the rest. Nothing is
lost if a sync stops halfway: a baseline moves only once the server has answered."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reader.core.files import utc_now
from reader.core.store.tables import Part


class Remote(Part):
    """`accounts`: url, user, password_command (or none: the password is kept elsewhere, never
    here), added, last_sync, since (seconds: items newer than this are asked for next).
    `items`: item (decimal id), account, article (an id, or none), read, starred."""

    TABLES = frozenset({"accounts", "items"})

    def _reload(self, tables: set[str]) -> None:
        if "items" in tables:
            rows = self._data.get("items", {})
            self._items = {doc["item"]: int(doc_id) for doc_id, doc in rows.items()}

    # --- accounts ---
    def accounts(self) -> list[dict[str, Any]]:
        return sorted((dict(doc) for doc in self._data.get("accounts", {}).values()), key=lambda doc: doc["added"])

    def _account_id(self, url: str) -> int | None:
        rows = self._data.get("accounts", {})
        return next((int(doc_id) for doc_id, doc in rows.items() if doc["url"] == url), None)

    def add_account(self, url: str, user: str, password_command: str | None = None) -> bool:
        """Keep an account (replacing one at the same address); True if it is new."""
        doc_id = self._account_id(url)
        doc = {"url": url, "user": user, "password_command": password_command, "added": utc_now()}
        doc |= {"last_sync": None, "since": None}
        self._put("accounts", doc_id or self._next_id("accounts"), doc)
        return doc_id is None

    def update_account(self, url: str, **fields: Any) -> None:
        doc_id = self._account_id(url)
        if doc_id is not None:
            self._put("accounts", doc_id, {**self._data["accounts"][str(doc_id)], **fields})

    def remove_account(self, url: str) -> bool:
        doc_id = self._account_id(url)
        if doc_id is None:
            return False
        with self._batch():
            self._delete("accounts", doc_id)
            for item, item_doc in list(self._items.items()):
                if self._data["items"][str(item_doc)]["account"] == url:
                    self._delete("items", item_doc)
                    del self._items[item]
        return True

    # --- items ---
    def items(self, account: str) -> dict[str, dict[str, Any]]:
        """Every item taken from this account, by its id."""
        rows = self._data.get("items", {})
        return {doc["item"]: dict(doc) for doc in rows.values() if doc["account"] == account}

    def keep_items(self, account: str, items: Iterable[dict[str, Any]]) -> None:
        """Record items (item, article, read, starred), or set their baseline, in one batch."""
        with self._batch():
            for item in items:
                doc_id = self._items.get(item["item"])
                before = self._data["items"][str(doc_id)] if doc_id is not None else {}
                doc = {**before, **item, "account": account}
                if doc_id is None:
                    doc_id = self._items[item["item"]] = self._next_id("items")
                self._put("items", doc_id, doc)
