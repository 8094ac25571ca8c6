"""Saving a highlight: latency and file size at 1k / 10k / 100k highlights, reader's
journal storage against one plain json.dump of the same data, in the same run; the fold at
close (the journal written into reader.json); and, at 100k, kill -9 at random moments of
that fold: every acknowledged highlight must be there at the next open.

    python bench/store.py [--saves 50] [--kills 10]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import shutil
import signal
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
    template = template.to_record()
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
    parser.add_argument("--kills", type=int, default=10)
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
        t = time.perf_counter()
        store.close()  # the fold: the journal's changes written into reader.json
        folded = time.perf_counter() - t
        size = path.stat().st_size
        timings.sort()
        ours = statistics.median(timings)
        print(
            f"{count:>10,} {ours * 1000:>14.2f} / {timings[int(len(timings) * 0.95)] * 1000:.2f} ms"
            f" {plain * 1000:>13.1f} ms {plain / ours:>6.0f}x {size / 1024 / 1024:>7.1f} MB {opened * 1000:>6.0f} ms"
            f"  fold {folded * 1000:.0f} ms"
        )
        if count == 100_000 and args.kills:
            kill_during_folds(path, args.kills)
        shutil.rmtree(folder, ignore_errors=True)


def kill_during_folds(path: Path, rounds: int) -> None:
    """A child adds a highlight, says so, and closes (folding 100,000 into reader.json): killed
    at a random moment of that close. Every highlight it acknowledged must be there after."""
    rng = random.Random(7)
    acked: list[str] = []
    for _ in range(rounds):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                store = Store(path)
                made = store.highlights.add("c.txt", "fp", BODY, 0, 30)
                os.write(write_end, f"{made.id}\n".encode())
                store.close()
                os.write(write_end, b"folded\n")
            finally:
                os._exit(0)
        os.close(write_end)
        select.select([read_end], [], [], 30.0)  # the highlight is saved: the fold begins
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end) as said:
            lines = said.read().split()
        acked += [line for line in lines if line != "folded"]
        store = Store(path)
        missing = [h for h in acked if h not in store.highlights]
        assert not missing and not store.warnings, (missing, store.warnings)
        store.close()
    print(f"  kill -9 during the fold at 100,000: {rounds} rounds, {len(acked)} acknowledged highlights, none lost")


if __name__ == "__main__":
    main()
