"""The database file under the Store: opened (one writer at a time, the schema checked and
older ones migrated), and each document written or deleted through TinyDB with one journal
line (`journal`). The Store's parts (`database`, `corrections`, `feeds`) build on this."""

from __future__ import annotations

import json
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.table import Document

from reader.core.files import write_atomically
from reader.core.store.journal import JournalDB, JournalStorage, ReadOnlyError, StoreError, lock

SCHEMA_VERSION = 2


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older database up to SCHEMA_VERSION (each step in place)."""
    meta = data.setdefault("meta", {}).setdefault("1", {"schema": SCHEMA_VERSION})
    version = meta.get("schema", 1)
    if version < 2:  # 1 -> 2: highlights arrive; nothing to convert
        data.setdefault("highlights", {})
        meta["schema"] = 2
    return data


class Tables:
    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        self._lock_handle = None if read_only else lock(self.path.with_name(self.path.name + ".lock"))
        self.read_only = read_only or self._lock_handle is None
        self._counters: dict[str, int] = {}  # last doc id used, per table
        self.db = JournalDB(self.path, storage=JournalStorage, read_only=self.read_only)
        self.storage: JournalStorage = self.db.storage  # type: ignore[assignment]  # built with storage=JournalStorage
        data = self.storage.data
        if data is None:
            if not self.read_only:
                self.storage.write({"meta": {"1": {"schema": SCHEMA_VERSION}}})
            else:
                self.storage.data = {"meta": {"1": {"schema": SCHEMA_VERSION}}}
        else:
            meta = data.get("meta", {}).get("1")
            if meta is None and set(data) - {"meta"}:
                raise StoreError(f"{self.path}: not a reader database (no schema version); it has been left as it is")
            if meta and meta.get("schema", 0) > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: made by a newer reader (schema {meta['schema']}, this one knows {SCHEMA_VERSION})"
                )
            if not meta or meta.get("schema", 0) < SCHEMA_VERSION or self.storage.journal_path.exists():
                migrate(data)
                if not self.read_only:
                    self.storage.snapshot()  # fold the journal in at open

    @property
    def _data(self) -> dict[str, Any]:
        """Every table, as stored (the storage always holds data once the store is open)."""
        assert self.storage.data is not None
        return self.storage.data

    # --- writing through TinyDB with a journal hint ---
    def check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(
                f"{self.path} is in use by another reader, so this one is read-only: close the other one to save changes"
            )

    @contextmanager
    def _changing(self, table: str, doc_ids: list[int]) -> Iterator[None]:
        self.check_writable()
        self.storage.hint = (table, [str(i) for i in doc_ids])
        try:
            yield
        finally:
            self.storage.hint = None

    def _next_id(self, table: str) -> int:
        counters = self._counters
        if table not in counters:
            counters[table] = max((int(k) for k in self._data.get(table, {})), default=0)
        counters[table] += 1
        return counters[table]

    def _put(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Insert or replace one document: one TinyDB write, one journal line."""

        def replace(current: MutableMapping[str, Any]) -> None:
            current.clear()
            current.update(doc)

        with self._changing(table, [doc_id]):
            if str(doc_id) in self._data.get(table, {}):
                self.db.table(table).update(replace, doc_ids=[doc_id])
            else:
                self.db.table(table).insert(Document(doc, doc_id=doc_id))

    def _delete(self, table: str, doc_id: int) -> None:
        with self._changing(table, [doc_id]):
            self.db.table(table).remove(doc_ids=[doc_id])

    # --- whole database ---
    def backup(self, target: Path) -> Path:
        """A consistent copy of everything, as one JSON file (the journal folded in)."""
        write_atomically(target, json.dumps(self.storage.data, ensure_ascii=False, indent=1))
        return target

    def close(self) -> None:
        if not self.read_only:
            self.db.close()
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None
