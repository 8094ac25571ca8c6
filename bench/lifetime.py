"""A lifetime of reading: 50,000 articles (the BBC corpus 23 times over) holding 100,000
highlights (2 an article, 40 on one), brought in through `reader import`, measured as a user
meets it, each row against a baseline measured in the same run:

- `reader import` of the 100,000 highlights (W3C JSON)   vs json.load + json.dump of the file
- opening the store (in-process)                          vs json.load of the same file
- `reader export --format json`                           vs json.dump of the store's highlights
- `reader review --json`, `reader list --query has:highlights`, warm `reader list` (each the
  median of --runs runs, with the highlights in), first scan
- start-up to the library's status line in a pty, without and with the highlights, against a
  bare Textual app timed the same way (median of --runs alternating runs), resident memory
  (the CLI's and the app's), and the keys (j) in the library and in an article

The library is built once in the temp folder (reader-lifetime-COPIES) and reused.

    python bench/lifetime.py [--copies 23] [--runs 5] [--skip-startup]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pty import PtyApp  # noqa: E402
from keys import ninetieth, run_case  # noqa: E402
from startup import READER, compiled, time_to  # noqa: E402

HERE = Path(__file__).parent
BBC = HERE.parent.parent / "shared" / "corpora" / "bbc"


def build_library(root: Path, copies: int) -> list[tuple[str, str]]:
    """The corpus `copies` times under `root/library` (c00/, c01/...); (article id, body) of
    each readable article of one copy, for making highlights."""
    from reader.core.library import SkipFile
    from reader.core.library.parse import load_article

    library = root / "library"
    originals = sorted(p for p in BBC.rglob("*.txt") if p.name != "README.TXT")
    bodies = []
    for path in originals:
        relative = path.relative_to(BBC).as_posix()
        try:
            bodies.append((relative, load_article(path, relative).body))
        except (SkipFile, OSError):
            continue
    for n in range(copies):
        target = library / f"c{n:02d}"
        if not target.exists():
            shutil.copytree(BBC, target, ignore=shutil.ignore_patterns("README.TXT"))
    return bodies


def annotations(bodies: list[tuple[str, str]], copies: int, per_article: int = 2, big: int = 40) -> dict:
    """W3C JSON: `per_article` highlights on every article, `big` on the first, quotes taken
    from the text (each a sentence-sized run of words) so that they anchor."""
    items = []
    for n in range(copies):
        for index, (relative, body) in enumerate(bodies):
            count = big if (n, index) == (0, 0) else per_article
            for k in range(count):
                start = (len(body) * (k + 1)) // (count + 2)
                start = body.rfind(" ", 0, start) + 1
                end = min(len(body), start + 80)
                exact = body[start:end]
                items.append(
                    {
                        "type": "Annotation",
                        "id": f"urn:uuid:{uuid.UUID(int=len(items) + 1)}",
                        "created": "2024-01-01T00:00:00.000+00:00",
                        "modified": "2024-01-01T00:00:00.000+00:00",
                        "target": {
                            "source": f"urn:reader:c{n:02d}/{relative}",
                            "selector": [
                                {"type": "TextQuoteSelector", "exact": exact, "prefix": body[max(0, start - 32) : start],
                                 "suffix": body[end : end + 32]},
                                {"type": "TextPositionSelector", "start": start, "end": end},
                            ],
                        },
                        "body": [{"type": "TextualBody", "purpose": "tagging", "value": f"t{k % 7}"}]
                        + ([{"type": "TextualBody", "purpose": "commenting", "value": "a note"}] if k % 5 == 0 else []),
                    }
                )  # fmt: skip
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage", "items": items}


def run(argv: list[str], env: dict[str, str], timeout: float = 1800, ok: tuple[int, ...] = (0,)) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{argv[1:]} failed: {done.stderr[-2000:]}")
    return elapsed, done.stdout


def median_run(argv: list[str], env: dict[str, str], runs: int) -> float:
    return statistics.median(run(argv, env)[0] for _ in range(runs))


def row(name: str, seconds: float, base: float | None = None, goal: str = "") -> None:
    ratio = f"{seconds / base:6.1f}x" if base else "       "
    print(f"  {name:<52} {seconds:8.2f} s  {ratio}  {goal}")


def resident(argv: list[str], env: dict[str, str]) -> int:
    """Peak resident memory (MB) of one command, as GNU time reports it."""
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env, capture_output=True, text=True)
    return int(done.stderr.strip().splitlines()[-1]) // 1024


def resident_app(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    """(resident, peak) MB of the app once its library is listed and the store open."""
    app = PtyApp(argv, env)
    try:
        app.wait_for("unread · sorted", timeout=120)
        time.sleep(0.5)
        status = dict(line.split(":", 1) for line in Path(f"/proc/{app.pid}/status").read_text().splitlines())
        return int(status["VmRSS"].split()[0]) // 1024, int(status["VmHWM"].split()[0]) // 1024
    finally:
        app.quit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=23)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    compiled()
    root = Path(tempfile.gettempdir()) / f"reader-lifetime-{args.copies}"
    bodies = build_library(root, args.copies)
    library = root / "library"
    print(f"{len(bodies) * args.copies:,} articles in {library}")

    home = Path(tempfile.mkdtemp(prefix="reader-lifetime-home-"))
    env = {**os.environ, "READER_HOME": str(home)}
    (home / "config.toml").write_text("import_max_items = 1000000\n")  # a lifetime is more than the default 100,000
    lib = [str(READER), "--library", str(library)]
    shutil.rmtree(home / "cache", ignore_errors=True)
    started = time.perf_counter()  # the baseline: every file's bytes read once (and so in the OS's cache)
    for path in library.rglob("*.txt"):
        path.read_bytes()
    read_all = time.perf_counter() - started
    cold, _ = run([*lib, "list", "--json"], env)
    if not args.skip_startup:
        bare = [sys.executable, str(HERE / "bare_app.py")]
        plain: list[float] = []
        plain_ready: list[float] = []
        bares: list[float] = []
        for _ in range(args.runs):
            bares.append(time_to(bare, "bare app ready", env))
            first, ready = time_to(
                lib, "articles", env, then="unread · sorted"
            )  # quit with q: the next start has its first screen
            plain.append(first)
            plain_ready.append(ready)

    page = annotations(bodies, args.copies)
    source = root / "highlights.json"
    source.write_text(json.dumps(page))
    count = len(page["items"])
    started = time.perf_counter()
    json.loads(source.read_text())
    with open(root / "baseline.json", "w") as handle:
        json.dump(page, handle)
        handle.flush()
        os.fsync(handle.fileno())
    base_io = time.perf_counter() - started

    imported, said = run([*lib, "import", str(source)], env)
    print(f"{count:,} highlights imported: {said.strip()}")

    from reader.core.store import Store

    db = home / "reader.json"
    started = time.perf_counter()
    json.loads(db.read_bytes())
    load = time.perf_counter() - started
    opened, read = [], []
    for _ in range(3):
        started = time.perf_counter()
        store = Store(db, read_only=True)
        opened.append(time.perf_counter() - started)
        store.read_all()  # what the app does behind its first screen, and any command that needs them
        read.append(time.perf_counter() - started)
        store.close()

    out = root / "export.json"
    exported, _ = run([*lib, "export", "--format", "json", "-o", str(out)], env)
    started = time.perf_counter()
    data = json.loads(db.read_bytes())
    with open(root / "baseline2.json", "w") as handle:
        json.dump(data.get("highlights", {}), handle)
    dump = time.perf_counter() - started
    # a command a user runs again and again: the median of --runs runs, each a fresh process
    reviewed = median_run([*lib, "review", "--json"], env, args.runs)
    found = median_run([*lib, "list", "--query", "has:highlights"], env, args.runs)
    warm = median_run([*lib, "list", "--json"], env, args.runs)
    warm_plain = median_run([*lib, "list"], env, args.runs)

    print(f"\n{len(bodies) * args.copies:,} articles, {count:,} highlights (2 an article, 40 on one)")
    print(f"  {'what':<52} {'reader':>10}  {'ratio':>7}  goal")
    row("reader import (W3C JSON)", imported, base_io, "<= 60 s  (base: json.load + json.dump of the file)")
    row("opening the store (median of 3)", statistics.median(opened), load, "<= 0.5 s (base: json.load of it)")
    row("  ... and reading every highlight", statistics.median(read), load, "")
    row("reader export --format json", exported, dump, "<= 10 s  (base: json.dump of the highlights)")
    row("reader review --json (median)", reviewed, None, "<= 1 s")
    row("reader list --query has:highlights (median)", found, None, "<= 1 s")
    row("first scan (reader list, no scan cache)", cold, read_all, "<= 5 s  (base: reading every file's bytes)")
    row("warm reader list --json (median)", warm, None, "<= 0.5 s")
    row("warm reader list (median)", warm_plain, None, "<= 0.5 s")
    if not args.skip_startup:
        with_highlights, with_ready = [], []
        for _ in range(args.runs):
            first, ready = time_to(lib, "articles", env, then="unread · sorted")
            with_highlights.append(first)
            with_ready.append(ready)
        b = statistics.median(bares)
        row("bare Textual app to its first frame (median)", b, None, "")
        row("start-up to the library, no highlights (median)", statistics.median(plain), b, "<= 1.5x")
        row("start-up, 100,000 highlights (median)", statistics.median(with_highlights), b, "<= 1.5x")
        row("  ... until scanned and the store open, no highlights", statistics.median(plain_ready), b, "")
        row("  ... until scanned and the store open, 100,000 highlights", statistics.median(with_ready), b, "")
    print(
        f"  resident memory, reader list --query has:highlights: {resident([*lib, 'list', '--query', 'has:highlights'], env)} MB"
    )
    print(f"  resident memory, reader review --json: {resident([*lib, 'review', '--json'], env)} MB")
    if not args.skip_startup:
        now, peak = resident_app(lib, env)
        print(f"  resident memory, the app with its library listed and the store open: {now} MB (peak {peak} MB)")
        for name, open_article in (("the library list", False), ("an article (its highlights drawn)", True)):
            ms = sorted(x * 1000 for x in run_case(library, home, open_article, 30)[0])
            print(f"  keys (j, 30 presses) in {name}: p50 {statistics.median(ms):.1f} ms, p90 {ninetieth(ms):.1f} ms")
    if os.environ.get("KEEP_HOME"):
        print(f"  (kept: READER_HOME={home})")
    else:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
