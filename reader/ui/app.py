"""ReaderApp: builds nothing itself; it holds the services, the theme and the global keys,
and shows the library first."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.app import App
from textual.color import Color
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.filter import LineFilter

from reader.core.config import save_theme
from reader.core.paths import styles_dir
from reader.core.text import inert, plural, printable, unprintable
from reader.services import Services
from reader.ui.idle import IdleCollector
from reader.ui.keygate import KeyGate
from reader.ui.keymap import check_keymap
from reader.ui.keys import bindings
from reader.ui.saving import Attempt, saving
from reader.ui.screens.help import help_screen
from reader.ui.screens.library import LibraryScreen


class ArticleCommands(Provider):
    """Command palette: open any article by its title."""

    async def search(self, query: str) -> Hits:
        library = self.app.services.library
        if library is None:
            return
        matcher = self.matcher(query)
        for entry in self.app.services.visible(library):  # not the deleted ones
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(entry.title),
                    partial(self.app.open_article, entry.id),
                    help=f"Open {entry.id}",
                )


TRIAGE_COMMANDS = (
    ("Archive", "action_archive"),
    ("Read later", "action_later"),
    ("Mark read/unread", "action_toggle_read"),
    ("Star", "action_star"),
    ("Delete", "action_delete"),
    ("Article tags", "action_article_tags"),
    ("Article note", "action_article_note"),
)


class ReaderCommands(Provider):
    """Command palette: what the current screen can do (export, sync feeds, notebook, open
    in browser), listed before Textual's own commands (theme, keys, screenshot, quit)."""

    def _ours(self) -> list[tuple[str, Callable[[], object], str]]:
        from reader.ui.screens.article import ArticleScreen

        screen = self.screen  # the screen the palette was opened on
        commands: list[tuple[str, Callable[[], object], str]] = []
        if isinstance(screen, ArticleScreen):
            commands.append(
                ("Export this article to Markdown", screen.action_export, "Its highlights and notes, as a .md file")
            )
            commands.append(
                ("Open this article in the browser", screen.action_open_url, "Its web address, in your browser")
            )
        if isinstance(screen, LibraryScreen):
            commands.append(("Sync feeds", screen.action_sync, "Fetch the new articles of every feed you follow"))
            commands.append(("Search the library", screen.action_search, "The text of every article, best first"))
            commands.append(("Explore the library", screen.action_explore, "Its most mentioned entities, and when"))
            commands.append(("Notebook", screen.action_notebook, "Every highlight of the library"))
            commands.append(("Views", screen.action_views, "Inbox, Later, Archive, Starred, feeds, your views"))
            commands.append(("Mark all read", screen.action_all_read, "Every article of the list on screen"))
            commands.append(("Undo", screen.action_undo, "The last archive, later, read, star, delete, tags or note"))
        if isinstance(screen, (ArticleScreen, LibraryScreen)):
            where = "this article" if isinstance(screen, ArticleScreen) else "the article under the cursor"
            for title, action in TRIAGE_COMMANDS:
                commands.append((title, getattr(screen, action), f"{title}: {where}"))
        return commands

    def _textuals(self) -> list[tuple[str, Callable[[], object], str]]:
        found = sorted(self.app.get_system_commands(self.screen), key=lambda command: command.title)
        return [(c.title, c.callback, c.help) for c in found if c.discover]

    async def discover(self) -> Hits:
        for title, callback, help_text in self._ours() + self._textuals():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for weight, commands in ((1.0, self._ours()), (0.5, self._textuals())):
            for title, callback, help_text in commands:
                score = matcher.match(title)
                if score > 0:
                    yield Hit(score * weight, matcher.highlight(title), callback, help=help_text)


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
    COMMANDS = {ArticleCommands, ReaderCommands}  # ReaderCommands lists Textual's own too, after ours

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        services.entity_process = True  # spaCy in a child process: the UI never waits for it
        self._printable = PrintableLines()
        self._collector = IdleCollector()
        self._keys = KeyGate(self, super().on_event)
        self.hidden_labels: set[str] = set(services.config.hidden_labels)
        if services.config.keys:
            self.set_keymap(services.config.keys)

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self._printable]

    def get_default_screen(self) -> LibraryScreen:
        return LibraryScreen()

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
        for note in self.services.notes:  # the database: what was damaged and kept aside
            self.notify(inert(note), title="Database", severity="warning", timeout=15)
        theme = self.services.config.theme
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self.notify(f"Unknown theme {theme!r} in the config file; using {self.theme}.", severity="error")
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def export_missing(self) -> None:
        """Write, a few at a time between keys, the auto-export files that articles annotated
        before `auto_export_dir` was set never got."""
        try:
            todo = self.services.missing_exports()
        except OSError as error:
            self.notify(f"Auto-export: cannot read its folder ({error.strerror or error})", severity="warning")
            return
        if not todo:
            return
        total, told = len(todo), []

        def step() -> None:
            for article_id in todo[-3:]:
                try:
                    self.services.auto_export(article_id, told)
                except Exception as error:  # a full disk, a template that fails: said once, then stop
                    self.notify(f"Auto-export failed: {error}", severity="warning", timeout=8)
                    todo.clear()
                    break
            del todo[-3:]
            if not todo:
                timer.stop()
                self.notify(f"Auto-export: wrote {plural(total, 'file')} for articles annotated earlier", timeout=5)
                for note in told:
                    self.notify(inert(note), title="Auto-export", timeout=10)

        timer = self.set_interval(0.05, step)

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

    def on_unmount(self) -> None:
        self._collector.stop()
        # fold the journal into the database file and release the lock for the next reader
        self.services.close()

    async def action_quit(self) -> None:
        from reader.ui.screens.article import ArticleScreen

        if isinstance(self.screen, ArticleScreen):
            self.screen.remember_place()
        await super().action_quit()

    def action_help(self) -> None:
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

    def open_article(
        self,
        article_id: str,
        order: list[str] | None = None,
        at: int | None = None,
        marks: list[tuple[int, int]] | None = None,
    ) -> None:
        """Show an article (`order` for ] and [), the cursor at `at`, `marks` marked as
        matches (f / F step through them)."""
        from reader.ui.screens.article import ArticleScreen

        library = self.services.library
        order = order or ([e.id for e in library.entries] if library else [article_id])
        if isinstance(self.screen, ArticleScreen):
            self.screen.goto(article_id, order, at, marks)
        else:
            self.push_screen(ArticleScreen(article_id, order, at, marks))
