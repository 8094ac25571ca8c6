"""Component styles as layers: only what the CSS sets for a component, with colours
blended as Textual blends them (so `background: $accent 25%` stays 25%)."""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from reader.core.notes.highlight import COLOURS


def layer(widget: Widget, component: str) -> Style:
    full = widget.get_component_rich_style(component)
    partial = widget.get_component_rich_style(component, partial=True)
    return Style(
        color=full.color if partial.color else None,
        bgcolor=full.bgcolor if partial.bgcolor else None,
        bold=partial.bold,
        italic=partial.italic,
        underline=partial.underline,
        reverse=partial.reverse,
    )


def to_screen(widget: Widget, strips: list[Strip], crop: Region, background: Color) -> list[Strip]:
    """Lines a widget drew itself, as Textual hands a widget's lines to the screen: through
    its line filters (the app's PrintableLines, no colour...), then cut to the crop's columns."""
    for line_filter in widget.get_line_filters():  # each strip keeps what a filter made of it
        strips = [strip.apply_filter(line_filter, background) for strip in strips]
    return [strip.crop(crop.x, crop.right) for strip in strips]


# displaCy's familiar entity colours; on light themes they are darkened to stay readable
# as text colours.
DISPLACY = {
    "PERSON": "#aa9cfc",
    "NORP": "#c887fb",
    "FAC": "#9cc9cc",
    "ORG": "#7aecec",
    "GPE": "#feca74",
    "LOC": "#ff9561",
    "PRODUCT": "#bfeeb7",
    "EVENT": "#ffeb80",
    "WORK_OF_ART": "#f0d0ff",
    "LAW": "#ff8197",
    "LANGUAGE": "#ff8197",
    "DATE": "#bfe1d9",
    "TIME": "#bfe1d9",
    "PERCENT": "#e4e7d2",
    "MONEY": "#e4e7d2",
    "QUANTITY": "#e4e7d2",
    "ORDINAL": "#e4e7d2",
    "CARDINAL": "#e4e7d2",
}
_OTHER = "#ddd7c4"


def label_colours(dark: bool) -> dict[str, str]:
    from textual.color import Color

    if dark:
        return dict(DISPLACY)
    return {label: Color.parse(hex_).darken(0.45).hex for label, hex_ in DISPLACY.items()}


def label_colour(colours: dict[str, str], label: str) -> str:
    return colours.get(label, _OTHER)


# Highlight colours (c cycles them): backgrounds, deep on dark themes and pale on light
# ones, so that entity colours (text) stay readable on top of them.
# (dark, light) for each of the highlight colours (reader.core.notes.highlight.COLOURS), in order.
HIGHLIGHT_COLOURS = dict(
    zip(
        COLOURS,
        (
            ("#665500", "#fff0a0"),
            ("#1f5c2a", "#c8f2c2"),
            ("#1d4a7a", "#c6defa"),
            ("#7a2358", "#fbd0e6"),
            ("#4e3380", "#e0d2fa"),
        ),
        strict=True,
    )
)


def highlight_styles(dark: bool, no_color: bool = False) -> dict[str, Style]:
    """Highlight colour -> style; with NO_COLOR set, an underline (colours are dropped)."""
    if no_color:
        return {name: Style(underline=True) for name in HIGHLIGHT_COLOURS}
    return {name: Style(bgcolor=pair[0] if dark else pair[1]) for name, pair in HIGHLIGHT_COLOURS.items()}
