"""`reader index` throughput on the BBC corpus against raw `nlp.pipe` of the same model on
the same article texts, in the same run; and the time to show a cached article's entities.

    python bench/index.py [--limit 500] [--processes 2]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from reader.core.entities import Entities, Recognizer, apply_corrections, group_entities
from reader.core.library import SkipFile, scan

HERE = Path(__file__).parent
BBC = HERE.parent.parent / "shared" / "corpora" / "bbc"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=500, help="articles to use (0: all 2,225)")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    recognizer = Recognizer.shared(None)
    library = scan([BBC])
    entries = library.entries[: args.limit or None]
    articles = []
    for entry in entries:
        try:
            articles.append(library.load(entry.id))
        except SkipFile:
            pass
    words = sum(a.words for a in articles)
    print(f"{len(articles)} BBC articles, {words:,} words, model {recognizer.key}, n_process={args.processes}")

    # raw spaCy: the article bodies straight through nlp.pipe
    start = time.perf_counter()
    raw_count = sum(
        len(doc.ents)
        for doc in recognizer.nlp.pipe([a.body for a in articles], n_process=args.processes, batch_size=64)
    )
    raw = time.perf_counter() - start

    # reader index: load every file again, find, refine, cache (what the command does)
    cache_dir = Path(tempfile.mkdtemp(prefix="reader-index-"))
    entities = Entities(cache_dir, None)
    start = time.perf_counter()
    loaded = [library.load(e.id) for e in entries if e.id in {a.id for a in articles}]
    entities.index(loaded, n_process=args.processes)
    ours = time.perf_counter() - start
    our_count = sum(len(entities.cache.get(a.fingerprint)) for a in articles)

    print(f"  raw nlp.pipe          {raw:7.1f} s  {words / raw:8,.0f} words/s  ({raw_count:,} entities)")
    print(f"  reader index          {ours:7.1f} s  {words / ours:8,.0f} words/s  ({our_count:,} entities)")
    print(f"  throughput ratio (reader / raw): {raw / ours:.2f}x  (target >= 0.9x)")

    # showing a cached article: cache lookup + corrections + grouping for the panel
    fresh = Entities(cache_dir, None)
    start = time.perf_counter()
    _ = fresh.cache  # the first lookup reads the cache file
    load_cache = time.perf_counter() - start
    timings = []
    for article in articles[:200]:
        t = time.perf_counter()
        found = apply_corrections(article.body, fresh.cached(article), {"Example": "ORG"})
        group_entities(article.body, found)
        timings.append(time.perf_counter() - t)
    timings.sort()
    print(
        f"  cached article's entities: reading the cache file {load_cache * 1000:.0f} ms once, then per article "
        f"median {timings[len(timings) // 2] * 1000:.2f} ms, max {timings[-1] * 1000:.2f} ms (lookup, corrections, panel groups)"
    )
    shutil.rmtree(cache_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
