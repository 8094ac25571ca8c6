"""The library's list of articles, drawn with the Line API: only visible rows are rendered,
so 2,000 or 200,000 articles list, filter and scroll at the same speed. (Textual's
DataTable measures every cell of every row, which took 0.5 s for the BBC corpus.)"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.library import Entry
from reader.ui.keys import bindings
from reader.ui.widgets.styling import layer

# (title, width); the title takes what is left
COLUMNS = (("", 2), ("Date", 11), ("Words", 7), ("✎", 4), ("Site", 18), ("Title", 0))


def header_text(width: int) -> str:
    cells = [set_cell_size(name, size) for name, size in COLUMNS[:-1]]
    return " " + "".join(cells) + COLUMNS[-1][0]


class ArticleList(ScrollView, can_focus=True):
    BINDINGS = bindings("article_list")
    COMPONENT_CLASSES = {"article-list--cursor", "article-list--unread", "article-list--dim"}

    cursor = reactive(0, init=False)  # the row the cursor is on

    class Selected(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.read: set[str] = set()
        self.counts: dict[str, int] = {}

    def show(self, entries: list[Entry], read: set[str], keep: str | None = None) -> None:
        """Show these entries; keep the cursor on article `keep` if it is among them."""
        self.entries, self.read = entries, read
        ids = [e.id for e in entries]
        self.set_reactive(ArticleList.cursor, ids.index(keep) if keep in ids else self.validate_cursor(self.cursor))
        self.virtual_size = Size(self.size.width, len(entries))
        self._keep_cursor_visible()
        self.refresh()

    @property
    def current(self) -> Entry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def _keep_cursor_visible(self) -> None:
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if self.cursor < top:
            top = self.cursor
        elif height and self.cursor >= top + height:
            top = self.cursor - height + 1
        self.scroll_to(y=top, animate=False, immediate=True)

    def validate_cursor(self, row: int) -> int:
        return min(max(row, 0), max(len(self.entries) - 1, 0))

    def watch_cursor(self) -> None:
        self._keep_cursor_visible()
        self.refresh()

    def move_to(self, row: int) -> None:
        self.cursor = row

    def action_move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, delta: int) -> None:
        self.move_to(self.cursor + delta * max(self.scrollable_content_region.height - 1, 1))

    def action_edge(self, direction: int) -> None:
        self.move_to(0 if direction < 0 else len(self.entries) - 1)

    def action_select(self) -> None:
        if self.current:
            self.post_message(self.Selected(self.current.id))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y
        if row < len(self.entries):
            if row == self.cursor and event.chain >= 2:
                self.action_select()
            self.move_to(row)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.entries))
        self._keep_cursor_visible()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = round(self.scroll_y) + y
        if row >= len(self.entries):
            return Strip.blank(width, base)
        entry = self.entries[row]
        unread = entry.id not in self.read
        style = base + layer(self, "article-list--unread") if unread else base
        if row == self.cursor:
            style = style + layer(self, "article-list--cursor")
        dim = style + layer(self, "article-list--dim")
        count = self.counts.get(entry.id)
        cells = [
            ("•" if unread else " ", style),
            (entry.date.isoformat() if entry.date else "", dim),
            (f"{entry.words:>6,}", dim),
            (f"{count:>3}" if count else "", style),
            (entry.site_name, dim),
        ]
        segments = [Segment(" ", style)]
        for (text, cell_style), (_, size) in zip(cells, COLUMNS):
            segments.append(Segment(set_cell_size(text, size - 1) + " ", cell_style))
        segments.append(Segment(entry.title, style))
        used = sum(cell_len(s.text) for s in segments)
        segments.append(Segment(" " * max(width - used, 0), style))
        return Strip(segments).crop(0, width)
