"""Key latency in a real pseudo-terminal: open an article, press `j` every 150 ms and time
each key from the moment it is written to the first output the reader sends back.

Cases: a seed article and a 100,000-word article (BBC bodies joined), each with a cold
entity cache (the first entity pass runs while the keys are pressed) and a warm one, plus
the library list of the BBC corpus. Goal: p90 <= 33 ms and max <= 100 ms in every case.

    python bench/keys.py [--keys 40] [--words 100000]
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pty import PtyApp  # noqa: E402
from big_article import BBC, READER, article_folders  # noqa: E402


def drain(app: PtyApp, quiet: float = 0.0) -> None:
    while select.select([app.fd], [], [], quiet)[0]:
        app.raw += os.read(app.fd, 65536)


def first_output(app: PtyApp, key: str) -> float:
    """Seconds from writing `key` to the first byte the reader writes after it."""
    drain(app)
    start = time.perf_counter()
    app.send(key)
    if not select.select([app.fd], [], [], 5)[0]:
        raise TimeoutError(f"no output after {key!r}")
    latency = time.perf_counter() - start
    app.raw += os.read(app.fd, 65536)
    return latency


def ninetieth(ms: list[float]) -> float:
    """The 90th percentile of sorted figures (nearest rank)."""
    return ms[min(len(ms) - 1, round(0.9 * len(ms)) - 1)]


def run_case(library: Path, home: Path, open_article: bool, keys: int) -> tuple[list[float], bool]:
    """Latencies of `keys` presses of j, 150 ms apart; and whether the entity pass was still
    running when the last key was pressed."""
    app = PtyApp([str(READER), "--library", str(library)], {"READER_HOME": str(home)})
    try:
        app.wait_for("articles" if "bbc" in str(library) else "article", timeout=60)
        drain(app, 0.3)
        if open_article:
            app.send("\r")
            app.wait_for("words ·", timeout=60)
            drain(app, 0.05)
        latencies = []
        for _ in range(keys):
            latencies.append(first_output(app, "j"))
            time.sleep(0.15)
        drain(app, 0.2)
        still_finding = "finding entities" in app.text()[-3000:] and open_article
        return latencies, still_finding
    finally:
        app.close()


def warm(library: Path, home: Path) -> None:
    subprocess.run(
        [str(READER), "--library", str(library), "index"],
        env={**os.environ, "READER_HOME": str(home)},
        check=True,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--words", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reader-keys-"))
    seed_dir, big_dir, _ = article_folders(work, args.words)

    cases = []
    for name, folder in (("seed article", seed_dir), (f"{args.words // 1000}k-word article", big_dir)):
        cases.append((f"{name}, cold entity cache", folder, "cold", True))
        cases.append((f"{name}, warm entity cache", folder, "warm", True))
    if BBC.is_dir():
        cases.append(("library list, BBC corpus (2,225)", BBC, "cold", False))
    else:
        print(f"(no {BBC}: the library case is left out)")

    print(f"j pressed {args.keys} times, 150 ms apart; key written -> first output (pty, 110x32)")
    print(f"  {'case':<42} {'p50':>7} {'p90':>7} {'max':>7}")
    for name, folder, cache, open_article in cases:
        home = work / f"home-{len(os.listdir(work))}"
        home.mkdir()
        if cache == "warm":
            warm(folder, home)
        latencies, still_finding = run_case(folder, home, open_article, args.keys)
        ms = sorted(x * 1000 for x in latencies)
        p90 = ninetieth(ms)
        note = "  (entity pass still running at the last key)" if still_finding else ""
        print(f"  {name:<42} {statistics.median(ms):7.1f} {p90:7.1f} {ms[-1]:7.1f}{note}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
