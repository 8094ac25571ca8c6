"""The library: the articles of a view (the Inbox first) in a list, filtered as you type
with the query language, sorted by date or title; the keys that work through them."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

from reader.core.library import Entry, Facts, Library, Query, QueryError, ordered
from reader.core.text import inert, plural
from reader.services import first_screen, triage
from reader.ui.keys import bindings
from reader.ui.screens.help import ListScreen
from reader.ui.screens.library_elsewhere import ElsewhereActions
from reader.ui.screens.library_filter import ListFilter
from reader.ui.screens.library_start import INBOX, LibraryStart
from reader.ui.screens.library_sync import SyncActions
from reader.ui.screens.triage import LibraryTriage
from reader.ui.screens.views import ViewActions, ViewsPanel
from reader.ui.widgets.article_list import ArticleList, Column
from reader.ui.widgets.key_footer import KeyFooter

SORTS = ("date", "title")


class LibraryScreen(LibraryStart, SyncActions, LibraryTriage, ViewActions, ElsewhereActions, Screen):
    TITLE = "Library"
    AUTO_FOCUS = "ArticleList"
    BINDINGS = [*bindings("library"), *bindings("views")]  # the views drawer's keys: see ViewActions

    def __init__(self) -> None:
        super().__init__()
        self.library: Library | None = None
        self.sort = "date"
        self.shown: list[Entry] = []
        self.mentions: dict[str, set[str]] | None = None  # article id -> entity names (casefolded)
        self.unindexed = 0
        self.sync_status: str | None = None  # "syncing feeds 3/12 · 5 new" while a sync runs
        self.view = {"name": "Inbox", "query": INBOX}
        self.problem: str | None = None  # why the filter cannot be read, while it cannot
        self.in_view: int | None = None  # articles in the view (the filter aside)
        self.list_filter = ListFilter()
        self._mentions_seen = -1  # the entity cache's size when `mentions` was read
        self._refill_due = False
        self._refilled: tuple = ()  # (what the list was last made of, its order)
        self._unread: tuple[tuple, int] = ((), 0)
        self._sorted: dict[str, tuple[tuple, list[Entry]]] = {}  # sort -> (scope, the visible entries in order)
        self.first_screen: first_screen.FirstScreen | None = None  # shown until the scan is done
        self._open_when_scanned: str | None = None  # an article chosen on the first screen
        self.to_index: list[str] = []  # articles arrived whose entities are not found yet

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="/ filter: words, is:unread, in:later, tag:x, #x, feed:x, @entity, text:word, -word, a OR b",
            id="filter",
        )
        yield Static(id="list-header")
        yield ArticleList(id="articles")
        yield Static("Scanning the library…", id="library-status")
        yield ViewsPanel()
        yield KeyFooter()

    @on(ArticleList.ColumnsChanged)
    def _columns_changed(self, event: ArticleList.ColumnsChanged) -> None:
        self.query_one("#list-header", Static).update(event.header)

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR and event.worker.group == "sync":
            self.notify(f"Sync stopped: {event.worker.error}", severity="error", timeout=10)
        elif event.state == WorkerState.ERROR and event.worker.group == "add":
            self.notify(f"Not added: {event.worker.error}", severity="error", timeout=10)
        elif event.state == WorkerState.ERROR:
            message = f"Cannot read the library: {event.worker.error}"
            self.query_one("#library-status", Static).update(message)
            self.notify(message, severity="error", timeout=10)

    # --- table ---
    @property
    def query_text(self) -> str:
        """The view's query and the filter, as one query."""
        typed = self.query_one("#filter", Input).value.strip()
        view = self.view["query"]
        return f"({view}) {typed}" if view and typed else view or typed

    def in_order(self) -> list[Entry]:
        """The visible articles in the current order (sorted once per change of the library)."""
        assert self.library is not None
        services = self.app.services
        key = self.scope()
        if self._sorted.get(self.sort, ((), []))[0] != key:  # each order kept: `s` back and forth is free
            self._sorted[self.sort] = (key, ordered(triage.visible(services, self.library), self.sort))
        return self._sorted[self.sort][1]

    def scope(self) -> tuple:
        """What the visible list holds, whatever its order."""
        assert self.library is not None
        return (id(self.library), len(self.library.entries), self.app.services.store.articles.deleted_ids())

    def refill(self) -> None:
        if self.library is None:
            self.show_first_screen()
            return
        store = self.app.services.store
        counts = store.highlights.counts()

        def facts(query: Query) -> Facts:
            if "mentions" in query.needs and self.mentions is None:
                self.load_mentions()
            tags = store.highlights.tags_by_article() if "tags" in query.needs else {}
            text = partial(triage.text_ids, self.app.services) if "text" in query.needs else None
            found = Facts(store.articles.read_ids(), store.articles.states(), tags, counts, self.mentions, text)
            found.feed_folders, found.feed_names = store.feeds.folders(), store.feeds.names()
            return found

        typed = self.query_one("#filter", Input).value
        version = self.version()
        made_of = self.made_of(self.view["query"], typed)
        if (made_of, self.sort) == self._refilled and self.problem is None:
            return  # nothing it shows has changed (back from another screen, say)
        self._refilled = (made_of, self.sort)
        try:
            base = self.in_order()
            self.shown, self.in_view = self.list_filter.apply(
                base, self.scope(), self.view["query"], typed, facts, version
            )
            self.problem = None
        except QueryError as error:  # the list stays as it was until the query reads
            self.problem = str(error)
        self.show_rows(counts, base=self.library.entries)
        self.update_status()
        self.query_one(ViewsPanel).count()  # when open: articles arrived (a sync), say

    def show_rows(
        self, counts: dict[str, int], base: list[Entry] | None = None, columns: list[Column] | None = None
    ) -> None:
        """`shown` in the list, with the store's marks (read, progress, states) and `counts`
        of highlights (worked out once by the caller, which needs them too)."""
        store = self.app.services.store
        articles = self.query_one(ArticleList)
        articles.counts = counts
        articles.progress = store.articles.progress()
        articles.states = store.articles.states()
        articles.show(self.shown, store.articles.read_keys(), keep=self.current_id, base=base, columns=columns)

    def made_of(self, view: str, typed: str) -> tuple:
        """What the list shows is made of: the list is made again only when this changes."""
        assert self.library is not None
        return (self.version(), id(self.library), len(self.library.entries), view, typed)

    def unread_known(self, view: str, count: int, unread: int) -> None:
        """The unread count of a view (unfiltered) as counted elsewhere, for the status line."""
        self._unread = ((self.made_of(view, ""), count), unread)

    def version(self) -> tuple:
        """Changes whenever what the list is made from may have: the store, the entity names."""
        return (self.app.services.store.version, id(self.mentions))

    @work(thread=True, exclusive=True, group="warm", exit_on_error=False)
    def warm_filter(self) -> None:
        """What `/` looks in, made once for every article off the UI (180 ms at 20,000).
        (No arguments: Textual names a worker with the repr of its arguments.)"""
        for entry in list(self.library.entries if self.library else []):
            entry.haystack  # noqa: B018  # a cached property: made here, read at each key

    def check_mentions(self) -> None:
        """Every 2 s: entities another process found (`reader index` in a shell) are read in."""
        if self.mentions is not None and self.unindexed and self._cache_size() != self._mentions_seen:
            self.load_mentions()

    def _cache_size(self) -> int:
        try:
            return self.app.services.entities.cache.path.stat().st_size
        except Exception:  # noqa: BLE001  # no cache yet, or entities are off
            return -1

    @work(thread=True, exclusive=True, group="mentions", exit_on_error=False)
    def load_mentions(self) -> None:
        """Entity names of every article that has cached entities (no model run here)."""
        from reader.core.entities import ModelUnavailable

        self._mentions_seen = self._cache_size()

        self.app.call_from_thread(self.query_one("#library-status", Static).update, "Looking up entities…")
        mentions: dict[str, set[str]] = {}
        unindexed = 0
        try:
            mentions, unindexed = triage.mentions(self.app.services)
        except ModelUnavailable as error:
            self.app.call_from_thread(self.notify, f"Entities are off: {error}", severity="error")

        def done() -> None:
            self.mentions, self.unindexed = mentions, unindexed
            self.refill()

        self.app.call_from_thread(done)

    def update_status(self) -> None:
        assert self.library is not None
        total = self.in_view if self.in_view is not None else len(self.in_order())
        shown = len(self.shown)
        parts = [
            self.view["name"],
            f"{shown:,} of {plural(total, 'article')}" if shown != total else plural(total, "article"),
        ]
        store = self.app.services.store
        counted = (self._refilled[0] if self._refilled else (), len(self.shown))  # its order aside
        if self._unread[0] != counted:  # counted once per change
            read = store.articles.read_keys()
            self._unread = (counted, sum(1 for e in self.shown if e.id not in read))
        parts.append(f"{self._unread[1]:,} unread")
        parts.append(f"sorted by {self.sort}")
        if self.app.services.store.read_only:  # for as long as it lasts, not only in a toast
            parts.insert(0, "⚠ read-only: another reader has the database")
        if self.library.skipped:
            parts.append(f"{len(self.library.skipped)} skipped (w)")
        if self.unindexed and "@" in self.query_one("#filter", Input).value:
            parts.append(f"{self.unindexed} not indexed yet: run `reader index` to search their entities")
        if self.sync_status:
            parts.append(self.sync_status)
        if self.problem:
            parts.insert(0, f"⚠ {self.problem}")
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
        if not self._refill_due:  # the typed character is drawn first; keys typed meanwhile make one refill
            self._refill_due = True
            self.call_after_refresh(self._refill_typed)

    def _refill_typed(self) -> None:
        self._refill_due = False
        self.refill()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(ArticleList).focus()

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        if self.library is None:  # the first screen: it opens once the library is scanned
            self._open_when_scanned = event.article_id
            return
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

    # --- working through the list ---
    def triage_target(self) -> Entry | None:
        return self.query_one(ArticleList).current

    def triaged(self, deleted: bool = False) -> None:
        self.refill()

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
