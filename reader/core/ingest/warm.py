"""Imported by the workers' forkserver (workers.PRELOAD), never by the app: one small page and
one small feed go through extraction there, so what trafilatura and its helpers load on first
use (the public-suffix list, settings, date patterns: 50 to 130 ms) is loaded once, in the
forkserver, and every worker forked from it starts warm."""

from __future__ import annotations

PAGE = (
    "<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
    + "".join(
        f"<p>Paragraph {n} of a page read once, before any worker starts, so that none of them starts cold.</p>"
        for n in range(1, 6)
    )
    + "</article></body></html>"
).encode()
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Warm-up</title>
<item><title>One</title><link>https://example.org/one</link><description>Text.</description></item>
</channel></rss>"""


def warm() -> None:
    from reader.core.extract import extract
    from reader.core.ingest.feed_parsing import feed_links, read_feed

    extract(PAGE, "https://example.org/news/warm-up")
    extract(PAGE, "http://127.0.0.1:8080/news/warm-up")  # with a port, courlan reads the public-suffix list
    read_feed(FEED, "https://example.org/feed.xml")
    feed_links(PAGE, "https://example.org/")


try:
    warm()
except Exception:  # noqa: BLE001, S110 - a worker that starts cold still works
    pass
