"""The views panel (`v` in the library): Inbox, Later, Archive, Starred, All, one per feed
and the saved ones, with their counts; and the name dialog a view is saved with."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList

from reader.core.text import inert
from reader.services import triage
from reader.ui.keys import bindings
from reader.ui.screens.triage import reader_app
from reader.ui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.core.library import Entry
    from reader.ui.screens.library_filter import ListFilter

    _Base = Screen
else:
    _Base = object


class ViewActions(_Base):
    """Mixed into LibraryScreen: the views drawer opens over the list (no screen of its own:
    closing it redraws only where it was) and the chosen view fills the list."""

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

    def unread_known(self, view: str, count: int, unread: int) -> None:
        raise NotImplementedError

    def scope(self) -> Hashable:
        raise NotImplementedError

    def action_views(self) -> None:
        panel = self.query_one(ViewsPanel)
        if panel.display:
            panel.close()
        elif self.library is not None:
            panel.open(self.view["name"], self.query_text)

    def base(self) -> tuple[list[Entry], Hashable]:
        """What the panel counts in: the library's articles in order, and what it knows."""
        return self.in_order(), self.version()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the drawer is open its keys are the screen's (the list keeps the focus, so
        nothing is restyled), and the library's wait; `v` closes it."""
        open_ = self.query_one(ViewsPanel).display
        return open_ if action.startswith("views_") else action == "views" or not open_

    def on_click(self, event: events.Click) -> None:
        """A click outside the open drawer closes it."""
        panel = self.query_one(ViewsPanel)
        if panel.display and not panel.region.contains(event.screen_x, event.screen_y):
            panel.close()

    def action_views_show(self) -> None:
        self.query_one(ViewsPanel).choose()

    def action_views_move(self, delta: int) -> None:
        options = self.query_one("#views", OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_views_close(self) -> None:
        self.query_one(ViewsPanel).close()

    def action_views_save(self) -> None:
        self.query_one(ViewsPanel).save()

    def action_views_remove(self) -> None:
        self.query_one(ViewsPanel).remove()

    def view_chosen(self, view: dict | None) -> None:
        """The drawer closed: with a view chosen, show it."""
        if view is None:
            return
        self.view = {"name": view["name"], "query": view["query"]}
        if "entries" in view:  # counted off the UI: neither the view's articles nor its unread are found again
            self.list_filter.seed(
                self.in_order(), self.scope(), view["query"], view["entries"], view["ids"], view["version"]
            )
            if view["version"] == self.version():
                self.unread_known(view["query"], view["count"], view["unread"])
        self.query_one("#filter", Input).value = ""
        self.refill()


class ViewsPanel(Vertical):
    """Every view with its counts (counted again whenever the library changes while it is
    open: a sync, say); `enter` shows one, `s` saves the filter on screen. It never takes
    the focus: the screen's priority keys (`views_*`) work it while it is open."""

    can_focus = False

    def __init__(self) -> None:
        super().__init__(id="views-panel")
        self.current = ""  # the name of the view on screen
        self.query_text = ""  # the view's query and the filter, as one
        self.views: list[dict] = []
        self._counting: tuple[list[Entry], Hashable, Hashable] = ([], None, None)
        self._names: tuple[Hashable, list[dict]] = (None, [])  # (version, the views' names) for that version
        self._counted: Hashable = None  # what self.views were counted in: not counted again while it holds
        self.display = False

    def compose(self) -> ComposeResult:
        options = OptionList(id="views")
        options.can_focus = False
        yield options
        yield Label("Counting…", id="views-status")

    def on_mount(self) -> None:
        self.border_title = "Views"
        self.border_subtitle = "enter shows · s saves · d removes · esc closes"

    @property
    def screen_(self) -> ViewActions:
        return cast(ViewActions, self.screen)

    def open(self, current: str, query: str) -> None:
        """Shown at once with every view's name (and the counts of the last time, until
        they are counted again off the UI)."""
        self.current, self.query_text = current, query
        self.display = True
        self.screen.query_one(ArticleList).covered = True
        self.screen.refresh_bindings()  # the footer: the drawer's keys
        self.count()

    def count(self) -> None:
        if not self.display:
            return
        entries, version = self.screen_.base()
        # kept for _count (a worker is named with the repr of its arguments: it takes none)
        self._counting = (entries, version, (self.screen_.scope(), version))
        if self._counted == self._counting[2]:
            self.show_views(self.views)  # nothing changed since they were counted
            return
        if self._names[0] != version:
            self._names = (version, triage.views(reader_app(self.screen).services, entries))
        known = {v["name"]: v for v in self.views}
        self.show_views([known.get(v["name"], v) for v in self._names[1]], counted=False)
        self.set_timer(0.03, self._count)  # the panel is drawn first, then counted off the UI

    @work(thread=True, exclusive=True, group="views", exit_on_error=False)
    def _count(self) -> None:
        entries, version, counted = self._counting
        views = triage.view_counts(reader_app(self.screen).services, entries)
        for view in views:  # the one chosen is shown at once, without finding its articles again
            view["version"] = version
        self.app.call_from_thread(self.show_counted, views, counted)

    def show_counted(self, views: list[dict], counted: Hashable) -> None:
        self._counted = counted if self.display else None
        self.show_views(views)

    def show_views(self, views: list[dict], counted: bool = True) -> None:
        """The views, with their counts once counted; the cursor stays on its view."""
        if not self.display:
            return
        options = self.query_one(OptionList)
        names = [v["name"] for v in views]
        at = options.highlighted
        keep = self.views[at]["name"] if self.views and at is not None and at < len(self.views) else self.current
        width = max(len(name) for name in names)
        lines = []
        for view in views:
            line = Text(f"{inert(view['name']):<{width}}  ", style="bold" if view["name"] == self.current else "")
            if "error" in view:
                line.append(f"cannot read its query: {view['error']}", style="red")
            elif "count" in view:
                line.append(f"{view['count']:>7,}  {view['unread']:>7,} unread", style="dim")
            lines.append(line)
        if [v["name"] for v in self.views] == names:  # the same lines: no layout, only their text
            for index, line in enumerate(lines):
                options.replace_option_prompt_at_index(index, line)
        else:
            options.set_options(lines)
        self.views = views
        options.highlighted = names.index(keep) if keep in names else 0
        saved = sum(1 for v in views if v["kind"] == "saved")
        counting = "" if counted else " · counting…"
        self.query_one("#views-status", Label).update(f"{len(views)} views, {saved} saved by you{counting}")

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose()

    def close(self, view: dict | None = None) -> None:
        self.display = False
        self.screen.query_one(ArticleList).covered = False
        self.screen.refresh_bindings()
        self.screen_.view_chosen(view)

    def choose(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and self.views:
            self.close(self.views[index])

    def save(self) -> None:
        app = reader_app(self.screen)
        if not self.query_text.strip():
            self.notify("Nothing to save: this is every article (type a filter with / first).", timeout=4)
            return

        def named(name: str | None) -> None:
            if not name:
                return
            try:
                with app.saving(f"Saved the view {name!r}") as saved:
                    triage.save_view(app.services, name, self.query_text)
            except ValueError as error:  # a built-in's name; a filter that does not read (QueryError)
                self.notify(f"Not saved: {error}.", severity="warning")
                return
            if saved.ok:
                self._names, self._counted = (None, []), None
                self.count()

        app.push_screen(NameDialog("Save as a view", self.query_text), named)

    def remove(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.views:
            return
        view, app = self.views[index], reader_app(self.screen)
        if view["kind"] != "saved":
            self.notify("Only the views you saved can be removed.", timeout=3)
            return
        with app.saving(f"Removed the view {view['name']!r}") as saved:
            app.services.store.articles.remove_view(view["name"])
        if saved.ok:
            self._names, self._counted = (None, []), None
            self.count()


class NameDialog(ModalScreen[str | None]):
    BINDINGS = bindings("name")

    def __init__(
        self, title: str, about: str, placeholder: str = "a name", value: str = "", blank: bool = False
    ) -> None:
        super().__init__()
        self.title_text = title
        self.about = about
        self.placeholder = placeholder
        self.value = value
        self.blank = blank  # an empty answer is one ("" ), not a cancel (None)

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box"):
            yield Label(Text(self.about[:200], style="italic"))
            yield Input(self.value, placeholder=self.placeholder, id="name-input")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = self.title_text
        box.border_subtitle = "enter to confirm · esc cancels"

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        answer = " ".join(event.value.split())
        self.dismiss(answer if answer or self.blank else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
