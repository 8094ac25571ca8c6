"""The article screen's highlights: make, colour, tag, note, delete, undo, step through and
list them, export them. Every change goes through the app's one save path, then the
article's highlights are drawn again and its auto-export file brought up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from reader.core.notes.highlight import COLOURS, Highlight, Status, innermost
from reader.core.store import Change
from reader.core.text import clip, inert
from reader.services import exports
from reader.ui.saving import Attempt
from reader.ui.widgets.annotations_panel import AnnotationsPanel
from reader.ui.widgets.styling import highlight_styles

if TYPE_CHECKING:
    from reader.core.library import Article
    from reader.core.store import Store
    from reader.services import Services
    from reader.ui.widgets.article_view import ArticleView


def described(change: Change) -> str:
    """What a change to highlights was, for `u`'s message: the change and the passage."""
    passage = (change.after or change.before)[0]
    quote = f"“{clip(passage.exact, 40)}”"
    if change.what == "edit" and change.before and change.after:
        old, new = change.before[0], change.after[0]
        fields = [name for name, same in (("colour", old.color == new.color), ("tags", old.tags == new.tags),
                                          ("note", old.note == new.note)) if not same]  # fmt: skip
        return f"the change to the {' and '.join(fields) or 'highlight'} of {quote}"
    names = {"create": "the new highlight", "extend": "the extension of", "delete": "the deletion of"}
    return f"{names.get(change.what, 'the change to')} {quote}"


class Highlights:
    """Made by the article screen; `article()` is the article shown (None while it loads)."""

    def __init__(self, screen, view: ArticleView, panel: AnnotationsPanel) -> None:
        self.screen, self.view, self.panel = screen, view, panel
        self.shown: list[Highlight] = []

    @property
    def app(self):  # a ReaderApp: services, saving
        return self.screen.app

    @property
    def services(self) -> Services:
        return self.app.services

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def article(self) -> Article | None:
        return self.screen.article

    def show(self, place: bool = False) -> None:
        """The article's highlights drawn (`place`: placed on its text as it is now first)."""
        article = self.article
        if article is None:
            return
        self.shown = (
            self.store.highlights.place(article.id, article.fingerprint, article.body)
            if place
            else self.store.highlights.of(article.id)
        )
        self.view.set_highlights(self.shown, highlight_styles(self.app.current_theme.dark, self.app.no_color))
        self.panel.show_highlights(self.shown)

    @contextmanager
    def changing(self, done: str | None = None) -> Iterator[Attempt]:
        """Around a change to this article's highlights: saved (or a message says why not),
        then shown, and the auto-export folder brought up to date."""
        with self.app.saving(done) as attempt:
            yield attempt
        self.show()
        if attempt.ok and self.article is not None:
            told: list[str] = []
            try:
                exports.auto_export(self.services, self.article.id, told)
            except Exception as error:  # the highlight is saved; only the extra copy failed
                self.screen.notify(f"Auto-export failed: {error}", severity="warning", timeout=6)
            if told:  # notes or tags edited in the vault came back: shown as they are now
                self.show()
                for said in told:
                    self.screen.notify(inert(said), title="Auto-export", timeout=8)

    def here(self) -> Highlight | None:
        """The highlight under the cursor (or the selection), the innermost one, as seen; if
        none, say so."""
        span = self.view.selection or self.view.cursor_span
        found = innermost(self.view.highlights, *span) if span else None
        if found is None:
            self.screen.notify("No highlight here (h makes one).", timeout=3)
        return found

    def copy(self) -> None:
        """`y`: the selection, else the highlight under the cursor, else its sentence, copied
        as a Markdown quote with a link back to it."""
        article = self.article
        span = self.view.selection or self.view.cursor_span
        if article is None or span is None:
            return
        found = None if self.view.selection else innermost(self.view.highlights, *span)
        start, end = (found.start, found.end) if found is not None else span
        from reader.core.notes.export import cite

        self.app.copy_to_clipboard(cite(article.body[start:end].strip(), article.title, article.url))
        what = "the selection" if self.view.selection else "the highlight" if found else "the sentence"
        self.screen.notify(f"Copied {what} as a quote, with a link to it.", timeout=3)

    def make(self) -> None:
        article = self.article
        span = self.view.selection or self.view.cursor_span
        if article is None or span is None:
            return
        with self.changing() as attempt:
            what, _ = self.store.highlights.add_passage(article.id, article.fingerprint, article.body, *span)
        if not attempt.ok:
            return
        self.view.clear_selection()
        if what == "already":
            self.screen.notify("Already highlighted (c colour, t tags, n note, x delete).", timeout=3)
        elif what == "extended":
            self.screen.notify("Highlight extended over the selection; its tags and notes are kept.", timeout=3)

    def colour(self) -> None:
        here = self.here()
        if here is None:
            return
        colour = COLOURS[(COLOURS.index(here.color) + 1) % len(COLOURS)] if here.color in COLOURS else COLOURS[0]
        with self.changing():
            self.store.highlights.update(here.id, color=colour)

    def tags(self) -> None:
        from reader.ui.dialogs import ask_tags

        here = self.here()
        if here is None:
            return

        def save(tags: list[str]) -> None:
            with self.changing():
                self.store.highlights.update(here.id, tags=tags)

        ask_tags(self.app, here, self.store.tags(), save)

    def note(self) -> None:
        from reader.ui.dialogs import ask_note

        here = self.here()
        if here is None:
            return

        def save(note: str) -> None:
            with self.changing("Note saved"):
                self.store.highlights.update(here.id, note=note)

        ask_note(self.app, here, save)

    def delete(self) -> None:
        here = self.here()
        if here is None:
            return
        with self.changing("Highlight deleted (u undoes)"):
            self.store.highlights.delete(here.id)

    def undo(self) -> None:
        self.step(backwards=True)

    def redo(self) -> None:
        self.step(backwards=False)

    def step(self, backwards: bool) -> None:
        """Undo or redo the last change to this article's highlights, and show where it was."""
        article, highlights = self.article, self.store.highlights
        if article is None:
            return
        word = "undo" if backwards else "redo"
        if not (highlights.can_undo if backwards else highlights.can_redo)(article.id):
            self.screen.notify(f"Nothing to {word} in this article.", timeout=2)
            return
        with self.changing() as attempt:
            change: Change | None = highlights.undo(article.id) if backwards else highlights.redo(article.id)
        if not attempt.ok or change is None:
            return  # not saved: the message says why
        shown = change.before if backwards else change.after
        where = (shown or change.after or change.before)[0]
        self.screen.notify(f"{'Undid' if backwards else 'Redid'} {described(change)}.", timeout=3)
        if where.attached:
            self.view.set_cursor(self.view.sentence_at(where.start))

    def accept(self, highlight_id: str) -> None:
        """The new text a changed passage gave a moved highlight, taken as its quote."""
        here = next((h for h in self.shown if h.id == highlight_id), None)
        article = self.article
        if here is None or article is None:
            return
        if here.status is not Status.FUZZY:
            self.screen.notify("Only a highlight whose text changed has new text to accept.", timeout=3)
            return
        with self.changing("The highlight's quote is now the article's new text (u undoes)"):
            self.store.highlights.accept_text(here.id, article.body, article.fingerprint)

    def next(self, direction: int) -> None:
        attached = self.view.highlights
        span = self.view.cursor_span
        if not attached or span is None:
            self.screen.notify("No highlights in this article.", timeout=2)
            return
        if direction > 0:
            target = next((h for h in attached if h.start >= span[1]), attached[0])
        else:
            target = next((h for h in reversed(attached) if h.end <= span[0]), attached[-1])
        self.view.set_cursor(self.view.sentence_at(target.start))

    def jump(self, highlight_id: str) -> None:
        here = next((h for h in self.shown if h.id == highlight_id), None)
        if here is None:
            return
        if not here.attached:
            self.screen.notify(
                "This highlight's text is no longer in the article; its quote and note are kept.", timeout=5
            )
            return
        self.view.set_cursor(self.view.sentence_at(here.start))

    def export(self) -> None:
        if self.article is None:
            return
        try:
            written = exports.export_articles(self.services, [self.article.id])
        except Exception as error:
            self.screen.notify(f"Export failed: {error}", severity="error", timeout=8)
            return
        if not written:
            self.screen.notify("Nothing to export: this article has no highlights yet.", timeout=3)
            return
        self.screen.notify(f"Exported to {written[0]}", timeout=8)
