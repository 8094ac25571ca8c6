"""The web in the app: R syncs the feeds (articles appear in the list, unread), the Site
column and the header show where an article is from, o opens it in the browser."""

import webbrowser

from reader.core.store import Store
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from tests.loopback import Loopback
from tests.ui.conftest import SIZE, notes, run_command, screen_text, settle
from tests.webpages import serve_feed


def follow(home, server, slugs) -> str:
    url = serve_feed(server, slugs)
    store = Store(home / "reader.json")
    store.feeds.add(url, "Loop News")
    store.close()
    return url


async def test_sync_key_brings_new_articles_into_the_list(make_app, home):
    with Loopback() as server:
        follow(home, server, ["belarus-weapons", "rates-hold"])
        app = make_app()
        shown = notes(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert len(app.screen.query_one(ArticleList).entries) == 2  # the seeds
            await pilot.press("R")
            await settle(app, pilot)
            entries = app.screen.query_one(ArticleList).entries
            assert len(entries) == 4
            text = screen_text(app)
            assert "Daily Ledger" in text and "The Market Post" in text  # the Site column
            assert "4 articles · 4 unread" in text
            assert any("Synced 1 feed: 2 new articles" in n for n in shown)
            # the filter matches the site and the feed
            await pilot.press("slash", *"ledger", "enter")
            assert [e.site for e in app.screen.query_one(ArticleList).entries] == ["Daily Ledger"]


async def test_a_sync_in_which_every_feed_failed_says_so(make_app, home):
    with Loopback() as server:
        gone = server.url("/gone.xml")  # 404
        store = Store(home / "reader.json")
        store.feeds.add(gone, "Gone News")
        store.close()
        app = make_app()
        shown = notes(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("R")
            await settle(app, pilot)
            assert any(
                n.startswith("Every feed failed (1 feed): nothing was synced") and "HTTP 404" in n for n in shown
            ), shown
            assert not any(n.startswith("Synced") for n in shown)


async def test_sync_without_feeds_says_how_to_add_one(make_app):
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("R")
        await pilot.pause()
        assert any("reader feed add URL" in n for n in shown)


class FakeBrowser(webbrowser.BackgroundBrowser):
    def __init__(self):
        super().__init__("true")
        self.opened = []

    def open(self, url, new=0, autoraise=True):
        self.opened.append(url)
        return True


async def test_header_shows_site_author_and_date_and_o_opens_the_url(make_app, home, monkeypatch):
    browser = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda *a: browser)
    with Loopback() as server:
        follow(home, server, ["budget-fr"])
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("R")
            await settle(app, pilot)
            await pilot.press("g", "enter")  # newest first: the synced article (2023)
            await settle(app, pilot)
            assert isinstance(app.screen, ArticleScreen)
            text = screen_text(app)
            assert "Le Quotidien du Centre · Claire Martin · 2023-09-27" in text
            await pilot.press("o")
            assert browser.opened == [server.url("/news/budget-fr")]
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)


async def test_o_refuses_an_address_that_is_not_a_web_page(make_app, home, monkeypatch, tmp_path):
    browser = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda *a: browser)
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Local\nurl: file:///etc/passwd\n---\n\nSome text here.\n")
    (folder / "b.md").write_text("---\ntitle: Script\nurl: javascript:alert(1)\n---\n\nSome text here.\n")
    app = make_app([folder])
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for _ in range(2):
            await pilot.press("o")
            await pilot.pause()
            await pilot.press("j")
        assert browser.opened == []
        assert shown.count("This article has no web address.") == 2  # neither address was kept


async def test_sync_from_the_command_palette(make_app, home):
    with Loopback() as server:
        follow(home, server, ["marathon"])
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await run_command(app, pilot, "sync feeds")
            assert "Record field for the harbour marathon" in screen_text(app)


async def test_sync_interval_syncs_while_the_app_is_open(make_app, home):
    (home / "config.toml").write_text("sync_interval = 1  # minutes: the shortest the config takes\n")
    with Loopback() as server:
        follow(home, server, ["belarus-weapons", "rates-hold"])
        app = make_app()
        assert app.services.config.sync_interval == 1
        app.services.config.sync_interval = 0.01  # every 0.6 s, for the test's sake
        shown = notes(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            for _ in range(50):  # up to 10 s, no key pressed
                await pilot.pause(0.2)
                if len(app.screen.query_one(ArticleList).entries) == 4:
                    break
            assert len(app.screen.query_one(ArticleList).entries) == 4
            await settle(app, pilot)
            assert [n for n in shown if n.startswith("Synced")] == [
                "Synced 1 feed: 2 new articles\nLoop News: 2 new, 0 already saved"
            ]
            await pilot.pause(1.5)  # later syncs find nothing new: they say nothing
            assert len([n for n in shown if n.startswith("Synced")]) == 1


async def test_synced_articles_get_their_entities_while_the_app_is_idle(make_app, home):
    with Loopback() as server:
        follow(home, server, ["belarus-weapons", "rates-hold"])
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("R")
            await settle(app, pilot)  # the sync, then the entities of what it brought, once no key is pressed
            library = app.services.library
            synced = [e for e in library.entries if e.feed == "Loop News"]
            assert len(synced) == 2
            assert all(app.services.entities.cached(library.load(e.id)) is not None for e in synced)
            await pilot.press("slash", *"@lukashenko", "enter")
            await settle(app, pilot)
            titles = [e.title for e in app.screen.query_one(ArticleList).entries]
            assert "Belarus expects big shipment of Russian weapons, leader says" in titles
            status = str(app.screen.query_one("#library-status").render())
            assert "2 not indexed yet" in status  # the two seeds, never indexed: not the synced ones
