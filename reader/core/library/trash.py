"""Deleted articles: a file reader saved (under its library folder) goes to a trash folder
and can come back; a file in a folder the user named is never moved (it is only hidden)."""

from __future__ import annotations

import shutil
from pathlib import Path


def to_trash(path: Path, trash: Path, article_id: str) -> Path:
    """Move `path` into `trash` (as its id's path there, never over another file)."""
    target = trash / article_id
    n = 2
    while target.exists():
        target = trash / f"{article_id}.{n}"
        n += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(path, target)
    return target


def from_trash(kept: Path, path: Path) -> None:
    """Put a deleted file back where it was; FileExistsError if another file is there now."""
    if path.exists():
        raise FileExistsError(f"{path} is there again (the deleted file is kept in {kept})")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(kept, path)
