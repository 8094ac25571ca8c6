"""The article screen's highlight keys: make, colour, tag, note, delete, undo, step through
and list highlights, export them. Every change goes through the app's one save path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from reader.core.highlight import Highlight
from reader.ui.saving import Attempt
from reader.ui.screens.annotate import NoteEditor, TagDialog
from reader.ui.widgets.annotations_panel import AnnotationsPanel
from reader.ui.widgets.styling import HIGHLIGHT_ORDER, highlight_styles

if TYPE_CHECKING:
    from reader.ui.screens.article import ArticleScreen

    _Base = ArticleScreen
else:
    _Base = object


class HighlightActions(_Base):
    """Mixed into ArticleScreen."""

    highlights: list[Highlight]

    def show_highlights(self, place: bool = False) -> None:
        article = self.article
        if article is None:
            return
        self.highlights = (
            self.store.place(article.id, article.fingerprint, article.body)
            if place
            else self.store.highlights(article.id)
        )
        self.view.set_highlights(self.highlights, highlight_styles(self.app.current_theme.dark))
        self.query_one(AnnotationsPanel).show_highlights(self.highlights)

    @contextmanager
    def changing_highlights(self, done: str | None = None) -> Iterator[Attempt]:
        """Around a change to this article's highlights: saved (or a message says why not),
        then shown, and the auto-export folder brought up to date."""
        with self.app.saving(done) as attempt:
            yield attempt
        self.show_highlights()
        if attempt.ok:
            try:
                self.services.auto_export(self.article_id)
            except Exception as error:  # the highlight is saved; only the extra copy failed
                self.notify(f"Auto-export failed: {error}", severity="warning", timeout=6)

    def highlight_here(self) -> Highlight | None:
        """The highlight under the cursor (or the selection); if none, say so."""
        span = self.view.selection or self.view.cursor_span
        found = self.view.highlights_in(*span) if span else []
        if not found:
            self.notify("No highlight here (h makes one).", timeout=3)
            return None
        return found[0]

    def action_highlight(self) -> None:
        article = self.article
        span = self.view.selection or self.view.cursor_span
        if article is None or span is None:
            return
        start, end = span
        with self.changing_highlights():
            self.store.add_highlight(article.id, article.fingerprint, article.body, start, end)
        self.view.clear_selection()

    def action_colour(self) -> None:
        here = self.highlight_here()
        if here is None:
            return
        order = HIGHLIGHT_ORDER
        colour = order[(order.index(here.color) + 1) % len(order)] if here.color in order else order[0]
        with self.changing_highlights():
            self.store.update_highlight(here.id, color=colour)

    def action_tags(self) -> None:
        here = self.highlight_here()
        if here is None:
            return

        def chosen(tags: list[str] | None) -> None:
            if tags is not None and tuple(tags) != here.tags:
                with self.changing_highlights():
                    self.store.update_highlight(here.id, tags=tags)

        self.app.push_screen(TagDialog(here.exact, list(here.tags), self.store.tags()), chosen)

    def action_note(self) -> None:
        here = self.highlight_here()
        if here is None:
            return

        def written(note: str | None) -> None:
            if note is not None and note != here.note:
                with self.changing_highlights("Note saved"):
                    self.store.update_highlight(here.id, note=note)

        self.app.push_screen(NoteEditor(here.exact, here.note), written)

    def action_delete_highlight(self) -> None:
        here = self.highlight_here()
        if here is None:
            return
        with self.changing_highlights("Highlight deleted (u undoes)"):
            self.store.delete_highlight(here.id)

    def action_undo(self) -> None:
        if not self.store.history:
            self.notify("Nothing to undo.", timeout=2)
            return
        with self.changing_highlights() as attempt:
            undone = self.store.undo()
        if not attempt.ok or undone is None:
            return  # not saved: the message says why
        what, highlight = undone
        self.notify(f"Undid {'the new highlight' if what == 'create' else 'the ' + what}", timeout=2)
        if highlight.article != self.article_id:
            self.app.open_article(highlight.article, at=highlight.start)

    def action_next_highlight(self, direction: int) -> None:
        attached = self.view.highlights
        span = self.view.cursor_span
        if not attached or span is None:
            self.notify("No highlights in this article.", timeout=2)
            return
        if direction > 0:
            target = next((h for h in attached if h.start >= span[1]), attached[0])
        else:
            target = next((h for h in reversed(attached) if h.end <= span[0]), attached[-1])
        self.view.set_cursor(self.view.sentence_at(target.start))

    def action_annotations_panel(self) -> None:
        self.toggle_panel(self.query_one(AnnotationsPanel))

    def on_annotations_panel_jump(self, event: AnnotationsPanel.Jump) -> None:
        here = next((h for h in self.highlights if h.id == event.highlight_id), None)
        if here is None:
            return
        if not here.attached:
            self.notify("This highlight's text is no longer in the article; its quote and note are kept.", timeout=5)
            return
        self.view.set_cursor(self.view.sentence_at(here.start))

    def action_export(self) -> None:
        try:
            written = self.services.export_articles([self.article_id])
        except Exception as error:
            self.notify(f"Export failed: {error}", severity="error", timeout=8)
            return
        if not written:
            self.notify("Nothing to export: this article has no highlights yet.", timeout=3)
            return
        self.notify(f"Exported to {written[0]}", timeout=8)
