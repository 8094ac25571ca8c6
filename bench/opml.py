"""OPML import at 3,000 / 20,000 / 100,000 feeds: `reader feed import` as the user runs it (a
fresh process, a fresh database), against the baseline of parsing the same file with
ElementTree and writing the feeds once with json.dump, in the same run. Then the same import
again (every feed already followed).

    python bench/opml.py [--sizes 3000,20000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path


def opml(count: int) -> str:
    """`count` feeds in folders of 100, on 997 sites."""
    lines = ['<?xml version="1.0"?>\n<opml version="2.0"><head><title>big</title></head><body>']
    for first in range(0, count, 100):
        lines.append(f'<outline text="Folder {first // 100}">')
        for i in range(first, min(first + 100, count)):
            lines.append(f'<outline type="rss" text="Feed {i}" xmlUrl="https://site{i % 997}.example/feed/{i}.xml"/>')
        lines.append("</outline>")
    lines.append("</body></opml>")
    return "\n".join(lines)


def baseline(path: Path, out: Path) -> float:
    """Parse with ElementTree, write every feed once with json.dump (fsynced)."""
    started = time.perf_counter()
    root = ElementTree.parse(path).getroot()
    feeds = [
        {"url": o.get("xmlUrl"), "title": o.get("text"), "folder": folder.get("text")}
        for folder in root.find("body")
        for o in folder
    ]
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(feeds, handle)
        handle.flush()
        os.fsync(handle.fileno())
    return time.perf_counter() - started


def reader(home: Path, path: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "reader", "feed", "import", str(path)],
        env={**os.environ, "READER_HOME": str(home)},
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - started
    assert "following" in done.stdout, done.stdout
    return elapsed


def startup(home: Path) -> float:
    """`reader --version`: the fixed cost of starting the command, for the reader."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="3000,20000,100000")
    args = parser.parse_args()
    print(f"{'feeds':>8} {'reader import':>14} {'again':>8} {'baseline':>9} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        start = startup(root)
        for size in (int(s) for s in args.sizes.split(",")):
            path = root / f"feeds-{size}.opml"
            path.write_text(opml(size), encoding="utf-8")
            home = root / f"home-{size}"
            first = reader(home, path)
            again = reader(home, path)
            base = baseline(path, root / "plain.json")
            print(f"{size:>8,} {first:>12.2f} s {again:>6.2f} s {base:>7.2f} s {first / base:>5.1f}x")
        print(f"(a bare `reader --version` takes {start:.2f} s of each import's time)")


if __name__ == "__main__":
    main()
