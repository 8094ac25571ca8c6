"""The library list on screen: which entries a filter keeps, and in what order."""

from __future__ import annotations

import datetime as dt

from reader.core.library.scanning import Entry


def matches(
    entry: Entry,
    terms: list[str],
    mentions: dict[str, set[str]] | None = None,
    tags: dict[str, set[str]] | None = None,
) -> bool:
    """Every term is in the title, site, feed, author or id; a term starting with @ is an
    entity the article mentions (e.g. @lukashenko), looked up in the entity cache; one
    starting with # a tag of one of its highlights (a prefix of it: #bel finds #belarus)."""
    extra = " ".join(x for x in (entry.site, entry.feed, entry.author) if x)
    haystack = f"{entry.title} {entry.source} {extra} {entry.id}".casefold()
    for term in terms:
        if term.startswith("@") and len(term) > 1:
            names = (mentions or {}).get(entry.id, ())
            if not any(term[1:] in name for name in names):
                return False
        elif term.startswith("#") and len(term) > 1:
            if not any(tag.startswith(term[1:]) for tag in (tags or {}).get(entry.id, ())):
                return False
        elif term not in haystack:
            return False
    return True


def ordered(entries: list[Entry], sort: str) -> list[Entry]:
    """By title, or by date: newest first, undated last."""
    if sort == "title":
        return sorted(entries, key=lambda e: e.title.casefold())
    dated = sorted((e for e in entries if e.date), key=lambda e: e.date or dt.date.min, reverse=True)
    return dated + [e for e in entries if not e.date]
