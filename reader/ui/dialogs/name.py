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


class RuleDialog(ModalScreen[tuple[str, str] | None]):
    """A rule: its query (as `/` takes) and its action; `enter` goes to the next field, and on
    the last one keeps the rule. `query`: one given (the filter on screen)."""

    BINDINGS = bindings("name")

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box"):
            yield Label(plain("On each new article as it arrives, after the rules before it.", style="italic"))
            yield Label(plain("The articles it finds (a query, as / takes)"))
            yield Input(self.query_text, placeholder='"sponsored", feed:"Desk 2", text:merger', id="rule-query")
            yield Label(plain("What to do: skip, read, archive, later, star or tag:NAME"))
            yield Input(placeholder="archive", id="rule-action")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = "A rule for new articles"
        box.border_subtitle = "enter: next, then keep · esc cancels"
        if self.query_text:
            self.query_one("#rule-action", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        query, action = (self.query_one(f"#rule-{name}", Input) for name in ("query", "action"))
        if event.input is query or not action.value.strip():
            action.focus()
            return
        self.dismiss((query.value.strip(), action.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


def keep_rule(app: App, answer: tuple[str, str] | None) -> bool:
    """Keep the rule a RuleDialog gave (last in order), saying what it is or why it is not kept."""
    from reader.core.library import QueryError
    from reader.core.library.rules import RuleError
    from reader.services import rules

    if answer is None:
        return False
    try:
        with app.saving() as saved:
            n, said = rules.add_rule(app.services, *answer)
    except (QueryError, RuleError) as error:
        app.notify(line(f"Not kept: {error}"), severity="warning", timeout=8)
        return False
    if saved.ok:
        app.notify(
            line(f"Rule {n}: {said}; from now on, on each new article (the Rules screen applies it now)"), timeout=6
        )
    return bool(saved.ok)


class FeedSettingsDialog(ModalScreen[dict[str, object] | None]):
    """A feed's own settings, one field each (as `reader feed set` takes them); `enter` goes to
    the next field, and on the last one keeps them."""

    BINDINGS = bindings("name")
    FIELDS = (  # (setting, its label, the placeholder)
        ("content", "Content: page (fetch each one) or feed (its own text)", "page or feed"),
        ("selector", "The article in its page (CSS)", "article.story (blank: the extractor finds it)"),
        ("every", "Sync it every (minutes, in the app)", "blank: sync_interval"),
        ("keep_read", "Keep its read articles (days)", "blank: keep_read_days"),
    )

    def __init__(self, title: str, feed: dict[str, object]) -> None:
        super().__init__()
        self.title_text, self.feed = title, feed

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box"):
            yield Label(plain("Blank: the config's setting.", style="italic"))
            for key, label, about in self.FIELDS:
                value = self.feed.get(key) or ("page" if key == "content" else "")
                yield Label(plain(label))
                yield Input(str(value), placeholder=about, id=f"feed-{key}")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = line(f"Settings of {self.title_text}")
        box.border_subtitle = "enter: next, then keep · esc cancels"

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = [self.query_one(f"#feed-{key}", Input) for key, _, _ in self.FIELDS]
        if event.input is not inputs[-1]:
            inputs[inputs.index(event.input) + 1].focus()
            return
        answer: dict[str, object] = {}
        for (key, _, _), field in zip(self.FIELDS, inputs, strict=True):
            value = field.value.strip()
            answer[key] = (
                (int(value) if value.isdigit() else -1 if value else 0) if key in ("every", "keep_read") else value
            )
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
