"""How the database file is laid out: JSON, with one table (LATER: the highlights, all but a
few kilobytes of a lifetime's file) written last, so that a file this reader wrote can be
read without parsing it, and that table parsed when first needed. Where it lies is kept in
the stamp beside the file (`JournalStorage`), which is trusted only for the file it names."""

from __future__ import annotations

import os
import threading
from typing import Any, BinaryIO

from reader.core.codec import encode, loads

LATER = "highlights"


def _between(head: int) -> bytes:
    """What stands between the other tables and LATER's (`head`: their length without the
    closing brace; 1 when there are none)."""
    return f'{"," if head > 1 else ""}"{LATER}":'.encode()


class Blank(ValueError):
    """The file holds nothing (0 bytes, or only spaces)."""


class Unread:
    """LATER's table as the file holds it, read from the open file when first asked for: 45 MB
    at 100,000 highlights, that a command which never needs them (`reader list`) never reads.
    The file is only ever replaced (renamed over), never rewritten in place, so the open
    handle keeps the bytes it was opened with. On Windows, where an open file cannot be
    renamed over, they are read at once. `generation` names these bytes (`write`): an index
    of the records made when they were written (`index.py`) says where each lies in them."""

    def __init__(self, handle: BinaryIO, start: int, end: int, generation: str = "") -> None:
        self._handle: BinaryIO | None = handle
        self._start, self._end = start, end
        self.generation = generation
        self._bytes: bytes | None = None
        self._lock = threading.Lock()
        if os.name == "nt":
            self.whole()

    def whole(self) -> bytes:
        """The table's bytes (OSError if the file was cut short in place meanwhile)."""
        with self._lock:
            if self._bytes is None:
                self._bytes = self._read(0, self._end - self._start)
                self.close()
            return self._bytes

    def part(self, start: int, end: int) -> bytes:
        """Bytes `start` to `end` of the table, read alone if the rest is unread."""
        with self._lock:
            return self._bytes[start:end] if self._bytes is not None else self._read(start, end)

    def _read(self, start: int, end: int) -> bytes:
        if self._handle is None:
            raise OSError("the database was closed")
        if hasattr(os, "pread"):  # at its place, whatever another thread's read did to the position
            data = os.pread(self._handle.fileno(), end - start, self._start + start)
        else:  # Windows: read whole at once, before any other thread has it
            self._handle.seek(self._start + start)
            data = self._handle.read(end - start)
        if len(data) != end - start:
            raise OSError(f"the file changed while it was open ({len(data)} bytes where {end - start} were)")
        return data

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def parse(handle: BinaryIO, where: str) -> tuple[Any, Unread | None]:
    """The file's JSON (read from `handle`, at its start) and LATER's table unread (None: read
    and parsed with the rest), when `where` (as `write` made it) says where it lies and the
    bytes agree. Blank if the file holds nothing; ValueError if it is not JSON. The handle is
    LATER's to close when it is returned."""
    parts = where.split()
    if len(parts) in (3, 4) and parts[0] == LATER and parts[1].isdigit() and parts[2].isdigit():
        head, start = int(parts[1]), int(parts[2])
        size = os.fstat(handle.fileno()).st_size
        first = handle.read(start)
        handle.seek(size - 1)
        if start < size and first[head:] == _between(head) and handle.read(1) == b"}":
            return loads(first[:head] + b"}"), Unread(handle, start, size - 1, (parts + [""])[3])
        handle.seek(0)
    raw = handle.read()
    if not raw.strip():
        raise Blank
    return loads(raw), None


def write(others: dict[str, Any], rows: Any, later: Unread | None) -> tuple[bytes, str]:
    """The file's bytes for these tables and LATER's (`rows`, or as it was read: `later`),
    and where that table lies, with the generation of its bytes (new when made from `rows`)."""
    head = encode(others)
    between = _between(len(head) - 1)
    body = encode(rows) if later is None else later.whole()
    generation = later.generation if later is not None else os.urandom(8).hex()
    start = len(head) - 1 + len(between)
    return b"".join((head[:-1], between, body, b"}")), f"{LATER} {len(head) - 1} {start} {generation}"
