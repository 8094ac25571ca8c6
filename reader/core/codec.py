"""JSON for the large documents reader reads and writes (the database, exports): orjson (1.5x
faster to read, 9x to write, 40x with indents, at 100,000 highlights), and the standard
library for what orjson refuses. And `paused_gc`, for reading what makes a million objects
that all stay."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson


def loads(data: bytes | memoryview | str) -> Any:
    """JSON as Python data: orjson's reading, or (for what it refuses, such as an integer
    beyond 64 bits or NaN, and to say where a damaged file is damaged) the standard library's."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        if isinstance(data, memoryview):
            data = bytes(data)
        if isinstance(data, bytes):  # as UTF-8, whatever json would guess (UnicodeDecodeError if it is not)
            data = data.decode("utf-8")
        return json.loads(data)


def dumps(data: Any, indent: bool = False) -> str:
    """JSON text, non-ASCII kept as it is; compact, or indented by two spaces (`indent`)."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0).decode("utf-8")
    except TypeError:  # what orjson will not write (an integer beyond 64 bits): the standard way
        pass
    if indent:
        return json.dumps(data, ensure_ascii=False, indent=2)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def encode(data: Any) -> bytes:
    """`dumps(data)` as UTF-8 bytes (compact), without a decoded copy on the way."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return dumps(data).encode("utf-8")


@contextmanager
def paused_gc(freeze: bool = False) -> Iterator[None]:
    """No garbage collection inside: reading the database makes a million objects (at 100,000
    highlights) that all stay, and each collection would walk every one made so far (three
    quarters of the time it took to open). `freeze`: what exists then is kept out of later
    collections too (gc.freeze: no pause at each collection after) - for what is read once
    per process (the database), never for what is read again and again (a rescan would freeze
    the garbage of the moment with it). Frozen objects are still freed when let go (reference
    counting); only a cycle among them would wait."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was:
            gc.enable()
