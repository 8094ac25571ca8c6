"""The library's list for a view and what is typed in `/`, quick at 20,000 articles: the
view's articles are found once per change of the store, and typing on ("bud" -> "budg")
looks only among the last results."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from reader.core.library import Entry, Facts, Query, parse


class ListFilter:
    def __init__(self) -> None:
        self._view: tuple[Hashable, list[Entry], set[str] | None] | None = None  # (key, articles, their ids)
        self._typed: tuple[Hashable, Query, list[Entry]] | None = None

    def seed(self, base: list[Entry], view: str, entries: list[Entry], version: Hashable) -> None:
        """The view's articles, found already (by the views panel) for this version."""
        self._view, self._typed = ((id(base), len(base), view, version), entries, None), None

    def apply(
        self, base: list[Entry], view: str, typed: str, facts: Callable[[Query], Facts], version: Hashable
    ) -> tuple[list[Entry], int]:
        """(the entries shown, how many the view holds); QueryError if either query does
        not read. `version` changes whenever what the facts say may have changed."""
        view_query, typed_query = parse(view), parse(typed)
        key = (id(base), len(base), view, version)
        if self._view is None or self._view[0] != key:
            entries = view_query.filter(base, facts(view_query))
            self._view, self._typed = (key, entries, {e.id for e in entries}), None
        _, entries, every = self._view
        if every is None and typed_query:  # the view's ids: made once, when a filter first needs them
            every = {e.id for e in entries}
            self._view = (key, entries, every)
        candidates, known = entries, every
        if self._typed is not None and self._typed[0] == key and typed_query.narrows(self._typed[1]):
            candidates, known = self._typed[2], None
        shown = typed_query.filter(candidates, facts(typed_query), known)
        self._typed = (key, typed_query, shown)
        return shown, len(entries)
