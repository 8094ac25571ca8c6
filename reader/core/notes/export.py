"""Exporting highlights: Markdown through a Jinja2 template (the default one ships in
reader/templates) and W3C Web Annotation JSON-LD (reader.core.notes.importing reads it back).

Whatever an article or a user's note holds cannot break the document: quotes and titles
are escaped where CommonMark or Obsidian would read markup (reader.core.markdown; prose
stays as written, edge spaces and extra newlines become character references), notes stay
ordinary Markdown but sit inside their own block quote (a container ends every block a
note might leave open), and the front matter is written by a YAML emitter. Several
articles in one file make one document: one front matter, a section per article."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote

import yaml

from reader.core.codec import dumps
from reader.core.markdown import escape_inline
from reader.core.notes.highlight import COLOURS, Highlight, normalize_tags
from reader.core.notes.review import Review
from reader.core.text import plural

if TYPE_CHECKING:
    import jinja2


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"  # reader/templates
DEFAULT_TEMPLATE = TEMPLATES / "article.md.j2"
NOTE_MARK = "> [!note]"
DEFAULT_COLOUR = COLOURS[0]  # a highlight's colour is said only when the user chose another


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


def cite(passage: str, title: str, url: str | None) -> str:
    """A passage as Markdown to paste elsewhere (`y`): the quote, then where it is from, linked
    to the passage itself where the browser finds text (a text fragment: `#:~:text=`)."""
    source = escape_inline(title)
    if url:
        words = passage.split()
        ends = [" ".join(words)] if len(words) <= 8 else [" ".join(words[:4]), " ".join(words[-4:])]
        fragment = ",".join(url_quote(end, safe="").replace("-", "%2D") for end in ends)
        source = f"[{source}](<{url.split('#')[0]}#:~:text={fragment}>)"
    return f"{quote_block(passage)}\n\n— {source}\n"


def block_id(highlight: Highlight) -> str:
    """`hl-` and 12 hex digits of a hash of the whole id: stable, and distinct for ids that
    share a prefix (sequential UUIDs from another tool) or hold odd characters."""
    import hashlib

    return "hl-" + hashlib.blake2b(highlight.id.encode(), digest_size=6).hexdigest()


def web_link(url: str | None) -> str | None:
    """`url` if it may be a link in an export (http and https only), else None."""
    return url if url and url.strip().lower().startswith(("http://", "https://")) else None


def link_destination(url: str) -> str:
    for char, code in (("\\", "%5C"), ("<", "%3C"), (">", "%3E"), ("\n", "%0A"), (" ", "%20"), ("`", "%60")):
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
    author: str | None = None
    site: str | None = None
    feed: str | None = None
    canonical_url: str | None = None
    tags: tuple[str, ...] = ()  # the article's own (not its highlights')
    note: str = ""  # the article's own

    @property
    def source(self) -> str | None:
        return self.canonical_url or self.url


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


class TemplateFailed(Exception):
    """A user's template failed while rendering; the message names its file and line."""


class Exporter:
    def __init__(self, template: Path | None = None):
        try:
            self.template = _environment(template)
        except Exception as error:  # a template that does not parse: where, not a traceback
            line = getattr(error, "lineno", None)
            where = f"{template}, line {line}" if line else str(template or DEFAULT_TEMPLATE)
            raise TemplateFailed(f"{where}: {error}") from None

    def markdown(self, article: ArticleExport, exported_at: dt.datetime | None = None, section: bool = False) -> str:
        """One article as a document (front matter, `# title`), or, with `section`, as a
        part of a longer one (`## title` and a line of its details, no front matter)."""
        exported_at = exported_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
        highlights = sorted(article.highlights, key=lambda h: (not h.attached, h.start, h.end))
        own_tags = {h.id: normalize_tags(h.tags) for h in highlights}
        tags = list(normalize_tags(article.tags))
        tags += sorted({t for found in own_tags.values() for t in found} - set(tags), key=str.casefold)
        front = {
            "title": article.title,
            "author": article.author,
            "site": article.site,
            "feed": article.feed,
            "source": article.source,
            "date": article.date,
            "tags": tags,
            "highlights": len(highlights),
            "exported": exported_at.isoformat(),
            "reader_id": article.id,
        }
        title = " ".join(article.title.split())
        web = web_link(article.url)  # only http(s) becomes a link: "javascript:" and the like stay text
        title_md = escape_inline(title, heading=True, link=bool(web))
        if web:
            title_md = f"[{title_md}]({link_destination(web)})"
        details = [article.date.isoformat() if article.date else "", plural(len(highlights), "highlight")]
        details += [f"#{t}" for t in tags]
        items = []
        for h in highlights:
            meta = [f"Colour: {escape_inline(h.color)}"] if h.color != DEFAULT_COLOUR else []
            if own_tags[h.id]:
                meta.append("Tags: " + " ".join(f"#{t}" for t in own_tags[h.id]))
            if not h.attached:
                meta.append("*detached: this passage is no longer in the article*")
            elif web:
                link = text_fragment(web, h.exact, h.quote.prefix, h.quote.suffix)
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
        return self._render(
            article=article,
            title_md=title_md,
            front_matter="" if section else front_matter_of(front),
            heading="##" if section else "#",
            details_md=" · ".join(d for d in details if d) if section else "",
            highlights=items,
            entities_md=entities_md,
            note_md=note_block(article.note) if article.note else "",
            exported_at=exported_at,
        )

    def _render(self, **fields: Any) -> str:
        """The template's output; a template that fails says where (its file and line)."""
        try:
            return str(self.template.render(**fields))
        except Exception as error:
            import traceback

            name = self.template.filename or "the template"
            lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == name]
            where = f"{name}, line {lines[-1]}" if lines else name
            raise TemplateFailed(f"{where}: {type(error).__name__}: {error}") from None

    def document(self, exports: list[ArticleExport], what: str = "Highlights") -> str:
        """One valid Markdown document: an article's own, or for several, one front matter
        for the file (what was exported, when, how many) and a section per article."""
        exported_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        if len(exports) == 1:
            return self.markdown(exports[0], exported_at)
        found = {t for a in exports for t in normalize_tags([*a.tags, *(t for h in a.highlights for t in h.tags)])}
        tags = sorted(found, key=str.casefold)
        front = {
            "title": what,
            "articles": len(exports),
            "highlights": sum(len(a.highlights) for a in exports),
            "tags": tags,
            "exported": exported_at.isoformat(),
        }
        head = f"---\n{front_matter_of(front)}\n---\n\n# {escape_inline(what, heading=True)}\n"
        return head + "".join("\n" + self.markdown(a, exported_at, section=True) for a in exports)


def front_matter_of(fields: dict[str, Any]) -> str:
    """YAML for a front matter block, leaving out the keys that have no value."""
    kept = {key: value for key, value in fields.items() if value not in (None, "", [])}
    return yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=float("inf")).rstrip("\n")


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


def review_digest(day: dt.date, items: list[tuple[Highlight, str, dt.date | None, str | None]]) -> str:
    """The day's review as Markdown for a daily note: each highlight (its article's title,
    date and link; the quote with its block id; tags; note), escaped as the export is."""
    lines = [f"# Review · {day.isoformat()}", ""]
    if not items:
        lines += ["Nothing to review today.", ""]
    for h, title, date, url in items:
        web = web_link(url)
        title_md = escape_inline(" ".join(title.split()), heading=True, link=bool(web))
        lines += [f"## {f'[{title_md}]({link_destination(web)})' if web else title_md}", ""]
        details = [date.isoformat() if date else "", " ".join(f"#{t}" for t in normalize_tags(h.tags))]
        if any(details):
            lines += [" · ".join(d for d in details if d), ""]
        lines += [f"{quote_block(h.exact)} ^{block_id(h)}", ""]
        if h.note:
            lines += [note_block(h.note), ""]
    return "\n".join(lines)


# --- W3C Web Annotation JSON-LD ------------------------------------------------------------

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def to_annotation(h: Highlight, source: str | None, review: Review | None = None) -> dict[str, Any]:
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
        | ({"placed": h.placed} if h.placed else {})
        | ({"via": h.via} if h.via else {})
        | ({"review": review.to_dict()} if review else {}),
    }


def article_annotation(article: ArticleExport) -> dict[str, Any] | None:
    """The article's own tags and note as an annotation whose target is the article itself."""
    if not article.tags and not article.note:
        return None
    bodies = [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in article.tags]
    if article.note:
        bodies.append(
            {"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": article.note}
        )
    return {
        "@context": CONTEXT,
        "id": f"urn:reader:article:{url_quote(article.id, safe='/')}",
        "type": "Annotation",
        "motivation": "commenting" if article.note else "tagging",
        "body": bodies,
        "target": {"source": web_link(article.source) or f"urn:reader:{article.id}"},
        "reader": {"article": article.id, "kind": "article"},
    }


def collection(annotations: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "total": len(annotations),
        "first": {"type": "AnnotationPage", "items": annotations},
    }


def annotations_json(exports: list[ArticleExport], reviews: Mapping[str, Review] | None = None) -> str:
    """The exports as one AnnotationCollection; each highlight's review state (`reviews`) in
    its `reader` section, so that an import brings it back."""
    items = []
    reviews = reviews or {}
    for a in exports:
        own = article_annotation(a)
        items += ([own] if own else []) + [to_annotation(h, a.url, reviews.get(h.id)) for h in a.highlights]
    return dumps(collection(items), indent=True) + "\n"
