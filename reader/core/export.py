"""Exporting highlights: Markdown through a Jinja2 template (the default one ships in
reader/templates), W3C Web Annotation JSON-LD, and importing such JSON back.

Whatever an article or a user's note holds cannot break the document: quotes and titles
are escaped character by character (every ASCII punctuation mark backslash-escaped, edge
spaces and extra newlines as character references), notes stay ordinary Markdown but sit
inside their own block quote (a container ends every block a note might leave open), and
the front matter is written by a YAML emitter."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote

import yaml

from reader.core.files import utc_now, write_atomically
from reader.core.highlight import Highlight, Quote, Status

if TYPE_CHECKING:
    from collections.abc import Iterable

    import jinja2

    from reader.core.library import Library
    from reader.core.store import Store

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_TEMPLATE = TEMPLATES / "article.md.j2"
NOTE_MARK = "> [!note]"
_PUNCTUATION = set(string.punctuation)


def escape_inline(text: str) -> str:
    """Text that Markdown shows literally: every ASCII punctuation mark escaped, and tabs
    and whitespace at a line's edges as character references (parsers strip them)."""
    out = "".join(f"\\{c}" if c in _PUNCTUATION else c for c in text)
    lines = []
    for line in out.split("\n"):
        core = line.strip()
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(lead) + len(core) :] if core else ""
        line = "".join(f"&#{ord(c)};" for c in lead) + core + "".join(f"&#{ord(c)};" for c in trail)
        lines.append(line.replace("\t", "&#9;"))
    return "\n".join(lines)


def quote_block(text: str) -> str:
    """A block quote showing `text` exactly: single line breaks stay line breaks, blank
    lines paragraph breaks, and any newline beyond those (or at the ends) a character
    reference."""
    lead = len(text) - len(text.lstrip("\n"))
    core = text.strip("\n")
    trail = len(text) - len(text.rstrip("\n")) if core else 0
    paragraphs = re.split(r"\n\n+", core)
    breaks = re.findall(r"\n\n+", core)
    lines: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        extra = "&#10;" * (len(breaks[i - 1]) - 2 if i else lead)
        paragraph_lines = escape_inline(paragraph).split("\n")
        paragraph_lines[0] = extra + paragraph_lines[0]
        if i:
            lines.append(">")
        lines.extend(f"> {line}" for line in paragraph_lines)
    lines[-1] += "&#10;" * trail
    return "\n".join(lines)


def note_block(note: str) -> str:
    """The note as ordinary Markdown inside its own callout block quote."""
    lines = note.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join([NOTE_MARK] + [f"> {line}" if line else ">" for line in lines])


def yaml_scalar(value: Any) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=float("inf"))
    return text.removesuffix("\n...\n").rstrip("\n")


def text_fragment(url: str, exact: str, prefix: str, suffix: str) -> str:
    """A link to the passage: URL#:~:text=prefix-,start,end,-suffix (WICG text fragments)."""

    def enc(s: str) -> str:
        return url_quote(" ".join(s.split()), safe="").replace("-", "%2D")

    words = exact.split()
    if len(words) > 10:
        spec = f"{enc(' '.join(words[:5]))},{enc(' '.join(words[-5:]))}"
    else:
        spec = enc(exact)
    before = prefix.split()[-3:]
    after = suffix.split()[:3]
    if before:
        spec = f"{enc(' '.join(before))}-,{spec}"
    if after:
        spec = f"{spec},-{enc(' '.join(after))}"
    return f"{url.split('#')[0]}#:~:text={spec}"


def block_id(highlight: Highlight) -> str:
    return "hl-" + re.sub(r"[^a-z0-9]", "", highlight.id.lower())[:12]


def link_destination(url: str) -> str:
    for char, code in (("\\", "%5C"), ("<", "%3C"), (">", "%3E"), ("\n", "%0A"), (" ", "%20")):
        url = url.replace(char, code)
    return f"<{url}>"


@dataclass
class ArticleExport:
    """What one exported article needs: its metadata and its highlights (reading order)."""

    id: str
    title: str
    url: str | None
    date: dt.date | None
    highlights: list[Highlight]
    entities: list[tuple[str, str, int]] | None = None  # (label, name, mentions)


def _environment(template: Path | None) -> jinja2.Template:
    import jinja2

    path = template or DEFAULT_TEMPLATE
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(path.parent)),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(md=escape_inline, quote_block=quote_block, note_block=note_block, yaml=yaml_scalar)
    return env.get_template(path.name)


class Exporter:
    def __init__(self, template: Path | None = None):
        self.template = _environment(template)

    def markdown(self, article: ArticleExport, exported_at: dt.datetime | None = None) -> str:
        exported_at = exported_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
        highlights = sorted(article.highlights, key=lambda h: (not h.attached, h.start, h.end))
        tags = sorted({t for h in highlights for t in h.tags}, key=str.casefold)
        front = {
            "title": article.title,
            "source": article.url,
            "date": article.date,
            "tags": tags,
            "highlights": len(highlights),
            "exported": exported_at.isoformat(),
            "reader_id": article.id,
        }
        front_matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=float("inf")).rstrip("\n")
        title_md = escape_inline(" ".join(article.title.split()))
        if article.url:
            title_md = f"[{title_md}]({link_destination(article.url)})"
        items = []
        for h in highlights:
            meta = [f"Colour: {escape_inline(h.color)}"]
            if h.tags:
                meta.append("Tags: " + " ".join(f"#{escape_inline(t)}" for t in h.tags))
            if not h.attached:
                meta.append("*detached: this passage is no longer in the article*")
            elif article.url:
                link = text_fragment(article.url, h.exact, h.quote.prefix, h.quote.suffix)
                meta.append(f"[Open the passage]({link_destination(link)})")
            items.append(
                {
                    **h.to_dict(),
                    "quote": h.exact,
                    "quote_md": quote_block(h.exact),
                    "meta_md": " · ".join(meta),
                    "note_md": note_block(h.note) if h.note else "",
                    "block_id": block_id(h),
                }
            )
        entities_md = ""
        if article.entities:
            entities_md = "\n".join(
                f"- {escape_inline(label)}: {escape_inline(name)} ({count})" for label, name, count in article.entities
            )
        return str(
            self.template.render(
                article=article,
                title_md=title_md,
                front_matter=front_matter,
                highlights=items,
                entities_md=entities_md,
                exported_at=exported_at,
            )
        )


def safe_filename(title: str, taken: set[str]) -> str:
    """A file name from a title: letters, digits, spaces and dashes only, no leading dot,
    at most 80 characters, and not one already taken (case-insensitively)."""
    name = re.sub(r"[^\w\- ]+", "", title, flags=re.UNICODE)
    name = re.sub(r"\s+", " ", name).strip(" .-_")[:80].strip() or "untitled"
    candidate, n = name, 2
    while candidate.casefold() in taken:
        candidate = f"{name}-{n}"
        n += 1
    taken.add(candidate.casefold())
    return candidate + ".md"


# --- W3C Web Annotation JSON-LD ------------------------------------------------------------

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def to_annotation(h: Highlight, source: str | None) -> dict[str, Any]:
    bodies = [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in h.tags]
    if h.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": h.note})
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{h.id}",
        "type": "Annotation",
        "motivation": "commenting" if h.note else "highlighting",
        "created": h.created,
        "modified": h.modified,
        "body": bodies,
        "target": {"source": source or f"urn:reader:{h.article}", "selector": h.selectors()},
        "reader": {
            "article": h.article,
            "fingerprint": h.fingerprint,
            "start": h.start,
            "end": h.end,
            "status": h.status.value,
            "color": h.color,
        }
        | ({"placed": h.placed} if h.placed else {}),
    }


def collection(annotations: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "total": len(annotations),
        "first": {"type": "AnnotationPage", "items": annotations},
    }


class ImportError_(ValueError):
    """The file is not Web Annotation JSON reader can read; the message says why."""


def from_annotation(a: dict[str, Any]) -> Highlight:
    """A highlight from an annotation (ours, or another tool's with a TextQuoteSelector)."""
    if a.get("type") != "Annotation":
        raise ImportError_("not an Annotation")
    target = a.get("target")
    if isinstance(target, list):
        target = target[0]
    if not isinstance(target, dict):
        raise ImportError_("an annotation without a target")
    selectors = target.get("selector", [])
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    if quote is None:
        raise ImportError_("an annotation without a TextQuoteSelector")
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    extra = a.get("reader", {})
    source = target.get("source", "")
    article = extra.get("article") or (
        source.removeprefix("urn:reader:") if source.startswith("urn:reader:") else source
    )
    bodies = a.get("body", [])
    if isinstance(bodies, dict):
        bodies = [bodies]
    tags = [b["value"] for b in bodies if b.get("purpose") == "tagging" and isinstance(b.get("value"), str)]
    notes = [b["value"] for b in bodies if b.get("purpose") != "tagging" and isinstance(b.get("value"), str)]
    start = (position or {}).get("start", extra.get("start", 0))
    end = (position or {}).get("end", extra.get("end", start + len(quote.get("exact", ""))))
    now = utc_now()
    return Highlight(
        id=str(a.get("id", "")).removeprefix("urn:uuid:"),
        article=article,
        fingerprint=extra.get("fingerprint", ""),
        quote=Quote(quote.get("exact", ""), quote.get("prefix", ""), quote.get("suffix", "")),
        position=(start, end),
        start=extra.get("start", start),
        end=extra.get("end", end),
        status=Status(extra.get("status", "exact" if extra.get("fingerprint") else "moved")),
        color=extra.get("color", "yellow"),
        tags=tuple(tags),
        note="\n\n".join(notes),
        created=a.get("created", now),
        modified=a.get("modified", a.get("created", now)),
        placed=extra.get("placed", ""),
    )


def read_annotations(text: str) -> list[Highlight]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportError_(f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from error
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        items = data.get("first", {}).get("items", [])
    elif isinstance(data, dict) and data.get("type") == "AnnotationPage":
        items = data.get("items", [])
    elif isinstance(data, dict) and data.get("type") == "Annotation":
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise ImportError_("not Web Annotation JSON (expected an Annotation, AnnotationPage or AnnotationCollection)")
    return [from_annotation(item) for item in items]


# --- choosing what to export, and writing it -----------------------------------------------


def collect(
    library: Library | None,
    store: Store,
    article_ids: Iterable[str] | None = None,
    tags: Iterable[str] = (),
    entity: str | None = None,
    since: dt.date | None = None,
) -> list[ArticleExport]:
    """The articles to export, each with its chosen highlights placed on its current text.
    An article whose file is gone is still exported, from what its highlights remember."""
    from reader.core.articles import SkipFile

    wanted_tags = {t.casefold().lstrip("#") for t in tags}
    by_article: dict[str, list[Highlight]] = {}
    for highlight in store.highlights():
        by_article.setdefault(highlight.article, []).append(highlight)
    if article_ids:
        by_article = {a: docs for a, docs in by_article.items() if a in set(article_ids)}
    exports = []
    for article_id, docs in by_article.items():
        entry = library.get(article_id) if library is not None else None
        title, url, date = article_id, None, None
        if library is not None and entry is not None:
            try:
                article = library.load(article_id)
                docs = store.place(article.id, article.fingerprint, article.body)
                title, url, date = article.title, article.url, article.date
            except (SkipFile, OSError):
                title, url, date = entry.title, entry.url, entry.date
        chosen = []
        for h in docs:
            if wanted_tags and not wanted_tags & {t.casefold() for t in h.tags}:
                continue
            if entity and entity.casefold() not in h.exact.casefold():
                continue
            if since and h.modified[:10] < since.isoformat():
                continue
            chosen.append(h)
        if chosen:
            exports.append(ArticleExport(article_id, title, url, date, chosen))
    exports.sort(key=lambda e: (e.date is None, -(e.date.toordinal() if e.date else 0), e.title.casefold()))
    return exports


def auto_export_name(article_id: str, title: str) -> str:
    """A stable file name for an article in the auto-export folder: its title, and a short
    hash of its id so that two articles with one title never share a file."""
    import hashlib

    digest = hashlib.blake2b(article_id.encode(), digest_size=3).hexdigest()
    return safe_filename(title, set()).removesuffix(".md") + f" ({digest}).md"


def write_markdown(exports: list[ArticleExport], target: Path, exporter: Exporter, folder: bool) -> list[Path]:
    """Write the exports atomically: one file per article into a folder, or all into one
    file. Returns the paths written."""
    if folder:
        target.mkdir(parents=True, exist_ok=True)
        taken: set[str] = set()
        written = []
        for article in exports:
            path = target / safe_filename(article.title, taken)
            write_atomically(path, exporter.markdown(article))
            written.append(path)
        return written
    write_atomically(target, "\n".join(exporter.markdown(a) for a in exports))
    return [target]


def annotations_json(exports: list[ArticleExport]) -> str:
    items = [to_annotation(h, a.url) for a in exports for h in a.highlights]
    return json.dumps(collection(items), ensure_ascii=False, indent=2) + "\n"
