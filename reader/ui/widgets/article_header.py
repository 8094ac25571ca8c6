"""The article screen's header: the title, a line of details (site, author, date, length,
read-only), the article's own state (★, Later, #tags, note) and, at the right, how far the
cursor is."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from reader.core.library import Article


class ArticleHeader(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(id="article-title")
        yield Static(id="article-progress")

    def show(self, article: Article, minutes: int, read_only: bool, state: Text) -> None:
        text = Text()
        text.append(article.title, style="bold")
        text.append("\n")
        details = [
            article.site_name,
            article.author or "",
            article.date.isoformat() if article.date else "",
            f"{article.words:,} words",
            f"{minutes} min read",
        ]
        text.append(" · ".join(d for d in details if d), style="dim")
        if article.warnings:
            text.append("  ⚠ " + "; ".join(article.warnings), style="bold")
        if read_only:
            text.append("  ⚠ read-only: another reader has the database", style="bold")
        if state:
            text.append("\n")
            text.append(state)
        self.query_one("#article-title", Static).update(text)

    def progress(self, sentence: int, total: int) -> None:
        """Only this small fixed-size label changes as the cursor moves: no re-layout."""
        percent = f"{round(100 * (sentence + 1) / total)}%" if total else ""
        label = self.query_one("#article-progress", Static)
        if str(label.content) != percent:  # in a long article most keys leave it as it is
            label.update(percent, layout=False)
