"""The open library, for every screen: made by the app and handed to the screens that need
it. It holds what outlives any one screen (the scanned library, the entity names of its
articles, the articles waiting for their entities, the sync under way) and does the work on
it off the UI: the scan, the folders' watcher, indexing what arrives, the sync and `a`.

After every change (a saved change, a sync's article or progress, a watched file, a shell
request) it announces what changed on `changed`; screens subscribe when mounted and redraw
themselves. Nobody calls another screen's redraw."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.signal import Signal
from textual.worker import Worker, WorkerState, get_current_worker

from reader.core.text import inert, plural
from reader.services import feed_settings, triage
from reader.services import feeds as feed_service
from reader.services.rules import Arrivals
from reader.ui.workspace.base import LIBRARY, MENTIONS, SAVED, SYNC, Changed
from reader.ui.workspace.names import EntityNames
from reader.ui.workspace.web import WebRuns

__all__ = ["LIBRARY", "MENTIONS", "SAVED", "SYNC", "Changed", "Workspace"]

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

    from reader.core.library import Entry, Library
    from reader.core.library.watch import Seen
    from reader.services import Services
    from reader.services.first_screen import FirstScreen


class Workspace:
    def __init__(self, app: App, services: Services, first_screen: FirstScreen | None = None) -> None:
        self.app, self.services = app, services
        self.first_screen = first_screen  # the Inbox's rows at the last quit, shown while the library is scanned
        self._tell_notes = not services.store_open  # the app tells them at mount when the database is open
        self.library: Library | None = None  # None until scanned: the one place that says it is ready
        self.problem: str | None = None  # why the library cannot be read
        self.names = EntityNames(self)  # the articles' entity names, for `@name`
        self.web = WebRuns(self)  # the sync and `a`
        self.changed: Signal[Changed] = Signal(app, "workspace-changed")
        # at quit, before the store closes (subscribe with immediate=True; errors are only logged)
        self.quitting: Signal[None] = Signal(app, "workspace-quitting")
        self._announced: set[str] = set()
        self._opened = False
        self._ready = asyncio.Event()

    # --- announcements ---
    def subscribe(self, node: DOMNode, redraw: Callable[[Changed], Any]) -> None:
        """`redraw` is called on `node` (posted: after what it is doing) after each change."""
        self.changed.subscribe(node, redraw)

    def unsubscribe(self, node: DOMNode) -> None:
        """At unmount: a screen that is gone is no longer held (nor told)."""
        self.changed.unsubscribe(node)
        self.quitting.unsubscribe(node)

    def announce(self, *what: str) -> None:
        """Say that these changed: announcements made while handling one event are one."""
        if not self._announced:
            self.app.call_next(self._publish)
        self._announced.update(what)

    def _publish(self) -> None:
        what, self._announced = frozenset(self._announced), set()
        self.changed.publish(Changed(what))

    # --- the library ---
    @property
    def ready(self) -> bool:
        return self.library is not None

    async def wait_ready(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            return False
        return True

    def open(self) -> None:
        """Scan the library (once), off the UI; LIBRARY is announced when it is in."""
        if self._opened:
            return
        self._opened = True
        scan = self.services.scan_in_background()
        if scan.done() and scan.exception() is None:
            self._scanned(scan.result())
        else:
            self.run(lambda: self.app.call_from_thread(self._scanned, scan.result()), "scan")

    def _scanned(self, library: Library) -> None:
        from reader.core.store import StoreError

        try:
            self.services.store  # noqa: B018  # opened behind the first screen (the scan's thread tried first)
        except StoreError as error:  # ended here: the shell offers a fresh database (cli.app)
            self.app.exit(error)
            return
        if self._tell_notes:  # what the database said as it opened behind the first screen (damage kept aside)
            self._tell_notes = False
            for note in self.services.notes:
                self.app.notify(inert(note), title="Database", severity="warning", timeout=15)
        self.library = library
        self.first_screen = None
        self._ready.set()
        self.announce(LIBRARY)
        self.app.set_timer(1.0, partial(self.run, self._warm_filter, "warm"))  # once the list is on screen
        self.run(self._watch, "watch")
        self.export_missing()
        minutes = feed_settings.schedule(self.services.store.feeds.all(), self.services.config.sync_interval)
        if minutes:
            self.app.set_interval(minutes * 60, self.web.sync_on_schedule)
        if library.skipped:
            self.app.notify(
                f"{plural(len(library.skipped), 'file')} skipped; press w to see why.", severity="warning", timeout=6
            )

    def visible(self) -> list[Entry]:
        """The library's articles but the deleted ones, in scan order."""
        return triage.visible(self.services, self.library)

    def _warm_filter(self) -> None:
        """What `/` looks in, made once for every article off the UI (180 ms at 20,000)."""
        for entry in list(self.library.entries if self.library else []):
            entry.haystack  # noqa: B018  # a cached property: made here, read at each key

    def run(self, work: Callable[[], None], group: str, exclusive: bool = True) -> Worker:
        """`work` in a thread, as a worker of the app's (its failure is said: `worker_changed`)."""
        return self.app.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """A worker of the workspace failed: said, never swallowed."""
        if event.state != WorkerState.ERROR:
            return
        group, error = event.worker.group, event.worker.error
        if group == "sync":
            self.app.notify(f"Sync stopped: {error}", severity="error", timeout=10)
        elif group == "add":
            self.app.notify(f"Not added: {error}", severity="error", timeout=10)
        elif group in ("scan", "watch", "warm", "mentions", "index"):
            self.problem = f"Cannot read the library: {error}"
            self.app.notify(self.problem, severity="error", timeout=10)
            self.announce(LIBRARY)

    def export_missing(self) -> None:
        """Write, a few at a time between keys, the auto-export files that articles annotated
        before `auto_export_dir` was set never got."""
        from reader.services import exports

        notify = self.app.notify
        try:
            todo = exports.missing_exports(self.services)
        except OSError as error:
            notify(f"Auto-export: cannot read its folder ({error.strerror or error})", severity="warning")
            return
        if not todo:
            return
        total, told = len(todo), []

        def step() -> None:
            for article_id in todo[-3:]:
                try:
                    exports.auto_export(self.services, article_id, told)
                except Exception as error:  # a full disk, a template that fails: said once, then stop
                    notify(f"Auto-export failed: {error}", severity="warning", timeout=8)
                    todo.clear()
                    break
            del todo[-3:]
            if not todo:
                timer.stop()
                notify(f"Auto-export: wrote {plural(total, 'file')} for articles annotated earlier", timeout=5)
                for note in told:
                    notify(inert(note), title="Auto-export", timeout=10)

        timer = self.app.set_interval(0.05, step)

    # --- the folders watched ---
    def _watch(self) -> None:
        """A file that appears in the library's folders by any means is listed within a
        second or two, unread; one deleted leaves the list, one edited is read again; what
        `reader index` writes to the entity cache is read in. (A thread: it stops within
        50 ms of the app, where an asyncio watcher could outlive it.)"""
        from reader.core.library.watch import watch

        worker, app, library = get_current_worker(), self.app, self.library
        own, cache = self.services.paths.library_dir, self.services.db_path.parent / "entity-cache"
        for folder in ([own] if library is not None and own in library.roots else []) + [cache]:
            try:  # watched from the start, so that the first `reader add` in a shell shows too
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass
        if library is None:
            return
        try:
            for seen in watch(library, lambda: worker.is_cancelled or not app.is_running, also=[cache]):
                app.call_from_thread(self._seen, seen)
        except (OSError, RuntimeError) as error:  # the system's limit of watches reached, say
            if not worker.is_cancelled and app.is_running:
                app.call_from_thread(app.notify, f"New files in the library folders show at the next start ({error})")

    def _seen(self, seen: Seen) -> None:
        from reader.core.library import SkipFile

        library, store = self.library, self.services.store
        if library is None:
            return
        for name in seen.gone:  # unless the reader moved it to its trash (`u` brings it back)
            entry = library.entry_at(name)
            if entry is not None and not store.articles.state(entry.id).deleted and not os.path.exists(name):
                library.drop_file(name)
        for name in seen.edited:
            try:
                fresh = library.refresh_file(Path(name))
                if fresh is not None:
                    self.names.index_later(fresh.id)
            except SkipFile:
                pass  # unreadable now (half written?): listed as it was
        for path in seen.arrived:
            self.article_arrived(path)
        if seen.gone or seen.edited:
            self.announce(LIBRARY)
        if seen.elsewhere:
            self.names.cache_grew()

    def saving(self, failed: str) -> Any:
        """The app's one save path, for the feed service's store changes."""
        return self.app.saving(failed=failed)  # type: ignore[attr-defined]  # a ReaderApp

    def article_arrived(self, path: Path) -> bool:
        """A file saved in the library folder: listed, unread, in the Inbox, its entities found
        in the background. False if this library does not show that folder or the file
        cannot be read."""
        assert self.library is not None
        known = self.library.has_file(path)  # the sync that wrote it and the watcher both say so
        arrivals = None if known else Arrivals(self.services, self.library)  # the rules, on what comes in
        entry = feed_service.take_in(self.services, self.library, path, self.saving, arrivals)
        if entry is not None and not known and self.library.has_file(path):  # not skipped by a rule
            self.taken(entry)
        return entry is not None

    def taken(self, entry: Entry) -> None:
        """An article new to the library: listed, its entities found in the background."""
        self.announce(LIBRARY)
        self.names.index_later(entry.id)
