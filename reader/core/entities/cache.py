"""The entity cache: entities by article fingerprint for one model and rules version, in an
append-only JSON-lines file shared by the app and `reader index`."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from reader.core.entities.entity import Entity
from reader.core.entities.rules import RULES_VERSION


class EntityCache:
    """Entities by article fingerprint for one model, in an append-only JSON-lines file:
    a crash loses at most the line being written, and `reader index` resumes from it.

    Opening it indexes where each fingerprint's line is (a regular expression over the file,
    nothing parsed); a line is parsed when its article is asked for. Lines appended by
    another process (`reader index` while the app runs) are indexed when asked for a
    fingerprint not seen yet.

    A line also names the article's language (`language.detect`); lines written before
    languages were told have none, and their articles are told when opened or by `reader
    index`."""

    _RECORD = re.compile(rb'^\{"fp": "([^"\n]+)"(?:, "lang": "([a-z]{2,8})")?', re.MULTILINE)

    def __init__(self, folder: Path, model_key: str):
        safe = re.sub(r"[^\w.-]", "_", model_key)
        # the rules' version too: entities found under other rules are found again
        self.path = folder / f"entities-{safe}-rules{RULES_VERSION}.jsonl"
        self.model_key = model_key
        self._where: dict[str, int] = {}  # fingerprint -> offset of its latest line
        self._languages: dict[str, str | None] = {}  # fingerprint -> language (None: not told)
        self._parsed: dict[str, list[Entity]] = {}
        self._indexed = 0  # bytes of the file indexed so far
        self._lock = threading.Lock()  # one writer or indexer at a time
        self._index_new_lines()

    def _index_new_lines(self) -> None:
        try:
            with self.path.open("rb") as handle:
                handle.seek(self._indexed)
                data = handle.read()
        except FileNotFoundError:
            return
        end = data.rfind(b"\n") + 1  # a line still being written is indexed next time
        for match in self._RECORD.finditer(data, 0, end):
            fingerprint = match.group(1).decode()
            self._where[fingerprint] = self._indexed + match.start()
            language = match.group(2)
            self._languages[fingerprint] = language.decode() if language else None
            self._parsed.pop(fingerprint, None)
        self._indexed += end

    def __contains__(self, fingerprint: str) -> bool:
        """Whether the cache holds this article (its line is not parsed)."""
        with self._lock:
            if fingerprint not in self._where:
                self._index_new_lines()
            return fingerprint in self._where

    def language(self, fingerprint: str) -> str | None:
        """The article's language as its line says; None when not told (or not cached)."""
        with self._lock:
            if fingerprint not in self._where:
                self._index_new_lines()
            return self._languages.get(fingerprint)

    def get(self, fingerprint: str) -> list[Entity] | None:
        with self._lock:
            found = self._parsed.get(fingerprint)
            if found is not None:
                return found
            if fingerprint not in self._where:
                self._index_new_lines()
            offset = self._where.get(fingerprint)
            if offset is None:
                return None
            try:
                with self.path.open("rb") as handle:
                    handle.seek(offset)
                    record = json.loads(handle.readline())
                found = list(map(Entity._make, record["e"]))
            except (OSError, ValueError, KeyError, TypeError):
                del self._where[fingerprint]  # a torn line from a crash: found again by the model
                return None
            self._parsed[fingerprint] = found
            return found

    def put_many(self, items: Iterable[tuple[str, list[Entity], str]]) -> None:
        """Record (fingerprint, entities, language) for each article."""
        items = list(items)
        lines = [
            json.dumps({"fp": fingerprint, "lang": language, "e": [[e.start, e.end, e.label] for e in entities]}) + "\n"
            for fingerprint, entities, language in items
        ]
        if not lines:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._index_new_lines()  # lines another process added come before ours
            with self.path.open("a", encoding="utf-8") as handle:
                handle.writelines(lines)
                handle.flush()
                os.fsync(handle.fileno())
            self._index_new_lines()
            self._parsed.update((fingerprint, entities) for fingerprint, entities, _ in items)

    def put(self, fingerprint: str, entities: list[Entity], language: str) -> None:
        self.put_many([(fingerprint, entities, language)])
