"""`Entities`, the service the CLI and the app use: an article's entities from the cache, else
from the model (in this thread, or in the entity child for the app), with the user's
corrections applied last; and `index`, which fills the cache for many articles."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.entities.cache import EntityCache
from reader.core.entities.corrections import Mention, apply_corrections
from reader.core.entities.entity import Entity
from reader.core.entities.model import Recognizer, code_ranges, model_key, pick_model

if TYPE_CHECKING:
    from reader.core.entities.process import EntityProcess
    from reader.core.library.articles import Article


class Entities:
    """Entities of articles: from the cache when the article and model are unchanged, else
    from the model, with the user's corrections applied last. The model runs in the
    caller's thread (the command line), or with `separate_process` in a child process
    (the app: its UI process never imports spaCy)."""

    def __init__(
        self,
        cache_dir: Path,
        model: str | None,
        corrections: Callable[[], dict[str, str | None]] = lambda: {},
        separate_process: bool = False,
        mentions: Callable[[str], list[Mention]] = lambda article_id: [],
    ):
        self.cache_dir = cache_dir
        self.model_name = model
        self.corrections = corrections  # () -> {surface form: label or None}
        self.mentions = mentions  # article id -> its "here only" corrections
        self.separate_process = separate_process
        self._recognizer: Recognizer | None = None
        self._cache: EntityCache | None = None
        self._model_lock = threading.Lock()  # one model run at a time (the app has several workers)
        self._key: str | None = None

    @property
    def key(self) -> str:
        """The model's cache key; raises ModelUnavailable if there is no model."""
        if self._key is None:
            name = pick_model(self.model_name)
            self._key = model_key(name) or (self.process.key() if self.separate_process else self.recognizer.key)
        return self._key

    @property
    def recognizer(self) -> Recognizer:
        if self._recognizer is None:
            self._recognizer = Recognizer.shared(self.model_name)
            self._key = self._recognizer.key
        return self._recognizer

    @property
    def process(self) -> EntityProcess:
        from reader.core.entities.process import EntityProcess

        self.cache_dir.mkdir(parents=True, exist_ok=True)
        return EntityProcess.shared(self.model_name, self.cache_dir / "entity-process.log")

    @property
    def cache(self) -> EntityCache:
        if self._cache is None or self._cache.model_key != self.key:
            self._cache = EntityCache(self.cache_dir, self.key)
        return self._cache

    def cached(self, article: Article) -> list[Entity] | None:
        found = self.cache.get(article.fingerprint)
        return None if found is None else self._corrected(article, found)

    def of(self, article: Article) -> list[Entity]:
        found = self.cached(article)
        if found is not None:
            return found
        if self.separate_process:
            entities = self.process.find(article.body, code_ranges(article))
        else:
            with self._model_lock:
                entities = self.recognizer.spans(article.body, code_ranges(article))
        try:
            self.cache.put(article.fingerprint, entities)
        except OSError:
            pass  # only a cache (a full disk): the entities are shown, and found again next time
        return self._corrected(article, entities)

    def _corrected(self, article: Article, entities: list[Entity]) -> list[Entity]:
        return apply_corrections(
            article.body, entities, self.corrections(), code_ranges(article), self.mentions(article.id)
        )

    def index(
        self,
        articles: list[Article],
        n_process: int = 1,
        batch_size: int = 64,
        progress: Callable[[int], object] = lambda n: None,
        chunk: int = 64,
    ) -> int:
        """Compute and cache the entities of the articles not yet cached; returns how many
        were computed. Saved in chunks, so an interrupted run resumes where it stopped."""
        todo = [a for a in articles if a.fingerprint not in self.cache]
        progress(len(articles) - len(todo))
        done = 0
        pending: list[tuple[str, list[Entity]]] = []
        for article, entities in self.recognizer.find(todo, n_process=n_process, batch_size=batch_size):
            pending.append((article.fingerprint, entities))
            done += 1
            if len(pending) >= chunk:
                self.cache.put_many(pending)
                progress(len(pending))
                pending = []
        self.cache.put_many(pending)
        progress(len(pending))
        return done
