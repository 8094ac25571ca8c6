"""Exporting 10,000 highlights: Markdown (default template) and W3C JSON-LD, against one
json.dumps of the same highlights, in the same run; and `reader export` end to end on a
database of 10,000 highlights over the two seed articles.

    python bench/export.py [--count 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reader.core.library import load_article
from reader.core.notes.export import ArticleExport, Exporter, annotations_json
from reader.core.notes.highlight import Highlight, Quote
from reader.core.paths import seeds_dir
from reader.core.store import Store


def best(fn, runs=3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    articles = [load_article(p, p.name) for p in sorted(seeds_dir().iterdir())]
    exports = []
    per = args.count // 100
    for a in range(100):
        article = articles[a % 2]
        body = article.body
        docs = []
        for i in range(per):
            start = (i * 37) % (len(body) - 120)
            docs.append(
                Highlight(
                    f"{a:04x}{i:028x}",
                    f"{article.id}-{a}",
                    article.fingerprint,
                    Quote.of(body, start, start + 100),
                    (start, start + 100),
                    start,
                    start + 100,
                    tags=("belarus", "army"),
                    note="A short **note**,\nover two lines.",
                    created="2026-11-01T10:00:00.000+00:00",
                    modified="2026-11-01T10:00:00.000+00:00",
                )
            )
        exports.append(ArticleExport(f"{article.id}-{a}", article.title, article.url, article.date, docs))
    total = sum(len(e.highlights) for e in exports)
    exporter = Exporter()
    markdown = best(lambda: [exporter.markdown(e) for e in exports])
    jsonld = best(lambda: annotations_json(exports))
    stored = [h.to_dict() for e in exports for h in e.highlights]
    plain = best(lambda: json.dumps(stored))
    print(f"{total:,} highlights in {len(exports)} articles")
    print(f"  Markdown (default template)  {markdown * 1000:7.0f} ms   ratio to json.dumps {markdown / plain:5.1f}x")
    print(f"  W3C JSON-LD                  {jsonld * 1000:7.0f} ms   ratio to json.dumps {jsonld / plain:5.1f}x")
    print(f"  json.dumps of the same data  {plain * 1000:7.0f} ms")

    home = Path(tempfile.mkdtemp(prefix="reader-export-"))
    store = Store(home / "reader.json")
    for i in range(args.count):
        article = articles[i % 2]
        start = (i * 37) % (len(article.body) - 120)
        store.storage.data.setdefault("highlights", {})  # filled directly: this measures export, not saving
        doc = Highlight(
            f"{i:032x}",
            article.id,
            article.fingerprint,
            Quote.of(article.body, start, start + 100),
            (start, start + 100),
            start,
            start + 100,
            tags=("belarus",),
            note="note",
            created="x",
            modified="x",
        ).to_dict()
        store.storage.data["highlights"][str(i + 1)] = doc
    store.storage.snapshot()
    store.close()
    env = {**os.environ, "READER_HOME": str(home)}
    reader = Path(sys.executable).parent / "reader"
    t = time.perf_counter()
    subprocess.run([str(reader), "export", "-o", str(home / "out") + "/"], env=env, check=True, capture_output=True)
    command = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run([str(reader), "list"], env=env, check=True, capture_output=True)
    baseline = time.perf_counter() - t
    print(
        f"  `reader export -o DIR/` of {args.count:,} highlights, whole command: {command * 1000:.0f} ms "
        f"(`reader list`, the command's start-up alone: {baseline * 1000:.0f} ms)"
    )
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
