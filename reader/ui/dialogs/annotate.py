"""Dialogs for highlights: tags (with completion from the tags you already use), the note
editor (ctrl+s saves, escape asks before dropping changes), and a yes/no question."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, TextArea

from reader.core.notes.highlight import Highlight, normalize_tags
from reader.ui.keys import bindings
from reader.ui.plain import plain


def ask_tags(app: App, highlight: Highlight, known: list[str], save: Callable[[list[str]], object]) -> None:
    """The tag dialog for a highlight; `save` gets the tags chosen if they are not the ones it has."""

    def chosen(tags: list[str] | None) -> None:
        if tags is not None and tuple(tags) != highlight.tags:
            save(tags)

    app.push_screen(TagDialog(highlight.exact, list(highlight.tags), known), chosen)


def ask_note(app: App, highlight: Highlight, save: Callable[[str], object]) -> None:
    """The note editor for a highlight; `save` gets the note written if it is not the one it has."""

    def written(note: str | None) -> None:
        if note is not None and note != highlight.note:
            save(note)

    app.push_screen(NoteEditor(highlight.exact, highlight.note), written)


def parse_tags(value: str) -> list[str]:
    """ "a, b c,#d, C++" -> ["a", "b-c", "d", "C"]: comma separated, as Obsidian tags."""
    return list(normalize_tags([value]))


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from the existing tags."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        typed = last.lstrip().lstrip("#")
        if not typed:
            return None
        for tag in self.tags:
            if tag.casefold().startswith(typed.casefold()) and tag.casefold() != typed.casefold():
                return value + tag[len(typed) :]
        return None


class TagDialog(ModalScreen[list[str] | None]):
    BINDINGS = bindings("tags")

    def __init__(self, quote: str, tags: list[str], known: list[str]) -> None:
        super().__init__()
        self.quote = quote
        self.tags = tags
        self.known = known

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box"):
            yield Label(plain(self.quote[:200] + ("…" if len(self.quote) > 200 else ""), style="italic"))
            yield Input(  # the tags there are kept: what is typed goes after them
                "".join(f"{tag}, " for tag in self.tags),
                placeholder="tags, separated by commas (→ completes)",
                suggester=TagSuggester(self.known),
                select_on_focus=False,
                id="tags-input",
            )
            yield Label("", id="tags-preview")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = "Tags"
        box.border_subtitle = "enter saves · esc cancels"

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """What will be saved: tags as Obsidian reads them (see normalize_tag)."""
        tags = parse_tags(event.value)
        preview = Text("saved as: ", style="dim")
        preview.append(" ".join(f"#{tag}" for tag in tags) if tags else "no tags")
        self.query_one("#tags-preview", Label).update(preview)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(parse_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    BINDINGS = bindings("confirm")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box"):
            yield Label(plain(self.question))
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no", variant="primary")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class NoteEditor(ModalScreen[str | None]):
    """A multi-line note: ctrl+s saves; escape cancels, asking first if there are changes."""

    BINDINGS = bindings("note")

    def __init__(self, quote: str, note: str) -> None:
        super().__init__()
        self.quote = quote
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="modal-box", classes="note-box"):
            yield Label(plain(self.quote[:300] + ("…" if len(self.quote) > 300 else ""), style="italic"))
            yield TextArea(self.note, id="note-text", soft_wrap=True, tab_behavior="indent")

    def on_mount(self) -> None:
        box = self.query_one("#modal-box")
        box.border_title = "Note (Markdown)"
        box.border_subtitle = "ctrl+s saves · esc cancels"
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)  # go on writing where the note ends

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        if self.text == self.note:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(Confirm("Discard the changes to this note?"), answered)
