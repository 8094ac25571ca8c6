"""Component styles as layers: only what the CSS sets for a component, with colours
blended as Textual blends them (so `background: $accent 25%` stays 25%)."""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


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
