"""The find bar of the reader: type to find, enter/down for the next match, up (or
shift+enter where the terminal sends it) for the previous one, escape to close."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from reader.ui.keys import bindings
from reader.ui.plain import plain


def find_all(body: str, query: str) -> list[tuple[int, int]]:
    if not query:
        return []
    return [m.span() for m in re.finditer(re.escape(query), body, re.IGNORECASE)]


class FindBar(Horizontal):
    BINDINGS = bindings("find")

    class Changed(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Step(Message):
        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    class Closed(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Label("Find:", id="find-label")
        yield Input(placeholder="text in this article", id="find-input")
        yield Label("", id="find-count")

    origin = 0  # a body offset: the first match counted is the first one from here

    def open(self, origin: int) -> None:
        self.origin = origin
        self.display = True
        self.query_one(Input).focus()

    def search(self, body: str) -> tuple[list[tuple[int, int]], int | None]:
        """The matches of what is typed in `body`, and which one is current."""
        matches = find_all(body, self.text)
        current = next((i for i, (start, _) in enumerate(matches) if start >= self.origin), 0) if matches else None
        self.show_count(current, len(matches))
        return matches, current

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    def show_count(self, current: int | None, total: int) -> None:
        label = self.query_one("#find-count", Label)
        if not self.text:
            label.update("")
        elif total == 0:
            label.update("no match")
        else:
            label.update(plain(f"{(current or 0) + 1}/{total}"))

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Step(1))

    def action_step(self, delta: int) -> None:
        self.post_message(self.Step(delta))

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())
