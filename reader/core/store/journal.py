"""The storage under the Store: the whole TinyDB database in memory, each change appended to
a journal (`reader.json.journal`, one JSON line per changed document, fsynced) instead of
rewriting the file, and folded into `reader.json` (written atomically) at open and close;
a lock file lets one process at a time write."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import IO, Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from reader.core.files import write_atomically

COMPACT_AFTER = 20_000  # journal lines; folded in at open and close anyway


class StoreError(Exception):
    """The database file cannot be used; the message says what is wrong and where."""


class ReadOnlyError(StoreError):
    """Another reader holds the database; this one cannot write."""


def lock(path: Path) -> IO[str] | None:
    """An exclusive lock on `path` (a file beside the database), or None if another
    process holds it."""
    try:
        import fcntl
    except ImportError:  # no fcntl (Windows): no lock
        return open(os.devnull, "w")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held open: the lock lives as long as it)
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


class JournalStorage(Storage):
    """TinyDB storage: whole database in memory, changes appended to a journal."""

    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.read_only = read_only
        self.data: dict[str, Any] | None = self._load()
        self.hint: tuple[str, list[str]] | None = None  # (table, doc ids) the next write changes
        self.journal_lines = 0
        self.dirty = False  # a write failed (disk full...): the next one saves everything

    def _load(self) -> dict[str, Any] | None:
        data = None
        if self.path.exists():
            try:
                raw = self.path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise StoreError(f"{self.path}: cannot read the database: {error}") from error
            try:
                data = json.loads(raw) if raw.strip() else {}
            except json.JSONDecodeError as error:
                raise StoreError(
                    f"{self.path}: the database is damaged (line {error.lineno}, column {error.colno}: "
                    f"{error.msg}); it has been left as it is"
                ) from error
            if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
                raise StoreError(f"{self.path}: not a reader database (unexpected content); it has been left as it is")
        if self.journal_path.exists():
            data = data if data is not None else {}
            lines = self.journal_path.read_text(encoding="utf-8", errors="replace").split("\n")
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                    table = data.setdefault(entry["t"], {})
                    if entry["doc"] is None:
                        table.pop(entry["id"], None)
                    else:
                        table[entry["id"]] = entry["doc"]
                except (ValueError, KeyError, TypeError, AttributeError) as error:
                    if number >= len(lines) - 1:  # a torn last line: its write never finished
                        break
                    raise StoreError(
                        f"{self.journal_path}: the journal is damaged at line {number}; it has been left as it is"
                    ) from error
        return data

    def read(self) -> dict[str, Any] | None:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only (another reader is using it)")
        self.data = data
        hint = self.hint
        if hint is None or self.dirty or not self.path.exists():
            self.snapshot()
            return
        table, ids = hint
        rows = data.get(table, {})
        text = "".join(
            json.dumps({"t": table, "id": doc_id, "doc": rows.get(doc_id)}, ensure_ascii=False, separators=(",", ":"))
            + "\n"
            for doc_id in ids
        )
        try:
            fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, text.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            self.dirty = True
            raise
        self.journal_lines += len(ids)
        if self.journal_lines >= COMPACT_AFTER:
            self.snapshot()

    def snapshot(self) -> None:
        """Fold everything into reader.json and empty the journal."""
        if self.read_only or self.data is None:
            return
        try:
            write_atomically(self.path, json.dumps(self.data, ensure_ascii=False, separators=(",", ":")))
            if self.journal_path.exists():
                os.truncate(self.journal_path, 0)
        except OSError:
            self.dirty = True
            raise
        self.dirty = False
        self.journal_lines = 0

    def close(self) -> None:
        if self.journal_lines:
            self.snapshot()


class _IntKeys(MutableMapping[int, Any]):
    """A table's stored dict (string ids) seen with int ids, as TinyDB's updaters expect,
    without copying it."""

    def __init__(self, raw: dict[str, Any]):
        self.raw = raw

    def __getitem__(self, key: int) -> Any:
        return self.raw[str(key)]

    def __setitem__(self, key: int, value: Any) -> None:
        self.raw[str(key)] = value

    def __delitem__(self, key: int) -> None:
        del self.raw[str(key)]

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def __contains__(self, key: object) -> bool:
        return str(key) in self.raw


class FastTable(Table):
    """TinyDB's Table rebuilds the whole table dict twice on every write (int ids and
    back): O(n) per change. This one updates the stored dict in place: O(change)."""

    def _update_table(self, updater: Callable[[Any], None]) -> None:
        tables = self._storage.read()
        if tables is None:
            tables = {}
        raw = tables.setdefault(self.name, {})
        updater(_IntKeys(raw))
        self._storage.write(tables)
        self.clear_cache()


class JournalDB(TinyDB):
    table_class = FastTable
