"""The walk of the library's folders: the article files in order, each folder listed once
and its listing kept while the folder is unchanged."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from reader.core.files import TEMP_SUFFIX
from reader.core.library.articles import SUFFIXES
from reader.core.library.entries import NOT_ARTICLES


def _listing(folder: str) -> list[list[str]] | None:
    """One folder's names, each list sorted: [article files, README-style files, folders (not
    links to folders), reader's temporary files]; the other hidden names left out. None if
    it cannot be read."""
    try:
        with os.scandir(folder) as listing:  # each entry's kind known without a stat
            items = sorted((e.name, e.is_dir(), e.is_symlink()) for e in listing)
    except OSError:
        return None
    files: list[str] = []
    notes: list[str] = []
    folders: list[str] = []
    temps: list[str] = []
    for name, is_dir, is_link in items:
        if name[0] == ".":
            if not is_dir and name.endswith(TEMP_SUFFIX):
                temps.append(name)
        elif is_dir:
            if not is_link:
                folders.append(name)
        elif name.lower().endswith(SUFFIXES):
            (notes if (name.rpartition(".")[0] or name).casefold() in NOT_ARTICLES else files).append(name)
    return [files, notes, folders, temps]


class Walk:
    """The article files under folders as strings, in order: each folder's files by name,
    then its folders' (a Path each costs more than the scan of a cached library of 20,000).
    Hidden files and folders are left out; links to folders are not followed. README-style
    files go to `notes`, reader's temporary files (what a crash left) to `temps`.

    `known`: the folders' listings an earlier walk kept, each trusted while its folder's
    ctime is the one it was listed at (a file added, removed or renamed in it changes it):
    a stat per folder instead of reading and sorting it. `listed` receives this walk's, but
    those of folders changed in the last two seconds (a change in the same tick of the
    file system's clock would not show)."""

    def __init__(self, known: dict[str, list[Any]] | None = None) -> None:
        self.known = known
        self.listed: dict[str, list[Any]] = {}
        self.groups: list[tuple[str, list[str]]] = []  # (folder, its article files' names), in the order of `files`
        self.notes: list[str] = []
        self.temps: list[str] = []
        self._settled = time.time_ns() - 2_000_000_000

    def files(self, root: str) -> list[str]:
        found: list[str] = []
        self._visit(root, found)
        return found

    def _visit(self, folder: str, found: list[str]) -> None:
        if self.known is None:
            listing = _listing(folder)
        else:
            try:
                stamp = os.stat(folder).st_ctime_ns
            except OSError:
                return
            kept = self.known.get(folder)
            if kept is not None and kept[0] == stamp:
                self.listed[folder] = kept
                listing = kept[1:]
            elif (listing := _listing(folder)) is not None and stamp < self._settled:
                self.listed[folder] = [stamp, *listing]
        if listing is None:
            return  # a folder that cannot be read holds no articles we can show
        files, notes, folders, temps = listing
        prefix = folder if folder.endswith(os.sep) else folder + os.sep
        if files:
            found += [prefix + name for name in files]
            self.groups.append((folder, files))
        if notes:
            self.notes += [prefix + name for name in notes]
        if temps:
            self.temps += [prefix + name for name in temps]
        for name in folders:
            self._visit(prefix + name, found)


def article_files(root: Path, *, notes: list[Path] | None = None) -> list[Path]:
    """The article files under `root`, in order; README-style files go to `notes`."""
    walk = Walk()
    found = [Path(p) for p in walk.files(str(root))]
    if notes is not None:
        notes.extend(Path(p) for p in walk.notes)
    return found
