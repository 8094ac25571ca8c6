"""The database file under the Store: opened without writing (one writer at a time, the
schema checked, older ones migrated in memory; only what is damaged is kept aside), and changed in
batches that are saved whole or not at all (`journal`). The Store's parts (`highlights`,
`articles`, `corrections`, `feeds`, `reviews`) are `Part`s: each keeps its own tables in memory
and writes through the one `Tables` they share, so a batch may span several parts."""

from __future__ import annotations

import contextlib
import json
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from reader.core.files import write_atomically
from reader.core.notes.highlight import record_of
from reader.core.store.checks import CHECKS
from reader.core.store.journal import JournalStorage, ReadOnlyError, StoreError, not_saved
from reader.core.store.layout import LATER
from reader.core.store.locking import IN_USE, lock

SCHEMA_VERSION = 4
# what a record of a file this reader wrote has passed (see JournalStorage.trusted): changed
# when the checks change, so that a file written before is checked whole once
CHECKED_AS = f"schema {SCHEMA_VERSION} checks 1"


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older database up to SCHEMA_VERSION (each step in place)."""
    meta = data.setdefault("meta", {}).setdefault("1", {"schema": SCHEMA_VERSION})
    version = meta.get("schema", 1)
    if version < 2:  # 1 -> 2: highlights arrive; nothing to convert
        data.setdefault("highlights", {})
        meta["schema"] = 2
    if meta["schema"] < 3:  # 2 -> 3: articles' states, saved views, deleted highlights; every article in the inbox
        for table in ("articles", "views", "tombstones"):
            data.setdefault(table, {})
        meta["schema"] = 3
    if meta["schema"] < 4:  # 3 -> 4: highlights stored flat, defaults left out (no W3C shape)
        rows = data.get("highlights")
        if isinstance(rows, dict):
            for doc_id, doc in rows.items():
                rows[doc_id] = record_of(doc)
        meta["schema"] = 4
    return data


class Tables:
    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        self._lock_handle, why = (None, "it was opened read-only") if read_only else lock(self._lock_path)
        self.read_only = self._lock_handle is None
        self.read_only_reason = why
        try:
            self._open()
        except BaseException:
            self._release()  # a database that cannot be opened holds no lock: a fresh start can write
            raise
        self._counters: dict[str, int] = {}  # last doc id used, per table
        # the parts keeping tables in memory, rebuilt after a rollback (held weakly: a part
        # holds its Tables, and a cycle would keep the lock until a garbage collection)
        self._parts: weakref.WeakSet[Part] = weakref.WeakSet()
        self.version = 0  # counts the batches made: a cache of what the store said checks it
        self._pending: list[tuple[str, str, Any]] | None = None  # the batch being made: (table, id, doc before)

    @property
    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _open(self) -> None:
        self.db = TinyDB(self.path, storage=JournalStorage, read_only=self.read_only, checked_as=CHECKED_AS)
        self.storage: JournalStorage = self.db.storage  # type: ignore[assignment]  # built with storage=JournalStorage
        self.warnings = self.storage.warnings
        data = self.storage.data
        if data is None:  # a new database: written with the first change
            self.storage.data = {"meta": {"1": {"schema": SCHEMA_VERSION}}}
            return
        meta = data.get("meta", {}).get("1")
        if meta is None and set(data) - {"meta"}:
            raise StoreError(f"{self.path}: not a reader database (no schema version); it has been left as it is")
        schema = meta.get("schema", 0) if isinstance(meta, dict) else None
        if type(schema) is not int:
            raise StoreError(
                f"{self.path}: not a reader database (its schema is {schema!r}); it has been left as it is"
            )
        if schema > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: made by a newer reader (schema {schema}, this one knows {SCHEMA_VERSION})")
        if schema < SCHEMA_VERSION:
            migrate(data)
            self.storage.needs_snapshot = True  # written with the first change, not now
        bad = self._set_aside_bad_records(data)
        if self.storage.damaged and self.read_only:
            self.storage.say_where_the_rest_is("left in the journal (this reader is read-only)")
        if (bad or self.storage.damaged) and not self.read_only:
            try:  # what is damaged is kept aside before anything could overwrite it
                if bad:
                    kept = self.storage.keep_aside("set-aside", json.dumps(bad, ensure_ascii=False, indent=1).encode())
                    self.warnings.append(f"the bad records are kept in {kept}")
                self.storage.settle()
                if bad:  # kept aside: the database without them, so that the next open finds none
                    with contextlib.suppress(OSError):
                        self.storage.snapshot()
            except OSError as error:
                self.read_only, self.storage.read_only = True, True
                self.read_only_reason = f"what is damaged could not be kept aside ({error.strerror or error})"
                self.warnings.append(f"{self.path} is open read-only: {self.read_only_reason}")
                self._release()

    def _set_aside_bad_records(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        """Take out the documents a table cannot use, each named with why: every document,
        unless the database file is one this reader wrote (`trusted`: its documents passed
        these checks then), when only those its journal brought in are checked."""
        bad = []
        trusted, replayed = self.storage.trusted, self.storage.replayed
        for table, check in CHECKS.items():
            rows = data.get(table, {})
            if not isinstance(rows, dict):
                bad.append({"table": table, "problem": "not a table", "record": rows})
                self.warnings.append(f"{self.path}: the {table} table is skipped: not a table")
                data[table] = {}
                continue
            ids = [i for i in rows if (table, i) in replayed] if trusted else list(rows)
            for doc_id in ids:
                doc = rows[doc_id]
                problem = (
                    "an id that is not a number"
                    if not (doc_id.isascii() and doc_id.isdigit())
                    else check(doc)
                    if isinstance(doc, dict)
                    else "not a record"
                )
                if problem:
                    bad.append({"table": table, "id": doc_id, "problem": problem, "record": doc})
                    self.warnings.append(f"{self.path}: {table} record {doc_id} is skipped: {problem}")
                    del rows[doc_id]
        if bad:
            self.storage.needs_snapshot = True
        return bad

    @property
    def _data(self) -> dict[str, Any]:
        """Every table, as stored (the storage always holds data once the store is open), but
        LATER's until it is parsed: a part reaches that one through `_rows`."""
        assert self.storage.data is not None
        return self.storage.data

    def _rows(self, table: str) -> dict[str, Any]:
        """One table's documents by id (made empty if there are none), parsed if need be."""
        if table == LATER:
            self.storage.read_all()
        rows: dict[str, Any] = self._data.setdefault(table, {})
        return rows

    # --- writing: in batches, saved whole or not at all ---
    @property
    def in_use(self) -> bool:
        """Read-only because another reader (the app, say) holds the database."""
        return self.read_only and self.read_only_reason == IN_USE

    def check_writable(self) -> None:
        if self.in_use:
            raise ReadOnlyError(
                f"{self.path} is in use by another reader, so this one is read-only: close the other one to save changes"
            )
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is read-only ({self.read_only_reason}): changes cannot be saved")

    @contextmanager
    def _batch(self) -> Iterator[None]:
        """The changes made inside are saved as one journal line. If it cannot be written,
        every document is put back as it was (and `_reload` rebuilds what was derived from
        them) and NotSaved says why; the next change tries again."""
        if self._pending is not None:  # inside a batch already
            yield
            return
        self.check_writable()
        with self.storage.lock:  # a fold in its own thread runs between two batches, never inside one
            pending: list[tuple[str, str, Any]] = []
            self._pending = pending
            try:
                yield
                if pending:
                    self.storage.append([(table, doc_id) for table, doc_id, _ in pending])
            except BaseException as error:
                for table, doc_id, before in reversed(pending):
                    rows = self._rows(table)
                    if before is None:
                        rows.pop(doc_id, None)
                    else:
                        rows[doc_id] = before
                self._reload({table for table, _, _ in pending})
                if isinstance(error, OSError):
                    raise not_saved(error, self.path) from error
                raise
            finally:
                self._pending = None
                self.version += 1  # what was read from the store before may be out of date
                for table in {table for table, _, _ in pending}:
                    self.db.table(table).clear_cache()

    def _reload(self, tables: set[str]) -> None:
        """After a rollback: each part rebuilds what it keeps in memory from these tables."""
        for part in self._parts:
            if tables & part.TABLES:
                part._reload(tables & part.TABLES)

    def _next_id(self, table: str) -> int:
        counters = self._counters
        if table not in counters:
            counters[table] = max((int(k) for k in self._rows(table)), default=0)
        counters[table] += 1
        return counters[table]

    def _put(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Insert or replace one document."""
        with self._batch():
            rows = self._rows(table)
            assert self._pending is not None
            self._pending.append((table, str(doc_id), rows.get(str(doc_id))))
            rows[str(doc_id)] = dict(doc)

    def _delete(self, table: str, doc_id: int) -> None:
        with self._batch():
            rows = self._rows(table)
            if str(doc_id) in rows:
                assert self._pending is not None
                self._pending.append((table, str(doc_id), rows.pop(str(doc_id))))

    # --- whole database ---
    def backup(self, target: Path) -> Path:
        """A consistent copy of everything that could be read, as one JSON file (0600 wherever
        it goes: it holds every note)."""
        self.storage.read_all()
        write_atomically(target, json.dumps(self.storage.data, ensure_ascii=False, indent=1), mode=0o600)
        return target

    def close(self) -> list[str]:
        """Fold the journal in (if this session changed anything) and let go of the lock;
        returns what the user should be told (a full disk: the changes wait in the journal)."""
        told = len(self.warnings)
        if not self.read_only:
            self.db.close()
        self._release()
        return self.warnings[told:]

    def _release(self) -> None:
        if self._lock_handle is not None:
            try:
                self._lock_handle.close()
            except OSError:
                pass  # nothing of it was buffered; the lock goes with the file descriptor
            self._lock_handle = None


class Part:
    """One part of the Store (highlights, articles...): the tables it owns (`TABLES`), kept in
    memory by `_reload`, and written through the Tables it shares with the other parts (one
    journal, one batch: a change that spans parts is saved whole or not at all)."""

    TABLES: frozenset[str] = frozenset()

    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        tables._parts.add(self)
        self._reload(set(self.TABLES))

    def _reload(self, tables: set[str]) -> None:
        """Build what is kept in memory from these tables, as stored."""

    @property
    def _data(self) -> dict[str, Any]:
        return self._tables._data

    @property
    def version(self) -> int:
        return self._tables.version

    @property
    def read_only(self) -> bool:
        return self._tables.read_only

    def check_writable(self) -> None:
        self._tables.check_writable()

    def _table(self, name: str) -> Table:
        return self._tables.db.table(name)

    def _batch(self) -> AbstractContextManager[None]:
        return self._tables._batch()

    def _next_id(self, table: str) -> int:
        return self._tables._next_id(table)

    def _put(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        self._tables._put(table, doc_id, doc)

    def _delete(self, table: str, doc_id: int) -> None:
        self._tables._delete(table, doc_id)
