"""The daily review at library scale: choosing today's set and keeping a grade, with 1k /
10k / 100k highlights (half of them reviewed before) over 2,000 articles, against one plain
json.dump of the same database in the same run (what a store without a journal would pay
for each grade).

    python bench/review.py [--grades 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reader.services import review

sys.path.insert(0, str(Path(__file__).parent))
from store import plain_dump  # noqa: E402  (bench/store.py: the same baseline)

ARTICLES = 2_000


def make(home: Path, count: int) -> None:
    """A library of ARTICLES small files and a database of `count` highlights over them,
    every other one reviewed once, on days spread over the last month."""
    from reader.core.notes.review import grade
    from reader.core.store import Store

    library = home / "library"
    library.mkdir(parents=True)
    (home / "config.toml").write_text("include_seeds = false\n")
    for n in range(ARTICLES):
        (library / f"a{n:05d}.txt").write_text(f"Article {n}\n\nSome words of article {n} for the review.\n")
    store = Store(home / "reader.json")
    made = store.highlights.add("a00000.txt", "fp", "Some words of article 0 for the review.", 0, 10)
    storage = store.storage
    template = made.to_dict()
    table = storage.data["highlights"]
    reviews = storage.data.setdefault("reviews", {})
    now = dt.datetime.now(dt.UTC)
    for i in range(count - 1):
        doc = dict(template, id=f"{i:032x}", article=f"a{i % ARTICLES:05d}.txt", created=f"2026-01-{i % 28 + 1:02d}")
        table[str(i + 2)] = doc
        if i % 2:
            when = now - dt.timedelta(days=i % 30 + 1)
            reviews[str(i)] = {"highlight": doc["id"], **grade(None, "good", when).to_dict()}
    storage.snapshot()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grades", type=int, default=30)
    args = parser.parse_args()
    print(f"{'highlights':>10} {'today (set of 10)':>18} {'grade (median / p95)':>22} {'json.dump':>10} {'ratio':>6}")
    for count in (1_000, 10_000, 100_000):
        home = Path(tempfile.mkdtemp(prefix="reader-review-"))
        os.environ["READER_HOME"] = str(home)
        make(home, count)
        from reader.services import Services

        services = Services.build()
        services.scan()
        _ = services.store  # opened once, as the app has it (bench/store.py measures opening)
        t = time.perf_counter()
        day = review.review_day(services)
        chosen = time.perf_counter() - t
        timings = []
        for n in range(args.grades):  # today's set graded good; more grades than that: again, easy
            item = day.items[n % len(day.items)]
            t = time.perf_counter()
            review.grade_highlight(services, item.highlight.id, "good" if n < len(day.items) else "easy")
            timings.append(time.perf_counter() - t)
        dump_ms = plain_dump(services.store.storage.data, home / "plain.json") * 1000
        services.close()
        grade_ms = statistics.median(timings) * 1000
        p95 = sorted(timings)[int(len(timings) * 0.95) - 1] * 1000
        print(
            f"{count:>10,} {chosen * 1000:>15.1f} ms {grade_ms:>10.2f} / {p95:>6.2f} ms {dump_ms:>7.1f} ms"
            f" {grade_ms / dump_ms:>6.3f}"
        )


if __name__ == "__main__":
    main()
