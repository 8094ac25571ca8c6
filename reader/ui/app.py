"""ReaderApp: builds nothing itself; it holds the services and the workspace (the open
library, handed to the screens), the theme and the global keys, shows the library first and
puts up the screen a screen asks for (reader.ui.messages)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from rich.cells import cell_len
from rich.segment import Segment
from textual import events, on
from textual.app import App
from textual.color import Color
from textual.filter import LineFilter

from reader.core.config import save_theme
from reader.core.paths import styles_dir
from reader.core.text import inert, one_line, printable, unprintable
from reader.services import Services
from reader.services.first_screen import FirstScreen
from reader.ui.commands import ArticleCommands, ReaderCommands
from reader.ui.handoff import Handoff, RunRequest
from reader.ui.idle import IdleCollector
from reader.ui.keygate import KeyGate
from reader.ui.keys import bindings
from reader.ui.keys.keymap import check_keymap
from reader.ui.messages import OpenArticle, OpenExplore, OpenFeeds, OpenNotebook, OpenReview, OpenSearch
from reader.ui.saving import Attempt, saving
from reader.ui.screens.library import LibraryScreen
from reader.ui.workspace import SAVED, Workspace


class PrintableLines(LineFilter):
    """Every line the app draws, the last step before the terminal: text from outside
    (articles, imports, configs, other tools) never carries an escape sequence or a control
    character there, whatever widget shows it."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(unprintable(segment.text) for segment in segments if not segment.control):
            return segments
        return [segment if segment.control else _printable(segment) for segment in segments]


def _printable(segment: Segment) -> Segment:
    """The segment's text made printable, padded to the cells it was laid out in (an escape
    sequence's visible part took cells; the line must still fill its region)."""
    text = printable(segment.text)
    missing = cell_len(segment.text) - cell_len(text)
    return Segment(text + " " * missing if missing > 0 else text, segment.style)


class ReaderApp(App):
    TITLE = "reader"
    CSS_PATH = [styles_dir() / name for name in ("base.tcss", "library.tcss", "article.tcss")]
    BINDINGS = bindings("app")
    # The palette's providers, imported when it first opens (textual.command takes 30 ms to import)
    COMMANDS = {ArticleCommands, ReaderCommands}

    def __init__(
        self, services: Services, first_screen: FirstScreen | None = None, run_request: RunRequest | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.workspace = Workspace(self, services, first_screen)  # the open library, for every screen
        self.handoff = Handoff(
            self.workspace, run_request
        )  # the shell's changes, done here while the app holds the database
        services.entity_process = True  # spaCy in a child process: the UI never waits for it
        self._printable = PrintableLines()
        self._collector = IdleCollector()
        self._keys = KeyGate(self, super().on_event)
        self.hidden_labels: set[str] = set(services.config.hidden_labels)
        if services.config.keys:
            self.set_keymap(services.config.keys)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity="information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast is plain text: what it quotes (a feed's title, a path, a shell request,
        an error) came from outside, so nothing in it is read as markup."""
        super().notify(printable(str(message)), title=one_line(title), severity=severity, timeout=timeout, markup=False)

    def idle_for(self) -> float:
        """Seconds since the last key or click."""
        return time.monotonic() - self._collector.last_input

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self._printable]

    def get_default_screen(self) -> LibraryScreen:
        return LibraryScreen(self.workspace)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._collector.input()
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self._keys.key(event)
            return
        await super().on_event(event)

    def on_mount(self) -> None:
        self._collector.start()
        self.set_interval(0.5, self._collector.tick)
        for warning in check_keymap(self.services.config.keys):
            self.notify(warning, title="Config", severity="warning", timeout=10)
        for note in self.services.notes if self.services.store_open else ():  # else once it is (workspace)
            self.notify(inert(note), title="Database", severity="warning", timeout=15)
        theme = self.services.config.theme
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self.notify(f"Unknown theme {theme!r} in the config file; using {self.theme}.", severity="error")
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.run_worker(self.handoff.start(), group="handoff", exit_on_error=False)

    def on_worker_state_changed(self, event) -> None:
        self.workspace.worker_changed(event)  # the workspace's workers are the app's

    def _theme_changed(self, theme) -> None:
        if theme.name == self.services.config.theme:
            return
        self.services.config.theme = theme.name
        try:
            save_theme(self.services.paths.config_path, theme.name)
        except OSError as error:
            self.notify(f"Theme not saved: {error}", severity="warning")

    @contextmanager
    def saving(self, done: str | None = None, failed: str = "Not saved") -> Iterator[Attempt]:
        """Around every change the UI makes to the store: see reader.ui.saving."""
        with saving(self.notify, done, failed) as attempt:
            yield attempt
        if attempt.ok:
            self.workspace.announce(SAVED)

    def on_unmount(self) -> None:
        self._collector.stop()
        self.handoff.stop()
        # fold the journal into the database file and release the lock for the next reader
        self.services.close()

    async def action_quit(self) -> None:
        self.workspace.quitting.publish(None)  # places in articles, the first screen: kept while the store is open
        await super().action_quit()

    def action_help(self) -> None:
        from reader.ui.dialogs import help_screen

        self.push_screen(help_screen(self.screen))

    def open_in_browser(self, url: str | None) -> None:
        """Open a web address in the user's browser: a text-mode one (lynx, w3m...) gets the
        terminal while the reader is suspended; with none, the address goes to the clipboard."""
        import webbrowser

        if not url:
            self.notify("This article has no web address.", timeout=3)
            return
        if not url.lower().startswith(("http://", "https://")):
            self.notify(f"Not a web address, so not opened: {inert(url)}", severity="warning", timeout=5)
            return
        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            self.copy_to_clipboard(url)
            self.notify(f"No web browser found; the address is on the clipboard: {inert(url)}", timeout=8)
            return
        in_terminal = isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
            browser, webbrowser.BackgroundBrowser
        )
        try:
            if in_terminal:
                with self.suspend():
                    browser.open(url)
            else:
                browser.open(url)
        except Exception as error:  # the browser could not be started: say so, keep the address
            self.copy_to_clipboard(url)
            self.notify(f"Could not open the browser ({error}); the address is on the clipboard.", severity="warning")
            return
        self.notify(f"Opened {inert(url)}", timeout=3)

    # --- the screens the screens ask for (they never import each other) ---
    @on(OpenArticle)
    def open_article(self, event: OpenArticle) -> None:
        from reader.ui.screens.article import ArticleScreen

        library = self.workspace.library
        order = event.order or ([e.id for e in library.entries] if library else [event.article_id])
        self.push_screen(ArticleScreen(self.workspace, event.article_id, order, event.at, event.marks))

    @on(OpenSearch)
    def _search(self) -> None:
        from reader.ui.screens.search import SearchScreen

        self.push_screen(SearchScreen())

    @on(OpenNotebook)
    def _notebook(self) -> None:
        from reader.ui.screens.notebook import NotebookScreen

        self.push_screen(NotebookScreen())

    @on(OpenExplore)
    def _explore(self, event: OpenExplore) -> None:
        from reader.ui.screens.explore import ExploreScreen

        self.push_screen(ExploreScreen(event.article_ids))

    @on(OpenReview)
    def _review(self, event: OpenReview) -> None:
        from reader.ui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(event.among, event.scope))

    @on(OpenFeeds)
    def _feeds(self, event: OpenFeeds) -> None:
        from reader.ui.screens.feeds import FeedsScreen

        self.push_screen(FeedsScreen(self.workspace), event.then)

    def action_rules(self) -> None:
        """The Rules screen (`l` in the feeds, or the palette)."""
        from reader.ui.screens.rules import RulesScreen

        self.push_screen(RulesScreen(self.workspace))
