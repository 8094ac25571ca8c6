"""The views drawer (`v` in the library): Inbox, Later, Archive, Starred, All, one per feed
and the saved ones, with their counts, counted off the UI in what the list holds (the
screen's Listing) and again whenever the workspace announces a change while it is open.
It opens over the list (no screen of its own: closing it redraws only where it was) and
posts Chosen when it closes."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList

from reader.core.text import clip, one_line
from reader.services import triage
from reader.ui.plain import plain
from reader.ui.workspace.base import SYNC

if TYPE_CHECKING:
    from reader.core.library import Entry
    from reader.ui.screens.library.listing import Listing
    from reader.ui.workspace import Changed

NAME_WIDTH = 48  # a view named after a 500-character feed title is cut, not padded out


class ViewsPanel(Vertical):
    """Every view with its counts (counted again whenever the library changes while it is
    open: a sync, say); `enter` shows one, `s` saves the filter on screen. It never takes
    the focus: the screen's priority keys (`views_*`) work it while it is open."""

    can_focus = False

    class Chosen(Message):
        """The drawer closed, with a view to show (None: none)."""

        def __init__(self, view: dict[str, Any] | None) -> None:
            super().__init__()
            self.view = view

    def __init__(self, listing: Listing) -> None:
        super().__init__(id="views-panel")
        self.listing = listing  # what the list holds: the views are counted in it
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
        self.listing.workspace.subscribe(self, self._changed)

    def _changed(self, change: Changed) -> None:
        if change.what != {SYNC}:  # articles arrived (a sync), say: counted again if open
            self.count()

    def open(self, current: str, query: str) -> None:
        """Shown at once with every view's name (and the counts of the last time, until
        they are counted again off the UI)."""
        self.current, self.query_text = current, query
        self.display = True
        self.count()

    def count(self) -> None:
        if not self.display:
            return
        # kept for _count (a worker is named with the repr of its arguments: it takes none)
        self._counting = self.listing.base()
        entries, version, _ = self._counting
        if self._counted == self._counting[2]:
            self.show_views(self.views)  # nothing changed since they were counted
            return
        if self._names[0] != version:
            self._names = (version, triage.views(self.app.services, entries))
        known = {v["name"]: v for v in self.views}
        self.show_views([known.get(v["name"], v) for v in self._names[1]], counted=False)
        self.set_timer(0.03, self._count)  # the panel is drawn first, then counted off the UI

    @work(thread=True, exclusive=True, group="views", exit_on_error=False)
    def _count(self) -> None:
        entries, version, counted = self._counting
        views = triage.view_counts(self.app.services, entries)
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
        width = min(max(len(name) for name in names), NAME_WIDTH)
        lines = []
        for view in views:
            line = Text(f"{clip(view['name'], width):<{width}}  ", style="bold" if view["name"] == self.current else "")
            if "error" in view:
                line.append(one_line(f"cannot read its query: {view['error']}"), style="red")
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
        self.query_one("#views-status", Label).update(plain(f"{len(views)} views, {saved} saved by you{counting}"))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose()

    def close(self, view: dict | None = None) -> None:
        self.display = False
        self.post_message(self.Chosen(view))

    def choose(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and self.views:
            self.close(self.views[index])

    def move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def save(self) -> None:
        app = self.app
        if not self.query_text.strip():
            self.notify("Nothing to save: this is every article (type a filter with / first).", timeout=4)
            return

        def named(name: str | None) -> None:
            if not name:
                return
            try:  # saved: counted again (the store's change is announced)
                with app.saving(f"Saved the view {name!r}"):
                    triage.save_view(app.services, name, self.query_text)
            except ValueError as error:  # a built-in's name; a filter that does not read (QueryError)
                self.notify(f"Not saved: {error}.", severity="warning")

        from reader.ui.dialogs import NameDialog

        app.push_screen(NameDialog("Save as a view", self.query_text), named)

    def rule(self) -> None:
        """`r`: a rule made of the filter on screen (its action asked for)."""
        from reader.ui.dialogs import RuleDialog, keep_rule

        if not self.query_text.strip():
            self.notify("No filter to make a rule of (type one with / first).", timeout=4)
            return
        app = self.app
        self.close()
        app.push_screen(RuleDialog(self.query_text), lambda answer: keep_rule(app, answer))

    def remove(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.views:
            return
        view, app = self.views[index], self.app
        if view["kind"] != "saved":
            self.notify("Only the views you saved can be removed.", timeout=3)
            return
        with app.saving(f"Removed the view {view['name']!r}"):  # counted again: the change is announced
            app.services.store.articles.remove_view(view["name"])
