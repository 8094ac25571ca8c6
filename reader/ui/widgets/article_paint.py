"""Drawing one line of the article view (Textual's Line API): the text cut at every mark
(entities, cursor, highlights, find matches, selection, in rising priority), the gutter
mark, and the tags/note/moved hints after a highlight's last line."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Protocol

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

from reader.core.entities import Entity
from reader.core.library import Article
from reader.core.notes.highlight import Highlight, Status
from reader.core.reading.layout import Line
from reader.ui.widgets.styling import layer

GUTTER = 2  # cells left of the text: the cursor mark lives there


class ArticleView(Protocol):
    """What drawing a line reads of the article view (the widget, in article_view)."""

    article: Article | None
    lines: list[Line]
    left: int
    matches: list[tuple[int, int]]
    current_match: int | None
    entity_styles: dict[str, Style]
    highlight_styles: dict[str, Style]

    @property
    def cursor_span(self) -> tuple[int, int] | None: ...

    @property
    def selection(self) -> tuple[int, int] | None: ...

    @property
    def rich_style(self) -> Style: ...

    @property
    def scrollable_content_region(self) -> Region: ...

    def entities_in(self, start: int, end: int) -> list[Entity]: ...

    def highlights_in(self, start: int, end: int) -> list[Highlight]: ...

    def get_component_rich_style(self, *names: str, partial: bool = False) -> Style: ...


@dataclass(frozen=True)
class Mark:
    """A styled range of the body."""

    start: int
    end: int
    style: Style


def marks(view: ArticleView, start: int, end: int) -> list[Mark]:
    """Styled ranges over [start, end), lowest priority first."""
    found: list[Mark] = []
    for entity in view.entities_in(start, end):
        style = view.entity_styles.get(entity.label)
        if style is not None:
            found.append(Mark(entity.start, entity.end, style))
    span = view.cursor_span
    if span:
        found.append(Mark(*span, layer(view, "article-view--cursor")))
    for highlight in sorted(view.highlights_in(start, end), key=lambda h: h.start - h.end):  # inner ones on top
        found.append(Mark(highlight.start, highlight.end, view.highlight_styles.get(highlight.color, Style())))
    if view.matches:
        style = layer(view, "article-view--match")
        current = layer(view, "article-view--match-current")
        first = max(bisect_right(view.matches, (start, -1)) - 1, 0)
        for i in range(first, len(view.matches)):
            m_start, m_end = view.matches[i]
            if m_start >= end:
                break
            if m_end > start:
                found.append(Mark(m_start, m_end, current if i == view.current_match else style))
    selection = view.selection
    if selection:
        found.append(Mark(*selection, layer(view, "article-view--selection")))
    return [mark for mark in found if mark.start < end and mark.end > start]


def text_segments(view: ArticleView, body: str, line: Line, base: Style) -> list[Segment]:
    end = line.end
    while end > line.start and body[end - 1] == " ":
        end -= 1
    found = marks(view, line.start, end)
    if not found:
        return [Segment(body[line.start : end], base)]
    cuts = {line.start, end}
    for mark in found:
        cuts.add(min(max(mark.start, line.start), end))
        cuts.add(min(max(mark.end, line.start), end))
    points = sorted(cuts)
    segments = []
    for a, b in zip(points, points[1:]):
        style = base
        for mark in found:
            if mark.start <= a and mark.end >= b:
                style = style + mark.style
        segments.append(Segment(body[a:b], style))
    return segments


def gutter(view: ArticleView, line: Line, base: Style) -> Segment:
    """A mark left of the text, so the cursor and the selection show without colour too."""

    def touches(span: tuple[int, int] | None) -> bool:
        return span is not None and span[0] < max(line.end, line.start + 1) and span[1] > line.start

    if touches(view.cursor_span):
        return Segment("▌ ", base + layer(view, "article-view--cursor-mark"))
    if touches(view.selection):
        return Segment("│ ", base + layer(view, "article-view--selection-mark"))
    return Segment("  ", base)


def paint_line(view: ArticleView, row: int) -> Strip:
    """Line `row` of the laid-out article."""
    width = view.scrollable_content_region.width
    base = view.rich_style
    if view.article is None or row >= len(view.lines):
        return Strip.blank(width, base)
    line = view.lines[row]
    if line.kind == "blank":
        return Strip.blank(width, base)
    if line.kind == "note":  # a row of annotations that did not fit after the text
        note = base + layer(view, "article-view--annotation")
        return Strip([Segment(" " * (view.left + GUTTER) + line.prefix, base), Segment(line.note, note)]).crop_extend(
            0, width, base
        )
    text_style = base
    if line.kind in ("heading", "code", "quote"):
        text_style = base + layer(view, f"article-view--{line.kind}")
    segments = [Segment(" " * view.left, base), gutter(view, line, base)]
    if line.prefix:
        segments.append(Segment(line.prefix, base + layer(view, "article-view--prefix")))
    segments.extend(text_segments(view, view.article.body, line, text_style))
    if line.note:
        segments.append(Segment(f"  {line.note}", base + layer(view, "article-view--annotation")))
    return Strip(segments).crop_extend(0, width, base)


def annotation_hint(highlight: Highlight) -> str:
    """What follows a highlight's last line: its tags, ✎ for a note, ~moved."""
    extra = " ".join(f"#{tag}" for tag in highlight.tags)
    if highlight.note:
        extra = f"{extra} ✎".strip()
    if highlight.status is Status.FUZZY:
        extra = f"{extra} ~moved".strip()
    return extra
