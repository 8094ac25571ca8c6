"""The user's data in one TinyDB file: read state now; highlights, tags and notes later.

Reads are served from memory; every change is written atomically (temp file, fsync,
rename), so the file on disk is always either the old or the new version."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from tinydb import Query, TinyDB
from tinydb.storages import Storage

SCHEMA_VERSION = 1


class StoreError(Exception):
    """The database file cannot be used; the message says what is wrong and where."""


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads the file once and rewrites it atomically on each change."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.data: dict | None = None
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
            self.data = data

    def read(self) -> dict | None:
        return self.data

    def write(self, data: dict) -> None:
        self.data = data
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def close(self) -> None:
        pass


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.db = TinyDB(self.path, storage=AtomicJSONStorage)
        meta = self.db.table("meta")
        found = meta.get(doc_id=1)
        if found is None:
            if self.db.tables() - {"meta"}:
                raise StoreError(f"{self.path}: not a reader database (no schema version); it has been left as it is")
            meta.insert({"schema": SCHEMA_VERSION})
        elif found.get("schema", 0) > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer reader (schema {found['schema']}, this one knows {SCHEMA_VERSION})"
            )
        self._read = {doc["article"]: doc for doc in self.db.table("reading")}

    # --- read state ---
    def is_read(self, article_id: str) -> bool:
        return article_id in self._read

    def read_ids(self) -> set[str]:
        return set(self._read)

    def mark_read(self, article_id: str) -> None:
        if article_id in self._read:
            return
        doc = {"article": article_id, "read_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        self._read[article_id] = doc  # kept in memory even if the write below fails
        self.db.table("reading").insert(doc)

    def mark_unread(self, article_id: str) -> None:
        if self._read.pop(article_id, None) is not None:
            self.db.table("reading").remove(Query().article == article_id)

    # --- entity corrections: surface form -> label, or None for "not an entity" ---
    def corrections(self) -> dict[str, str | None]:
        return {doc["text"]: doc["label"] for doc in self.db.table("corrections")}

    def correction_list(self) -> list[dict]:
        return sorted(self.db.table("corrections"), key=lambda doc: doc["created"])

    def set_correction(self, text: str, label: str | None) -> None:
        table = self.db.table("corrections")
        doc = {"text": text, "label": label, "created": dt.datetime.now(dt.timezone.utc).isoformat()}
        table.upsert(doc, Query().text == text)

    def remove_correction(self, text: str) -> bool:
        return bool(self.db.table("corrections").remove(Query().text == text))

    def close(self) -> None:
        self.db.close()
