"""The annotations panel: the article's highlights in reading order (quote, tags, the
note's first line), then the detached ones whose text is gone from the article."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.notes.highlight import Highlight, Status
from reader.ui.keys import bindings


def summary(doc: Highlight, width: int = 60) -> Text:
    quote = " ".join(doc.exact.split())
    text = Text()
    text.append("▍", style=doc.color)
    text.append(quote[:width] + ("…" if len(quote) > width else ""), style="italic")
    if doc.tags:
        text.append("\n  " + " ".join(f"#{t}" for t in doc.tags), style="bold")
    if doc.note:
        first = doc.note.strip().splitlines()[0] if doc.note.strip() else ""
        text.append(f"\n  ✎ {first[:width]}", style="dim")
    if doc.status is Status.FUZZY:
        text.append("\n  ~ moved: its text changed (a accepts)", style="dim italic")
    return text


class AnnotationsPanel(OptionList):
    BINDINGS = bindings("annotations")

    class Jump(Message):
        def __init__(self, highlight_id: str) -> None:
            super().__init__()
            self.highlight_id = highlight_id

    class Accept(Message):
        """Take the article's new text as a moved highlight's quote."""

        def __init__(self, highlight_id: str) -> None:
            super().__init__()
            self.highlight_id = highlight_id

    class Closed(Message):
        pass

    def show_highlights(self, highlights: list[Highlight]) -> None:
        highlighted = self.highlighted
        self.clear_options()
        attached = [h for h in highlights if h.attached]
        detached = [h for h in highlights if not h.attached]
        options: list = [Option(summary(h), id=h.id) for h in attached]
        if detached:
            options.append(
                Option(Text("Detached: their text is no longer in the article", style="bold"), disabled=True)
            )
            options.extend(Option(summary(h), id=h.id, disabled=False) for h in detached)
        if not options:
            options.append(
                Option(Text("No highlights yet: h highlights the sentence or selection", style="dim"), disabled=True)
            )
        self.add_options(options)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def action_select(self) -> None:
        if self.highlighted is None:
            return
        option = self.get_option_at_index(self.highlighted)
        if option.id:
            self.post_message(self.Jump(option.id))

    def action_accept(self) -> None:
        if self.highlighted is not None and (option := self.get_option_at_index(self.highlighted)).id:
            self.post_message(self.Accept(option.id))

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())
