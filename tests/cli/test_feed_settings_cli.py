"""A feed's own settings and a library that keeps itself tidy, from the shell against feeds on
127.0.0.1: the feed's own text kept (no page fetched), a CSS selector for the article (and
one that matches nothing, said in the feed's status), `every` for the app's background sync,
the settings through an OPML round trip, and retention on a year-old feed."""

import dataclasses
import datetime as dt
import json

from reader.core.ingest.opml import read_opml
from reader.core.store import Store
from reader.services.feed_settings import due, schedule
from tests.cli.test_web_cli import feed_items, run, serve_articles
from tests.loopback import Loopback
from tests.webpages import article, rss

PROMO = " ".join(["Subscribe to our newsletter for the best deals on garden furniture this summer."] * 12)
STORY = " ".join(["The harbour bridge reopened on Monday after two years of repairs costing 40 million."] * 12)
PAGE = (
    "<html><head><title>Bridge reopens</title><meta name='author' content='Ann Lee'></head><body>"
    f"<main><div class='promo'><p>{PROMO}</p><p>{PROMO}</p><p>{PROMO}</p></div>"
    f"<div class='story'><p>{STORY}</p></div></main></body></html>"
)


def library_text(home) -> str:
    return "\n".join(p.read_text() for p in sorted((home / "library").rglob("*.md")))


def test_a_feeds_own_text_and_a_selector_for_its_pages(home, capsys):
    with Loopback() as server:
        urls = serve_articles(server, {"rates-hold"})
        entry = {
            "title": "Rates hold",
            "guid": "g1",
            "link": urls["rates-hold"],
            "content": "<p>The feed's own summary of the rate decision, long enough to stand as an article in "
            "the reader on its own, with a second sentence.</p><p>And a second paragraph of it.</p>",
        }
        own = server.add("/own.xml", rss("Own Text", server.url("/"), [entry]), content_type="application/rss+xml")
        page_url = server.add("/bridge", PAGE)
        pages = server.add(
            "/pages.xml",
            rss("Picked", server.url("/"), [{"title": "Bridge reopens", "guid": "b1", "link": page_url}]),
            content_type="application/rss+xml",
        )
        for url in (own, pages):
            assert run(capsys, "feed", "add", url)[0] == 0
        code, out, err = run(capsys, "feed", "set", "1", "--content", "feed")
        assert code == 0 and out.strip() == "Own Text: its feed's own text", err
        code, out, _ = run(capsys, "feed", "set", "2", "--selector", "div.story", "--every", "15", "--keep-read", "90")
        assert out.strip() == (
            "Picked: each article's page; the article is div.story; synced every 15 minutes in the app;"
            " read articles kept 90 days"
        )
        code, _, err = run(capsys, "feed", "set", "2", "--selector", "div[")
        assert code == 1 and "'div[' is not a CSS selector reader can use" in err
        code, _, err = run(capsys, "feed", "set", "2", "--every", "-5")
        assert code == 1 and "--every takes a whole number from 0" in err

        assert run(capsys, "sync")[0] == 0
        text = library_text(home)
        assert "The feed's own summary of the rate decision" in text
        assert not any(path == "/news/rates-hold" for path, _ in server.log)  # its page never fetched
        assert "The harbour bridge reopened" in text and "garden furniture" not in text
        code, out, _ = run(capsys, "feed", "export")
        assert 'reader:selector="div.story"' in out and 'reader:every="15"' in out and 'reader:content="feed"' in out
        back = {o.url: o.settings for o in read_opml(out.encode()).outlines}
        assert back[pages] == {"selector": "div.story", "every": 15, "keep_read": 90}
        assert back[own] == {"content": "feed"}

        run(capsys, "feed", "set", "2", "--selector", "div.gone")
        server.add(
            "/pages.xml",
            rss("Picked", server.url("/"), [{"title": "Again", "guid": "b2", "link": server.url("/bridge2")}]),
            content_type="application/rss+xml",
        )
        server.add("/bridge2", PAGE.replace("reopened", "closed again"))
        run(capsys, "sync")
        code, out, _ = run(capsys, "feed", "list")
        assert "note: the selector div.gone matched nothing on a page: the whole page was read" in out
        assert "The harbour bridge closed again" in library_text(home)  # read as if there were no selector


def test_every_feed_is_fetched_by_the_background_sync_on_its_own_clock():
    now = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)

    def ago(minutes):
        return (now - dt.timedelta(minutes=minutes)).isoformat()

    feeds = [
        {"url": "a", "every": 15, "last_sync": ago(20)},  # due on its own clock
        {"url": "b", "every": 15, "last_sync": ago(5)},
        {"url": "c", "last_sync": ago(90)},  # the config's 60
        {"url": "d", "last_sync": ago(30)},
        {"url": "e"},  # never synced
    ]
    assert [f["url"] for f in due(feeds, 60, now)] == ["a", "c", "e"]
    assert [f["url"] for f in due(feeds, None, now)] == ["a"]  # no sync_interval: only feeds with their own
    assert schedule(feeds, 60) == 15 and schedule(feeds[2:], 60) == 60 and schedule(feeds[2:], None) is None


def test_old_read_articles_go_to_the_trash_but_what_the_user_made_something_of_stays(home, capsys):
    slugs = ["belarus-weapons", "rates-hold", "marathon", "budget-fr", "bahn-de", "sequia-es"]
    (home / "config.toml").write_text("keep_read_days = 365\ntrash_days = 30\n")
    with Loopback() as server:
        urls = serve_articles(server, set(slugs))  # pages dated 2019-2024: a year-old feed and older
        feed = server.add(
            "/rss.xml", rss("Old News", server.url("/"), feed_items(urls, slugs)), content_type="application/rss+xml"
        )
        run(capsys, "feed", "add", feed)
        run(capsys, "sync")
    code, out, _ = run(capsys, "list", "--json")
    titles = {a["title"]: a["id"] for a in json.loads(out)}
    ids = {slug: titles[article(slug)["title"]] for slug in slugs}
    store = Store(home / "reader.json")
    for article_id in ids.values():
        store.articles.mark_read(article_id)
    store.articles.mark([ids["belarus-weapons"]], "star")
    store.articles.mark([ids["rates-hold"]], "later")
    store.articles.change(ids["marathon"], "Tagged", tags=["sport"])
    store.highlights.add(ids["budget-fr"], "fp", "Some text here.", 0, 4)
    store.close()

    code, out, err = run(capsys, "clean", "--dry-run")
    assert code == 0 and "2 old read articles would go to the trash" in err
    assert {line.split()[2] for line in out.splitlines()} == {ids["bahn-de"], ids["sequia-es"]}
    assert len(list((home / "library").rglob("*.md"))) == 6  # nothing moved by a dry run

    code, _, err = run(capsys, "clean")
    assert "2 old read articles moved to the trash" in err
    assert len(list((home / "library").rglob("*.md"))) == 4 and len(list((home / "trash").rglob("*.md"))) == 2
    code, out, _ = run(capsys, "list", "--json")
    listed = {a["id"] for a in json.loads(out)}
    assert ids["bahn-de"] not in listed and ids["belarus-weapons"] in listed

    store = Store(home / "reader.json")  # 31 days later, as far as the trash can tell
    for article_id, state in store.articles.states().items():
        if state.deleted:
            old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=31)).isoformat()
            store.articles.keep_state(article_id, dataclasses.replace(state, deleted={**state.deleted, "at": old}))
    store.close()
    code, _, err = run(capsys, "clean")
    assert "2 articles let go from the trash" in err and not list((home / "trash").rglob("*.md"))
    assert len(list((home / "library").rglob("*.md"))) == 4  # the starred, Later, tagged and highlighted stay
