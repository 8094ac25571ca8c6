"""The find bar of the reader: type to find, enter/down for the next match, up (or
shift+enter where the terminal sends it) for the previous one, escape to close."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label


class FindBar(Horizontal):
    BINDINGS = [
        Binding("down", "step(1)", "Next match", id="find.next"),
        Binding("up,shift+enter", "step(-1)", "Previous match", id="find.previous"),
        Binding("escape", "close", "Close", id="find.close"),
    ]

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

    def open(self) -> None:
        self.display = True
        self.query_one(Input).focus()

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
            label.update(f"{(current or 0) + 1}/{total}")

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
