"""Wrapping an article's blocks into screen lines. Each line is a range of the body, so
anything that marks ranges of the body (sentences, matches, entities, highlights) can be
drawn on it. Pure computation: the article view renders only the lines on screen."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len

from reader.core.library.articles import Article

_WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    prefix: str = ""
    kind: str = "paragraph"  # block kind, "blank" between blocks, "note": a row of annotations
    note: str = ""  # annotations (a highlight's tags, ✎) shown after the text, or the note row's text


def _split_long(text: str, start: int, end: int, width: int, ascii_only: bool) -> list[tuple[int, int]]:
    """Cut a run without spaces (a long URL, say) into pieces that fit the width."""
    if ascii_only:
        return [(s, min(s + width, end)) for s in range(start, end, width)]
    pieces: list[tuple[int, int]] = []
    piece_start, used = start, 0
    for i in range(start, end):
        w = cell_len(text[i])
        if used + w > width and i > piece_start:
            pieces.append((piece_start, i))
            piece_start, used = i, 0
        used += w
    pieces.append((piece_start, end))
    return pieces


def wrap(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of text[start:end] (no newlines inside) into ranges of at most
    `width` cells, not counting the spaces at a line's end."""
    width = max(width, 1)
    ascii_only = text[start:end].isascii()
    measure = len if ascii_only else cell_len
    if measure(text[start:end]) <= width:
        return [(start, end)]
    lines: list[tuple[int, int]] = []
    line_start, used = start, 0
    for match in _WORD.finditer(text, start, end):
        word = match.group().rstrip()
        w = measure(word)
        if used and used + w > width:
            lines.append((line_start, match.start()))
            line_start, used = match.start(), 0
        if w > width:
            pieces = _split_long(text, match.start(), match.start() + len(word), width, ascii_only)
            lines.extend(pieces[:-1])
            line_start = pieces[-1][0]
            used = measure(text[line_start : match.end()])
            continue
        used += measure(match.group())
    lines.append((line_start, end))
    return lines


def _prefixes(kind: str, marker: str, depth: int) -> tuple[str, str]:
    """(first line prefix, continuation prefix) for a block."""
    if kind == "quote":
        bar = "│ " * max(depth, 1)
        return bar, bar
    if kind == "list":
        indent = "  " * max(depth - 1, 0)
        return indent + marker, indent + " " * cell_len(marker)
    if kind == "code":
        indent = "  " * depth + "  "
        return indent, indent
    return "", ""


def layout(article: Article, width: int) -> list[Line]:
    body = article.body
    lines: list[Line] = []
    for index, block in enumerate(article.blocks):
        if index:
            lines.append(Line(block.start, block.start, "", "blank"))
        first, rest = _prefixes(block.kind, block.marker, block.depth)
        available = max(width - max(cell_len(first), cell_len(rest)), 8)
        prefix = first
        line_start = block.start
        for hard_line in body[block.start : block.end].split("\n"):
            line_end = line_start + len(hard_line)
            for start, end in wrap(body, line_start, line_end, available):
                lines.append(Line(start, end, prefix, block.kind))
                prefix = rest
            line_start = line_end + 1
    return lines


def annotate(lines: list[Line], body: str, notes: dict[int, str], width: int) -> list[Line]:
    """`lines` with annotations (`notes`: body offset of a highlight's last character ->
    its "#tags ✎") after the line that ends the highlight: on that line when they fit,
    else on rows of their own below its paragraph (never splitting it), wrapped, never cut off."""
    if not notes:
        return lines
    index = LineIndex(lines)
    by_line: dict[int, list[str]] = {}
    for offset, text in sorted(notes.items()):
        by_line.setdefault(index.line_of(offset), []).append(text)
    out: list[Line] = []
    waiting: list[Line] = []  # rows of annotations, for the end of the paragraph
    for row, line in enumerate(lines):
        extra = by_line.get(row)
        if extra:
            text = "  ".join(extra)
            used = cell_len(line.prefix) + cell_len(body[line.start : line.end].rstrip())
            if used + 2 + cell_len(text) <= width:
                line = Line(line.start, line.end, line.prefix, line.kind, text)
            else:
                indent = " " * cell_len(line.prefix)
                for start, end in wrap(text, 0, len(text), max(width - len(indent), 8)):
                    waiting.append(Line(line.end, line.end, indent, "note", text[start:end].rstrip()))
        out.append(line)
        last_of_block = row + 1 == len(lines) or lines[row + 1].kind == "blank"
        if waiting and last_of_block:
            out.extend(Line(line.end, line.end, note.prefix, "note", note.note) for note in waiting)
            waiting = []
    return out


class LineIndex:
    """Find the screen line that holds a body offset (never a row of annotations)."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self._rows = [i for i, line in enumerate(lines) if line.kind != "note"]
        self._starts = [lines[i].start if lines[i].kind != "blank" else lines[i].start - 0.5 for i in self._rows]

    def line_of(self, offset: int) -> int:
        if not self._rows:
            return 0
        return self._rows[max(bisect_right(self._starts, offset) - 1, 0)]
