"""Taking what an export holds into reader: each document found in the library (by its
address, or a book by its title and author) or written into it (the saved content, a book's
passages as its text, or a page that says it is still to be fetched); each passage anchored
in the document's text as a highlight, unless the same passage is there already (whatever
tool it first came from) or the user deleted it here. Files are written first, then the
store takes everything in one batch: all of it or, if it cannot be saved, none (and the new
files go again)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.extract import Extracted, ExtractError, fragment, markdown_body, markdown_document
from reader.core.files import utc_now, write_atomically
from reader.core.imports.model import Document, Passage
from reader.core.ingest.files import UrlIndex
from reader.core.ingest.pages import slug, write_article, write_named
from reader.core.library import Library, SkipFile
from reader.core.library.articles import count_words, fingerprint
from reader.core.library.entries import Entry
from reader.core.notes.anchoring import reanchor
from reader.core.notes.highlight import Highlight, Quote, Status
from reader.core.store import Store
from reader.core.store.articles import ArticleState

BOOKS = "books"  # the library's folder for books: Kindle, KOReader, Readwise
NOT_FETCHED = (
    "This page has not been fetched yet. reader fetches it after the import, or at the next sync (`reader sync`)."
)


@dataclass
class Report:
    """What an import brought in (or, dry, would bring), and what it could not."""

    format: str
    articles: int = 0  # new articles in the library
    books: int = 0  # new books
    grown: int = 0  # books already here that gained passages
    known: int = 0  # documents already in the library
    highlights: int = 0  # new highlights
    already: int = 0  # passages already highlighted here
    deleted_here: int = 0  # passages whose highlight the user deleted here: not brought back
    unanchored: int = 0  # new highlights whose passage is not in the text (yet)
    to_fetch: int = 0  # pages queued to fetch
    tagged: int = 0  # articles already here given the export's tags or note
    skipped: list[str] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    rules: str = ""  # what the rules did to the new articles ("rules: tagged 3")

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items()}


def words_key(quote: str) -> str:
    """A passage as compared across tools: case and spacing aside."""
    return " ".join(quote.casefold().split())


def locate(body: str, passage: Passage) -> tuple[int, int] | None:
    """Where a passage is in a text: at its position, the quote itself, the same words with
    other spacing, or reader's anchoring from its quote and context; None if nowhere."""
    quote = passage.quote
    if passage.position and body[passage.position[0] : passage.position[1]] == quote:
        return passage.position
    at = body.find(quote)
    if at >= 0 and not (passage.prefix or passage.suffix):
        return at, at + len(quote)
    words = quote.split()
    if at < 0 and 0 < len(words) <= 500:
        found = re.search(r"\s+".join(map(re.escape, words)), body)
        if found:
            return found.span()
    placed = reanchor(body, Quote(quote, passage.prefix, passage.suffix), passage.position or (0, 0))
    return None if placed.status is Status.ORPHAN else (placed.start, placed.end)


def book_key(title: str, author: str | None) -> str:
    return Document(title, author=author).key


def _book_markdown(doc: Document, quotes: list[str], saved: str) -> str:
    import yaml

    meta = {"title": doc.title, "author": doc.author, "kind": "book", "saved_at": saved}
    front = yaml.safe_dump({k: v for k, v in meta.items() if v}, allow_unicode=True, sort_keys=False, width=10_000)
    from reader.core.markdown import escape_line

    body = markdown_body([("paragraph", quote, "", 0) for quote in quotes])
    return f"---\n{front}---\n\n# {escape_line(doc.title, heading=True)}\n\n{body}\n"


class Taker:
    """One import into one library and store."""

    def __init__(self, library: Library, library_dir: Path, store: Store, dry_run: bool = False):
        self.library, self.library_dir, self.store, self.dry_run = library, library_dir, store, dry_run
        self.urls = UrlIndex(library.entries)
        books = str(library_dir / BOOKS)  # as the scan names its files (no resolve(): 50,000 of them)
        self.books = {
            book_key(e.title, e.author): e for e in library.entries if os.path.dirname(str(e.location)) == books
        }
        self.by_path = {str(e.location): e for e in library.entries}
        self._existing: dict[str, list[Highlight]] = {}  # article id -> its highlights, read when first needed
        self.written: list[Path] = []  # new files: removed again if the store cannot take the import
        self.entries: list[Entry] = []  # the entries of the new files (for the scan cache)
        self.pending: set[str] = set()  # the new articles that are stand-ins for pages still to fetch
        self.bodies: dict[str, tuple[str, str]] = {}  # article id -> (text, fingerprint), as far as known
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def existing(self, article_id: str) -> list[Highlight]:
        """The article's highlights as they were before this import, and those it added since
        (read from the store once: an import of a few books needs not 100,000 made)."""
        if article_id not in self._existing:
            self._existing[article_id] = self.store.highlights.of(article_id)
        return self._existing[article_id]

    # --- documents ---
    def _entry(self, path: Path, data: bytes | None = None, entry_of: Callable[[str], Entry] | None = None) -> Entry:
        """A file just written, taken into the library (`data`: its bytes; `entry_of`: its entry, known)."""
        entry = self.library.add_file(path, data, entry_of)
        self.by_path[str(entry.location)] = entry
        self.entries.append(entry)
        return entry

    def _new_article(self, doc: Document) -> tuple[Entry, bool]:
        """Write a new article: its saved content, or a page still to fetch (True)."""
        parts = None
        if doc.content:
            try:
                parts = fragment(doc.content, doc.title)
            except ExtractError:
                parts = None
        pending = parts is None
        if pending and doc.url is None:
            raise SkipFile("its saved content has no text, and it has no address to fetch")
        extracted = Extracted(doc.title, parts or [("paragraph", NOT_FETCHED, "", 0)], url=doc.url, author=doc.author)
        data = markdown_document(extracted, self.now).encode("utf-8")
        path = write_article(self.library_dir, extracted, durable=False, data=data)  # os.sync() in take
        self.written.append(path)
        if doc.url:
            self.urls.add(path, doc.url)
        if not pending:
            return self._entry(path, data), False

        def stand_in(article_id: str) -> Entry:  # what the scan would read in it, known without parsing it
            digest = hashlib.sha256(data).hexdigest()
            words = count_words(NOT_FETCHED)
            return Entry(article_id, str(path), doc.title, None, doc.url, words, author=doc.author, digest=digest)

        entry = self._entry(path, entry_of=stand_in)
        self.bodies[entry.id] = (NOT_FETCHED, fingerprint(NOT_FETCHED))
        self.pending.add(entry.id)
        return entry, True

    def _book(self, doc: Document, report: Report) -> Entry | None:
        passages = sorted(doc.passages, key=lambda p: p.location if p.location is not None else float("inf"))
        known = self.books.get(doc.key)
        quotes = [p.quote for p in passages]
        saved = self.now.isoformat()
        if known is None:
            report.books += 1
            if self.dry_run:
                return None
            text = _book_markdown(doc, quotes, saved).encode("utf-8")
            path = write_named(self.library_dir / BOOKS, slug(doc.title), text, durable=False)
            self.written.append(path)
            entry = self.books[doc.key] = self._entry(path, text)
            return entry
        report.known += 1
        article = self.library.load(known.id)
        have = [article.body[b.start : b.end] for b in article.blocks if b.kind == "paragraph"]
        have_keys = {words_key(q) for q in have}
        new = [q for q in quotes if words_key(q) not in have_keys]
        if not new:
            return known
        report.grown += 1
        if self.dry_run:
            return known
        # in the export's location order when it holds every passage kept, else the new ones after
        order = quotes if have_keys <= {words_key(q) for q in quotes} else have + new
        write_atomically(known.path, _book_markdown(doc, order, saved))
        entry = self.library.refresh_file(known.path) or known
        self._replace_on(entry)
        return entry

    def _replace_on(self, entry: Entry) -> None:
        """A book's highlights placed on its new text (the same passages, more of them)."""
        article = self.library.load(entry.id)
        moved = []
        for h in self.existing(entry.id):
            where = locate(article.body, Passage(h.exact))
            if where is not None:
                moved.append(
                    Highlight.over(
                        article.body,
                        *where,
                        id=h.id,
                        article=entry.id,
                        fingerprint=article.fingerprint,
                        color=h.color,
                        tags=h.tags,
                        note=h.note,
                        created=h.created,
                        modified=h.modified,
                        via=h.via,
                    )
                )
        if moved:
            self.store.highlights.add_many(moved)

    # --- the whole export ---
    def take(self, documents: list[Document], report: Report) -> None:
        new_highlights: list[Highlight] = []
        states: dict[str, ArticleState] = {}
        reads: list[tuple[str, int | None]] = []
        fetch: list[tuple[str, str]] = []
        for doc in documents:
            try:
                entry, is_new, pending = self._document(doc, report)
            except (SkipFile, OSError) as error:
                reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
                report.skipped.append(f"{doc.title[:80]}: {reason}")
                continue
            if entry is None:  # a dry run's new document: its passages are all new
                report.highlights += len(doc.passages)
                continue
            if pending:
                fetch.append((entry.id, doc.url or ""))
            state = self.store.articles.state(entry.id)
            tags = tuple(dict.fromkeys([*state.tags, *doc.tags]))
            if is_new:
                states[entry.id] = ArticleState(doc.state or "inbox", doc.starred, tags, doc.note)
                if doc.read or doc.progress is not None:
                    reads.append((entry.id, doc.progress if not doc.book else None))
            elif tags != state.tags or (doc.note and not state.note) or (doc.starred and not state.starred):
                states[entry.id] = ArticleState(
                    state.state, state.starred or doc.starred, tags, state.note or doc.note, state.deleted
                )
                report.tagged += 1
            new_highlights.extend(self._highlights(entry, doc, report))
        if self.dry_run:
            return
        if self.written:  # the new files durable at once, before the store names them
            os.sync()
        try:
            with self.store.batch():
                self.store.highlights.add_many(new_highlights)
                for article_id, state in states.items():
                    self.store.articles.keep_state(article_id, state)
                for article_id, progress in reads:
                    self.store.articles.mark_read(article_id)
                    if progress:  # the place kept: as far into its text (a page still to fetch: its start)
                        body = "" if article_id in self.pending else self._text(article_id)[0]
                        self.store.articles.set_position(article_id, len(body) * progress // 100, progress)
                if fetch:
                    self.store.fetches.add(fetch)
        except BaseException:
            for path in self.written:
                path.unlink(missing_ok=True)
            raise
        report.to_fetch = len(fetch)

    def _document(self, doc: Document, report: Report) -> tuple[Entry | None, bool, bool]:
        """(its entry, whether it is new, whether its page is still to fetch)."""
        if doc.book:
            before = report.books
            return self._book(doc, report), report.books > before, False
        path = self.urls.find(doc.url) if doc.url else None
        entry = self.by_path.get(str(path)) if path is not None else None
        if entry is not None:
            report.known += 1
            return entry, False, False
        report.articles += 1
        if self.dry_run:
            return None, True, False
        entry, pending = self._new_article(doc)
        return entry, True, pending

    def _highlights(self, entry: Entry, doc: Document, report: Report) -> list[Highlight]:
        have = {words_key(h.exact) for h in self.existing(entry.id)}
        text: tuple[str, str] | None = None  # the article's (body, fingerprint), read when first needed
        found = []
        for passage in doc.passages:
            key = words_key(passage.quote)
            if key in have:
                report.already += 1
                continue
            have.add(key)
            if self.store.highlights.was_deleted(entry.id, passage.quote):
                report.deleted_here += 1
                continue
            report.highlights += 1
            if self.dry_run:
                continue
            text = text or self._text(entry.id)
            found.append(self._highlight(entry.id, *text, passage, report))
        self.existing(entry.id).extend(found)
        return found

    def _text(self, article_id: str) -> tuple[str, str]:
        """An article's text and fingerprint (a stand-in's known without reading it)."""
        if article_id not in self.bodies:
            article = self.library.load(article_id)
            self.bodies[article_id] = (article.body, article.fingerprint)
        return self.bodies[article_id]

    def _highlight(self, article_id: str, body: str, fingerprint: str, passage: Passage, report: Report) -> Highlight:
        created = passage.created or utc_now()
        fields: dict[str, Any] = dict(
            id=uuid.uuid4().hex,
            article=article_id,
            fingerprint=fingerprint,
            color=passage.color,
            tags=passage.tags,
            note=passage.note,
            created=created,
            modified=created,
        )
        where = locate(body, passage)
        if where is not None:
            return Highlight.over(body, *where, **fields).replace(tags=passage.tags, note=passage.note)
        report.unanchored += 1  # kept, and placed when the article's text arrives (Highlights.place)
        quote = Quote(passage.quote, passage.prefix, passage.suffix)
        start, end = passage.position or (0, 0)
        return Highlight(
            quote=quote, position=(start, end), start=start, end=end, status=Status.ORPHAN, **fields
        ).replace(tags=passage.tags, note=passage.note)
