"""The library: every article in a table, filtered as you type, sorted by date or title."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from reader.core.library import Entry, Library, matches, ordered
from reader.core.text import inert, plural
from reader.ui.keys import bindings
from reader.ui.screens.help import ListScreen
from reader.ui.widgets.article_list import ArticleList

SORTS = ("date", "title")


class LibraryScreen(Screen):
    TITLE = "Library"
    AUTO_FOCUS = "ArticleList"
    BINDINGS = bindings("library")

    def __init__(self) -> None:
        super().__init__()
        self.library: Library | None = None
        self.sort = "date"
        self.shown: list[Entry] = []
        self.mentions: dict[str, set[str]] | None = None  # article id -> entity names (casefolded)
        self.unindexed = 0
        self.sync_status: str | None = None  # "syncing feeds 3/12 · 5 new" while a sync runs

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="/ filter by title, site or feed; @name: mentions an entity; #tag: a highlight's tag",
            id="filter",
        )
        yield Static(id="list-header")
        yield ArticleList(id="articles")
        yield Static("Scanning the library…", id="library-status")
        yield Footer()

    @on(ArticleList.ColumnsChanged)
    def _columns_changed(self, event: ArticleList.ColumnsChanged) -> None:
        self.query_one("#list-header", Static).update(event.header)

    def on_mount(self) -> None:
        scan = self.app.services.scan_in_background()
        if scan.done() and scan.exception() is None:
            self.show_library(scan.result())
        else:
            self.wait_for_scan(scan)

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def wait_for_scan(self, scan) -> None:
        library = scan.result()
        self.app.call_from_thread(self.show_library, library)

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR and event.worker.group == "sync":
            self.notify(f"Sync stopped: {event.worker.error}", severity="error", timeout=10)
        elif event.state == WorkerState.ERROR:
            message = f"Cannot read the library: {event.worker.error}"
            self.query_one("#library-status", Static).update(message)
            self.notify(message, severity="error", timeout=10)

    def show_library(self, library: Library) -> None:
        self.library = library
        self.refill()
        if library.skipped:
            self.notify(
                f"{plural(len(library.skipped), 'file')} skipped; press w to see why.", severity="warning", timeout=6
            )

    # --- table ---
    def refill(self) -> None:
        if self.library is None:
            return
        terms = self.query_one("#filter", Input).value.casefold().split()
        if any(t.startswith("@") and len(t) > 1 for t in terms) and self.mentions is None:
            self.load_mentions()
        tags: dict[str, set[str]] = {}
        if any(t.startswith("#") for t in terms):
            for h in self.app.services.store.highlights():
                tags.setdefault(h.article, set()).update(tag.casefold() for tag in h.tags)
        entries = (
            [e for e in self.library.entries if matches(e, terms, self.mentions, tags)]
            if terms
            else self.library.entries
        )
        self.shown = ordered(entries, self.sort)
        articles = self.query_one(ArticleList)
        articles.counts = self.app.services.store.highlight_counts()
        articles.progress = self.app.services.store.progress()
        articles.show(self.shown, self.app.services.store.read_ids(), keep=self.current_id)
        self.update_status()

    @work(thread=True, exclusive=True, group="mentions", exit_on_error=False)
    def load_mentions(self) -> None:
        """Entity names of every article that has cached entities (no model run here)."""
        from reader.core.entities import ModelUnavailable

        self.app.call_from_thread(self.query_one("#library-status", Static).update, "Looking up entities…")
        mentions: dict[str, set[str]] = {}
        unindexed = 0
        try:
            for entry, article, found, _ in self.app.services.article_entities(compute=False):
                if found is None:
                    unindexed += 1
                else:
                    mentions[entry.id] = {e.text(article.body).casefold() for e in found}
        except ModelUnavailable as error:
            self.app.call_from_thread(self.notify, f"Entities are off: {error}", severity="error")

        def done() -> None:
            self.mentions, self.unindexed = mentions, unindexed
            self.refill()

        self.app.call_from_thread(done)

    def update_status(self) -> None:
        assert self.library is not None
        total = len(self.library.entries)
        parts = [
            f"{len(self.shown):,} of {plural(total, 'article')}"
            if len(self.shown) != total
            else plural(total, "article")
        ]
        unread = sum(1 for e in self.shown if not self.app.services.store.is_read(e.id))
        parts.append(f"{unread:,} unread")
        parts.append(f"sorted by {self.sort}")
        if self.app.services.store.read_only:  # for as long as it lasts, not only in a toast
            parts.insert(0, "⚠ read-only: another reader has the database")
        if self.library.skipped:
            parts.append(f"{len(self.library.skipped)} skipped (w)")
        if self.unindexed and "@" in self.query_one("#filter", Input).value:
            parts.append(f"{self.unindexed} not indexed yet: run `reader index` to search their entities")
        if self.sync_status:
            parts.append(self.sync_status)
        self.query_one("#library-status", Static).update(" · ".join(parts))

    @property
    def current_id(self) -> str | None:
        current = self.query_one(ArticleList).current
        return current.id if current else None

    def on_screen_resume(self) -> None:
        if self.library is not None:
            self.refill()

    # --- actions ---
    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refill()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(ArticleList).focus()

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        self.app.open_article(event.article_id, [e.id for e in self.shown])

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.value = ""
        self.query_one(ArticleList).focus()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refill()

    def action_open_url(self) -> None:
        current = self.query_one(ArticleList).current
        if current is not None:
            self.app.open_in_browser(current.url)

    # --- feeds ---
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
        Network waits are async and extraction runs in threads: the screen stays live."""
        from reader.core.ingest import UrlIndex, sync
        from reader.core.ingest.fetch import Fetcher
        from reader.core.library import SkipFile

        services = self.app.services
        store = services.store
        library = self.library
        counts = {"done": 0, "total": 0, "new": 0}
        outside: list[str] = []

        def progress(done: int, more: int) -> None:
            counts["done"] += done
            counts["total"] += more
            self.sync_status = f"syncing feeds {counts['done']}/{counts['total']} · {counts['new']} new"
            self.update_status()

        def saved(result, feed: str) -> None:
            counts["new"] += 1
            try:
                entry = library.add_file(result.path)
            except SkipFile as error:
                outside.append(f"{result.path}: {error}")
                return
            with self.app.saving(failed="Read state not saved"):
                store.mark_unread(entry.id)  # a new article under a reused id is unread
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
        head = f"Synced {plural(len(reports), 'feed')}: {plural(counts['new'], 'new article')}"
        if outside:
            head += f" (saved to {services.paths.library_dir}, which this library does not show)"
        self.notify(
            "\n".join([head, *lines]),
            title="Sync",
            severity="warning" if failed else "information",
            timeout=12 if failed else 6,
        )

    def action_search(self) -> None:
        from reader.ui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen())

    def action_explore(self) -> None:
        from reader.ui.screens.explore import ExploreScreen

        self.app.push_screen(ExploreScreen([e.id for e in self.shown]))

    def action_notebook(self) -> None:
        from reader.ui.screens.notebook import NotebookScreen

        self.app.push_screen(NotebookScreen())

    def action_skipped(self) -> None:
        skipped = self.library.skipped if self.library else []
        text = Text()
        for item in skipped:
            root = next((r for r in self.library.roots if item.path.is_relative_to(r)), None)
            shown = item.path.relative_to(root) if root else item.path
            text.append(inert(str(shown)), style="bold")
            text.append(f": {item.reason}\n")
            if root:
                text.append(f"  in {inert(str(root))}\n", style="dim")
        body = text if skipped else Text("No file was skipped.")
        self.app.push_screen(ListScreen(f"Skipped files ({len(skipped)})", body))
