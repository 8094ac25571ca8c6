"""A Kindle's `My Clippings.txt`: clippings between lines of `==========`, each a title line
("Title (Author)"), a header line in the device's language ("- Your Highlight on page 12 |
Location 180-182 | Added on Monday, March 4, 2019 10:12:33 PM"), a blank line and the text.
Highlights come in; a note joins the highlight it was made on; bookmarks are counted, not
taken; a highlight edited on the device (written again, later, over the same place) keeps
its later text. The header's words are looked up in small tables, one row per language."""

from __future__ import annotations

import datetime as dt
import re

from reader.core.imports.model import Document, Passage, Source, text, title

# the kind of clipping, by the words of its header (lower case), in English, German, French,
# Spanish, Italian, Portuguese, Dutch, Japanese and Chinese; the first table that matches wins
BOOKMARK = ("bookmark", "lesezeichen", "signet", "marcador", "segnalibro", "bladwijzer", "ブックマーク", "书签", "書籤")
NOTE = ("your note", "note loc", "notiz", "votre note", "nota", "notitie", "メモ", "笔记", "筆記")
HIGHLIGHT = (
    "highlight",
    "markierung",
    "surlign",
    "subrayado",
    "evidenziazione",
    "destaque",
    "markering",
    "ハイライト",
    "标注",
    "標註",
    "clip",
    "ausschnitt",
    "extrait",
    "recorte",
    "ritaglio",
    "knipsel",
    "クリップ",
    "剪贴",
)
LOCATION = ("location", "loc.", "position", "emplacement", "posición", "posizione", "posição", "locatie", "位置")
PAGE = ("page", "seite", "página", "pagina", "ページ", "页", "頁")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january januar janvier enero gennaio janeiro januari jänner",
            "february februar février febrero febbraio fevereiro februari",
            "march märz mars marzo março maart",
            "april avril abril aprile",
            "may mai mayo maggio maio mei",
            "june juni juin junio giugno junho",
            "july juli juillet julio luglio julho",
            "august août agosto augustus",
            "september septembre septiembre setiembre settembre setembro",
            "october oktober octobre octubre ottobre outubro",
            "november novembre noviembre novembro",
            "december dezember décembre diciembre dicembre dezembro",
        ),
        1,
    )
    for name in names.split()
}
SEPARATOR = "=========="
_TITLE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def looks_like(sample: str) -> bool:
    return SEPARATOR in sample and "\n- " in sample.replace("\r\n", "\n")


def _kind(header: str) -> str | None:
    low = header.casefold()
    for kind, words in (("bookmark", BOOKMARK), ("note", NOTE), ("highlight", HIGHLIGHT)):
        if any(word in low for word in words):
            return kind
    return None


def _numbers(header: str, words: tuple[str, ...]) -> tuple[int, int] | None:
    """The place a header gives ("Location 180-182": (180, 182)) in the part that names it."""
    for part in header.split("|"):
        low = part.casefold().replace(",", "")
        at = min((low.index(word) for word in words if word in low), default=-1)
        if at >= 0:
            found = re.search(r"(\d+)(?:\s*-\s*(\d+))?", low[at:])
            if found:
                start = int(found.group(1))
                end = found.group(2)
                if end and len(end) < len(found.group(1)):  # "Loc. 1034-38": the end's last digits
                    end = found.group(1)[: -len(end)] + end
                return start, int(end) if end else start
    return None


def _date(header: str) -> str:
    """The clipping's time ("Added on ..." in the device's language) as ISO UTC; the device
    keeps no zone, so its local time is taken as UTC; "" if it cannot be read."""
    last = header.split("|")[-1]
    cjk = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", last)
    clock = re.search(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", last)
    if cjk:
        year, month, day = (int(g) for g in cjk.groups())
    else:
        year_match = re.search(r"\b(1[89]\d\d|2[01]\d\d)\b", last)
        words = re.findall(r"[^\W\d_]+", last.casefold())
        month = next((MONTHS[w] for w in words if w in MONTHS), 0)
        rest = re.sub(r"\d{1,2}:\d{2}(:\d{2})?", " ", last)
        days = [int(n) for n in re.findall(r"\b(\d{1,2})\b", rest) if 1 <= int(n) <= 31]
        if not (year_match and month and days):
            return ""
        year, day = int(year_match.group(1)), days[0]
    hour, minute, second = (int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0)) if clock else (0, 0, 0)
    low = last.casefold()
    if re.search(r"\bpm\b|p\.\s?m\.|午後|下午|晚上", low) and hour < 12:
        hour += 12
    elif re.search(r"\bam\b|a\.\s?m\.|午前|上午|凌晨", low) and hour == 12:
        hour = 0
    try:
        moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    except ValueError:
        return ""
    return moment.isoformat(timespec="milliseconds")


def read(source_text: str) -> Source:
    source = Source("Kindle clippings")
    books: dict[tuple[str, str], Document] = {}
    spans: dict[int, tuple[int, int]] = {}  # id(passage) -> its location range
    notes: list[tuple[Document, int, Passage]] = []
    body = source_text.replace("\r\n", "\n").replace("\r", "\n")
    for index, chunk in enumerate(body.split(SEPARATOR), 1):
        lines = [line.strip("\ufeff ") for line in chunk.strip("\n\ufeff").split("\n")]
        if not any(lines):
            continue
        if len(lines) < 2 or not lines[1].startswith("-"):
            source.skipped.append(f"clipping {index}: no header line after its title")
            continue
        kind = _kind(lines[1])
        if kind == "bookmark":
            source.left_out["bookmark"] = source.left_out.get("bookmark", 0) + 1
            continue
        if kind is None:
            source.skipped.append(f"clipping {index}: its header {text(lines[1], 80)!r} is in no language reader knows")
            continue
        words = text("\n".join(lines[2:]))
        if not words:
            source.left_out["empty clipping"] = source.left_out.get("empty clipping", 0) + 1
            continue
        found = _TITLE.match(lines[0])
        name, author = (found.group(1), found.group(2)) if found and found.group(1) else (lines[0], "")
        book_title, book_author = title(name), title(author, "")
        book = books.get((book_title, book_author))
        if book is None:
            book = books[(book_title, book_author)] = Document(book_title, author=book_author or None, book=True)
        place = _numbers(lines[1], LOCATION) or _numbers(lines[1], PAGE) or (0, 0)
        passage = Passage(words, created=_date(lines[1]), location=place[0])
        if kind == "note":
            notes.append((book, place[1], passage))
            continue
        _keep_latest(book, passage, place, spans)
        spans[id(passage)] = place
    for book, at, note in notes:
        owner = next(
            (p for p in reversed(book.passages) if spans[id(p)][0] <= at <= spans[id(p)][1]),
            None,
        )
        if owner is not None:
            owner.note = f"{owner.note}\n\n{note.quote}".strip()
        else:  # a note made on no highlight: kept as a passage of its own
            note.tags = ("kindle-note",)
            book.passages.append(note)
            spans[id(note)] = (at, at)
    source.documents = list(books.values())
    return source


def _keep_latest(book: Document, passage: Passage, place: tuple[int, int], spans: dict[int, tuple[int, int]]) -> None:
    """Add a highlight, or let it replace the one it was edited from: the same book, an
    overlapping place, one text holding the other (or the same start)."""
    for i, other in enumerate(book.passages):
        start, end = spans[id(other)]
        overlaps = start <= place[1] and place[0] <= end
        related = start == place[0] or other.quote in passage.quote or passage.quote in other.quote
        if overlaps and related and place != (0, 0):
            if (passage.created or "") >= (other.created or ""):
                book.passages[i] = passage
            return
    book.passages.append(passage)
