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


class AccountDialog(ModalScreen[tuple[str, str, str] | None]):
    """A feed server to sync through: the API's address, the user and the API password (shown
    as dots); `enter` goes to the next field, and on the last one logs in."""

    BINDINGS = bindings("name")

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box"):
            yield Label(plain("A feed server (FreshRSS, Miniflux...): its Google Reader API", style="italic"))
            yield Input(placeholder="https://host/api/greader.php", id="account-url")
            yield Input(placeholder="user name", id="account-user")
            yield Input(placeholder="API password", password=True, id="account-password")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = "Sync through a feed server"
        box.border_subtitle = "enter: next, then log in · esc cancels"

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        url, user, password = (self.query_one(f"#account-{name}", Input) for name in ("url", "user", "password"))
        empty = next((field for field in (url, user, password) if not field.value.strip()), None)
        if empty is not None:
            empty.focus()
            return
        self.dismiss((url.value.strip(), user.value.strip(), password.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
