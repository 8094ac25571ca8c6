"""Small file helpers shared by the store, the config and the exports (and the count of cores
the worker pools that read files and pages size themselves by)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
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


_PRIVATE: list[Path] = []  # the folders of the user's data, config and cache (keep_private)
_USER_UMASK: list[int] = []  # the umask the process started with


def _umask_now() -> int:
    try:  # Linux says it without changing it (os.umask would, for a moment, for every thread)
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Umask:")), 8)
    except (OSError, StopIteration, ValueError):
        umask = os.umask(0o022)
        os.umask(umask)
        return umask


def keep_private(*folders: Path) -> None:
    """From now on what this process creates is its user's alone (umask 077: folders 0700,
    files 0600; the search index, the caches and child processes' files as well). A file
    written outside `folders` (an export into a vault) gets what the user's own umask gives."""
    if not _USER_UMASK:
        _USER_UMASK.append(os.umask(0o077))
    _PRIVATE[:] = [Path(os.path.abspath(folder)) for folder in folders]


def created_mode(path: Path) -> int:
    """The mode for a new file at `path`: 0600 inside the user's data, config and cache
    folders; elsewhere 0666 less the umask the user runs with (what an editor's new file gets)."""
    where = Path(os.path.abspath(path))
    if any(where.is_relative_to(folder) for folder in _PRIVATE):
        return 0o600
    return 0o666 & ~(_USER_UMASK[0] if _USER_UMASK else _umask_now())


def make_folders(folder: Path) -> None:
    """`folder` and its missing parents, each made as `created_mode` says for where it is
    (0700 in reader's own folders; outside them, what the user's umask gives)."""
    missing = []
    at = Path(folder)
    while not at.exists() and at != at.parent:
        missing.append(at)
        at = at.parent
    if not missing:
        return  # there already (10,000 files saved into 300 folders: no mkdir to learn it)
    folder.mkdir(parents=True, exist_ok=True)
    for made in missing:
        mode = created_mode(made)
        with contextlib.suppress(OSError):
            os.chmod(made, mode | (mode & 0o444) >> 2)  # rw- becomes rwx: a folder is entered


def tighten(folder: Path) -> int:
    """`folder` and everything in it made its owner's alone (0700 folders, group and others'
    bits off every file), when `folder` is open to others, as reader before 0.x left it; how
    many were changed (0 when it was private already or is not this user's)."""
    try:
        info = os.lstat(folder)
    except OSError:
        return 0
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or not info.st_mode & 0o077:
        return 0
    changed = 0
    for root, folders, files in os.walk(folder):
        for name in [".", *folders, *files]:
            path = os.path.join(root, name)
            try:
                mode = os.lstat(path).st_mode
                if mode & 0o077 and not stat.S_ISLNK(mode):
                    os.chmod(path, stat.S_IMODE(mode) & 0o700)
                    changed += 1
            except OSError:
                continue
    return changed


class UnreadableFile(OSError):
    """A file the user named that reader will not read; the message says why."""


def read_file(path: Path, max_bytes: int) -> bytes:
    """The one way reader reads a file the user gives it (an article, an import, an OPML, a
    config): a regular file's bytes (a link only to one), or UnreadableFile if it is anything
    else (a FIFO, a device, a socket: never waited on), larger than `max_bytes` (counted while
    reading, not only by its size on disk: /proc files and growing files say 0) or cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO does not block the open
    except OSError as error:
        raise UnreadableFile(f"cannot read: {error.strerror or error}") from error
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise UnreadableFile("not a regular file (a FIFO, device or socket)")
            if info.st_size > max_bytes:
                raise _too_large(info.st_size, max_bytes)
            data = handle.read(max_bytes + 1)
        except UnreadableFile:
            raise
        except OSError as error:
            raise UnreadableFile(f"cannot read: {error.strerror or error}") from error
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _too_large(size: int, max_bytes: int) -> UnreadableFile:
    return UnreadableFile(f"too large ({size / 1024 / 1024:.1f} MB; the limit is {max_bytes / 1024 / 1024:g} MB)")


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


def write_new(
    path: Path, fill: Callable[[Path], object] | bytes, mode: int | None = None, durable: bool = True
) -> bool:
    """Create `path` whole or not at all, never over another file: the bytes `fill` (or what
    `fill(temp)` writes) go to a hidden temporary file, which is fsynced and then linked into
    place. False if `path` exists; a crash leaves at most the temporary file (`sweep` removes it).
    `mode`: as `created_mode` says, unless given. `durable=False`: no fsync (many files written
    at once, made durable together by the caller: `os.sync()`)."""
    mode = created_mode(path) if mode is None else mode
    make_folders(path.parent)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(name)
    try:
        if isinstance(fill, bytes):
            with open(fd, "wb") as handle:  # the descriptor mkstemp opened: no second open
                handle.write(fill)
                handle.flush()
                if durable:
                    os.fsync(fd)
                os.fchmod(fd, mode)
        else:
            os.close(fd)
            fill(tmp)
            if durable:
                with open(tmp, "rb+") as handle:
                    os.fsync(handle.fileno())
            os.chmod(tmp, mode)
        try:
            os.link(tmp, path)  # atomic, and fails rather than replace
        except FileExistsError:
            return False
        if durable:
            _fsync_folder(path.parent)
        return True
    finally:
        tmp.unlink(missing_ok=True)


def sweep(folder: Path, older_than: float = 600.0) -> list[Path]:
    """Remove the temporary files that writes interrupted by a crash left under `folder`
    (not those of a write that may still be under way: younger than `older_than` seconds)."""
    found = []
    for root, _, files in os.walk(folder):
        found += [os.path.join(root, name) for name in files if name.startswith(".") and name.endswith(TEMP_SUFFIX)]
    return remove_leftovers(found, older_than)


def remove_leftovers(paths: list[str], older_than: float = 600.0) -> list[Path]:
    """Remove those of these temporary files older than `older_than` seconds (`sweep`)."""
    removed = []
    limit = time.time() - older_than
    for name in paths:
        leftover = Path(name)
        try:
            if leftover.lstat().st_mtime < limit:
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            continue
    return removed


def write_atomically(path: Path, text: str | bytes, mode: int | None = None, durable: bool = True) -> None:
    """Write a file (text as UTF-8, or bytes as they are) so that a crash leaves the old or
    the new one: temp file, fsync, rename, then fsync the folder so the rename itself is
    durable. `mode`: as `created_mode` says, unless given. `durable=False`: no fsync (a
    cache, whose loss costs nothing)."""
    mode = created_mode(path) if mode is None else mode
    make_folders(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_folder(path.parent)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
