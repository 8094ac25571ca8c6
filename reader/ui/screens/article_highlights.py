"""The article screen's highlight keys: make, colour, tag, note, delete, undo, step through
and list highlights, export them. Every change goes through the app's one save path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from reader.core.notes.highlight import COLOURS, Highlight, Status, innermost
from reader.core.store import Change
from reader.services import exports
from reader.ui.saving import Attempt
from reader.ui.screens.annotate import ask_note, ask_tags
from reader.ui.widgets.annotations_panel import AnnotationsPanel
from reader.ui.widgets.styling import highlight_styles

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
            self.store.highlights.place(article.id, article.fingerprint, article.body)
            if place
            else self.store.highlights.of(article.id)
        )
        self.view.set_highlights(self.highlights, highlight_styles(self.app.current_theme.dark, self.app.no_color))
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
                exports.auto_export(self.services, self.article_id)
            except Exception as error:  # the highlight is saved; only the extra copy failed
                self.notify(f"Auto-export failed: {error}", severity="warning", timeout=6)

    def highlight_here(self) -> Highlight | None:
        """The highlight under the cursor (or the selection), the innermost one, as seen; if
        none, say so."""
        span = self.view.selection or self.view.cursor_span
        found = innermost(self.view.highlights, *span) if span else None
        if found is None:
            self.notify("No highlight here (h makes one).", timeout=3)
        return found

    def action_highlight(self) -> None:
        article = self.article
        span = self.view.selection or self.view.cursor_span
        if article is None or span is None:
            return
        with self.changing_highlights() as attempt:
            what, _ = self.store.highlights.add_passage(article.id, article.fingerprint, article.body, *span)
        if not attempt.ok:
            return
        self.view.clear_selection()
        if what == "already":
            self.notify("Already highlighted (c colour, t tags, n note, x delete).", timeout=3)
        elif what == "extended":
            self.notify("Highlight extended over the selection; its tags and notes are kept.", timeout=3)

    def action_colour(self) -> None:
        here = self.highlight_here()
        if here is None:
            return
        colour = COLOURS[(COLOURS.index(here.color) + 1) % len(COLOURS)] if here.color in COLOURS else COLOURS[0]
        with self.changing_highlights():
            self.store.highlights.update(here.id, color=colour)

    def action_tags(self) -> None:
        here = self.highlight_here()
        if here is None:
            return

        def save(tags: list[str]) -> None:
            with self.changing_highlights():
                self.store.highlights.update(here.id, tags=tags)

        ask_tags(self.app, here, self.store.tags(), save)

    def action_note(self) -> None:
        here = self.highlight_here()
        if here is None:
            return

        def save(note: str) -> None:
            with self.changing_highlights("Note saved"):
                self.store.highlights.update(here.id, note=note)

        ask_note(self.app, here, save)

    def action_delete_highlight(self) -> None:
        here = self.highlight_here()
        if here is None:
            return
        with self.changing_highlights("Highlight deleted (u undoes)"):
            self.store.highlights.delete(here.id)

    def action_undo(self) -> None:
        self._step(backwards=True)

    def action_redo(self) -> None:
        self._step(backwards=False)

    def _step(self, backwards: bool) -> None:
        """Undo or redo the last change to this article's highlights, and show where it was."""
        word = "undo" if backwards else "redo"
        if not (self.store.highlights.can_undo if backwards else self.store.highlights.can_redo)(self.article_id):
            self.notify(f"Nothing to {word} in this article.", timeout=2)
            return
        with self.changing_highlights() as attempt:
            change: Change | None = (
                self.store.highlights.undo(self.article_id)
                if backwards
                else self.store.highlights.redo(self.article_id)
            )
        if not attempt.ok or change is None:
            return  # not saved: the message says why
        names = {"create": "new highlight", "extend": "extension", "edit": "edit", "delete": "deletion"}
        self.notify(f"{'Undid' if backwards else 'Redid'} the {names[change.what]}.", timeout=2)
        shown = change.before if backwards else change.after
        where = (shown or change.after or change.before)[0]
        if where.attached:
            self.view.set_cursor(self.view.sentence_at(where.start))

    def on_annotations_panel_accept(self, event: AnnotationsPanel.Accept) -> None:
        here = next((h for h in self.highlights if h.id == event.highlight_id), None)
        article = self.article
        if here is None or article is None:
            return
        if here.status is not Status.FUZZY:
            self.notify("Only a highlight whose text changed has new text to accept.", timeout=3)
            return
        with self.changing_highlights("The highlight's quote is now the article's new text (u undoes)"):
            self.store.highlights.accept_text(here.id, article.body, article.fingerprint)

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
            written = exports.export_articles(self.services, [self.article_id])
        except Exception as error:
            self.notify(f"Export failed: {error}", severity="error", timeout=8)
            return
        if not written:
            self.notify("Nothing to export: this article has no highlights yet.", timeout=3)
            return
        self.notify(f"Exported to {written[0]}", timeout=8)
