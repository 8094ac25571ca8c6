"""Feeds in and out as OPML (`reader feed import`, `reader feed export`): the subscription
lists of newsboat, Feedly, Inoreader, NetNewsWire, Miniflux and FreshRSS. Parsed with
defusedxml with no DTD allowed: a file cannot declare entities (no "billion laughs", no
external entities, nothing fetched). Folders are the outlines that hold others, joined
with "/" ("Reading/Deep"); a folder with no feed in it is dropped (reader's folders exist
through their feeds)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from reader.core.text import inert, name_text, web_address

MAX_DEPTH = 32  # folders inside folders
# a feed's own settings (`reader feed set`), as attributes of reader's namespace: other readers ignore them
NAMESPACE = "urn:reader:opml"
SETTINGS = {"content": str, "selector": str, "every": int, "keep_read": int}
OPML_MAX_BYTES = 64 * 1024 * 1024  # 100,000 feeds are about 20 MB


class OpmlError(Exception):
    """The file is not OPML reader can read; the message says why."""


@dataclass
class Outline:
    url: str
    title: str  # as the file names it ("" if it does not)
    folders: list[str] = field(default_factory=list)  # every folder it is filed under
    site: str | None = None  # htmlUrl
    settings: dict[str, Any] = field(default_factory=dict)  # reader's own (`reader feed set`)


@dataclass
class Opml:
    outlines: list[Outline]  # each URL once
    skipped: list[str]  # a line for each outline skipped (no URL, or not http or https)
    folders: list[str]  # every folder, empty ones too


def read_opml(data: bytes) -> Opml:
    """The feeds of an OPML file, each with every folder it is filed under, and its folders."""
    import defusedxml.ElementTree as safe
    from defusedxml import DefusedXmlException

    try:
        root = safe.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise OpmlError("the file declares a DTD or entities, which reader does not read (unsafe)") from None
    except safe.ParseError as error:
        raise OpmlError(f"not well-formed XML ({error})") from None
    if root.tag != "opml" or root.find("body") is None:
        raise OpmlError("not an OPML file (no <opml><body>)")
    found: dict[str, Outline] = {}
    skipped: list[str] = []
    folders: dict[str, None] = {}

    def walk(node: Any, path: list[str]) -> None:
        for outline in node.findall("outline"):
            title = name_text(outline.get("title") or outline.get("text"))
            url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
            feedish = (outline.get("type") or "").lower() in ("rss", "atom", "feed")
            if url:
                if not url.lower().startswith(("http://", "https://")):
                    skipped.append(f"{inert(url)}: skipped, only http and https feeds are followed")
                    continue
                feed = found.setdefault(url, Outline(url, title, site=web_address(outline.get("htmlUrl"))))
                feed.settings |= _settings(outline)
                if path and "/".join(path) not in feed.folders:
                    feed.folders.append("/".join(path))
            elif feedish:
                skipped.append(f"{inert(title or 'an outline')}: skipped, it has no xmlUrl")
            else:  # a folder, empty or not
                if len(path) >= MAX_DEPTH:
                    raise OpmlError(f"nested too deep: folders go at most {MAX_DEPTH} deep")
                inside = [*path, (title or "Untitled").replace("/", "-")]
                folders["/".join(inside)] = None
                walk(outline, inside)

    walk(root.find("body"), [])
    return Opml(list(found.values()), skipped, list(folders))


def _settings(outline: Any) -> dict[str, Any]:
    """reader's settings of a feed in an outline (those that read: a bad number is left out)."""
    found: dict[str, Any] = {}
    for key, kind in SETTINGS.items():
        value = outline.get(f"{{{NAMESPACE}}}{key}")
        if value is None:
            continue
        if kind is int:
            if value.strip().isdigit() and 0 < int(value) <= 1_000_000:
                found[key] = int(value)
        elif key != "content" or value in ("page", "feed"):
            found[key] = name_text(value)
    return found


def write_opml(feeds: list[dict[str, Any]], empty: Sequence[str] = (), now: dt.datetime | None = None) -> str:
    """OPML 2.0 of the feeds followed, their folders as nested outlines (a feed in two
    folders in each; the `empty` folders too)."""
    from xml.etree.ElementTree import register_namespace

    register_namespace("reader", NAMESPACE)
    now = now or dt.datetime.now(dt.UTC)
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = "Feeds followed in reader"
    SubElement(head, "dateCreated").text = now.strftime("%a, %d %b %Y %H:%M:%S +0000")
    body = SubElement(root, "body")
    folders: dict[str, Element] = {}

    def folder(path: str | None) -> Element:
        if not path:
            return body
        if path not in folders:
            parent, _, name = path.rpartition("/")
            folders[path] = SubElement(folder(parent), "outline", text=name, title=name)
        return folders[path]

    for path in sorted(empty, key=str.casefold):
        folder(path)
    for feed in sorted(feeds, key=lambda f: f["title"].casefold()):
        attributes = {"type": "rss", "text": feed["title"], "title": feed["title"], "xmlUrl": feed["url"]}
        if feed.get("site"):
            attributes["htmlUrl"] = feed["site"]
        for key in SETTINGS:
            if feed.get(key):
                attributes[f"{{{NAMESPACE}}}{key}"] = str(feed[key])
        for path in feed.get("folders") or [None]:
            SubElement(folder(path), "outline", attributes)
    indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode") + "\n"
