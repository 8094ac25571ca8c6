"""Working through articles, from the library and from the article screen alike: archive,
later, read/unread, star, delete, the article's tags and note (the highlight dialogs), and
undo of these; the views panel and the name dialog it saves a view with."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.core.text import inert
from reader.ui.keys import bindings
from reader.ui.screens.annotate import NoteEditor, TagDialog

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.core.library import Entry
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
            change = self._services.store.mark([entry.id], mark)
        if saved.ok:
            if change:
                self.notify(change.what + undo_hint, timeout=3)
            self.triaged()

    def _toggle(self, field: str, on_value: object, on_mark: str, off_mark: str) -> None:
        entry = self.triage_target()
        if entry is not None:
            state = self._services.store.article_state(entry.id)
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
            self._mark("unread" if self._services.store.is_read(entry.id) else "read")

    def action_delete(self) -> None:
        entry = self.triage_target()
        if entry is None:
            return
        with reader_app(self).saving("Not deleted") as saved:
            self._services.delete([entry])
        if saved.ok:
            where = self._services.store.article_state(entry.id).deleted or {}
            how = "moved to the trash" if where.get("trash") else "hidden (its file is in your folder)"
            self.notify(f"Deleted {inert(entry.title)!r}: {how}; u in the library brings it back", timeout=5)
            self.triaged(deleted=True)

    def action_article_tags(self) -> None:
        entry = self.triage_target()
        if entry is None:
            return
        store = self._services.store
        tags = store.article_state(entry.id).tags

        def chosen(new: list[str] | None) -> None:
            if new is not None and tuple(new) != tags:
                with reader_app(self).saving("Tags saved") as saved:
                    store.change_article(entry.id, f"Tagged {entry.title!r}", tags=new)
                if saved.ok:
                    self.triaged()

        reader_app(self).push_screen(TagDialog(entry.title, list(tags), store.tags()), chosen)

    def action_article_note(self) -> None:
        entry = self.triage_target()
        if entry is None:
            return
        store = self._services.store
        note = store.article_state(entry.id).note

        def written(new: str | None) -> None:
            if new is not None and new != note:
                with reader_app(self).saving("Note saved") as saved:
                    store.change_article(entry.id, f"Note on {entry.title!r}", note=new)
                if saved.ok:
                    self.triaged()

        reader_app(self).push_screen(NoteEditor(entry.title, note), written)


def state_line(services: Services, article_id: str) -> Text:
    """★ · Later · #tags · the note's first line: what the article screen's header shows."""
    store = services.store
    state = store.article_state(article_id)
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


class ViewsPanel(ModalScreen[dict | None]):
    """Every view with its counts; `enter` shows one, `s` saves the filter on screen."""

    BINDINGS = bindings("views")

    def __init__(self, entries: list[Entry], current: str, query: str) -> None:
        super().__init__()
        self.entries = entries
        self.current = current  # the name of the view on screen
        self.query_text = query  # the view's query and the filter, as one
        self.views: list[dict] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box", classes="views-box"):
            yield OptionList(id="views")
            yield Label("Counting…", id="views-status")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = "Views"
        box.border_subtitle = "enter shows · s saves the filter · d removes · esc closes"
        self.count()

    @work(thread=True, exclusive=True, group="views", exit_on_error=False)
    def count(self) -> None:
        views = reader_app(self).services.view_counts(self.entries)
        self.app.call_from_thread(self.show_views, views)

    def show_views(self, views: list[dict]) -> None:
        self.views = views
        options = self.query_one(OptionList)
        options.clear_options()
        width = max(len(v["name"]) for v in views)
        for view in views:
            line = Text(f"{inert(view['name']):<{width}}  ", style="bold" if view["name"] == self.current else "")
            if "error" in view:
                line.append(f"cannot read its query: {view['error']}", style="red")
            else:
                line.append(f"{view['count']:>7,}  {view['unread']:>7,} unread", style="dim")
            options.add_option(Option(line))
        names = [v["name"] for v in views]
        options.highlighted = names.index(self.current) if self.current in names else 0
        saved = sum(1 for v in views if v["kind"] == "saved")
        self.query_one("#views-status", Label).update(f"{len(views)} views, {saved} saved by you")
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.views[event.option_index])

    def action_select(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and self.views:
            self.dismiss(self.views[index])

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        if not self.query_text.strip():
            self.notify("Nothing to save: this is every article (type a filter with / first).", timeout=4)
            return

        def named(name: str | None) -> None:
            if not name:
                return
            from reader.core.library.query import BUILT_IN_VIEWS

            if name.casefold() in {n.casefold() for n, _ in BUILT_IN_VIEWS}:
                self.notify(f"{name!r} is a built-in view: pick another name.", severity="warning")
                return
            with reader_app(self).saving(f"Saved the view {name!r}") as saved:
                reader_app(self).services.store.save_view(name, self.query_text)
            if saved.ok:
                self.count()

        reader_app(self).push_screen(NameDialog("Save as a view", self.query_text), named)

    def action_remove(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.views:
            return
        view = self.views[index]
        if view["kind"] != "saved":
            self.notify("Only the views you saved can be removed.", timeout=3)
            return
        with reader_app(self).saving(f"Removed the view {view['name']!r}") as saved:
            reader_app(self).services.store.remove_view(view["name"])
        if saved.ok:
            self.count()


class NameDialog(ModalScreen[str | None]):
    BINDINGS = bindings("name")

    def __init__(self, title: str, about: str) -> None:
        super().__init__()
        self.title_text = title
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box"):
            yield Label(Text(self.about[:200], style="italic"))
            yield Input(placeholder="a name", id="name-input")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = self.title_text
        box.border_subtitle = "enter saves · esc cancels"

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(" ".join(event.value.split()) or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
