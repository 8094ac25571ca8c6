"""`reader add` of files and folders: copied into the library folder, duplicates (by
content, and saved pages by their address) reported, never copied twice."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.files import write_new
from reader.core.library.articles import DEFAULT_MAX_BYTES, HTML_SUFFIXES, SUFFIXES, SkipFile
from reader.core.library.entries import Entry, Skipped, scan_file
from reader.core.library.scanning import Library, scan
from reader.core.library.walk import article_files


class UrlIndex:
    """Library files by the web addresses they were saved from (their URL and canonical URL),
    compared as fetch.url_key compares them: the same page saved twice is found."""

    def __init__(self, entries: Iterable[Entry] = ()):
        self.paths: dict[str, Path] = {}
        for entry in entries:
            self.add(entry.path, entry.url, entry.canonical_url)

    def add(self, path: Path, *urls: str | None) -> None:
        from reader.core.ingest.fetch import url_key

        for url in urls:
            key = url_key(url)
            if key:
                self.paths.setdefault(key, path)

    def find(self, *urls: str | None) -> Path | None:
        from reader.core.ingest.fetch import url_key

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
    note: str | None = None  # what the feed's status should say of it (a selector that matched nothing)


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


def _copy_new(source: Path, target: Path) -> Path:
    """Copy `source` to `target`, or to `stem-2`, `stem-3`... if taken: whole or not at all."""
    for n in range(1, 10_000):
        candidate = target if n == 1 else target.with_name(f"{target.stem}-{n}{target.suffix}")
        if not candidate.exists() and write_new(candidate, lambda tmp: shutil.copyfile(source, tmp)):
            return candidate
    raise OSError(f"no free file name for {target}")


def add_to_library(
    sources: list[Path],
    library_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    urls: UrlIndex | None = None,
    library: Library | None = None,
) -> AddReport:
    """Copy article files (or folders of them) into the library folder.

    Files whose content is already there are reported as duplicates, and so are saved web
    pages (.html) whose address is in `urls`; unreadable ones are skipped with the reason; a folder
    keeps its name and inner layout. Copies are found by the digests of `library`'s scan
    (from its cache: the library is not read again) when it scanned the library folder;
    else the folder is scanned."""
    report = AddReport()
    urls = urls if urls is not None else UrlIndex()
    library_dir.mkdir(parents=True, exist_ok=True)
    owned = library_dir.resolve()
    if library is None or not any(root.resolve() == owned for root in library.roots):
        library = scan([library_dir], max_bytes)
    known = {e.digest: e.path for e in library.entries if e.digest and e.path.resolve().is_relative_to(owned)}

    def take(source: Path, relative: Path, given: str, arg: int) -> AddResult:
        try:
            entry = scan_file(source, relative.as_posix(), max_bytes)
            digest = entry.digest or ""
        except SkipFile as error:
            return AddResult(given, "skipped", reason=str(error), arg=arg)
        except OSError as error:
            return AddResult(given, "skipped", reason=f"cannot read: {error.strerror or error}", arg=arg)
        existing = known.get(digest)
        if existing is None and source.suffix.lower() in HTML_SUFFIXES:  # a saved page: by its address too
            existing = urls.find(entry.url, entry.canonical_url)
        if existing is not None:
            return AddResult(given, "duplicate", existing, title=entry.title, arg=arg)
        try:
            target = _copy_new(source, library_dir / relative)
        except OSError as error:
            return AddResult(given, "skipped", reason=f"cannot copy: {error.strerror or error}", arg=arg)
        known[digest] = target
        urls.add(target, entry.url, entry.canonical_url)
        return AddResult(given, "added", target, title=entry.title, arg=arg)

    for arg, source in enumerate(sources):  # results in the order given
        if source.is_dir():
            notes: list[Path] = []
            for found in article_files(source, notes=notes):
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
