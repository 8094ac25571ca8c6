"""The command palette's providers: open an article by its title; what the screen can do
(the commands the key registry gives its scopes), before Textual's own commands."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from reader.core.text import one_line
from reader.ui.keys import commands
from reader.ui.messages import OpenArticle
from reader.ui.plain import highlighted


class ArticleCommands(Provider):
    """Command palette: open any article by its title."""

    async def search(self, query: str) -> Hits:
        workspace = self.app.workspace
        if workspace.library is None:
            return
        matcher = self.matcher(query)
        for entry in workspace.visible():  # not the deleted ones
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, entry.title),
                    partial(self.screen.post_message, OpenArticle(entry.id)),
                    help=escape(f"Open {one_line(entry.id)}"),
                )


class ReaderCommands(Provider):
    """Command palette: what the current screen can do (export, sync feeds, notebook, open
    in browser), listed before Textual's own commands (theme, keys, screenshot, quit)."""

    def _ours(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = self.screen  # the screen the palette was opened on
        ids = [binding.id for binding in screen.BINDINGS if isinstance(binding, Binding) and binding.id]
        found = []
        for key in commands(ids):
            title, help_text = key.palette or ("", "")
            found.append((title, partial(screen.run_action, key.action), help_text))
        return found

    def _textuals(self) -> list[tuple[str, Callable[[], object], str]]:
        found = sorted(self.app.get_system_commands(self.screen), key=lambda command: command.title)
        return [(c.title, c.callback, c.help) for c in found if c.discover]

    async def discover(self) -> Hits:
        for title, callback, help_text in self._ours() + self._textuals():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for weight, found in ((1.0, self._ours()), (0.5, self._textuals())):
            for title, callback, help_text in found:
                score = matcher.match(title)
                if score > 0:
                    yield Hit(score * weight, matcher.highlight(title), callback, help=help_text)
