"""`reader import` as a user moving to reader runs it (a fresh process, a fresh database):

- a Readwise CSV of 20,000 highlights in 400 books (goal: under 20 s), against the baseline of
  reading the same CSV with the csv module and writing every row once with json.dump;
- a Pocket export zip of 10,000 saved pages (goal: queued in under 5 s; the fetching itself
  runs after, or at the next sync: `--no-fetch` here), against reading the zip's CSV and writing
  it once with json.dump;
- each again (everything already there: nothing twice).

Each first import is the median of 3, each into a fresh home.

    python bench/imports.py [--highlights 20000] [--pages 10000]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

WORDS = "a city sleeps while the river runs under seven bridges and one bright moon".split()  # noqa: SIM905


def sentence(n: int) -> str:
    return " ".join(WORDS[(n * 7 + i) % len(WORDS)] for i in range(12 + n % 20)) + f" (passage {n})."


def readwise(count: int, books: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Highlight", "Book Title", "Book Author", "Amazon Book ID", "Note", "Color", "Tags", "Location Type",
         "Location", "Highlighted at", "Document tags"]
    )  # fmt: skip
    for n in range(count):
        book = n % books
        note = f"a note on {n}" if n % 5 == 0 else ""
        writer.writerow(
            [sentence(n), f"Book {book}", f"Author {book % 50}", f"B{book:08d}", note, "yellow", "t1, t2" if n % 3 else "",
             "location", n, "2021-03-05 19:45:00+00:00", "books"]
        )  # fmt: skip
    return out.getvalue()


def pocket(count: int) -> bytes:
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["title", "url", "time_added", "tags", "status"])
    for n in range(count):
        writer.writerow(
            [
                f"Saved page {n}",
                f"https://site{n % 300}.example/a/{n}",
                1700000000 + n,
                "news|x",
                ("unread", "archive")[n % 2],
            ]
        )
    notes = [{"url": f"https://site{n % 300}.example/a/{n}", "title": f"Saved page {n}",
              "highlights": [{"quote": sentence(n), "created_at": 1700000500}]} for n in range(0, count, 10)]  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("part_000000.csv", rows.getvalue())
        archive.writestr("annotations/part_000000.json", json.dumps(notes))
    return out.getvalue()


def baseline(rows: list[dict], out: Path) -> float:
    started = time.perf_counter()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(rows, handle)
        handle.flush()
        os.fsync(handle.fileno())
    return time.perf_counter() - started


def reader(home: Path, path: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "reader", "import", "--no-fetch", str(path)],
        env={**os.environ, "READER_HOME": str(home)},
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    return elapsed, done.stdout.strip().replace("\n", " / ")


def median(root: Path, name: str, path: Path, runs: int = 3) -> tuple[float, str]:
    """The median of `runs` imports, each into a fresh home (file creation on this VM's disk
    varies from run to run)."""
    results = sorted(reader(root / f"{name}-{n}", path) for n in range(runs))
    return results[len(results) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--highlights", type=int, default=20_000)
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, check=True)
        start = time.perf_counter() - started
        print(f"starting the command (reader --version): {start:.2f} s")

        text = readwise(args.highlights, max(1, args.highlights // 50))
        path = root / "readwise.csv"
        path.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        rows = list(csv.DictReader(io.StringIO(text)))
        base = time.perf_counter() - t0 + baseline(rows, root / "base.json")
        report(root, "readwise", path, base, f"Readwise CSV, {args.highlights:,} highlights", "< 20 s", "csv")

        path = root / "pocket.zip"
        path.write_bytes(pocket(args.pages))
        t0 = time.perf_counter()
        with zipfile.ZipFile(path) as archive:
            rows = list(csv.DictReader(io.StringIO(archive.read("part_000000.csv").decode())))
        base = time.perf_counter() - t0 + baseline(rows, root / "base2.json")
        report(root, "pocket", path, base, f"Pocket zip, {args.pages:,} pages queued", "< 5 s", "zip + csv")


def report(root: Path, name: str, path: Path, base: float, what: str, goal: str, read: str) -> None:
    """The first import (median of 3 fresh homes) and the same again, against the baseline."""
    first, said = median(root, name, path)
    again, said_again = reader(root / f"{name}-0", path)
    print(f"{what}: {first:.2f} s (goal {goal}); again {again:.2f} s; "
          f"baseline {read} + json.dump {base:.2f} s ({first / base:.0f}x)")  # fmt: skip
    print(f"  said: {said}\n  again: {said_again}")


if __name__ == "__main__":
    main()
