"""The library's first screen as the user left it: the Inbox's newest rows, their marks
(read, state, highlights, progress, feed and folder) and the list's columns, written at quit
and shown at the next start while the database is opened and the library scanned behind
them (opening 100,000 highlights and scanning 50,000 files take longer than Textual takes
to start). Only a cache: the first frame needs no database, and the scanned library, with
the live store's marks, replaces it as soon as it is there."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.core.files import write_atomically
from reader.core.library import Entry
from reader.core.library.scanning import entry_of, record_of

if TYPE_CHECKING:
    from reader.services import Services

VERSION = 3  # 2: each row's marks, so that the first frame needs no database; 3: rows as the scan cache's lists
ROWS = 200  # more than a terminal shows


@dataclass
class FirstScreen:
    entries: list[Entry]
    width: int  # the terminal's, when the columns were fitted
    columns: list[tuple[str, int]]  # (name, width) of the list's columns
    marks: KeptMarks  # each row's marks as kept (read, state, count, progress, origin)
    total: int  # the Inbox's articles at the last quit


def marks_of(services: Services, entries: list[Entry], origin: Callable[[Entry], tuple[str, str]]) -> dict[str, dict]:
    """What the list shows of each row besides its entry, from the store: kept with the rows."""
    store = services.store
    read, states = store.articles.read_keys(), store.articles.states()
    counts, progress = store.highlights.counts(), store.articles.progress()
    marks = {}
    for entry in entries[:ROWS]:
        state = states.get(entry.id)
        mark: dict[str, Any] = {"read": entry.id in read, "origin": list(origin(entry))}
        if state is not None:
            mark["state"] = {"state": state.state, "starred": state.starred, "tags": list(state.tags)}
        if counts.get(entry.id):
            mark["count"] = counts[entry.id]
        if progress.get(entry.id) is not None:
            mark["progress"] = progress[entry.id]
        marks[entry.id] = mark
    return marks


def _key(services: Services) -> list[str]:
    """Whose screen it was: the same database, library folders and file size limit."""
    return [str(services.db_path), *map(str, services.roots), str(services.config.max_file_bytes)]


def save(
    services: Services,
    entries: list[Entry],
    width: int,
    columns: list[tuple[str, int]],
    origin: Callable[[Entry], tuple[str, str]],
) -> None:
    data = {
        "version": VERSION,
        "key": _key(services),
        "width": width,
        "columns": columns,
        "rows": [[e.id, str(e.location), record_of(e)] for e in entries[:ROWS]],
        "marks": marks_of(services, entries, origin),
        "total": len(entries),
    }
    try:
        write_atomically(services.paths.cache_dir / "first-screen.json", json.dumps(data))
    except OSError:
        pass  # only a cache: the next start waits for the scan


def keep(
    services: Services,
    visible: list[Entry],
    width: int,
    columns: list[tuple[str, int]],
    origin: Callable[[Entry], tuple[str, str]],
) -> None:
    """At quit: the Inbox's newest rows (of the `visible` articles) and their marks, kept for
    the next start; never a reason for quitting to fail (a cache)."""
    from reader.core.library import ordered
    from reader.services.triage import select

    try:
        save(services, select(services, "in:inbox", ordered(visible, "date")), width, columns, origin)
    except Exception:  # noqa: BLE001, S110  # a cache: the next start waits for the scan
        pass


def load(services: Services) -> FirstScreen | None:
    """The first screen kept at the last quit, for this database and these folders; None if
    there is none (or it cannot be read: it is a cache, never a reason to stop)."""
    try:
        data = json.loads((services.paths.cache_dir / "first-screen.json").read_text(encoding="utf-8"))
        if data["version"] != VERSION or data["key"] != _key(services):
            return None
        entries = [entry_of(str(i), str(p), r) for i, p, r in data["rows"]]
        columns = [(str(name), int(width)) for name, width in data["columns"]]
        texts = [(e.title, e.url or "", e.site or "", e.feed or "", e.author or "") for e in entries]
        if not all(isinstance(t, str) for row in texts for t in row) or not all(type(e.words) is int for e in entries):
            return None
        marks = KeptMarks.of(data["marks"])  # read here: a cache that does not read is never drawn
        return FirstScreen(entries, int(data["width"]), columns, marks, int(data["total"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@dataclass
class KeptMarks:
    """A first screen's marks as the list takes them (ArticleList: read, counts, progress,
    states, origin), for the first frame, drawn before the database is open."""

    read: set[str]
    counts: dict[str, int]
    progress: dict[str, int]
    states: dict[str, Any]
    origins: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, marks: dict[str, dict[str, Any]]) -> KeptMarks:
        """The marks as `marks_of` kept them (KeyError, TypeError... if they are not)."""
        from reader.core.store.articles import ArticleState

        states = {
            a: ArticleState(str(m["state"]["state"]), bool(m["state"]["starred"]), tuple(m["state"]["tags"]))
            for a, m in marks.items()
            if m.get("state")
        }
        return cls(
            {a for a, m in marks.items() if m.get("read")},
            {a: int(m["count"]) for a, m in marks.items() if m.get("count")},
            {a: int(m["progress"]) for a, m in marks.items() if m.get("progress") is not None},
            states,
            {a: (str(m["origin"][0]), str(m["origin"][1])) for a, m in marks.items() if m.get("origin")},
        )

    def origin(self, entry: Entry) -> tuple[str, str]:
        return self.origins.get(entry.id, ("", ""))
