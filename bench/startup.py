"""Start-up: time from launch to the library on screen, in a real pseudo-terminal, against a
bare Textual app (header, table, footer) measured the same way in the same run.

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pty import PtyApp  # noqa: E402

HERE = Path(__file__).parent
BBC = HERE.parent.parent / "shared" / "corpora" / "bbc"
READER = Path(sys.executable).parent / "reader"


def compiled() -> None:
    """The reader's modules compiled to bytecode, as `pip install` leaves them: an editable
    install run with PYTHONDONTWRITEBYTECODE=1 compiles every module at every start (120 ms)."""
    import compileall

    import reader

    compileall.compile_dir(Path(reader.__file__).parent, quiet=1)


def time_to(argv, needle, env=None, then: str | None = None) -> float | tuple[float, float]:
    """Seconds from launch until `needle` is on screen (and, with `then`, until that is too:
    both times, and the app quit with q, as a user does); else the app is killed."""
    import time

    app = PtyApp(argv, env)
    try:
        app.wait_for(needle)
        first = time.perf_counter() - app.started
        if then is None:
            return first
        app.wait_for(then)
        return first, time.perf_counter() - app.started
    finally:
        app.quit() if then is not None else app.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compiled()
    home = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    env = {"READER_HOME": str(home)}
    cases = {
        "bare Textual app (header, table, footer)": (
            [sys.executable, str(HERE / "bare_app.py")],
            "bare app ready",
            None,
        ),
        "reader, bundled seeds": ([str(READER)], "2 articles", None),
        "reader, BBC corpus (2,225 files), warm scan cache": ([str(READER), "--library", str(BBC)], "articles ·", None),
        "reader, BBC corpus, cold (no scan cache)": ([str(READER), "--library", str(BBC)], "articles ·", "cold"),
    }
    time_to([str(READER), "--library", str(BBC)], "articles ·", env)  # warm the OS file cache and the scan cache
    results: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, (argv, needle, mode) in cases.items():
            if mode == "cold":
                shutil.rmtree(home / "cache", ignore_errors=True)
            results[name].append(time_to(argv, needle, env))
    base = statistics.median(results[next(iter(cases))])
    print(f"start-up to first screen, median of {args.runs} runs (min..max)")
    for name, values in results.items():
        median = statistics.median(values)
        print(
            f"  {name:<52} {median * 1000:7.0f} ms  ({min(values) * 1000:.0f}..{max(values) * 1000:.0f})"
            f"  ratio {median / base:.2f}"
        )
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
