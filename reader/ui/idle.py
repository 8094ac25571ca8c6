"""Garbage collection out of the way of keys.

A full collection walks every object the app holds: 35-60 ms with a 100,000-word article
open, long enough to delay the key that happens to trigger it. While the app runs, the
objects that exist at start-up (Textual, the modules) are frozen out of collections, the
young generations are collected as usual (a millisecond or two), and the full collection
runs only once the user has not pressed a key for a second."""

from __future__ import annotations

import gc
import time

QUIET = 1.0  # seconds without a key or a click before a full collection may run
NEVER = 1_000_000  # a threshold that automatic full collections never reach


class IdleCollector:
    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self._thresholds = gc.get_threshold()

    def start(self) -> None:
        gc.freeze()
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, NEVER)
        gc.enable()  # `reader` left it off for its start-up

    def input(self) -> None:
        self.last_input = time.monotonic()

    def tick(self) -> None:
        """Called every so often: a full collection if objects have aged into the oldest
        generation since the last one (gc.get_count()[2] counts that) and it is quiet."""
        if gc.get_count()[2] and time.monotonic() - self.last_input >= QUIET:
            gc.collect()

    def stop(self) -> None:
        gc.set_threshold(*self._thresholds)
        gc.unfreeze()
