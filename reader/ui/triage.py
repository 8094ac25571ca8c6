"""Working through articles, from the library and from the article screen alike: archive,
later, read/unread, star, delete, the article's tags and note (the highlight dialogs); in
the library, every article on screen read at once, and undo of these. Each change goes
through the app's save path, which announces it: the screens redraw themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text

from reader.core.text import inert, plural
from reader.services import triage

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.core.library import Entry
    from reader.services import Services


class Triage:
    """The triage keys of a screen: `target()` is the article they act on (None: none)."""

    def __init__(
        self, screen: Screen, target: Callable[[], Entry | None], on_deleted: Callable[[], None] | None = None
    ) -> None:
        self.screen, self.target, self.on_deleted = screen, target, on_deleted

    @property
    def app(self):  # a ReaderApp: services, saving
        return self.screen.app

    @property
    def services(self) -> Services:
        return self.app.services

    def _mark(self, mark: str, undo_hint: str = " (u in the library undoes)") -> None:
        entry = self.target()
        if entry is None:
            return
        with self.app.saving() as saved:
            change = self.services.store.articles.mark([entry.id], mark)
        if saved.ok and change:
            self.screen.notify(change.what + undo_hint, timeout=3)

    def _toggle(self, field: str, on_value: object, on_mark: str, off_mark: str) -> None:
        entry = self.target()
        if entry is not None:
            state = self.services.store.articles.state(entry.id)
            self._mark(off_mark if getattr(state, field) == on_value else on_mark)

    def archive(self) -> None:
        self._toggle("state", "archive", "archive", "inbox")

    def later(self) -> None:
        self._toggle("state", "later", "later", "inbox")

    def star(self) -> None:
        self._toggle("starred", True, "star", "unstar")

    def toggle_read(self) -> None:
        entry = self.target()
        if entry is not None:
            self._mark("unread" if self.services.store.articles.is_read(entry.id) else "read")

    def delete(self) -> None:
        entry = self.target()
        if entry is None:
            return
        with self.app.saving("Not deleted") as saved:
            triage.delete(self.services, [entry])
        if saved.ok:
            where = self.services.store.articles.state(entry.id).deleted or {}
            how = "moved to the trash" if where.get("trash") else "hidden (its file is in your folder)"
            self.screen.notify(f"Deleted {inert(entry.title)!r}: {how}; u in the library brings it back", timeout=5)
            if self.on_deleted is not None:
                self.on_deleted()

    def article_tags(self) -> None:
        entry = self.target()
        if entry is None:
            return
        store = self.services.store
        tags = store.articles.state(entry.id).tags

        def chosen(new: list[str] | None) -> None:
            if new is not None and tuple(new) != tags:
                with self.app.saving("Tags saved"):
                    store.articles.change(entry.id, f"Tagged {entry.title!r}", tags=new)

        from reader.ui.dialogs import TagDialog

        self.app.push_screen(TagDialog(entry.title, list(tags), store.tags()), chosen)

    def article_note(self) -> None:
        entry = self.target()
        if entry is None:
            return
        store = self.services.store
        note = store.articles.state(entry.id).note

        def written(new: str | None) -> None:
            if new is not None and new != note:
                with self.app.saving("Note saved"):
                    store.articles.change(entry.id, f"Note on {entry.title!r}", note=new)

        from reader.ui.dialogs import NoteEditor

        self.app.push_screen(NoteEditor(entry.title, note), written)

    # --- the library's own ---
    def mark_all(self, shown: list[Entry] | None, mark: str) -> None:
        """Every article of the list on screen marked read (`A`) or archived (`E`), after a
        question that counts them (None: the list is only partly there while the library is
        scanned); one change, `u` undoes it."""
        key, done = ("A", "read") if mark == "read" else ("E", "archived")
        if shown is None:
            self.screen.notify(
                f"The library is still being scanned: a moment, then {key} takes the whole list.", timeout=3
            )
            return
        articles = self.services.store.articles
        if mark == "read":
            read = articles.read_ids()
            chosen = [e.id for e in shown if e.id not in read]
        else:
            chosen = [e.id for e in shown if articles.state(e.id).state != "archive"]
        if not chosen:
            self.screen.notify(f"Every article on screen is {done} already.", timeout=3)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                with self.app.saving() as saved:
                    change = articles.mark(chosen, mark)
                if saved.ok and change:
                    self.screen.notify(f"{change.what} (u undoes)", timeout=4)

        from reader.ui.dialogs import Confirm

        question = (
            f"Mark {plural(len(chosen), 'article')} on screen read?"
            if mark == "read"
            else f"Archive {plural(len(chosen), 'article')} on screen?"
        )
        self.app.push_screen(Confirm(question), answer)

    def undo(self) -> None:
        with self.app.saving("Not undone") as saved:
            change = triage.undo(self.services)
        if saved.ok:
            self.screen.notify(f"Undone: {change.what}" if change else "Nothing to undo.", timeout=3)
            point_at = getattr(self.screen, "point_at", None)
            if change is not None and change.articles and point_at is not None:
                self.screen.call_after_refresh(point_at, change.articles)  # the cursor on what came back


def state_line(services: Services, article_id: str) -> Text:
    """★ · Later · #tags · the note's first line: what the article screen's header shows."""
    state = services.store.articles.state(article_id)
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
