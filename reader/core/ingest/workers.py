"""Parsing what comes from the web in worker processes, never in the caller's process: lxml
(under trafilatura and our own HTML reading) is not safe from several threads at once and
can crash the whole process on a bad page ("double free or corruption", SIGSEGV: adbar/
trafilatura issues #840 and #925). A crash in a worker costs that page only.

One pool of as many processes as cores, started on first use and reused across pages (its
processes fork from a forkserver that has trafilatura and feedparser loaded, so a new one is
ready in milliseconds). At most one task more than the pool has processes is handed to it at
once, so when a process dies only those few are in doubt: each is run again alone, in a pool
of one, where a crash is its own ("extraction crashed") and nothing else's."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from reader.core.extract import ExtractError

T = TypeVar("T")

PRELOAD = ["reader.core.extract", "reader.core.ingest.feed_parsing", "trafilatura", "feedparser", "lxml.html"]
TASKS_PER_PROCESS = 500  # then fresh processes: whatever lxml leaked goes with the old ones


class Crashed(ExtractError):
    """A worker process died on this input (a signal, a crash in C): for the page, as if
    nothing could be extracted from it."""


def cores() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _quiet(initializer: Callable[[], object] | None) -> None:
    """In each worker: nothing reaches the terminal (the app may be drawing on it; trafilatura
    logs its doubts as warnings); what went wrong comes back as the result."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    logging.disable(logging.CRITICAL)
    if initializer is not None:
        initializer()


def _start_tracker() -> None:
    """multiprocessing's resource tracker, started with the process's own stderr: a Textual
    app has put an object in sys.stderr whose file number the tracker cannot pass on."""
    from multiprocessing import resource_tracker

    saved = sys.stderr
    sys.stderr = sys.__stderr__ or saved
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


class Workers:
    """`await workers.run(function, *args)`: the function (a module-level one, its arguments
    and result picklable) run in a worker process; Crashed if it kills its worker."""

    def __init__(self, size: int | None = None, initializer: Callable[[], object] | None = None):
        self.size = size or cores()
        self.initializer = initializer
        self._pool: ProcessPoolExecutor | None = None
        self._alone: ProcessPoolExecutor | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._room = asyncio.Semaphore(self.size + 1)
        self._one_at_a_time = asyncio.Lock()
        self._tasks = 0

    def _new(self, size: int) -> ProcessPoolExecutor:
        _start_tracker()
        return ProcessPoolExecutor(
            size,
            mp_context=_context(),
            initializer=_quiet,
            initargs=(self.initializer,),
        )  # not max_tasks_per_child: on 3.11 it can strand queued tasks and hang exit (cpython gh-115634)

    def _bind(self) -> asyncio.AbstractEventLoop:
        """The running loop; the semaphore and lock are made anew for each loop (the CLI runs
        one per command, tests one per test)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop = loop
            self._room = asyncio.Semaphore(self.size + 1)
            self._one_at_a_time = asyncio.Lock()
        return loop

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        loop = self._bind()
        async with self._room:
            self._tasks += 1
            if self._pool is not None and self._tasks > TASKS_PER_PROCESS * self.size:
                self._pool.shutdown(wait=False)  # it finishes what it has; new tasks go to fresh processes
                self._pool, self._tasks = None, 1
            pool = self._pool = self._pool or self._new(self.size)
            try:
                return await loop.run_in_executor(pool, function, *args)
            except BrokenProcessPool:
                if self._pool is pool:  # the first to see it replaces it
                    self._pool = None
                    pool.shutdown(wait=False, cancel_futures=True)
        async with self._one_at_a_time:  # alone: if it dies now, it was this one
            alone = self._alone = self._alone or self._new(1)
            try:
                return await loop.run_in_executor(alone, function, *args)
            except BrokenProcessPool:
                self._alone = None
                alone.shutdown(wait=False, cancel_futures=True)
                raise Crashed("extraction crashed (its worker process died)") from None

    def close(self) -> None:
        """Stop the processes now, busy or not: quitting never waits on a page that takes a
        worker forever (nor does the interpreter's exit, which joins every pool)."""
        for pool in (self._pool, self._alone):
            if pool is not None:
                processes = list((pool._processes or {}).values())
                pool.shutdown(wait=False, cancel_futures=True)
                for process in processes:
                    process.kill()
        self._pool = self._alone = None


_SHARED: Workers | None = None


def close_shared() -> None:
    """At the end of the app or of a CLI command: the shared pool's processes go with it."""
    if _SHARED is not None:
        _SHARED.close()


def shared() -> Workers:
    """The process's one pool (the app's, or a CLI command's)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Workers()
    return _SHARED
