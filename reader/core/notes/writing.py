"""Choosing what to export and writing it, so that nothing the user wrote is lost.

Reader owns the part of a file between `%% reader begin %%` and `%% reader end %%` (Obsidian
hides `%%` comments) and its own front matter keys; it rewrites only those. Text written
before or after the region, and front matter keys of the user's own, stay as they are. A
file of the same name without a region (an export from before regions, or the user's own)
is kept beside it as `NAME.md.bak` before the first rewrite. One naming rule for every
export of an article: its title and a short hash of its id; a file that already carries
that hash is written again whatever its title became."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reader.core.files import created_mode, make_folders, read_file, write_atomically
from reader.core.notes.export import ArticleExport, Exporter, safe_filename

if TYPE_CHECKING:
    pass

BEGIN, END = "%% reader begin %%", "%% reader end %%"
# the front matter keys reader writes (the user's other keys are kept)
READER_KEYS = frozenset(
    ("title", "author", "site", "feed", "source", "date", "tags", "highlights", "articles", "exported", "reader_id")
)


OWNED_MAX_BYTES = 64 * 1024 * 1024  # an export file of reader's: far more than any article's notes


def id_digest(article_id: str) -> str:
    return hashlib.blake2b(article_id.encode(), digest_size=3).hexdigest()


def export_name(article_id: str, title: str, folder: Path | None = None) -> str:
    """An article's export file name: its title and a short hash of its id (two articles of
    one title never share a file); in `folder`, the file that already has the hash."""
    digest = id_digest(article_id)
    if folder is not None and folder.is_dir():
        for found in folder.glob(f"*({digest}).md"):
            return found.name
    return safe_filename(title, set()).removesuffix(".md") + f" ({digest}).md"


def exported_digests(folder: Path) -> set[str]:
    """The id hashes in the names of the article files in `folder` (see `export_name`)."""
    if not folder.is_dir():
        return set()
    return {p.name.rpartition("(")[2].removesuffix(").md") for p in folder.glob("*).md")}


def split_front(text: str) -> tuple[dict[str, Any] | None, str]:
    """(the front matter as a mapping, or None if there is none that reads; the rest)."""
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 3)
    if end < 0:
        return None, text
    try:
        front = yaml.safe_load(text[4:end]) if end > 4 else {}
    except yaml.YAMLError:
        return None, text
    return (front, text[end + 5 :]) if isinstance(front, dict) else (None, text)


def _dump(front: dict[str, Any]) -> str:
    if not front:
        return ""
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=float("inf")) + "---\n"


def owned_file(old: str | None, document: str) -> tuple[str, bool]:
    """The file to write for `document` over `old` (None: no file yet): (its text, whether
    `old` must be kept aside first because it has no region of reader's)."""
    ours, body = split_front(document)
    region = f"{BEGIN}\n{body.strip(chr(10))}\n{END}"
    if old is None or not old.strip():
        return _dump(ours or {}) + ("\n" if ours else "") + region + "\n", False
    front, rest = split_front(old)
    start = rest.find(BEGIN)
    stop = rest.find(END, start + len(BEGIN)) if start >= 0 else -1
    if (front is None and old.startswith("---\n")) or stop < 0:  # no region, or a front matter that does not read
        return _dump(ours or {}) + ("\n" if ours else "") + region + "\n", True
    merged = dict(front or {})
    if ours is not None:
        merged = {k: v for k, v in merged.items() if k not in READER_KEYS or k in ours} | ours
    return _dump(merged) + rest[:start] + region + rest[stop + len(END) :], False


def write_owned(path: Path, document: str, mode: int, notes: list[str] | None = None) -> Path:
    """Write `document` as reader's region of the file at `path` (see the module)."""
    old = read_file(path, OWNED_MAX_BYTES).decode("utf-8", "replace") if os.path.lexists(path) else None
    text, keep = owned_file(old, document)
    if keep and old is not None:
        aside = path.with_name(path.name + ".bak")
        n = 2
        while aside.exists():
            aside = path.with_name(f"{path.name}.{n}.bak")
            n += 1
        write_atomically(aside, old, mode)
        if notes is not None:
            notes.append(f"{path.name} had no reader region: the file as it was is kept as {aside.name}")
    if text != old:
        write_atomically(path, text, mode)
    return path


def write_markdown(
    exports: list[ArticleExport],
    target: Path,
    exporter: Exporter,
    folder: bool,
    what: str = "Highlights",
    notes: list[str] | None = None,
) -> list[Path]:
    """Write the exports (0600 inside reader's own folders, else as the user's umask gives
    any new file: `created_mode`):
    one file per article into a folder (named by `export_name`), or all into one file.
    Returns the paths written; `notes` gets what the user should be told."""
    mode = created_mode(target / "x" if folder else target)
    if folder:
        make_folders(target)
        return [
            write_owned(target / export_name(a.id, a.title, target), exporter.markdown(a), mode, notes) for a in exports
        ]
    make_folders(target.parent)
    return [write_owned(target, exporter.document(exports, what), mode, notes)]
