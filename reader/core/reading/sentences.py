"""Sentence boundaries, from a real segmenter (sentencex: abbreviations such as "U.S." and
"Feb. 24", decimals and quotes are handled), as ranges of an article's body."""

from __future__ import annotations

from reader.core.library.articles import Article


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def sentence_spans(article: Article) -> list[tuple[int, int]]:
    """Every sentence of the body as (start, end), in order. A line break always ends a
    sentence; a line of code is one unit."""
    import sentencex

    body = article.body
    spans: list[tuple[int, int]] = []
    for block in article.blocks:
        line_start = block.start
        for line in body[block.start : block.end].split("\n"):
            line_end = line_start + len(line)
            pieces = [line] if block.kind == "code" else sentencex.segment("en", line)
            offset = line_start
            for piece in pieces:
                span = _trimmed(body, offset, offset + len(piece))
                if span:
                    spans.append(span)
                offset += len(piece)
            line_start = line_end + 1
    return spans
