"""The open reader's side of the handoff (`core.handoff`): while the app holds the database,
the shell's commands that change it are done here, shown here, and answered. A sync and a
feed to follow are the workspace's own web work (the screens stay live); the other commands
run as the shell would have run them (`run_request`, from the CLI), against the app's store,
and the workspace announces what they changed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core import handoff
from reader.core.text import inert
from reader.services import feeds
from reader.ui.workspace import SAVED

if TYPE_CHECKING:
    from reader.ui.workspace import Workspace

RunRequest = Callable[[object, dict], dict]


def reply(code: int, out: str = "", err: str = "") -> dict:
    return {"code": code, "out": out, "err": err}


class Handoff:
    def __init__(self, workspace: Workspace, run_request: RunRequest | None) -> None:
        self.workspace, self.app, self.run_request = workspace, workspace.app, run_request
        self.server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        """Listen, if this reader is the one that can write the database."""
        services = self.workspace.services
        for _ in range(12_000):  # the database opens behind the first screen: listen once it is (10 min at most)
            if services.store_open or self.workspace.problem:
                break
            await asyncio.sleep(0.05)
        if services.store_open and not services.store.read_only:
            self.server, warning = await handoff.serve(services.db_path, self.answer)
            if warning:
                self.app.notify(warning, title="The shell", severity="warning", timeout=10)

    def stop(self) -> None:
        handoff.stop(self.server, self.workspace.services.db_path)
        self.server = None

    async def answer(self, request: dict) -> dict:
        if not await self.workspace.wait_ready(timeout=60):
            return reply(1, err="reader: the open reader is still scanning its library: try again in a moment\n")
        what = request.get("do")
        if what == "sync":
            return await self._sync()
        if what == "feed-add":
            return await self._follow(str(request.get("url") or ""))
        if what == "feed-import":
            return await self._import_feeds(str(request.get("path") or ""))
        if what == "run" and self.run_request is not None:
            answered = self.run_request(self.workspace.services, request)
            if (request.get("argv") or [""])[0] == "import" and len(self.workspace.services.store.fetches):
                self.workspace.web.fetch_imported()  # the pages it named, in the background
            told = (answered["out"] if answered["code"] == 0 else answered["err"]) or answered["out"]
            if told.strip():
                severity = "information" if answered["code"] == 0 else "warning"
                self.app.notify(inert(told.strip()), title="From the shell", severity=severity, timeout=6)
            self.workspace.announce(SAVED)
            return answered
        return reply(2, err="reader: the open reader cannot do that; close it and run the command again\n")

    async def _sync(self) -> dict:
        from textual.worker import WorkerCancelled, WorkerFailed

        web = self.workspace.web
        if web.syncing:
            return reply(0, err="reader: the open reader is syncing already: its results show there\n")
        followed = self.workspace.services.store.feeds.all()
        store = self.workspace.services.store
        if not followed and not store.remote.accounts() and not len(store.fetches):
            return reply(1, err="reader: no feeds to sync: follow one with `reader feed add URL`\n")
        try:
            synced = await web.sync_feeds(followed).wait()
        except (WorkerCancelled, WorkerFailed) as error:
            return reply(1, err=f"reader: the sync in the open reader stopped: {error}\n")
        out = "".join(f"{line}\n" for line in synced.lines())
        return reply(1 if synced.every_failed else 0, out, f"{synced.head()} (in the open reader)\n")

    async def _import_feeds(self, path: str) -> dict:
        """`reader feed import FILE`: read off the event loop, followed in one batch."""
        from reader.core.ingest.opml import OpmlError

        self.app.notify(f"Reading the feeds in {path}…", title="From the shell", timeout=4)
        try:
            said, skipped_lines = await self.workspace.web.follow_opml(Path(path))
        except OSError as error:
            return reply(1, err=f"reader: cannot read {inert(path)}: {error.strerror or error}\n")
        except OpmlError as error:
            return reply(1, err=f"reader: {inert(path)}: {error}\n")
        if said is None:
            return reply(1, err="reader: the open reader could not save the feeds (it says why)\n")
        self.app.notify(f"{said[0].upper()}{said[1:]}: R syncs their articles", title="From the shell")
        skipped = "".join(f"{line}\n" for line in skipped_lines)
        return reply(0, f"{said}; the open reader syncs them with R\n", skipped)

    async def _follow(self, url: str) -> dict:
        """`reader feed add URL`: found (a feed, or a page that names one) and followed."""
        from reader.core.ingest import FeedError, FetchError

        try:
            followed = await feeds.follow(self.workspace.services, url, self.workspace.saving)
        except (FetchError, FeedError) as error:
            return reply(1, err=f"reader: {error}\n")
        if followed is None:
            return reply(1, err="reader: the open reader could not save the feed (it says why)\n")
        self.app.notify(followed.notice(), title="From the shell")
        return reply(0, followed.line() + "\n")
