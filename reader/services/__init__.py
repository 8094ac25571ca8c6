"""Everything the CLI and the app share: paths, config, the store and the library roots.
Built once at start-up; nothing heavy is imported here. Working through the library
(queries, views, delete and restore) is in `triage`."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.config import Config, load_config
from reader.core.library import Library, scan
from reader.core.paths import Paths, seeds_dir
from reader.core.store import Store
from reader.services.review import Reviewing
from reader.services.triage import Triage


@dataclass
class Services(Triage, Reviewing):
    paths: Paths
    config: Config
    roots: list[Path]
    db_path: Path
    _store: Store | None = field(default=None, repr=False)
    library: Library | None = None
    _scan: Future | None = field(default=None, repr=False)
    model: str | None = None
    entity_process: bool = False  # the app's: spaCy runs in a child process, never in the UI's
    _entities: object = field(default=None, repr=False)
    _exporter: object = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)
    _swept: bool = field(default=False, repr=False)  # what the user is told once: damage kept aside, a full disk
    _opening: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def build(
        cls, libraries: list[Path] | None = None, db_path: Path | None = None, model: str | None = None
    ) -> Services:
        """Read the config (ConfigError if it is bad) and work out the library folders."""
        paths = Paths.from_env()
        config = load_config(paths.config_path)
        if libraries:
            roots = [p.expanduser() for p in libraries]
        else:
            roots = ([seeds_dir()] if config.include_seeds else []) + [paths.library_dir] + config.library_paths
        return cls(paths, config, roots, db_path or paths.db_path, model=model or config.model)

    @property
    def store(self) -> Store:
        """The user's database, opened on first use (StoreError if it cannot be used)."""
        with self._opening:  # the scan's thread opens it too, so that the UI finds it open
            if self._store is None:
                self._store = Store(self.db_path)
                self.notes.extend(self._store.warnings)  # what was damaged and kept aside
        return self._store

    @property
    def entities(self):
        """Entity finding and its cache (spaCy is imported only when a model is needed)."""
        if self._entities is None:
            from reader.core.entities import Entities, Mention

            self._entities = Entities(
                self.db_path.parent / "entity-cache",
                self.model,
                lambda: self.store.corrections.rules(),
                separate_process=self.entity_process,
                mentions=lambda article_id: [
                    Mention(d["start"], d["end"], d["text"], d["label"], d.get("prefix", ""), d.get("suffix", ""))
                    for d in self.store.corrections.mentions(article_id)
                ],
                models=self.config.models,
            )
        return self._entities

    @property
    def export_dir(self) -> Path:
        folder = self.config.export_dir
        return Path(folder).expanduser() if folder else self.paths.data_dir / "exports"

    @property
    def export_template(self) -> Path | None:
        template = self.config.export_template
        return Path(template).expanduser() if template else None

    def exporter(self):
        """The Markdown exporter with the configured template, parsed once."""
        if self._exporter is None:
            from reader.core.notes.export import Exporter

            self._exporter = Exporter(self.export_template)
        return self._exporter

    def export_articles(
        self,
        article_ids: list[str] | None,
        highlight_ids: set[str] | None = None,
        notebook: str | None = None,
        notes: list[str] | None = None,
    ) -> list[Path]:
        """Export to Markdown (as the reader's export key does): one article to its file in
        the export folder (reader.core.notes.writing names it); with `notebook` (the
        notebook's filter, maybe ""), only `highlight_ids`, into a file named from the
        filter, never over an article's own."""
        from reader.core.notes.export import safe_filename
        from reader.core.notes.writing import collect, export_name, write_markdown

        exports = collect(self.library, self.store, article_ids)
        if highlight_ids is not None:
            for article in exports:
                article.highlights = [h for h in article.highlights if h.id in highlight_ids]
            exports = [a for a in exports if a.highlights]
        exports = [a for a in exports if a.highlights or a.tags or a.note]
        if not exports:
            return []
        if notebook is None:
            folder = self.export_dir
            path, what = folder / export_name(exports[0].id, exports[0].title, folder), "Highlights"
        else:  # a folder of its own: no article's export can share its name
            words = " ".join(notebook.split())
            path = self.export_dir / "notebook" / safe_filename(words or "all highlights", set())
            what = f"Notebook: {words}" if words else "Notebook"
        return write_markdown(exports, path, self.exporter(), folder=False, what=what, notes=notes)

    @property
    def search_path(self) -> Path:
        return self.db_path.parent / "search.sqlite"

    def update_search(self, progress=None):
        """Bring the full-text index (reader.core.search) up to date with the library, the
        highlights' tags and notes, and the entity cache; returns the Update report."""
        import hashlib

        from reader.core.library import SkipFile
        from reader.core.search import Document, SearchIndex, bring_up_to_date

        library = self.library or self.scan()
        annotated: dict[str, tuple[list[str], list[str]]] = {}
        for h in self.store.highlights.all():
            tags, notes = annotated.setdefault(h.article, ([], []))
            tags.extend(h.tags)
            notes.append(h.note)
        entities = self.entities
        try:
            cache = entities.cache
        except Exception:  # no model: entity: searches find nothing until there is one
            cache = None

        def document(article_id: str) -> Document | None:
            try:
                article = library.load(article_id)
            except (SkipFile, OSError, KeyError):
                return None
            found = entities.cached(article) if cache is not None else None
            names = None if found is None else " ".join(sorted({e.text(article.body) for e in found}))
            tags, notes = annotated.get(article_id, ([], []))
            return Document(
                article_id,
                article.title,
                article.body,
                " ".join(filter(None, (article.site_name, article.author or ""))),
                " ".join(tags),
                "\n".join(notes),
                names,
                article.fingerprint,
            )

        def extras(article_id: str) -> str:
            tags, notes = annotated.get(article_id, ([], []))
            return (
                hashlib.blake2b("\x00".join(tags + notes).encode(), digest_size=6).hexdigest() if tags or notes else ""
            )

        index = SearchIndex(self.search_path)
        try:
            return bring_up_to_date(
                index,
                [(entry.id, entry.path) for entry in library.entries],
                document,
                extras,
                progress,
                lambda fingerprint: cache is not None and entities.indexed(fingerprint),
            )
        finally:
            index.close()

    def auto_export(self, article_id: str, notes: list[str] | None = None) -> Path | None:
        """Keep the auto-export folder's file for this article up to date: written once the
        article has highlights, tags or a note, and kept (rewritten) when they are gone."""
        from reader.core.notes.writing import collect, export_name, write_markdown

        if not self.config.auto_export_dir:
            return None
        folder = Path(self.config.auto_export_dir).expanduser()
        export = collect(self.library, self.store, [article_id])[0]
        path = folder / export_name(article_id, export.title, folder)
        if not (export.highlights or export.tags or export.note or path.exists()):
            return None
        return write_markdown([export], path, self.exporter(), folder=False, notes=notes)[0]

    def missing_exports(self) -> list[str]:
        """The annotated articles (highlights, tags or a note) with no file in the auto-export
        folder yet: those annotated before `auto_export_dir` was set."""
        from reader.core.notes.writing import exported_digests, id_digest

        if not self.config.auto_export_dir:
            return []
        present = exported_digests(Path(self.config.auto_export_dir).expanduser())
        states = self.store.articles.states()
        annotated = set(self.store.highlights.counts()) | {a for a, s in states.items() if s.tags or s.note}
        return sorted(a for a in annotated if id_digest(a) not in present and not (a in states and states[a].deleted))

    def article_entities(self, compute: bool):
        """(entry, article, entities, computed) for every readable article of the library:
        entities from the cache, or None when not indexed yet; `compute` runs the model for
        those instead (computed is then True). ModelUnavailable propagates."""
        from reader.core.library import SkipFile

        library = self.library
        for entry in library.entries if library else []:
            try:
                article = library.load(entry.id)
            except (SkipFile, OSError):
                continue
            found = self.entities.cached(article)
            computed = found is None and compute
            if computed:
                found = self.entities.of(article)
            yield entry, article, found, computed

    def scan(self) -> Library:
        if not self._swept and self.paths.library_dir.is_dir():  # what saves cut short by a crash left
            from reader.core.files import sweep

            sweep(self.paths.library_dir)
            self._swept = True
        self.library = scan(self.roots, self.config.max_file_bytes, self.paths.cache_dir / "library-scan.json")
        return self.library

    def scan_in_background(self) -> Future:
        """Start scanning the library in a thread (once); the future holds the Library.
        Started before the UI is imported, the scan overlaps with Textual's start-up."""
        if self._scan is None:
            future: Future = Future()

            def run() -> None:
                try:
                    library = self.scan()
                    try:
                        self.store  # noqa: B018  # opened here, off the UI's start-up
                    except Exception:  # noqa: S110  # the UI opens it again and says why it cannot
                        pass
                    future.set_result(library)
                except BaseException as error:  # handed to whoever waits on the future
                    future.set_exception(error)

            self._scan = future
            threading.Thread(target=run, name="library-scan", daemon=True).start()
        return self._scan

    def close(self) -> None:
        workers = sys.modules.get("reader.core.ingest.workers")  # imported only if pages were read
        if workers is not None:
            workers.close_shared()
        if self._store is not None:
            self.notes.extend(self._store.close())  # a full disk: the changes wait in the journal
            self._store = None
