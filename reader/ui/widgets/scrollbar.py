"""Textual's vertical scrollbar, drawn straight into strips.

A ScrollBar renders a Rich renderable through a console and then through the per-line
styling every widget gets: 1-3 ms a frame for a 30-line bar, redrawn whenever the list under
it changes (each letter typed in the library's filter narrows it). This one asks Textual's own
ScrollBarRender for the same segments (same colours, same eighth-of-a-cell thumb, same mouse
actions) and keeps the strips until the bar changes."""

from __future__ import annotations

from collections.abc import Hashable
from math import ceil

from rich.style import Style
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

from reader.ui.widgets.styling import to_screen


class QuickScrollBar(ScrollBar):
    _drawn: tuple[Hashable, list[Strip]] = (None, [])

    def render_lines(self, crop: Region) -> list[Strip]:
        parent = self.parent
        if not self.vertical or parent is None or self.renderer is not ScrollBarRender:
            return super().render_lines(crop)
        if self.screen.styles.scrollbar_color.a == 0:  # Textual draws that case its own way
            return super().render_lines(crop)
        styles = parent.styles
        if self.grabbed:
            background, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self.mouse_over:
            background, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            background, color = styles.scrollbar_background, styles.scrollbar_color
        if background.a < 1:
            background = parent.background_colors[0] + background
        color = background + color
        width, height = self.size
        virtual = ceil(self.window_virtual_size)
        window = ceil(self.window_size) if self.window_size < self.window_virtual_size else 0
        base = self.rich_style  # under each segment, as Textual's rendering puts the widget's style
        key = (width, height, virtual, window, self.position, color, background, base)
        if self._drawn[0] != key:
            style = Style.from_color(color.rich_color, background.rich_color)
            bar = ScrollBarRender.render_bar(
                size=height,
                virtual_size=virtual,
                window_size=window,
                position=self.position,
                thickness=width,
                vertical=True,
                back_color=style.bgcolor,  # type: ignore[arg-type]  # rich's Color, as ScrollBarRender passes it
                bar_color=style.color,  # type: ignore[arg-type]
            )
            self._drawn = (key, [Strip([segment], width).apply_style(base) for segment in bar.segments])
        return to_screen(self, self._drawn[1][crop.y : crop.bottom], crop, self.background_colors[1])


class QuickScrollbars:
    """Mixed into a ScrollView before it: its vertical scrollbar is a QuickScrollBar (made
    as Widget.vertical_scrollbar makes Textual's)."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:  # type: ignore[has-type]
            bar = QuickScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)  # type: ignore[attr-defined]
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)  # type: ignore[attr-defined]
        return self._vertical_scrollbar
