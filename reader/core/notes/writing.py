"""Choosing what to export and writing it, so that nothing the user wrote is lost.

Reader owns the part of a file between `%% reader begin %%` and `%% reader end %%` (Obsidian
hides `%%` comments) and its own front matter keys; it rewrites only those. Text written
before or after the region, and front matter keys of the user's own, stay as they are. A
file of the same name without a region (an export from before regions, or the user's own)
is kept beside it as `NAME.md.bak` before the first rewrite. One naming rule for every
export of an article: its title and a short hash of its id; the file that already carries
that hash, or the `reader_id` (a note the user renamed), is written again whatever its
title became. What the user changed inside the region comes back (reader.core.notes.vault)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reader.core.files import created_mode, make_folders, read_file, write_atomically
from reader.core.notes.export import ArticleExport, Exporter, safe_filename
from reader.core.notes.vault import (
    BEGIN,
    END,
    keep_users_lines,
    notes_by_id,
    read_back,
    read_region,
    region_of,
    split_front,
    unexplained,
)

__all__ = ["BEGIN", "END", "region_of", "split_front"]  # where they were first

if TYPE_CHECKING:
    from reader.core.notes.vault import Vault

# the front matter keys reader writes (the user's other keys are kept)
READER_KEYS = frozenset(
    ("title", "author", "site", "feed", "source", "date", "tags", "highlights", "articles", "exported", "reader_id")
)


OWNED_MAX_BYTES = 64 * 1024 * 1024  # an export file of reader's: far more than any article's notes


def id_digest(article_id: str) -> str:
    return hashlib.blake2b(article_id.encode(), digest_size=3).hexdigest()


def export_name(article_id: str, title: str, folder: Path | None = None) -> str:
    """An article's export file name: its title and a short hash of its id (two articles of
    one title never share a file); in `folder`, the name of its note there if it has one
    (found by that hash, or by its `reader_id` if the user renamed it)."""
    if folder is not None:
        found = notes_by_id(folder, id_digest)(article_id)
        if found is not None:
            return found.name
    return safe_filename(title, set()).removesuffix(".md") + f" ({id_digest(article_id)}).md"


def _dump(front: dict[str, Any]) -> str:
    if not front:
        return ""
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=float("inf")) + "---\n"


def owned_file(
    old: str | None, document: str, base: str | None = None, mapped: Set[int] = frozenset(), unsure: bool = False
) -> tuple[str, bool]:
    """The file to write for `document` over `old` (None: no file yet): (its text, whether
    `old` must be kept aside first: it has no region of reader's, or, with `unsure`, no
    `base` to tell the user's lines from reader's). With `base` (the file as reader last
    wrote it), the lines the user wrote in the region since, except `mapped` ones (read back
    into reader), are kept where they were."""
    ours, body = split_front(document)
    lines = body.strip("\n").split("\n")
    if old is None or not old.strip():
        return _dump(ours or {}) + ("\n" if ours else "") + _region(lines) + "\n", False
    front, rest = split_front(old)
    start = rest.find(BEGIN)
    stop = rest.find(END, start + len(BEGIN)) if start >= 0 else -1
    if (front is None and old.startswith("---\n")) or stop < 0:  # no region, or a front matter that does not read
        return _dump(ours or {}) + ("\n" if ours else "") + _region(lines) + "\n", True
    if base is not None:
        lines = keep_users_lines(region_of(base)[1], region_of(old)[1], lines, set(mapped))
    merged = dict(front or {})
    if ours is not None:
        merged = {k: v for k, v in merged.items() if k not in READER_KEYS or k in ours} | ours
    return _dump(merged) + rest[:start] + _region(lines) + rest[stop + len(END) :], unsure and base is None


def _region(lines: list[str]) -> str:
    return f"{BEGIN}\n" + "\n".join(lines) + f"\n{END}"


def _aside(path: Path, old: str, mode: int) -> Path:
    aside = path.with_name(path.name + ".bak")
    n = 2
    while aside.exists():
        aside = path.with_name(f"{path.name}.{n}.bak")
        n += 1
    write_atomically(aside, old, mode)
    return aside


def write_owned(
    path: Path,
    exports: list[ArticleExport],
    render: Callable[[list[ArticleExport]], str],
    mode: int,
    notes: list[str] | None = None,
    vault: Vault | None = None,
) -> Path:
    """Write `render(exports)` as reader's region of the file at `path` (see the module),
    with what the user changed there since reader last wrote it read back first (`vault`)."""
    told = notes if notes is not None else []
    old = read_file(path, OWNED_MAX_BYTES).decode("utf-8", "replace") if os.path.lexists(path) else None
    front = split_front(old)[0] if old else None
    single = len(exports) == 1 and (old is None or (front or {}).get("reader_id") in (None, exports[0].id))
    key = exports[0].id if single else None
    base = vault.bases.get(path, key, old) if vault is not None and old else None
    mapped: set[int] = set()
    if base is not None and old is not None and vault is not None:
        base_front, was_lines = region_of(base)
        now = read_region(region_of(old)[1])
        was = read_region(was_lines)
        for i, article in enumerate(exports):
            back = read_back(was, now, (base_front, front), article, single)
            mapped |= back.mapped
            if not back:
                continue
            if vault.take is None:  # nothing can be saved (a read-only database): the note waits, untouched
                told.append(f"{path.name}: not rewritten: what you edited there comes back once reader can save it")
                return path
            exports[i] = vault.take(article, back)
            told.append(back.told(path.name))
    document = render(exports)
    unsure = old is not None and base is None and vault is not None
    if unsure and old is not None:
        unsure = unexplained(region_of(old)[1], split_front(document)[1].strip("\n").split("\n"), exports, single)
    text, keep = owned_file(old, document, base, mapped, unsure)
    if keep and old is not None:
        aside = _aside(path, old, mode)
        if unsure:
            told.append(
                f"{path.name}: reader has no copy of what it wrote there last, so it cannot tell your lines from"
                f" its own: the file as it was is kept as {aside.name} (from now on your edits come back)"
            )
        else:
            told.append(f"{path.name} had no reader region: the file as it was is kept as {aside.name}")
    if text != old:
        write_atomically(path, text, mode)
    if vault is not None:
        vault.bases.put(path, key, owned_file(None, document)[0])  # reader's part alone
    return path


def write_markdown(
    exports: list[ArticleExport],
    target: Path,
    exporter: Exporter,
    folder: bool,
    what: str = "Highlights",
    notes: list[str] | None = None,
    vault: Vault | None = None,
) -> list[Path]:
    """Write the exports (0600 inside reader's own folders, else as the user's umask gives
    any new file: `created_mode`):
    one file per article into a folder (named by `export_name`), or all into one file.
    Returns the paths written; `notes` gets what the user should be told (and what came
    back from the vault, with `vault`)."""
    mode = created_mode(target / "x" if folder else target)
    if folder:
        make_folders(target)
        find = notes_by_id(target, id_digest)
        written = []
        for a in exports:
            path = find(a.id) or target / export_name(a.id, a.title)
            written.append(write_owned(path, [a], lambda e: exporter.markdown(e[0]), mode, notes, vault))
        return written
    make_folders(target.parent)
    return [write_owned(target, list(exports), lambda e: exporter.document(e, what), mode, notes, vault)]
