"""The open app's web work: the sync (`R`, on the clock, or asked by the shell) and `a`,
through the one feed service; each new article is listed as soon as it is saved, and the
sync's progress is announced for the status line."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.worker import Worker

from reader.core.text import inert, plural
from reader.services import feed_settings
from reader.services import feeds as feed_service
from reader.ui.workspace.base import LIBRARY, SYNC, Host


class WebRuns:
    def __init__(self, workspace: Host) -> None:
        self.workspace = workspace
        self.status: str | None = None  # "syncing: 3/12 feeds ..." while a sync runs

    @property
    def syncing(self) -> bool:
        return any(w.group == "sync" and w.is_running for w in self.workspace.app.workers)

    def sync(self, only: str | None = None) -> None:
        """Sync every feed (`R`), or the one at the address `only`, saying why not if it cannot."""
        notify = self.workspace.app.notify
        if not self.workspace.ready:
            notify("The library is still being scanned: a moment, then sync.", timeout=3)
            return
        if self.syncing:
            notify("A sync is already running.", timeout=3)
            return
        store = self.workspace.services.store
        feeds = [feed for feed in store.feeds.all() if only is None or feed["url"] == only]
        if not feeds and not store.remote.accounts() and not len(store.fetches):  # a server has feeds; imports pages
            notify(
                "No feeds yet: `a` follows one (a feed's address, or a site that names one), as does "
                "`reader feed add URL`.",
                timeout=8,
            )
            return
        if store.read_only:
            notify("Another reader is using the database: close it to sync.", severity="warning", timeout=6)
            return
        self.sync_feeds(feeds)

    def sync_on_schedule(self) -> None:
        """In the background, the feeds due (each its own `every` minutes, else `sync_interval`)."""
        services = self.workspace.services
        store = services.store
        feeds = feed_settings.due(store.feeds.all(), services.config.sync_interval)
        if (
            (feeds or store.remote.accounts() or len(store.fetches))
            and not self.syncing
            and not store.read_only
            and self.workspace.ready
        ):
            self.sync_feeds(feeds, scheduled=True)

    def sync_feeds(self, feeds: list[dict], scheduled: bool = False) -> Worker[feed_service.Synced]:
        """The sync as a worker (its result: the Synced). Network waits are async and
        extraction runs in worker processes: the screens stay live."""
        return self.workspace.app.run_worker(
            self._sync(feeds, scheduled), group="sync", exclusive=True, exit_on_error=False
        )

    async def _sync(self, feeds: list[dict], scheduled: bool) -> feed_service.Synced:
        workspace = self.workspace
        library = workspace.library
        assert library is not None

        def progress(tally: feed_service.Tally) -> None:
            self.status = tally.status()
            workspace.announce(SYNC)

        self.status = "syncing feeds…"
        workspace.announce(SYNC)
        try:
            synced = await feed_service.sync(
                workspace.services, feeds, library, workspace.saving, workspace.taken, progress
            )
        finally:
            self.status = None
            workspace.announce(SYNC)
        failed = synced.failed
        if scheduled and not failed and not synced.new:
            return synced  # a sync on the clock that found nothing: nothing to say
        shown = synced.lines() if len(synced.reports) <= 5 else [r.line() for r in failed[:5]]
        workspace.app.notify(
            "\n".join([synced.head(), *shown]),
            title="Sync",
            severity="warning" if failed else "information",
            timeout=12 if failed else 6,
        )
        return synced

    def fetch_imported(self) -> None:
        """The pages an import named by address, fetched in the background (as `reader sync`
        would, without the feeds)."""
        if not self.syncing:
            self.workspace.app.run_worker(self._fetch_imported(), group="sync", exclusive=True, exit_on_error=False)

    async def _fetch_imported(self) -> None:
        from reader.services.imports import fetch_pending

        workspace = self.workspace
        if workspace.library is None or workspace.services.store.read_only:
            return
        total, done = len(workspace.services.store.fetches), 0

        def advance(step: int) -> None:
            nonlocal done
            done += step
            self.status = f"fetching imported pages: {done}/{total}"
            workspace.announce(SYNC)

        advance(0)
        try:
            with workspace.saving("Imported pages not fetched") as saved:
                fetched = await fetch_pending(workspace.services, workspace.library, advance)
        finally:
            self.status = None
            workspace.announce(SYNC, LIBRARY)  # listed under their own titles now
        if saved.ok:
            workspace.app.notify(fetched.line()[0].upper() + fetched.line()[1:], title="Import", timeout=6)

    async def follow_opml(self, path: Path) -> tuple[str | None, list[str]]:
        """The feeds of an OPML file followed (read off the event loop, followed in one batch):
        (what was followed, or None if not saved: a message said why; the lines it skipped).
        OSError or OpmlError if the file cannot be read."""
        found = await asyncio.to_thread(feed_service.FeedList.read, path)
        return found.follow(self.workspace.services, self.workspace.saving), found.skipped

    def import_opml(self, path: Path) -> None:
        """The feeds screen's `i`: an OPML file's feeds followed, and said so."""
        self.workspace.app.run_worker(self._import_opml(path), group="add", exit_on_error=False)

    async def _import_opml(self, path: Path) -> None:
        from reader.core.ingest.opml import OpmlError

        notify = self.workspace.app.notify
        try:
            said, skipped = await self.follow_opml(path)
        except OSError as error:
            notify(f"Cannot read {inert(str(path))}: {error.strerror or error}", severity="error", timeout=8)
            return
        except OpmlError as error:
            notify(f"{inert(str(path))}: {error}", title="Not imported", severity="error", timeout=8)
            return
        if said is not None:
            more = f" ({plural(len(skipped), 'outline')} skipped)" if skipped else ""
            notify(f"{said[0].upper()}{said[1:]}{more}: R syncs their articles", title="Feeds", timeout=8)

    def add_account(self, url: str, user: str, password: str) -> None:
        """`S` in the feeds: log in to a feed server at once, and keep it if that worked."""
        self.workspace.app.run_worker(self._add_account(url, user, password), group="add", exit_on_error=False)

    async def _add_account(self, url: str, user: str, password: str) -> None:
        from reader.core.ingest.greader import GReaderError
        from reader.services.remote import add_account

        notify = self.workspace.app.notify
        if self.workspace.services.store.read_only:
            notify("Another reader is using the database: no account was added.", severity="warning", timeout=6)
            return
        notify(f"Logging in to {url}…", timeout=3)
        try:
            said = await add_account(self.workspace.services, url, user, password, None, self.workspace.saving)
        except GReaderError as error:
            notify(str(error), title="Not added", severity="error", timeout=10)
            return
        if said:
            notify(f"{said[0].upper()}{said[1:]}: R syncs through it", title="Feed server", timeout=8)

    def add(self, url: str) -> None:
        """`a`: fetch `url`: a feed is followed, an article saved and listed."""
        self.workspace.app.run_worker(self._add(url), group="add", exit_on_error=False)

    async def _add(self, url: str) -> None:
        from reader.core.ingest import FeedError, FetchError

        workspace = self.workspace
        notify, library = workspace.app.notify, workspace.library
        if library is None:
            notify("The library is still being scanned: add it again in a moment.", timeout=4)
            return
        if workspace.services.store.read_only:
            notify("Another reader is using the database: nothing was added.", severity="warning", timeout=6)
            return
        notify(f"Fetching {inert(url)}…", timeout=3)
        try:
            got = await feed_service.add_address(workspace.services, library, url, workspace.saving)
        except (FetchError, FeedError) as error:
            notify(str(error), title="Not added", severity="error", timeout=10)
            return
        if got is None:
            return  # not saved: the message said why
        if isinstance(got, feed_service.Followed):
            notify(got.notice(fetching=got.new), title="Feed", timeout=6)
            if got.new:  # its articles at once (the shell's `reader feed add` leaves them to `reader sync`)
                self.sync(only=got.url)
        elif got.status == "added" and got.path is not None:
            entry = library.entry_at(got.path)
            if entry is not None:
                workspace.taken(entry)
            notify(f"Saved {inert(got.title or url)}", title="Article", timeout=5)
        elif got.status == "duplicate":
            notify(f"Already in the library: {got.path.name if got.path else url}", timeout=5)
        else:
            notify(got.reason or "not saved", title="Not added", severity="error", timeout=10)
