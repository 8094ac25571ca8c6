"""reader add URL, show, feed and sync, end to end through the CLI against a server on
127.0.0.1 (never the internet)."""

import json
import re

from reader.cli import main
from reader.core.store import Store
from tests.loopback import Loopback
from tests.webpages import ARTICLES, article, atom, page, rss


def serve_articles(server: Loopback, slugs=None) -> dict[str, str]:
    urls = {}
    for i, a in enumerate(ARTICLES):
        if slugs and a["slug"] not in slugs:
            continue
        path = f"/news/{a['slug']}"
        body = page(a, server.url(path), ("newsroom", "blog", "magazine")[i % 3])
        urls[a["slug"]] = server.add(path, body, content_type=f"text/html; charset={a['charset']}", gzip=True)
    return urls


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_urls_saves_markdown_with_front_matter_and_reports_each_input(home, capsys, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("A note\n\nSome words of my own.\n")
    with Loopback() as server:
        urls = serve_articles(server, {"belarus-weapons", "budget-fr"})
        code, out, err = run(
            capsys,
            "add",
            "--json",
            urls["belarus-weapons"],
            str(note),
            "file:///etc/passwd",
            urls["budget-fr"],
            server.url("/news/gone"),
        )
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in records] == ["added", "added", "skipped", "added", "skipped"]
    assert [r["source"] for r in records][:2] == [urls["belarus-weapons"], str(note)]
    assert records[2]["reason"].endswith("only http and https URLs can be fetched (file: is not)")
    assert records[4]["reason"] == f"{server.url('/news/gone')}: HTTP 404 Not Found" and records[4]["id"] is None
    saved = home / "library" / "127.0.0.1" / "belarus-expects-big-shipment-of-russian-weapons-leader-says.md"
    assert records[0]["id"] == "127.0.0.1/belarus-expects-big-shipment-of-russian-weapons-leader-says.md"
    text = saved.read_text()
    assert text.startswith("---\ntitle: Belarus expects big shipment of Russian weapons, leader says\n")
    for field in (
        "url: http://127.0.0.1",
        "date: 2021-10-01",
        "author: Yuras Karmanau",
        "site: Daily Ledger",
        "saved_at: ",
    ):
        assert field in text
    code, out, _ = run(capsys, "list", "--json")
    listed = {item["id"]: item for item in json.loads(out)}
    assert listed[records[0]["id"]]["site"] == "Daily Ledger" and listed[records[3]["id"]]["author"] == "Claire Martin"


def test_the_same_page_twice_is_a_duplicate_by_url_or_canonical_url(home, capsys):
    with Loopback() as server:
        urls = serve_articles(server, {"rates-hold"})
        assert run(capsys, "add", urls["rates-hold"])[0] == 0
        # the same page under another address, naming the first as its canonical URL
        body = page(article("rates-hold"), urls["rates-hold"], "blog")
        other = server.add("/amp/rates", body)
        code, out, err = run(capsys, "add", urls["rates-hold"] + "?utm_source=x", other)
    assert code == 1  # nothing added
    assert out.count("duplicate: ") == 2 and "0 added, 2 duplicates" in err
    assert len(list((home / "library").rglob("*.md"))) == 1


def test_add_without_json_fails_when_nothing_was_added(home, capsys):
    code, out, err = run(capsys, "add", "http://127.0.0.1:1/none")
    assert code == 1 and "skipped: http://127.0.0.1:1/none: connection refused" in err


def test_a_hostile_page_can_neither_escape_the_library_nor_the_terminal(home, capsys):
    a = dict(article("marathon"))
    a["title"] = "../../../etc/passwd \x1b]0;PWNED\x07\x1b[2J/..\\evil"
    with Loopback() as server:
        url = server.add("/x", page(a, "", "blog"))
        code, out, err = run(capsys, "add", url)
    assert code == 0
    files = [p for p in home.rglob("*") if p.is_file() and p.suffix == ".md"]
    assert len(files) == 1 and files[0].is_relative_to(home / "library" / "127.0.0.1")
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\x1b" not in files[0].read_text()


def test_show_prints_exactly_the_body_the_reader_anchors_on(home, capsys):
    from reader.services import Services

    with Loopback() as server:
        urls = serve_articles(server, {"belarus-weapons"})
        run(capsys, "add", "--json", urls["belarus-weapons"])
    article_id = "127.0.0.1/belarus-expects-big-shipment-of-russian-weapons-leader-says.md"
    code, out, _ = run(capsys, "show", "--json", article_id, "003_9bd4bcee04c509db.txt")
    assert code == 0
    shown = json.loads(out)
    library = Services.build().scan()
    assert [s["body"] for s in shown] == [library.load(article_id).body, library.load("003_9bd4bcee04c509db.txt").body]
    assert set(shown[0]) == {"id", "title", "url", "date", "author", "site", "words", "language", "body"}
    assert [s["language"] for s in shown] == ["en", "en"]
    assert (shown[0]["author"], shown[0]["site"], shown[0]["date"]) == ("Yuras Karmanau", "Daily Ledger", "2021-10-01")
    code, out, _ = run(capsys, "show", article_id)
    assert out.startswith("Belarus expects big shipment of Russian weapons, leader says\n====")
    assert "• Su-30SM fighter jets\n• Mi-35 attack helicopters" in out and "\n> We will buy" in out
    assert run(capsys, "show", "nope.md")[0] == 1


# --- feeds ------------------------------------------------------------------------------------


def feed_items(urls: dict[str, str], slugs) -> list[dict]:
    return [
        {"title": article(s)["title"], "link": urls[s], "guid": f"guid-{s}", "date": "Mon, 06 Sep 2021 10:00:00 GMT"}
        for s in slugs
    ]


def test_feed_add_list_remove(home, capsys):
    with Loopback() as server:
        feed = server.add("/rss.xml", rss("Loop \x1b[31mNews", server.url("/"), []), content_type="application/rss+xml")
        page_url = server.add(
            "/",
            '<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml">'
            "</head><body>Home</body></html>",
        )
        server.add("/atom.xml", atom("Atom Side", []), content_type="application/atom+xml")
        not_feed = server.add("/plain", "<html><body><p>No feed here.</p></body></html>")
        assert run(capsys, "feed", "add", feed)[0] == 0
        code, out, _ = run(capsys, "feed", "add", page_url)  # a page that names its feed
        assert code == 0 and "following Atom Side" in out and server.url("/atom.xml") in out
        assert "already following" in run(capsys, "feed", "add", feed)[1]
        code, _, err = run(capsys, "feed", "add", not_feed)
        assert code == 1 and "the page names no feed" in err
    code, out, _ = run(capsys, "feed", "list")
    assert "  1  Loop News  " in out and "  2  Atom Side  " in out and "\x1b" not in out
    assert "stopped following Loop News" in run(capsys, "feed", "remove", "1")[1]
    assert "stopped following Atom Side" in run(capsys, "feed", "remove", server.url("/atom.xml"))[1]
    assert run(capsys, "feed", "remove", "1")[0] == 1


def test_feed_add_of_a_file_says_it_wants_a_web_address(home, capsys, tmp_path):
    opml = tmp_path / "subscriptions.opml"
    opml.write_text('<opml version="2.0"><body><outline xmlUrl="https://example.org/rss"/></body></opml>')
    code, out, err = run(capsys, "feed", "add", str(opml))
    assert code == 1 and out == ""
    assert err.strip().endswith(
        "that is a file: `reader feed import` reads OPML; `reader feed add` takes a web address"
    )


def test_sync_saves_new_entries_once_and_a_bad_feed_stops_nothing(home, capsys):
    with Loopback() as server:
        urls = serve_articles(server)
        slugs = [a["slug"] for a in ARTICLES]
        items = feed_items(urls, slugs[:3])
        items.append(dict(items[0]))  # a duplicate guid
        items.append(
            {
                "title": "Only in the feed",
                "guid": "feed-only",
                "link": server.url("/news/removed"),
                "content": "<p>The page is gone, but the feed carries the whole story, which is "
                "long enough to read on its own in the reader.</p><p>Second paragraph.</p>",
            }
        )
        rss_url = server.add(
            "/rss.xml", rss("Loop News", server.url("/"), items), content_type="application/rss+xml", etag='"v1"'
        )
        # Atom with xml:base and relative links
        relative = [{"title": article(s)["title"], "guid": f"urn:{s}", "link": f"news/{s}"} for s in slugs[3:5]]
        atom_url = server.add(
            "/feeds/atom.xml", atom("Atom Side", relative, base=server.url("/")), content_type="application/atom+xml"
        )
        server.add("/broken.xml", "<rss><channel><title>Broken<item><title>x", content_type="application/rss+xml")
        server.add("/down.xml", "oops", status=500)
        store = Store(home / "reader.json")
        for url, title in (
            (rss_url, "Loop News"),
            (atom_url, "Atom Side"),
            (server.url("/broken.xml"), "Broken"),
            (server.url("/down.xml"), "Down"),
        ):
            store.feeds.add(url, title)
        store.articles.mark_read("127.0.0.1/only-in-the-feed.md")  # a stale read mark for an id about to be reused
        store.close()

        code, out, err = run(capsys, "sync")
        assert code == 0
        lines = out.splitlines()
        assert "Loop News: 4 new, 0 already saved" in lines
        assert "Atom Side: 2 new, 0 already saved" in lines
        assert any(line.startswith("Down: failed: ") and "HTTP 500" in line for line in lines)
        assert any(line.startswith("Broken: failed: ") for line in lines)
        assert "Synced 4 feeds: 6 new articles; 2 feeds failed" in err  # the words the app says too
        saved = sorted(p.name for p in (home / "library" / "127.0.0.1").iterdir())
        assert len(saved) == 6 and "only-in-the-feed.md" in saved
        only = (home / "library" / "127.0.0.1" / "only-in-the-feed.md").read_text()
        assert "the feed carries the whole story" in only and "feed: Loop News" in only

        code, out, _ = run(capsys, "sync")  # the RSS feed answers 304 now; Atom has nothing new
        assert "Loop News: unchanged (not modified since the last sync)" in out
        assert "Atom Side: 0 new, 2 already saved" in out
        assert server.log[-1][1].get("If-None-Match") == '"v1"' or any(
            h.get("If-None-Match") == '"v1"' for p, h in server.log if p == "/rss.xml"
        )
    assert len(list((home / "library").rglob("*.md"))) == 6
    store = Store(home / "reader.json")
    assert not store.articles.is_read("127.0.0.1/only-in-the-feed.md")  # new articles are unread
    feeds = {f["title"]: f for f in store.feeds.all()}
    assert feeds["Down"]["last_error"] and feeds["Loop News"]["last_error"] is None
    store.close()


def test_a_failed_entry_is_tried_again_at_the_next_sync(home, capsys):
    with Loopback() as server:
        urls = serve_articles(server, {"marathon"})
        items = [{"title": "Later", "guid": "later", "link": server.url("/news/later")}] + feed_items(
            urls, ["marathon"]
        )
        feed = server.add(
            "/rss.xml", rss("Loop", server.url("/"), items), content_type="application/rss+xml", etag='"1"'
        )
        store = Store(home / "reader.json")
        store.feeds.add(feed, "Loop")
        store.close()
        code, out, _ = run(capsys, "sync")
        assert "Loop: 1 new, 0 already saved, 1 failed (" in out and "HTTP 404" in out
        serve_articles(server)  # the missing page appears
        server.add("/news/later", page(article("sequia-es"), server.url("/news/later"), "blog"))
        code, out, _ = run(capsys, "sync")
        assert "Loop: 1 new, 1 already saved" in out  # no 304: the failure asked for the whole feed again


def test_sync_without_feeds_says_how_to_add_one(home, capsys):
    code, _, err = run(capsys, "sync")
    assert code == 1 and "reader feed add URL" in err


def test_a_feed_longer_than_the_ids_kept_never_saves_an_entry_twice(home, capsys, monkeypatch):
    import reader.core.ingest.feeds as feeds

    monkeypatch.setattr(feeds, "SEEN_KEPT", 3)  # as a feed of 5,000+ entries would be with the real cap
    body = "<p>" + "A story told in the feed itself, long enough to be an article of its own. " * 4 + "</p>"
    items = [{"title": f"Story {n}", "guid": f"urn:story-{n}", "content": body} for n in range(6)]
    with Loopback() as server:
        url = server.add("/long.xml", rss("Long Feed", server.url("/"), items), content_type="application/rss+xml")
        store = Store(home / "reader.json")
        store.feeds.add(url, "Long Feed")
        store.close()
        assert run(capsys, "sync")[1].splitlines() == ["Long Feed: 6 new, 0 already saved"]
        for _ in range(2):
            assert run(capsys, "sync")[1].splitlines() == ["Long Feed: 0 new, 6 already saved"]
    assert len(list((home / "library").rglob("*.md"))) == 6
    assert len(Store(home / "reader.json").feeds.all()[0]["seen"]) == 6  # every entry the feed still lists


def test_feed_import_export_move_rename(home, capsys, tmp_path):
    from tests.core.ingest.test_opml import FEEDLY, FRESHRSS

    opml = tmp_path / "feedly.opml"
    opml.write_bytes(FEEDLY)
    code, out, _ = run(capsys, "feed", "import", str(opml))
    assert code == 0 and "following 2 new feeds (0 already followed) in 2 folders" in out
    code, out, _ = run(capsys, "feed", "list", "--json")
    assert [(row["title"], row["folders"]) for row in json.loads(out)] == [
        ("Ars Technica", ["Tech", "News"]),  # filed under two folders: in both
        ("BBC News", ["News"]),
    ]
    opml.write_bytes(FRESHRSS)
    code, out, err = run(capsys, "feed", "import", str(opml))
    assert code == 0 and "following 1 new feed" in out and "file:///etc/passwd: skipped" in err
    assert "0 new feeds (1 already followed)" in run(capsys, "feed", "import", str(opml))[1]  # merged
    assert run(capsys, "feed", "move", "1", " Reading / Deep ")[0] == 0
    assert run(capsys, "feed", "rename", "https://feeds.bbci.co.uk/news/rss.xml", "The BBC")[0] == 0
    code, out, _ = run(capsys, "feed", "list", "--json")
    rows = {row["url"]: row for row in json.loads(out)}
    assert rows["https://feeds.arstechnica.com/arstechnica/index"]["folders"] == ["Reading/Deep"]  # moved: one
    assert rows["https://feeds.bbci.co.uk/news/rss.xml"]["title"] == "The BBC"
    assert rows["https://feeds.arstechnica.com/arstechnica/index"]["site"] == "https://arstechnica.com"  # htmlUrl
    assert rows["https://www.quantamagazine.org/feed/"]["folders"] == ["Science"]
    assert all(row["error"] is None and row["last_sync"] is None for row in rows.values())
    assert run(capsys, "feed", "move", "9", "X")[0] == 1
    exported = tmp_path / "out.opml"
    assert run(capsys, "feed", "export", "-o", str(exported))[0] == 0
    code, out, _ = run(capsys, "feed", "export")
    dated = re.compile(r"<dateCreated>[^<]*</dateCreated>")  # the clock may pass a second between the two
    assert dated.sub("", out) == dated.sub("", exported.read_text())
    assert '<outline text="Reading" title="Reading">' in out and 'title="The BBC"' in out
    assert 'htmlUrl="https://arstechnica.com"' in out and '<outline text="Tech" title="Tech" />' in out  # now empty
    code, _, err = run(capsys, "feed", "import", str(tmp_path / "missing.opml"))
    assert code == 1 and "cannot read" in err
    hostile = tmp_path / "hostile.opml"
    hostile.write_text('<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x "y">]><opml><body/></opml>')
    code, _, err = run(capsys, "feed", "import", str(hostile))
    assert code == 1 and "declares a DTD or entities" in err


def test_a_renamed_feed_keeps_its_name_through_a_sync_and_its_folder_filters(home, capsys):
    with Loopback() as server:
        urls = serve_articles(server, {"belarus-weapons"})
        feed = server.add(
            "/rss.xml",
            rss("The Feed's Own Title", server.url("/"), feed_items(urls, ["belarus-weapons"])),
            content_type="application/rss+xml",
        )
        assert run(capsys, "feed", "add", feed)[0] == 0
        assert run(capsys, "feed", "rename", "1", "My name for it")[0] == 0
        assert run(capsys, "feed", "move", "1", "World/East")[0] == 0
        assert run(capsys, "sync")[0] == 0
    (row,) = json.loads(run(capsys, "feed", "list", "--json")[1])
    assert row["title"] == "My name for it" and row["last_sync"] and row["error"] is None
    code, out, _ = run(capsys, "list", "--query", "folder:world", "--json")
    assert code == 0 and [r["title"] for r in json.loads(out)] == [article("belarus-weapons")["title"]]
    assert json.loads(run(capsys, "list", "--query", "folder:world/west", "--json")[1]) == []
    assert (row["unread"], row["articles"]) == (1, 1)
    # renamed after its articles were saved: they are still its own, by the feed's address
    assert run(capsys, "feed", "rename", "1", "Second name")[0] == 0
    (found,) = json.loads(run(capsys, "list", "--query", 'feed:"second name"', "--json")[1])
    assert json.loads(run(capsys, "list", "--query", "folder:world", "--json")[1]) == [found]
    assert run(capsys, "mark", found["id"], "read")[0] == 0
    (row,) = json.loads(run(capsys, "feed", "list", "--json")[1])
    assert (row["title"], row["unread"], row["articles"]) == ("Second name", 0, 1)


def test_while_another_command_holds_the_database_sync_and_feed_add_say_so(home, capsys):
    """A holder with no app listening (a `reader sync` from cron, say): nothing to hand the
    work to, so the second command says so and changes nothing (the app's case: test_handoff_ui)."""
    holder = Store(home / "reader.json")
    holder.feeds.add("https://example.org/feed.xml", "Example")
    code, _, err = run(capsys, "sync")
    assert code == 1 and "another reader is changing the database" in err and "try again later" in err
    code, _, err = run(capsys, "feed", "add", "https://example.org/other.xml")
    assert code == 1 and "another reader is changing the database" in err
    holder.close()
    assert [f["url"] for f in Store(home / "reader.json", read_only=True).feeds.all()] == [
        "https://example.org/feed.xml"
    ]


def test_a_feed_cannot_give_an_article_a_script_address_nor_a_title_without_end(home, capsys):
    """An entry linking to `javascript:` is kept with its own text and no address; a title of
    5,000 characters is kept as 500, and `view list` is not padded out to it."""
    with Loopback() as server:
        story = "<p>The feed carries the whole story, long enough to read on its own in the reader.</p><p>More.</p>"
        items = [{"title": "Click me", "guid": "js", "link": "javascript:alert(document.cookie)", "content": story}]
        long_title = "Desk " + "very " * 1000
        feed = server.add("/rss.xml", rss(long_title, server.url("/"), items), content_type="application/rss+xml")
        store = Store(home / "reader.json")
        store.feeds.add(feed, "x")
        store.close()
        code, _, _ = run(capsys, "sync")
        assert code == 0
    code, out, _ = run(capsys, "list", "--json")
    (entry,) = [e for e in json.loads(out) if e["title"] == "Click me"]
    assert entry.get("url") is None and "javascript" not in out
    (kept,) = Store(home / "reader.json", read_only=True).feeds.all()
    assert len(kept["title"]) == 500 and kept["title"].endswith("…")
    code, out, _ = run(capsys, "view", "list")
    assert code == 0 and "Desk very" in out and max(len(line) for line in out.splitlines()) < 200


def test_add_of_a_feed_address_follows_it_as_a_in_the_app_does(home, capsys):
    from tests.webpages import serve_feed

    with Loopback() as server:
        feed = serve_feed(server, ("belarus-weapons",))
        code, out, _ = run(capsys, "add", feed)
        assert code == 0 and f"following Loop News ({feed}); `reader sync` fetches its articles" in out
        code, out, _ = run(capsys, "add", feed)
        assert code == 0 and "already following Loop News" in out
    assert [f["url"] for f in Store(home / "reader.json", read_only=True).feeds.all()] == [feed]


def test_two_feeds_of_one_title_are_two_feeds_and_desk_1_is_not_desk_10(home, capsys):
    with Loopback() as server:
        feeds = []
        for n, slug in enumerate(("belarus-weapons", "rates-hold", "marathon")):
            page_path, title = f"/{n}/{slug}", ("BBC News", "BBC News", "BBC News - Business")[n]
            server.add(page_path, page(article(slug), server.url(page_path)))
            items = [{"title": article(slug)["title"], "link": server.url(page_path), "guid": slug}]
            feeds.append(
                server.add(f"/{n}/rss.xml", rss(title, server.url("/"), items), content_type="application/rss+xml")
            )
            assert run(capsys, "feed", "add", feeds[-1])[0] == 0
        assert run(capsys, "sync")[0] == 0
    rows = json.loads(run(capsys, "feed", "list", "--json")[1])
    assert [(r["title"], r["articles"], r["unread"]) for r in rows] == [
        ("BBC News", 1, 1),
        ("BBC News", 1, 1),  # counted apart, though the titles are one
        ("BBC News - Business", 1, 1),
    ]
    found = json.loads(run(capsys, "list", "--query", 'feed:"BBC News"', "--json")[1])
    assert len(found) == 2  # the two of that title, not "BBC News - Business"
    found = json.loads(run(capsys, "list", "--query", f'feed:"{feeds[1]}"', "--json")[1])
    assert [r["title"] for r in found] == [article("rates-hold")["title"]]
    code, out, _ = run(capsys, "view", "list", "--json")
    names = [v["name"] for v in json.loads(out) if v["kind"] == "feed"]
    assert names == ["BBC News (127.0.0.1 #1)", "BBC News (127.0.0.1 #2)", "BBC News - Business"]  # one site: ids


def test_an_opml_keeps_its_titles_through_a_sync_and_its_empty_folders(home, capsys, tmp_path):
    with Loopback() as server:
        feed = serve_feed_named(server, "The Feed's Own Title")
        (tmp_path / "mine.opml").write_text(
            '<?xml version="1.0"?><opml version="2.0"><body>'
            f'<outline text="World"><outline type="rss" text="My name 3" xmlUrl="{feed}"/></outline>'
            '<outline text="Kept for later"/></body></opml>'
        )
        code, out, _ = run(capsys, "feed", "import", str(tmp_path / "mine.opml"))
        assert code == 0 and "following 1 new feed (0 already followed) in 2 folders (1 empty)" in out
        assert run(capsys, "sync")[0] == 0
    (row,) = json.loads(run(capsys, "feed", "list", "--json")[1])
    assert row["title"] == "My name 3" and row["articles"] == 1  # the user's title, kept by the sync
    code, out, _ = run(capsys, "view", "list", "--json")
    assert {"World/", "Kept for later/"} <= {v["name"] for v in json.loads(out) if v["kind"] == "folder"}
    assert '<outline text="Kept for later" title="Kept for later" />' in run(capsys, "feed", "export")[1]


def serve_feed_named(server, title: str) -> str:
    server.add("/news/marathon", page(article("marathon"), server.url("/news/marathon")))
    items = [{"title": article("marathon")["title"], "link": server.url("/news/marathon"), "guid": "m"}]
    return server.add("/rss.xml", rss(title, server.url("/"), items), content_type="application/rss+xml")
