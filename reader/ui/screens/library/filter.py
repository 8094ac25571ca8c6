"""The library's list for a view and what is typed in `/`, quick at 20,000 articles: the
view's articles are found once per change of the store (whatever the order: `s` sorts
the same ids again), and typing on ("bud" -> "budg") looks only among the last results."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from reader.core.library import Entry, Facts, Query, parse

KEPT = 8  # views whose articles are remembered (switching back and forth costs nothing)


class ListFilter:
    def __init__(self) -> None:
        self._ids: dict[Hashable, set[str]] = {}  # (scope, view, version) -> the view's ids
        self._views: dict[Hashable, list[Entry]] = {}  # (base, ids key) -> the view's articles in that order
        self._typed: tuple[Hashable, Query, list[Entry]] | None = None

    def _keep(self, key: Hashable, ids: set[str]) -> None:
        self._ids = {key: ids, **{k: v for k, v in list(self._ids.items())[: KEPT - 1] if k != key}}

    def seed(
        self, base: list[Entry], scope: Hashable, view: str, entries: list[Entry], ids: set[str], version: Hashable
    ) -> None:
        """The view's articles and their ids, found already (by the views panel) for this version."""
        self._keep((scope, view, version), ids)
        self._views, self._typed = {(id(base), (scope, view, version)): entries}, None

    def apply(
        self,
        base: list[Entry],
        scope: Hashable,
        view: str,
        typed: str,
        facts: Callable[[Query], Facts],
        version: Hashable,
    ) -> tuple[list[Entry], int]:
        """(the entries shown, how many the view holds); QueryError if either query does
        not read. `scope` names what `base` holds whatever its order; `version` changes
        whenever what the facts say may have changed."""
        view_query, typed_query = parse(view), parse(typed)
        ids_key = (scope, view, version)
        ids = self._ids.get(ids_key)
        if ids is None:
            ids = view_query.ids(base, facts(view_query))
            self._keep(ids_key, ids)
        key = (id(base), ids_key)
        if key not in self._views:  # the view in this order (one per sort: `s` back and forth is free)
            entries = list(base) if not view_query else [e for e in base if e.id in ids]
            self._views = {key: entries, **{k: v for k, v in list(self._views.items())[:1]}}
            self._typed = None
        entries = self._views[key]
        candidates, known = entries, ids
        if self._typed is not None and self._typed[0] == key and typed_query.narrows(self._typed[1]):
            candidates, known = self._typed[2], None
        shown = typed_query.filter(candidates, facts(typed_query), known)
        self._typed = (key, typed_query, shown)
        return shown, len(entries)
