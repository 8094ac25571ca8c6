"""Wrapping an article's blocks into screen lines. Each line is a range of the body, so
anything that marks ranges of the body (sentences, matches, entities, highlights) can be
drawn on it. Pure computation: the article view renders only the lines on screen."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len

from reader.core.articles import Article

_WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    prefix: str = ""
    kind: str = "paragraph"  # block kind, or "blank" between blocks


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


class LineIndex:
    """Find the screen line that holds a body offset."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self._starts = [line.start if line.kind != "blank" else line.start - 0.5 for line in lines]

    def line_of(self, offset: int) -> int:
        return max(bisect_right(self._starts, offset) - 1, 0)
