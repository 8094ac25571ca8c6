"""The entity names of the library's articles, for `@name` in the filter: read from the
entity cache when first asked for (and again when `reader index` in a shell adds to it),
and found for each article that arrives while the app runs, between keys."""

from __future__ import annotations

import time

from textual.worker import get_current_worker

from reader.services import triage
from reader.ui.workspace.base import MENTIONS, SYNC, Host


class EntityNames:
    def __init__(self, workspace: Host) -> None:
        self.workspace = workspace
        self.mentions: dict[str, set[str]] | None = None  # article id -> entity names (casefolded), once asked for
        self.unindexed = 0  # articles with no entities cached
        self.looking_up = False  # being read from the cache
        self.to_index: list[str] = []  # arrived articles whose entities are not found yet
        self._cache_seen = -1  # the entity cache's size when `mentions` was read

    def load(self) -> None:
        """Read the entity names of every article with cached entities (no model runs)."""
        self.looking_up = True
        self.workspace.announce(SYNC)
        self.workspace.run(self._load, "mentions")

    def cache_grew(self) -> None:
        """The entity cache's folder changed (`reader index` in a shell): read it again if
        it was read and some articles had no entities then."""
        if self.mentions is not None and self.unindexed and self._cache_size() != self._cache_seen:
            self.load()

    def _cache_size(self) -> int:
        try:
            return self.workspace.services.entities.cache.path.stat().st_size
        except Exception:  # noqa: BLE001  # no cache yet, or entities are off
            return -1

    def _load(self) -> None:
        from reader.core.entities import ModelUnavailable

        app = self.workspace.app
        self._cache_seen = self._cache_size()
        mentions: dict[str, set[str]] = {}
        unindexed = 0
        try:
            mentions, unindexed = triage.mentions(self.workspace.services)
        except ModelUnavailable as error:
            app.call_from_thread(app.notify, f"Entities are off: {error}", severity="error")

        def done() -> None:
            self.mentions, self.unindexed, self.looking_up = mentions, unindexed, False
            self.workspace.announce(MENTIONS)

        app.call_from_thread(done)

    def index_later(self, article_id: str) -> None:
        """Find the article's entities in the background (`_index`)."""
        self.to_index.append(article_id)
        if not any(w.group == "index" and w.is_running for w in self.workspace.app.workers):
            self.workspace.run(self._index, "index", exclusive=False)

    def _index(self) -> None:
        """The entities of the articles that arrived, found one at a time by the entity
        process while no key has been pressed for a second, so that `@entity`, the entity
        panel and Explore know them without `reader index`."""
        from reader.core.entities import ModelUnavailable
        from reader.core.library import SkipFile

        worker, app, services = get_current_worker(), self.workspace.app, self.workspace.services
        while self.to_index and not worker.is_cancelled:
            if app.idle_for() < 1.0:  # type: ignore[attr-defined]  # a ReaderApp
                time.sleep(0.2)  # the keys first: the entity process answers one request at a time
                continue
            article_id = self.to_index.pop(0)
            library = self.workspace.library
            try:
                article = library.load(article_id) if library else None
                found = services.entities.of(article) if article else None
            except ModelUnavailable:  # entities are off: said where they are shown
                return
            except (SkipFile, OSError, KeyError):
                continue
            if found is not None and article is not None:
                names = {entity.text(article.body).casefold() for entity in found}
                app.call_from_thread(self._indexed, article_id, names)

    def _indexed(self, article_id: str, names: set[str]) -> None:
        if self.mentions is not None:  # else read from the cache when first asked for
            self.mentions = {**self.mentions, article_id: names}  # a new dict: the filter sees a change
            self.workspace.announce(MENTIONS)
