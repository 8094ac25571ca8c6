"""Small file helpers shared by the store, the config and the exports."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path


def stamp() -> str:
    """A local date-time for file names: 20261123-140512."""
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def utc_now() -> str:
    """The time as the database records it: UTC, ISO 8601, milliseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def file_stamp(path: Path) -> list[int]:
    """[size, modification time in ns]: what says a file may have changed without reading
    it (OSError if it cannot be looked at)."""
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def write_atomically(path: Path, text: str, mode: int = 0o600) -> None:
    """Write a file so that a crash leaves the old or the new one: temp file, fsync,
    rename, then fsync the folder so the rename itself is durable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
