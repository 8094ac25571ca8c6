"""An index of the highlights as the database file holds them, kept beside it
(`reader.json.index`): each one's id, article, creation time and tags, and where its record
lies in the file. A review chooses among 100,000 highlights from it and parses only the
records it chose, where the whole table takes 0.3 s to parse. It names the bytes it
describes by their generation (`layout.write`); any other file, or a record that is not
where it says, and the table is parsed as before."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reader.core.codec import encode, loads
from reader.core.files import write_atomically
from reader.core.store.layout import Unread

COLUMNS = ("id", "article", "created", "tags")


def spans(table: bytes, doc_ids: list[str]) -> list[int] | None:
    """Where each record of a table encoded compactly (`{"1":{...},"2":{...}}`) starts and
    ends, in order (start, end, start, end...); None if one is not where it should be. A key
    and its colon cannot stand unescaped inside a string, so each is found by a search from
    the last."""
    found: list[int] = []
    at = 1
    for n, doc_id in enumerate(doc_ids):
        key = b'%s"%s":' % (b"," if n else b"", doc_id.encode())
        if not table.startswith(key, at):
            return None
        if found:
            found.append(at)  # the last record ends where this key starts
        at += len(key)
        found.append(at)
        if n + 1 < len(doc_ids):
            following = b',"%s":{' % doc_ids[n + 1].encode()
            at = table.find(following, at)
            if at < 0:
                return None
    if doc_ids:
        found.append(len(table) - 1)
    return found


def write(path: Path, generation: str, rows: dict[str, dict[str, Any]], table: bytes) -> None:
    """Write the index of `rows` as `table` holds them (OSError if it cannot be written: the
    next fold makes it again)."""
    where = spans(table, list(rows))
    if where is None:
        return
    records = rows.values()
    columns = {
        "id": [doc["id"] for doc in records],
        "article": [doc["article"] for doc in records],
        "created": [doc.get("created", "") for doc in records],
        "tags": [doc.get("tags", []) for doc in records],
        "at": where,
    }
    write_atomically(path, generation.encode() + b"\n" + encode(columns), mode=0o600, durable=False)


def made(path: Path, generation: str) -> bool:
    """Whether the index beside the file is the one of this generation."""
    try:
        with open(path, "rb") as handle:
            return _of(handle, generation)
    except OSError:
        return False


def _of(handle: BinaryIO, generation: str) -> bool:
    """Whether the index `handle` reads (at its first line) is of this generation."""
    return bool(generation) and handle.readline().rstrip(b"\n") == generation.encode()


@dataclass
class Index:
    """The index of the table `unread` holds (`read`)."""

    columns: dict[str, list[Any]]
    unread: Unread

    def __post_init__(self) -> None:
        self._places: dict[str, int] | None = None

    @property
    def places(self) -> dict[str, int]:
        """Each highlight's place in the columns (made when first asked for)."""
        if self._places is None:
            self._places = {h: n for n, h in enumerate(self.columns["id"])}
        return self._places

    def record(self, highlight_id: str) -> dict[str, Any] | None:
        """The record of a highlight, parsed alone; None if there is none or it is not where
        the index says."""
        n = self.places.get(highlight_id)
        if n is None:
            return None
        at = self.columns["at"]
        try:
            record = loads(self.unread.part(at[2 * n], at[2 * n + 1]))
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) and record.get("id") == highlight_id else None

    def __contains__(self, highlight_id: object) -> bool:
        return highlight_id in self.places


def read(path: Path, unread: Unread) -> Index | None:
    """The index of the table `unread` holds, if the one beside the file is of its generation
    and whole; None if not."""
    try:
        with open(path, "rb") as handle:
            if not _of(handle, unread.generation):
                return None  # another generation's: the rest is not read
            columns = loads(handle.read())
    except (OSError, ValueError):
        return None
    if not isinstance(columns, dict) or not all(isinstance(columns.get(name), list) for name in (*COLUMNS, "at")):
        return None
    count = len(columns["id"])
    if any(len(columns[name]) != count for name in COLUMNS) or len(columns["at"]) != 2 * count:
        return None
    return Index(columns, unread)
