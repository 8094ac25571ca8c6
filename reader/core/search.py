"""Full-text search across the library: an SQLite FTS5 index beside the database (BM25
ranking, phrases, prefixes, snippets), derived from the library and the highlights and
rebuilt from them at will (deleting the file loses nothing). Kept current incrementally:
files are re-read only when their size or modification time changed, and re-indexed only
when their text (fingerprint) or their highlights' tags and notes did.

Query syntax (every term is quoted before it reaches FTS5, so no input is an SQL or FTS5
error): words (all must appear), "a phrase", prefix*, -word or -"phrase" to exclude,
tag:name (a highlight's tag), entity:name (from the entity cache)."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
else:
    try:  # a current SQLite where its wheel exists (Linux x86-64): system ones can be years older
        import pysqlite3.dbapi2 as sqlite3
    except ImportError:
        import sqlite3

from reader.core.files import file_stamp

SCHEMA = 2
OPEN, CLOSE = "\x02", "\x03"  # around a match in a snippet: marks no article text holds
WEIGHTS = "0.0, 10.0, 1.0, 2.0, 4.0, 3.0, 2.0"  # bm25 per column: id, title, body, source, tags, notes, entities
_TERM = re.compile(r'(-?)(?:(tag|entity):)?(?:"([^"]*)"?|(\S+))')


class QueryError(ValueError):
    """The query cannot be searched; the message says why, in the user's words."""


@dataclass(frozen=True)
class Result:
    id: str
    title: str
    score: float  # higher is better
    snippet: str  # plain text, matches between OPEN and CLOSE

    def marked(self, before: str = "[", after: str = "]") -> str:
        return self.snippet.replace(OPEN, before).replace(CLOSE, after)


@dataclass
class Document:
    """What the index holds of one article."""

    id: str
    title: str
    body: str
    source: str = ""
    tags: str = ""
    notes: str = ""
    entities: str | None = None  # names from the entity cache; None: not indexed for entities yet
    fingerprint: str = ""


@dataclass
class Update:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Term:
    """One term of a query: its words (one, or a phrase's), whether the last is a prefix,
    whether it excludes, and the column it is limited to ("tag", "entity" or "")."""

    words: list[str]
    prefix: bool
    exclude: bool
    column: str


def terms(query: str) -> list[Term]:
    """The query's terms, as its syntax reads them; terms with no word left out."""
    found = []
    for sign, column, phrase, word in _TERM.findall(query):
        words = re.findall(r"\w+", phrase or word)
        if words:
            found.append(Term(words, not phrase and word.endswith("*"), bool(sign), column))
    return found


MAX_TERMS = 32  # words and phrases in one query: more is no search a person types, and slow to mark
MAX_SPANS = 2_000  # matches of one text looked at for its snippet


def fts_query(query: str) -> str:
    """The user's query as an FTS5 expression, or QueryError."""
    positive: list[str] = []
    negative: list[str] = []
    found = terms(query)
    if len(found) > MAX_TERMS:
        raise QueryError(f"too many terms ({len(found)}): a query takes at most {MAX_TERMS} words and phrases")
    for term in found:
        expression = '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")
        if term.column == "tag":
            expression = f"tags : {expression}"
        elif term.column == "entity":
            expression = f"entities : {expression}"
        (negative if term.exclude else positive).append(expression)
    if not positive:
        raise QueryError("nothing to look for: give at least one word (a leading - only excludes)")
    expression = " AND ".join(positive)
    if negative:
        expression = f"({expression}) NOT ({' OR '.join(negative)})"
    return expression


class SearchIndex:
    def __init__(self, path: Path, read_only: bool = False):
        """The index at `path`, created or rebuilt as needed; `read_only`: as it was last
        written, without touching the disk (for a full disk or a read-only medium)."""
        self.path = Path(path)
        self._lock = threading.Lock()  # the app searches from worker threads, one query at a time
        self._closed = False
        if read_only:
            self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?immutable=1", uri=True, check_same_thread=False)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._connect()
        except sqlite3.OperationalError:
            raise  # a full disk, a read-only medium, a lock: the index is not thrown away for that
        except sqlite3.DatabaseError:  # damaged: only derived data, so start it again
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.db = self._connect()
        if self._version() != SCHEMA:
            self._create()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _version(self) -> int | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return None
            raise  # a full disk, a locked file: the index is not dropped for that
        except sqlite3.DatabaseError:
            return None
        return int(row[0]) if row else None

    def _create(self) -> None:
        with self.db:
            for table in ("meta", "docs", "fts"):
                self.db.execute(f"DROP TABLE IF EXISTS {table}")
            self.db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            self.db.execute(  # n: the article's rowid in fts (deleting by an UNINDEXED column would scan)
                "CREATE TABLE docs (n INTEGER PRIMARY KEY, id TEXT UNIQUE, stamp TEXT, key TEXT, fingerprint TEXT, "
                "entities INTEGER)"
            )
            self.db.execute(
                "CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, body, source, tags, notes, entities, "
                "tokenize = 'porter unicode61 remove_diacritics 2')"
            )
            self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))

    def close(self) -> None:
        with self._lock:
            self.db.close()
            self._closed = True

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM docs").fetchone()[0])

    def stamps(self) -> dict[str, tuple[str, str]]:
        """Article id -> (file stamp, content key) for every indexed article."""
        return {row[0]: (row[1], row[2]) for row in self.db.execute("SELECT id, stamp, key FROM docs")}

    def put(self, documents: Iterable[tuple[Document, str]]) -> int:
        """Index (or re-index) these documents, each with its file stamp; one transaction."""
        count = 0
        with self.db:
            for doc, stamp in documents:
                row = self.db.execute("SELECT n FROM docs WHERE id = ?", (doc.id,)).fetchone()
                values = (stamp, content_key(doc), doc.fingerprint, int(doc.entities is not None))
                if row:
                    n = row[0]
                    self.db.execute("DELETE FROM fts WHERE rowid = ?", (n,))
                    self.db.execute(
                        "UPDATE docs SET stamp = ?, key = ?, fingerprint = ?, entities = ? WHERE n = ?", (*values, n)
                    )
                else:
                    n = self.db.execute(
                        "INSERT INTO docs (id, stamp, key, fingerprint, entities) VALUES (?, ?, ?, ?, ?)",
                        (doc.id, *values),
                    ).lastrowid
                self.db.execute(
                    "INSERT INTO fts (rowid, id, title, body, source, tags, notes, entities) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (n, doc.id, doc.title, doc.body, doc.source, doc.tags, doc.notes, doc.entities or ""),
                )
                count += 1
        return count

    def waiting_for_entities(self) -> dict[str, str]:
        """Article id -> fingerprint of those indexed before their entities were known."""
        return dict(self.db.execute("SELECT id, fingerprint FROM docs WHERE entities = 0").fetchall())

    def touch(self, stamps: dict[str, str]) -> None:
        """Record new file stamps for articles whose content did not change."""
        with self.db:
            self.db.executemany("UPDATE docs SET stamp = ? WHERE id = ?", [(s, i) for i, s in stamps.items()])

    def remove(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        with self.db:
            for article_id in ids:
                row = self.db.execute("SELECT n FROM docs WHERE id = ?", (article_id,)).fetchone()
                if row:
                    self.db.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
                    self.db.execute("DELETE FROM docs WHERE n = ?", (row[0],))
        return len(ids)

    def search(self, query: str, limit: int = 20) -> list[Result]:
        expression = fts_query(query)
        with self._lock:
            return [] if self._closed else self._search(query, expression, limit)

    def count(self, query: str) -> int:
        """How many articles the query finds."""
        return len(self.ids(query))

    def ids(self, query: str) -> set[str]:
        """The ids of every article the query finds (unranked)."""
        expression = fts_query(query)
        with self._lock:
            if self._closed:
                return set()
            try:
                return {row[0] for row in self.db.execute("SELECT id FROM fts WHERE fts MATCH ?", (expression,))}
            except sqlite3.OperationalError as error:
                raise QueryError(f"cannot search for {query!r}: {error}") from None

    def _search(self, query: str, expression: str, limit: int) -> list[Result]:
        try:  # rank every match, then read the best `limit` only
            rows = self.db.execute(
                f"""WITH best AS (
                      SELECT rowid AS n, bm25(fts, {WEIGHTS}) AS rank FROM fts WHERE fts MATCH ?1
                      ORDER BY rank LIMIT ?2)
                    SELECT id, title, -best.rank, body FROM best JOIN fts ON fts.rowid = best.n ORDER BY best.rank""",
                (expression, max(limit, 1)),
            ).fetchall()
        except sqlite3.OperationalError as error:  # should not happen: every term is quoted
            raise QueryError(f"cannot search for {query!r}: {error}") from None
        # FTS5's snippet() matches the query again per row: 1-2 ms a result for a prefix
        return [Result(i, title, round(score, 4), snippet(query, body)) for i, title, score, body in rows]


def content_key(doc: Document) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for part in (doc.title, doc.body, doc.source, doc.tags, doc.notes, doc.entities or ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def bring_up_to_date(
    index: SearchIndex,
    entries: Iterable[tuple[str, Path]],
    document: Callable[[str], Document | None],
    extras: Callable[[str], str] = lambda article_id: "",
    progress: Callable[[int, int], None] | None = None,
    entities_known: Callable[[str], bool] = lambda fingerprint: False,
) -> Update:
    """Index what is new or changed among `entries` (article id, file path), drop what is
    gone. `document(id)` reads an article (None: unreadable); `extras(id)` is a key of what
    else the index holds of it (its highlights' tags and notes), so their changes re-index
    it; `entities_known(fingerprint)` says the entity cache has an article's entities now,
    so one indexed before that is indexed again with them."""
    report = Update()
    known = index.stamps()
    entries = list(entries)
    todo: list[tuple[str, str]] = []
    for article_id, path in entries:
        try:
            stamp = ":".join(map(str, file_stamp(path)))
        except OSError:
            stamp = ""  # gone or unreadable: read it (and say so) below
        stamp += "/" + extras(article_id)
        if known.get(article_id, ("", ""))[0] == stamp:
            report.unchanged += 1
        else:
            todo.append((article_id, stamp))
    pending = {article_id for article_id, _ in todo}
    present = {article_id for article_id, _ in entries}
    for article_id, fingerprint in index.waiting_for_entities().items():
        if article_id not in pending and article_id in present and entities_known(fingerprint):
            todo.append((article_id, known[article_id][0]))
            report.unchanged -= 1
    gone = set(known) - {article_id for article_id, _ in entries}
    report.removed = index.remove(gone)
    batch: list[tuple[Document, str]] = []
    for done, (article_id, stamp) in enumerate(todo, 1):
        doc = document(article_id)
        if doc is None:
            report.failed.append(article_id)
        elif article_id in known and known[article_id][1] == content_key(doc):
            index.touch({article_id: stamp})
            report.unchanged += 1
        else:
            batch.append((doc, stamp))
            if article_id in known:
                report.changed += 1
            else:
                report.added += 1
        if len(batch) >= 500:
            index.put(batch)
            batch = []
        if progress:
            progress(done, len(todo))
    index.put(batch)
    return report


def match_spans(query: str, text: str) -> list[tuple[int, int]]:
    """Where the query's words and phrases (not its exclusions or tag:/entity: terms) are
    in `text`, for marking them: case-insensitive, a word's endings loosely matched as the
    index's stemming does (rates ~ rate, rated)."""
    patterns = []
    for term in terms(query):
        if term.exclude or term.column:
            continue
        parts = [re.escape(w) for w in term.words[:-1]]
        last = term.words[-1]
        stem = last if term.prefix or len(last) <= 4 else last[: max(4, len(last) - 2)]
        parts.append(re.escape(stem) + r"\w*")
        patterns.append(r"\b" + r"\W+".join(parts))
    if not patterns:
        return []
    found = re.finditer("|".join(f"(?:{p})" for p in patterns), text, re.IGNORECASE)
    return [(m.start(), m.end()) for m in found]


def snippet(query: str, text: str, words: int = 16) -> str:
    """About `words` words of `text` around its best cluster of the query's matches (the
    most distinct ones close together), each match between OPEN and CLOSE; the text's start
    when nothing in it matches (the article matched by its title, tags or notes)."""
    spans = match_spans(query, text)[:MAX_SPANS]
    reach = words * 7  # characters in about `words` words of prose
    start = 0
    if spans:
        asked = {" ".join(term.words).lower() for term in terms(query)}

        def score(i: int) -> tuple[int, int]:
            """Most of the query's own words ("Belarus", not only "Belarusian"), then of any."""
            found = {" ".join(text[s:e].lower().split()) for s, e in spans[i : i + words] if e <= spans[i][0] + reach}
            return len(found & asked), len(found) if not asked & found else 0

        start = spans[max(range(len(spans)), key=score)][0]
        before = re.search(r"(?:\S+\s+){0,3}$", text[max(0, start - 60) : start])
        start -= len(before.group()) if before else 0
    taken = re.match(rf"\s*(?:\S+\s*){{1,{words}}}", text[start : start + reach * 3])
    end = start + (taken.end() if taken else 0)
    parts, at = [], start
    for s, e in spans:
        if start <= s and s < end:
            end = max(end, e)
            parts += [text[at:s], OPEN, text[s:e], CLOSE]
            at = e
    parts.append(text[at:end])
    return ("…" if start > 0 else "") + " ".join("".join(parts).split()) + ("…" if end < len(text.rstrip()) else "")
