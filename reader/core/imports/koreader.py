"""KOReader's highlights: a book's `book.sdr/metadata.<ext>.lua`, a Lua table (`return {...}`)
with `annotations` (text, note, color, chapter, pageno, datetime), `doc_props` (title,
authors). The file is read as data by the small reader below (table constructors, strings,
numbers, booleans): nothing in it is ever run, and anything else in it is refused."""

from __future__ import annotations

import re
from typing import Any

from reader.core.imports.model import Document, ImportFailed, Passage, Source, colour, listed, table, text, title, when

MAX_DEPTH = 32
_TOKEN = re.compile(
    r"""\s+|--\[(=*)\[.*?\]\1\]|--[^\n]*|(?P<long>\[(?P<eq>=*)\[.*?\](?P=eq)\])|(?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<num>-?(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+))|(?P<name>[A-Za-z_]\w*)|(?P<op>[{}\[\]=,;])""",
    re.DOTALL,
)
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "\n": "\n",
}


def _string(raw: str) -> str:
    body = raw[1:-1]

    def one(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape[0].isdigit():
            return chr(min(int(escape), 255))
        if escape[0] == "x":
            return chr(int(escape[1:], 16))
        return _ESCAPES.get(escape, escape)

    return re.sub(r"\\(\d{1,3}|x[0-9a-fA-F]{2}|.)", one, body, flags=re.DOTALL)


def _tokens(source: str) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    at = 0
    while at < len(source):
        match = _TOKEN.match(source, at)
        if match is None:
            line = source.count("\n", 0, at) + 1
            raise ImportFailed(f"line {line}: {source[at : at + 20]!r} is not Lua table data (nothing in it is run)")
        at = match.end()
        kind = match.lastgroup
        if kind == "long":
            body = match.group("long")
            eq = len(match.group("eq"))
            found.append(("value", body[2 + eq : -2 - eq].removeprefix("\n")))
        elif kind == "str":
            found.append(("value", _string(match.group("str"))))
        elif kind == "num":
            raw = match.group("num")
            found.append(
                (
                    "value",
                    int(raw, 16)
                    if raw.lower().startswith(("0x", "-0x"))
                    else float(raw)
                    if re.search(r"[.eE]", raw)
                    else int(raw),
                )
            )
        elif kind == "name":
            word = match.group("name")
            found.append(
                ("value", {"true": True, "false": False, "nil": None}[word])
                if word in {"true", "false", "nil"}
                else ("name", word)
            )
        elif kind == "op":
            found.append(("op", match.group("op")))
    return found


def parse(source: str) -> Any:
    """The value a KOReader metadata file returns, as Python data; ImportFailed for anything
    that is not a table of plain values (a function, a call, an expression)."""
    tokens = _tokens(source)
    if tokens[:1] == [("name", "return")]:
        tokens = tokens[1:]
    value, at = _value(tokens, 0, 0)
    if at != len(tokens):
        raise ImportFailed("more than one value in the file: not KOReader metadata")
    return value


def _value(tokens: list[tuple[str, Any]], at: int, depth: int) -> tuple[Any, int]:
    if at >= len(tokens):
        raise ImportFailed("the file ends inside a table: it may be cut short")
    kind, value = tokens[at]
    if kind == "value":
        return value, at + 1
    if (kind, value) != ("op", "{"):
        raise ImportFailed(f"{value!r} is not Lua table data (nothing in it is run)")
    if depth >= MAX_DEPTH:
        raise ImportFailed("tables nested too deep to be KOReader metadata")
    table: dict[Any, Any] = {}
    position, at = 1, at + 1
    while True:
        if at >= len(tokens):
            raise ImportFailed("the file ends inside a table: it may be cut short")
        if tokens[at] == ("op", "}"):
            return _listed(table), at + 1
        if tokens[at] == ("op", "["):
            key, at = _value(tokens, at + 1, depth + 1)
            if tokens[at : at + 2] != [("op", "]"), ("op", "=")]:
                raise ImportFailed("a table key is not followed by ] =")
            item, at = _value(tokens, at + 2, depth + 1)
            table[key] = item
        elif tokens[at][0] == "name" and tokens[at + 1 : at + 2] == [("op", "=")]:
            key = tokens[at][1]
            table[key], at = _value(tokens, at + 2, depth + 1)
        else:
            item, at = _value(tokens, at, depth + 1)
            table[position] = item
            position += 1
        if at < len(tokens) and tokens[at] in (("op", ","), ("op", ";")):
            at += 1
        elif at < len(tokens) and tokens[at] != ("op", "}"):
            raise ImportFailed("table items are not separated by commas")


def _listed(table: dict[Any, Any]) -> Any:
    """A table whose keys are 1..n as a list (Lua's arrays), else a dict."""
    if table and all(isinstance(k, int) for k in table) and sorted(table) == list(range(1, len(table) + 1)):
        return [table[k] for k in range(1, len(table) + 1)]
    return table


def looks_like(sample: str) -> bool:
    head = re.sub(r"^(\s*--[^\n]*\n)*\s*", "", sample[:2000])
    return head.startswith("return") and "{" in head[:40]


def read(data: Any) -> Source:
    source = Source("KOReader highlights")
    if not isinstance(data, dict):
        raise ImportFailed("not KOReader metadata (no table at its top)")
    props, stats = table(data.get("doc_props")), table(data.get("stats"))
    path = str(data.get("doc_path") or "")
    fallback = path.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "Untitled book"
    book = Document(
        title(props.get("title") or stats.get("title"), fallback),
        author=title(props.get("authors") or stats.get("authors"), "").replace("\\n", ", ") or None,
        book=True,
    )
    annotations = listed(data.get("annotations"))
    if "annotations" not in data:  # older KOReader: `bookmarks`, highlighted ones with text
        annotations = [b for b in listed(data.get("bookmarks")) if isinstance(b, dict) and b.get("highlighted")]
    for index, mark in enumerate(annotations, 1):
        if not isinstance(mark, dict):
            continue
        if "pos0" not in mark and not mark.get("highlighted"):  # a bookmark: a page, no passage
            source.left_out["bookmark"] = source.left_out.get("bookmark", 0) + 1
            continue
        quote = text(mark.get("text"))
        if not quote:
            source.skipped.append(f"annotation {index}: no highlighted text")
            continue
        page = mark.get("pageno") if isinstance(mark.get("pageno"), int) else mark.get("page")
        note = text(mark.get("note") or mark.get("notes"))
        book.passages.append(
            Passage(
                quote,
                note="" if note == quote else note,  # older versions kept the text as the note
                color=colour(mark.get("color")),
                created=when(str(mark.get("datetime") or "").replace(" ", "T", 1)),
                location=float(page) if isinstance(page, int | float) and not isinstance(page, bool) else None,
            )
        )
    source.documents = [book] if book.passages else []
    return source
