"""Turning file bytes into safe text: decoding with a fallback, and removing anything a
terminal would act on (escape sequences, control characters)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other
# string commands (DCS, SOS, PM, APC), and two-character escapes.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)"
    r"|\x1b[ -/]*[0-~]?",
    re.DOTALL,
)
# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides
# and isolates that can make text display in an order other than its own.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


class BinaryFileError(ValueError):
    """The bytes are not text."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None = None


def looks_binary(data: bytes) -> bool:
    """More than 5% control bytes (NUL included) in the first 8 KiB: a text with a stray
    NUL or two is still text (they are dropped like any control character)."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > 0.05


def decode(data: bytes) -> Decoded:
    """Decode file bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252 or latin-1
    with a warning. Raises BinaryFileError for bytes that are not text."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise BinaryFileError("starts like UTF-16 but is not") from error
    if looks_binary(data):
        raise BinaryFileError("binary file, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        position = error.start
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return Decoded(
            text,
            encoding,
            f"not valid UTF-8 (byte {position}); read as {encoding}",
        )
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def clean(text: str) -> str:
    """Normalise line ends and spaces and strip terminal control sequences."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text.replace("\t", "    ").replace("\x0c", "\n"))
    return _ODD_SPACES.sub(" ", text)


def inert(text: str) -> str:
    """For one-line labels (file names, reasons): nothing a terminal would act on."""
    if text.isprintable():  # every character it replaces is unprintable: most labels, as they are
        return text
    return _CONTROLS.sub("?", text.replace("\x1b", "?").replace("\n", " ").replace("\r", " "))


def one_line(value: object) -> str:
    """A title or a name from outside as one line: escapes and controls gone, spaces collapsed
    ("" for None)."""
    return " ".join(inert(clean(str(value))).split()) if value is not None else ""


NAME_LIMIT = 500  # characters kept of a title, an author or a feed's name from outside


def name_text(value: object) -> str:
    """A title or name from outside (a feed, a page, an OPML, front matter) as reader keeps
    it: one line, at most NAME_LIMIT characters (ellipsised)."""
    return clip(value, NAME_LIMIT)


def web_address(value: object) -> str | None:
    """`value` if it is an http(s) address to keep for an article (None for javascript:,
    data:, file: and anything else a click should never open)."""
    text = one_line(value) if value is not None else ""
    return text if re.match(r"https?://[^/\s]", text, re.IGNORECASE) else None


def clip(value: object, width: int) -> str:
    """`value` as one line of at most `width` characters, ellipsised when cut."""
    text = one_line(value)
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 highlight", "28 articles", "2,225 entries" (`many` when adding "s" is wrong)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def unprintable(text: str) -> bool:
    """Whether `text` holds anything `printable` would remove."""
    return _CONTROLS.search(text) is not None


def printable(text: str) -> str:
    """Text as it may reach a terminal: escape sequences and control characters gone, but
    newlines and tabs (the one place every command's terminal output and every line the
    app draws pass through)."""
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


class PrintableStream:
    """A text stream that writes `printable` text to the terminal it wraps."""

    def __init__(self, stream: Any) -> None:
        self.raw = stream

    def write(self, text: str) -> int:
        return int(self.raw.write(printable(text)))

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding...
        return getattr(self.raw, name)
