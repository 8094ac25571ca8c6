"""The one way text from outside (a file, page, feed, OPML, import, config, the shell, an
error quoting any of them) reaches the screen: as plain text, never Textual markup, with
nothing a terminal would act on. `[/]` in a feed title shows as `[/]`; `[@click=app.quit]` is
four words in brackets, not a link."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher

from reader.core.text import clean, one_line

__all__ = ["plain", "line", "highlighted"]


def plain(value: object, style: str = "") -> Text:
    """`value` as text to show (lines kept): for Static, Label, Option, DataTable cells and
    border titles, which read a str as markup."""
    return Text(clean(str(value)), style=style, end="")


def line(value: object, style: str = "") -> Text:
    """`value` as one line to show (a title, a name in a table or a border)."""
    return Text(one_line(value), style=style, end="")


def highlighted(matcher: Matcher, candidate: str) -> Content:
    """The palette's fuzzy match drawn over `candidate` as plain text (Textual's
    Matcher.highlight reads its candidate as markup)."""
    text = one_line(candidate)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets if score else ():
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
