"""Working through articles, from the library and from the article screen alike: archive,
later, read/unread, star, delete, the article's tags and note (the highlight dialogs); in
the library, every article on screen read at once, and undo of these."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text

from reader.core.text import inert, plural
from reader.services import triage

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.core.library import Entry, Library
    from reader.services import Services
    from reader.ui.app import ReaderApp

    _Base = Screen
else:
    _Base = object


def reader_app(screen) -> ReaderApp:
    return cast("ReaderApp", screen.app)


class TriageActions(_Base):
    """Mixed into a Screen: the article acted on comes from `triage_target`, and `triaged`
    redraws what changed."""

    def triage_target(self) -> Entry | None:
        raise NotImplementedError

    def triaged(self, deleted: bool = False) -> None:
        raise NotImplementedError

    @property
    def _services(self) -> Services:
        return reader_app(self).services

    def _mark(self, mark: str, undo_hint: str = " (u in the library undoes)") -> None:
        entry = self.triage_target()
        if entry is None:
            return
        with reader_app(self).saving() as saved:
            change = self._services.store.articles.mark([entry.id], mark)
        if saved.ok:
            if change:
                self.notify(change.what + undo_hint, timeout=3)
            self.triaged()

    def _toggle(self, field: str, on_value: object, on_mark: str, off_mark: str) -> None:
        entry = self.triage_target()
        if entry is not None:
            state = self._services.store.articles.state(entry.id)
            self._mark(off_mark if getattr(state, field) == on_value else on_mark)

    def action_archive(self) -> None:
        self._toggle("state", "archive", "archive", "inbox")

    def action_later(self) -> None:
        self._toggle("state", "later", "later", "inbox")

    def action_star(self) -> None:
        self._toggle("starred", True, "star", "unstar")

    def action_toggle_read(self) -> None:
        entry = self.triage_target()
        if entry is not None:
            self._mark("unread" if self._services.store.articles.is_read(entry.id) else "read")

    def action_delete(self) -> None:
        entry = self.triage_target()
        if entry is None:
            return
        with reader_app(self).saving("Not deleted") as saved:
            triage.delete(self._services, [entry])
        if saved.ok:
            where = self._services.store.articles.state(entry.id).deleted or {}
            how = "moved to the trash" if where.get("trash") else "hidden (its file is in your folder)"
            self.notify(f"Deleted {inert(entry.title)!r}: {how}; u in the library brings it back", timeout=5)
            self.triaged(deleted=True)

    def action_article_tags(self) -> None:
        entry = self.triage_target()
        if entry is None:
            return
        store = self._services.store
        tags = store.articles.state(entry.id).tags

        def chosen(new: list[str] | None) -> None:
            if new is not None and tuple(new) != tags:
                with reader_app(self).saving("Tags saved") as saved:
                    store.articles.change(entry.id, f"Tagged {entry.title!r}", tags=new)
                if saved.ok:
                    self.triaged()

        from reader.ui.screens.annotate import TagDialog  # its TextArea: imported when first needed

        reader_app(self).push_screen(TagDialog(entry.title, list(tags), store.tags()), chosen)

    def action_article_note(self) -> None:
        entry = self.triage_target()
        if entry is None:
            return
        store = self._services.store
        note = store.articles.state(entry.id).note

        def written(new: str | None) -> None:
            if new is not None and new != note:
                with reader_app(self).saving("Note saved") as saved:
                    store.articles.change(entry.id, f"Note on {entry.title!r}", note=new)
                if saved.ok:
                    self.triaged()

        from reader.ui.screens.annotate import NoteEditor

        reader_app(self).push_screen(NoteEditor(entry.title, note), written)


def state_line(services: Services, article_id: str) -> Text:
    """★ · Later · #tags · the note's first line: what the article screen's header shows."""
    store = services.store
    state = store.articles.state(article_id)
    parts = []
    if state.starred:
        parts.append("★ starred")
    if state.state != "inbox":
        parts.append(state.state.capitalize())
    if state.tags:
        parts.append(" ".join(f"#{t}" for t in state.tags))
    if state.note:
        first = state.note.strip().splitlines()[0]
        parts.append("note: " + (first[:80] + "…" if len(first) > 80 else first))
    return Text(" · ".join(parts))


class LibraryTriage(TriageActions):
    """The library's own: every article on screen marked read at once, and undo."""

    shown: list[Entry]
    library: Library | None  # None while it is scanned (the first screen is shown)

    def refill(self) -> None:
        raise NotImplementedError

    def action_all_read(self) -> None:
        if self.library is None:
            self.notify("The library is still being scanned: a moment, then A marks the whole list.", timeout=3)
            return
        read = reader_app(self).services.store.articles.read_ids()
        unread = [e.id for e in self.shown if e.id not in read]
        if not unread:
            self.notify("Every article on screen is read already.", timeout=3)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._mark_all(unread)

        from reader.ui.screens.annotate import Confirm

        reader_app(self).push_screen(Confirm(f"Mark {plural(len(unread), 'article')} on screen read?"), answer)

    def _mark_all(self, ids: list[str]) -> None:
        with reader_app(self).saving() as saved:
            change = reader_app(self).services.store.articles.mark(ids, "read")
        if saved.ok and change:
            self.notify(f"{change.what} (u undoes)", timeout=4)
            self.refill()

    def action_undo(self) -> None:
        with reader_app(self).saving("Not undone") as saved:
            change = triage.undo(reader_app(self).services)
        if saved.ok:
            self.notify(f"Undone: {change.what}" if change else "Nothing to undo.", timeout=3)
            self.refill()
