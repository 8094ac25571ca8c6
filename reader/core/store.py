"""The user's data in one TinyDB database: read state, entity corrections, highlights with
their tags and notes.

Storage (`JournalStorage`): reads come from memory; a change is appended to a journal
(`reader.json.journal`, one JSON line per changed document, fsynced) instead of rewriting
the whole file, so saving costs the same at 10 or 100,000 highlights. The journal is folded
into `reader.json` (written atomically: temp file, fsync, rename) when the store is opened
and closed. A crash or kill -9 at any instant leaves the old or the new state, never a torn
one: a half-written last journal line is ignored (its change was never acknowledged).

One process at a time may write: the others open the database read-only."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from reader.core.anchoring import reanchor
from reader.core.files import utc_now, write_atomically
from reader.core.highlight import Highlight, Quote, Status, covering, innermost

SCHEMA_VERSION = 2
COMPACT_AFTER = 20_000  # journal lines; folded in at open and close anyway


@dataclass(frozen=True)
class Change:
    """One change to an article's highlights, as undo and redo see it."""

    what: str  # "create", "extend", "edit", "delete"
    before: tuple[Highlight, ...]
    after: tuple[Highlight, ...]


class StoreError(Exception):
    """The database file cannot be used; the message says what is wrong and where."""


class ReadOnlyError(StoreError):
    """Another reader holds the database; this one cannot write."""


def _lock(path: Path) -> IO[str] | None:
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


class _TinyDB(TinyDB):
    table_class = FastTable


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older database up to SCHEMA_VERSION (each step in place)."""
    meta = data.setdefault("meta", {}).setdefault("1", {"schema": SCHEMA_VERSION})
    version = meta.get("schema", 1)
    if version < 2:  # 1 -> 2: highlights arrive; nothing to convert
        data.setdefault("highlights", {})
        meta["schema"] = 2
    return data


class Store:
    def __init__(self, path: Path, read_only: bool = False):
        self.path = Path(path)
        self._lock_handle = None if read_only else _lock(self.path.with_name(self.path.name + ".lock"))
        self.read_only = read_only or self._lock_handle is None
        self._counters: dict[str, int] = {}  # last doc id used, per table
        self.db = _TinyDB(self.path, storage=JournalStorage, read_only=self.read_only)
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
        self._read: dict[str, dict[str, Any]] = {doc["article"]: dict(doc) for doc in self.db.table("reading")}
        table = self.db.table("highlights")
        self._highlights: dict[str, Highlight] = {doc["id"]: Highlight.from_dict(doc) for doc in table}
        self._doc_ids: dict[str, int] = {doc["id"]: doc.doc_id for doc in table}
        self._undo: dict[str, list[Change]] = {}  # per article, this session
        self._redo: dict[str, list[Change]] = {}

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

    # --- read state ---
    def is_read(self, article_id: str) -> bool:
        return article_id in self._read

    def read_ids(self) -> set[str]:
        return set(self._read)

    def mark_read(self, article_id: str) -> None:
        if article_id in self._read:
            return
        doc = {"article": article_id, "read_at": utc_now()}
        self._read[article_id] = doc  # kept in memory even if the write below fails
        self._put("reading", self._next_id("reading"), doc)

    def position(self, article_id: str) -> int | None:
        """Where the reader left the article: a body offset (the cursor's sentence)."""
        doc = self._read.get(article_id)
        return doc.get("position") if doc else None

    def progress(self) -> dict[str, int]:
        """How far each opened article was read, in percent."""
        return {article: doc.get("progress", 0) for article, doc in self._read.items()}

    def set_position(self, article_id: str, offset: int, progress: int) -> None:
        """Remember where the reader is in an article (kept with its read state)."""
        current = self._read.get(article_id)
        if current is not None and (current.get("position"), current.get("progress")) == (offset, progress):
            return
        doc = {"article": article_id, "read_at": current["read_at"] if current else utc_now()}
        doc |= {"position": offset, "progress": max(progress, current.get("progress", 0) if current else 0)}
        found = self.db.table("reading").search(Query().article == article_id)
        self._read[article_id] = doc
        self._put("reading", found[0].doc_id if found else self._next_id("reading"), doc)

    def mark_unread(self, article_id: str) -> None:
        if self._read.pop(article_id, None) is not None:
            for doc in self.db.table("reading").search(Query().article == article_id):
                self._delete("reading", doc.doc_id)

    # --- entity corrections: surface form -> label, or None for "not an entity" ---
    def corrections(self) -> dict[str, str | None]:
        return {doc["text"]: doc["label"] for doc in self.db.table("corrections")}

    def correction_list(self) -> list[dict[str, Any]]:
        return sorted(self.db.table("corrections"), key=lambda doc: doc["created"])

    def set_correction(self, text: str, label: str | None) -> None:
        found = self.db.table("corrections").search(Query().text == text)
        doc_id = found[0].doc_id if found else self._next_id("corrections")
        self._put("corrections", doc_id, {"text": text, "label": label, "created": utc_now()})

    def remove_correction(self, text: str) -> bool:
        found = self.db.table("corrections").search(Query().text == text)
        for doc in found:
            self._delete("corrections", doc.doc_id)
        return bool(found)

    # --- corrections of one mention ("here only"): article, where, the text there, label ---
    def mention_corrections(self, article_id: str | None = None) -> list[dict[str, Any]]:
        table = self.db.table("mentions")
        docs = table.all() if article_id is None else table.search(Query().article == article_id)
        return sorted(docs, key=lambda doc: (doc["article"], doc["start"]))

    def _mention_docs(self, article_id: str, start: int, end: int) -> list[Document]:
        return self.db.table("mentions").search(
            (Query().article == article_id) & (Query().start == start) & (Query().end == end)
        )

    def set_mention_correction(self, article_id: str, body: str, start: int, end: int, label: str | None) -> None:
        """`label` for the mention at start-end of the article's `body` (None: not an entity);
        its text and a little around it are kept to find it again after an edit."""
        found = self._mention_docs(article_id, start, end)
        doc_id = found[0].doc_id if found else self._next_id("mentions")
        quote = Quote.of(body, start, end)
        doc = {"article": article_id, "start": start, "end": end, "text": quote.exact, "prefix": quote.prefix}
        doc |= {"suffix": quote.suffix, "label": label, "created": utc_now()}
        self._put("mentions", doc_id, doc)

    def remove_mention_correction(self, article_id: str, start: int, end: int) -> bool:
        found = self._mention_docs(article_id, start, end)
        for doc in found:
            self._delete("mentions", doc.doc_id)
        return bool(found)

    # --- highlights ---
    def highlights(self, article_id: str | None = None) -> list[Highlight]:
        """Highlights (of one article, or all), in reading order within an article."""
        found = [h for h in self._highlights.values() if article_id is None or h.article == article_id]
        return sorted(found, key=lambda h: (h.article, h.start, h.end))

    def highlight(self, highlight_id: str) -> Highlight | None:
        return self._highlights.get(highlight_id)

    def highlight_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for h in self._highlights.values():
            counts[h.article] = counts.get(h.article, 0) + 1
        return counts

    def tags(self) -> list[str]:
        return sorted({tag for h in self._highlights.values() for tag in h.tags}, key=str.casefold)

    def _save_highlight(self, highlight: Highlight) -> None:
        doc_id = self._doc_ids.get(highlight.id) or self._next_id("highlights")
        self._highlights[highlight.id] = highlight
        self._doc_ids[highlight.id] = doc_id
        self._put("highlights", doc_id, highlight.to_dict())

    def _apply(self, remove: tuple[Highlight, ...], put: tuple[Highlight, ...]) -> None:
        """Save `put`, then remove what of `remove` is not in it: a write that fails half
        way leaves one highlight too many, never one too few."""
        for highlight in put:
            self._save_highlight(highlight)
        kept = {h.id for h in put}
        for highlight in remove:
            if highlight.id not in kept and highlight.id in self._highlights:
                del self._highlights[highlight.id]
                self._delete("highlights", self._doc_ids.pop(highlight.id))

    def _change(self, article_id: str, change: Change) -> None:
        self.check_writable()
        self._apply(change.before, change.after)
        self._undo.setdefault(article_id, []).append(change)
        self._redo.pop(article_id, None)

    def add_highlight(
        self, article_id: str, fingerprint: str, body: str, start: int, end: int, color: str = "yellow"
    ) -> Highlight:
        now = utc_now()
        highlight = Highlight.over(
            body,
            start,
            end,
            id=uuid.uuid4().hex,
            article=article_id,
            fingerprint=fingerprint,
            color=color,
            created=now,
            modified=now,
        )
        self._change(article_id, Change("create", (), (highlight,)))
        return highlight

    def highlight_passage(
        self, article_id: str, fingerprint: str, body: str, start: int, end: int
    ) -> tuple[str, Highlight]:
        """Highlight [start, end) of the article's current text (`fingerprint`): "added" a new
        highlight; "already" inside one (that one, unchanged); or "extended": the highlights
        it overlaps become one over them all, with every tag and note kept."""
        self.check_writable()
        here = [
            h
            for h in self._highlights.values()
            if h.article == article_id and h.attached and h.placed_on == fingerprint and h.start < end and h.end > start
        ]
        holding = innermost([h for h in here if h.start <= start and end <= h.end], start, end)
        if holding is not None:
            return "already", holding
        if not here:
            return "added", self.add_highlight(article_id, fingerprint, body, start, end)
        merged = covering(here, body, fingerprint, start, end, utc_now())
        self._change(article_id, Change("extend", tuple(here), (merged,)))
        return "extended", merged

    def update_highlight(self, highlight_id: str, **fields: Any) -> Highlight:
        """Change a highlight's colour, tags or note: an edit the user can undo."""
        before = self._highlights[highlight_id]
        after = before.replace(**fields, modified=utc_now())
        self._change(before.article, Change("edit", (before,), (after,)))
        return after

    def accept_text(self, highlight_id: str, body: str, fingerprint: str) -> Highlight:
        """The user takes the passage a changed text gave a moved highlight as its quote."""
        before = self._highlights[highlight_id]
        after = before.rebased(body, fingerprint).replace(modified=utc_now())
        self._change(before.article, Change("edit", (before,), (after,)))
        return after

    def delete_highlight(self, highlight_id: str) -> Highlight:
        highlight = self._highlights[highlight_id]
        self._change(highlight.article, Change("delete", (highlight,), ()))
        return highlight

    def can_undo(self, article_id: str) -> bool:
        return bool(self._undo.get(article_id))

    def can_redo(self, article_id: str) -> bool:
        return bool(self._redo.get(article_id))

    def undo(self, article_id: str) -> Change | None:
        """Revert the article's last change made in this session (None: nothing to undo)."""
        return self._step(article_id, self._undo, self._redo, backwards=True)

    def redo(self, article_id: str) -> Change | None:
        """Make again the article's last undone change (None: nothing to redo)."""
        return self._step(article_id, self._redo, self._undo, backwards=False)

    def _step(
        self, article_id: str, source: dict[str, list[Change]], target: dict[str, list[Change]], backwards: bool
    ) -> Change | None:
        if not source.get(article_id):
            return None
        self.check_writable()
        change = source[article_id].pop()
        try:
            if backwards:
                self._apply(change.after, change.before)
            else:
                self._apply(change.before, change.after)
        except OSError:
            source[article_id].append(change)  # not done: it can be tried again
            raise
        target.setdefault(article_id, []).append(change)
        return change

    def place(self, article_id: str, fingerprint: str, body: str) -> list[Highlight]:
        """The article's highlights placed on its current text: those placed on another
        version of it are re-anchored from the passage the user highlighted (and saved so,
        unless the store cannot write now: then they are placed for this session and
        re-anchored again next time). Their quotes stay as the user made them."""
        placed = []
        for highlight in self.highlights(article_id):
            if highlight.placed_on != fingerprint:
                where = reanchor(body, highlight.quote, highlight.position)
                if where.status is Status.ORPHAN:  # the old position is kept as it was
                    moved = highlight.placed_at(fingerprint, highlight.start, highlight.end, Status.ORPHAN)
                else:
                    moved = highlight.placed_at(fingerprint, where.start, where.end, where.status)
                if moved != highlight and not self.read_only:
                    try:
                        self._save_highlight(moved)
                    except OSError:
                        pass  # a full disk: placed for now, saved next time
                highlight = moved
            placed.append(highlight)
        return placed

    def merge_highlight(self, highlight: Highlight) -> str:
        """Import one highlight: "added" if new, "updated" if it replaces an older copy,
        "skipped" otherwise. A copy is the highlight with its id (or, for an id from
        outside that was not a UUID, its original id); only a highlight with no id at all
        is matched by article, quote and position, as a re-imported file without ids is:
        different annotations of one passage are all kept."""
        self.check_writable()
        highlight = highlight.replace(tags=highlight.tags)
        existing = self._highlights.get(highlight.id) if highlight.id else None
        if existing is None and highlight.via:
            existing = next((h for h in self._highlights.values() if h.via == highlight.via), None)
        if existing is None and not highlight.id and not highlight.via:
            existing = next(
                (
                    h
                    for h in self._highlights.values()
                    if h.article == highlight.article and h.exact == highlight.exact and h.start == highlight.start
                ),
                None,
            )
        if existing is None:
            now = utc_now()
            created = highlight.created or now
            self._save_highlight(
                highlight.replace(
                    id=highlight.id or uuid.uuid4().hex, created=created, modified=highlight.modified or created
                )
            )
            return "added"
        if highlight.modified > existing.modified:  # a copy with no time is never newer
            self._save_highlight(highlight.replace(id=existing.id))
            return "updated"
        return "skipped"

    # --- feeds: url, title, site, added, and sync state (etag, last_modified, last_sync,
    # last_error, seen: ids of the entries already taken, newest first) ---
    def feeds(self) -> list[dict[str, Any]]:
        return sorted((dict(doc) for doc in self.db.table("feeds")), key=lambda doc: doc["added"])

    def _feed_doc(self, url: str) -> Document | None:
        found = self.db.table("feeds").search(Query().url == url)
        return found[0] if found else None

    def add_feed(self, url: str, title: str, site: str | None = None) -> bool:
        """Follow a feed; False if it is followed already."""
        if self._feed_doc(url) is not None:
            return False
        doc: dict[str, Any] = {
            "url": url,
            "title": title,
            "site": site,
            "added": utc_now(),
            "etag": None,
            "last_modified": None,
            "last_sync": None,
            "last_error": None,
            "seen": [],
        }
        self._put("feeds", self._next_id("feeds"), doc)
        return True

    def update_feed(self, url: str, **fields: Any) -> None:
        doc = self._feed_doc(url)
        if doc is not None:
            self._put("feeds", doc.doc_id, {**doc, **fields})

    def remove_feed(self, url: str) -> dict[str, Any] | None:
        doc = self._feed_doc(url)
        if doc is not None:
            self._delete("feeds", doc.doc_id)
        return dict(doc) if doc is not None else None

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
