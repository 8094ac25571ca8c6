"""The library's list of articles, drawn with the Line API: only visible rows are rendered,
so 2,000 or 200,000 articles list, filter and scroll at the same speed. (Textual's
DataTable measures every cell of every row, which took 0.5 s for the BBC corpus.)"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.library import Entry
from reader.services.first_screen import KeptMarks
from reader.ui.keys import bindings
from reader.ui.widgets.list_columns import (
    COUNT,
    DATE,
    FEED,
    FOLDER,
    READ,
    SITE,
    TAGS,
    WORDS,
    Column,
    fit,
    fit_columns,
    folder_of,
    read_mark,
    tags_of_state,
)
from reader.ui.widgets.scrollbar import QuickScrollbars
from reader.ui.widgets.styling import layer, to_screen

DRAWN_KEPT = 2_000  # rows kept drawn (a row is drawn again when anything it shows changes)


class ArticleList(QuickScrollbars, ScrollView, can_focus=True):
    BINDINGS = bindings("article_list")
    COMPONENT_CLASSES = {"article-list--cursor", "article-list--unread", "article-list--dim"}

    cursor = reactive(0, init=False)  # the row the cursor is on

    class ColumnsChanged(Message):
        def __init__(self, header: str) -> None:
            super().__init__()
            self.header = header

    class Selected(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.read: Container[str] = set()
        self.counts: dict[str, int] = {}
        self.progress: dict[str, int] = {}  # article -> percent read
        self.states: Mapping[str, Any] = {}  # article -> ArticleState (not the default)
        self.origin: Callable[[Entry], tuple[str, str]] = folder_of  # (its feed, its folder), as the list shows them
        self.columns: list[Column] = []
        self.base: list[Entry] = []  # what the columns are chosen for
        self._fitted: tuple = ()
        self._columns_fit: list[Column] = []
        self.covered = False  # something is drawn over the list (the views drawer): its keys wait
        self._styles: dict[tuple[bool, bool], tuple[Style, Style]] = {}  # this frame's, as _row_styles finds them
        self._drawn: dict[tuple, tuple[Entry, Strip]] = {}  # rows drawn, by what they show

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.covered

    def show(
        self,
        entries: list[Entry],
        read: set[str],
        keep: str | None = None,
        base: list[Entry] | None = None,
        columns: list[Column] | None = None,
    ) -> None:
        """Show these entries; keep the cursor on article `keep` if it is among them. The
        columns are chosen for `base` (the whole library, say: they stay put as a filter
        narrows the list), or for these entries, unless `columns` are given."""
        self.entries, self.read = entries, read
        self.base = base if base is not None else entries
        self._fit(columns)
        at = next((i for i, e in enumerate(entries) if e.id == keep), None) if keep else None  # near the top, mostly
        self.set_reactive(ArticleList.cursor, at if at is not None else self.validate_cursor(self.cursor))
        self.virtual_size = Size(self.size.width, len(entries))
        self._keep_cursor_visible()
        self.refresh()

    def show_kept(self, entries: list[Entry], marks: KeptMarks, columns: list[Column] | None) -> None:
        """The first screen kept at the last quit, with its marks (no database needed)."""
        self.counts, self.progress, self.states, self.origin = marks.counts, marks.progress, marks.states, marks.origin
        self.show(entries, marks.read, columns=columns)

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

    def move_to_first_of(self, article_ids: tuple[str, ...]) -> None:
        rows = {entry.id: row for row, entry in enumerate(self.entries)}
        found = next((rows[a] for a in article_ids if a in rows), None)
        if found is not None:
            self.move_to(found)

    def action_next_unread(self) -> None:
        """The cursor on the next unread article below it, from the top again after the last."""
        count = len(self.entries)
        for step in range(1, count + 1):
            row = (self.cursor + step) % count
            if self.entries[row].id not in self.read:
                self.move_to(row)
                return
        self.notify("Every article in this list is read.", timeout=2)

    def action_select(self) -> None:
        if self.current:
            self.post_message(self.Selected(self.current.id))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y
        if row < len(self.entries):
            if row == self.cursor and event.chain >= 2:
                self.action_select()
            self.move_to(row)

    def _fit(self, columns: list[Column] | None = None) -> None:
        if columns is None:
            # before the first layout, the terminal's width: rows are never drawn without their columns
            width = self.scrollable_content_region.width or self.app.size.width or 200
            key = (
                id(self.base),
                len(self.base),
                width,
                len(self.counts),
                sum(1 for s in self.states.values() if s.tags),
                id(self.origin),
            )
            if key != self._fitted:  # 20,000 rows take a while to measure: once per change
                self._fitted = key
                self._columns_fit = fit_columns(self.base, self.counts, width, self.states, self.origin)
            columns = self._columns_fit
        if columns != self.columns:
            self.columns = columns
            self.post_message(
                self.ColumnsChanged(" " + "".join(set_cell_size(c.name, c.width) for c in columns) + "Title")
            )

    def on_resize(self) -> None:
        self._fit()
        self.virtual_size = Size(self.size.width, len(self.entries))
        self._keep_cursor_visible()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The rows from render_line, through the line filters only: Textual's per-line styling
        adds nothing here (no border, padding, tint) and cost a millisecond or more a frame."""
        self._styles = {}
        styles = self.styles
        if styles.gutter.totals != (0, 0) or styles.tint.a or self.opacity != 1 or styles.text_opacity != 1:
            return super().render_lines(crop)
        background = self.background_colors[1]
        inner, width = Style(bgcolor=background.rich_color), self.size.width  # as Textual pads a line
        strips = [self.render_line(y).adjust_cell_length(width, inner) for y in crop.line_range]
        return to_screen(self, strips, crop, background)

    def _row_styles(self) -> dict[tuple[bool, bool], tuple[Style, Style]]:
        """(unread, at the cursor): (the row's style, dimmed)."""
        if not self._styles:
            base = self.rich_style
            unread = base + layer(self, "article-list--unread")
            cursor, dim = layer(self, "article-list--cursor"), layer(self, "article-list--dim")
            self._styles = {
                (is_unread, at_cursor): (style, style + dim)
                for is_unread, plain in ((False, base), (True, unread))
                for at_cursor, style in ((False, plain), (True, plain + cursor))
            }
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = round(self.scroll_y) + y
        if row >= len(self.entries):
            return Strip.blank(width, self.rich_style)
        entry = self.entries[row]
        style, dim = self._row_styles()[entry.id not in self.read, row == self.cursor]
        state = self.states.get(entry.id)
        mark = read_mark(entry, self.read, self.progress, state is not None and state.starred)
        count = self.counts.get(entry.id)
        tags = tags_of_state(state) if state is not None else ""
        feed, folder = self.origin(entry)
        key = (entry.id, width, style, dim, mark, count, tags, feed, folder, tuple(self.columns))
        drawn = self._drawn.get(key)
        if drawn is not None and drawn[0] is entry:  # the row as last drawn: the cursor moved, the focus...
            return drawn[1]
        texts = {
            READ.name: (mark, style),
            DATE.name: (entry.date.isoformat() if entry.date else "", dim),
            WORDS.name: (f"{entry.words:>6,}", dim),
            COUNT.name: (f"{count:>3}" if count else "", style),
            FEED.name: (feed, dim),
            SITE.name: (entry.site_name, dim),
            FOLDER.name: (folder, dim),
            TAGS.name: (tags, dim),
        }
        segments = [Segment(" ", style)]
        for column in self.columns:
            text, cell_style = texts[column.name]
            segments.append(Segment(fit(text, column.width - 1) + " ", cell_style))
        used = sum(cell_len(s.text) for s in segments)
        segments.append(Segment(fit(entry.title, width - used), style))
        strip = Strip(segments).crop(0, width)
        if len(self._drawn) >= DRAWN_KEPT:
            self._drawn.clear()
        self._drawn[key] = (entry, strip)
        return strip
