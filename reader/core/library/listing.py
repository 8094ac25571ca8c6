"""The library list on screen in order (which entries it keeps: `query`)."""

from __future__ import annotations

import datetime as dt

from reader.core.library.entries import Entry


def ordered(entries: list[Entry], sort: str) -> list[Entry]:
    """By title, or by date: newest first, undated last."""
    if sort == "title":
        return sorted(entries, key=lambda e: e.title.casefold())
    dated = sorted((e for e in entries if e.date), key=lambda e: e.date or dt.date.min, reverse=True)
    return dated + [e for e in entries if not e.date]
