"""Hypothesis: the API's search answer (`{"total": n, "rows": [...]}`, or its rows as a list),
each row an annotation of `uri` with `target[].selector` (TextQuote, TextPosition, Range),
its tags and text; a row without selectors is a page note (the article's note here)."""

from __future__ import annotations

from typing import Any

from reader.core.imports.model import Document, Passage, Source, address, listed, table, tags, text, title, when


def rows_of(data: object) -> list[Any] | None:
    """The annotation rows, if `data` is a Hypothesis answer."""
    rows = data.get("rows") if isinstance(data, dict) else data
    if isinstance(rows, list) and rows and isinstance(rows[0], dict) and "uri" in rows[0] and "target" in rows[0]:
        return rows
    if isinstance(data, dict) and isinstance(rows, list) and "total" in data:
        return rows
    return None


def _position(selector: dict[str, Any]) -> tuple[int, int] | None:
    start, end = selector.get("start"), selector.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= 10**9:
        return start, end
    return None


def read(rows: list[Any]) -> Source:
    source = Source("Hypothesis annotations")
    documents: dict[str, Document] = {}
    for index, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            source.skipped.append(f"row {index}: not an annotation")
            continue
        url = address(row.get("uri"))
        if url is None:
            source.skipped.append(
                f"row {index}: {text(row.get('uri'), 80)!r} is not a web page (a PDF or a local file?)"
            )
            continue
        doc = documents.get(url)
        if doc is None:
            meta = table(row.get("document"))
            names = listed(meta.get("title")) or [meta.get("title")]
            doc = documents[url] = Document(title(names[0] if names else None, url), url=url)
        targets = listed(row.get("target"))
        selectors = [s for t in targets for s in listed(table(t).get("selector")) if isinstance(s, dict)]
        quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
        note = text(row.get("text"))
        if quote is None:  # a page note
            if note:
                doc.note = f"{doc.note}\n\n{note}".strip()
            doc.tags = tuple(dict.fromkeys([*doc.tags, *tags(row.get("tags"))]))
            continue
        exact = text(quote.get("exact"))
        if not exact:
            source.skipped.append(f"row {index}: its quote is empty")
            continue
        where = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
        doc.passages.append(
            Passage(
                exact,
                note=note,
                tags=tags(row.get("tags")),
                created=when(row.get("created")),
                prefix=text(quote.get("prefix"), 1000, strip=False),
                suffix=text(quote.get("suffix"), 1000, strip=False),
                position=_position(where),
            )
        )
    source.documents = list(documents.values())
    return source
