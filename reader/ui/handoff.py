"""The open reader's side of the handoff (`core.handoff`): while the app holds the database,
the shell's commands that change it are done here, shown here, and answered. A sync and a
feed to follow are the app's own web work (the screen stays live); the other commands run
as the shell would have run them (`run_request`, from the CLI), against the app's store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core import handoff
from reader.core.text import inert

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp
    from reader.ui.screens.library import LibraryScreen

RunRequest = Callable[[object, dict], dict]


def reply(code: int, out: str = "", err: str = "") -> dict:
    return {"code": code, "out": out, "err": err}


class Handoff:
    def __init__(self, app: ReaderApp, run_request: RunRequest | None) -> None:
        self.app, self.run_request = app, run_request
        self.server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        """Listen, if this reader is the one that can write the database."""
        services = self.app.services
        if not services.store.read_only:
            self.server = await handoff.serve(services.db_path, self.answer)

    def stop(self) -> None:
        handoff.stop(self.server, self.app.services.db_path)
        self.server = None

    async def answer(self, request: dict) -> dict:
        screen = await self._library()
        if screen is None:
            return reply(1, err="reader: the open reader is still scanning its library: try again in a moment\n")
        what = request.get("do")
        if what == "sync":
            return await self._sync(screen)
        if what == "feed-add":
            return await self._follow(screen, str(request.get("url") or ""))
        if what == "run" and self.run_request is not None:
            answered = self.run_request(self.app.services, request)
            told = (answered["out"] if answered["code"] == 0 else answered["err"]) or answered["out"]
            if told.strip():
                severity = "information" if answered["code"] == 0 else "warning"
                self.app.notify(inert(told.strip()), title="From the shell", severity=severity, timeout=6)
            self._redraw(screen)
            return answered
        return reply(2, err="reader: the open reader cannot do that; close it and run the command again\n")

    async def _library(self) -> LibraryScreen | None:
        """The library screen once its library is scanned (None if that takes over a minute)."""
        from reader.ui.screens.library import LibraryScreen

        for _ in range(600):
            screen = self.app.screen_stack[0] if self.app.screen_stack else None
            if isinstance(screen, LibraryScreen) and screen.library is not None:
                return screen
            await asyncio.sleep(0.1)
        return None

    def _redraw(self, screen: LibraryScreen) -> None:
        from reader.ui.screens.views import ViewsPanel

        screen.refill()
        screen.query_one(ViewsPanel).count()

    async def _sync(self, screen: LibraryScreen) -> dict:
        from textual.worker import WorkerCancelled, WorkerFailed

        if any(w.group == "sync" and w.is_running for w in screen.workers):
            return reply(0, err="reader: the open reader is syncing already: its results show there\n")
        feeds = self.app.services.store.feeds.all()
        if not feeds:
            return reply(1, err="reader: no feeds to sync: follow one with `reader feed add URL`\n")
        worker = screen.sync_feeds(feeds)
        try:
            synced = await worker.wait()
        except (WorkerCancelled, WorkerFailed) as error:
            return reply(1, err=f"reader: the sync in the open reader stopped: {error}\n")
        out = "".join(f"{line}\n" for line in synced.lines())
        return reply(1 if synced.every_failed else 0, out, f"{synced.head()} (in the open reader)\n")

    async def _follow(self, screen: LibraryScreen, url: str) -> dict:
        """`reader feed add URL`: found (a feed, or a page that names one) and followed."""
        from reader.core.ingest import FeedError, FetchError
        from reader.services import feeds

        try:
            followed = await feeds.follow(self.app.services, url, lambda failed: self.app.saving(failed=failed))
        except (FetchError, FeedError) as error:
            return reply(1, err=f"reader: {error}\n")
        if followed is None:
            return reply(1, err="reader: the open reader could not save the feed (it says why)\n")
        self.app.notify(followed.notice(), title="From the shell")
        self._redraw(screen)
        return reply(0, followed.line() + "\n")
