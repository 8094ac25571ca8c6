"""The library: the article files in one or more folders, scanned cheaply and cached."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.codec import dumps, loads, paused_gc
from reader.core.files import cores, file_stamp, write_atomically
from reader.core.library.articles import (
    DEFAULT_MAX_BYTES,
    SUFFIXES,
    Article,
    SkipFile,
)
from reader.core.library.entries import _META, NOT_ARTICLES, Entry, Skipped, scan_file
from reader.core.library.parse import load_article

CACHE_VERSION = 5  # 2: author, site, canonical url and feed of web articles; 3: the digest; 4: the feed's URL; 5: the text's fingerprint


def _article_paths(root: str, notes: list[str] | None = None) -> list[str]:
    """The article files under `root` as strings, in order: each folder's files by name, then
    its folders' (a Path each costs more than the scan of a cached library of 20,000). Hidden
    files and folders are left out; links to folders are not followed."""
    found: list[str] = []

    def visit(folder: str) -> None:
        try:
            with os.scandir(folder) as listing:  # each entry's path joined in C, its kind known without a stat
                items = sorted((e.name, e.path, e.is_dir(), e.is_symlink()) for e in listing if e.name[0] != ".")
        except OSError:
            return  # a folder that cannot be read holds no articles we can show
        for name, path, is_dir, _ in items:
            if not is_dir and name.lower().endswith(SUFFIXES):
                if (name.rpartition(".")[0] or name).casefold() not in NOT_ARTICLES:
                    found.append(path)
                elif notes is not None:
                    notes.append(path)
        for _, path, is_dir, is_link in items:
            if is_dir and not is_link:
                visit(path)

    visit(root)
    return found


def article_files(root: Path, *, notes: list[Path] | None = None) -> list[Path]:
    """The article files under `root`, in order; README-style files go to `notes`."""
    found_notes: list[str] = []
    found = [Path(p) for p in _article_paths(str(root), found_notes)]
    if notes is not None:
        notes.extend(Path(p) for p in found_notes)
    return found


class ScanCache:
    """Entries by path, valid while the file's size and modification time are unchanged
    (the scan looks at each in its loop)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.data: dict[str, dict[str, Any]] = {}
        self.changed = False
        if path is None:
            return
        try:
            with paused_gc():  # 50,000 records, all kept
                loaded = loads(path.read_bytes())
            if loaded.get("version") == CACHE_VERSION:
                self.data = loaded["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            self.data = {}  # a cache: start it again

    def put(self, path: Path, record: dict[str, Any]) -> None:
        try:
            record["stamp"] = file_stamp(path)
        except OSError:
            return
        self.keep(str(path), record)

    def keep(self, name: str, record: dict[str, Any]) -> None:
        """Keep a record whose "stamp" was taken when its file was read."""
        self.data[name] = record
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            write_atomically(self.path, dumps({"version": CACHE_VERSION, "files": self.data}))
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
        self._files: set[str] = set()  # the entries' paths, made on first use
        self.changes = 0  # entries taken in, dropped or read again since the scan: lists made of them know

    def load(self, article_id: str) -> Article:
        entry = self.get(article_id)
        if entry is None:
            raise KeyError(article_id)
        return load_article(entry.path, entry.id, self.max_bytes)

    def has_file(self, path: Path | str) -> bool:
        """Whether the file is one of the library's articles already."""
        if len(self._files) != len(self.entries):
            self._files = {str(entry.location) for entry in self.entries}
        return str(path) in self._files

    def add_file(self, path: Path, data: bytes | None = None, entry_of: Callable[[str], Entry] | None = None) -> Entry:
        """Take in a file just written under one of the roots (a saved web page); its id is
        made as the scan makes it. A file taken in already (the sync that wrote it and the
        folder's watcher both report it) keeps its one entry. SkipFile if it cannot be read.
        `data`: the bytes just written, when the caller has them (not read again); `entry_of`:
        its entry for an id, when the caller knows what the file says (not parsed again)."""
        if self.has_file(path):
            known = self.entry_at(path)
            if known is not None:
                return known
        root = next((r for r in self.roots if path.is_relative_to(r)), None)
        if root is None:
            raise SkipFile("not inside the library's folders")
        article_id = _id_in(root, path, self._by_id)
        entry = entry_of(article_id) if entry_of else scan_file(path, article_id, self.max_bytes, data)
        self.entries.append(entry)
        self._by_id[entry.id] = entry
        if self._files:
            self._files.add(str(entry.location))
        self.changes += 1
        return entry

    def entry_at(self, path: Path | str) -> Entry | None:
        """The entry of a file (a walk of the entries: for the few files a watcher reports)."""
        return next((e for e in self.entries if str(e.location) == str(path)), None)

    def drop_file(self, path: Path | str) -> Entry | None:
        """Forget the article of a file that is gone; its entry, or None if none had it."""
        entry = self.entry_at(path)
        if entry is not None:
            self.entries.remove(entry)
            del self._by_id[entry.id]
            self._files.discard(str(path))
            self.changes += 1
        return entry

    def refresh_file(self, path: Path) -> Entry | None:
        """Read again a file that was edited (same id); None if no entry has it. SkipFile if
        it cannot be read now."""
        entry = self.entry_at(path)
        if entry is None:
            return None
        fresh = scan_file(path, entry.id, self.max_bytes)
        self.entries[self.entries.index(entry)] = self._by_id[entry.id] = fresh
        self.changes += 1
        return fresh


@functools.lru_cache(maxsize=4096)
def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _id_in(root: Path, path: Path, taken: Container[str]) -> str:
    """An article's id: its path inside its folder, prefixed with the folder's name when an
    earlier folder already has that path."""
    article_id = path.relative_to(root).as_posix()
    return f"{root.name}/{article_id}" if article_id in taken else article_id


def record_of(entry: Entry) -> dict[str, Any]:
    """What the scan cache keeps of an entry (JSON), beside its file's path: the fields that
    are not None or empty (a third less to parse at each start, at 50,000 articles)."""
    record = {
        "title": entry.title,
        "date": entry.date.isoformat() if entry.date else None,
        "url": entry.url,
        "words": entry.words,
        "warnings": entry.warnings,
        "digest": entry.digest,
        "fingerprint": entry.fingerprint,
        **{name: getattr(entry, name) for name in _META},
    }
    return {name: value for name, value in record.items() if value is not None and value != []}


def entry_of(article_id: str, location: str, record: dict[str, Any]) -> Entry:
    """The entry a cached record describes (KeyError, TypeError or ValueError if it is not one)."""
    return Entry(  # in the order of its fields: 20,000 of these at every start
        article_id,
        location,
        record["title"],
        _day(record.get("date")),
        record.get("url"),
        record["words"],
        list(record.get("warnings", ())),
        record.get("author"),
        record.get("site"),
        record.get("canonical_url"),
        record.get("feed"),
        record.get("digest"),
        record.get("feed_url"),
        record.get("fingerprint"),
    )


def remember(cache_path: Path, entries: list[Entry], max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Put entries just taken in (an import's files) in the scan cache, so that the next start
    does not read them again."""
    cache = ScanCache(cache_path)
    for entry in entries:
        cache.put(entry.path, _sized(record_of(entry), max_bytes))
    cache.save()


def _sized(record: dict[str, Any], max_bytes: int) -> dict[str, Any]:
    """A record read under this size limit (which it names unless it is the default)."""
    if max_bytes != DEFAULT_MAX_BYTES:
        record["max_bytes"] = max_bytes
    return record


PARALLEL_FROM = 2000  # files to read before a scan reads them in worker processes, one per core
CHUNK = 500  # files a worker reads per task


def _records(task: tuple[list[tuple[str, str]], int]) -> list[dict[str, Any]]:
    """What the scan keeps of each file of a task ((file, article id) pairs, the size limit):
    its record, or {"skip": why}; with the stamp it was read under (None: it cannot be looked at)."""
    files, max_bytes = task
    found = []
    for name, article_id in files:
        path = Path(name)
        try:
            record = record_of(scan_file(path, article_id, max_bytes))
        except SkipFile as error:
            record = {"skip": str(error)}
        _sized(record, max_bytes)
        try:
            record["stamp"] = file_stamp(path)
        except OSError:
            record["stamp"] = None
        found.append(record)
    return found


def _read_all(files: list[tuple[str, str]], max_bytes: int) -> list[dict[str, Any]]:
    """`_records` of these files, in order: in worker processes when there are many (a first
    scan of 50,000 files is two thirds parsing), else here."""
    tasks = [(files[i : i + CHUNK], max_bytes) for i in range(0, len(files), CHUNK)]
    if len(files) >= PARALLEL_FROM:
        import multiprocessing

        if (workers := min(cores(), 8)) > 1:
            # spawned, not forked: the app scans from a thread; daemonic, so quitting mid-scan waits for none
            with multiprocessing.get_context("spawn").Pool(workers) as pool:
                return [record for done in pool.imap(_records, tasks) for record in done]
    return [record for task in tasks for record in _records(task)]


def scan(roots: list[Path], max_bytes: int = DEFAULT_MAX_BYTES, cache_path: Path | None = None) -> Library:
    """Every article in the roots, in order; ids are paths relative to their root."""
    with paused_gc():  # 50,000 entries made, all kept: a collection would walk the cache's records for nothing
        return _scan(roots, max_bytes, ScanCache(cache_path))


def _scan(roots: list[Path], max_bytes: int, cache: ScanCache) -> Library:
    files: list[tuple[str, str]] = []  # (file, article id), in order
    seen: set[str] = set()
    for root in roots:
        base = str(root)
        for name in _article_paths(base):
            relative = name[len(base) :].lstrip(os.sep)
            if os.sep != "/":
                relative = relative.replace(os.sep, "/")
            article_id = f"{root.name}/{relative}" if relative in seen else relative
            seen.add(article_id)
            files.append((name, article_id))
    records: dict[str, dict[str, Any]] = {}
    unread: list[tuple[str, str]] = []
    cached, stat = cache.data, os.stat  # a record holds while its file's size and time are unchanged
    for name, article_id in files:
        record = cached.get(name)
        if record is not None and record.get("max_bytes", DEFAULT_MAX_BYTES) == max_bytes:
            try:
                info = stat(name)
            except OSError:
                pass
            else:
                if record["stamp"] == [info.st_size, info.st_mtime_ns]:
                    records[name] = record
                    continue
        unread.append((name, article_id))
    for (name, _), record in zip(unread, _read_all(unread, max_bytes)):
        records[name] = record
        if record["stamp"] is not None:
            cache.keep(name, record)
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    for name, article_id in files:
        record = records[name]
        if "skip" in record:
            skipped.append(Skipped(Path(name), record["skip"]))
        else:
            entries.append(entry_of(article_id, name, record))
    cache.save()
    return Library(roots=list(roots), entries=entries, skipped=skipped, max_bytes=max_bytes)
