"""Imports from other tools: an export is told apart by its own bytes (`detect`), read into
documents and passages (`read`, one module per family of formats), then taken into the
library and the store (`taking`). W3C Web Annotation JSON, reader's own export, is read by
notes.importing."""

from __future__ import annotations

import json
import re

from reader.core.imports.model import ImportFailed, Source

FORMATS = {
    "readwise": "Readwise CSV",
    "kindle": "Kindle My Clippings.txt",
    "pocket": "Pocket export (zip, CSV or HTML)",
    "instapaper": "Instapaper CSV",
    "omnivore": "Omnivore export zip",
    "wallabag": "wallabag JSON",
    "hypothesis": "Hypothesis API JSON",
    "koreader": "KOReader metadata.*.lua",
    "w3c": "W3C Web Annotation JSON (reader's own export)",
}


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(f"not UTF-8 text (byte {error.start}), so no export reader can import") from None


def detect(data: bytes, name: str = "") -> str:
    """Which format an export is in, from its own bytes (and, for a `.json` file that is not
    JSON, its name); ImportFailed if none."""
    from reader.core.imports import kindle, koreader, later, readwise

    if not data.strip():
        raise ImportFailed("the file is empty")
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        from reader.core.imports.zips import Zip

        archive = Zip(data)
        if any(re.match(r"^(.*/)?metadata_[^/]*\.json$", name) for name in archive.names):
            return "omnivore"
        if archive.matching("", "part_", ".csv"):
            return "pocket"
        raise ImportFailed("a zip, but neither Pocket's export (part_*.csv) nor Omnivore's (metadata_*.json)")
    text = _text(data)
    head = text.lstrip()[:65536]
    if head[:1] in "{[":
        if re.search(r'"(@context|type)"\s*:\s*"(http://www\.w3\.org/ns/anno\.jsonld|Annotation\w*)"', head):
            return "w3c"
        if '"is_archived"' in head or '"is_starred"' in head:
            return "wallabag"
        if '"rows"' in head or ('"uri"' in head and '"target"' in head):
            return "hypothesis"
        return "w3c"  # its reader says what is wrong with it: not JSON, nested too deeply, no annotations
    if koreader.looks_like(head):
        return "koreader"
    if kindle.looks_like(head):
        return "kindle"
    if head[:1] == "<":
        if re.search(r"<h1>\s*(Unread|Read Archive)", head, re.IGNORECASE) or "time_added=" in head:
            return "pocket"
        raise ImportFailed("HTML, but not Pocket's export (the Unread and Read Archive lists)")
    first = head.split("\n", 1)[0]
    header = [name.strip().strip('"') for name in first.split(",")]
    if readwise.looks_like(header):
        return "readwise"
    if all(column in header for column in later.INSTAPAPER_COLUMNS):
        return "instapaper"
    if all(column in header for column in later.POCKET_COLUMNS):
        return "pocket"
    if name.lower().endswith((".json", ".jsonld")):
        return "w3c"  # its reader says why it is not JSON
    raise ImportFailed(f"not an export reader knows (it reads {', '.join(FORMATS)}; --from names one)")


def read(data: bytes, name: str) -> Source:
    """The documents of an export in format `name` (a key of FORMATS but "w3c")."""
    from reader.core.imports import hypothesis, kindle, koreader, later, readwise, saved
    from reader.core.imports.zips import Zip

    if not data.strip():
        raise ImportFailed("the file is empty")
    is_zip = data[:4] in (b"PK\x03\x04", b"PK\x05\x06")
    if name == "omnivore":
        if not is_zip:
            raise ImportFailed("Omnivore's export is a zip, and this file is not one")
        return saved.omnivore(Zip(data))
    if name == "pocket" and is_zip:
        return later.pocket_zip(Zip(data))
    if is_zip:
        raise ImportFailed(f"a zip, but {FORMATS[name]} is not one")
    text = _text(data)
    if name == "kindle":
        return kindle.read(text)
    if name == "koreader":
        return koreader.read(koreader.parse(text))
    if name in {"wallabag", "hypothesis"}:
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFailed(f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
        except RecursionError:
            raise ImportFailed("the JSON is nested too deeply to be an export") from None
        if name == "wallabag":
            if not isinstance(parsed, list):
                raise ImportFailed("not wallabag's export (a list of entries)")
            return saved.wallabag(parsed)
        rows = hypothesis.rows_of(parsed)
        if rows is None:
            raise ImportFailed("not Hypothesis annotations (the API's answer, with rows)")
        return hypothesis.read(rows)
    if name == "pocket" and text.lstrip()[:1] == "<":
        return later.pocket_html(text)
    header, rows_found = readwise.rows(text)
    if name == "readwise":
        if not readwise.looks_like(header):
            raise ImportFailed("not Readwise's CSV (no Highlight and Book Title columns)")
        return readwise.read(rows_found)
    if name == "instapaper":
        if not all(column in header for column in later.INSTAPAPER_COLUMNS):
            raise ImportFailed("not Instapaper's CSV (no URL, Title and Folder columns)")
        return later.instapaper(rows_found)
    if name == "pocket":
        if not all(column in header for column in later.POCKET_COLUMNS):
            raise ImportFailed("not Pocket's CSV (no title, url, time_added and status columns)")
        source = Source("Pocket export (CSV)")
        source.documents = list(later.pocket_rows(source, rows_found).values())
        return source
    raise ImportFailed(f"reader cannot read {name} exports")
