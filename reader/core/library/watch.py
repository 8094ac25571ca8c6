"""The library's folders watched (inotify, through watchfiles): what appeared, went or was
edited by any means (`reader add` in a shell, a copy, a sync on another machine), and
whether other watched folders (the entity cache, written by `reader index`) changed. The
open app runs this in a thread and takes each batch in."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.library.articles import SUFFIXES
from reader.core.library.entries import not_an_article
from reader.core.library.scanning import Library
from reader.core.library.walk import article_files


@dataclass
class Seen:
    """One batch of changes, as the library should take them."""

    gone: list[str] = field(default_factory=list)  # files of the library deleted
    edited: list[str] = field(default_factory=list)  # files of the library written again
    arrived: list[Path] = field(default_factory=list)  # new article files under its folders
    elsewhere: bool = False  # something changed in the other folders watched


class _Stop:
    """What watchfiles asks every 50 ms."""

    def __init__(self, stop: Callable[[], bool]) -> None:
        self.is_set = stop


def watch(library: Library, stop: Callable[[], bool], also: list[Path] | None = None) -> Iterator[Seen]:
    """Batches of changes under the library's folders (and the folders in `also`) until
    `stop()` says so (asked every 50 ms). OSError or RuntimeError if the system cannot
    watch them (its limit of watches reached, say)."""
    from watchfiles import Change
    from watchfiles import watch as changes_of

    roots = [str(root) for root in library.roots if root.is_dir()]
    others = [str(folder) for folder in also or [] if folder.is_dir()]
    if not roots and not others:
        return
    for changes in changes_of(*roots, *others, debounce=400, recursive=True, stop_event=_Stop(stop)):
        inside = {(change, name) for change, name in changes if _under(name, roots)}
        seen = Seen(elsewhere=any(_under(name, others) for _, name in changes))
        names = {name for change, name in inside if change != Change.deleted}
        deleted = {name for change, name in inside if change == Change.deleted and library.has_file(name)}
        seen.gone = sorted(deleted - names)
        seen.edited = sorted(n for n in names if library.has_file(n) and os.path.isfile(n))
        for folder in [name for name in names if os.path.isdir(name)]:  # a new folder: what was
            names.update(str(path) for path in article_files(Path(folder)))  # written in it before it was watched
        seen.arrived = sorted(
            Path(name)
            for name in names
            if name.lower().endswith(SUFFIXES)
            and not _hidden(name, roots)  # a file being written (".name.tmp"), a hidden folder's
            and not library.has_file(name)
            and os.path.isfile(name)
            and not not_an_article(Path(name))
        )
        if seen.gone or seen.edited or seen.arrived or seen.elsewhere:
            yield seen


def _under(name: str, roots: list[str]) -> bool:
    return any(name == root or name.startswith(root.rstrip("/") + "/") for root in roots)


def _hidden(name: str, roots: list[str]) -> bool:
    """Whether a file is hidden, or in a hidden folder, inside its library folder (as the scan
    skips them)."""
    root = next((r for r in roots if name.startswith(r.rstrip("/") + "/")), "")
    return any(part.startswith(".") for part in name[len(root) :].split("/"))
