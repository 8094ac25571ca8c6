"""`Entities`, the service the CLI and the app use: an article's entities from the cache, else
from the model (in this thread, or in the entity child for the app), with the user's
corrections applied last; and `index`, which fills the cache for many articles.

The main model (English) runs only on text in its language. An article in another language
gets its entities from the pipeline the config names for it (`models = {fr = "..."}`), in
that model's own cache, else none; the main cache records its language either way."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader.core.entities import language
from reader.core.entities.cache import EntityCache
from reader.core.entities.corrections import Mention, apply_corrections
from reader.core.entities.entity import Entity, ModelUnavailable
from reader.core.entities.model import Recognizer, code_ranges, model_key, pick_model

T = TypeVar("T")

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
        models: dict[str, str] | None = None,
    ):
        self.cache_dir = cache_dir
        self.model_name = model
        self.corrections = corrections  # () -> {surface form: label or None}
        self.mentions = mentions  # article id -> its "here only" corrections
        self.separate_process = separate_process
        self._recognizer: Recognizer | None = None
        self._cache: EntityCache | None = None
        self.models = dict(models or {})  # language -> the spaCy pipeline for articles in it
        self._caches: dict[str, EntityCache] = {}  # those pipelines' caches
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
        return self._process(self.model_name)

    def _process(self, model: str | None) -> EntityProcess:
        from reader.core.entities.process import EntityProcess

        self.cache_dir.mkdir(parents=True, exist_ok=True)
        return EntityProcess.shared(model, self.cache_dir / "entity-process.log")

    @property
    def cache(self) -> EntityCache:
        if self._cache is None or self._cache.model_key != self.key:
            self._cache = EntityCache(self.cache_dir, self.key)
        return self._cache

    @property
    def language(self) -> str:
        """The main model's language ("en")."""
        return language.of_model(self.key)

    def _cache_of(self, model: str) -> EntityCache:
        """The cache of the model named for another language in the config (ModelUnavailable,
        naming the setting, if it cannot be loaded)."""
        if model not in self._caches:
            key = model_key(model)
            if key is None:
                key = self._other(model, lambda: self._process(model).key() if self.separate_process else None)
                key = key or self._other(model, lambda: Recognizer.shared(model).key)
            self._caches[model] = EntityCache(self.cache_dir, key)
        return self._caches[model]

    def _other(self, model: str, work: Callable[[], T]) -> T:
        """`work` with a pipeline the config names for another language; its failure says so."""
        try:
            return work()
        except ModelUnavailable as error:
            told = next((code for code, name in self.models.items() if name == model), "?")
            cause = error.__cause__ or error
            raise ModelUnavailable(
                f"the spaCy pipeline the config names for {language.name(told)} ({model!r}) cannot be loaded"
                f" ({cause}): install it, or take {told} out of `models`"
            ) from error

    def language_of(self, article: Article) -> str:
        """The article's language: as recorded in the cache, else told here (in this thread:
        for the command line)."""
        try:
            recorded = self.cache.language(article.fingerprint)
        except ModelUnavailable:
            recorded = None
        return recorded or language.detect(article.body)

    def unspoken(self, article: Article) -> str | None:
        """The article's language when no model is set for it (it then has no entities)."""
        told = self.cache.language(article.fingerprint)
        if told is None or language.speaks(self.language, told) or told in self.models:
            return None
        return told

    def untold(self, fingerprint: str) -> bool:
        """Whether the article's entities were cached before languages were told."""
        return fingerprint in self.cache and self.cache.language(fingerprint) is None

    def indexed(self, fingerprint: str) -> bool:
        """Whether the article's language is told and its entities found (by the model for
        that language, if there is one)."""
        told = self.cache.language(fingerprint)
        if told is None:
            return False
        other = None if language.speaks(self.language, told) else self.models.get(told)
        try:
            return other is None or fingerprint in self._cache_of(other)
        except ModelUnavailable:
            return False  # found again once the pipeline can be loaded

    def _raw(self, fingerprint: str) -> list[Entity] | None:
        """The model's entities as cached; [] for a language no model speaks; None when
        not indexed. A line from before languages were told is used as it is."""
        told = self.cache.language(fingerprint)
        if told is None or language.speaks(self.language, told):
            return self.cache.get(fingerprint)
        other = self.models.get(told)
        try:
            return [] if other is None else self._cache_of(other).get(fingerprint)
        except ModelUnavailable:
            return None  # `of` says why

    def cached(self, article: Article) -> list[Entity] | None:
        found = self._raw(article.fingerprint)
        return None if found is None else self._corrected(article, found)

    def of(self, article: Article) -> list[Entity]:
        found = self._raw(article.fingerprint)
        if found is None or self.cache.language(article.fingerprint) is None:
            found = self._find(article, found)
        return self._corrected(article, found)

    def _find(self, article: Article, before: list[Entity] | None) -> list[Entity]:
        """Tell the article's language (unless recorded) and find its entities with the model
        for it; both are cached. `before`: entities cached before languages were told, kept
        if the text is in the main model's language."""
        fingerprint, body, skip = article.fingerprint, article.body, code_ranges(article)
        told, found = self.cache.language(fingerprint), None
        if told is None:
            told, found = self._tell(body, skip, find=before is None)
            if not language.speaks(self.language, told):
                self._keep(self.cache, fingerprint, [], told)  # told: nothing from the main model
        if language.speaks(self.language, told):
            found = before if before is not None else found
            if found is None:
                found = self._run(self.model_name, body, skip)
            self._keep(self.cache, fingerprint, found, told)
            return found
        other = self.models.get(told)
        if other is None:
            return []
        found = self._other(other, lambda: self._run(other, body, skip))
        self._keep(self._cache_of(other), fingerprint, found, told)
        return found

    def _tell(self, body: str, skip: list[tuple[int, int]], find: bool) -> tuple[str, list[Entity] | None]:
        """(language, the main model's entities when `find` and the text is in its language)."""
        if self.separate_process:
            told, found = self.process.tell(body, skip, find=find)
            return told or language.UNDETERMINED, found
        told = language.detect(body)
        wanted = find and language.speaks(self.language, told)
        return told, self._run(self.model_name, body, skip) if wanted else None

    def _run(self, model: str | None, body: str, skip: list[tuple[int, int]]) -> list[Entity]:
        if self.separate_process:
            return self._process(model).find(body, skip)
        with self._model_lock:
            return Recognizer.shared(model).spans(body, skip)

    @staticmethod
    def _keep(cache: EntityCache, fingerprint: str, found: list[Entity], told: str) -> None:
        try:
            cache.put(fingerprint, found, told)
        except OSError:
            pass  # only a cache (a full disk): the entities are shown, and found again next time

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
        warn: Callable[[str], object] = lambda message: None,
    ) -> int:
        """Tell the language and cache the entities of the articles not indexed yet, with
        the model for each language (none when the config names no model for it); returns
        how many were indexed. Saved in chunks, so an interrupted run resumes where it stopped.
        A pipeline for another language that cannot be loaded is `warn`ed of; its articles
        wait for the next run."""
        todo = [a for a in articles if not self.indexed(a.fingerprint)]
        progress(len(articles) - len(todo))
        told: dict[str, str] = {}
        runs: dict[str | None, list[Article]] = {}  # model (None: the main one) -> its articles
        quick: list[tuple[str, list[Entity], str]] = []  # written with no model run
        finished = 0  # of the quick ones: nothing more to find
        for article in todo:
            fingerprint = article.fingerprint
            recorded = self.cache.language(fingerprint)  # None: not told yet
            before = self.cache.get(fingerprint) if recorded is None else None  # cached before languages were
            told[fingerprint] = code = recorded or language.detect(article.body)
            if language.speaks(self.language, code):
                if before is None:
                    runs.setdefault(None, []).append(article)
                    continue
                quick.append((fingerprint, before, code))
                finished += 1
                continue
            if recorded is None:
                quick.append((fingerprint, [], code))  # told: nothing from the main model
            if code in self.models:
                runs.setdefault(self.models[code], []).append(article)
            else:
                finished += 1
        self.cache.put_many(quick)
        progress(finished)
        for model, chosen in runs.items():
            try:
                cache = self.cache if model is None else self._cache_of(model)
                recognizer = self.recognizer if model is None else self._other(model, partial(Recognizer.shared, model))
            except ModelUnavailable as error:
                warn(f"{error}; {len(chosen)} not indexed")
                continue
            pending: list[tuple[str, list[Entity], str]] = []
            for article, entities in recognizer.find(chosen, n_process=n_process, batch_size=batch_size):
                pending.append((article.fingerprint, entities, told[article.fingerprint]))
                if len(pending) >= chunk:
                    cache.put_many(pending)
                    progress(len(pending))
                    pending = []
            cache.put_many(pending)
            progress(len(pending))
        return sum(self.indexed(a.fingerprint) for a in todo)


def training_examples(articles: Iterable[Article], entities: Entities) -> Iterator[dict[str, Any]]:
    """spaCy-style training data from the user's corrections: every paragraph that holds a
    corrected surface form, with all its entities as corrected: {"text", "entities":
    [[start, end, label], ...]} (offsets into the paragraph)."""
    rules = entities.corrections()
    if not rules:
        return
    forms = [re.compile(rf"(?<!\w){re.escape(text)}(?!\w)") for text in rules]
    for article in articles:
        if not any(form.search(article.body) for form in forms):
            continue
        found = entities.of(article)
        for block in article.blocks:
            text = article.body[block.start : block.end]
            if block.kind == "code" or not any(form.search(text) for form in forms):
                continue
            spans = [
                [e.start - block.start, e.end - block.start, e.label]
                for e in found
                if block.start <= e.start and e.end <= block.end
            ]
            yield {"text": text, "entities": spans}
