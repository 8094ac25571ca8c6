"""The library list's columns: which are worth showing at a width, and what each row's read
mark says. Plain functions of the entries (no widget), so 20,000 rows are measured once."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len, set_cell_size

from reader.core.library import Entry


@dataclass(frozen=True)
class Column:
    name: str
    width: int  # cells, with the space after it


# Shown left to right in this order; given room, when the title has had its share, in the
# order of ROOM, and only when some article has something to show in them.
READ, DATE, WORDS, COUNT, FEED, SITE, FOLDER, TAGS = (
    Column("", 6),
    Column("Date", 11),
    Column("Words", 7),
    Column("✎", 4),
    Column("Feed", 16),
    Column("Site", 18),
    Column("Folder", 14),  # the feed's folders; for an article of no feed, its folder in the library
    Column("Tags", 16),
)
ORDER = (READ, DATE, WORDS, COUNT, FEED, SITE, FOLDER, TAGS)
ROOM = (READ, COUNT, DATE, FEED, FOLDER, TAGS, SITE, WORDS)
TITLE_FIRST = 60  # cells the title gets before any column but the read mark (half the width at most)
WIDEST = {FEED: 30, SITE: 40, TAGS: 40, FOLDER: 30}  # what these grow to, as their text needs, once every column fits
SAMPLE = 2_000  # rows whose text sets the columns' widths


def folder_of(entry: Entry) -> tuple[str, str]:
    """(its feed, its folder) when the list knows no feeds: the file's own feed name, or its
    folder in the library when it came from no feed."""
    return (entry.feed, "") if entry.feed else ("", entry.id.rpartition("/")[0])


def tags_of_state(state: Any) -> str:
    return " ".join(f"#{t}" for t in state.tags)


def fit_columns(
    entries: list[Entry],
    counts: dict[str, int],
    width: int,
    states: Mapping[str, Any] | None = None,
    origin: Callable[[Entry], tuple[str, str]] = folder_of,
) -> list[Column]:
    """The columns worth showing at this width: empty ones left out, the title first; the
    room left over widens Site, Tags and Folder to what their text needs. (Lengths are
    counted in characters: a layout guess, cheap for 20,000 rows; cells are cut exactly.)"""
    states = states or {}
    entries = entries[:SAMPLE]  # widths from the first rows (the newest): enough for a layout
    shown = {e.id for e in entries} if len(states) < len(entries) else None
    tagged = [a for a, s in states.items() if s.tags and (shown is None or a in shown)]
    origins = [origin(e) for e in entries]
    widest = {
        COUNT: 1 if any(counts.get(e.id) for e in entries) else 0,
        DATE: 1 if any(e.date for e in entries) else 0,
        FEED: max((len(feed) for feed, _ in origins), default=0),
        SITE: max((len(e.site_name) for e in entries), default=0),
        FOLDER: max((len(folder) for _, folder in origins), default=0),
        TAGS: max((len(tags_of_state(states[a])) for a in tagged), default=0),
    }
    longest = max((len(e.title) for e in entries), default=0)
    room = width - 1 - min(longest, TITLE_FIRST, width // 2)
    chosen: list[Column] = []
    for column in ROOM:
        if column is WORDS:  # the least needed: only once the title has its whole share
            fits = room - WORDS.width + min(longest, TITLE_FIRST, width // 2) >= min(longest, TITLE_FIRST)
        else:
            fits = column is READ or (widest[column] > 0 and column.width <= room)
        if fits:
            chosen.append(column)
            room -= column.width
    for column, most in WIDEST.items():
        if column in chosen and room > 0:
            need = min(widest[column] + 1, most)
            grown = Column(column.name, max(column.width, min(need, column.width + room)))
            room -= grown.width - column.width
            chosen[chosen.index(column)] = grown
    return sorted(chosen, key=lambda c: [o.name for o in ORDER].index(c.name))


def read_mark(entry: Entry, read: Container[str], progress: dict[str, int], starred: bool = False) -> str:
    """• unread, 37% part read, ✓ read to the end; ★ before it when starred."""
    if entry.id not in read:
        mark = "•"
    else:
        done = progress.get(entry.id, 0)
        mark = "✓" if done >= 100 or not done else f"{done}%"
    return f"{'★' if starred else ' '} {mark}"


def fit(text: str, cells: int) -> str:
    """`text` in exactly `cells` cells: padded, or cut with an ellipsis."""
    if cells <= 0:
        return ""
    if cell_len(text) <= cells:
        return set_cell_size(text, cells)
    return set_cell_size(text, cells - 1) + "…"
