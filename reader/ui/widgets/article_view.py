"""The article body, drawn with Textual's Line API: only the lines on screen are rendered,
so a 100,000-word article costs no more to show than a short one."""

from __future__ import annotations

from bisect import bisect_right

from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.library import Article
from reader.core.notes.highlight import Highlight
from reader.core.reading.layout import Line, LineIndex, annotate, layout
from reader.core.reading.navigation import Navigator
from reader.core.reading.sentences import sentence_spans
from reader.ui.keys import bindings
from reader.ui.widgets.article_paint import GUTTER, annotation_hint, paint_line
from reader.ui.widgets.scrollbar import QuickScrollbars

SCROLL_MARGIN = 2  # lines kept visible around the cursor, like vim's scrolloff


class ArticleView(QuickScrollbars, ScrollView, can_focus=True):
    """An article's body with a sentence cursor, a selection and find matches."""

    BINDINGS = bindings("article_view")

    COMPONENT_CLASSES = {
        "article-view--cursor",
        "article-view--cursor-mark",
        "article-view--selection",
        "article-view--selection-mark",
        "article-view--match",
        "article-view--match-current",
        "article-view--heading",
        "article-view--code",
        "article-view--quote",
        "article-view--prefix",
        "article-view--annotation",
        "article-view--orphan",
    }

    cursor = reactive(0, init=False)  # the sentence the cursor is on

    class CursorMoved(Message):
        def __init__(self, view: ArticleView, sentence: int, total: int) -> None:
            super().__init__()
            self.view = view
            self.sentence = sentence
            self.total = total

    def __init__(
        self, *, text_width: int = 88, name: str | None = None, id: str | None = None, classes: str | None = None
    ):
        super().__init__(name=name, id=id, classes=classes)
        self.text_width = text_width
        self.article: Article | None = None
        self.spans: list[tuple[int, int]] = []
        self.nav = Navigator("", [], [])
        self.lines: list[Line] = []  # what is drawn: the text's lines and rows of annotations
        self._text_lines: list[Line] = []  # the text's lines alone, at _laid_out_width
        self._index = LineIndex([])
        self._laid_out_width = -1
        self.anchor: int | None = None
        self.matches: list[tuple[int, int]] = []
        self.current_match: int | None = None
        self.entities: list = []  # reader.core.entities.Entity, sorted
        self._entity_starts: list[int] = []
        self.entity_styles: dict[str, Style] = {}  # label -> style; labels missing here are hidden
        self.refined: tuple[int, int] | None = None  # a selection moved word by word
        self.highlights: list[Highlight] = []  # placed highlights, by start
        self.highlight_styles: dict[str, Style] = {}  # colour name -> style

    # --- content ---
    def show_article(self, article: Article, spans: list[tuple[int, int]] | None = None) -> None:
        self.article = article
        self.spans = spans if spans is not None else sentence_spans(article)
        self.nav = Navigator(article.body, self.spans, [block.start for block in article.blocks])
        self.set_reactive(ArticleView.cursor, 0)
        self.anchor = None
        self.matches, self.current_match = [], None
        self.refined = None
        self.highlights = []
        self.set_entities([], {})
        self._laid_out_width = -1
        self._relayout()
        self.scroll_to(0, 0, animate=False)
        self._cursor_changed()

    @property
    def column_width(self) -> int:
        available = self.scrollable_content_region.width - GUTTER - 1
        return max(min(self.text_width, available), 10)

    @property
    def left(self) -> int:
        """Cells left of the text: the column is centred in a wide window."""
        spare = self.scrollable_content_region.width - self.column_width - GUTTER
        return max(spare // 2, 0)

    def _relayout(self) -> None:
        if self.article is None:
            return
        width = self.column_width
        if width != self._laid_out_width:
            self._text_lines = layout(self.article, width)
            self._laid_out_width = width
        notes = {h.end - 1: hint for h in self.highlights if (hint := annotation_hint(h))}
        self.lines = annotate(self._text_lines, self.article.body, notes, width)
        self._index = LineIndex(self.lines)
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self.call_after_refresh(self.scroll_to_cursor)

    # --- what the cursor covers ---
    @property
    def cursor_span(self) -> tuple[int, int] | None:
        return self.spans[self.cursor] if self.spans else None

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected range of the body, or None."""
        if self.refined is not None:
            return self.refined
        if self.anchor is None or not self.spans:
            return None
        low, high = sorted((self.anchor, self.cursor))
        return self.spans[low][0], self.spans[high][1]

    @property
    def selected_text(self) -> str:
        span = self.selection or self.cursor_span
        return self.article.body[span[0] : span[1]] if span and self.article else ""

    def sentence_at(self, offset: int) -> int:
        return self.nav.sentence_at(offset)

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        return self._index.line_of(start), self._index.line_of(max(end - 1, start))

    # --- moving ---
    def set_cursor(self, sentence: int, *, extend: bool = False) -> None:
        if not self.spans:
            return
        self.refined = None
        if extend and self.anchor is None:
            self.anchor = self.cursor
        elif not extend:
            self.anchor = None
        self.cursor = sentence
        self.refresh()  # the selection may have changed though the cursor did not

    def validate_cursor(self, sentence: int) -> int:
        return self.nav.clamp(sentence)

    def watch_cursor(self) -> None:
        self.scroll_to_cursor()
        self._cursor_changed()

    def clear_selection(self) -> bool:
        """Drop the selection; False if there was none."""
        if self.anchor is None and self.refined is None:
            return False
        self.anchor = None
        self.refined = None
        self.refresh()
        return True

    def _cursor_changed(self) -> None:
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor, len(self.spans)))

    def scroll_to_cursor(self) -> None:
        span = self.cursor_span
        if span is None:
            return
        first, last = self.lines_of(*span)
        self.scroll_to_lines(first, last)

    def scroll_to_lines(self, first: int, last: int) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_y)
        margin = min(SCROLL_MARGIN, max((height - (last - first + 1)) // 2, 0))
        if first - margin < top:
            top = first - margin
        elif last + margin >= top + height:
            top = min(first - margin, last + margin - height + 1)
        self.scroll_to(y=max(top, 0), animate=False, immediate=True)

    def action_move(self, delta: int) -> None:
        self.set_cursor(self.cursor + delta)

    def action_extend(self, delta: int) -> None:
        self.set_cursor(self.cursor + delta, extend=True)

    def action_refine(self, delta: int) -> None:
        """Move the selection's end one word right or left (the start stays)."""
        span = self.selection or self.cursor_span
        if span is None:
            return
        start, end = span
        new_end = self.nav.refine(start, end, delta)
        if new_end <= start:
            return
        self.refined = (start, new_end)
        self.scroll_to_lines(*self.lines_of(start, new_end))
        self.refresh()

    def action_paragraph(self, delta: int) -> None:
        if self.spans:
            self.set_cursor(self.nav.paragraph(self.cursor, delta))

    def action_page(self, delta: int) -> None:
        if not self.spans:
            return
        height = max(self.scrollable_content_region.height - 1, 1)
        moved = self.nav.page(self.lines, self._index, round(self.scroll_y), height, delta)
        if moved is None:  # already at the edge
            self.set_cursor(0 if delta < 0 else len(self.spans) - 1)
            return
        top, sentence = moved
        self.scroll_to(y=top, animate=False, immediate=True)
        self.anchor = None
        self.refined = None
        self.set_reactive(ArticleView.cursor, sentence)  # the page decides the scroll, not the cursor
        self._cursor_changed()

    def action_edge(self, direction: int) -> None:
        self.set_cursor(0 if direction < 0 else len(self.spans) - 1)

    # --- entities ---
    def set_entities(self, entities: list, styles: dict[str, Style]) -> None:
        """Show these entities; only labels that have a style are drawn."""
        self.entities = entities
        self._entity_starts = [e.start for e in entities]
        self.entity_styles = styles
        self.refresh()

    def entities_in(self, start: int, end: int) -> list:
        first = max(bisect_right(self._entity_starts, start) - 1, 0)
        found = []
        for entity in self.entities[first:]:
            if entity.start >= end:
                break
            if entity.end > start:
                found.append(entity)
        return found

    # --- highlights ---
    def set_highlights(self, highlights: list[Highlight], styles: dict[str, Style]) -> None:
        self.highlights = sorted((h for h in highlights if h.attached), key=lambda h: (h.start, h.end))
        self.highlight_styles = styles
        self._relayout()  # their tags and notes may need rows of their own

    def highlights_in(self, start: int, end: int) -> list[Highlight]:
        return [h for h in self.highlights if h.start < end and h.end > start]

    # --- find ---
    def set_matches(self, matches: list[tuple[int, int]], current: int | None) -> None:
        self.matches, self.current_match = matches, current
        if current is not None and matches:
            start, end = matches[current]
            self.set_cursor(self.sentence_at(start))
            self.scroll_to_lines(*self.lines_of(start, end))
        self.refresh()

    # --- mouse ---
    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y
        if not self.lines or row >= len(self.lines):
            return
        line = self.lines[row]
        column = event.x - self.left - GUTTER - len(line.prefix)
        offset = min(line.start + max(column, 0), max(line.end - 1, line.start))
        self.set_cursor(self.sentence_at(offset), extend=event.shift)

    # --- drawing (article_paint) ---
    def render_line(self, y: int) -> Strip:
        return paint_line(self, round(self.scroll_y) + y)
