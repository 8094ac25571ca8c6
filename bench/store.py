"""Saving a highlight: latency and file size at 1k / 10k / 100k highlights, reader's
journal storage against one plain json.dump of the same data, in the same run.

    python bench/store.py [--saves 50]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from reader.core.store import Store

BODY = (
    "Russia has staunchly backed the longtime president as his government faced a series of bruising "
    "sanctions from the United States and the European Union. "
) * 4


def fill(store: Store, count: int) -> None:
    """Put `count` highlights in the store, quickly (one snapshot at the end)."""
    storage = store.storage
    made = store.highlights.add("a.txt", "fp", BODY, 0, 60)
    table = storage.data["highlights"]  # TinyDB replaced the table's dict on that write
    template = made.replace(tags=["politics", "belarus"], note="A note of a typical length, a sentence or two.")
    template = template.to_dict()
    for i in range(count - 1):
        doc = dict(template, id=f"{i:032x}", article=f"article-{i % 500}.txt")
        table[str(i + 2)] = doc
    storage.snapshot()
    store.close()


def plain_dump(data, path: Path, runs: int = 5) -> float:
    """The baseline: seconds (median) to write the same data once with json.dump, as TinyDB's
    default storage does on every change, fsynced like ours."""
    dumps = []
    for _ in range(runs):
        t = time.perf_counter()
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        dumps.append(time.perf_counter() - t)
    return statistics.median(dumps)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=50)
    args = parser.parse_args()
    print(
        f"{'highlights':>10} {'reader save (median / p95)':>28} {'json.dump save':>16} {'ratio':>7} "
        f"{'file':>9} {'open':>8}"
    )
    for count in (1_000, 10_000, 100_000):
        folder = Path(tempfile.mkdtemp(prefix="reader-store-"))
        path = folder / "reader.json"
        fill(Store(path), count)
        t = time.perf_counter()
        store = Store(path)
        opened = time.perf_counter() - t
        timings = []
        for i in range(args.saves):
            t = time.perf_counter()
            doc = store.highlights.add("b.txt", "fp", BODY, i, i + 40)
            store.highlights.update(doc.id, tags=["x"])
            timings.append((time.perf_counter() - t) / 2)
        plain = plain_dump(store.storage.data, folder / "plain.json")
        store.close()
        size = path.stat().st_size
        timings.sort()
        ours = statistics.median(timings)
        print(
            f"{count:>10,} {ours * 1000:>14.2f} / {timings[int(len(timings) * 0.95)] * 1000:.2f} ms"
            f" {plain * 1000:>13.1f} ms {plain / ours:>6.0f}x {size / 1024 / 1024:>7.1f} MB {opened * 1000:>6.0f} ms"
        )
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
