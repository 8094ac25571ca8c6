"""Working through a feed reader's library: 20,000 articles (5,000 archived, 2,000 for later,
1,000 starred, 500 tagged, half read), against baselines measured in the same run.

- start-up to the Inbox on screen, in a pty, against a bare Textual app (its first rows as
  they were at the last quit, then the whole library once scanned: both are timed);
- keys in a pty: typing a filter in `/` and switching views (`v`, `j`, `enter`), each key
  from written to the first output (goal: p90 <= 16 ms, max <= 50 ms), and the same keys in a
  bare Textual app of the same shape that does none of the work (bench/bare_keys_app.py);
- `reader list --query` and `reader mark --query ... read` on all 20,000 (goals: <= 1 s, <= 2 s);
- in the store: marking 20,000 read and one undo; a highlight save at 100,000 highlights
  with 20,000 states, against one json.dump of the same data.

    python bench/triage.py [--articles 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pty import PtyApp  # noqa: E402
from keys import drain, first_output, ninetieth  # noqa: E402
from startup import READER, compiled, time_to  # noqa: E402

from reader.core.store import Store  # noqa: E402

HERE = Path(__file__).parent
WORDS = [
    "minister",
    "budget",
    "election",
    "talks",
    "rates",
    "market",
    "court",
    "police",
    "storm",
    "league",
    "final",
    "vote",
    "deal",
    "strike",
]


def make_library(folder: Path, count: int) -> list[str]:
    """`count` small .txt articles in 40 folders (a title, a date, a URL, a paragraph)."""
    rng = random.Random(7)
    ids = []
    for n in range(count):
        sub = folder / f"feed{n % 40:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" {n}"
        day = f"2026-{1 + n % 11:02d}-{1 + n % 28:02d}"
        body = " ".join(rng.choice(WORDS) for _ in range(120))
        (sub / f"{n:05d}.txt").write_text(f"{title}\n\n{day}\nhttps://news{n % 40}.example/{n}\n\n{body}.\n")
        ids.append(f"feed{n % 40:02d}/{n:05d}.txt")
    return ids


def make_states(db: Path, ids: list[str]) -> None:
    store = Store(db)
    store.articles.mark(ids[:5000], "archive")
    store.articles.mark(ids[5000:7000], "later")
    store.articles.mark(ids[::20], "star")
    store.articles.mark(ids[::2], "read")
    for article_id in ids[:500]:
        store.articles.change(article_id, "Tagged", tags=["politics", "long-read"])
    store.close()


def key_latencies(argv: list[str], env: dict[str, str], typed: str, views: int) -> list[float]:
    app = PtyApp(argv, env)
    try:
        app.wait_for("Inbox ·", timeout=120)
        drain(app, 0.5)
        latencies = [first_output(app, "/")]
        time.sleep(0.15)
        for char in typed:
            latencies.append(first_output(app, char))
            time.sleep(0.15)
        latencies.append(first_output(app, "\r"))  # back to the list
        time.sleep(0.15)
        for n in range(views):
            latencies.append(first_output(app, "v"))
            app.wait_for("unread", timeout=10)  # the panel's counts
            drain(app, 0.1)
            for _ in range(n % 5):
                latencies.append(first_output(app, "j"))
                time.sleep(0.15)
            latencies.append(first_output(app, "\r"))
            time.sleep(0.2)
        return latencies
    finally:
        app.close()


def quit_once(argv: list[str], env: dict[str, str]) -> None:
    app = PtyApp(argv, env)
    try:
        app.wait_for("unread ·", timeout=120)
        app.send("q")
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not os.waitpid(app.pid, os.WNOHANG)[0]:
            try:
                drain(app, 0.1)
            except OSError:  # the terminal is closed: it has quit
                break
    finally:
        app.close()


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env={**os.environ, **env}, check=True, capture_output=True)
    return time.perf_counter() - start


def p90(values: list[float]) -> float:
    return ninetieth(sorted(values))


def stats(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return f"p50 {statistics.median(ms):6.1f}  p90 {ninetieth(ms):6.1f}  max {ms[-1]:6.1f} ms  ({len(ms)} keys)"


def store_figures(db: Path, ids: list[str], highlights: int) -> None:
    work = db.with_name("store-bench.json")
    shutil.copy(db, work)
    store = Store(work)
    start = time.perf_counter()
    store.articles.mark(ids, "read")  # the other half
    store.articles.mark(ids, "unread")
    marked = time.perf_counter() - start
    start = time.perf_counter()
    store.articles.undo()
    undone = time.perf_counter() - start
    print(
        f"store: mark {len(ids):,} unread {marked / 2 * 1000:.0f} ms (a mark, half of them changing) · one undo {undone * 1000:.0f} ms"
    )
    body = "A sentence of a typical length, for a highlight to sit on. " * 4
    made = store.highlights.add("a.txt", "fp", body, 0, 60).to_dict()
    table = store.storage.data["highlights"]
    for i in range(highlights - 1):
        table[str(i + 2)] = dict(made, id=f"{i:032x}", article=ids[i % len(ids)])
    store.storage.snapshot()
    store.close()
    store = Store(work)
    saves = []
    for n in range(30):
        start = time.perf_counter()
        store.highlights.add("b.txt", "fp", body, n, n + 20)
        saves.append(time.perf_counter() - start)
    data = store.storage.data
    start = time.perf_counter()
    with open(work.with_name("plain.json"), "w") as out:
        json.dump(data, out)
    plain = time.perf_counter() - start
    store.close()
    median = statistics.median(saves)
    print(
        f"store: a highlight save with {highlights:,} highlights and {len(store.articles.states()):,} states: "
        f"median {median * 1000:.2f} ms; one json.dump of the same data {plain * 1000:.0f} ms ({plain / median:,.0f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--highlights", type=int, default=100_000)
    args = parser.parse_args()
    compiled()
    work = Path(tempfile.mkdtemp(prefix="reader-triage-"))
    library, home = work / "library", work / "home"
    home.mkdir()
    started = time.perf_counter()
    ids = make_library(library, args.articles)
    make_states(home / "reader.json", ids)
    env = {"READER_HOME": str(home)}
    reader = [str(READER), "--library", str(library)]
    timed([*reader, "list"], env)  # the scan cache, and the OS's file cache
    print(f"{args.articles:,} articles made in {time.perf_counter() - started:.0f} s")

    quit_once(reader, env)  # as a user has: the Inbox's first screen is kept for the next start

    bare, ours, whole = [], [], []
    for _ in range(args.runs):  # taken in turns: the machine's ups and downs fall on all three
        bare.append(time_to([sys.executable, str(HERE / "bare_app.py")], "bare app ready"))
        ours.append(time_to(reader, "Inbox ·", env))
        whole.append(time_to(reader, "unread ·", env))
    b, o, w = statistics.median(bare), statistics.median(ours), statistics.median(whole)
    print(
        f"start-up: bare Textual app {b * 1000:.0f} ms · reader, Inbox of {args.articles:,} on screen {o * 1000:.0f} ms "
        f"({o / b:.2f}x; goal <= 1.5x) · the whole library scanned and listed {w * 1000:.0f} ms ({w / b:.2f}x)"
    )

    latencies = key_latencies(reader, env, "is:unread budget", views=6)
    floor = key_latencies([sys.executable, str(HERE / "bare_keys_app.py")], {}, "is:unread budget", views=6)
    print(f"keys (filter typed in /, then views switched): {stats(latencies)}; goal p90 <= 16, max <= 50")
    print(
        f"  the same keys in a bare Textual app of the same shape (bench/bare_keys_app.py): {stats(floor)}; "
        f"reader's p90 {p90(latencies) / p90(floor):.2f}x the bare app's"
    )

    query = "is:unread -in:archive tag:politics OR budget"
    listed = statistics.median(timed([*reader, "list", "--query", query, "--json"], env) for _ in range(args.runs))
    plain = statistics.median(timed([*reader, "list"], env) for _ in range(args.runs))
    print(
        f"reader list --query {query!r}: {listed * 1000:.0f} ms (reader list, no query: {plain * 1000:.0f} ms; goal <= 1 s)"
    )
    copy = home / "copy"
    copy.mkdir()
    shutil.copy(home / "reader.json", copy / "reader.json")
    marked = timed([*reader, "--db", str(copy / "reader.json"), "mark", "--query", "", "read"], env)
    print(f"reader mark --query '' read ({args.articles:,} articles): {marked * 1000:.0f} ms (goal <= 2 s)")
    store_figures(home / "reader.json", ids, args.highlights)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
