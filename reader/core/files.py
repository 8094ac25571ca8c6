"""Small file helpers shared by the store, the config and the exports."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
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


TEMP_SUFFIX = ".tmp"  # what is being written: a hidden ".<name>.<random>.tmp" beside it, which scans skip


def _fsync_folder(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def write_new(path: Path, fill: Callable[[Path], object] | bytes, mode: int = 0o644) -> bool:
    """Create `path` whole or not at all, never over another file: the bytes `fill` (or what
    `fill(temp)` writes) go to a hidden temporary file, which is fsynced and then linked into
    place. False if `path` exists; a crash leaves at most the temporary file (`sweep` removes it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(name)
    try:
        if isinstance(fill, bytes):
            with open(fd, "wb") as handle:  # the descriptor mkstemp opened: no second open
                handle.write(fill)
                handle.flush()
                os.fsync(fd)
                os.fchmod(fd, mode)
        else:
            os.close(fd)
            fill(tmp)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
        try:
            os.link(tmp, path)  # atomic, and fails rather than replace
        except FileExistsError:
            return False
        _fsync_folder(path.parent)
        return True
    finally:
        tmp.unlink(missing_ok=True)


def sweep(folder: Path, older_than: float = 600.0) -> list[Path]:
    """Remove the temporary files that writes interrupted by a crash left under `folder`
    (not those of a write that may still be under way: younger than `older_than` seconds)."""
    removed = []
    limit = time.time() - older_than
    for root, _, files in os.walk(folder):
        for name in files:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                leftover = Path(root) / name
                try:
                    if leftover.lstat().st_mtime < limit:
                        leftover.unlink()
                        removed.append(leftover)
                except OSError:
                    continue
    return removed


def write_atomically(path: Path, text: str, mode: int = 0o600) -> None:
    """Write a file so that a crash leaves the old or the new one: temp file, fsync,
    rename, then fsync the folder so the rename itself is durable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
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
    _fsync_folder(path.parent)
