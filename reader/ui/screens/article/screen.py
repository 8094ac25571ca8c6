"""Reading one article: header, legend, body with the sentence cursor, side panels, find
bar, footer. The screen routes: its keys and the panels' messages go to its parts, the
highlights (`highlights`), the entities (`entities`) and the triage keys (reader.ui.triage)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reader.core.entities import Entity, ModelUnavailable
from reader.core.library import Article
from reader.core.reading.sentences import sentence_spans
from reader.services import Services
from reader.ui.keys import bindings
from reader.ui.messages import OpenArticle
from reader.ui.screens.article.entities import Entities
from reader.ui.screens.article.highlights import Highlights
from reader.ui.triage import Triage, state_line
from reader.ui.widgets.annotations_panel import AnnotationsPanel
from reader.ui.widgets.article_header import ArticleHeader
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.entity_panel import EntityPanel
from reader.ui.widgets.find_bar import FindBar
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.legend import Legend
from reader.ui.workspace.base import SAVED, Changed

if TYPE_CHECKING:
    from reader.ui.workspace import Workspace


class ArticleScreen(Screen):
    BINDINGS = bindings("article")

    def __init__(
        self,
        workspace: Workspace,
        article_id: str,
        order: list[str],
        at: int | None = None,
        marks: list[tuple[int, int]] | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.article_id = article_id
        self.at = at  # a body offset to put the cursor on once the article is in
        self.marks = marks  # spans to mark as matches once it is in (from a search)
        self.order = order
        self.article: Article | None = None
        self.triage = Triage(self, self._entry, on_deleted=self.action_leave)

    def compose(self) -> ComposeResult:
        yield ArticleHeader(id="article-header")
        yield Legend(id="legend")
        with Horizontal(id="article-body"):
            yield ArticleView(id="article-view", text_width=self.services.config.text_width)
            yield EntityPanel(id="entity-panel")
            yield AnnotationsPanel(id="annotations-panel")
        yield FindBar(id="find-bar")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.highlights = Highlights(self, self.view, self.query_one(AnnotationsPanel))
        self.entities = Entities(self, self.view, self.query_one(EntityPanel), self.query_one(Legend))
        self.query_one(FindBar).display = False
        self.query_one(EntityPanel).display = False
        self.query_one(AnnotationsPanel).display = False
        self.view.focus()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.workspace.subscribe(self, self._changed)
        self.workspace.quitting.subscribe(self, lambda _: self.remember_place(), immediate=True)
        self.load(self.article_id)

    def on_unmount(self) -> None:
        self.workspace.unsubscribe(self)  # (a dismissed screen holds its article)
        self.app.theme_changed_signal.unsubscribe(self)

    def _theme_changed(self, theme) -> None:
        if self.article is not None:  # entity and highlight colours depend on dark or light
            self.entities.refresh()
            self.highlights.show()

    def _changed(self, change: Changed) -> None:
        if SAVED in change.what:  # its state (★, tags, note) changed here or from the shell
            self.update_header()

    @on(OpenArticle)
    def goto(self, event: OpenArticle) -> None:
        """Show another article here, with `order` for [ and ], the cursor at `at`."""
        event.stop()
        library = self.workspace.library
        order = event.order or ([e.id for e in library.entries] if library else [event.article_id])
        self.remember_place()
        self.order, self.article_id, self.at, self.marks = order, event.article_id, event.at, event.marks
        self.load(event.article_id)

    @property
    def services(self) -> Services:
        return self.app.services  # type: ignore[attr-defined, no-any-return]  # a ReaderApp

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load(self, article_id: str) -> None:
        """The article, its sentences and, when they are in the cache, its entities: all
        read here, off the UI, and drawn at once."""
        article = self.services.library.load(article_id)
        spans = sentence_spans(article)
        try:
            cached = self.services.entities.cached(article)
            untold = cached is not None and self.services.entities.untold(article.fingerprint)
        except ModelUnavailable:
            cached, untold = None, False  # said when the entities are found
        self.app.call_from_thread(self.show, article, spans, cached)
        if untold:  # cached by an older reader: its language is told now, off the UI
            self.app.call_from_thread(self.entities.find, article)

    def show(self, article: Article, spans: list[tuple[int, int]], cached: list[Entity] | None = None) -> None:
        store = self.services.store
        self.article = article
        self.article_id = article.id
        self.title = article.title
        self.view.show_article(article, spans)
        if store.read_only:  # said on every open; nothing read or changed here is saved
            self.notify("Another reader is using the database: this one is read-only.", severity="warning", timeout=6)
        else:
            with self.app.saving(failed="Could not save the read state"):
                store.articles.mark_read(article.id)
        if self.query_one(FindBar).text:
            self._find()
        self.update_header()
        for warning in article.warnings:
            self.notify(f"{article.id}: {warning}", severity="warning", timeout=6)
        if cached is None:
            self.entities.found = []
            self.query_one(Legend).waiting()
            self.entities.find(article)
        else:
            self.entities.show(article, cached)
        self.highlights.show(place=True)
        at = self.at if self.at is not None else store.articles.position(article.id)
        if at:  # where asked, else where the reader left it last time
            self.view.set_cursor(self.view.sentence_at(at))
        if self.marks:
            self.view.set_matches(self.marks, 0)
        self.at, self.marks = None, None

    def remember_place(self) -> None:
        """Keep the cursor's place (and how far the article was read) for next time."""
        article, span, view, store = self.article, self.view.cursor_span, self.view, self.services.store
        if article is None or span is None or store.read_only:
            return
        with self.app.saving(failed="Could not save your place in the article"):
            store.articles.set_position(article.id, span[0], round(100 * (view.cursor + 1) / len(view.spans)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            message = f"Cannot open {self.article_id}: {event.worker.error}"
            if self.article is None:  # nothing to show: back to the library, and say why there
                self.dismiss()
                self.app.call_after_refresh(self.app.notify, message, severity="error", timeout=8)
            else:
                self.notify(message, severity="error", timeout=8)

    def update_header(self) -> None:
        article = self.article
        if article is not None:
            minutes = max(1, round(article.words / self.services.config.words_per_minute))
            state = state_line(self.services, article.id)
            self.query_one(ArticleHeader).show(article, minutes, self.services.store.read_only, state)

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.query_one(ArticleHeader).progress(event.sentence, event.total)

    # --- panels ---
    def toggle_panel(self, panel: Widget) -> None:
        """Show a side panel and focus it; from the panel itself, hide it again."""
        if panel.display and panel.has_focus:
            panel.display = False
            self.view.focus()
        else:
            panel.display = True
            panel.focus()

    @on(EntityPanel.Closed)
    @on(AnnotationsPanel.Closed)
    def _panel_closed(self) -> None:
        self.view.focus()

    def action_entity_panel(self) -> None:
        self.toggle_panel(self.query_one(EntityPanel))

    def action_annotations_panel(self) -> None:
        self.toggle_panel(self.query_one(AnnotationsPanel))

    @on(EntityPanel.Jump)
    def _entity_jump(self, event: EntityPanel.Jump) -> None:
        self.entities.jump(event)

    @on(EntityPanel.ToggleLabel)
    def _toggle_label(self, event: EntityPanel.ToggleLabel) -> None:
        self.entities.toggle_label(event.label)

    @on(EntityPanel.Articles)
    def _entity_articles(self, event: EntityPanel.Articles) -> None:
        self.entities.articles(event.group)

    @on(AnnotationsPanel.Jump)
    def _highlight_jump(self, event: AnnotationsPanel.Jump) -> None:
        self.highlights.jump(event.highlight_id)

    @on(AnnotationsPanel.Accept)
    def _accept(self, event: AnnotationsPanel.Accept) -> None:
        self.highlights.accept(event.highlight_id)

    # --- keys handed to the parts: the registry names the method, as in `highlights('make')` ---
    def action_highlights(self, what: str, *args: object) -> None:
        getattr(self.highlights, what)(*args)

    def action_entities(self, what: str) -> None:
        getattr(self.entities, what)()

    def action_triage(self, what: str) -> None:
        getattr(self.triage, what)()

    def _entry(self):
        library = self.services.library
        return library.get(self.article_id) if library is not None and self.article is not None else None

    def action_open_url(self) -> None:
        self.app.open_in_browser(self.article.url if self.article else None)

    # --- navigation ---
    def action_back(self) -> None:
        if self.view.clear_selection():
            return
        if self.view.matches:
            self.view.set_matches([], None)
            return
        self.remember_place()
        self.dismiss()  # to where it was opened from (the library, search, the notebook...)

    def action_leave(self) -> None:
        """Back to the library at once, keeping the place."""
        self.remember_place()
        while len(self.app.screen_stack) > 1:  # the library is the screen at the bottom
            self.app.pop_screen()

    def action_sibling(self, delta: int, unread: bool = False) -> None:
        """The next or previous article in the library's order (`]`, `[`); `unread`: the next
        unread one after this (`.`, newsboat's `n`)."""
        if self.article_id not in self.order:
            return
        at, read = self.order.index(self.article_id), self.services.store.articles.read_keys()
        following = [a for a in self.order[at + 1 :] if a not in read][:1] if unread else None
        index = self.order.index(following[0]) if following else -1 if unread else at + delta
        if not 0 <= index < len(self.order):
            self.notify("No unread article after this one." if unread else "No more articles that way.", timeout=2)
            return
        self.post_message(OpenArticle(self.order[index], self.order))

    # --- find ---
    def action_find(self) -> None:
        span = self.view.cursor_span
        self.query_one(FindBar).open(span[0] if span else 0)  # matches are counted from here

    def _find(self) -> None:
        if self.article is not None:
            self.view.set_matches(*self.query_one(FindBar).search(self.article.body))

    @on(FindBar.Changed)
    def _find_changed(self) -> None:
        self._find()

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        self.action_find_step(event.delta)

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        self.view.focus()

    def action_find_step(self, delta: int) -> None:
        view = self.view
        if not view.matches:
            return
        view.set_matches(view.matches, ((view.current_match or 0) + delta) % len(view.matches))
        self.query_one(FindBar).show_count(view.current_match, len(view.matches))
