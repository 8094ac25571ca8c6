"""A real FreshRSS (PHP, SQLite) on loopback for the sync's tests, started and stopped by the
test: `../shared/servers/serve-freshrss`. A clone without PHP or `../shared` skips with the
reason (CI has both). `FreshRSS.phone` acts as the user's phone app through the same API."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
from pathlib import Path

from tests.conftest import REPO

SERVE = REPO.parent / "shared" / "servers" / "serve-freshrss"
USER, PASSWORD = "alice", "api-password-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class FreshRSS:
    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/greader.php"

    def __enter__(self) -> FreshRSS:
        self.process = subprocess.Popen(
            [str(SERVE), str(self.folder), str(self.port), USER, PASSWORD],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # "ready URL USER PASSWORD", within the script's own 10 s
        if not line.startswith("ready "):
            self.__exit__()
            raise RuntimeError(f"FreshRSS did not start: {line}")
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)

    def actualize(self) -> str:
        """The server's cron job: fetch every feed's new entries."""
        done = subprocess.run(
            ["php", str(self.folder / "freshrss" / "cli" / "actualize-user.php"), "--user", USER],
            capture_output=True,
            text=True,
            timeout=300,
        )
        return done.stdout + done.stderr

    def phone(self, work):
        """Run `work(GReader)` as a phone app would, logged in."""
        from reader.core.ingest.fetch import Fetcher
        from reader.core.ingest.greader import check

        async def run():
            async with Fetcher() as fetcher:
                return await work(await check(fetcher.client, self.url, USER, PASSWORD))

        return asyncio.run(run())
