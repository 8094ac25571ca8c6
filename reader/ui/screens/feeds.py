"""Feeds (`F` in the library): every feed followed, with its folder, unread count, last sync
and last error, drawn again whenever the workspace announces a change (a sync under way);
add, sync one, rename, move, unfollow, its own settings (`e`), the rules (`l`); `enter`
gives the feed's view to show in the library (the screen's result)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from reader.core.text import inert, plural
from reader.services import triage
from reader.services.triage import feed_view
from reader.ui.keys import bindings
from reader.ui.plain import line, plain
from reader.ui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from reader.ui.workspace import Workspace

COLUMNS = ("Folder", "Feed", "Unread", "Articles", "Last sync", "Last error")


class FeedsScreen(Screen[dict[str, Any] | None]):
    TITLE = "Feeds"
    BINDINGS = bindings("feeds")
    AUTO_FOCUS = "DataTable"

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace  # where syncs and additions run
        self.feeds: list[dict] = []
        self._shown: tuple = ()

    def compose(self) -> ComposeResult:
        yield Static(id="feeds-title")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.fill()
        self.workspace.subscribe(self, lambda _: self.fill())  # a sync or an addition going on

    def on_unmount(self) -> None:
        self.workspace.unsubscribe(self)

    def fill(self) -> None:
        """The feeds as the store has them now (redrawn only when the store has changed)."""
        services = self.app.services
        store = services.store
        library = self.workspace.library
        version = (store.version, id(library), library.changes if library else 0)
        if version == self._shown:
            return
        self._shown = version
        self.feeds = sorted(
            store.feeds.all(), key=lambda f: ([g.casefold() for g in f["folders"]], f["title"].casefold())
        )
        counts = triage.feed_counts(services) if library is not None else {}
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for feed in self.feeds:
            articles, unread = counts.get(feed["url"], (0, 0))
            table.add_row(
                line(", ".join(feed["folders"])),
                line(feed["title"]),
                plain(f"{unread:,}" if library is not None else "…"),
                plain(f"{articles:,}" if library is not None else "…"),
                (feed.get("last_sync") or "never")[:16].replace("T", " "),
                line(
                    str(feed.get("last_error") or (f"note: {feed['last_note']}" if feed.get("last_note") else ""))[:80]
                ),
                key=feed["url"],
            )
        if self.feeds:
            table.move_cursor(row=min(row, len(self.feeds) - 1))
        failing = sum(1 for feed in self.feeds if feed.get("last_error"))
        words = plural(len(self.feeds), "feed") if self.feeds else "No feeds yet: `a` adds one"
        self.query_one("#feeds-title", Static).update(plain(words + (f" · {failing} failing" if failing else "")))

    @property
    def current(self) -> dict | None:
        row = self.query_one(DataTable).cursor_row
        return self.feeds[row] if 0 <= row < len(self.feeds) else None

    @on(DataTable.RowSelected)
    def _selected(self) -> None:  # enter on the table: the table has the key before the screen
        self.action_show()

    def action_show(self) -> None:
        feed = self.current
        if feed is not None:
            self.dismiss(feed_view(feed["title"], feed["url"]))

    def action_add(self) -> None:
        from reader.ui.dialogs import ask_web_address

        ask_web_address(self.app, self.workspace.web.add)

    def action_sync(self) -> None:
        feed = self.current
        if feed is not None:
            self.workspace.web.sync(only=feed["url"])

    def action_rename(self) -> None:
        from reader.ui.dialogs import NameDialog

        feed = self.current
        if feed is None:
            return

        def named(title: str | None) -> None:
            if title:
                with self.app.saving() as saved:
                    kept = self.app.services.store.feeds.rename(feed["url"], title)
                if saved.ok:
                    self.notify(f"Renamed to {kept}", timeout=3)

        about = f"A title of your own for {inert(feed['url'])}: syncs keep it."
        self.app.push_screen(NameDialog("Rename the feed", about, "a title", inert(feed["title"])), named)

    def action_move(self) -> None:
        from reader.ui.dialogs import NameDialog

        feed = self.current
        if feed is None:
            return

        def named(folder: str | None) -> None:
            if folder is None:  # cancelled
                return
            with self.app.saving() as saved:
                kept = self.app.services.store.feeds.move(feed["url"], folder or "")
            if saved.ok:
                self.notify(f"Moved {inert(feed['title'])} to {kept or 'no folder'}", timeout=3)

        about = f"The folder for {inert(feed['title'])}: a path such as Reading/Deep; blank for none."
        self.app.push_screen(
            NameDialog("Move the feed", about, "a folder", inert(", ".join(feed["folders"][:1])), blank=True), named
        )

    def action_remove(self) -> None:
        from reader.ui.dialogs import Confirm

        feed = self.current
        if feed is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                with self.app.saving() as saved:
                    self.app.services.store.feeds.remove(feed["url"])
                if saved.ok:
                    self.notify(f"Unfollowed {inert(feed['title'])}; its articles stay in the library", timeout=4)

        self.app.push_screen(Confirm(f"Unfollow {inert(feed['title'])}?"), answer)

    def action_account(self) -> None:
        from reader.ui.dialogs import AccountDialog

        def given(answer: tuple[str, str, str] | None) -> None:
            if answer:
                self.workspace.web.add_account(*answer)

        self.app.push_screen(AccountDialog(), given)

    def action_import(self) -> None:
        """`i`: the feeds of an OPML file (a Feedly, Inoreader, newsboat, Miniflux export), followed."""
        from pathlib import Path

        from reader.ui.dialogs import NameDialog

        def named(path: str | None) -> None:
            if path:
                self.workspace.web.import_opml(Path(path).expanduser())

        about = "The OPML file another reader exported (its folders come along; nothing in it is fetched)."
        self.app.push_screen(NameDialog("Import feeds", about, "a file: ~/Downloads/feedly.opml", ""), named)

    def action_settings(self) -> None:
        """`e`: this feed's own settings (as `reader feed set`)."""
        from reader.services.feed_settings import set_feed, settings_line
        from reader.ui.dialogs import FeedSettingsDialog

        feed = self.current
        if feed is None:
            return

        def given(answer: dict | None) -> None:
            if answer is None:
                return
            try:
                with self.app.saving() as saved:
                    now = set_feed(self.app.services, feed["url"], answer)
            except ValueError as error:
                self.notify(f"Not changed: {inert(str(error))}", severity="warning", timeout=8)
                return
            if saved.ok:
                self.notify(f"{inert(feed['title'])}: {settings_line(now)}", timeout=6)

        self.app.push_screen(FeedSettingsDialog(feed["title"], feed), given)

    def action_back(self) -> None:
        self.dismiss(None)
