"""Articles from the web: extraction quality and speed against raw trafilatura.extract
(measured in the same run, on the same pages), and a feed sync from a server on 127.0.0.1.

Quality is the shingle F1 (4-token shingles; each Chinese/Japanese character a token) of the
text the reader keeps (title + body, read back from the saved Markdown) against the known
article text. Pages: the hand-made set in tests/webpages.py (9 articles, 4 layouts, 5
languages, 5 charsets), plus BBC corpus articles wrapped in the same layouts when
../shared/corpora/bbc is there.

    python bench/web.py [--bbc 200] [--feeds 50] [--entries 20] [--hosts 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import datetime as dt
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402

from reader.core.extract import ExtractError, extract, markdown_document  # noqa: E402
from reader.core.ingest import Fetcher, UrlIndex, sync  # noqa: E402
from reader.core.ingest.fetch import AT_ONCE, PER_HOST  # noqa: E402
from reader.core.ingest.workers import Workers  # noqa: E402
from reader.core.library import parse_markdown  # noqa: E402
from tests.loopback import Loopback  # noqa: E402
from tests.webpages import ARTICLES, STYLES, known_text, page, rss  # noqa: E402

BBC = REPO.parent / "shared" / "corpora" / "bbc"
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]|\w+")


def shingles(text: str, n: int = 4) -> collections.Counter:
    tokens = TOKEN.findall(text.casefold())
    return collections.Counter(tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 1)))


def f1(got: str, want: str) -> float:
    g, w = shingles(got), shingles(want)
    common = sum((g & w).values())
    if not common:
        return 0.0
    precision, recall = common / sum(g.values()), common / sum(w.values())
    return 2 * precision * recall / (precision + recall)


def bbc_articles(count: int) -> list[dict]:
    files = sorted(BBC.glob("*/*.txt"))
    if not files or count <= 0:
        return []
    step = max(len(files) // count, 1)
    out = []
    for path in files[::step][:count]:
        lines = [line.strip() for line in path.read_bytes().decode("utf-8", "replace").split("\n")]
        out.append(
            {
                "slug": f"{path.parent.name}-{path.stem}",
                "lang": "en",
                "charset": "utf-8",
                "site": "BBC News",
                "title": lines[0],
                "author": "Staff reporter",
                "date": "2005-03-01",
                "blocks": [line for line in lines[1:] if line],
            }
        )
    return out


def reader_text(html: bytes) -> str:
    """What the reader keeps of a page: extracted, saved as Markdown, read back."""
    try:
        found = extract(html, "https://news.example.org/a")
    except ExtractError:
        return ""
    saved = parse_markdown(markdown_document(found, dt.datetime(2026, 1, 1)), "a.md", Path("a.md"))
    return saved.title + "\n\n" + saved.body


def quality(articles: list[dict]) -> None:
    pages = [(a, style, page(a, f"https://news.example.org/{a['slug']}", style)) for a in articles for style in STYLES]
    runs = {
        "reader": reader_text,
        "trafilatura.extract (defaults)": lambda html: trafilatura.extract(html) or "",
        "trafilatura.extract (no comments)": lambda html: trafilatura.extract(html, include_comments=False) or "",
    }
    print(f"extraction: {len(pages)} pages ({len(articles)} articles x {len(STYLES)} layouts)")
    scores: dict[str, list[float]] = {}
    for name, run in runs.items():
        started = time.perf_counter()
        texts = [run(html) for _, _, html in pages]
        elapsed = time.perf_counter() - started
        scores[name] = [f1(text, known_text(a)) for text, (a, _, _) in zip(texts, pages)]
        mean = sum(scores[name]) / len(pages)
        print(f"  {name:<34} F1 {mean:.3f} (min {min(scores[name]):.2f})  {len(pages) / elapsed:6.1f} pages/s")
    base = "trafilatura.extract (defaults)"
    for style in STYLES:
        picked = [i for i, (_, s, _) in enumerate(pages) if s == style]
        row = "  ".join(f"{sum(scores[n][i] for i in picked) / len(picked):.3f}" for n in runs)
        print(f"    {style:<10} {row}   (reader, raw, raw without comments)")
    for lang in sorted({a["lang"] for a, _, _ in pages}):
        picked = [i for i, (a, _, _) in enumerate(pages) if a["lang"] == lang]
        row = "  ".join(f"{sum(scores[n][i] for i in picked) / len(picked):.3f}" for n in runs)
        print(f"    {lang:<10} {row}")
    worse = sum(1 for r, b in zip(scores["reader"], scores[base]) if r < b - 1e-9)
    print(f"  pages where the reader scores below raw trafilatura: {worse} of {len(pages)}")


def serve(articles: list[dict], feeds: int, entries: int, hosts: int, pipe) -> None:
    """The feeds and their pages, served from this (separate) process so that serving costs
    the reader's process nothing; sends back the feeds and the page bodies, then serves until
    told to stop."""
    servers = [Loopback(host=f"127.0.0.{n + 1}") for n in range(hosts)]
    with contextlib.ExitStack() as stack:
        for server in servers:
            stack.enter_context(server)
        feed_docs = []
        bodies = []
        pages = []
        for f in range(feeds):
            server = servers[f % hosts]
            items = []
            for e in range(entries):
                a = articles[(f * entries + e) % len(articles)]
                path = f"/f{f}/e{e}"
                body = page(a, server.url(path), STYLES[e % len(STYLES)])
                bodies.append(body)
                pages.append(server.url(path))
                server.add(path, body, content_type=f"text/html; charset={a['charset']}", gzip=True)
                items.append({"title": a["title"], "link": server.url(path), "guid": f"{f}-{e}"})
            url = server.add(
                f"/f{f}/rss.xml",
                rss(f"Feed {f}", server.url("/"), items),
                content_type="application/rss+xml",
                etag=f'"{f}"',
                gzip=True,
            )
            feed_docs.append({"url": url, "title": f"Feed {f}", "seen": []})
        pipe.send((feed_docs, bodies, pages))
        pipe.recv()  # stop


def sync_bench(articles: list[dict], feeds: int, entries: int, hosts: int, runs: int) -> None:
    """Each figure is the best of `runs` (this machine's speed moves by a third from one
    minute to the next); every first sync starts from an empty library and unsynced feeds."""
    import copy
    import multiprocessing

    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(
        target=serve, args=(articles, feeds, entries, hosts, theirs), daemon=True
    )
    server.start()
    feed_docs, bodies, pages = ours.recv()
    workers = Workers()

    async def plain_fetch() -> None:
        """What a plain aiohttp client takes to fetch every feed and page, as many at once per
        host and in all as reader's fetcher allows: the sync's baseline, with raw extraction."""
        import aiohttp

        connector = aiohttp.TCPConnector(limit=AT_ONCE, limit_per_host=PER_HOST)
        async with aiohttp.ClientSession(connector=connector) as session:

            async def one(url: str) -> None:
                async with session.get(url) as answer:
                    await answer.read()

            await asyncio.gather(*(one(doc["url"]) for doc in feed_docs))
            await asyncio.gather(*(one(url) for url in pages))

    def raw_extract() -> None:
        for body in bodies:
            trafilatura.extract(body)

    async def warm():  # the pool's start-up, once per app or command, is not the sync's
        await asyncio.gather(*(workers.run(extract, body) for body in bodies[: workers.size]))

    async def pool_extract():
        async def one(body):
            try:
                await workers.run(extract, body)
            except ExtractError:
                pass

        await asyncio.gather(*(one(body) for body in bodies))

    async def run(docs, folder):
        async with Fetcher() as fetcher:
            reports = await sync(fetcher, docs, folder, UrlIndex(), on_feed=lambda r: None, workers=workers)
            return reports, fetcher.requests

    def best(function) -> tuple[float, list[float], object]:
        times, result = [], None
        for _ in range(runs):
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
        return min(times), times, result

    # every run's library is kept until the end: ext4 makes a new file slow for half a minute
    # after many were deleted (it passes over the recently freed inodes), which would put the
    # previous run's clean-up on the next run's clock
    kept = Path(tempfile.mkdtemp(prefix="reader-web-bench-"))

    def first_sync():
        docs = copy.deepcopy(feed_docs)
        folder = Path(tempfile.mkdtemp(dir=kept))
        reports, requests = asyncio.run(run(docs, folder))
        return docs, reports, requests

    asyncio.run(warm())
    raw, raw_all, _ = best(raw_extract)
    pooled, _, _ = best(lambda: asyncio.run(pool_extract()))
    fetched, _, _ = best(lambda: asyncio.run(plain_fetch()))
    first, first_all, (docs, reports, requests) = best(first_sync)
    saved = sum(len(r.new) for r in reports)
    failed = sum(len(r.failed) + bool(r.error) for r in reports)
    shown = ", ".join(f"{t:.2f}" for t in first_all)
    print(f"sync: {feeds} feeds x {entries} entries from {hosts} hosts on 127.0.0.x (2 requests at once per host)")
    print(f"  best of {runs} runs each; raw runs: {', '.join(f'{t:.2f}' for t in raw_all)} s; sync runs: {shown} s")
    print(
        f"  extraction of the same {len(bodies)} pages: raw trafilatura.extract in one process {raw:6.2f} s "
        f"({len(bodies) / raw:.0f} pages/s); reader's pool {pooled:6.2f} s ({len(bodies) / pooled:.0f} pages/s, "
        f"{raw / pooled:.2f}x raw)"
    )
    print(
        f"  a plain aiohttp client fetching the feeds, then the pages ({PER_HOST} at once per host): {fetched:6.2f} s; "
        f"with raw extraction {fetched + raw:6.2f} s"
    )
    print(
        f"  first sync   {first:6.2f} s  {requests:5} requests  {saved} articles saved  {failed} failed  "
        f"({saved / first:.0f} articles/s; {first / (fetched + raw):.2f}x plain fetch + raw extraction, goal <= 1.5x; "
        f"{workers.size} worker processes)"
    )
    for doc, report in zip(docs, reports):
        doc.update(report.state)
    started = time.perf_counter()
    reports, requests = asyncio.run(run(docs, Path(tempfile.mkdtemp(dir=kept))))
    again = time.perf_counter() - started
    unchanged = sum(r.not_modified for r in reports)
    print(f"  second sync  {again:6.2f} s  {requests:5} requests  {unchanged} feeds answered 304 Not Modified")
    workers.close()
    ours.send("stop")
    server.join(10)
    shutil.rmtree(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc", type=int, default=200, help="BBC articles to wrap in pages (0: none)")
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=10, help="loopback addresses the feeds are spread over")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timed part; the best is shown")
    args = parser.parse_args()
    bbc = bbc_articles(args.bbc)
    if not bbc and args.bbc:
        print(f"(no BBC corpus at {BBC}: the hand-made pages only)")
    quality(ARTICLES + bbc)
    sync_bench(ARTICLES + bbc, args.feeds, args.entries, args.hosts, args.runs)


if __name__ == "__main__":
    main()
