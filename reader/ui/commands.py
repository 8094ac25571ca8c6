"""The command palette's providers: open an article by its title; what the screen can do,
before Textual's own commands."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.services import triage
from reader.ui.screens.library import LibraryScreen


class ArticleCommands(Provider):
    """Command palette: open any article by its title."""

    async def search(self, query: str) -> Hits:
        library = self.app.services.library
        if library is None:
            return
        matcher = self.matcher(query)
        for entry in triage.visible(self.app.services, library):  # not the deleted ones
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
            commands.append(("Feeds", screen.action_feeds, "Every feed you follow: folders, unread, last sync, errors"))
            commands.append(("Add a web address", screen.action_add, "A feed to follow or an article to save"))
            commands.append(("Review", screen.action_review, "Today's highlights, by spaced repetition"))
            commands.append(("Review the list on screen", screen.action_review_shown, "Its articles' highlights"))
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
