"""Everything the CLI and the app share: paths, config, the store, the entities and the
library, built once at start-up; nothing heavy is imported here. What they do with them is
in the modules beside this one, as functions of the Services: `triage` (queries, views,
delete and restore), `review` (the daily review), `exports` (Markdown), `search` (the
full-text index), `feeds` (sync and follow), `first_screen`."""

from __future__ import annotations

import contextlib
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.config import Config, load_config
from reader.core.files import keep_private, tighten
from reader.core.library import Library, scan
from reader.core.paths import Paths, seeds_dir
from reader.core.store import Store

if TYPE_CHECKING:
    from concurrent.futures import Future  # imported where a scan starts: with logging, 13 ms of every command's start


def private_folders(paths: Paths) -> list[Path]:
    """What reader creates from now on is the user's alone; the folders an older reader left
    open to others are closed (those it changed)."""
    folders = list(dict.fromkeys([paths.data_dir, paths.config_dir, paths.cache_dir]))
    keep_private(*folders)
    return [folder for folder in folders if tighten(folder)]


@dataclass
class Services:
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
    exporter: object = field(default=None, repr=False)  # the Markdown exporter, its template parsed once (`exports`)
    notes: list[str] = field(default_factory=list)
    _swept: bool = field(default=False, repr=False)  # what the user is told once: damage kept aside, a full disk
    _opening: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def build(
        cls, libraries: list[Path] | None = None, db_path: Path | None = None, model: str | None = None
    ) -> Services:
        """Read the config (ConfigError if it is bad) and work out the library folders."""
        paths = Paths.from_env()
        tightened = private_folders(paths)
        config = load_config(paths.config_path)
        if libraries:
            roots = [p.expanduser() for p in libraries]
        else:
            roots = ([seeds_dir()] if config.include_seeds else []) + [paths.library_dir] + config.library_paths
        services = cls(paths, config, roots, db_path or paths.db_path, model=model or config.model)
        if tightened:
            where = ", ".join(str(folder) for folder in tightened)
            services.notes.append(f"made {where} readable by you alone (it was open to other users on this machine)")
        return services

    @property
    def store(self) -> Store:
        """The user's database, opened on first use (StoreError if it cannot be used); its
        highlights are read when first needed (the app reads them after its scan)."""
        with self._opening:  # the scan's thread opens it too, so that the UI finds it open
            if self._store is None:
                self._store = Store(self.db_path)
                self.notes.extend(self._store.warnings)  # what was damaged and kept aside
        return self._store

    @property
    def store_open(self) -> bool:
        """Whether the database is open (the app's first screen is drawn before it is)."""
        return self._store is not None

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
    def scan_cache(self) -> Path:
        """What the last scan read of each file (scanning.ScanCache)."""
        return self.paths.cache_dir / "library-scan.json"

    @property
    def search_path(self) -> Path:
        return self.db_path.parent / "search.sqlite"

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
        self.library = library = scan(self.roots, self.config.max_file_bytes, self.scan_cache)
        folder = self.paths.library_dir
        if not self._swept and folder.is_dir():  # what saves cut short by a crash left
            from reader.core.files import remove_leftovers, sweep

            if folder in self.roots:  # the scan's walk met them
                remove_leftovers([name for name in library.leftovers if Path(name).is_relative_to(folder)])
            else:
                sweep(folder)
            self._swept = True
        return library

    def scan_in_background(self) -> Future:
        """Start scanning the library in a thread (once); the future holds the Library.
        Started before the UI is imported, the scan overlaps with Textual's start-up."""
        if self._scan is None:
            from concurrent.futures import Future

            future: Future = Future()

            def run() -> None:
                try:
                    try:
                        store: Store | None = self.store  # opened here first (its lock taken), off the UI's start-up
                    except Exception:  # the UI opens it again and says why it cannot
                        store = None
                    library = self.scan()
                    if store is not None:  # its highlights read after the scan: one long parse, off the first frame
                        with contextlib.suppress(Exception):  # damaged: said where they are first needed
                            store.read_all()
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
