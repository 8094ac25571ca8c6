"""The Store's rules: a query and an action run on each new article as it arrives (see
reader.core.library.rules), in the order they were added, each with how often it fired."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reader.core.files import utc_now
from reader.core.store.tables import Part


class Rules(Part):
    """`rules`: query, action, feed (a feed's address: the rule is kept to it; or None),
    added, fired (how many articles it acted on), last (when it last fired)."""

    TABLES = frozenset({"rules", "rule_undo"})

    def _reload(self, tables: set[str]) -> None:
        if "rules" in tables:
            rows = self._data.get("rules", {})
            self._ids = sorted(int(doc_id) for doc_id in rows)

    def all(self) -> list[dict[str, Any]]:
        """Every rule, in order, each with its number (`n`, from 1) as `reader rule list` shows it."""
        rows = self._data.get("rules", {})
        return [{**rows[str(doc_id)], "n": n} for n, doc_id in enumerate(self._ids, 1)]

    def add(self, query: str, action: str, feed: str | None = None) -> int:
        """A new rule, last in order; its number."""
        with self._batch():
            doc_id = self._next_id("rules")
            self._put("rules", doc_id, {"query": query, "action": action, "feed": feed, "added": utc_now(), "fired": 0})
        self._ids.append(doc_id)
        return len(self._ids)

    def remove(self, n: int) -> dict[str, Any]:
        """Remove rule number `n` (from 1); IndexError if there is none."""
        if not 1 <= n <= len(self._ids):
            raise IndexError(n)
        doc_id = self._ids[n - 1]
        rule = dict(self._data["rules"][str(doc_id)])
        with self._batch():
            self._delete("rules", doc_id)
        self._ids.remove(doc_id)
        return rule

    def fired(self, counts: Mapping[int, int]) -> None:
        """Count what the rules did: rule number -> how many articles it acted on now."""
        counts = {n: c for n, c in counts.items() if c and 1 <= n <= len(self._ids)}
        if not counts:
            return
        now = utc_now()
        with self._batch():
            for n, count in counts.items():
                doc_id = self._ids[n - 1]
                doc = self._data["rules"][str(doc_id)]
                self._put("rules", doc_id, {**doc, "fired": doc.get("fired", 0) + count, "last": now})

    # --- the last `reader rule apply`, kept so that a later `reader rule undo` takes it back ---
    def keep_undo(self, n: int, change: Any) -> None:
        """Keep what rule `n`'s apply changed (the store's Undoable), in place of the last one."""
        doc = {"rule": n, "what": change.what, "rows": [list(row) for row in change.rows]}
        doc |= {"deleted": list(change.deleted), "articles": list(change.articles)}
        self._put("rule_undo", 1, doc)  # in place of the one before

    def last_apply(self) -> dict[str, Any] | None:
        """The last apply kept (`keep_undo`), or None."""
        doc = self._data.get("rule_undo", {}).get("1")
        return dict(doc) if doc else None

    def forget_apply(self) -> None:
        with self._batch():
            self._delete("rule_undo", 1)
