"""Searching the whole library (`f` in the library, or the palette): results as you type,
best first, each with a snippet where the match is marked; enter opens the article on the
first match, with every match marked (`f` / `F` step through them). The index is brought up
to date in the background first; nothing waits for it."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.search import CLOSE, OPEN, QueryError, Result, SearchIndex, match_spans
from reader.core.text import plural
from reader.services import search
from reader.ui.keys import bindings
from reader.ui.messages import OpenArticle
from reader.ui.plain import plain
from reader.ui.widgets.key_footer import KeyFooter

HELP = 'words, "a phrase", prefix*, -exclude, tag:name, entity:name'


def result_text(result: Result) -> Text:
    text = Text(result.title, style="bold")
    text.append("\n  ")
    for i, part in enumerate(result.snippet.replace(CLOSE, OPEN).split(OPEN)):
        text.append(part, style="reverse" if i % 2 else "dim")
    return text


SHOWN = 50  # results listed; the status says how many there are in all


class SearchScreen(Screen):
    TITLE = "Search"
    BINDINGS = bindings("search")
    AUTO_FOCUS = "#search-input"

    def __init__(self) -> None:
        super().__init__()
        self.index: SearchIndex | None = None
        self.results: list[Result] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"search the library: {HELP}", id="search-input", select_on_focus=False)
        yield OptionList(id="search-results")
        yield Static("Bringing the search index up to date…", id="search-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.update_index()

    @work(thread=True, exclusive=True, group="search-index", exit_on_error=False)
    def update_index(self) -> None:
        services = self.app.services  # type: ignore[attr-defined]

        def progress(done: int, total: int) -> None:
            if done % 50 == 0 or done == total:
                self.app.call_from_thread(self._status, f"Indexing the library: {done:,} of {total:,} articles…")

        search.update_search(services, progress)
        index = SearchIndex(services.search_path)
        self.app.call_from_thread(self._ready, index)

    def _ready(self, index: SearchIndex) -> None:
        self.index = index
        self._status(f"{plural(len(index), 'article')} indexed. {HELP}")
        self._search(self.query_one("#search-input", Input).value)

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(plain(text))

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR:
            self._status(f"Search is not available: {event.worker.error}")

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        if self.index is None or not query.strip():
            self.results = []
            self.query_one("#search-results", OptionList).clear_options()
            return
        self.find(self.index, query)

    @work(thread=True, exclusive=True, group="search-query", exit_on_error=False)
    def find(self, index: SearchIndex, query: str) -> None:
        """Off the UI: ranking every match of a common word takes a while in a big library."""
        try:
            results = index.search(query, SHOWN)
            total = index.count(query) if len(results) == SHOWN else len(results)
        except QueryError as error:
            self.app.call_from_thread(self._answer, query, [], str(error))
        else:
            self.app.call_from_thread(self._answer, query, results, "", total)

    def _answer(self, query: str, results: list[Result], error: str, total: int = 0) -> None:
        if query != self.query_one("#search-input", Input).value:
            return  # typed on since: a newer search is on its way
        if error:
            self._status(error)
            return
        self.results = results
        listing = self.query_one("#search-results", OptionList)
        listing.clear_options()
        listing.add_options([Option(result_text(r), id=r.id) for r in results])
        found = plural(total, "result") if total == len(results) else f"{len(results)} of {plural(total, 'result')}"
        self._status(f"{found} for {query}" if results else f"Nothing matches {query}")
        if results:
            listing.highlighted = 0

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        if self.results:
            self.query_one("#search-results", OptionList).focus()

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        article_id = event.option.id
        if article_id is None:
            return
        query = self.query_one("#search-input", Input).value
        try:
            body = self.app.services.library.load(article_id).body  # type: ignore[attr-defined]
        except Exception:  # unreadable now: open it anyway and let the reader say why
            body = ""
        marks = match_spans(query, body)
        order = [r.id for r in self.results]
        self.post_message(OpenArticle(article_id, order, at=marks[0][0] if marks else None, marks=marks))

    def action_back(self) -> None:
        search_input = self.query_one("#search-input", Input)
        if search_input.has_focus and search_input.value:
            search_input.value = ""
        elif not search_input.has_focus:
            search_input.focus()
        else:
            self.dismiss()

    def on_unmount(self) -> None:
        if self.index is not None:
            self.index.close()
