"""What runs in a worker process for feeds: a feed's bytes read into plain `Feed` and `Entry`
records (feedparser for RSS and Atom, by hand for JSON Feed), the feeds an HTML page names,
and an entry's own content as an article. Nothing here fetches or writes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urljoin

from reader.core.extract import Extracted, ExtractError, fragment
from reader.core.text import name_text, web_address


@dataclass
class Entry:
    """A feed entry, as the worker that parsed the feed hands it back."""

    key: str | None  # its id, else its link
    link: str | None  # absolute
    title: str
    html: str  # its own content (the longest), else its summary
    author: str | None
    date: dt.date | None


@dataclass
class Feed:
    is_feed: bool
    title: str
    site: str | None
    bozo: bool
    entries: list[Entry]


def parse_feed(data: bytes, url: str) -> Any:
    """feedparser's result, relative links resolved against the feed's address."""
    import feedparser

    return feedparser.parse(data, response_headers={"content-location": url}, sanitize_html=True)


FEED_LINK_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def json_feed(data: bytes, url: str) -> Feed | None:
    """A JSON Feed (1.0 or 1.1, jsonfeed.org), or None if `data` is not one."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return None
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # not JSON (or nested past reason)
        return None
    if not isinstance(doc, dict) or not _text(doc.get("version")).startswith("https://jsonfeed.org/version/"):
        return None
    entries = []
    items = doc.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = _text(item.get("url")) or _text(item.get("external_url"))
        link = (web_address(urljoin(url, link)) if link else None) or ""
        html = _text(item.get("content_html"))
        if not html:
            plain = _text(item.get("content_text")) or _text(item.get("summary"))
            html = "".join(f"<p>{escape(line)}</p>" for line in plain.split("\n") if line.strip())
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        names = [_text(a.get("name")) for a in authors if isinstance(a, dict)] if isinstance(authors, list) else []
        stamp = _text(item.get("date_published")) or _text(item.get("date_modified"))
        try:
            date = dt.date.fromisoformat(stamp[:10]) if stamp else None
        except ValueError:
            date = None
        key = item.get("id")
        entries.append(
            Entry(
                str(key) if isinstance(key, (str, int)) and str(key) else link or None,
                link or None,
                name_text(_text(item.get("title"))),
                html,
                name_text(", ".join(n for n in names if n)) or None,
                date,
            )
        )
    site = web_address(_text(doc.get("home_page_url")))
    return Feed(True, name_text(_text(doc.get("title"))), site, False, entries)


def read_feed(data: bytes, url: str) -> Feed:
    """A feed (RSS 0.9x to 2.0, RSS 1.0/RDF, Atom, JSON Feed) as plain data. Runs in a worker."""
    found = json_feed(data, url)
    if found is not None:
        return found
    parsed = parse_feed(data, url)
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        link = web_address(urljoin(url, link)) if link else None
        contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        html = max(contents, key=len) if contents else entry.get("summary", "")
        entries.append(
            Entry(
                entry.get("id") or link,
                link,
                name_text(entry.get("title")),
                html or "",
                name_text(entry.get("author")) or None,
                _entry_date(entry),
            )
        )
    is_feed = bool(parsed.get("version")) or bool(parsed.entries)
    site = web_address(parsed.feed.get("link"))
    return Feed(is_feed, name_text(parsed.feed.get("title")), site, bool(parsed.get("bozo")), entries)


def feed_links(html: bytes, base: str) -> list[str]:
    """The feeds a page advertises with <link rel="alternate" type="application/rss+xml" ...>.
    Runs in a worker."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(html)
    except Exception:  # not HTML lxml can read: no links
        return []
    links = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_LINK_TYPES and href:
            links.append(urljoin(base, href))
    return links


def _entry_date(entry: Any) -> dt.date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return dt.date(*stamp[:3]) if stamp else None
    except (TypeError, ValueError):
        return None


def entry_article(entry: Entry, feed_title: str) -> Extracted:
    """A feed entry's own content (or summary) as an article: ExtractError if it has none.
    Runs in a worker."""
    title = entry.title or "Untitled entry"
    if not entry.html.strip():
        raise ExtractError("the entry has no text of its own")
    parts = fragment(entry.html, title)
    return Extracted(title, parts, url=entry.link, author=entry.author, date=entry.date, site=feed_title)
