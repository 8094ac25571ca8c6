"""The app with a feed-server account: `R` syncs through the server, and the read states the
phone set arrive in the open list."""

from __future__ import annotations

import asyncio
import io

from reader.cli import main
from reader.core.ingest.greader import READ, READING_LIST
from reader.ui.widgets.article_list import ArticleList
from tests.feedserver import PASSWORD, USER
from tests.loopback import Loopback
from tests.ui.conftest import SIZE, notes, settle
from tests.webpages import article, serve_feed


async def test_r_syncs_through_the_server_and_the_phones_reading_shows(make_app, home, monkeypatch, freshrss):
    monkeypatch.setenv("READER_NO_KEYRING", "1")
    with Loopback() as site:
        feed = serve_feed(site, ("belarus-weapons", "rates-hold"), title="Loop News")
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert await asyncio.to_thread(main, ["account", "add", freshrss.url, "--user", USER]) == 0
        await asyncio.to_thread(freshrss.phone, lambda api: api.subscribe(feed, "Loop News", []))
        app = make_app()
        shown = notes(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("R")
            await settle(app, pilot)
            assert any(n.startswith("Synced 1 feed: 2 new articles") for n in shown), shown
            entries = {e.title: e for e in app.screen.query_one(ArticleList).entries}
            weapons = entries[article("belarus-weapons")["title"]]
            assert not app.services.store.articles.is_read(weapons.id)

            async def phone_reads(api):
                items = await api.items(await api.item_ids(READING_LIST))
                await api.mark([i.id for i in items if i.link == site.url("/news/belarus-weapons")], READ, True)

            await asyncio.to_thread(freshrss.phone, phone_reads)
            await pilot.press("R")
            await settle(app, pilot)
            assert app.services.store.articles.is_read(weapons.id)
            assert weapons.id in app.screen.query_one(ArticleList).read  # drawn as read


async def test_s_in_the_feeds_logs_in_to_a_feed_server_and_says_what_failed(make_app, home, monkeypatch, freshrss):
    from textual.widgets import Input

    from reader.ui.dialogs import AccountDialog

    monkeypatch.setenv("READER_NO_KEYRING", "1")
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for password, said in (("wrong", "refused the login"), (PASSWORD, f"Logged in as {USER}")):
            await pilot.press("F", "S")
            await pilot.pause()
            assert isinstance(app.screen, AccountDialog)
            app.screen.query_one("#account-url", Input).value = freshrss.url
            app.screen.query_one("#account-user", Input).value = USER
            app.screen.query_one("#account-password", Input).value = password
            app.screen.query_one("#account-password", Input).focus()
            await pilot.press("enter")
            await settle(app, pilot)
            assert any(said in note for note in shown), shown
            await pilot.press("escape")
            await settle(app, pilot)
        assert [a["user"] for a in app.services.store.remote.accounts()] == [USER]
    for path in home.rglob("*"):  # the password: in passwords.json (0600) alone
        if path.is_file() and path.name != "passwords.json":
            assert PASSWORD.encode() not in path.read_bytes(), path
