"""Rules and retention at the size of a real day and a real year.

1. A sync of 1,000 new entries (20 feeds x 50, from a server on 127.0.0.1) with no rules, then
   with 50 rules (words, feed:, author:, text: on the new article's text, tag/archive/later/
   star/skip actions; about one entry in five matched), each into a fresh home. The entries
   carry their own text (no page fetched): the cheapest sync there is, so the rules' share is
   as large as it gets. Goal: 50 rules cost at most 10 % more.
2. `reader clean` on a library of 50,000 articles reader saved, all read and dated 2020, one in
   five starred, tagged or in Later (kept): the selection (`--dry-run`) and the move of the
   rest to the trash. Baseline: listing the library's files (os.walk). Goal: under 2 s.

    python bench/rules.py [--entries 1000] [--rules 50] [--articles 50000] [--runs 3] [--only sync|clean]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.loopback import Loopback  # noqa: E402
from tests.webpages import rss  # noqa: E402

WORDS = ["harbour", "bridge", "council", "budget", "minister", "election", "storm", "rates", "markets", "football"]


def entry(feed: int, n: int) -> dict:
    word = WORDS[(feed * 50 + n) % len(WORDS)]
    body = " ".join(
        f"Paragraph {p} about the {word} of town {feed}, entry {n}, told at some length." for p in range(12)
    )
    return {
        "title": f"The {word} of town {feed}: report {n}",
        "guid": f"f{feed}-e{n}",
        "content": f"<p>{body}</p><p>{body.replace('Paragraph', 'Another')}</p>",
    }


def rules(count: int) -> list[tuple[str, str]]:
    """`count` rules of the kinds people write; most find nothing, a fifth of the entries are acted on."""
    kinds = [
        ('"sponsored" OR "partner content"', "skip"),
        ("harbour", "tag:harbour"),  # a tenth of the entries
        ('text:"about the storm"', "later"),
        ('author:"jane doe"', "star"),
        ("feed:nothing-here", "archive"),
        ('text:"acme corp"', "tag:client"),
        ("football -election", "read"),  # a tenth
    ]
    found = []
    for n in range(count):
        query, action = kinds[n % len(kinds)]
        found.append((f"{query} nonce{n}" if n >= len(kinds) else query, action))  # the others find nothing
    return found


def sync_once(server: Loopback, feeds: list[str], rule_list: list[tuple[str, str]]) -> tuple[float, str]:
    from reader.cli import main

    home = Path(tempfile.mkdtemp(prefix="reader-rules-bench-"))
    os.environ["READER_HOME"] = str(home)
    (home / "config.toml").write_text("include_seeds = false\n")
    from reader.core.store import Store

    store = Store(home / "reader.json")
    for n, url in enumerate(feeds):
        store.feeds.add(url, f"Town {n}")
    for query, action in rule_list:
        store.rules.add(query, action)
    store.close()
    err = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["sync"])
    took = time.perf_counter() - start
    assert code == 0, err.getvalue()
    head = next(line for line in err.getvalue().splitlines() if line.startswith("Synced"))
    return took, head


def sync_bench(entries: int, rule_count: int, runs: int) -> None:
    per_feed = 50
    with Loopback() as server:
        feeds = [
            server.add(
                f"/feed{f}.xml",
                rss(f"Town {f}", server.url("/"), [entry(f, n) for n in range(per_feed)]),
                content_type="application/rss+xml",
            )
            for f in range(max(entries // per_feed, 1))
        ]
        sync_once(server, feeds[:1], [])  # the imports and the worker pool's first start, not measured
        bare, ruled = [], []
        said = ""
        for _ in range(runs):  # alternated, so that the disk's moods fall on both
            bare.append(sync_once(server, feeds, [])[0])
            took, said = sync_once(server, feeds, rules(rule_count))
            ruled.append(took)
    a, b = statistics.median(bare), statistics.median(ruled)
    print(f"sync of {len(feeds) * per_feed} new entries ({len(feeds)} feeds), median of {runs}, each a fresh home:")
    print(f"  no rules     {a:6.2f} s   runs {', '.join(f'{t:.2f}' for t in bare)}")
    print(f"  {rule_count} rules     {b:6.2f} s   runs {', '.join(f'{t:.2f}' for t in ruled)}")
    print(f"  rules cost {100 * (b - a) / a:+.1f} % (goal: at most +10 %)")
    print(f"  {said}")


def clean_bench(articles: int) -> None:
    import datetime as dt

    from reader.core.store import Store
    from reader.services import Services
    from reader.services.retention import clean

    home = Path(tempfile.mkdtemp(prefix="reader-clean-bench-"))
    os.environ["READER_HOME"] = str(home)
    (home / "config.toml").write_text("include_seeds = false\nkeep_read_days = 365\n")
    made = time.perf_counter()
    ids = []
    for n in range(articles):
        folder = home / "library" / f"host{n % 100}"
        if n < 100:
            folder.mkdir(parents=True)
        name = f"article-{n}.md"
        (folder / name).write_text(
            f"---\ntitle: Article {n}\ndate: 2020-0{1 + n % 9}-1{n % 10}\nurl: https://host{n % 100}.example/{n}\n---\n\n"
            f"Text of article {n}, long enough to be read as one.\n"
        )
        ids.append(f"host{n % 100}/{name}")
    store = Store(home / "reader.json")
    with store.batch():
        for article_id in ids:
            store.articles.mark_read(article_id)
        store.articles.mark([a for n, a in enumerate(ids) if n % 5 == 0], "star")
    store.close()
    print(f"clean: {articles} articles made in {time.perf_counter() - made:.1f} s (not measured)")

    services = Services.build()
    start = time.perf_counter()
    services.scan()
    scanned = time.perf_counter() - start
    walk_start = time.perf_counter()
    files = sum(len(names) for _, _, names in os.walk(home / "library"))
    walked = time.perf_counter() - walk_start
    start = time.perf_counter()
    would = clean(services, dry_run=True, today=dt.date(2026, 12, 7))
    selected = time.perf_counter() - start
    start = time.perf_counter()
    done = clean(services, today=dt.date(2026, 12, 7))
    moved = time.perf_counter() - start
    services.store.close()
    print(f"  baseline: os.walk of the library ({files} files)  {walked:6.3f} s")
    print(f"  first scan of the library (not the clean's)       {scanned:6.2f} s")
    print(f"  clean --dry-run: {len(would.old)} to go          {selected:6.3f} s")
    print(f"  clean: {len(done.old)} moved to the trash         {moved:6.3f} s (goal: under 2 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--rules", type=int, default=50)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("sync", "clean"), help="one of the two")
    args = parser.parse_args()
    if args.only != "clean":
        sync_bench(args.entries, args.rules, args.runs)
    if args.only != "sync":
        clean_bench(args.articles)


if __name__ == "__main__":
    main()
