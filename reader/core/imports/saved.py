"""Read-it-later services whose exports carry the saved article itself: Omnivore (a zip of
`metadata_*.json`, `content/<slug>.html` and `highlights/<slug>.md`) and wallabag (a JSON
list of entries with their HTML content, flags, tags and annotations)."""

from __future__ import annotations

import json
import re
from typing import Any

from reader.core.imports.model import Document, ImportFailed, Passage, Source, address, tags, text, title, when
from reader.core.imports.zips import Zip

_METADATA = re.compile(r"^(.*/)?metadata_[^/]*\.json$")


def _json(raw: str, where: str) -> Any:
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as error:
        raise ImportFailed(f"{where} is not JSON ({error})") from None


def _labels(values: object) -> tuple[str, ...]:
    """Labels as names (Omnivore writes names; wallabag and older exports objects with one)."""
    if not isinstance(values, list):
        return ()
    names = [v if isinstance(v, str) else v.get("label") or v.get("name") for v in values if isinstance(v, str | dict)]
    return tags([n for n in names if isinstance(n, str)])


def omnivore_highlights(markdown: str) -> list[Passage]:
    """Omnivore's `highlights/<slug>.md`: each highlight a `> quote`, then its labels as
    `#label` words and its note, blocks apart."""
    found: list[Passage] = []
    for block in markdown.replace("\r\n", "\n").split("\n\n"):
        if block.startswith(">"):
            lines = [re.sub(r"^> ?", "", line) for line in block.split("\n")]
            quote = text("\n".join(lines))
            if quote:
                found.append(Passage(quote))
        elif found and block.strip():
            words = block.split()
            if all(w.startswith("#") and len(w) > 1 for w in words):
                found[-1].tags = tags([*found[-1].tags, *(w[1:] for w in words)])
            else:
                found[-1].note = text(f"{found[-1].note}\n\n{block}")
    return found


def omnivore(archive: Zip) -> Source:
    source = Source("Omnivore export")
    metadata = [name for name in archive.names if _METADATA.match(name)]
    for name in sorted(metadata):
        root = name.rpartition("/")[0]
        root = f"{root}/" if root else ""
        items = _json(archive.text(name), f"{name} in the zip")
        for index, item in enumerate(items if isinstance(items, list) else [], 1):
            if not isinstance(item, dict):
                continue
            url = address(item.get("url"))
            slug = str(item.get("slug") or "")
            content = f"{root}content/{slug}.html"
            if url is None and content not in archive.names:
                source.skipped.append(f"{name} item {index}: no web address and no saved content")
                continue
            doc = Document(
                title(item.get("title"), url or "Untitled"), url=url, author=title(item.get("author"), "") or None
            )
            state = str(item.get("state") or "").casefold()
            doc.state = "archive" if state in {"archived", "archive"} else "inbox"
            progress = item.get("readingProgress")
            if isinstance(progress, int | float) and not isinstance(progress, bool) and 0 <= progress <= 100:
                doc.progress = int(progress)
            doc.read = doc.state == "archive" or (doc.progress or 0) >= 100
            doc.tags = _labels(item.get("labels"))
            doc.saved = when(item.get("savedAt"))
            if slug and content in archive.names:
                doc.content = archive.text(content)
            marks = f"{root}highlights/{slug}.md"
            if slug and marks in archive.names:
                doc.passages = omnivore_highlights(archive.text(marks))
            source.documents.append(doc)
    return source


def looks_like_wallabag(data: object) -> bool:
    first = data[0] if isinstance(data, list) and data else None
    return isinstance(first, dict) and ("is_archived" in first or ("content" in first and "annotations" in first))


def wallabag(entries: list[Any]) -> Source:
    source = Source("wallabag export")
    for index, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            source.skipped.append(f"entry {index}: not an object")
            continue
        url = address(entry.get("url") or entry.get("given_url"))
        content = entry.get("content") if isinstance(entry.get("content"), str) else None
        if url is None and not content:
            source.skipped.append(f"entry {index}: no web address and no content")
            continue
        doc = Document(title(entry.get("title"), url or "Untitled"), url=url, content=content)
        authors = entry.get("published_by")
        if isinstance(authors, list) and authors and isinstance(authors[0], str):
            doc.author = title(", ".join(a for a in authors if isinstance(a, str)), "") or None
        doc.state = "archive" if entry.get("is_archived") in (1, True, "1") else "inbox"
        doc.read = doc.state == "archive"
        doc.starred = entry.get("is_starred") in (1, True, "1")
        doc.tags = _labels(entry.get("tags"))
        doc.saved = when(entry.get("created_at"))
        for mark in entry.get("annotations") or []:
            quote = text(mark.get("quote")) if isinstance(mark, dict) else ""
            if quote:
                doc.passages.append(Passage(quote, note=text(mark.get("text")), created=when(mark.get("created_at"))))
        source.documents.append(doc)
    return source
