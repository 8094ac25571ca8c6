"""The notebook: every highlight of the library, newest article first, filtered as you
type by text in the quote or note, by #tag, or by article title; enter opens the article
at the highlight."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.notes.highlight import Highlight
from reader.core.text import plural
from reader.services import exports
from reader.ui.keys import bindings
from reader.ui.messages import OpenArticle
from reader.ui.plain import plain
from reader.ui.widgets.annotations_panel import summary
from reader.ui.widgets.key_footer import KeyFooter


def notebook_matches(doc: Highlight, title: str, terms: list[str]) -> bool:
    words = f"{doc.exact} {doc.note} {title}".casefold()
    tags = [t.casefold() for t in doc.tags]
    for term in terms:
        if term.startswith("#"):
            if not any(tag.startswith(term[1:]) for tag in tags):
                return False
        elif term not in words:
            return False
    return True


class NotebookScreen(Screen):
    TITLE = "Notebook"
    AUTO_FOCUS = "#notebook-list"
    BINDINGS = bindings("notebook")

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Highlight] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="/ filter: words in quote, note or title; #tag", id="notebook-filter")
        yield OptionList(id="notebook-list")
        yield Static(id="notebook-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refill()

    def on_screen_resume(self) -> None:
        self.refill()

    def titles(self) -> dict[str, str]:
        library = self.app.services.library
        return {e.id: e.title for e in library.entries} if library else {}

    def refill(self) -> None:
        store = self.app.services.store
        titles = self.titles()
        terms = self.query_one("#notebook-filter", Input).value.casefold().split()
        docs = store.highlights.all()
        self.shown = [d for d in docs if notebook_matches(d, titles.get(d.article, d.article), terms)]
        listing = self.query_one("#notebook-list", OptionList)
        listing.clear_options()
        options = []
        for doc in self.shown:
            text = Text(titles.get(doc.article, doc.article), style="bold")
            text.append("\n")
            text.append_text(summary(doc, 90))
            if not doc.attached:
                text.append("\n  detached: its text is no longer in the article", style="dim italic")
            options.append(Option(text, id=doc.id))
        listing.add_options(options)
        if options:
            listing.highlighted = 0
        total = len(docs)
        self.query_one("#notebook-status", Static).update(
            plain(f"{len(self.shown)} of {plural(total, 'highlight')}" if terms else plural(total, "highlight"))
        )

    @on(Input.Changed, "#notebook-filter")
    def _filter(self) -> None:
        self.refill()

    @on(Input.Submitted, "#notebook-filter")
    def _filter_done(self) -> None:
        self.query_one("#notebook-list").focus()

    @on(OptionList.OptionSelected, "#notebook-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        doc = self.app.services.store.highlights.get(event.option.id)
        if doc is None:
            return
        order = list(dict.fromkeys(d.article for d in self.shown))
        self.post_message(OpenArticle(doc.article, order, at=doc.start if doc.attached else None))

    def action_export(self) -> None:
        """Export what the notebook shows now (after its filter) into one Markdown file."""
        if not self.shown:
            self.notify("Nothing to export.", timeout=3)
            return
        articles = list(dict.fromkeys(d.article for d in self.shown))
        try:
            notebook = self.query_one("#notebook-filter", Input).value
            written = exports.export_articles(self.app.services, articles, {d.id for d in self.shown}, notebook)
        except Exception as error:
            self.notify(f"Export failed: {error}", severity="error", timeout=8)
            return
        self.notify(f"Exported {plural(len(self.shown), 'highlight')} to {written[0]}", timeout=8)

    def action_filter(self) -> None:
        self.query_one("#notebook-filter", Input).focus()

    def action_back(self) -> None:
        filter_input = self.query_one("#notebook-filter", Input)
        if filter_input.value:
            filter_input.value = ""
            self.query_one("#notebook-list").focus()
        else:
            self.dismiss()
