"""What each table's records must hold to be used, checked field by field when the database
is opened: a record that fails is set aside by name (see Tables), never a traceback later."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from reader.core.notes.highlight import Status
from reader.core.notes.review import Review

STATES = ("inbox", "later", "archive")  # where an article is


def _text(doc: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        if not isinstance(doc.get(key), str):
            return f"no {key!r} text"
    return None


def _offsets(doc: dict[str, Any]) -> str | None:
    start, end = doc.get("start"), doc.get("end")
    if not (type(start) is int and type(end) is int and 0 <= start <= end):
        return "no valid 'start' and 'end'"
    return None


def _review(doc: dict[str, Any]) -> str | None:
    try:
        Review.from_dict(doc)
    except ValueError as error:
        return f"not a review state ({error})"
    return None


def _text_field(value: Any) -> bool:
    return isinstance(value, str)


def _maybe_text(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _flag(value: Any) -> bool:
    return value is None or isinstance(value, bool)


def _count(value: Any) -> bool:
    return value is None or (type(value) is int and value >= 0)


def _maybe_record(value: Any) -> bool:
    return value is None or isinstance(value, dict)


_STATUSES = frozenset(status.value for status in Status)
# a highlight record's optional fields, text when there
_HIGHLIGHT_TEXTS = ("fingerprint", "prefix", "suffix", "color", "note", "created", "modified", "placed", "via")


def _highlight(doc: dict[str, Any]) -> str | None:
    """Why a highlights record cannot be used (None: `Highlight.from_record` reads it). A pass
    over the fields, making nothing: each record becomes a Highlight when first asked for."""
    problem = _text(doc, "id", "article", "exact") or _offsets(doc)
    if problem:
        return problem
    position = doc.get("position")
    if position is not None and not (
        type(position) is list and len(position) == 2 and type(position[0]) is int and type(position[1]) is int
    ):
        return "a 'position' that is not two numbers"
    status = doc.get("status", "exact")
    if type(status) is not str or status not in _STATUSES:
        return f"an unknown status {str(status)[:40]!r}"
    if not _texts(doc.get("tags", [])):
        return "tags that are not a list of texts"
    for key in _HIGHLIGHT_TEXTS:
        if key in doc and not _text_field(doc[key]):
            return f"a {key!r} that is not text"
    return None


# Each table's fields as reader reads them: the required ones, then what each may hold. A
# field of another type (hand-edited, or written by a newer reader) sets its record aside.
FIELDS: dict[str, tuple[frozenset[str], dict[str, Callable[[Any], bool]]]] = {
    "reading": (
        frozenset({"article"}),
        {"article": _text_field, "position": _count, "progress": lambda v: v is None or type(v) in (int, float)},
    ),
    "articles": (
        frozenset({"article"}),
        {
            "article": _text_field,
            "starred": _flag,
            "tags": lambda value: value is None or isinstance(value, list),  # each made text as it is read
            "note": _maybe_text,
            "deleted": _maybe_record,
        },
    ),
    "views": (
        frozenset({"name", "query", "created"}),
        {"name": _text_field, "query": _text_field, "created": _text_field},
    ),
    "feeds": (
        frozenset({"url", "title", "added"}),
        {
            **dict.fromkeys(("url", "title", "added"), _text_field),
            **dict.fromkeys(("site", "folder", "etag", "last_modified", "last_sync", "last_error"), _maybe_text),
            "seen": lambda value: value is None or _texts(value),
            "folders": lambda value: value is None or _texts(value),
            "renamed": _flag,
        },
    ),
    "folders": (frozenset({"name"}), {"name": _text_field, "added": _maybe_text}),
    "unfollowed": (frozenset({"url", "stream"}), {"url": _text_field, "stream": _text_field}),
    "accounts": (
        frozenset({"url", "user", "added"}),
        {
            **dict.fromkeys(("url", "user", "added"), _text_field),
            **dict.fromkeys(("password_command", "last_sync"), _maybe_text),
            "since": _count,
        },
    ),
    "items": (
        frozenset({"item", "account"}),
        {"item": _text_field, "account": _text_field, "article": _maybe_text, "read": _flag, "starred": _flag},
    ),
    "corrections": (
        frozenset({"text", "created"}),
        {"text": _text_field, "created": _text_field, "label": _maybe_text},
    ),
    "review_days": (frozenset({"day", "count"}), {"day": _text_field, "count": lambda v: type(v) is int}),
    "fetches": (
        frozenset({"article", "url"}),
        {"article": _text_field, "url": _text_field, "added": _maybe_text, "tries": _count, "reason": _maybe_text},
    ),
}


def _fields(table: str, doc: dict[str, Any]) -> str | None:
    required, kinds = FIELDS.get(table, (frozenset(), {}))
    for key in sorted(required - doc.keys()):
        return f"no {key!r}"
    for key, fits in kinds.items():
        if key in doc and not fits(doc[key]):
            return f"a {key!r} of the wrong kind ({type(doc[key]).__name__}: {str(doc[key])[:40]!r})"
    return None


def check_article(doc: dict[str, Any]) -> str | None:
    """Why an `articles` record cannot be used (None: it can)."""
    if doc.get("state", "inbox") not in STATES:
        return f"an unknown state {str(doc.get('state'))[:40]!r}"
    return _fields("articles", doc)


# what each table's documents must hold to be used, field by field
CHECKS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "reading": functools.partial(_fields, "reading"),
    "highlights": _highlight,
    "corrections": functools.partial(_fields, "corrections"),
    "mentions": lambda doc: _text(doc, "article", "text", "created") or _offsets(doc),
    "articles": check_article,
    "views": functools.partial(_fields, "views"),
    "tombstones": lambda doc: _text(doc, "id", "article", "exact"),
    "reviews": lambda doc: _text(doc, "highlight") or _review(doc),
    "review_days": functools.partial(_fields, "review_days"),
    "feeds": functools.partial(_fields, "feeds"),
    "folders": functools.partial(_fields, "folders"),
    "unfollowed": functools.partial(_fields, "unfollowed"),
    "accounts": functools.partial(_fields, "accounts"),
    "items": functools.partial(_fields, "items"),
    "fetches": functools.partial(_fields, "fetches"),
}
