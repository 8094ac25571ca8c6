"""The footer: the screen's shown keys on one line, drawn as one widget.

Textual's Footer mounts a widget per key and does so again whenever the bindings may have
changed (each focus change, each screen): with a dozen keys that cost 10-20 ms per key
press in the library, more than the rest of the frame. This one works out the line, and
only repaints when the line is not the same; a click on a key presses it. On a terminal too
narrow for every key, `q` and `?` come first: the way out and the way to the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


DIM = Style(dim=True)
ALWAYS = ("q", "question_mark")  # kept on a footer too narrow for every key: the way out, and help


class KeyFooter(Widget, can_focus=False):
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer-key--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        .footer-key--description { color: $footer-description-foreground; background: $footer-description-background; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: list[tuple[str, str, str, bool]] = []  # (key, shown as, description, enabled)
        self._spans: list[tuple[int, int, str]] = []  # (from x, to x, key) for clicks
        self._drawn: tuple[tuple, Strip] = ((), Strip([]))  # (what the line was drawn for, the line)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys, actions = [], set()
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in actions:  # one key per action, as Footer does
                actions.add(binding.action)
                keys.append((binding.key, self.app.get_key_display(binding), binding.description, enabled))
        if keys != self.keys:
            self.keys = keys
            self.refresh()

    def render_line(self, y: int) -> Strip:
        """The line, drawn again only when the keys, the width or the colours change (a Rich
        Text through Textual's pipeline took a millisecond at every focus change)."""
        base = self.rich_style
        key_style = base + self.get_component_rich_style("footer-key--key")
        words_style = base + self.get_component_rich_style("footer-key--description")
        width = self.size.width
        drawn_for = (tuple(self.keys), width, base, key_style, words_style)
        if self._drawn[0] != drawn_for:
            segments, self._spans, x = [], [], 0
            keys = self.keys
            if sum(cell_len(f" {shown} {description} ") for _, shown, description, _ in keys) > width + 1:
                keys = sorted(keys, key=lambda k: k[0] not in ALWAYS)  # too narrow for all: `q` and `?` first
            for key, shown, description, enabled in keys:
                key_text, words = f" {shown} ", f"{description} "
                dim = Style() if enabled else DIM
                segments += [Segment(key_text, key_style + dim), Segment(words, words_style + dim)]
                end = x + cell_len(key_text) + cell_len(words)
                if end > width + 1:  # a key is shown whole or not at all (its last space may go)
                    break
                self._spans.append((x, end, key))
                x = end
            fill = Style(bgcolor=base.bgcolor)  # as Textual pads a line
            self._drawn = (
                drawn_for,
                Strip(segments[: 2 * len(self._spans)]).crop(0, width).extend_cell_length(width, fill),
            )
        return self._drawn[1] if y == 0 else Strip.blank(width, base)

    def on_click(self, event: events.Click) -> None:
        key = next((key for start, end, key in self._spans if start <= event.x < end), None)
        if key is not None:
            self.app.simulate_key(key)
