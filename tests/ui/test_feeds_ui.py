"""Feeds in the app: `a` adds a web address (a feed followed, an article saved, a site's
page followed through the feed it names), `F` lists the feeds, and there they are synced
one by one, moved to folders, renamed and unfollowed."""

from textual.widgets import Input

from reader.core.store import Store
from reader.ui.screens.feeds import FeedsScreen
from reader.ui.widgets.article_list import ArticleList
from tests.loopback import Loopback
from tests.ui.conftest import SIZE, notes, screen_text, settle, until
from tests.ui.test_web_ui import follow
from tests.webpages import article, page, rss


async def answer(app, pilot, text: str) -> None:
    """Type into the dialog on screen (a URL is pasted, mostly) and press enter."""
    await pilot.pause()
    app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await settle(app, pilot)


async def test_a_saves_an_article_follows_a_feed_and_the_feed_a_site_names(make_app, home):
    with Loopback() as server:
        story = server.add(
            "/news/belarus-weapons", page(article("belarus-weapons"), server.url("/news/belarus-weapons"))
        )
        server.add("/", page(article("rates-hold"), server.url("/")))  # the site's home: names /feed.xml
        server.add("/news/rates-hold", page(article("rates-hold"), server.url("/news/rates-hold")))
        items = [{"title": "Rates hold", "link": server.url("/news/rates-hold"), "guid": "r"}]
        feed = server.add("/feed.xml", rss("Loop News", server.url("/"), items), content_type="application/rss+xml")
        app = make_app()
        shown = notes(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("a")
            await answer(app, pilot, story)
            assert shown[-1].startswith("Saved ") and "Belarus" in shown[-1]
            titles = [e.title for e in app.screen.query_one(ArticleList).entries]
            assert len(titles) == 3 and any("Belarus" in t for t in titles)  # listed at once, in the Inbox
            await pilot.press("a")
            await answer(app, pilot, story)
            assert shown[-1].startswith("Already in the library")
            await pilot.press("a")
            await answer(app, pilot, server.url("/"))  # a home page is never an article: its feed
            assert "Following Loop News: fetching its articles" in shown
            await until(pilot, lambda: any(note.startswith("Synced 1 feed") for note in shown))  # no R
            assert any(note.startswith("Synced 1 feed: 1 new article") for note in shown)
            await settle(app, pilot)
            titles = [e.title for e in app.screen.query_one(ArticleList).entries]
            assert any("interest rates" in t for t in titles) and len(titles) == 4
            await pilot.press("a")
            await answer(app, pilot, feed)
            assert shown[-1] == "Already following Loop News: R syncs its articles"
            await pilot.press("a")
            await answer(app, pilot, server.url("/missing"))
            assert "404" in shown[-1]
            await pilot.press("a")
            await answer(app, pilot, "file:///etc/passwd")
            assert "http" in shown[-1] and len(app.screen.query_one(ArticleList).entries) == 4
    store = Store(home / "reader.json", read_only=True)
    assert [f["url"] for f in store.feeds.all()] == [feed]


async def test_the_feeds_screen_syncs_moves_renames_shows_and_unfollows(make_app, home):
    with Loopback() as server:
        url = follow(home, server, ["belarus-weapons", "rates-hold"])
        app = make_app()
        shown = notes(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("F")
            await pilot.pause()
            assert isinstance(app.screen, FeedsScreen)
            row = next(line for line in screen_text(app).splitlines() if "Loop News" in line)
            assert "never" in row and " 0 " in row
            await pilot.press("R")  # this feed
            await settle(app, pilot)
            app.screen.fill()
            await pilot.pause()
            row = next(line for line in screen_text(app).splitlines() if "Loop News" in line)
            assert " 2 " in row and "never" not in row  # 2 unread, 2 articles; synced now
            await pilot.press("m")
            await answer(app, pilot, " News / Daily ")
            assert shown[-1] == "Moved Loop News to News/Daily"
            await pilot.press("r")
            await answer(app, pilot, "My \x1b[31mLoop")
            assert shown[-1] == "Renamed to My Loop"
            row = next(line for line in screen_text(app).splitlines() if "My Loop" in line)
            assert row.split()[0] == "News/Daily"
            await pilot.press("enter")  # its articles, under its new name: the articles name the old one
            await settle(app, pilot)
            status = str(app.screen.query_one("#library-status").render())
            assert status.startswith("My Loop · 2 articles · 2 unread"), status
            await pilot.press("v")
            await pilot.pause()
            assert "News/Daily/" in screen_text(app) and "News/" in screen_text(app)  # its folders are views
            await pilot.press("escape", "F")
            await pilot.pause()
            await pilot.press("d")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert shown[-1].startswith("Unfollowed My Loop")
            assert "No feeds yet" in screen_text(app)
    store = Store(home / "reader.json", read_only=True)
    assert store.feeds.all() == [] and url


async def test_i_in_the_feeds_screen_imports_an_opml_file(make_app, home, tmp_path):
    opml = tmp_path / "feedly.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>feedly</title></head><body>'
        '<outline text="World &amp; Politics"><outline type="rss" text="Wire World" '
        'xmlUrl="https://wire.example/world.xml"/><outline type="rss" text="No address"/></outline></body></opml>'
    )
    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("F")
        await settle(app, pilot)
        assert isinstance(app.screen, FeedsScreen)
        await pilot.press("i")
        await answer(app, pilot, str(opml))
        await until(pilot, lambda: any(note.startswith("Following 1 new feed") for note in shown), tries=60)
        assert any(note.startswith("Following 1 new feed") and "1 outline skipped" in note for note in shown)
        await settle(app, pilot)
        text = screen_text(app)
        assert "Wire World" in text and "World & Politics" in text  # listed, in its folder
        await pilot.press("i")
        await answer(app, pilot, str(tmp_path / "missing.opml"))
        await until(pilot, lambda: any("Cannot read" in note for note in shown), tries=60)
        assert any("Cannot read" in note and "missing.opml" in note for note in shown)
    store = Store(home / "reader.json", read_only=True)
    assert [(f["title"], f["folders"]) for f in store.feeds.all()] == [("Wire World", ["World & Politics"])]
