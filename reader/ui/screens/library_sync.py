"""The library's web actions: the feed sync (`R`), each new article listed as it is saved,
and adding a web address (`a`): a feed followed, an article saved, told apart by itself."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from reader.core.text import inert
from reader.services import feeds as feed_service
from reader.ui.screens.views import ViewsPanel

if TYPE_CHECKING:
    from reader.ui.screens.library import LibraryScreen

    _Base = LibraryScreen
else:
    _Base = object


class SyncActions(_Base):
    """Mixed into LibraryScreen."""

    def action_sync(self, only: str | None = None) -> None:
        """Sync every feed, or the one at the address `only`."""
        if self.library is None:
            self.notify("The library is still being scanned: a moment, then sync.", timeout=3)
            return
        if any(w.group == "sync" and w.is_running for w in self.workers):
            self.notify("A sync is already running.", timeout=3)
            return
        store = self.app.services.store
        feeds = [feed for feed in store.feeds.all() if only is None or feed["url"] == only]
        if not feeds:
            self.notify(
                "No feeds yet: `a` follows one (a feed's address, or a site that names one), as does "
                "`reader feed add URL`.",
                timeout=8,
            )
            return
        if store.read_only:
            self.notify("Another reader is using the database: close it to sync.", severity="warning", timeout=6)
            return
        self.sync_feeds(feeds)

    def sync_on_schedule(self) -> None:
        """`sync_interval` minutes since the last one: every feed, in the background."""
        store = self.app.services.store
        feeds = store.feeds.all()
        running = any(w.group == "sync" and w.is_running for w in self.workers)
        if feeds and not running and not store.read_only and self.library is not None:
            self.sync_feeds(feeds, scheduled=True)

    def action_add(self) -> None:
        from reader.ui.screens.views import NameDialog

        def given(url: str | None) -> None:
            if url:
                self.add_address(url)

        about = "A feed to follow, a site that names one, or an article to save: reader tells them apart."
        self.app.push_screen(NameDialog("Add a web address", about, placeholder="https://…"), given)

    @work(group="add", exit_on_error=False)
    async def add_address(self, url: str) -> None:
        """Fetch `url`: a feed is followed, an article saved and listed (worker processes
        read it: the screen stays live)."""
        from reader.core.ingest import FeedError, FetchError

        services = self.app.services
        if self.library is None:
            self.notify("The library is still being scanned: add it again in a moment.", timeout=4)
            return
        if services.store.read_only:
            self.notify("Another reader is using the database: nothing was added.", severity="warning", timeout=6)
            return
        self.notify(f"Fetching {inert(url)}…", timeout=3)
        try:
            got = await feed_service.add_address(services, self.library, url, self._guard)
        except (FetchError, FeedError) as error:
            self.notify(str(error), title="Not added", severity="error", timeout=10)
            return
        if got is None:
            return  # not saved: the message said why
        if isinstance(got, feed_service.Followed):
            self.notify(got.notice(), title="Feed", timeout=6)
            self.query_one(ViewsPanel).count()
            return
        if got.status == "added" and got.path is not None:
            self.refill()
            entry = self.library.entry_at(got.path)
            if entry is not None:
                self.index_later(entry.id)
            self.notify(f"Saved {inert(got.title or url)}", title="Article", timeout=5)
        elif got.status == "duplicate":
            self.notify(f"Already in the library: {got.path.name if got.path else url}", timeout=5)
        else:
            self.notify(got.reason or "not saved", title="Not added", severity="error", timeout=10)

    def _guard(self, failed: str):
        return self.app.saving(failed=failed)

    def article_arrived(self, path: Path) -> bool:
        """A file saved in the library folder: listed now, unread, in the Inbox. False if this
        library does not show that folder or the file cannot be read."""
        assert self.library is not None
        known = self.library.has_file(path)
        entry = feed_service.take_in(self.app.services, self.library, path, self._guard)
        if entry is None:
            return False
        if not known:
            self.refill()
            self.index_later(entry.id)
        return True

    def index_later(self, article_id: str) -> None:
        """Find the article's entities in the background (`index_new`)."""
        self.to_index.append(article_id)
        if not any(w.group == "index" and w.is_running for w in self.workers):
            self.index_new()

    @work(thread=True, group="index", exit_on_error=False)
    def index_new(self) -> None:
        """The entities of the articles that arrived, found one at a time by the entity
        process while no key has been pressed for a second, so that `@entity`, the entity
        panel and Explore know them without `reader index`."""
        from textual.worker import get_current_worker

        from reader.core.entities import ModelUnavailable
        from reader.core.library import SkipFile

        worker, app = get_current_worker(), self.app
        while self.to_index and not worker.is_cancelled:
            if app.idle_for() < 1.0:
                time.sleep(0.2)  # the keys first: the entity process answers one request at a time
                continue
            article_id = self.to_index.pop(0)
            try:
                article = self.library.load(article_id) if self.library else None
                found = app.services.entities.of(article) if article else None
            except ModelUnavailable:  # entities are off: said where they are shown
                return
            except (SkipFile, OSError, KeyError):
                continue
            if found is not None and article is not None:
                names = {entity.text(article.body).casefold() for entity in found}
                app.call_from_thread(self._indexed, article_id, names)

    def _indexed(self, article_id: str, names: set[str]) -> None:
        if self.mentions is not None:  # else loaded from the cache when first asked for
            self.mentions = {**self.mentions, article_id: names}  # a new dict: the filter sees a change
            self.refill()

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def sync_feeds(self, feeds: list[dict], scheduled: bool = False) -> feed_service.Synced:
        """Fetch the feeds' new articles; each appears in the list as soon as it is saved.
        Network waits are async and extraction runs in worker processes: the screen stays live."""
        library = self.library
        assert library is not None

        def arrived(entry) -> None:
            self.refill()
            self.index_later(entry.id)

        def progress(tally: feed_service.Tally) -> None:
            self.sync_status = tally.status()
            self.update_status()

        self.sync_status = "syncing feeds…"
        self.update_status()
        try:
            synced = await feed_service.sync(self.app.services, feeds, library, self._guard, arrived, progress)
        finally:
            self.sync_status = None
            self.update_status()
        failed = synced.failed
        if scheduled and not failed and not synced.new:
            return synced  # a sync on the clock that found nothing: nothing to say
        lines = synced.lines()
        shown = lines if len(synced.reports) <= 5 else [r.line() for r in failed[:5]]
        self.notify(
            "\n".join([synced.head(), *shown]),
            title="Sync",
            severity="warning" if failed else "information",
            timeout=12 if failed else 6,
        )
        return synced
