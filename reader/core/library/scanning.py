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
from reader.core.library.articles import DEFAULT_MAX_BYTES, Article, SkipFile
from reader.core.library.entries import Entry, Skipped, scan_file
from reader.core.library.parse import load_article
from reader.core.library.walk import Walk

CACHE_VERSION = 6  # 2: author, site, canonical url and feed of web articles; 3: the digest; 4: the feed's URL; 5: the text's fingerprint; 6: records as lists, the folders' listings


class ScanCache:
    """Entries by folder and file name, each valid while its file's size and modification time
    are unchanged (the scan looks at each in its loop), and the folders' listings (`Walk.known`)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.data: dict[str, dict[str, list[Any]]] = {}
        self.folders: dict[str, list[Any]] = {}
        self.changed = False
        if path is None:
            return
        try:
            with paused_gc():  # 50,000 records, all kept
                loaded = loads(path.read_bytes())
            if loaded.get("version") == CACHE_VERSION:
                self.data = loaded["files"]
                self.folders = loaded["folders"]
            elif loaded.get("version") == 5:  # by path, each a dict
                for name, record in loaded["files"].items():
                    self.keep(name, _upgraded(record))
        except (OSError, ValueError, KeyError, AttributeError):
            self.data, self.folders = {}, {}  # a cache: start it again

    def keep(self, path: str, record: list[Any]) -> None:
        """Keep a record whose stamp was taken when its file was read."""
        self.data.setdefault(os.path.dirname(path), {})[os.path.basename(path)] = record
        self.changed = True

    def listed(self, folders: dict[str, list[Any]], under: tuple[str, ...]) -> None:
        """Keep a walk's listings in place of the last ones under the folders it walked
        (`under`: each ending with a separator); another library's stay."""
        others = {f: listing for f, listing in self.folders.items() if not (f + os.sep).startswith(under)}
        folders = others | folders
        if folders != self.folders:  # mostly the same lists: compared by identity
            self.folders, self.changed = folders, True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            data = {"version": CACHE_VERSION, "files": self.data, "folders": self.folders}
            write_atomically(self.path, dumps(data))
        except OSError:
            pass  # only a cache: the next start scans again


@dataclass
class Library:
    roots: list[Path]
    entries: list[Entry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    max_bytes: int = DEFAULT_MAX_BYTES
    leftovers: list[str] = field(default_factory=list)  # reader's temporary files the walk met

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


def record_of(entry: Entry) -> list[Any]:
    """What the scan cache keeps of an entry (JSON), beside its file's path: its fields after
    the location, in their order (a list reads back in half the time of a dict, at 50,000)."""
    return [
        entry.title,
        entry.date.isoformat() if entry.date else None,
        entry.url,
        entry.words,
        entry.warnings or None,
        entry.author,
        entry.site,
        entry.canonical_url,
        entry.feed,
        entry.digest,
        entry.feed_url,
        entry.fingerprint,
    ]


def entry_of(article_id: str, location: str, record: list[Any]) -> Entry:
    """The entry a cached record describes (IndexError, KeyError, TypeError or ValueError if
    it is not one)."""
    return Entry(  # in the order of its fields: 50,000 of these at every start
        article_id, location, record[0], _day(record[1]), record[2], record[3], list(record[4] or ()), *record[5:12]
    )


def _kept(record: list[Any], stamp: list[int] | None, max_bytes: int) -> list[Any]:
    """A record as the scan cache keeps it: with its file's stamp (size, mtime_ns) and the
    size limit it was read under (null for the default) last. A file that is not an article
    has [why, stamp, limit]."""
    return [*record, stamp, None if max_bytes == DEFAULT_MAX_BYTES else max_bytes]


def _upgraded(record: dict[str, Any]) -> list[Any]:
    """A record of the last cache version (a dict of the fields that were set) as this one
    keeps it: a library of 50,000 is not read again for it."""
    if "skip" in record:
        return _kept([record["skip"]], record["stamp"], record.get("max_bytes", DEFAULT_MAX_BYTES))
    fields = [record["title"], record.get("date"), record.get("url"), record["words"], record.get("warnings")]
    fields += [record.get(name) for name in ("author", "site", "canonical_url", "feed", "digest", "feed_url")]
    fields.append(record.get("fingerprint"))
    return _kept(fields, record["stamp"], record.get("max_bytes", DEFAULT_MAX_BYTES))


def remember(cache_path: Path, entries: list[Entry], max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Put entries just taken in (an import's files) in the scan cache, so that the next start
    does not read them again."""
    cache = ScanCache(cache_path)
    for entry in entries:
        try:
            stamp = file_stamp(entry.path)
        except OSError:
            continue
        cache.keep(str(entry.path), _kept(record_of(entry), stamp, max_bytes))
    cache.save()


PARALLEL_FROM = 2000  # files to read before a scan reads them in worker processes, one per core
CHUNK = 500  # files a worker reads per task


def _records(task: tuple[list[tuple[str, str]], int]) -> list[list[Any]]:
    """What the scan keeps of each file of a task ((file, article id) pairs, the size limit):
    its record, or [why it is not an article], as the cache keeps it (`_kept`: the stamp it
    was read under is None if the file cannot be looked at)."""
    files, max_bytes = task
    found = []
    for name, article_id in files:
        path = Path(name)
        try:
            record = record_of(scan_file(path, article_id, max_bytes))
        except SkipFile as error:
            record = [str(error)]
        try:
            stamp: list[int] | None = file_stamp(path)
        except OSError:
            stamp = None
        found.append(_kept(record, stamp, max_bytes))
    return found


def _read_all(files: list[tuple[str, str]], max_bytes: int) -> list[list[Any]]:
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
    walk = Walk(cache.folders)
    seen: set[str] = set()
    rows: list[tuple[str, str, list[Any] | None]] = []  # (article id, file, its record if kept), in order
    unread: list[tuple[str, str]] = []  # (file, article id)
    stat, limit = os.stat, None if max_bytes == DEFAULT_MAX_BYTES else max_bytes
    for root in roots:
        base, first = str(root), len(walk.groups)
        names = walk.files(base)
        cut = len(base) if base.endswith(os.sep) else len(base) + 1
        ids = [name[cut:] for name in names]
        if os.sep != "/":
            ids = [i.replace(os.sep, "/") for i in ids]
        if seen:  # a path an earlier folder has: prefixed with this folder's name
            for n, relative in enumerate(ids):
                ids[n] = article_id = f"{root.name}/{relative}" if relative in seen else relative
                seen.add(article_id)
        else:
            seen.update(ids)
        files = iter(zip(names, ids))
        for folder, shorts in walk.groups[first:]:
            kept = cache.data.get(folder, {})
            if len(kept) > len(shorts):  # records of files gone from it
                kept = cache.data[folder] = {n: kept[n] for n in shorts if n in kept}
                cache.changed = True
            for short, (name, article_id) in zip(shorts, files):
                # a record holds while its file's size and time are unchanged
                record = kept.get(short)
                if record is not None and record[-1] == limit:
                    try:
                        info = stat(name)
                    except OSError:
                        pass
                    else:
                        if record[-2] == [info.st_size, info.st_mtime_ns]:
                            rows.append((article_id, name, record))
                            continue
                rows.append((article_id, name, None))
                unread.append((name, article_id))
    walked = {folder for folder, _ in walk.groups}
    under = tuple(str(root) if str(root).endswith(os.sep) else str(root) + os.sep for root in roots)
    for folder in [f for f in cache.data if f not in walked and (f + os.sep).startswith(under)]:
        del cache.data[folder]  # gone, or holds no articles now (another library's folders are kept)
        cache.changed = True
    fresh = iter(_read_all(unread, max_bytes))
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    day = _day
    for article_id, name, record in rows:
        if record is None:
            record = next(fresh)
            if record[-2] is not None:
                cache.keep(name, record)
        if len(record) == 3:  # [why, stamp, limit]
            skipped.append(Skipped(Path(name), record[0]))
        else:
            entries.append(  # entry_of, inlined (15 ms of 50,000 calls)
                Entry(
                    article_id,
                    name,
                    record[0],
                    day(record[1]),
                    record[2],
                    record[3],
                    list(record[4] or ()),
                    *record[5:12],
                )
            )
    cache.listed(walk.listed, under)
    cache.save()
    return Library(roots=list(roots), entries=entries, skipped=skipped, max_bytes=max_bytes, leftovers=walk.temps)
