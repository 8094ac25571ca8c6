"""The lock that lets one process at a time write the database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

IN_USE = "another reader is using it"  # why `lock` found the database taken


def lock(path: Path) -> tuple[IO[str] | None, str]:
    """An exclusive lock on `path` (a file beside the database): (the open lock file, "") or
    (None, why this process cannot write: another reader holds it, or the medium is read-only)."""
    try:
        import fcntl
    except ImportError:  # no fcntl (Windows): no lock
        return open(os.devnull, "w"), ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # 0600: a lock another user could open is one they could take, making this reader read-only
        handle = open(os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600), "a+", encoding="utf-8")  # noqa: SIM115 (held open: the lock lives as long as it)
    except OSError as error:
        return None, f"{path.parent} cannot be written ({error.strerror or error})"
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None, IN_USE
    try:  # who holds it, for a person looking; a full disk may refuse it
        os.ftruncate(handle.fileno(), 0)
        os.write(handle.fileno(), str(os.getpid()).encode())
    except OSError:
        pass
    return handle, ""
