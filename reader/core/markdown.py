"""Writing text into Markdown so that it reads as written: a character is escaped only where
CommonMark, or Obsidian's extensions (`==highlight==`, `[[wikilinks]]`, `$math$`,
`%%comments%%`, `#tags`, `^block-ids`), would give it a meaning in that place. Ordinary
prose comes out byte for byte; whatever the text holds, a CommonMark parser reads back
exactly that text (the tests check it with markdown-it-py, with and without plugins)."""

from __future__ import annotations

import re

_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ORDERED_START = re.compile(r"(\d{1,9})([.)])(\s|$)")
_HEADING_START = re.compile(r"#{1,6}(\s|$)")
_RULE_OR_UNDERLINE = re.compile(r"[-=*_+\s]+$")  # --- === *** ___ - - - : a rule or a setext underline
_TABLE_DELIMITER = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_BLOCK_ID = re.compile(r"\^[A-Za-z0-9-]+\s*$")
_TAG_CHAR = re.compile(r"[^\s!\"#$%&'()*+,.:;<=>?@\[\\\]^`{|}~]")
_SPECIAL = re.compile(r"[\\`$*_~=%\[\]<&#^]")  # the only characters that may need a backslash
PAIRED = "*_`"  # meaningful only in pairs: emphasis, code


def escape_text(text: str, heading: bool = False, link: bool = False) -> str:
    """`text` (lines joined by "\\n") as Markdown inline content that shows it literally;
    `link`: as a link's text, where a lone bracket would end or open the link."""
    counts = {c: text.count(c) for c in PAIRED}
    maths = _maths(text) if "$" in text else set()
    closers = [m.start() for m in re.finditer(r"\][(\[:]", text)]
    out: list[str] = []
    start = 0
    for line in text.split("\n"):
        out.append(_escape_line(line, text, start, counts, heading, link, maths, closers))
        start += len(line) + 1
    return "\n".join(out)


def escape_line(line: str, heading: bool = False) -> str:
    """One line of text (see escape_text)."""
    return escape_text(line, heading)


def _maths(text: str) -> set[int]:
    """Offsets of the "$" that could open or close Obsidian (Pandoc-style) inline math."""
    dollars = [i for i, c in enumerate(text) if c == "$" and (i == 0 or text[i - 1] != "\\")]
    opens = [i for i in dollars if i + 1 < len(text) and not text[i + 1].isspace()]
    closes = [i for i in dollars if i and not text[i - 1].isspace() and not text[i + 1 : i + 2].isdigit()]
    found = {i for i in opens if any(j > i for j in closes)}
    return found | {j for j in closes if any(i < j for i in opens)}


def _escape_line(
    line: str,
    text: str,
    offset: int,
    counts: dict[str, int],
    heading: bool,
    link: bool,
    maths: set[int],
    closers: list[int],
) -> str:
    pieces = []
    done = 0
    last = len(line) - 1
    entities = {m.start() for m in _ENTITY.finditer(line)} if "&" in line else set()
    for match in _SPECIAL.finditer(line):  # ordinary characters are copied as they are
        i = match.start()
        c = line[i]
        before = line[i - 1] if i else ""
        after = line[i + 1] if i < last else ""
        at = offset + i
        if c == "\\":  # before a space too: edge spaces and tabs become "&#32;", "&#9;"
            escape = after == "" or after in _PUNCTUATION or after.isspace()
        elif c == "`":  # code spans: need a second one
            escape = counts[c] >= 2
        elif c == "$":  # Obsidian math: "$" then non-space ... non-space then "$" not before a digit
            escape = at in maths
        elif c in "*_":  # emphasis: a second one, and not spaced out ("5 * 3"); "_" never inside a word
            spaced = before in ("", " ") and after in ("", " ")
            escape = counts[c] >= 2 and not spaced and not (c == "_" and before.isalnum() and after.isalnum())
        elif c in "~=%":  # ~~strikethrough~~, ==highlight==, %%comment%%: doubled
            escape = c in (before, after)
        elif c == "[":  # [[wikilinks]], [^footnotes], ^[inline notes], links: "](", "][", "]:" after
            escape = link or after in ("[", "^") or before == "^" or any(k > at for k in closers)
        elif c == "]":  # a "[" before it was escaped already; a lone "]" means nothing
            escape = link
        elif c == "<":  # HTML, autolinks, and e-mail autolinks ("<0@0>": a local part may start with these)
            escape = (after.isalnum() or after in "/!?.#$%&'*+=^_`{|}~-") and (i == 0 or link or ">" in text[at:])
        elif c == "&":
            escape = i in entities
        elif c == "#":  # a tag at a word's start; in a heading, a closing sequence
            escape = (not before or before.isspace()) and bool(_TAG_CHAR.match(after))
            escape = escape or (heading and not line[i:].strip("#").strip() and (not before or before.isspace()))
        else:  # "^": a block id at the end of a line
            escape = (not before or before.isspace()) and bool(_BLOCK_ID.match(line, i))
        if escape:
            pieces.append(line[done:i])
            pieces.append("\\")
            done = i
    pieces.append(line[done:])
    return _escape_start(line, "".join(pieces))


def _escape_start(line: str, escaped: str) -> str:
    """The line's first character escaped when it would open a block: a list item, a quote,
    a heading, a rule or setext underline, a table's delimiter row, an ordered list."""
    if not line or escaped.startswith("\\"):
        return escaped
    first, second = line[0], line[1:2]
    opens = (
        (first in "-+*" and second in ("", " ", "\t"))
        or first == ">"
        or (first == "#" and bool(_HEADING_START.match(line)))
        or (first in "-=*_+" and bool(_RULE_OR_UNDERLINE.match(line)))
        or (first in "|:-" and "-" in line and bool(_TABLE_DELIMITER.match(line)))
    )
    if opens:
        return "\\" + escaped
    ordered = _ORDERED_START.match(line)
    if ordered:
        digits = ordered.group(1)
        return digits + "\\" + escaped[len(digits) :]
    return escaped


def escape_inline(text: str, heading: bool = False, link: bool = False) -> str:
    """escape_text, and whitespace at a line's edges and tabs as character references
    (parsers strip edge spaces; four leading ones would make code)."""
    lines = []
    for line in escape_text(text, heading, link).split("\n"):
        core = line.strip()
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(lead) + len(core) :] if core else ""
        line = "".join(f"&#{ord(c)};" for c in lead) + core + "".join(f"&#{ord(c)};" for c in trail)
        lines.append(line.replace("\t", "&#9;"))
    return "\n".join(lines)
