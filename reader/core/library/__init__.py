"""The library: what an article is (`articles`), how a file becomes one (`parse`), the
folders scanned and cached (`scanning`), and the list filtered and ordered (`listing`, `query`)."""

from reader.core.library.articles import (
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    SUFFIXES,
    Article,
    Block,
    SkipFile,
    count_words,
    fingerprint,
    parse_date,
    source_of,
)
from reader.core.library.entries import Entry, Skipped, scan_file
from reader.core.library.listing import ordered
from reader.core.library.parse import load_article, parse_html, parse_markdown, parse_txt, read_text
from reader.core.library.query import Facts, Query, QueryError, parse
from reader.core.library.scanning import Library, ScanCache, scan

__all__ = [
    "DEFAULT_MAX_BYTES", "HTML_SUFFIXES", "SUFFIXES", "Article", "Block", "Entry", "Library", "ScanCache", "SkipFile",
    "Skipped", "count_words", "fingerprint", "load_article", "Facts", "Query", "QueryError", "parse", "ordered", "parse_date", "parse_html",
    "parse_markdown", "parse_txt", "read_text", "scan", "scan_file", "source_of",
]  # fmt: skip
