"""The library: the article files in one or more folders, scanned cheaply and cached."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.articles import (
    DEFAULT_MAX_BYTES,
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
from reader.core.text import inert

CACHE_VERSION = 1


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

    @property
    def source(self) -> str:
        return source_of(self.url)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "path": str(self.path),
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
            "source": self.source,
            "words": self.words,
            "warnings": self.warnings,
        }


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
    return Entry(article_id, path, article.title, article.date, article.url, article.words, article.warnings)


def _article_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                found.append(Path(folder) / name)
    return found


class ScanCache:
    """Entries by path, valid while the file's size and modification time are unchanged."""

    def __init__(self, path: Path | None):
        self.path = path
        self.data: dict[str, dict] = {}
        self.changed = False
        if path is None:
            return
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if loaded.get("version") == CACHE_VERSION:
                self.data = loaded["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            self.data = {}  # a cache: start it again

    @staticmethod
    def _stamp(path: Path) -> list[int]:
        stat = path.stat()
        return [stat.st_size, stat.st_mtime_ns]

    def get(self, path: Path) -> dict | None:
        hit = self.data.get(str(path))
        try:
            return hit if hit and hit["stamp"] == self._stamp(path) else None
        except OSError:
            return None

    def put(self, path: Path, record: dict) -> None:
        try:
            record["stamp"] = self._stamp(path)
        except OSError:
            return
        self.data[str(path)] = record
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(json.dumps({"version": CACHE_VERSION, "files": self.data}), encoding="utf-8")
            tmp.replace(self.path)
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


def scan(roots: list[Path], max_bytes: int = DEFAULT_MAX_BYTES, cache_path: Path | None = None) -> Library:
    """Every article in the roots, in order; ids are paths relative to their root."""
    cache = ScanCache(cache_path)
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for root in roots:
        for path in _article_files(root):
            article_id = path.relative_to(root).as_posix()
            if article_id in seen:  # same relative path in two folders
                article_id = f"{root.name}/{article_id}"
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
                Entry(article_id, path, record["title"], date, record["url"], record["words"], list(record["warnings"]))
            )
    cache.save()
    return Library(roots=list(roots), entries=entries, skipped=skipped, max_bytes=max_bytes)


# --- reader add --------------------------------------------------------------------


@dataclass
class AddReport:
    added: list[Path] = field(default_factory=list)
    duplicates: list[tuple[Path, Path]] = field(default_factory=list)  # (source, existing copy)
    skipped: list[Skipped] = field(default_factory=list)


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


def add_to_library(sources: list[Path], library_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> AddReport:
    """Copy article files (or folders of them) into the library folder.

    Files whose content is already there are reported as duplicates, unreadable ones as
    skipped with the reason; a folder keeps its name and inner layout."""
    report = AddReport()
    library_dir.mkdir(parents=True, exist_ok=True)
    known: dict[str, Path] = {}
    for existing in _article_files(library_dir):
        try:
            known[_digest(existing)] = existing
        except OSError:
            continue
    plan: list[tuple[Path, Path]] = []  # (source file, target relative path)
    for source in sources:
        if source.is_dir():
            plan.extend((f, Path(source.resolve().name) / f.relative_to(source)) for f in _article_files(source))
        elif source.exists():
            if source.suffix.lower() not in SUFFIXES:
                report.skipped.append(Skipped(source, f"not an article file (use {', '.join(SUFFIXES)})"))
                continue
            plan.append((source, Path(source.name)))
        else:
            report.skipped.append(Skipped(source, "no such file or folder"))
    for source, relative in plan:
        try:
            scan_file(source, relative.as_posix(), max_bytes)
            digest = _digest(source)
        except SkipFile as error:
            report.skipped.append(Skipped(source, str(error)))
            continue
        except OSError as error:
            report.skipped.append(Skipped(source, f"cannot read: {error.strerror or error}"))
            continue
        if digest in known:
            report.duplicates.append((source, known[digest]))
            continue
        target = _free_name(library_dir / relative)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        except OSError as error:
            target.unlink(missing_ok=True)
            report.skipped.append(Skipped(source, f"cannot copy: {error.strerror or error}"))
            continue
        known[digest] = target
        report.added.append(target)
    return report
