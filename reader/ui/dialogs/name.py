"""A one-line answer: a name for a view, a web address, a feed's title or folder."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.ui.keys import bindings
from reader.ui.plain import line, plain


class NameDialog(ModalScreen[str | None]):
    BINDINGS = bindings("name")

    def __init__(
        self, title: str, about: str, placeholder: str = "a name", value: str = "", blank: bool = False
    ) -> None:
        super().__init__()
        self.title_text = title
        self.about = about
        self.placeholder = placeholder
        self.value = value
        self.blank = blank  # an empty answer is one ("" ), not a cancel (None)

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box"):
            yield Label(plain(self.about[:200], style="italic"))
            yield Input(self.value, placeholder=self.placeholder, id="name-input")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = line(self.title_text)
        box.border_subtitle = "enter to confirm · esc cancels"

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        answer = " ".join(event.value.split())
        self.dismiss(answer if answer or self.blank else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_web_address(app: App, add: Callable[[str], object]) -> None:
    """`a`, in the library or the feeds: a web address to `add` (a feed, a site, an article)."""

    def given(url: str | None) -> None:
        if url:
            add(url)

    about = "A feed to follow, a site that names one, or an article to save: reader tells them apart."
    app.push_screen(NameDialog("Add a web address", about, placeholder="https://…"), given)
