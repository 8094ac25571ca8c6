"""Input from outside, in the open app: a query pasted 400 parentheses deep is said to be
nested too deep (the app goes on); an OPML of 20,000 feeds handed over from the shell is read
off the event loop and followed in one batch, the app answering keys meanwhile."""

from __future__ import annotations

import asyncio

from textual.widgets import Input

from reader.cli.handoff import run_request
from reader.core.store import Store
from reader.services import Services
from reader.ui.app import ReaderApp
from tests.cli.test_bounded_input import feeds
from tests.ui.conftest import SIZE, notes, screen_text, settle
from tests.ui.test_handoff_ui import shell


async def test_a_query_nested_too_deep_is_said_and_the_app_goes_on(make_app, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        app.screen.query_one("#filter", Input).value = "(" * 400 + "belarus" + ")" * 400  # pasted
        await settle(app, pilot)
        assert app.is_running and "nested too deep" in screen_text(app)
        app.screen.query_one("#filter", Input).value = "belarus"
        await settle(app, pilot)
        assert "nested too deep" not in screen_text(app) and "Putin and Lukashenko" in screen_text(app)


async def test_an_opml_handed_over_from_the_shell_is_read_off_the_event_loop(home, tmp_path):
    listing = tmp_path / "feeds.opml"
    listing.write_text(feeds(20_000))
    app = ReaderApp(Services.build(None), run_request=run_request)
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        command = asyncio.create_task(shell("feed", "import", str(listing)))
        longest, ticks = 0.0, 0
        loop = asyncio.get_running_loop()
        while not command.done() and ticks < 600:  # the event loop stays free: ticks come on time
            started = loop.time()
            await asyncio.sleep(0.02)
            longest, ticks = max(longest, loop.time() - started), ticks + 1
        code, out, _ = await command
        await settle(app, pilot)
        assert code == 0 and "following 20,000 new feeds (0 already followed) in 1 folder" in out
        assert any(m.startswith("Reading the feeds in ") for m in shown)
        assert any(m.startswith("Following 20,000 new feeds") for m in shown)
        assert longest < 2.0  # not frozen while 20,000 feeds are read (a batch write is a moment)
    assert len(Store(home / "reader.json", read_only=True).feeds.all()) == 20_000
