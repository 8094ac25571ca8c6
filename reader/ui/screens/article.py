"""Reading one article: header, body with the sentence cursor, find bar, footer."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.core.articles import Article
from reader.core.sentences import sentence_spans
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.find_bar import FindBar


def find_all(body: str, query: str) -> list[tuple[int, int]]:
    if not query:
        return []
    return [m.span() for m in re.finditer(re.escape(query), body, re.IGNORECASE)]


class ArticleScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="article.back"),
        Binding("slash", "find", "Find", id="article.find"),
        Binding("n", "find_step(1)", "Next match", show=False, id="article.find_next"),
        Binding("N", "find_step(-1)", "Previous match", show=False, id="article.find_previous"),
        Binding("right_square_bracket", "sibling(1)", "Next article", id="article.next_article"),
        Binding("left_square_bracket", "sibling(-1)", "Previous article", show=False, id="article.previous_article"),
    ]

    def __init__(self, article_id: str, order: list[str]) -> None:
        super().__init__()
        self.article_id = article_id
        self.order = order
        self.article: Article | None = None
        self.matches: list[tuple[int, int]] = []
        self.current_match: int | None = None
        self.find_origin = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="article-header"):
            yield Static(id="article-title")
            yield Static(id="article-progress")
        yield ArticleView(id="article-view", text_width=self.app.services.config.text_width)
        yield FindBar(id="find-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FindBar).display = False
        self.query_one(ArticleView).focus()
        self.load(self.article_id)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load(self, article_id: str) -> None:
        article = self.app.services.library.load(article_id)
        spans = sentence_spans(article)
        self.app.call_from_thread(self.show, article, spans)

    def show(self, article: Article, spans: list[tuple[int, int]]) -> None:
        self.article = article
        self.article_id = article.id
        self.title = article.title
        self.view.show_article(article, spans)
        try:
            self.app.services.store.mark_read(article.id)
        except OSError as error:  # disk full, read-only...: keep reading, say so
            self.notify(f"Could not save the read state: {error.strerror or error}", severity="error", timeout=8)
        self.matches, self.current_match = [], None
        if self.query_one(FindBar).text:
            self._find(self.query_one(FindBar).text)
        self.update_header()
        for warning in article.warnings:
            self.notify(f"{article.id}: {warning}", severity="warning", timeout=6)

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR:
            message = f"Cannot open {self.article_id}: {event.worker.error}"
            if self.article is None:  # nothing to show: back to the library, and say why there
                self.dismiss()
                self.app.call_after_refresh(self.app.notify, message, severity="error", timeout=8)
            else:
                self.notify(message, severity="error", timeout=8)

    def update_header(self) -> None:
        article = self.article
        if article is None:
            return
        words = article.words
        minutes = max(1, round(words / self.app.services.config.words_per_minute))
        text = Text()
        text.append(article.title, style="bold")
        text.append("\n")
        details = [article.source, article.date.isoformat() if article.date else "", f"{words:,} words", f"{minutes} min read"]
        text.append(" · ".join(d for d in details if d), style="dim")
        if article.warnings:
            text.append("  ⚠ " + "; ".join(article.warnings), style="bold")
        self.query_one("#article-title", Static).update(text)

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        # Only this small fixed-size label changes as the cursor moves: no re-layout.
        percent = f"{round(100 * (event.sentence + 1) / event.total)}%" if event.total else ""
        self.query_one("#article-progress", Static).update(percent, layout=False)

    # --- find ---
    def action_find(self) -> None:
        span = self.view.cursor_span
        self.find_origin = span[0] if span else 0  # matches are counted from here while typing
        self.query_one(FindBar).open()

    def _find(self, query: str) -> None:
        if self.article is None:
            return
        self.matches = find_all(self.article.body, query)
        following = [i for i, (start, _) in enumerate(self.matches) if start >= self.find_origin]
        self.current_match = (following[0] if following else 0) if self.matches else None
        self.view.set_matches(self.matches, self.current_match)
        self.query_one(FindBar).show_count(self.current_match, len(self.matches))

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        self._find(event.query)

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        self.action_find_step(event.delta)

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        self.view.focus()

    def action_find_step(self, delta: int) -> None:
        if not self.matches:
            return
        self.current_match = ((self.current_match or 0) + delta) % len(self.matches)
        self.view.set_matches(self.matches, self.current_match)
        self.query_one(FindBar).show_count(self.current_match, len(self.matches))

    # --- navigation ---
    def action_back(self) -> None:
        if self.view.clear_selection():
            return
        if self.matches:
            self.matches, self.current_match = [], None
            self.view.set_matches([], None)
            return
        self.dismiss()

    def action_sibling(self, delta: int) -> None:
        if self.article_id not in self.order:
            return
        index = self.order.index(self.article_id) + delta
        if not 0 <= index < len(self.order):
            self.notify("No more articles that way.", timeout=2)
            return
        self.article_id = self.order[index]
        self.load(self.article_id)
