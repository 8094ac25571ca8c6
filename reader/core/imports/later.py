"""Read-it-later services that export addresses, states and tags (the pages are fetched
again): Pocket (its 2025 zip of `part_*.csv` and `annotations/part_*.json`, and its older
HTML export) and Instapaper (its CSV: URL, Title, Selection, Folder, Timestamp, Tags)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from reader.core.imports.model import Document, ImportFailed, Passage, Source, address, tags, text, title, when
from reader.core.imports.zips import Zip

POCKET_COLUMNS = ("title", "url", "time_added", "status")
INSTAPAPER_COLUMNS = ("URL", "Title", "Folder")


def _document(source: Source, where: str, url: object, name: object) -> Document | None:
    found = address(url)
    if found is None:
        source.skipped.append(f"{where}: {text(url, 80)!r} is not a web address")
        return None
    return Document(title(name, found), url=found)


def pocket_rows(source: Source, found: list[dict[str, str]], where: str = "row") -> dict[str, Document]:
    documents: dict[str, Document] = {}
    for line, row in enumerate(found, 2):
        doc = _document(source, f"{where} {line}", row.get("url"), row.get("title"))
        if doc is None:
            continue
        status = (row.get("status") or "").strip().casefold()
        doc.state = "archive" if status in {"archive", "archived", "read"} else "inbox"
        doc.read = doc.state == "archive"
        doc.tags = tags((row.get("tags") or "").split("|"))
        doc.saved = when(row.get("time_added"))
        documents.setdefault(doc.url or "", doc)
    return documents


def pocket_zip(archive: Zip) -> Source:
    from reader.core.imports.readwise import rows

    source = Source("Pocket export")
    documents: dict[str, Document] = {}
    for name in archive.matching("", "part_", ".csv"):
        _, found = rows(archive.text(name))
        for url, doc in pocket_rows(source, found, f"{name} row").items():
            documents.setdefault(url, doc)
    for name in archive.matching("annotations", "part_", ".json"):
        try:
            items = json.loads(archive.text(name))
        except (json.JSONDecodeError, RecursionError) as error:
            raise ImportFailed(f"{name} in the zip is not JSON ({error})") from None
        for index, item in enumerate(items if isinstance(items, list) else [], 1):
            if not isinstance(item, dict):
                continue
            known = documents.get(address(item.get("url")) or "")
            marked = known or _document(source, f"{name} item {index}", item.get("url"), item.get("title"))
            if marked is None:
                continue
            documents.setdefault(marked.url or "", marked)
            for mark in item.get("highlights") or []:
                quote = text(mark.get("quote")) if isinstance(mark, dict) else ""
                if quote:
                    marked.passages.append(Passage(quote, created=when(mark.get("created_at"))))
    source.documents = list(documents.values())
    return source


class _PocketPage(HTMLParser):
    """The older Pocket export: `<h1>Unread</h1><ul><li><a href time_added tags>title</a>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.section, self.heading = "", False
        self.link: dict[str, str | None] | None = None
        self.found: list[tuple[str, dict[str, str | None], str]] = []
        self.name: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self.heading, self.section = True, ""
        elif tag == "a":
            self.link, self.name = dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self.heading = False
        elif tag == "a" and self.link is not None:
            self.found.append((self.section, self.link, "".join(self.name)))
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.heading:
            self.section += data
        elif self.link is not None:
            self.name.append(data)


def pocket_html(page: str) -> Source:
    source = Source("Pocket export (HTML)")
    parser = _PocketPage()
    parser.feed(page)
    documents: dict[str, Document] = {}
    for index, (section, link, name) in enumerate(parser.found, 1):
        doc = _document(source, f"link {index}", link.get("href"), name)
        if doc is None:
            continue
        doc.state = "archive" if "archive" in section.casefold() else "inbox"
        doc.read = doc.state == "archive"
        doc.tags = tags((link.get("tags") or "").split(","))
        doc.saved = when(link.get("time_added"))
        documents.setdefault(doc.url or "", doc)
    source.documents = list(documents.values())
    return source


def _instapaper_tags(value: str) -> list[str]:
    value = (value or "").strip()
    if value.startswith("["):
        try:
            found = json.loads(value)
            return [str(t) for t in found] if isinstance(found, list) else []
        except (json.JSONDecodeError, RecursionError):
            value = value.strip("[]")
    return value.split(",")


def instapaper(found: list[dict[str, str]]) -> Source:
    """Folders Unread, Archive and Starred are states; any other folder is a tag too."""
    source = Source("Instapaper CSV")
    documents: dict[str, Document] = {}
    for line, row in enumerate(found, 2):
        doc = _document(source, f"row {line}", row.get("URL"), row.get("Title"))
        if doc is None:
            continue
        folder = text(row.get("Folder"), 200)
        low = folder.casefold()
        doc.state = "archive" if low == "archive" else "inbox"
        doc.read = low == "archive"
        doc.starred = low == "starred"
        own = [folder] if folder and low not in {"unread", "archive", "starred"} else []
        doc.tags = tags([*own, *_instapaper_tags(row.get("Tags") or "")])
        doc.saved = when(row.get("Timestamp"))
        selection = text(row.get("Selection"))
        if selection:  # the passage selected when the page was saved
            doc.passages.append(Passage(selection, created=doc.saved))
        known = documents.setdefault(doc.url or "", doc)
        if known is not doc:
            known.passages.extend(doc.passages)
    source.documents = list(documents.values())
    return source
