"""The library's start: the Inbox's first rows as the user left them (kept at quit) on
screen at once, then the library scanned in a thread and shown in their place."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Static

from reader.core.library import Library, ordered
from reader.core.text import plural
from reader.services import first_screen, triage
from reader.ui.widgets.article_list import ArticleList, Column

if TYPE_CHECKING:
    from reader.ui.screens.library import LibraryScreen

    _Base = LibraryScreen
else:
    _Base = object

INBOX = "in:inbox"


class LibraryStart(_Base):
    """Mixed into LibraryScreen."""

    def on_mount(self) -> None:
        self.first_screen, self.app.first_screen = self.app.first_screen, None
        if self.first_screen is not None:  # on screen first; the scan starts once it is drawn
            self.show_first_screen()
            self.call_after_refresh(self.scan)
        else:
            self.scan()

    def scan(self) -> None:
        scan = self.app.services.scan_in_background()
        if scan.done() and scan.exception() is None:
            self.show_library(scan.result())
        else:
            self.wait_for_scan(scan)

    def show_first_screen(self) -> None:
        """The Inbox's first rows as they were at the last quit, while the library is scanned
        (those archived, deleted... since are left out). Moving works on them; an article
        chosen opens once the scan is done; `A` waits for the whole list."""
        if self.first_screen is None:
            return
        services = self.app.services
        self.shown = triage.select(services, INBOX, self.first_screen.entries)
        same_width = self.first_screen.width == self.app.size.width
        columns = [Column(n, w) for n, w in self.first_screen.columns] if same_width else None
        self.show_rows(services.store.highlights.counts(), columns=columns)
        self.query_one("#library-status", Static).update("Inbox · scanning the library…")

    def keep_first_screen(self) -> None:
        """At quit: the Inbox's newest rows and the list's columns, for the next start."""
        if self.library is None:
            return
        services = self.app.services
        try:
            inbox = triage.select(services, INBOX, ordered(triage.visible(services, self.library), "date"))
        except Exception:  # noqa: BLE001  # a cache: quitting never fails for it
            return
        columns = [(c.name, c.width) for c in self.query_one(ArticleList).columns]
        first_screen.save(services, inbox, self.app.size.width, columns)

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def wait_for_scan(self, scan) -> None:
        library = scan.result()
        self.app.call_from_thread(self.show_library, library)

    def show_library(self, library: Library) -> None:
        first = self.library is None
        self.library = library
        self.first_screen = None
        self.refill()
        chosen, self._open_when_scanned = self._open_when_scanned, None
        if chosen is not None:
            if library.get(chosen) is not None:
                self.app.open_article(chosen, [e.id for e in self.shown])
            else:
                self.notify("That article is no longer in the library.", severity="warning")
        if first:
            self.app.export_missing()
            self.set_timer(1.0, self.warm_filter)  # once the list is on screen, not before
            self.watch_library()
            self.set_interval(2.0, self.check_mentions)
            minutes = self.app.services.config.sync_interval
            if minutes:
                self.set_interval(minutes * 60, self.sync_on_schedule)
        if library.skipped:
            self.notify(
                f"{plural(len(library.skipped), 'file')} skipped; press w to see why.", severity="warning", timeout=6
            )

    @work(thread=True, group="watch", exclusive=True, exit_on_error=False)
    def watch_library(self) -> None:
        """A file that appears in the library's folders by any means (`reader add` in a shell,
        a copy, a sync on another machine) is listed within a second or two, unread; one
        deleted leaves the list, one edited is read again. (A
        thread: it stops within 50 ms of the app, where an asyncio watcher could outlive it.)"""
        from textual.worker import get_current_worker
        from watchfiles import Change, watch

        from reader.core.library import SUFFIXES
        from reader.core.library.scanning import article_files, not_an_article

        worker, app = get_current_worker(), self.app
        library, own = self.library, app.services.paths.library_dir
        if library is not None and own in library.roots:
            try:  # watched from the start, so that the first `reader add` in a shell shows too
                own.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass
        roots = [str(root) for root in library.roots if root.is_dir()] if library else []
        if library is None or not roots:
            return

        class Stop:  # what watchfiles asks every 50 ms
            def is_set(self) -> bool:
                return worker.is_cancelled or not app.is_running

        try:
            for changes in watch(*roots, debounce=400, recursive=True, stop_event=Stop()):
                names = {name for change, name in changes if change != Change.deleted}
                gone = sorted({n for c, n in changes if c == Change.deleted and library.has_file(n)} - names)
                edited = sorted(n for n in names if library.has_file(n) and os.path.isfile(n))
                if gone or edited:
                    app.call_from_thread(self._changed, gone, edited)
                for folder in [name for name in names if os.path.isdir(name)]:  # a new folder: what was
                    names.update(
                        str(path) for path in article_files(Path(folder))
                    )  # written in it before it was watched
                arrived = sorted(
                    Path(name)
                    for name in names
                    if name.lower().endswith(SUFFIXES)
                    and not _hidden(name, roots)  # a file being written (".name.tmp"), a hidden folder's
                    and not library.has_file(name)
                    and os.path.isfile(name)
                    and not not_an_article(Path(name))
                )
                if arrived:
                    app.call_from_thread(self._arrived, arrived)
        except (OSError, RuntimeError) as error:  # the system's limit of watches reached, say
            if not Stop().is_set():
                app.call_from_thread(self.notify, f"New files in the library folders show at the next start ({error})")

    def _changed(self, gone: list[str], edited: list[str]) -> None:
        """Files deleted or edited outside the app: a deleted one leaves the list (unless
        the reader moved it to its trash: `u` brings it back), an edited one is read again."""
        from reader.core.library import SkipFile

        library, store = self.library, self.app.services.store
        if library is None:
            return
        for name in gone:
            entry = library.entry_at(name)
            if entry is not None and not store.articles.state(entry.id).deleted and not os.path.exists(name):
                library.drop_file(name)
        for name in edited:
            try:
                fresh = library.refresh_file(Path(name))
                if fresh is not None:
                    self.index_later(fresh.id)
            except SkipFile:
                pass  # unreadable now (half written?): listed as it was
        self.refill()

    def _arrived(self, paths: list[Path]) -> None:
        for path in paths:
            if self.library is not None and not self.library.has_file(path):
                self.article_arrived(path)


def _hidden(name: str, roots: list[str]) -> bool:
    """Whether a file is hidden, or in a hidden folder, inside its library folder (as the scan
    skips them)."""
    root = next((r for r in roots if name.startswith(r.rstrip("/") + "/")), "")
    return any(part.startswith(".") for part in name[len(root) :].split("/"))
