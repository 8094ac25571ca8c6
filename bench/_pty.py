"""Run a command in a pseudo-terminal and time how long until some text is on screen."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


class PtyApp:
    def __init__(self, argv: list[str], env: dict[str, str] | None = None, size: tuple[int, int] = (110, 32)):
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            os.execvpe(argv[0], argv, {**os.environ, **(env or {}), "TERM": "xterm-256color"})
        columns, rows = size
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.raw = b""

    def text(self) -> str:
        return _ESCAPES.sub(b"", self.raw).decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float = 30.0) -> float:
        """Seconds from now until `needle` appears in the output (escape codes removed)."""
        start = time.perf_counter()
        seen = len(self.raw)
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                self.raw += chunk
                if needle in _ESCAPES.sub(b"", self.raw[max(seen - 4096, 0) :]).decode("utf-8", "replace"):
                    return time.perf_counter() - start
        raise TimeoutError(f"{needle!r} did not appear; output tail: {self.text()[-500:]!r}")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def quit(self, keys: str = "q", timeout: float = 20.0) -> None:
        """Quit as a user does (the app keeps its first screen for the next start), then close."""
        self.send(keys)
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    self.raw += os.read(self.fd, 65536)
                except OSError:
                    break
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                os.close(self.fd)
                return
        self.close()

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)
