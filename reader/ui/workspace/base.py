"""What the workspace announces, and what its parts (`names`, `web`) ask of it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

    from reader.core.library import Entry, Library
    from reader.services import Services

LIBRARY, SAVED, MENTIONS, SYNC = "library", "saved", "mentions", "sync"  # what a Changed may name


@dataclass(frozen=True)
class Changed:
    """What changed since the last announcement: LIBRARY (the scan is done, articles arrived,
    left or were edited), SAVED (the store), MENTIONS (entity names found), SYNC (a sync's
    progress, or the names being looked up: the status line only)."""

    what: frozenset[str]


class Host(Protocol):
    """The workspace, as its parts see it."""

    app: App
    services: Services
    library: Library | None

    @property
    def ready(self) -> bool: ...

    def announce(self, *what: str) -> None: ...

    def run(self, work: Callable[[], None], group: str, exclusive: bool = True) -> Worker: ...

    def saving(self, failed: str) -> AbstractContextManager[Any]: ...

    def taken(self, entry: Entry) -> None: ...
