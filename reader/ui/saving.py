"""The one way the UI changes the user's database: `app.saving()` around the change. A
store that cannot write (another reader holds it, the disk is full, the file is damaged)
gets one message, the app keeps running, and what is on screen stays as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reader.core.store import StoreError


@dataclass
class Attempt:
    ok: bool = False  # True once the change is saved


def store_error_message(error: Exception) -> str:
    """What went wrong, in a line: a StoreError says it itself (read-only, damaged file);
    an OSError by its system message ("No space left on device")."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error).removeprefix("not saved: ")


@contextmanager
def saving(notify: Callable[..., object], done: str | None = None, failed: str = "Not saved") -> Iterator[Attempt]:
    """Run the block; a store error becomes a message (`failed`: why), not a crash."""
    attempt = Attempt()
    try:
        yield attempt
    except (StoreError, OSError) as error:
        notify(f"{failed}: {store_error_message(error)}", severity="error", timeout=8)
        return
    attempt.ok = True
    if done:
        notify(done, timeout=2)
