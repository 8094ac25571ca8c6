"""The app and the shell at once: while the reader is open (it holds the database), the
commands that change the database are handed to it, done there, shown there, and answered
in the shell as if they had run themselves."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from reader.cli.handoff import run_request
from reader.core.store import Store
from reader.services import Services
from reader.ui.app import ReaderApp
from reader.ui.widgets.article_list import ArticleList
from tests.loopback import Loopback
from tests.ui.conftest import SIZE, notes, screen_text, settle, until
from tests.webpages import serve_feed

OPML = """<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
<outline text="Reading"><outline text="Deep" title="Deep"><outline type="rss" text="Slow News"
 xmlUrl="https://slow.example/feed.xml"/></outline></outline>
</body></opml>"""


async def shell(*argv: str, cwd=None, stdin: str = "") -> tuple[int, str, str]:
    """`reader ARGV...` typed in another terminal while the app runs."""

    def run() -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "reader", *argv]
        return subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=cwd, timeout=60)

    done = await asyncio.to_thread(run)
    return done.returncode, done.stdout, done.stderr


async def test_the_shells_changes_are_made_by_the_open_reader(home, tmp_path):
    app = ReaderApp(Services.build(None), run_request=run_request)
    shown = notes(app)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "mine.opml").write_text(OPML)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first = app.screen.query_one(ArticleList).entries[0]
        assert await shell("mark", first.id, "star") == (0, "Starred 1 article\n", "")
        await pilot.pause()
        assert shown[-1] == "Starred 1 article"
        row = next(line for line in screen_text(app).splitlines() if first.title[:30] in line)
        assert "★" in row  # on screen at once
        code, out, _ = await shell("tag", first.id, "keep", "Later Reading")
        assert code == 0 and "#keep #Later-Reading" in out
        assert (await shell("note", first.id, "-", stdin="Read *again* on Monday.\n"))[:2] == (
            0,
            f"{first.id}: note saved\n",
        )
        assert (await shell("view", "add", "Stars", "is:starred"))[0] == 0
        code, _, err = await shell("mark", "no-such-id", "read")
        assert code == 1 and "no article with id 'no-such-id'" in err
        code, _, err = await shell("mark", "--query", "tag:(", "read")
        assert code == 1 and "cannot read the query" in err
        code, out, _ = await shell("feed", "import", "mine.opml", cwd=tmp_path / "elsewhere")  # as the shell sees it
        assert code == 0 and "following 1 new feed" in out
        code, out, _ = await shell("list", "--query", "is:starred")  # reads go on in the shell
        assert code == 0 and first.id in out
    store = Store(home / "reader.json", read_only=True)  # what the app saved, after it closed
    state = store.articles.state(first.id)
    assert state.starred and state.tags == ("keep", "Later-Reading") and state.note == "Read *again* on Monday."
    assert [(f["title"], f["folders"]) for f in store.feeds.all()] == [("Slow News", ["Reading/Deep"])]
    assert any(view["name"] == "Stars" for view in store.articles.views())


async def test_feed_add_and_sync_from_the_shell_run_in_the_open_reader(home):
    with Loopback() as server:
        feed = serve_feed(server, ("belarus-weapons", "rates-hold"))
        app = ReaderApp(Services.build(None), run_request=run_request)
        shown = notes(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            code, out, _ = await shell("feed", "add", feed)
            assert code == 0 and out.startswith("following Loop News")
            assert shown[-1] == "Following Loop News: R syncs its articles"
            code, out, err = await shell("sync")
            assert code == 0 and "Loop News" in out and "2 new" in out
            assert "Synced 1 feed: 2 new articles" in err
            await settle(app, pilot)
            assert len(app.screen.query_one(ArticleList).entries) == 4  # listed in the open reader
            code, _, err = await shell("feed", "add", server.url("/missing"))
            assert code == 1 and "404" in err
    store = Store(home / "reader.json", read_only=True)
    assert [f["url"] for f in store.feeds.all()] == [feed] and store.feeds.all()[0].get("last_sync")


async def test_a_second_reader_open_read_only_does_not_take_the_shells_work(home):
    """Only the reader that can write answers: the second one is read-only."""
    first = ReaderApp(Services.build(None), run_request=run_request)
    async with first.run_test(size=SIZE) as pilot:
        await settle(first, pilot)
        second = ReaderApp(Services.build(None), run_request=run_request)
        async with second.run_test(size=SIZE) as other:
            await settle(second, other)
            entry = first.screen.query_one(ArticleList).entries[0]
            assert (await shell("mark", entry.id, "later"))[0] == 0
            assert first.services.store.articles.state(entry.id).state == "later"


async def test_an_import_from_the_shell_is_listed_in_the_open_reader_and_its_pages_fetched(home, tmp_path):
    from tests.core.test_import_formats import _zip
    from tests.webpages import article, page

    with Loopback() as server:
        url = server.add("/news/rates", page(article("rates-hold"), server.url("/news/rates")))
        csv = f"title,url,time_added,tags,status\nRates,{url},1700000000,econ,unread\n"
        (tmp_path / "pocket.zip").write_bytes(_zip({"part_000000.csv": csv}))
        app = ReaderApp(Services.build(None), run_request=run_request)
        shown = notes(app)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            before = len(app.screen.query_one(ArticleList).entries)
            code, out, err = await shell("import", "pocket.zip", cwd=tmp_path)
            assert code == 0, err
            assert "Pocket export: brought in 1 new article" in out and "the open reader fetches the pages now" in out
            await until(pilot, lambda: any("Fetched 1 imported page" in note for note in shown))  # in the background
            assert any("Fetched 1 imported page" in note for note in shown)
            await settle(app, pilot)
            entries = app.screen.query_one(ArticleList).entries
            assert len(entries) == before + 1  # listed in the open reader
            title = article("rates-hold")["title"]  # under the page's own title, fetched
            await until(pilot, lambda: title in screen_text(app), tries=40)
            assert title in screen_text(app)
    store = Store(home / "reader.json", read_only=True)
    assert len(store.fetches) == 0
