"""The Google Reader API client against hostile or broken servers on loopback: every failure is
one line saying what went wrong, and answers are read whole (in many chunks) and checked."""

from __future__ import annotations

import asyncio
import json

import pytest

from reader.core.ingest.fetch import Fetcher
from reader.core.ingest.greader import READING_LIST, GReader, GReaderError
from tests.loopback import Loopback, Route

API = "/api/greader.php"


def logged_in(server: Loopback) -> None:
    server.add(f"{API}/accounts/ClientLogin", "SID=x\nLSID=null\nAuth=alice/abc\n", content_type="text/plain")


def call(server: Loopback, work):
    async def run():
        async with Fetcher(deadline=5) as fetcher:
            api = GReader(fetcher.client, server.url(API), "alice")
            await api.login("secret")
            return await work(api)

    return asyncio.run(run())


def refused(server: Loopback, work) -> str:
    with pytest.raises(GReaderError) as caught:
        call(server, work)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def items(count: int, **extra) -> bytes:
    rows = [
        {
            "id": f"tag:google.com,2005:reader/item/{n:016x}",
            "title": f"Story {n}",
            "canonical": [{"href": f"https://example.org/{n}"}],
            "published": 1796600000,
            "categories": ["user/-/state/com.google/reading-list"],
            "origin": {"streamId": "feed/1", "title": "Feed"},
            "summary": {"content": "<p>" + "Words. " * 300 + "</p>"},
        }
        | extra
        for n in range(1, count + 1)
    ]
    return json.dumps({"items": rows}).encode()


def test_a_large_answer_is_read_whole_and_odd_items_are_data():
    with Loopback() as server:
        logged_in(server)
        server.add(f"{API}/reader/api/0/stream/items/contents", items(200), content_type="application/json")
        found = call(server, lambda api: api.items([str(n) for n in range(1, 201)]))
        assert len(found) == 200 and found[-1].title == "Story 200"  # 400 KB, many chunks: all of it
        odd = items(1, title="\x1b]0;owned\x07Evil [/]", canonical=[{"href": "javascript:alert(1)"}], alternate=[])
        server.add(f"{API}/reader/api/0/stream/items/contents", odd, content_type="application/json")
        (item,) = call(server, lambda api: api.items(["1"]))
        assert item.title == "Evil [/]" and item.link is None  # no escape, no script address


@pytest.mark.parametrize(
    "route, message",
    [
        (Route(b"<html><body>Log in</body></html>", content_type="text/html"), "not a Google Reader API"),
        (Route(b"oops", status=500), "HTTP 500"),
        (Route(b'{"itemRefs": [{"id": "1"}, {"id": ', content_type="application/json"), "not JSON (cut short?)"),
        (Route(b'{"itemRefs": [{"id": "abc"}]}', content_type="application/json"), "an item id that is no number"),
        (Route(b"", status=401), "the server refused the login (wrong user or API password?)"),
    ],
)
def test_a_broken_answer_is_one_clear_line(route, message):
    with Loopback() as server:
        logged_in(server)
        server.routes[f"{API}/reader/api/0/stream/items/ids"] = route
        assert message in refused(server, lambda api: api.item_ids(READING_LIST))


def test_a_hundred_thousand_ids_come_page_by_page():
    pages = {}
    for page in range(100):
        refs = [{"id": str(page * 1000 + n + 1)} for n in range(1000)]
        more = {"continuation": str(page + 1)} if page < 99 else {}
        pages[page] = json.dumps({"itemRefs": refs} | more).encode()

    def answer(handler) -> None:
        page = int(handler.path.split("c=")[1].split("&")[0]) if "c=" in handler.path else 0
        handler._send(200, pages[page], "application/json")

    with Loopback() as server:
        logged_in(server)
        server.routes[f"{API}/reader/api/0/stream/items/ids"] = Route(handler=answer)
        ids = call(server, lambda api: api.item_ids(READING_LIST))
    assert len(ids) == 100_000 and ids[0] == "1" and ids[-1] == "100000"
