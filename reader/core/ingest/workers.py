"""Parsing what comes from the web in worker processes, never in the caller's process: lxml
(under trafilatura and our own HTML reading) is not safe from several threads at once and
can crash the whole process on a bad page ("double free or corruption", SIGSEGV: adbar/
trafilatura issues #840 and #925). A crash in a worker costs that page only.

One pool of as many processes as cores, started on first use and reused across pages (its
processes fork from a forkserver that has trafilatura and feedparser loaded, so a new one is
ready in milliseconds). At most one task more than the pool has processes is handed to it at
once, so when a process dies only those few are in doubt: each is run again alone, in a pool
of one, where a crash is its own ("extraction crashed") and nothing else's. A page that keeps
a worker busy for more than a minute (a parser caught in a loop) is given up the same way:
the pool's processes are stopped, and the others' pages run again."""

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
TASK_SECONDS = 60.0  # the longest a page may keep a worker: then the worker is stopped and the page given up


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

    def __init__(
        self, size: int | None = None, initializer: Callable[[], object] | None = None, limit: float = TASK_SECONDS
    ):
        self.size = size or cores()
        self.initializer = initializer
        self.limit = limit  # seconds a task may take, from when it is handed to the pool
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
                return await asyncio.wait_for(loop.run_in_executor(pool, function, *args), self.limit)
            except BrokenProcessPool:
                if self._pool is pool:  # the first to see it replaces it
                    self._pool = None
                    pool.shutdown(wait=False, cancel_futures=True)
            except TimeoutError:  # the others' tasks find the pool broken and run again alone
                if self._pool is pool:
                    self._pool = None
                _stop(pool)
                raise self._too_long() from None
        async with self._one_at_a_time:  # alone: if it dies now, it was this one
            alone = self._alone = self._alone or self._new(1)
            try:
                return await asyncio.wait_for(loop.run_in_executor(alone, function, *args), self.limit)
            except BrokenProcessPool:
                self._alone = None
                alone.shutdown(wait=False, cancel_futures=True)
                raise Crashed("extraction crashed (its worker process died)") from None
            except TimeoutError:
                self._alone = None
                _stop(alone)
                raise self._too_long() from None

    def _too_long(self) -> Crashed:
        return Crashed(f"extraction took more than {self.limit:g} s: given up")

    def close(self) -> None:
        """Stop the processes now, busy or not: quitting never waits on a page that takes a
        worker forever (nor does the interpreter's exit, which joins every pool)."""
        for pool in (self._pool, self._alone):
            if pool is not None:
                _stop(pool)
        self._pool = self._alone = None


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's processes now, busy or not."""
    processes = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()


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
