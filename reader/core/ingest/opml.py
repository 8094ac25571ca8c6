"""Feeds in and out as OPML (`reader feed import`, `reader feed export`): the subscription
lists of newsboat, Feedly, Inoreader, NetNewsWire, Miniflux and FreshRSS. Parsed with
defusedxml with no DTD allowed: a file cannot declare entities (no "billion laughs", no
external entities, nothing fetched). Folders are the outlines that hold others, joined
with "/" ("Reading/Deep"); a folder with no feed in it is dropped (reader's folders exist
through their feeds)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from reader.core.text import inert, one_line

MAX_DEPTH = 32  # folders inside folders
OPML_MAX_BYTES = 64 * 1024 * 1024  # 100,000 feeds are about 20 MB


class OpmlError(Exception):
    """The file is not OPML reader can read; the message says why."""


@dataclass
class Outline:
    url: str
    title: str
    folder: str | None


def read_opml(data: bytes) -> tuple[list[Outline], list[str]]:
    """The feeds of an OPML file (each URL once, the first folder it is met in) and a line
    for each outline skipped (no URL, or not http or https)."""
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

    def walk(node: Any, path: list[str]) -> None:
        for outline in node.findall("outline"):
            title = one_line(outline.get("title") or outline.get("text"))
            url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
            if url:
                if not url.lower().startswith(("http://", "https://")):
                    skipped.append(f"{inert(url)}: skipped, only http and https feeds are followed")
                elif url not in found:
                    found[url] = Outline(url, title or url, "/".join(path) or None)
            elif len(outline):  # a folder
                if len(path) >= MAX_DEPTH:
                    raise OpmlError(f"nested too deep: folders go at most {MAX_DEPTH} deep")
                walk(outline, [*path, (title or "Untitled").replace("/", "-")])
            elif (outline.get("type") or "").lower() in ("rss", "atom", "feed"):
                skipped.append(f"{inert(title or 'an outline')}: skipped, it has no xmlUrl")

    walk(root.find("body"), [])
    return list(found.values()), skipped


def write_opml(feeds: list[dict[str, Any]], now: dt.datetime | None = None) -> str:
    """OPML 2.0 of the feeds followed, their folders as nested outlines."""
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

    for feed in sorted(feeds, key=lambda f: ((f.get("folder") or "").casefold(), f["title"].casefold())):
        attributes = {"type": "rss", "text": feed["title"], "title": feed["title"], "xmlUrl": feed["url"]}
        if feed.get("site"):
            attributes["htmlUrl"] = feed["site"]
        SubElement(folder(feed.get("folder")), "outline", attributes)
    indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode") + "\n"
