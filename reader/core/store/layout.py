"""How the database file is laid out: JSON, with one table (LATER: the highlights, all but a
few kilobytes of a lifetime's file) written last, so that a file this reader wrote can be
read without parsing it, and that table parsed when first needed. Where it lies is kept in
the stamp beside the file (`JournalStorage`), which is trusted only for the file it names."""

from __future__ import annotations

from typing import Any

from reader.core.codec import encode, loads

LATER = "highlights"


def _between(head: int) -> bytes:
    """What stands between the other tables and LATER's (`head`: their length without the
    closing brace; 1 when there are none)."""
    return f'{"," if head > 1 else ""}"{LATER}":'.encode()


def parse(raw: bytes, where: str) -> tuple[Any, memoryview | None]:
    """The file's JSON and LATER's table unparsed (None: parsed with the rest), when `where`
    (as `write` made it) says where it lies and the bytes agree."""
    parts = where.split()
    if len(parts) == 3 and parts[0] == LATER and parts[1].isdigit() and parts[2].isdigit():
        head, start = int(parts[1]), int(parts[2])
        if raw[head:start] == _between(head) and raw.endswith(b"}"):
            return loads(raw[:head] + b"}"), memoryview(raw)[start:-1]
    return loads(raw), None


def write(others: dict[str, Any], rows: Any, later: memoryview | None) -> tuple[bytes, str]:
    """The file's bytes for these tables and LATER's (`rows`, or as it was read: `later`),
    and where that table lies."""
    head = encode(others)
    between = _between(len(head) - 1)
    body = encode(rows) if later is None else later
    start = len(head) - 1 + len(between)
    return b"".join((head[:-1], between, body, b"}")), f"{LATER} {len(head) - 1} {start}"
