"""The library: the article files in one or more folders, scanned cheaply and cached."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.articles import (
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    SUFFIXES,
    Article,
    SkipFile,
    count_words,
    load_article,
    read_text,
    source_of,
    split_txt_header,
    title_from_path,
)
from reader.core.files import file_stamp, write_atomically
from reader.core.text import inert

CACHE_VERSION = 2  # 2: author, site, canonical url and feed of web articles


@dataclass
class Entry:
    """What the library list shows of an article, without its parsed body."""

    id: str
    path: Path
    title: str
    date: dt.date | None
    url: str | None
    words: int
    warnings: list[str] = field(default_factory=list)
    author: str | None = None
    site: str | None = None
    canonical_url: str | None = None
    feed: str | None = None

    @property
    def source(self) -> str:
        return source_of(self.url)

    @property
    def site_name(self) -> str:
        """The site's name when the file gives it, else the host of its URL."""
        return self.site or self.source

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "path": str(self.path),
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
            "source": self.source,
            "words": self.words,
            "warnings": self.warnings,
            "author": self.author,
            "site": self.site,
            "canonical_url": self.canonical_url,
            "feed": self.feed,
        }


_META = ("author", "site", "canonical_url", "feed")  # optional fields, kept in the scan cache


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{inert(str(self.path))}: {self.reason}"


def scan_file(path: Path, article_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Entry:
    """The list entry of one file; SkipFile if it cannot be an article."""
    if path.suffix.lower() == ".txt":
        text, warnings = read_text(path, max_bytes)
        title, date, url, rest = split_txt_header(text)
        if not rest.strip():
            raise SkipFile("no text after the title")
        return Entry(article_id, path, title or title_from_path(path), date, url, count_words(rest), warnings)
    article = load_article(path, article_id, max_bytes)
    return Entry(
        article_id,
        path,
        article.title,
        article.date,
        article.url,
        article.words,
        article.warnings,
        **{name: getattr(article, name) for name in _META},
    )


# Files that come with a collection rather than being part of it (README.TXT beside the
# BBC corpus, say): not articles, whatever their suffix.
NOT_ARTICLES = frozenset(
    [
        "readme",
        "license",
        "licence",
        "copying",
        "changelog",
        "changes",
        "authors",
        "contributing",
        "install",
        "notice",
        "todo",
    ]
)


def not_an_article(path: Path) -> bool:
    return path.stem.casefold() in NOT_ARTICLES


def _article_files(root: Path, *, notes: list[Path] | None = None) -> list[Path]:
    """The article files under `root`, in order; README-style files go to `notes`."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                path = Path(folder) / name
                if not_an_article(path):
                    if notes is not None:
                        notes.append(path)
                else:
                    found.append(path)
    return found


class ScanCache:
    """Entries by path, valid while the file's size and modification time are unchanged."""

    def __init__(self, path: Path | None):
        self.path = path
        self.data: dict[str, dict[str, Any]] = {}
        self.changed = False
        if path is None:
            return
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if loaded.get("version") == CACHE_VERSION:
                self.data = loaded["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            self.data = {}  # a cache: start it again

    def get(self, path: Path) -> dict[str, Any] | None:
        hit = self.data.get(str(path))
        try:
            return hit if hit and hit["stamp"] == file_stamp(path) else None
        except OSError:
            return None

    def put(self, path: Path, record: dict[str, Any]) -> None:
        try:
            record["stamp"] = file_stamp(path)
        except OSError:
            return
        self.data[str(path)] = record
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            write_atomically(self.path, json.dumps({"version": CACHE_VERSION, "files": self.data}))
        except OSError:
            pass  # only a cache: the next start scans again


@dataclass
class Library:
    roots: list[Path]
    entries: list[Entry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    max_bytes: int = DEFAULT_MAX_BYTES

    def get(self, article_id: str) -> Entry | None:
        return self._by_id.get(article_id)

    def __post_init__(self) -> None:
        self._by_id = {entry.id: entry for entry in self.entries}

    def load(self, article_id: str) -> Article:
        entry = self.get(article_id)
        if entry is None:
            raise KeyError(article_id)
        return load_article(entry.path, entry.id, self.max_bytes)

    def add_file(self, path: Path) -> Entry:
        """Take in a file just written under one of the roots (a saved web page); its id is
        made as the scan makes it. SkipFile if it cannot be read."""
        root = next((r for r in self.roots if path.is_relative_to(r)), None)
        if root is None:
            raise SkipFile("not inside the library's folders")
        article_id = _id_in(root, path, self._by_id)
        entry = scan_file(path, article_id, self.max_bytes)
        self.entries.append(entry)
        self._by_id[entry.id] = entry
        return entry


def _id_in(root: Path, path: Path, taken: Container[str]) -> str:
    """An article's id: its path inside its folder, prefixed with the folder's name when an
    earlier folder already has that path."""
    article_id = path.relative_to(root).as_posix()
    return f"{root.name}/{article_id}" if article_id in taken else article_id


def scan(roots: list[Path], max_bytes: int = DEFAULT_MAX_BYTES, cache_path: Path | None = None) -> Library:
    """Every article in the roots, in order; ids are paths relative to their root."""
    cache = ScanCache(cache_path)
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for root in roots:
        for path in _article_files(root):
            article_id = _id_in(root, path, seen)
            seen.add(article_id)
            record = cache.get(path)
            if record is None or record.get("max_bytes") != max_bytes:
                try:
                    entry = scan_file(path, article_id, max_bytes)
                    record = {
                        "title": entry.title,
                        "date": entry.date.isoformat() if entry.date else None,
                        "url": entry.url,
                        "words": entry.words,
                        "warnings": entry.warnings,
                        **{name: getattr(entry, name) for name in _META},
                    }
                except SkipFile as error:
                    record = {"skip": str(error)}
                record["max_bytes"] = max_bytes
                cache.put(path, record)
            if "skip" in record:
                skipped.append(Skipped(path, record["skip"]))
                continue
            date = dt.date.fromisoformat(record["date"]) if record["date"] else None
            entries.append(
                Entry(
                    article_id,
                    path,
                    record["title"],
                    date,
                    record["url"],
                    record["words"],
                    list(record["warnings"]),
                    **{name: record.get(name) for name in _META},
                )
            )
    cache.save()
    return Library(roots=list(roots), entries=entries, skipped=skipped, max_bytes=max_bytes)


# --- reader add --------------------------------------------------------------------


class UrlIndex:
    """Library files by the web addresses they were saved from (their URL and canonical URL),
    compared as fetch.url_key compares them: the same page saved twice is found."""

    def __init__(self, entries: Iterable[Entry] = ()):
        self.paths: dict[str, Path] = {}
        for entry in entries:
            self.add(entry.path, entry.url, entry.canonical_url)

    def add(self, path: Path, *urls: str | None) -> None:
        from reader.core.fetch import url_key

        for url in urls:
            key = url_key(url)
            if key:
                self.paths.setdefault(key, path)

    def find(self, *urls: str | None) -> Path | None:
        from reader.core.fetch import url_key

        for url in urls:
            key = url_key(url)
            if key and key in self.paths:
                return self.paths[key]
        return None


@dataclass
class AddResult:
    """What became of one thing given to `reader add`."""

    source: str  # the argument (or a file inside a folder that was given)
    status: str  # "added", "duplicate" or "skipped"
    path: Path | None = None  # the library's file: the new one, or the copy already there
    reason: str = ""  # why it was skipped
    title: str | None = None
    arg: int = 0  # which of the sources given it came from


@dataclass
class AddReport:
    results: list[AddResult] = field(default_factory=list)

    @property
    def added(self) -> list[Path]:
        return [r.path for r in self.results if r.status == "added" and r.path is not None]

    @property
    def duplicates(self) -> list[tuple[Path, Path]]:  # (source, existing copy)
        return [(Path(r.source), r.path) for r in self.results if r.status == "duplicate" and r.path is not None]

    @property
    def skipped(self) -> list[Skipped]:
        return [Skipped(Path(r.source), r.reason) for r in self.results if r.status == "skipped"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _free_name(target: Path) -> Path:
    if not target.exists():
        return target
    for n in range(2, 10_000):
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        if not candidate.exists():
            return candidate
    raise OSError(f"no free file name for {target}")


def add_to_library(
    sources: list[Path], library_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES, urls: UrlIndex | None = None
) -> AddReport:
    """Copy article files (or folders of them) into the library folder.

    Files whose content is already there are reported as duplicates, and so are saved web
    pages (.html) whose address is in `urls`; unreadable ones are skipped with the reason; a folder
    keeps its name and inner layout."""
    report = AddReport()
    urls = urls if urls is not None else UrlIndex()
    library_dir.mkdir(parents=True, exist_ok=True)
    known: dict[str, Path] = {}
    for existing in _article_files(library_dir):
        try:
            known[_digest(existing)] = existing
        except OSError:
            continue

    def take(source: Path, relative: Path, given: str, arg: int) -> AddResult:
        try:
            entry = scan_file(source, relative.as_posix(), max_bytes)
            digest = _digest(source)
        except SkipFile as error:
            return AddResult(given, "skipped", reason=str(error), arg=arg)
        except OSError as error:
            return AddResult(given, "skipped", reason=f"cannot read: {error.strerror or error}", arg=arg)
        existing = known.get(digest)
        if existing is None and source.suffix.lower() in HTML_SUFFIXES:  # a saved page: by its address too
            existing = urls.find(entry.url, entry.canonical_url)
        if existing is not None:
            return AddResult(given, "duplicate", existing, title=entry.title, arg=arg)
        target = _free_name(library_dir / relative)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        except OSError as error:
            target.unlink(missing_ok=True)
            return AddResult(given, "skipped", reason=f"cannot copy: {error.strerror or error}", arg=arg)
        known[digest] = target
        urls.add(target, entry.url, entry.canonical_url)
        return AddResult(given, "added", target, title=entry.title, arg=arg)

    for arg, source in enumerate(sources):  # results in the order given
        if source.is_dir():
            notes: list[Path] = []
            for found in _article_files(source, notes=notes):
                relative = Path(source.resolve().name) / found.relative_to(source)
                report.results.append(take(found, relative, str(found), arg))
            for note in notes:
                reason = "not an article (a README, LICENSE or similar file of the collection)"
                report.results.append(AddResult(str(note), "skipped", reason=reason, arg=arg))
        elif not source.exists():
            report.results.append(AddResult(str(source), "skipped", reason="no such file or folder", arg=arg))
        elif source.suffix.lower() not in SUFFIXES:
            reason = f"not an article file (use {', '.join(SUFFIXES)})"
            report.results.append(AddResult(str(source), "skipped", reason=reason, arg=arg))
        else:
            report.results.append(take(source, Path(source.name), str(source), arg))
    return report


# --- the library list: filtering and sorting ----------------------------------------------


def matches(
    entry: Entry,
    terms: list[str],
    mentions: dict[str, set[str]] | None = None,
    tags: dict[str, set[str]] | None = None,
) -> bool:
    """Every term is in the title, site, feed, author or id; a term starting with @ is an
    entity the article mentions (e.g. @lukashenko), looked up in the entity cache; one
    starting with # a tag of one of its highlights (a prefix of it: #bel finds #belarus)."""
    extra = " ".join(x for x in (entry.site, entry.feed, entry.author) if x)
    haystack = f"{entry.title} {entry.source} {extra} {entry.id}".casefold()
    for term in terms:
        if term.startswith("@") and len(term) > 1:
            names = (mentions or {}).get(entry.id, ())
            if not any(term[1:] in name for name in names):
                return False
        elif term.startswith("#") and len(term) > 1:
            if not any(tag.startswith(term[1:]) for tag in (tags or {}).get(entry.id, ())):
                return False
        elif term not in haystack:
            return False
    return True


def ordered(entries: list[Entry], sort: str) -> list[Entry]:
    """By title, or by date: newest first, undated last."""
    if sort == "title":
        return sorted(entries, key=lambda e: e.title.casefold())
    dated = sorted((e for e in entries if e.date), key=lambda e: e.date or dt.date.min, reverse=True)
    return dated + [e for e in entries if not e.date]
