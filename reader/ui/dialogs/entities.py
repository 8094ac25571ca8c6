"""Modals about entities: pick a label for a correction, and the articles that mention an
entity across the library."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.core.entities import LABELS
from reader.core.text import plural
from reader.ui.keys import bindings
from reader.ui.plain import line, plain

NOT_AN_ENTITY = "__none__"
REMOVE_RULE = "__remove__"


class LabelPicker(ModalScreen[tuple[str, bool] | None]):
    """Choose what `text` is: a label, not an entity, or back to the model's say; in every
    article (a rule for the text) or here only (this mention). Gives (choice, here only)."""

    BINDINGS = bindings("picker")

    def __init__(self, text: str, current: str | None, has_rule: bool, has_mention: bool) -> None:
        super().__init__()
        self.text = text
        self.current = current
        self.has_rule = has_rule
        self.has_mention = has_mention
        self.here_only = has_mention and not has_rule

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box"):
            yield Label(Text.assemble("What is ", line(self.text, "bold"), "?"))
            yield OptionList(id="label-options")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = "Correct entity " + ("(here only)" if self.here_only else "(in every article)")
        box.border_subtitle = "enter: choose · s: " + ("every article" if self.here_only else "here only") + " · esc"
        options = self.query_one("#label-options", OptionList)
        at = options.highlighted
        options.clear_options()
        options.add_options(
            [Option(line(label + ("  (now)" if label == self.current else "")), id=label) for label in LABELS]
        )
        options.add_option(Option("Not an entity", id=NOT_AN_ENTITY))
        if self.has_mention if self.here_only else self.has_rule:
            options.add_option(Option("Remove my correction (the model decides again)", id=REMOVE_RULE))
        if at is None and self.current in LABELS:  # first shown: on the label it has now
            at = LABELS.index(self.current)
        options.highlighted = min(at or 0, options.option_count - 1)

    def action_move(self, step: int) -> None:
        options = self.query_one("#label-options", OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_edge(self, step: int) -> None:
        options = self.query_one("#label-options", OptionList)
        options.action_last() if step > 0 else options.action_first()

    def action_scope(self) -> None:
        self.here_only = not self.here_only
        self._show()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == self.current:
            self.notify(f"Unchanged: {self.text} is {self.current} already.", timeout=3)
            self.dismiss(None)
        elif event.option.id is not None:
            self.dismiss((event.option.id, self.here_only))

    def action_dismiss(self) -> None:
        self.dismiss(None)


class EntityArticles(ModalScreen[str | None]):
    """Every article of the library that mentions one of `names`; articles not yet indexed
    are indexed here, in the background, and added as they are found."""

    BINDINGS = bindings("entity_articles")

    def __init__(self, label: str, names: list[str]) -> None:
        super().__init__()
        self.label = label
        self.names = set(names)
        self.found = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box"):
            yield Label("Looking through the library…", id="entity-articles-status")
            yield OptionList(id="entity-articles")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = line(f"Articles mentioning {' / '.join(sorted(self.names))}")
        box.border_subtitle = "enter opens · esc closes"
        self.query_one(OptionList).focus()
        self.search()

    @work(thread=True, exclusive=True, group="entity-articles", exit_on_error=False)
    def search(self) -> None:
        from textual.worker import get_current_worker

        from reader.core.entities import ModelUnavailable

        worker = get_current_worker()
        indexed_now = 0
        try:
            for entry, article, found, computed in self.app.services.article_entities(compute=True):
                if worker.is_cancelled:  # the modal was closed
                    return
                indexed_now += computed
                count = sum(1 for e in found if e.label == self.label and e.text(article.body) in self.names)
                if count:
                    self.app.call_from_thread(self._add, entry.id, entry.title, count)
        except ModelUnavailable as error:
            self.app.call_from_thread(self._status, f"Entities are off: {error}")
            return
        note = f" ({indexed_now} indexed just now)" if indexed_now else ""
        self.app.call_from_thread(self._status, f"{plural(self.found, 'article')}{note}")

    def _add(self, article_id: str, title: str, count: int) -> None:
        self.found += 1
        self.query_one(OptionList).add_option(Option(Text.assemble(line(title), (f"  ×{count}", "dim")), id=article_id))

    def _status(self, message: str) -> None:
        self.query_one("#entity-articles-status", Label).update(plain(message))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss(self) -> None:
        self.dismiss(None)
