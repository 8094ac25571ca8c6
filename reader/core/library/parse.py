"""Reading a file into an Article: plain text (.txt), Markdown (.md) and saved web pages
(.html), with their titles, dates and metadata; a file that is no article raises SkipFile."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

from reader.core.files import UnreadableFile, read_file
from reader.core.library.articles import DEFAULT_MAX_BYTES, HTML_SUFFIXES, Article, Block, SkipFile, parse_date
from reader.core.text import BinaryFileError, clean, decode, inert, name_text, web_address

TITLE_MAX = 300  # a longer first line is a paragraph, not a title
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _is_url(line: str) -> bool:
    return bool(_URL.match(line))


# --- reading files ---------------------------------------------------------------


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> bytes:
    """An article file's bytes (reader.core.files.read_file; `data` when the caller has read
    or written them already); SkipFile with the reason."""
    if data is not None:
        return data
    try:
        return read_file(path, max_bytes)
    except UnreadableFile as error:
        raise SkipFile(str(error)) from error


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> tuple[str, list[str]]:
    """The cleaned text of a file and any warnings; SkipFile with a reason if unusable."""
    data = read_bytes(path, max_bytes, data)
    try:
        decoded = decode(data)
    except BinaryFileError as error:
        raise SkipFile(str(error)) from error
    text = clean(decoded.text)
    if not text.strip():
        raise SkipFile("empty file")
    return text, [decoded.warning] if decoded.warning else []


def load_article(path: Path, article_id: str, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> Article:
    """The article in a file (its bytes `data`, when they are at hand); SkipFile if none."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return parse_html(read_bytes(path, max_bytes, data), article_id, path)
    text, warnings = read_text(path, max_bytes, data)
    if path.suffix.lower() == ".txt":
        article = parse_txt(text, article_id, path)
    else:
        article = parse_markdown(text, article_id, path)
    article.warnings[:0] = warnings
    if not article.blocks:
        raise SkipFile("no text after the title")
    return article


# --- plain text --------------------------------------------------------------------


def split_txt_header(text: str) -> tuple[str | None, dt.date | None, str | None, str]:
    """(title, date, url, rest) of a plain-text article.

    The first non-empty line is the title; directly after it, up to two lines may hold a
    date and/or a URL. A first line too long to be a title is left in the body."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines):
        return None, None, None, ""
    title = lines[i].strip()
    if len(title) > TITLE_MAX:
        return None, None, None, "\n".join(lines[i:])
    date = url = None
    j = i + 1
    for _ in range(2):
        k = j
        while k < len(lines) and not lines[k].strip():
            k += 1
        if k == len(lines):
            break
        line = lines[k].strip()
        if url is None and _is_url(line):
            url = line
        elif date is None and (found := parse_date(line)):
            date = found
        else:
            break
        j = k + 1
    return title, date, url, "\n".join(lines[j:])


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """Lines cut at a fixed width (as in e-mail or Gutenberg texts), to be re-joined: each
    line but the last is near the widest one, and the next line's first word would not
    have fitted on it."""
    if len(lines) < 2:
        return False
    widest = max(len(line) for line in lines[:-1])
    if not 60 <= widest <= 100:
        return False
    return all(
        len(line) >= 0.75 * widest and len(line) + 1 + len(after.split(" ", 1)[0]) > widest
        for line, after in zip(lines, lines[1:])
    )


def _txt_paragraphs(rest: str) -> list[str]:
    rest = rest.strip("\n")
    if _BLANK_LINE.search(rest):
        paragraphs = []
        for chunk in _BLANK_LINE.split(rest):
            lines = [line.strip() for line in chunk.split("\n") if line.strip()]
            if lines:
                joiner = " " if _looks_hard_wrapped(lines) else "\n"
                paragraphs.append(joiner.join(lines))
        return paragraphs
    return [line.strip() for line in rest.split("\n") if line.strip()]


def _assemble(parts: list[tuple[str, str, str, int]]) -> tuple[str, list[Block]]:
    """Join (kind, text, marker, depth) parts into one body with blocks as its ranges."""
    pieces: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for kind, text, marker, depth in parts:
        if not text.strip():
            continue
        if pieces:
            pieces.append("\n\n")
            offset += 2
        pieces.append(text)
        blocks.append(Block(kind, offset, offset + len(text), marker, depth))
        offset += len(text)
    return "".join(pieces), blocks


def parse_txt(text: str, article_id: str, path: Path) -> Article:
    title, date, url, rest = split_txt_header(text)
    body, blocks = _assemble([("paragraph", p, "", 0) for p in _txt_paragraphs(rest)])
    return Article(article_id, path, title or title_from_path(path), body, blocks, date, url)


def title_from_path(path: Path) -> str:
    return inert(path.stem.replace("_", " ").replace("-", " ").strip()) or path.name


# --- Markdown ----------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, []
    import yaml

    rest = text[match.end() :]
    try:
        data = yaml.load(match.group(1) or "", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return {}, rest, [f"front matter is not valid YAML{where}; ignored"]
    if not isinstance(data, dict):
        return {}, rest, ["front matter is not a set of key: value lines; ignored"]
    return data, rest, []


def _one_line(value: object) -> str:
    return name_text(inert(str(value)))


def _tags(value: object) -> list[str]:
    if isinstance(value, str):
        value = [t for t in re.split(r"[,\s]+", value) if t]
    if isinstance(value, (list, tuple)):
        return [_one_line(t) for t in value if _one_line(t)]
    return []


def _inline_text(token: Any) -> str:
    out: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(_inline_text(child) or child.attrs.get("alt", "") or "")
    return "".join(out).strip()


@functools.cache
def _markdown() -> Any:
    """The one Markdown parser (making one costs more than parsing a short article)."""
    from markdown_it import MarkdownIt

    # html=False: raw HTML stays as literal text and is never interpreted.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _markdown_parts(source: str) -> list[tuple[str, str, str, int]]:
    tokens = _markdown().parse(source)
    parts: list[tuple[str, str, str, int]] = []
    lists: list[list[Any]] = []  # [ordered, next number]
    quote_depth = 0
    pending_marker = ""
    row: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "bullet_list_open":
            lists.append([False, 1])
        elif kind == "ordered_list_open":
            lists.append([True, int(token.attrs.get("start", 1) or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            pending_marker = f"{number}. " if ordered else "• "
            lists[-1][1] = number + 1
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind in ("heading_open", "paragraph_open"):
            text = _inline_text(tokens[i + 1])
            if kind == "heading_open":
                block_kind = "heading"
            elif lists:
                block_kind = "list"
            elif quote_depth:
                block_kind = "quote"
            else:
                block_kind = "paragraph"
            depth = len(lists) + quote_depth
            parts.append((block_kind, text, pending_marker if lists else "", depth))
            pending_marker = ""
            i += 2
        elif kind in ("fence", "code_block"):
            parts.append(("code", token.content.rstrip("\n"), "", len(lists) + quote_depth))
        elif kind == "html_block":
            parts.append(("paragraph", token.content.strip(), "", quote_depth))
        elif kind == "tr_open":
            row = []
        elif kind == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            row.append(_inline_text(token))
        elif kind == "tr_close":
            parts.append(("paragraph", " │ ".join(row), "", 0))
        i += 1
    return parts


def _from_parts(article_id: str, path: Path, title: str, parts: list[tuple[str, str, str, int]]) -> Article:
    """An article from its blocks; the title is shown in the header, so a first heading
    that repeats it is not part of the body."""
    headings = [p for p in parts if p[0] == "heading"]
    if not title and headings:
        title = headings[0][1].replace("\n", " ")
    if parts and parts[0][0] == "heading" and parts[0][1].replace("\n", " ") == title:
        parts = parts[1:]
    body, blocks = _assemble(parts)
    return Article(article_id, path, title or title_from_path(path), body, blocks)


def parse_markdown(text: str, article_id: str, path: Path) -> Article:
    meta, source, warnings = split_front_matter(text)
    title = _one_line(meta["title"]) if meta.get("title") else ""
    article = _from_parts(article_id, path, title, _markdown_parts(source))
    date = meta.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    elif not isinstance(date, dt.date):
        date = parse_date(str(date)) if date is not None else None
    article.date = date
    article.url = web_address(meta.get("url"))
    article.tags = _tags(meta.get("tags"))
    author = meta.get("author")
    if isinstance(author, (list, tuple)):
        author = ", ".join(_one_line(a) for a in author if _one_line(a))
    article.author = _one_line(author) if author else None
    article.canonical_url, article.feed_url = web_address(meta.get("canonical_url")), web_address(meta.get("feed_url"))
    for name, key in (("site", "site"), ("feed", "feed")):
        value = meta.get(key)
        setattr(
            article, name, _one_line(value) if isinstance(value, (str, int, float)) and str(value).strip() else None
        )
    article.warnings.extend(warnings)
    return article


def parse_html(data: bytes, article_id: str, path: Path) -> Article:
    """A saved web page: its main text and metadata, found as for a fetched page."""
    from reader.core.extract import ExtractError, extract

    try:
        found = extract(data)
    except ExtractError as error:
        raise SkipFile(str(error)) from error
    article = _from_parts(article_id, path, found.title, found.parts)
    article.url = web_address(found.canonical_url or found.url)
    article.canonical_url = web_address(found.canonical_url)
    article.date, article.author, article.site = found.date, found.author, found.site
    return article
