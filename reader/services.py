"""Everything the CLI and the app share: paths, config, the store and the library roots.
Built once at start-up; nothing heavy is imported here."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.config import Config, load_config
from reader.core.library import Library, scan
from reader.core.paths import Paths, seeds_dir
from reader.core.store import Store


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
    _entities: object = field(default=None, repr=False)

    @classmethod
    def build(cls, libraries: list[Path] | None = None, db_path: Path | None = None, model: str | None = None) -> "Services":
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
        if self._store is None:
            self._store = Store(self.db_path)
        return self._store

    @property
    def entities(self):
        """Entity finding and its cache (spaCy is imported only when a model is needed)."""
        if self._entities is None:
            from reader.core.entities import Entities

            self._entities = Entities(self.db_path.parent / "entity-cache", self.model, lambda: self.store.corrections())
        return self._entities

    def scan(self) -> Library:
        self.library = scan(self.roots, self.config.max_file_bytes, self.paths.cache_dir / "library-scan.json")
        return self.library

    def scan_in_background(self) -> Future:
        """Start scanning the library in a thread (once); the future holds the Library.
        Started before the UI is imported, the scan overlaps with Textual's start-up."""
        if self._scan is None:
            future: Future = Future()

            def run() -> None:
                try:
                    future.set_result(self.scan())
                except BaseException as error:  # handed to whoever waits on the future
                    future.set_exception(error)

            self._scan = future
            threading.Thread(target=run, name="library-scan", daemon=True).start()
        return self._scan

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
