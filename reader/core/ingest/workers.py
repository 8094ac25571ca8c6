"""Parsing what comes from the web in worker processes, never in the caller's process: lxml
(under trafilatura and our own HTML reading) is not safe from several threads at once and
can crash the whole process on a bad page ("double free or corruption", SIGSEGV: adbar/
trafilatura issues #840 and #925). A crash in a worker costs that page only.

As many processes as cores, started on first use and reused across pages (they fork from a
forkserver that has trafilatura and feedparser loaded, so a new one is ready in
milliseconds). Each has a pipe for its tasks and one for its answers, both read and written
by the caller's event loop itself: no thread of ours in between (a concurrent.futures pool
moves every task through two threads, which took the GIL from the loop at each page and cost
the sync a third of its time). A process is given at most two tasks at a time and does them
in order, so when it dies the task it was doing is known exactly: that page is reported
("extraction crashed") and the one waiting behind it goes to another process. A page that
keeps a process busy for more than a minute (a parser caught in a loop) is given up the same
way. After TASKS_PER_PROCESS tasks a process makes way for a fresh one (whatever lxml leaked
goes with it)."""

from __future__ import annotations

import asyncio
import collections
import logging
import multiprocessing
import os
import pickle
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from reader.core.extract import ExtractError
from reader.core.files import cores

T = TypeVar("T")

PRELOAD = ["reader.core.ingest.warm"]  # trafilatura, feedparser and lxml, imported and run once
TASKS_PER_PROCESS = 500  # then a fresh process: whatever lxml leaked goes with the old one
TASK_SECONDS = 60.0  # the longest a page may keep a worker: then the worker is stopped and the page given up
DEPTH = 2  # tasks handed to one process at once: the next is there when it finishes one
READ_SIZE = 1 << 18


class Crashed(ExtractError):
    """A worker process died on this input (a signal, a crash in C), or took too long over it:
    for the page, as if nothing could be extracted from it."""


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


def _serve(tasks: Any, answers: Any, initializer: Callable[[], object] | None) -> None:
    """A worker process: each task (a pickled function and its arguments) is run in turn and
    answered with (True, result) or (False, exception), until its task pipe is closed."""
    _quiet(initializer)
    while True:
        try:
            function, args = pickle.loads(tasks.recv_bytes())
        except EOFError:
            return
        try:
            outcome: tuple[bool, Any] = (True, function(*args))
        except BaseException as error:  # noqa: BLE001 - handed back to the caller
            outcome = (False, error)
        try:
            answer = pickle.dumps(outcome)
        except Exception as error:  # noqa: BLE001 - a result or exception that cannot be pickled
            answer = pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")))
        answers.send_bytes(answer)


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


@dataclass(eq=False)
class _Task:
    frame: bytes  # the length header and the pickled (function, args), as the pipe takes it
    future: asyncio.Future[Any]
    timer: asyncio.TimerHandle | None = None


@dataclass(eq=False)
class _Process:
    """One worker process, the caller's ends of its pipes, and the tasks handed to it (the
    first is the one it is doing)."""

    process: Any
    tasks: Any  # Connection: the caller writes tasks into it
    answers: Any  # Connection: the caller reads answers from it
    queue: collections.deque[_Task] = field(default_factory=collections.deque)
    sent: int = 0
    outgoing: bytearray = field(default_factory=bytearray)
    incoming: bytearray = field(default_factory=bytearray)
    writing: bool = False

    @property
    def open_to_tasks(self) -> bool:
        return self.sent < TASKS_PER_PROCESS


class Workers:
    """`await workers.run(function, *args)`: the function (a module-level one, its arguments
    and result picklable) run in a worker process; Crashed if it kills its worker. Used from
    one event loop at a time (the app's, or a CLI command's), from that loop's thread."""

    def __init__(
        self, size: int | None = None, initializer: Callable[[], object] | None = None, limit: float = TASK_SECONDS
    ):
        self.size = size or cores()
        self.initializer = initializer
        self.limit = limit  # seconds a task may keep its process, from when the process starts on it
        self._processes: list[_Process] = []
        self._waiting: collections.deque[_Task] = collections.deque()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        loop = self._bind()
        payload = pickle.dumps((function, args))
        task = _Task(struct.pack("!i", len(payload)) + payload, loop.create_future())
        self._waiting.append(task)
        self._dispatch()
        result: T = await task.future
        return result

    def _bind(self) -> asyncio.AbstractEventLoop:
        """The running loop. The CLI runs one per command and tests one per test: the pipes
        are watched by the loop of the moment, and what was under way in a loop that is gone
        goes with it."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            old, self._loop = self._loop, loop
            self._waiting.clear()
            for proc in list(self._processes):
                if proc.queue or proc.outgoing:
                    self._stop(proc, old)
                else:
                    self._unwatch(proc, old)
                    loop.add_reader(proc.answers.fileno(), self._readable, proc)
        return loop

    def _dispatch(self) -> None:
        """Hand waiting tasks to processes with room, starting processes up to `size`."""
        while self._waiting:
            task = self._waiting[0]
            if task.future.done():  # its caller stopped waiting
                self._waiting.popleft()
                continue
            open_ = [p for p in self._processes if p.open_to_tasks]
            if len(open_) < self.size and all(p.queue for p in open_):  # every one busy: one more
                open_.append(self._start())
            roomy = [p for p in open_ if len(p.queue) < DEPTH]
            if not roomy:
                return
            proc = min(roomy, key=lambda p: len(p.queue))
            self._waiting.popleft()
            proc.queue.append(task)
            proc.sent += 1
            if len(proc.queue) == 1:
                self._time(proc)
            self._write(proc, task.frame)

    def _start(self) -> _Process:
        _start_tracker()
        context = _context()
        task_out, task_in = context.Pipe(duplex=False)
        answer_out, answer_in = context.Pipe(duplex=False)
        process = context.Process(target=_serve, args=(task_out, answer_in, self.initializer), daemon=True)
        process.start()
        task_out.close()  # the process has its own copies: when it dies, its answer pipe reads as ended
        answer_in.close()
        proc = _Process(process, task_in, answer_out)
        os.set_blocking(task_in.fileno(), False)
        os.set_blocking(answer_out.fileno(), False)
        assert self._loop is not None
        self._loop.add_reader(answer_out.fileno(), self._readable, proc)
        self._processes.append(proc)
        return proc

    def _write(self, proc: _Process, data: bytes = b"") -> None:
        """Send what the process has waiting to its task pipe, as much as the pipe takes now;
        the rest when the loop says it has room (never blocking the loop)."""
        proc.outgoing += data
        try:
            sent = os.write(proc.tasks.fileno(), proc.outgoing)
        except BlockingIOError:
            sent = 0
        except OSError:  # the process is gone: its answer pipe says so too
            sent = len(proc.outgoing)
        del proc.outgoing[:sent]
        assert self._loop is not None
        if proc.outgoing and not proc.writing:
            self._loop.add_writer(proc.tasks.fileno(), self._write, proc)
        elif not proc.outgoing and proc.writing:
            self._loop.remove_writer(proc.tasks.fileno())
        proc.writing = bool(proc.outgoing)

    def _readable(self, proc: _Process) -> None:
        try:
            chunk = os.read(proc.answers.fileno(), READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._lost(proc, "extraction crashed (its worker process died)")
            return
        proc.incoming += chunk
        while len(proc.incoming) >= 4:
            (size,) = struct.unpack("!i", proc.incoming[:4])
            header = 4
            if size == -1:  # over 2 GiB: a longer header (as multiprocessing writes it)
                if len(proc.incoming) < 12:
                    return
                (size,) = struct.unpack("!Q", proc.incoming[4:12])
                header = 12
            if len(proc.incoming) < header + size:
                return
            answer = bytes(proc.incoming[header : header + size])
            del proc.incoming[: header + size]
            self._answered(proc, answer)

    def _answered(self, proc: _Process, answer: bytes) -> None:
        task = proc.queue.popleft()
        if task.timer is not None:
            task.timer.cancel()
        try:
            ok, value = pickle.loads(answer)
        except Exception as error:  # noqa: BLE001 - an answer that cannot be read is the page's failure
            ok, value = False, Crashed(f"the worker's answer could not be read ({type(error).__name__})")
        if not task.future.done():
            if ok:
                task.future.set_result(value)
            else:
                task.future.set_exception(value)
        if proc.queue:
            self._time(proc)
        elif not proc.open_to_tasks:  # done its share: it ends when its task pipe closes
            self._retire(proc, self._loop)
        self._dispatch()

    def _time(self, proc: _Process) -> None:
        """The process starts on the first task of its queue: it has `limit` seconds."""
        assert self._loop is not None
        proc.queue[0].timer = self._loop.call_later(
            self.limit, self._lost, proc, f"extraction took more than {self.limit:g} s: given up"
        )

    def _lost(self, proc: _Process, reason: str) -> None:
        """The process died or overran: the task it was doing fails with `reason`, the one
        behind it waits for another process."""
        queue = list(proc.queue)
        self._stop(proc, self._loop)
        if queue:
            first, *rest = queue
            if not first.future.done():
                first.future.set_exception(Crashed(reason))
            self._waiting.extendleft(reversed(rest))
        self._dispatch()

    def _retire(self, proc: _Process, loop: asyncio.AbstractEventLoop | None) -> None:
        """Forget a process: its pipes are closed (a live one reads the end of its tasks and exits)."""
        self._unwatch(proc, loop)
        proc.tasks.close()
        proc.answers.close()
        if proc in self._processes:
            self._processes.remove(proc)

    def _stop(self, proc: _Process, loop: asyncio.AbstractEventLoop | None) -> None:
        """Stop a process now, busy or not, and forget its tasks."""
        for task in proc.queue:
            if task.timer is not None:
                task.timer.cancel()
        proc.queue.clear()
        proc.process.kill()
        self._retire(proc, loop)

    def _unwatch(self, proc: _Process, loop: asyncio.AbstractEventLoop | None) -> None:
        if loop is not None and not loop.is_closed():
            loop.remove_reader(proc.answers.fileno())
            if proc.writing:
                loop.remove_writer(proc.tasks.fileno())
        proc.writing = False

    def close(self) -> None:
        """Stop the processes now, busy or not: quitting never waits on a page that takes a
        worker forever (nor does the interpreter's exit, which joins every process)."""
        for proc in list(self._processes):
            self._stop(proc, self._loop)
        self._waiting.clear()


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
