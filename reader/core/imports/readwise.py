"""Readwise's CSV export (Highlight, Book Title, Book Author, Amazon Book ID, Note, Color,
Tags, Location Type, Location, Highlighted at, Document tags): each title and author a book,
its highlights in location order. Cells are text, whatever they begin with."""

from __future__ import annotations

import csv
import io

from reader.core.imports.model import Document, ImportFailed, Passage, Source, colour, tags, text, title, when

COLUMNS = ("Highlight", "Book Title")
FIELD_LIMIT = 16 * 1024 * 1024


def rows(source_text: str) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file's header and rows (ImportFailed with the line when it cannot be read)."""
    csv.field_size_limit(FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(source_text, newline=""))
    try:
        found = list(reader)
    except csv.Error as error:
        raise ImportFailed(f"not a CSV file reader can read (line {reader.line_num}: {error})") from None
    return [name.strip() for name in reader.fieldnames or []], found


def looks_like(header: list[str]) -> bool:
    return all(column in header for column in COLUMNS)


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def read(found: list[dict[str, str]]) -> Source:
    source = Source("Readwise CSV")
    books: dict[tuple[str, str], Document] = {}
    for line, row in enumerate(found, 2):
        row = {(k or "").strip(): v for k, v in row.items()}
        quote = text(row.get("Highlight"))
        if not quote:
            source.skipped.append(f"row {line}: no highlight text")
            continue
        name, author = title(row.get("Book Title")), title(row.get("Book Author"), "")
        book = books.get((name, author))
        if book is None:
            book = books[(name, author)] = Document(name, author=author or None, book=True)
        book.tags = tuple(dict.fromkeys([*book.tags, *tags((row.get("Document tags") or "").split(","))]))
        book.passages.append(
            Passage(
                quote,
                note=text(row.get("Note")),
                tags=tags((row.get("Tags") or "").split(",")),
                color=colour(row.get("Color")),
                created=when(row.get("Highlighted at")),
                location=_number(row.get("Location")),
            )
        )
    source.documents = list(books.values())
    return source
