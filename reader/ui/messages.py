"""Where a screen asks to go: messages that bubble up to the app, which puts up the screen
asked for (screens never import or hold each other). A screen that can show the request
itself handles it first (the article screen shows another article in its place)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from textual.message import Message


class OpenArticle(Message):
    """Show an article (`order` for `]` and `[`), the cursor at `at`, `marks` marked as
    matches (`f` / `F` step through them)."""

    def __init__(
        self,
        article_id: str,
        order: list[str] | None = None,
        at: int | None = None,
        marks: list[tuple[int, int]] | None = None,
    ) -> None:
        super().__init__()
        self.article_id, self.order, self.at, self.marks = article_id, order, at, marks


class OpenSearch(Message):
    """The search of the whole library."""


class OpenNotebook(Message):
    """Every highlight of the library."""


class OpenExplore(Message):
    """Who and what these articles are about."""

    def __init__(self, article_ids: list[str]) -> None:
        super().__init__()
        self.article_ids = article_ids


class OpenReview(Message):
    """Today's review (of the highlights of `among`'s articles only, named `scope`)."""

    def __init__(self, among: Collection[str] | None = None, scope: str = "") -> None:
        super().__init__()
        self.among, self.scope = among, scope


class OpenFeeds(Message):
    """The feeds followed; `then` gets the view the user chose to show (None: none)."""

    def __init__(self, then: Callable[[dict[str, Any] | None], None]) -> None:
        super().__init__()
        self.then = then
