"""Importing W3C Web Annotation JSON (reader's own export, or another tool's with text quote
selectors). Everything in the file is data from outside: each annotation is checked (types,
sizes, positions) and skipped with a one-line reason when it does not hold up; the text it
brings is cleaned of control characters before it reaches the store; ids from outside are
kept only when they are UUIDs."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from reader.core.notes.highlight import COLOURS, Highlight, Quote, Status, normalize_tags
from reader.core.notes.review import Review
from reader.core.text import clean, inert

MAX_ITEMS = 100_000  # annotations in one file (config: import_max_items)
MAX_QUOTE = 100_000  # characters of a quote, a note
MAX_CONTEXT = 1_000  # characters of a prefix or suffix
MAX_SHORT = 1_000  # an id, a source, a tag, a date
MAX_TAGS = 200


class ImportError_(ValueError):
    """The file is not Web Annotation JSON reader can read; the message says why."""


class BadAnnotation(ValueError):
    """One annotation that cannot be taken; the message says why."""


@dataclass
class Imported:
    highlights: list[Highlight] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "annotation 3 (id ...): why"
    articles: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)  # (article id, tags, note)
    reviews: dict[str, Review] = field(default_factory=dict)  # highlight id -> its review state


IMPORT_MAX_BYTES = 1024 * 1024 * 1024  # a lifetime of highlights as JSON is a few hundred MB


def read_annotations(text: str, max_items: int = MAX_ITEMS) -> Imported:
    """The annotations of a JSON document: each good one as a highlight, each bad one as a
    reason. ImportError_ when the document as a whole is not one reader can read."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportError_(f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from error
    except RecursionError as error:
        raise ImportError_("the JSON is nested too deeply to be annotations") from error
    items: Any
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        first = data.get("first")
        items = first.get("items") if isinstance(first, dict) else None
    elif isinstance(data, dict) and data.get("type") == "AnnotationPage":
        items = data.get("items")
    elif isinstance(data, dict) and data.get("type") == "Annotation":
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise ImportError_("not Web Annotation JSON (expected an Annotation, AnnotationPage or AnnotationCollection)")
    if not isinstance(items, list):
        raise ImportError_("the annotation page has no list of items")
    if len(items) > max_items:
        raise ImportError_(f"{len(items):,} annotations, more than the {max_items:,} allowed (import_max_items)")
    result = Imported()
    for index, item in enumerate(items, 1):
        try:
            if (
                isinstance(item, dict)
                and isinstance(item.get("reader"), dict)
                and item["reader"].get("kind") == "article"
            ):
                result.articles.append(article_from(item))
            else:
                highlight = from_annotation(item)
                review = _review(item["reader"].get("review") if isinstance(item.get("reader"), dict) else None)
                result.highlights.append(highlight)
                if review is not None:
                    result.reviews[highlight.id] = review
        except BadAnnotation as error:
            name = item.get("id") if isinstance(item, dict) else None
            label = f"annotation {index}" + (f" ({inert(str(name))[:80]})" if isinstance(name, str) and name else "")
            result.skipped.append(f"{label}: {error}")
    return result


def _text(value: Any, what: str, limit: int, default: str | None = None) -> str:
    if value is None and default is not None:
        return default
    if not isinstance(value, str):
        raise BadAnnotation(f"{what} is {type(value).__name__}, not text")
    if len(value) > limit:
        raise BadAnnotation(f"{what} is {len(value):,} characters long, more than {limit:,}")
    return value


def _position(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadAnnotation(f"{what} is {type(value).__name__}, not a whole number")
    if not 0 <= value <= 10**9:
        raise BadAnnotation(f"{what} {value} is not a position in a text")
    return value


def _review(value: Any) -> Review | None:
    """A highlight's review state, as reader exports it in its `reader` section."""
    if value is None:
        return None
    try:
        return Review.from_dict(_dict(value, "its review state"))
    except ValueError as error:
        raise BadAnnotation(f"its review state cannot be read ({error})") from None


def _dict(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadAnnotation(f"{what} is {type(value).__name__}, not an object")
    return value


def _id(value: Any) -> tuple[str, str]:
    """(the id reader keeps, the original when it was not a UUID); no id: ("", "")."""
    if value is None or value == "":
        return "", ""
    raw = _text(value, "its id", MAX_SHORT)
    try:
        uuid.UUID(raw.removeprefix("urn:uuid:"))
    except ValueError:
        return uuid.uuid4().hex, inert(raw)
    return raw.removeprefix("urn:uuid:"), ""


def article_from(a: dict[str, Any]) -> tuple[str, tuple[str, ...], str]:
    """An article's own tags and note, from the annotation whose target is the article."""
    article = clean(_text(a["reader"].get("article"), "its article", MAX_CONTEXT))
    if not article.strip():
        raise BadAnnotation("it names no article")
    bodies = a.get("body", [])
    bodies = [b for b in (bodies if isinstance(bodies, list) else [bodies]) if isinstance(b, dict)]
    tags = normalize_tags(
        _text(b.get("value"), "a tag", MAX_CONTEXT, "") for b in bodies if b.get("purpose") == "tagging"
    )
    notes = [_text(b.get("value"), "its note", MAX_QUOTE, "") for b in bodies if b.get("purpose") == "commenting"]
    return article, tags, clean(notes[0]).strip() if notes else ""


def from_annotation(a: Any) -> Highlight:
    """A highlight from one annotation, or BadAnnotation saying why not."""
    if not isinstance(a, dict):
        raise BadAnnotation(f"a {type(a).__name__}, not an annotation object")
    if a.get("type") != "Annotation":
        raise BadAnnotation("its type is not Annotation")
    target = a.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    target = _dict(target, "its target")
    if not target:
        raise BadAnnotation("it has no target")
    selectors = target.get("selector", [])
    if isinstance(selectors, dict):
        selectors = [selectors]
    if not isinstance(selectors, list):
        raise BadAnnotation("its selectors are not a list")
    selectors = [s for s in selectors if isinstance(s, dict)]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    if quote is None:
        raise BadAnnotation("it has no TextQuoteSelector")
    exact = clean(_text(quote.get("exact"), "its quote", MAX_QUOTE))
    if not exact.strip():
        raise BadAnnotation("its quote is empty")
    prefix = clean(_text(quote.get("prefix"), "its prefix", MAX_CONTEXT, ""))
    suffix = clean(_text(quote.get("suffix"), "its suffix", MAX_CONTEXT, ""))
    position: dict[str, Any] = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
    extra = _dict(a.get("reader"), "its reader section")
    source = _text(target.get("source"), "its source", MAX_SHORT, "")
    article = _text(extra.get("article"), "its article", MAX_SHORT, "") or source.removeprefix("urn:reader:")
    article = inert(article)
    if not article:
        raise BadAnnotation("it names no article (target.source)")
    now_start = _position(extra.get("start"), "its start")  # where reader had placed it, if it says
    now_end = _position(extra.get("end"), "its end")
    start = _position(position.get("start"), "its start")
    end = _position(position.get("end"), "its end")
    start = start if start is not None else now_start or 0
    end = end if end is not None else now_end
    end = end if end is not None else start + len(exact)
    if end < start:
        raise BadAnnotation(f"it ends ({end}) before it starts ({start})")
    bodies = a.get("body", [])
    if isinstance(bodies, dict):
        bodies = [bodies]
    if not isinstance(bodies, list):
        raise BadAnnotation("its body is not a list")
    bodies = [b for b in bodies if isinstance(b, dict) and isinstance(b.get("value"), str)]
    tags = [clean(_text(b["value"], "a tag", MAX_SHORT)) for b in bodies if b.get("purpose") == "tagging"]
    if len(tags) > MAX_TAGS:
        raise BadAnnotation(f"{len(tags)} tags, more than {MAX_TAGS}")
    notes = [_text(b["value"], "its note", MAX_QUOTE) for b in bodies if b.get("purpose") != "tagging"]
    note = clean("\n\n".join(notes))
    if len(note) > MAX_QUOTE:
        raise BadAnnotation(f"its notes are {len(note):,} characters long, more than {MAX_QUOTE:,}")
    highlight_id, via = _id(a.get("id"))
    fingerprint = inert(_text(extra.get("fingerprint"), "its fingerprint", MAX_SHORT, ""))
    status = _text(extra.get("status"), "its status", MAX_SHORT, "exact" if fingerprint else "moved")
    if status not in {s.value for s in Status}:
        raise BadAnnotation(f"its status {inert(status)[:40]!r} is not one reader knows")
    colour = _text(extra.get("color"), "its colour", MAX_SHORT, "yellow")
    created = inert(_text(a.get("created"), "its creation time", MAX_SHORT, ""))[:40]  # "": the store stamps it
    return Highlight(
        id=highlight_id,
        article=article,
        fingerprint=fingerprint,
        quote=Quote(exact, prefix, suffix),
        position=(start, end),
        start=now_start if now_start is not None else start,
        end=now_end if now_end is not None else end,
        status=Status(status),
        color=colour if colour in COLOURS else "yellow",
        tags=tuple(tags),
        note=note,
        created=created,
        modified=inert(_text(a.get("modified"), "its modification time", MAX_SHORT, created))[:40],
        placed=inert(_text(extra.get("placed"), "its placement", MAX_SHORT, "")),
        via=via or inert(_text(extra.get("via"), "its original id", MAX_SHORT, "")),
    ).replace(tags=tags)
