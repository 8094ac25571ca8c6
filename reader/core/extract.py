"""Articles from web pages. trafilatura finds the main text (no navigation, comments,
share buttons or cookie banners) and the metadata (title, author, date, site, canonical
URL); this module turns its structure into reader's blocks, and writes a saved page as a
Markdown file with front matter that the library reads back to exactly the same text.

trafilatura (and lxml) are imported on first use, not with this module."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from reader.core.markdown import escape_line, escape_text
from reader.core.text import clean, name_text, web_address

MIN_WORDS = 20  # less main text than this is not an article (a 404 page, a login wall...)

Part = tuple[str, str, str, int]  # (kind, text, marker, depth), as articles._assemble takes them


class ExtractError(Exception):
    """No article could be found on the page; the message says why."""


@dataclass
class Extracted:
    title: str
    parts: list[Part]
    url: str | None = None  # where the page came from
    canonical_url: str | None = None  # the page's own idea of its address, if it differs
    author: str | None = None
    date: dt.date | None = None
    site: str | None = None
    note: str | None = None  # what the feed's status should say (a selector that matched nothing)

    @property
    def words(self) -> int:
        return sum(word_estimate(text) for _, text, _, _ in self.parts)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def word_estimate(text: str) -> int:
    """Words, counting Chinese, Japanese and Korean script (written without spaces) as a
    word per two characters."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(text.split())
    return len(_CJK.sub(" ", text).split()) + cjk // 2


# --- from HTML to parts ----------------------------------------------------------------------


def decode_html(data: bytes, charset: str | None = None) -> str | bytes:
    """The page as text when the server named a charset that decodes it; otherwise the bytes,
    for trafilatura to find the charset (BOM, <meta charset>, then detection)."""
    if charset and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode(codecs.lookup(charset).name)
        except (LookupError, UnicodeDecodeError):
            pass
    return data


_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _meta_author(source: str | bytes) -> str | None:
    """The page's own `<meta name="author">`, whole: trafilatura's author is cleaned of digits
    and more ("Desk 3 Reporter" came out as "Desk")."""
    import html

    head = source[:65536]
    if isinstance(head, bytes):  # undecided bytes: read in the charset the page declares, else not at all
        declared = re.search(rb"""charset\s*=\s*["']?([\w.:-]+)""", head, re.IGNORECASE)
        try:
            head = head.decode(declared.group(1).decode("ascii") if declared else "utf-8")
        except (LookupError, UnicodeDecodeError):
            return None
    for tag in _META.findall(head):
        attributes = {m[0].lower(): m[1] or m[2] for m in _ATTRIBUTE.findall(tag)}
        if attributes.get("name", "").lower() == "author":
            author = name_text(html.unescape(attributes.get("content", "")))
            if author and not web_address(author):
                return author
    return None


def _one_line(value: Any) -> str | None:
    return name_text(value) or None


def _text(element: Any, skip: frozenset[str] = frozenset()) -> str:
    """An element's text, <lb/> as a line break, children in `skip` left out (their tails kept)."""
    pieces = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            pieces.append("\n")
        elif child.tag not in skip and child.tag != "graphic":
            pieces.append(_text(child, skip))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _tidy(text: str) -> str:
    """Safe text (no control characters), spaces collapsed, no empty lines."""
    lines = (" ".join(line.split()) for line in clean(text).split("\n"))
    return "\n".join(line for line in lines if line)


_BLOCKS = frozenset({"p", "ab", "head", "list", "quote", "code", "table", "div", "section", "main", "body"})


def _walk(container: Any, parts: list[Part], lists: int = 0, quote: int = 0) -> None:
    """The blocks of a container in order; loose text between them (a cell's own text, the
    tail after a heading) becomes a paragraph of its own."""
    pending: list[str] = [container.text or ""]

    def flush() -> None:
        text = _tidy("".join(pending))
        if text:
            parts.append(("quote" if quote else "paragraph", text, "", quote))
        pending.clear()

    for child in container:
        tag = child.tag
        if not isinstance(tag, str):  # comments, processing instructions
            pass
        elif tag in _BLOCKS:
            flush()
            _block(child, parts, lists, quote)
        elif tag == "lb":
            pending.append("\n")
        elif tag != "graphic":
            pending.append(_text(child))
        pending.append(child.tail or "")
    flush()


def _block(element: Any, parts: list[Part], lists: int, quote: int) -> None:
    tag = element.tag
    if tag == "head":
        parts.append(("heading", _tidy(_text(element)).replace("\n", " "), "", lists + quote))
    elif tag == "list":
        _list(element, parts, lists + 1, quote)
    elif tag == "quote":
        _walk(element, parts, lists, quote + 1)
    elif tag == "code":
        parts.append(("code", clean(_text(element)).strip("\n"), "", 0))
    elif tag == "table":
        _table(element, parts, lists, quote)
    elif tag in ("div", "section", "main", "body"):
        _walk(element, parts, lists, quote)
    else:  # p, ab
        parts.append(("quote" if quote else "paragraph", _tidy(_text(element)), "", quote))


def _table(element: Any, parts: list[Part], lists: int, quote: int) -> None:
    """A data table as one line per row (cells joined by │). A layout table (an old site
    built of table cells, one holding the article's paragraphs) is read for its main cells
    only: those with at least a third of the biggest cell's text; the rest is the site's
    frame (menus, footers)."""
    cells = list(element.iter("cell"))
    if any(isinstance(c.tag, str) and c.tag in ("p", "head", "list", "quote") for cell in cells for c in cell):
        sizes = [len(_text(cell)) for cell in cells]
        biggest = max(sizes, default=0)
        for cell, size in zip(cells, sizes):
            if size * 3 >= biggest:
                _walk(cell, parts, lists, quote)
        return
    for row in element.iter("row"):
        texts = [_tidy(_text(cell)).replace("\n", " ") for cell in row.iter("cell")]
        parts.append(("paragraph", " │ ".join(t for t in texts if t), "", 0))


def _list(element: Any, parts: list[Part], depth: int, quote: int) -> None:
    ordered = element.get("rend", "").lower() in ("ol", "ordered")
    number = 1
    for item in element:
        if item.tag != "item":
            continue
        text = _tidy(_text(item, frozenset({"list"})))
        if text:
            parts.append(("list", text, f"{number}. " if ordered else "• ", depth + quote))
            number += 1
        for sub in item:
            if sub.tag == "list":
                _list(sub, parts, depth + 1, quote)


_CONFIG = None


def _config() -> Any:
    """trafilatura's settings, but for MIN_EXTRACTED_SIZE: below 250 characters it falls
    back to a crude whole-page extraction, which turns a short Chinese, Japanese or Korean
    article (dense script: 200 characters is a full story) into one paragraph mixed with the
    byline and share buttons. 100 keeps the fallback for pages with next to no text."""
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        _CONFIG = use_config()
        _CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "100")
    return _CONFIG


_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.IGNORECASE)


def extract(
    html: bytes | str,
    url: str | None = None,
    charset: str | None = None,
    min_words: int = MIN_WORDS,
    selector: str | None = None,
) -> Extracted:
    """The article in a page: ExtractError (with the reason) when there is none. `selector`:
    the part of the page that is the article (a feed's setting); if it finds nothing, the
    whole page is read, and the article's `note` says so."""
    import trafilatura

    if url is None and isinstance(html, bytes):  # a page saved by a browser names its address
        found = _SAVED_FROM.search(html[:4096])
        url = found.group(1).decode("ascii", "replace") if found else None
    source = decode_html(html, charset) if isinstance(html, bytes) else html
    note = None
    if selector:
        from reader.core.selector import select

        chosen = select(source, selector)
        if chosen is None:
            note = f"the selector {selector} matched nothing on a page: the whole page was read"
        else:
            source = chosen
    try:
        doc: Any = trafilatura.bare_extraction(
            source,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            config=_config(),
        )
    except (ValueError, TypeError) as error:  # what lxml says of markup it cannot take
        raise ExtractError(f"not a readable HTML page ({error})") from error
    if doc is None or doc.body is None:
        raise ExtractError("no article text found on the page")
    parts: list[Part] = []
    _walk(doc.body, parts)
    parts = [p for p in parts if p[1].strip()]
    title = _one_line(doc.title) or next((p[1] for p in parts if p[0] == "heading"), None)
    if title and parts and parts[0][0] == "heading" and parts[0][1] == title:
        parts = parts[1:]  # the title is kept apart from the text
    extracted = Extracted(
        title=title or _title_from_url(url) or "Untitled page",
        parts=parts,
        url=url,
        author=_meta_author(source) or _one_line(doc.author),
        date=_date(doc.date),
        site=_one_line(doc.sitename),
        note=note,
    )
    canonical = _one_line(doc.url)
    if canonical and canonical != url and canonical.lower().startswith(("http://", "https://")):
        extracted.canonical_url = canonical
    if extracted.words < min_words:
        raise ExtractError(
            f"only {extracted.words} word{'s' if extracted.words != 1 else ''} of text found: not an article page?"
        )
    return extracted


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _title_from_url(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import unquote, urlsplit

    last = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    last = re.sub(r"\.\w{2,5}$", "", last).replace("-", " ").replace("_", " ")
    return _one_line(last)


def fragment(html: str, title: str, min_words: int = 1) -> list[Part]:
    """Blocks of an HTML fragment (a feed entry's content or summary): trafilatura first, plain
    paragraphs of its text if trafilatura finds too little."""
    try:
        return extract(f"<html><body><article>{html}</article></body></html>", min_words=min_words).parts
    except ExtractError:
        pass
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml's errors for markup it cannot take: use the text as it is
        return [("paragraph", t, "", 0) for t in _tidy(html).split("\n") if t]
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for br in root.xpath("//br|//p|//div|//li|//h1|//h2|//h3|//h4|//blockquote"):
        br.tail = "\n" + (br.tail or "")
    text = _tidy(root.text_content())
    if len(text.split()) < min_words:
        raise ExtractError("the entry has no text of its own")
    return [("paragraph", line, "", 0) for line in text.split("\n")]


# --- Markdown for a saved page ---------------------------------------------------------------


def _lines(text: str, prefix: str = "", rest: str | None = None) -> str:
    """Escaped lines of a block, joined by hard line breaks; `prefix` before the first line,
    `rest` (default: the same) before the others."""
    rest = prefix if rest is None else rest
    lines = escape_text(text).split("\n")  # the whole block: pairs (`code`) may span its lines
    return "\\\n".join((prefix if i == 0 else rest) + line for i, line in enumerate(lines))


def markdown_body(parts: list[Part]) -> str:
    """Blocks as Markdown; articles.parse_markdown reads back the same text and kinds."""
    blocks: list[str] = []
    columns: dict[int, int] = {0: 0}  # list depth -> where its items' text starts
    previous = ""
    for kind, text, marker, depth in parts:
        tight = kind == "list" and marker and previous == "list"  # items of one list, line by line
        previous = kind if marker else ""
        if kind == "heading":
            blocks.append("## " + escape_line(text.replace("\n", " "), heading=True))
        elif kind == "quote":
            quote = "> " * max(depth, 1)
            blocks.append(_lines(text, quote))
        elif kind == "list":
            if marker:
                bullet = "-" if marker.strip() == "•" else marker.strip()
                indent = " " * columns.get(depth - 1, 0)
                columns[depth] = len(indent) + len(bullet) + 1
                item = _lines(text, f"{indent}{bullet} ", " " * columns[depth])
                if tight:
                    blocks[-1] += "\n" + item
                else:
                    blocks.append(item)
            else:  # another paragraph of the same item
                pad = " " * columns.get(depth, 2)
                blocks.append(_lines(text, pad))
        elif kind == "code":
            longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
            fence = "`" * max(3, longest + 1)
            blocks.append(f"{fence}\n{text}\n{fence}")
        else:
            blocks.append(_lines(text))
    return "\n\n".join(blocks)


def markdown_document(
    extracted: Extracted, saved_at: dt.datetime, feed: str | None = None, feed_url: str | None = None
) -> str:
    """The saved page: YAML front matter (title, url, canonical url, date, author, site,
    feed, saved-at), the title as a heading, then the text."""
    import yaml

    meta: dict[str, Any] = {"title": extracted.title}
    for key, value in (
        ("url", extracted.url),
        ("canonical_url", extracted.canonical_url),
        ("date", extracted.date),
        ("author", extracted.author),
        ("site", extracted.site),
        ("feed", feed),
        ("feed_url", feed_url),
    ):
        if value:
            meta[key] = value
    meta["saved_at"] = saved_at.isoformat(timespec="seconds")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: 2 ms a page less than PyYAML's own
    front = yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    heading = "# " + escape_line(extracted.title, heading=True)
    return f"---\n{front}---\n\n{heading}\n\n{markdown_body(extracted.parts)}\n"
