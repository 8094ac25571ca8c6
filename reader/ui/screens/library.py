"""The library: every article in a table, filtered as you type, sorted by date or title."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from reader.core.library import Entry, Library
from reader.core.text import inert
from reader.ui.screens.help import ListScreen

SORTS = ("date", "title")


def matches(entry: Entry, terms: list[str]) -> bool:
    haystack = f"{entry.title} {entry.source} {entry.id}".casefold()
    return all(term in haystack for term in terms)


def ordered(entries: list[Entry], sort: str) -> list[Entry]:
    if sort == "title":
        return sorted(entries, key=lambda e: e.title.casefold())
    dated = sorted((e for e in entries if e.date), key=lambda e: e.date, reverse=True)
    return dated + [e for e in entries if not e.date]


class ArticleTable(DataTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="library.open"),
        Binding("j", "cursor_down", "Down", show=False, id="library.down"),
        Binding("k", "cursor_up", "Up", show=False, id="library.up"),
        Binding("g", "scroll_top", "First", show=False, id="library.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="library.last"),
    ]


class LibraryScreen(Screen):
    TITLE = "Library"
    AUTO_FOCUS = "#articles"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("escape", "clear_filter", "Clear filter", id="library.clear_filter"),
        Binding("s", "sort", "Sort", id="library.sort"),
        Binding("w", "skipped", "Skipped files", show=False, id="library.skipped"),
        Binding("q", "app.quit", "Quit", id="library.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.library: Library | None = None
        self.sort = "date"
        self.shown: list[Entry] = []
        self._keys: list[str] = []  # article id of each table row

    def compose(self) -> ComposeResult:
        yield Input(placeholder="/ filter by title or source", id="filter")
        table = ArticleTable(id="articles", cursor_type="row", zebra_stripes=True)
        table.loading = True
        yield table
        yield Static("Scanning the library…", id="library-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(ArticleTable)
        table.add_column("", key="read", width=1)
        table.add_column("Date", key="date", width=10)
        table.add_column("Words", key="words", width=6)
        table.add_column("Source", key="source", width=16)
        table.add_column("Title", key="title")
        table.focus()
        self.scan()

    @work(thread=True, exclusive=True, group="scan")
    def scan(self) -> None:
        library = self.app.services.scan()
        self.app.call_from_thread(self.show_library, library)

    def show_library(self, library: Library) -> None:
        self.library = library
        table = self.query_one(ArticleTable)
        table.loading = False
        self.refill()
        if not isinstance(self.focused, Input):
            table.focus()
        if library.skipped:
            self.notify(
                f"{len(library.skipped)} file(s) skipped; press w to see why.", severity="warning", timeout=6
            )

    # --- table ---
    def refill(self) -> None:
        if self.library is None:
            return
        table = self.query_one(ArticleTable)
        current = self.current_id
        terms = self.query_one("#filter", Input).value.casefold().split()
        entries = [e for e in self.library.entries if matches(e, terms)] if terms else self.library.entries
        self.shown = ordered(entries, self.sort)
        read = self.app.services.store.read_ids()
        table.clear()
        table.add_rows(
            [self._read_mark(e.id in read), e.date.isoformat() if e.date else "", Text(f"{e.words:,}", justify="right"),
             Text(e.source), Text(e.title)]
            for e in self.shown
        )
        # add_rows gives rows generated keys; keep ours so ids map to rows
        self._keys = [e.id for e in self.shown]
        if current in self._keys:
            table.move_cursor(row=self._keys.index(current), animate=False)
        self.update_status()

    @staticmethod
    def _read_mark(read: bool) -> Text:
        return Text(" " if read else "•", style="bold")

    def update_status(self) -> None:
        assert self.library is not None
        total = len(self.library.entries)
        parts = [f"{len(self.shown):,} of {total:,} articles" if len(self.shown) != total else f"{total:,} articles"]
        unread = sum(1 for e in self.shown if not self.app.services.store.is_read(e.id))
        parts.append(f"{unread:,} unread")
        parts.append(f"sorted by {self.sort}")
        if self.library.skipped:
            parts.append(f"{len(self.library.skipped)} skipped (w)")
        self.query_one("#library-status", Static).update(" · ".join(parts))

    @property
    def current_id(self) -> str | None:
        table = self.query_one(ArticleTable)
        if not 0 <= table.cursor_row < len(self._keys):
            return None
        return self._keys[table.cursor_row]

    def on_screen_resume(self) -> None:
        if self.library is not None:
            self.refill()

    # --- actions ---
    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refill()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(ArticleTable).focus()

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        article_id = self.current_id
        if article_id is None:
            return

        self.app.open_article(article_id, [e.id for e in self.shown])

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.value = ""
        self.query_one(ArticleTable).focus()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refill()

    def action_skipped(self) -> None:
        skipped = self.library.skipped if self.library else []
        text = Text()
        for item in skipped:
            root = next((r for r in self.library.roots if item.path.is_relative_to(r)), None)
            shown = item.path.relative_to(root) if root else item.path
            text.append(inert(str(shown)), style="bold")
            text.append(f": {item.reason}\n")
            if root:
                text.append(f"  in {inert(str(root))}\n", style="dim")
        body = text if skipped else Text("No file was skipped.")
        self.app.push_screen(ListScreen(f"Skipped files ({len(skipped)})", body))
