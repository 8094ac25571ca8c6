"""Keys in the order they were typed, each to the widget the user meant.

Textual routes a key the moment the app reads it: to the focused widget as things stand
then. A key typed right after one that opens a dialog therefore reaches the dialog before
it has a focused field (and is lost), and a key typed right after one that closes a
dialog or saves reaches the dialog that is about to go (typed into it, or saved without
what was typed before it). The gate holds a key back while the key before it is still
being handled (the widget it went to, or a parent it bubbles to, has messages waiting)
or while the screen on top is still being put up, and lets it through as soon as that is
done: a millisecond or two, never more than HOLD_AT_MOST."""

from __future__ import annotations

import time
import weakref
from collections import deque
from collections.abc import Awaitable, Callable

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen

HOLD_AT_MOST = 0.5  # seconds: a key is never held longer, whatever is still going on


class KeyGate:
    def __init__(self, app: App, route: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self.route = route  # Textual's own routing of a key
        self.held: deque[tuple[float, events.Key]] = deque()
        self.last_target: MessagePump | None = None
        self._greeted: weakref.WeakSet[Screen] = weakref.WeakSet()  # screens a key has reached
        self._timer = None

    async def key(self, event: events.Key) -> None:
        if self.held or not self.settled():
            self.held.append((time.monotonic(), event))
            self._wake_soon()
            return
        await self._pass(event)

    async def _pass(self, event: events.Key) -> None:
        self.last_target = self.app.focused or self.app.screen
        self._greeted.add(self.app.screen)
        await self.route(event)

    def settled(self) -> bool:
        """Whether the last key has been handled and the screen on top is ready for keys (a
        new screen: mounted, and focused if it has something to focus)."""
        screen = self.app.screen
        if screen not in self._greeted and (not screen.is_mounted or (screen.focused is None and screen.focus_chain)):
            return False
        pump = self.last_target
        while pump is not None:
            if pump.message_queue_size:
                return False
            if isinstance(pump, Screen):
                break
            pump = pump.parent
        return True

    def _wake_soon(self) -> None:
        if self._timer is None:
            self._timer = self.app.set_timer(0.001, self._release)

    async def _release(self) -> None:
        self._timer = None
        while self.held:
            since, event = self.held[0]
            if not self.settled() and time.monotonic() - since < HOLD_AT_MOST:
                self._wake_soon()
                return
            self.held.popleft()
            await self._pass(event)
            if self.held:  # the next waits for this one to land
                self._wake_soon()
                return
