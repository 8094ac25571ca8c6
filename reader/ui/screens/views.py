"""The views panel (`v` in the library): Inbox, Later, Archive, Starred, All, one per feed
and the saved ones, with their counts; and the name dialog a view is saved with."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.core.text import inert
from reader.ui.keys import bindings
from reader.ui.screens.triage import reader_app

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.core.library import Entry
    from reader.ui.screens.library_filter import ListFilter

    _Base = Screen
else:
    _Base = object


class ViewActions(_Base):
    """Mixed into LibraryScreen."""

    library: object
    view: dict[str, str]
    query_text: str
    list_filter: ListFilter

    def refill(self) -> None:
        raise NotImplementedError

    def in_order(self) -> list[Entry]:
        raise NotImplementedError

    def version(self) -> Hashable:
        raise NotImplementedError

    def scope(self) -> Hashable:
        raise NotImplementedError

    def action_views(self) -> None:
        if self.library is None:
            return

        def chosen(view: dict | None) -> None:
            if view is not None:
                self.view = {"name": view["name"], "query": view["query"]}
                if "entries" in view:
                    self.list_filter.seed(
                        self.in_order(), self.scope(), view["query"], view["entries"], view["version"]
                    )
                self.query_one("#filter", Input).value = ""
                self.refill()

        def base() -> tuple[list[Entry], Hashable]:
            return self.in_order(), self.version()

        reader_app(self).push_screen(ViewsPanel(self.view["name"], self.query_text, base), chosen)


class ViewsPanel(ModalScreen[dict | None]):
    """Every view with its counts (counted again whenever the library changes while it is
    open: a sync, say); `enter` shows one, `s` saves the filter on screen."""

    BINDINGS = bindings("views")

    def __init__(self, current: str, query: str, base: Callable[[], tuple[list[Entry], Hashable]]) -> None:
        super().__init__()
        self.current = current  # the name of the view on screen
        self.query_text = query  # the view's query and the filter, as one
        self.base = base  # the library's articles in order, and the version of what it knows
        self.views: list[dict] = []
        self._counting: tuple[list[Entry], Hashable] = ([], None)

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box", classes="views-box"):
            yield OptionList(id="views")
            yield Label("Counting…", id="views-status")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = "Views"
        box.border_subtitle = "enter shows · s saves the filter · d removes · esc closes"
        self.count()

    def count(self) -> None:
        self._counting = self.base()  # (a worker is named with the repr of its arguments: none)
        self.set_timer(0.03, self._count)  # the panel is drawn first, then counted off the UI

    @work(thread=True, exclusive=True, group="views", exit_on_error=False)
    def _count(self) -> None:
        entries, version = self._counting
        views = reader_app(self).services.view_counts(entries)
        for view in views:  # the one chosen is shown at once, without finding its articles again
            view["version"] = version
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
            try:
                with reader_app(self).saving(f"Saved the view {name!r}") as saved:
                    reader_app(self).services.save_view(name, self.query_text)
            except ValueError as error:  # a built-in's name; a filter that does not read (QueryError)
                self.notify(f"Not saved: {error}.", severity="warning")
                return
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
