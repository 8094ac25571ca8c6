"""The storage under the Store: the whole TinyDB database in memory, each saved change one
line appended to a journal (`reader.json.journal`: the change's documents, every byte
checked, fsynced) instead of rewriting the file, folded into `reader.json` (written
atomically) when a session that saved something closes; a lock file lets one process at a
time write."""

from __future__ import annotations

import contextlib
import errno
import glob
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from reader.core.codec import dumps, encode, loads, paused_gc
from reader.core.files import stamp, write_atomically, write_new
from reader.core.store import index, layout
from reader.core.store.layout import LATER

COMPACT_AFTER = 20_000  # journal lines; folded in (in a thread of its own) after this many, and at close


class StoreError(Exception):
    """The database file cannot be used; the message says what is wrong and where."""


class ReadOnlyError(StoreError):
    """Another reader holds the database (or its medium is read-only): this one cannot write."""


class NotSaved(StoreError):
    """A change could not be written (the disk is full...): the store is as it was before it."""


def not_saved(error: OSError, path: Path) -> NotSaved:
    why = "the disk is full" if error.errno in (errno.ENOSPC, errno.EDQUOT) else (error.strerror or str(error))
    return NotSaved(f"not saved: {why} ({path})")


def write_all(fd: int, data: bytes) -> None:
    """Every byte of `data`, or OSError: os.write may write fewer bytes than asked (a disk
    filling up) without an error."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


def _change(entry: Any) -> tuple[str, str, dict[str, Any] | None]:
    table, doc_id, doc = entry["t"], entry["id"], entry["doc"]
    if not isinstance(table, str) or not isinstance(doc_id, str) or not (doc is None or isinstance(doc, dict)):
        raise TypeError("not a change")
    return table, doc_id, doc


class JournalStorage(Storage):
    """TinyDB storage: the whole database in memory; each saved change is one line appended
    to the journal (a batch of documents, all or none), fsynced, every byte checked.
    Opening never writes, unless something damaged must be kept aside."""

    def __init__(self, path: Path, read_only: bool = False, checked_as: str = ""):
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        # `checked_as` names the checks the records pass: a database file this storage wrote
        # (its size, time and inode in the stamp beside it) holds only records that passed
        # them, and `trusted` says so; `replayed` names the records the journal brought in.
        self.stamp_path = self.path.with_name(self.path.name + ".checked")
        self.index_path = self.path.with_name(self.path.name + ".index")  # of LATER's records (index.py)
        self._index: tuple[layout.Unread, index.Index | None] | None = None  # read for that table once
        self.checked_as = checked_as
        self.trusted = False
        self.replayed: set[tuple[str, str]] = set()
        self.read_only = read_only
        self.warnings: list[str] = []  # what the user is told once the store is open
        self.journal_lines = 0  # lines in the journal since the last snapshot
        self.needs_snapshot = False  # a migration or a damaged journal: the next change writes it all
        self._good_size = 0  # bytes of the journal that hold whole, valid lines
        self._damaged_tail: bytes | None = None  # the journal from a damaged line on, to keep aside
        self._damage_warning = -1  # which of `warnings` says so (it names where the rest is kept)
        self._torn = False  # a failed append may have left bytes behind: start the next one on a new line
        self.appended = False  # this session saved something
        # LATER's part of the file, unparsed: a file this reader wrote keeps that table last, and
        # its stamp says where it lies; parsed when first needed (`read_all`), or written back as is
        self._later: layout.Unread | None = None
        self._reading = threading.Lock()
        # a batch (Tables) and a fold hold it: a fold after COMPACT_AFTER lines runs in a thread
        # of its own (never on the app's event loop), between two batches
        self.lock = threading.RLock()
        self._folding = False
        self._closed = False
        # what the stamp also keeps of LATER's table (`summarize` makes it: the highlights per
        # article), as JSON text: answers a count without parsing the table while it is unparsed
        self.summarize: Callable[[dict[str, Any]], Any] | None = None
        self._summary = ""
        self.data: dict[str, Any] | None = self._load()

    def _load(self) -> dict[str, Any] | None:
        data = None
        if self.path.exists():
            try:
                handle = open(self.path, "rb")  # noqa: SIM115  # kept open while LATER's part is unread
            except OSError as error:
                raise StoreError(f"{self.path}: cannot read the database: {error}") from error
            try:
                stamped = (self._stamped() or "").split("\n")
                self.trusted = self._stamp(os.fstat(handle.fileno())) == stamped[0]
                data, self._later = layout.parse(handle, stamped[1] if self.trusted and len(stamped) > 1 else "")
                self._summary = stamped[2] if self._later is not None and len(stamped) > 2 else ""
            except layout.Blank:
                raise StoreError(
                    f"{self.path}: the database file is empty (0 bytes of data); it has been left as it is"
                ) from None
            except (OSError, UnicodeDecodeError) as error:
                raise StoreError(f"{self.path}: cannot read the database: {error}") from error
            except json.JSONDecodeError as error:
                raise StoreError(
                    f"{self.path}: the database is damaged (line {error.lineno}, column {error.colno}: "
                    f"{error.msg}); it has been left as it is"
                ) from error
            finally:
                if self._later is None:  # else LATER's bytes are read from it when needed
                    handle.close()
            if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
                raise StoreError(f"{self.path}: not a reader database (unexpected content); it has been left as it is")
        try:
            journal = self.journal_path.read_bytes()
        except FileNotFoundError:
            return data
        except OSError as error:
            raise StoreError(f"{self.journal_path}: cannot read the journal: {error.strerror or error}") from error
        data = data if data is not None else {}
        position = recovered = 0
        while position < len(journal):
            end = journal.find(b"\n", position)
            if end < 0:  # a torn last line: its write never finished, nor was it acknowledged
                break
            line = journal[position:end]
            if line.strip():
                try:
                    entry = loads(line)
                    changes = [_change(e) for e in entry["b"]] if "b" in entry else [_change(entry)]
                except (ValueError, KeyError, TypeError, AttributeError):
                    self._damaged_tail = journal[position:]
                    number = journal.count(b"\n", 0, position) + 1
                    self._damage_warning = len(self.warnings)
                    self.warnings.append(
                        f"{self.journal_path} was damaged at line {number}: the {recovered} changes before it "
                        "are recovered; the rest is kept aside"
                    )
                    self.needs_snapshot = True
                    break
                for table, doc_id, doc in changes:
                    self.replayed.add((table, doc_id))
                    if table == LATER:
                        self._read_later(data)  # its records are checked at open with the rest
                    rows = data.setdefault(table, {})
                    if doc is None:
                        rows.pop(doc_id, None)
                    else:
                        rows[doc_id] = doc
                recovered += 1
            position = end + 1
            self._good_size = position
        self.journal_lines = recovered
        return data

    def _read_later(self, data: dict[str, Any]) -> None:
        with self._reading:
            if self._later is None:
                return
            try:
                with paused_gc(freeze=True):  # read once per process, all kept
                    rows = loads(self._later.whole())
            except OSError as error:
                raise StoreError(f"{self.path}: cannot read the database: {error}") from error
            except ValueError as error:
                raise StoreError(
                    f"{self.path}: the database is damaged ({LATER}: {error}); it has been left as it is"
                ) from error
            if not isinstance(rows, dict):
                raise StoreError(
                    f"{self.path}: the database is damaged ({LATER}: not a table); it has been left as it is"
                )
            data[LATER] = rows
            self._later = None

    def summary(self) -> Any:
        """What `summarize` made of LATER's table as it is, while it is unparsed (None: unknown)."""
        if self._later is None or not self._summary:
            return None
        try:
            return loads(self._summary)
        except ValueError:  # a torn stamp: the table is parsed instead
            return None

    def read_all(self) -> None:
        """Parse what was left to parse until first needed (LATER's table), now."""
        if self._later is not None and self.data is not None:
            self._read_later(self.data)

    def index(self) -> index.Index | None:
        """The index of LATER's records while they are unparsed (None: none that holds)."""
        later = self._later
        if later is None:
            return None
        if self._index is None or self._index[0] is not later:
            self._index = later, index.read(self.index_path, later)
        return self._index[1]

    def _encoded(self) -> tuple[bytes, str, dict[str, Any] | None]:
        """The database as its file holds it, LATER's table last (as it was read, if it was
        never parsed), where that table lies (for the stamp), and its rows if they were
        encoded (for their index)."""
        assert self.data is not None
        later = self._later
        if later is not None and self.checked_as and not index.made(self.index_path, later.generation):
            with contextlib.suppress(StoreError):  # no index for them yet (an older reader's file): made once
                self._read_later(self.data)
        with self._reading:  # as one: a fold's thread and a first read of the highlights may meet
            later, rows = self._later, self.data.get(LATER)
            others = {table: docs for table, docs in self.data.items() if table != LATER}
        if rows is None and later is None:
            return encode(self.data), "", None
        return *layout.write(others, rows, later), rows if later is None else None

    def _summarized(self) -> str:
        if self._later is not None and self._summary:
            return self._summary  # unparsed, so unchanged since it was summarized
        if self.summarize is not None and self.data is not None:
            try:
                self._read_later(self.data)  # no summary yet (a file an older reader wrote): made once
            except StoreError:
                return ""  # the file is written already: its highlights' damage is told where they are read
        rows = self.data.get(LATER) if self.data is not None else None
        return dumps(self.summarize(rows)) if self.summarize is not None and rows is not None else ""

    def _stamp(self, stat: os.stat_result) -> str:
        return f"{self.checked_as} {stat.st_size} {stat.st_mtime_ns} {stat.st_ino}"

    def _stamped(self) -> str | None:
        if not self.checked_as:
            return None
        try:
            return self.stamp_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    @property
    def damaged(self) -> bool:
        """The journal holds a damaged rest not yet kept aside."""
        return self._damaged_tail is not None

    def say_where_the_rest_is(self, where: str) -> None:
        """Name, in the damage warning, where the journal's damaged rest is now."""
        warning = self.warnings[self._damage_warning]
        self.warnings[self._damage_warning] = warning.replace("kept aside", where)

    def keep_aside(self, what: str, content: bytes) -> Path:
        """Write `content`, byte for byte, beside the database, named for what it is and when
        (a number added when that name is taken); the file that holds it already, if one does."""
        prefix = f"{self.path.name}.{what}-"
        for earlier in sorted(self.path.parent.glob(glob.escape(prefix) + "*")):
            with contextlib.suppress(OSError):
                if earlier.stat().st_size == len(content) and earlier.read_bytes() == content:
                    return earlier  # kept aside by an earlier open
        name = f"{prefix}{stamp()}"
        for n in range(1, 1000):
            target = self.path.with_name(name if n == 1 else f"{name}-{n}")
            if write_new(target, lambda tmp: tmp.write_bytes(content), mode=0o600):
                return target
        raise FileExistsError(errno.EEXIST, "too many files kept aside this second", str(target))

    def settle(self) -> None:
        """Make the journal end on its last whole, valid line: a damaged rest kept aside
        first, a torn last line dropped (it was never acknowledged)."""
        if self._damaged_tail is not None:
            kept = self.keep_aside("journal.damaged", self._damaged_tail)
            self.say_where_the_rest_is(f"kept in {kept.name}")
            self._damaged_tail = None
        try:
            size = self.journal_path.stat().st_size
        except FileNotFoundError:
            return
        if size != self._good_size:
            os.truncate(self.journal_path, self._good_size)

    def read(self) -> dict[str, Any] | None:
        """TinyDB's view (the corrections' tables): LATER's table only once it is parsed."""
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        """TinyDB's whole-database write (the Store saves through `append`)."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only")
        with self.lock:
            self.data = data
            self.snapshot()

    def append(self, changes: list[tuple[str, str]]) -> None:
        """Save the documents `changes` names ((table, id); deleted when gone from the data)
        as one journal line; OSError if not every byte reached the disk (the journal is cut
        back to where it was)."""
        assert self.data is not None
        self.settle()
        if self.needs_snapshot or not self.path.exists():
            self.snapshot()
            self.appended = True
            return
        entries = [{"t": t, "id": i, "doc": self.data.get(t, {}).get(i)} for t, i in dict.fromkeys(changes)]
        entry = entries[0] if len(entries) == 1 else {"b": entries}
        line = dumps(entry) + "\n"
        fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            size = os.fstat(fd).st_size
            try:
                write_all(fd, (b"\n" if self._torn else b"") + line.encode("utf-8"))
                os.fsync(fd)
            except OSError:
                try:
                    os.ftruncate(fd, size)
                    os.fsync(fd)
                except OSError:
                    self._torn = True
                raise
            self._torn = False
            self._good_size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        self.journal_lines += 1
        self.appended = True
        if self.journal_lines >= COMPACT_AFTER and not self._folding:
            self._folding = True
            threading.Thread(target=self._fold, name="reader-fold", daemon=True).start()

    def _fold(self) -> None:
        """Fold the journal in, between two batches (a kill in the middle of it loses nothing)."""
        with self.lock:
            try:
                if not self._closed and self.journal_lines >= COMPACT_AFTER:
                    self.snapshot()
            except OSError:
                pass  # the journal holds every change: folded in another time
            finally:
                self._folding = False

    def snapshot(self) -> None:
        """Fold everything into reader.json (atomically, fsynced) and empty the journal."""
        if self.read_only or self.data is None:
            return
        content, where, rows = self._encoded()
        write_atomically(self.path, content, mode=0o600)
        if self.checked_as:  # a cache: lost or torn, the next open checks every record (and parses them all)
            with contextlib.suppress(OSError):
                stamp = self._stamp(self.path.stat()) + (f"\n{where}\n{self._summarized()}" if where else "")
                write_atomically(self.stamp_path, stamp, mode=0o600, durable=False)
                if rows is not None:  # after the stamp: a crash between leaves an index of no file
                    _, _, start, generation = where.split()
                    index.write(self.index_path, generation, rows, content[int(start) : -1])
        self.needs_snapshot = False
        self._damaged_tail = None
        if self.journal_path.exists():
            os.truncate(self.journal_path, 0)
        self._good_size = 0
        self._torn = False
        self.journal_lines = 0

    def close(self) -> None:
        """Fold the journal in if this session saved anything; on a full disk it stays as
        it is, holding every change (a warning says so). Waits for a fold under way."""
        with self.lock:
            self._closed = True  # a fold that has not started yet: nothing to do, this one does it
            try:
                if not self.read_only and self.appended and self.journal_lines:
                    self.snapshot()
            except OSError as error:
                self.warnings.append(
                    f"{not_saved(error, self.path).args[0].replace('not saved', 'not folded in')}: every change is "
                    f"kept in {self.journal_path.name} and folded in next time"
                )
            finally:
                if self._later is not None:  # never read: the file it was to be read from let go
                    self._later.close()
