"""The library: the articles of a view (the Inbox first) in a list, filtered as you type
with the query language, sorted by date or title; the keys that work through them. What
the list shows is the Listing's; the library itself, and the work on it, the workspace's.
At start the Inbox's first rows as the user left them (kept at quit) are on screen at once,
until the library is scanned."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

from reader.core.library import Entry
from reader.core.text import plural
from reader.services import first_screen, triage
from reader.ui.keys import bindings
from reader.ui.messages import OpenArticle, OpenExplore, OpenFeeds, OpenNotebook, OpenReview, OpenSearch
from reader.ui.plain import plain
from reader.ui.screens.library.listing import INBOX, Listing
from reader.ui.screens.library.views import ViewsPanel
from reader.ui.triage import Triage
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.list_columns import Column
from reader.ui.workspace.base import SYNC, Changed

if TYPE_CHECKING:
    from reader.ui.workspace import Workspace


class LibraryScreen(Screen):
    TITLE = "Library"
    AUTO_FOCUS = "ArticleList"
    BINDINGS = bindings("library", "views")  # the views drawer's keys: see check_action

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.listing = Listing(workspace)
        self.triage = Triage(self, lambda: self.query_one(ArticleList).current)
        self._refill_due = False
        self._open_when_scanned: str | None = None  # an article chosen on the first screen

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="/ filter: words, is:unread, in:later, tag:x, #x, feed:x, @entity, text:word, -word, a OR b",
            id="filter",
        )
        yield Static(id="list-header")
        yield ArticleList(id="articles")
        yield Static("Scanning the library…", id="library-status")
        yield ViewsPanel(self.listing)
        yield KeyFooter()

    def on_mount(self) -> None:
        if problem := self.listing.open_on(self.app.services.config.start_view):
            self.notify(problem, severity="warning")
        self.workspace.subscribe(self, self._changed)
        self.workspace.quitting.subscribe(self, self._keep_first_screen, immediate=True)
        if self.workspace.first_screen is not None:  # on screen first; the scan starts once it is drawn
            self.show_first_screen()
            self.call_after_refresh(self.workspace.open)
        else:
            self.workspace.open()

    def _changed(self, change: Changed) -> None:
        """The workspace changed: drawn again now if on top, else when back (`on_screen_resume`)."""
        if change.what == {SYNC} or not self.is_current:
            self.update_status()
            return
        self.refill()
        chosen, self._open_when_scanned = self._open_when_scanned, None
        if chosen is not None and self.workspace.library is not None:
            if self.workspace.library.get(chosen) is not None:
                self.post_message(OpenArticle(chosen, [e.id for e in self.listing.shown]))
            else:
                self.notify("That article is no longer in the library.", severity="warning")

    def on_screen_resume(self) -> None:
        if self.workspace.ready:
            self.refill()

    # --- the list ---
    @property
    def typed(self) -> str:
        return self.query_one("#filter", Input).value

    @property
    def current_id(self) -> str | None:
        current = self.query_one(ArticleList).current
        return current.id if current else None

    def refill(self) -> None:
        """The list as the view, the filter and the order find it (drawn only if something changed)."""
        if not self.workspace.ready:
            self.show_first_screen()
            return
        counts = self.app.services.store.highlights.counts()
        if self.listing.find(self.typed, counts):
            self.show_rows(counts, base=self.workspace.library.entries)  # type: ignore[union-attr]  # ready
            self.update_status()

    def show_rows(
        self, counts: dict[str, int], base: list[Entry] | None = None, columns: list[Column] | None = None
    ) -> None:
        """The Listing's articles in the list, with the store's marks (read, progress, states)
        and `counts` of highlights (worked out once by the caller, which needs them too)."""
        store = self.app.services.store
        articles = self.query_one(ArticleList)
        articles.origin = self.listing.origin()
        articles.counts = counts
        articles.progress = store.articles.progress()
        articles.states = store.articles.states()
        articles.show(self.listing.shown, store.articles.read_keys(), keep=self.current_id, base=base, columns=columns)

    def show_first_screen(self) -> None:
        """The Inbox's first rows as at the last quit (their kept marks, before the database is
        open) while the library is scanned; an article chosen opens once it is, `A` waits."""
        kept, status = self.workspace.first_screen, self.query_one("#library-status", Static)
        if kept is not None:
            services, listing = self.app.services, self.listing
            columns = [Column(n, w) for n, w in kept.columns] if kept.width == self.app.size.width else None
            inbox = listing.query_text("") == INBOX  # the rows kept are the Inbox's
            if inbox and not services.store_open:  # the first frame, before the database is open
                listing.shown = kept.entries
                self.query_one(ArticleList).show_kept(kept.entries, kept.marks, columns)
            else:
                listing.shown = triage.select(services, listing.query_text(""), kept.entries)
                self.show_rows(services.store.highlights.counts(), columns=columns)
            total = kept.total - len(kept.entries) + len(listing.shown)  # less what left the Inbox since
            count = f" · {plural(total, 'article')}" if inbox else ""
            status.update(plain(f"{listing.view['name']}{count} · scanning the library…"))
        if self.workspace.problem:  # the scan failed
            status.update(plain(self.workspace.problem))

    def _keep_first_screen(self, _: None = None) -> None:
        """At quit: the Inbox's newest rows, their marks and the list's columns, for the next start."""
        if self.workspace.ready:
            columns = [(c.name, c.width) for c in self.query_one(ArticleList).columns]
            visible, width = self.workspace.visible(), self.app.size.width
            first_screen.keep(self.app.services, visible, width, columns, self.listing.origin())

    def update_status(self) -> None:
        library, listing, names = self.workspace.library, self.listing, self.workspace.names
        if library is None:
            return
        parts = listing.counted()
        if self.app.services.store.read_only:  # for as long as it lasts, not only in a toast
            parts.insert(0, "⚠ read-only: another reader has the database")
        if library.skipped:
            parts.append(f"{len(library.skipped)} skipped (w)")
        if names.unindexed and "@" in self.typed:
            parts.append(f"{names.unindexed} not indexed yet: run `reader index` to search their entities")
        if names.looking_up:
            parts.append("looking up entities…")
        if self.workspace.web.status:
            parts.append(self.workspace.web.status)
        if not library.entries and not library.skipped:  # a first run: where articles come from
            parts.append(
                "nothing here yet: `a` adds a feed, a site or an article; `reader add`, `reader feed import` in a shell"
            )
        if listing.problem:
            parts.insert(0, f"⚠ {listing.problem}")
        self.query_one("#library-status", Static).update(plain(" · ".join(parts)))

    @on(ArticleList.ColumnsChanged)
    def _columns_changed(self, event: ArticleList.ColumnsChanged) -> None:
        self.query_one("#list-header", Static).update(plain(event.header))

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
        if not self.workspace.ready:  # the first screen: it opens once the library is scanned
            self._open_when_scanned = event.article_id
            return
        self.post_message(OpenArticle(event.article_id, [e.id for e in self.listing.shown]))

    # --- keys ---
    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one(ArticleList).focus()

    def point_at(self, article_ids: tuple[str, ...]) -> None:
        """The cursor on the first of these articles the list shows (what `u` brought back)."""
        self.refill()
        self.query_one(ArticleList).move_to_first_of(article_ids)

    def action_sort(self) -> None:
        self.listing.next_sort()
        self.refill()

    def action_hide_read(self) -> None:
        """`H`: the read articles left out of whatever view is shown, or shown again."""
        self.listing.hide_read = not self.listing.hide_read
        self.refill()
        self.notify("Read articles hidden." if self.listing.hide_read else "Read articles shown.", timeout=2)

    def action_open_url(self) -> None:
        current = self.query_one(ArticleList).current
        if current is not None:
            self.app.open_in_browser(current.url)

    def action_skipped(self) -> None:
        from reader.ui.dialogs import skipped_files

        self.app.push_screen(skipped_files(self.workspace.library))

    def action_search(self) -> None:
        self.post_message(OpenSearch())

    def action_explore(self) -> None:
        self.post_message(OpenExplore([e.id for e in self.listing.shown]))

    def action_notebook(self) -> None:
        self.post_message(OpenNotebook())

    def action_review(self) -> None:
        self.post_message(OpenReview())

    def action_review_shown(self) -> None:
        """The review of the highlights of the articles on screen (the view and its filter)."""
        self.post_message(OpenReview({e.id for e in self.listing.shown}, self.listing.view["name"]))

    def action_feeds(self) -> None:
        self.post_message(OpenFeeds(then=self._show_view))

    def action_sync(self) -> None:
        self.workspace.web.sync()

    def action_add(self) -> None:
        from reader.ui.dialogs import ask_web_address

        ask_web_address(self.app, self.workspace.web.add)

    # --- working through the list: the registry names the Triage method, as in `triage('archive')` ---
    def action_triage(self, what: str) -> None:
        getattr(self.triage, what)()

    def action_all(self, mark: str) -> None:
        self.triage.mark_all(self.listing.shown if self.workspace.ready else None, mark)

    # --- the views drawer: its keys are the screen's while it is open (the list keeps the focus) ---
    @property
    def views(self) -> ViewsPanel:
        return self.query_one(ViewsPanel)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the drawer is open its keys work and the library's wait; `v` closes it."""
        open_ = self.views.display
        return open_ if action == "drawer" else action == "views" or not open_

    def action_views(self) -> None:
        if self.views.display:
            self.views.close()
        elif self.workspace.ready:
            self.views.open(self.listing.view["name"], self.listing.query_text(self.typed))
            self.query_one(ArticleList).covered = True
            self.refresh_bindings()  # the footer: the drawer's keys

    def action_drawer(self, what: str, *args: object) -> None:
        """A key of the open drawer: the registry names the ViewsPanel method, as in `drawer('save')`."""
        getattr(self.views, what)(*args)

    def on_click(self, event: events.Click) -> None:
        """A click outside the open drawer closes it."""
        if self.views.display and not self.views.region.contains(event.screen_x, event.screen_y):
            self.views.close()

    @on(ViewsPanel.Chosen)
    def _view_chosen(self, event: ViewsPanel.Chosen) -> None:
        self.query_one(ArticleList).covered = False
        self.refresh_bindings()
        self._show_view(event.view)

    def _show_view(self, view: dict | None) -> None:
        """A view chosen (in the drawer, or a feed's on the feeds screen): shown, unfiltered."""
        if view is None:
            return
        self.listing.choose(view)
        self.query_one("#filter", Input).value = ""
        self.refill()
