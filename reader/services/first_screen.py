"""The library's first screen as the user left it: the Inbox's newest rows and the list's
columns, written at quit and shown at the next start while the library is scanned (a
scan of 20,000 files takes longer than Textual takes to start). Only a cache: the rows
are checked against the live store before they are shown, and the scanned library
replaces them as soon as it is there."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.files import write_atomically
from reader.core.library import Entry
from reader.core.library.scanning import entry_of, record_of

if TYPE_CHECKING:
    from reader.services import Services

VERSION = 1
ROWS = 200  # more than a terminal shows


@dataclass
class FirstScreen:
    entries: list[Entry]
    width: int  # the terminal's, when the columns were fitted
    columns: list[tuple[str, int]]  # (name, width) of the list's columns


def _key(services: Services) -> list[str]:
    """Whose screen it was: the same database, library folders and file size limit."""
    return [str(services.db_path), *map(str, services.roots), str(services.config.max_file_bytes)]


def save(services: Services, entries: list[Entry], width: int, columns: list[tuple[str, int]]) -> None:
    data = {
        "version": VERSION,
        "key": _key(services),
        "width": width,
        "columns": columns,
        "rows": [[e.id, str(e.location), record_of(e)] for e in entries[:ROWS]],
    }
    try:
        write_atomically(services.paths.cache_dir / "first-screen.json", json.dumps(data))
    except OSError:
        pass  # only a cache: the next start waits for the scan


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
        return FirstScreen(entries, int(data["width"]), columns)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
