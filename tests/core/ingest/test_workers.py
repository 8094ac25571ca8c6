"""Pages are read in worker processes: a worker that dies costs its page only, and feeds of
every format come through them (RSS 2.0, RSS 1.0/RDF, Atom, JSON Feed)."""

import asyncio
import json
import os

import pytest

from reader.core.ingest import Fetcher, UrlIndex, save_urls, sync
from reader.core.ingest.feed_parsing import read_feed
from reader.core.ingest.workers import Workers
from tests.crashing import MARK, arm
from tests.loopback import Loopback
from tests.webpages import ARTICLES, page


@pytest.fixture(scope="module")
def crashing_workers():
    workers = Workers(2, initializer=arm)
    yield workers
    workers.close()


def test_a_page_that_kills_its_worker_costs_that_page_only(tmp_path, crashing_workers):
    with Loopback() as server:
        urls = []
        for i, a in enumerate(ARTICLES[:6]):
            body = page(a, server.url(f"/p{i}"))
            if i == 2:
                body = body.replace(b"<body>", b"<body>" + MARK, 1)
            urls.append(server.add(f"/p{i}", body, content_type=f"text/html; charset={a['charset']}"))

        async def run(folder):
            async with Fetcher(deadline=20) as fetcher:
                return await save_urls(urls, folder, UrlIndex(), fetcher, workers=crashing_workers)

        results = asyncio.run(run(tmp_path / "first"))
        assert [r.status for r in results] == ["added", "added", "skipped", "added", "added", "added"]
        assert results[2].reason == f"{urls[2]}: extraction crashed (its worker process died)"
        # the pool goes on: the same workers read the next pages
        again = asyncio.run(run(tmp_path / "again"))
        assert [r.status for r in again] == [r.status for r in results]
    assert len(list((tmp_path / "first").rglob("*.md"))) == len(list((tmp_path / "again").rglob("*.md"))) == 5


def test_the_pages_waiting_behind_a_crash_in_the_same_process_are_still_read():
    """One process, handed the page that kills it and the next ones at once: the first is
    reported, the others are read by the process that replaces it."""
    from reader.core.extract import extract
    from reader.core.ingest.workers import Crashed

    bad = page(ARTICLES[0], "https://news.example.org/a").replace(b"<body>", b"<body>" + MARK, 1)
    good = page(ARTICLES[1], "https://news.example.org/b")
    workers = Workers(1, initializer=arm)

    async def one(body):
        try:
            return (await workers.run(extract, body)).title
        except Crashed as error:
            return str(error)

    async def run():
        return await asyncio.wait_for(asyncio.gather(one(bad), one(good), one(good)), 60)

    try:
        results = asyncio.run(run())
    finally:
        workers.close()
    title = extract(good).title
    assert results == ["extraction crashed (its worker process died)", title, title]


def test_the_callers_process_never_loads_lxml_or_trafilatura(tmp_path):
    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from reader.core.ingest import Fetcher, UrlIndex, save_urls\n"
        "from tests.loopback import Loopback\n"
        "from tests.webpages import ARTICLES, page\n"
        "with Loopback() as server:\n"
        "    url = server.add('/a', page(ARTICLES[0], server.url('/a')))\n"
        "    async def run():\n"
        "        async with Fetcher() as fetcher:\n"
        "            return await save_urls([url], Path(sys.argv[1]), UrlIndex(), fetcher)\n"
        "    assert asyncio.run(run())[0].status == 'added'\n"
        "print(sorted(m for m in ('lxml', 'trafilatura', 'feedparser') if m in sys.modules))\n"
    )
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=root, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert len(list(tmp_path.rglob("*.md"))) == 1


def test_processes_are_renewed_after_their_share_of_tasks_and_none_is_stranded(monkeypatch):
    """After TASKS_PER_PROCESS tasks a process makes way for a fresh one (what lxml leaked goes
    with it), and every task queued meanwhile still runs: the hang of cpython gh-115634."""
    from reader.core.ingest import workers as workers_module

    monkeypatch.setattr(workers_module, "TASKS_PER_PROCESS", 2)
    workers = Workers(1)

    async def run():
        return await asyncio.wait_for(asyncio.gather(*(workers.run(os.getpid) for _ in range(10))), 60)

    try:
        pids = asyncio.run(run())
    finally:
        workers.close()
    assert len(pids) == 10 and len(set(pids)) >= 4


def test_closing_the_pool_stops_a_worker_stuck_on_a_page():
    """The app's quit and a CLI command's end close the pool: a page that keeps its worker busy
    forever (here: a sleep of ten minutes) must not keep the process from exiting."""
    code = (
        "import asyncio, time\n"
        "from reader.core.ingest import workers\n"
        "async def main():\n"
        "    try:\n"
        "        await asyncio.wait_for(workers.shared().run(time.sleep, 600), 2)\n"
        "    except asyncio.TimeoutError:\n"
        "        print('gave up on the page')\n"
        "asyncio.run(main())\n"
        "workers.close_shared()\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "gave up on the page"


JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "A JSON \x1b[31mfeed",
    "home_page_url": "https://example.org/",
    "items": [
        {
            "id": "1",
            "url": "/posts/one",
            "title": "First post",
            "content_html": "<p>" + "Words of the first post. " * 10 + "</p>",
            "date_published": "2026-11-30T08:00:00Z",
            "authors": [{"name": "Ann Author"}],
        },
        {"id": 2, "title": "Second", "content_text": "Line one of it.\nLine two of it."},
        {"title": None, "content_html": 5},  # odd values are left out, never an exception
        "not an item",
    ],
}

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.org/"><title>An RDF feed</title><link>https://example.org/</link></channel>
  <item rdf:about="https://example.org/r1"><title>RDF one</title><link>https://example.org/r1</link>
    <description>The first item of an RSS 1.0 feed, with words enough to read.</description>
    <dc:date>2026-11-29T10:00:00Z</dc:date><dc:creator>Rita Rdf</dc:creator></item>
</rdf:RDF>"""


def test_json_feed_and_rss_1_0_read_as_feeds():
    feed = read_feed(json.dumps(JSON_FEED).encode(), "https://example.org/feed.json")
    assert feed.is_feed and feed.title == "A JSON feed"  # the escape sequence is gone
    first, second, odd = feed.entries
    assert (first.key, first.link, first.title, first.author, str(first.date)) == (
        "1",
        "https://example.org/posts/one",
        "First post",
        "Ann Author",
        "2026-11-30",
    )
    assert second.key == "2" and second.html == "<p>Line one of it.</p><p>Line two of it.</p>"
    assert odd.key is None and odd.html == ""
    rdf = read_feed(RDF, "https://example.org/index.rdf")
    assert rdf.is_feed and rdf.title == "An RDF feed"
    (item,) = rdf.entries
    assert (item.link, item.title, item.author, str(item.date)) == (
        "https://example.org/r1",
        "RDF one",
        "Rita Rdf",
        "2026-11-29",
    )
    assert not read_feed(b"{not json", "https://example.org/x").is_feed


def test_a_json_feed_syncs_its_entries_own_text(tmp_path):
    with Loopback() as server:
        doc = dict(JSON_FEED, items=[dict(JSON_FEED["items"][0], url="")])
        url = server.add("/feed.json", json.dumps(doc).encode(), content_type="application/feed+json")

        async def run():
            async with Fetcher() as fetcher:
                return await sync(fetcher, [{"url": url, "title": "J"}], tmp_path, UrlIndex())

        (report,) = asyncio.run(run())
    assert report.error is None and len(report.new) == 1
    (saved,) = tmp_path.rglob("*.md")
    assert "title: First post" in saved.read_text() and "Words of the first post." in saved.read_text()


def test_a_page_that_keeps_its_worker_too_long_is_given_up_and_the_others_are_read():
    import time

    workers = Workers(2, limit=2)

    async def one(function, *args):
        try:
            return await workers.run(function, *args)
        except Exception as error:  # noqa: BLE001  # what the caller reports for the page
            return str(error)

    async def run():
        return await asyncio.wait_for(
            asyncio.gather(one(time.sleep, 600), *(one(time.sleep, 0.2) for _ in range(4))), 60
        )

    try:
        started = time.monotonic()
        results = asyncio.run(run())
        took = time.monotonic() - started
        assert asyncio.run(asyncio.wait_for(workers.run(os.getpid), 30)) != os.getpid()  # the pool goes on
    finally:
        workers.close()
    assert results == ["extraction took more than 2 s: given up", None, None, None, None]
    assert took < 30


def test_two_pages_at_once_go_to_two_processes():
    """From the first use on, a second page is not queued behind the first while a process
    is still to be started."""
    workers = Workers(2)

    async def run():
        return await asyncio.wait_for(asyncio.gather(workers.run(os.getpid), workers.run(os.getpid)), 60)

    try:
        pids = asyncio.run(run())
    finally:
        workers.close()
    assert len(set(pids)) == 2 and os.getpid() not in pids
