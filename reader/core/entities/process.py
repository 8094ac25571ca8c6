"""The spaCy model in a process of its own, so that the reader's UI never waits for it.

One long-lived child (`python -m reader.core.entities.process MODEL`), started the first time
an article's entities are not in the cache, reused afterwards. It talks JSON lines over its
stdin and stdout: a request is an article body and the ranges to skip (code blocks), the
answer is plain spans `[start, end, label]`, and, when asked, the body's language (the
model then runs only on text in its own language); the parent alone writes the cache. The child
runs at a lower priority with one thread, and exits when its stdin closes or its parent is
gone (even after a `kill -9` of the reader), so no process is left behind."""

from __future__ import annotations

import os

if __name__ == "__main__":  # the child: a lower priority before anything is loaded
    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass

import atexit  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import IO, Any  # noqa: E402

from reader.core.entities.entity import Entity, ModelUnavailable  # noqa: E402

# One thread for the model's maths: on a small machine the other cores belong to the UI.
_ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


class EntityProcess:
    """A handle on the child; `find` may be called from any thread (one request at a time)."""

    _shared: dict[str | None, EntityProcess] = {}

    @classmethod
    def shared(cls, model: str | None, log: Path | None = None) -> EntityProcess:
        """One child per model for the whole program (the app, and every test app)."""
        if model not in cls._shared:
            cls._shared[model] = cls(model, log)
        return cls._shared[model]

    @classmethod
    def close_all(cls) -> None:
        for process in cls._shared.values():
            process.close()

    def __init__(self, model: str | None, log: Path | None = None):
        self.model = model
        self.log = log
        self._child: subprocess.Popen[str] | None = None
        self._key: str | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._child is not None and self._child.poll() is None

    @property
    def pid(self) -> int | None:
        return self._child.pid if self._child else None

    def key(self) -> str:
        """The loaded model's cache key (starts the child if needed)."""
        with self._lock:
            self._start()
            assert self._key is not None
            return self._key

    def find(self, body: str, skip: list[tuple[int, int]]) -> list[Entity]:
        """The entities of one body, cleaned up by the generic rules (ModelUnavailable if
        there is no model, or if the child died)."""
        return self.tell(body, skip, detect=False)[1] or []

    def tell(
        self, body: str, skip: list[tuple[int, int]], detect: bool = True, find: bool = True
    ) -> tuple[str | None, list[Entity] | None]:
        """(the body's language if `detect`, its entities): entities only when `find` and
        the text is in the model's language (always without `detect`), else None."""
        with self._lock:
            self._start()
            answer = self._ask({"body": body, "skip": skip, "detect": detect, "find": find})
        found = answer["entities"]
        return answer.get("lang"), None if found is None else [Entity(*span) for span in found]

    def _start(self) -> None:
        if self.running:
            return
        log: IO[str] | int = open(self.log, "a", encoding="utf-8") if self.log else subprocess.DEVNULL  # noqa: SIM115
        try:
            self._child = subprocess.Popen(
                [sys.executable, "-m", "reader.core.entities.process", self.model or ""],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,  # spaCy's warnings, never on the reader's screen
                text=True,
                encoding="utf-8",
                env={**os.environ, **_ONE_THREAD},
            )
        finally:
            if not isinstance(log, int):
                log.close()
        atexit.register(self.close)
        self._key = self._read()["key"]

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self._child is not None and self._child.stdin is not None
        try:
            self._child.stdin.write(json.dumps(request) + "\n")
            self._child.stdin.flush()
        except OSError:
            self.close()
            raise ModelUnavailable(f"the entity process stopped{self._log_hint()}") from None
        return self._read()

    def _read(self) -> dict[str, Any]:
        assert self._child is not None and self._child.stdout is not None
        line = self._child.stdout.readline()
        if not line:
            self.close()
            raise ModelUnavailable(f"the entity process stopped{self._log_hint()}")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            if answer.get("fatal"):
                self.close()
            raise ModelUnavailable(answer["error"])
        return answer

    def _log_hint(self) -> str:
        return f" (see {self.log})" if self.log else ""

    def close(self) -> None:
        """Stop the child: its stdin closes and it exits; killed if it does not within 2 s."""
        child, self._child = self._child, None
        if child is None:
            return
        for stream in (child.stdin, child.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        try:
            child.wait(2)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


# --- the child -------------------------------------------------------------------------------


def _watch_parent(parent: int) -> None:
    """Exit as soon as the parent is gone (its pid is no longer our parent's), even while
    the model is busy with a long article."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def serve(model: str | None, requests: IO[str], answers: IO[str]) -> None:
    from reader.core.entities import language
    from reader.core.entities.model import Recognizer

    def say(message: dict[str, Any]) -> None:
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    try:
        recognizer = Recognizer(model or None)
    except ModelUnavailable as error:
        say({"error": str(error), "fatal": True})
        return
    say({"key": recognizer.key})
    for line in requests:
        try:
            request = json.loads(line)
            body = request["body"]
            told = language.detect(body) if request.get("detect") else None
            wanted = request.get("find", True) and (told is None or language.speaks(recognizer.language, told))
            spans = recognizer.spans(body, [tuple(pair) for pair in request["skip"]]) if wanted else None
        except Exception as error:  # one bad article must not stop the others
            say({"error": f"entities could not be found: {error}"})
            continue
        say({"lang": told, "entities": None if spans is None else [[e.start, e.end, e.label] for e in spans]})


def main() -> None:
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    # Answers go out on a private copy of stdout; whatever a library prints goes to stderr.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.argv[1] if len(sys.argv) > 1 else None, sys.stdin, answers)


if __name__ == "__main__":
    main()
