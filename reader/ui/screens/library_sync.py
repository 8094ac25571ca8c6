"""The library's feed sync (`R`): fetched in the app, each new article listed as it is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from reader.core.text import plural

if TYPE_CHECKING:
    from reader.ui.screens.library import LibraryScreen

    _Base = LibraryScreen
else:
    _Base = object


class SyncActions(_Base):
    """Mixed into LibraryScreen."""

    def action_sync(self) -> None:
        if self.library is None:
            return
        if any(w.group == "sync" and w.is_running for w in self.workers):
            self.notify("A sync is already running.", timeout=3)
            return
        store = self.app.services.store
        if not store.feeds():
            self.notify(
                "No feeds yet: follow one with `reader feed add URL` (a feed, or a site that names one).", timeout=8
            )
            return
        if store.read_only:
            self.notify("Another reader is using the database: close it to sync.", severity="warning", timeout=6)
            return
        self.sync_feeds()

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def sync_feeds(self) -> None:
        """Fetch every feed's new articles; each appears in the list as soon as it is saved.
        Network waits are async and extraction runs in worker processes: the screen stays live."""
        from reader.core.ingest import UrlIndex, sync
        from reader.core.ingest.fetch import Fetcher
        from reader.core.library import SkipFile

        services = self.app.services
        store = services.store
        library = self.library
        counts = {"feeds": 0, "feeds total": 0, "entries": 0, "entries total": 0, "new": 0}
        outside: list[str] = []

        def progress(kind: str, done: int, more: int) -> None:
            counts[kind] += done
            counts[f"{kind} total"] += more
            self.sync_status = (
                f"syncing: {counts['feeds']}/{counts['feeds total']} feeds"
                f" · {counts['entries']}/{counts['entries total']} new entries · {counts['new']} saved"
            )
            self.update_status()

        def saved(result, feed: str) -> None:
            counts["new"] += 1
            try:
                entry = library.add_file(result.path)
            except SkipFile as error:
                outside.append(f"{result.path}: {error}")
                return
            with self.app.saving(failed="Read state not saved"):
                store.arrived(entry.id)  # a new article (under a reused id too): unread, in the inbox
            self.refill()

        def keep(report) -> None:
            with self.app.saving(failed="Feed state not saved"):
                store.update_feed(report.url, **report.state)

        self.sync_status = "syncing feeds…"
        self.update_status()
        try:
            async with Fetcher(services.config.fetch_timeout, services.config.fetch_max_bytes) as fetcher:
                reports = await sync(
                    fetcher,
                    store.feeds(),
                    services.paths.library_dir,
                    UrlIndex(library.entries),
                    on_saved=saved,
                    on_progress=progress,
                    on_feed=keep,
                )
        finally:
            self.sync_status = None
            self.update_status()
        failed = [r for r in reports if r.error or r.failed]
        lines = [r.line() for r in (reports if len(reports) <= 5 else failed[:5])]
        if reports and all(r.error for r in reports):
            head = f"Every feed failed ({plural(len(reports), 'feed')}): nothing was synced"
        else:
            head = f"Synced {plural(len(reports), 'feed')}: {plural(counts['new'], 'new article')}"
        if outside:
            head += f" (saved to {services.paths.library_dir}, which this library does not show)"
        self.notify(
            "\n".join([head, *lines]),
            title="Sync",
            severity="warning" if failed else "information",
            timeout=12 if failed else 6,
        )
