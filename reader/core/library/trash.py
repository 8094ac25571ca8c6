"""Deleted articles: a file reader saved (under its library folder) goes to a trash folder
and can come back; a file in a folder the user named is never moved (it is only hidden)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path


def to_trash(path: Path | str, trash: Path, article_id: str, made: set[str] | None = None) -> str:
    """Move `path` into `trash` (as its id's path there, never over another file); where it
    went. `made`: the folders made already, for a move of thousands (a clean): each made once."""
    base = os.path.join(trash, article_id)
    target, n = base, 2
    while os.path.lexists(target):
        target, n = f"{base}.{n}", n + 1
    parent = os.path.dirname(target)
    if made is None or parent not in made:
        os.makedirs(parent, exist_ok=True)
        if made is not None:
            made.add(parent)
    try:
        os.rename(path, target)  # the trash is beside the library: one rename
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        shutil.move(path, target)  # another file system
    return target


def from_trash(kept: Path, path: Path) -> None:
    """Put a deleted file back where it was; FileExistsError if another file is there now."""
    if path.exists():
        raise FileExistsError(f"{path} is there again (the deleted file is kept in {kept})")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(kept, path)
