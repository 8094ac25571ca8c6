"""A 100,000-word article (BBC bodies joined): how long it takes to open, and how fast the
view answers keys, in a real pseudo-terminal, against a seed article measured the same way
in the same run.

    python bench/big_article.py [--words 100000] [--keys 30]
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _pty import PtyApp  # noqa: E402

HERE = Path(__file__).parent
REPO = HERE.parent
BBC = REPO.parent / "shared" / "corpora" / "bbc"
READER = Path(sys.executable).parent / "reader"


def build_article(folder: Path, words: int) -> Path:
    parts, count = [], 0
    for path in sorted(BBC.rglob("*.txt")):
        try:
            body = path.read_text(encoding="utf-8").split("\n", 1)[1].strip()
        except (UnicodeDecodeError, IndexError):
            continue
        parts.append(body)
        count += len(body.split())
        if count >= words:
            break
    target = folder / "big.txt"
    target.write_text("One hundred thousand words of BBC news\n\n" + "\n\n".join(parts) + "\n", encoding="utf-8")
    return target


def article_folders(work: Path, words: int) -> tuple[Path, Path, Path]:
    """Two one-article libraries under `work`: a seed, and a `words`-word BBC article; and
    the big article's path."""
    small_dir, big_dir = work / "small", work / "big"
    small_dir.mkdir(), big_dir.mkdir()
    shutil.copy(REPO / "seeds" / "000_c4e3fa7496f1f1bc.txt", small_dir)
    return small_dir, big_dir, build_article(big_dir, words)


def domain_costs(path: Path) -> dict[str, float]:
    from reader.core.library import load_article
    from reader.core.reading.layout import layout
    from reader.core.reading.sentences import sentence_spans

    timings = {}
    t = time.perf_counter()
    article = load_article(path, path.name)
    timings["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    spans = sentence_spans(article)
    timings["sentences"] = time.perf_counter() - t
    t = time.perf_counter()
    lines = layout(article, 88)
    timings["layout (wrap at 88)"] = time.perf_counter() - t
    timings["_words"], timings["_sentences"], timings["_lines"] = article.words, len(spans), len(lines)
    return timings


def key_latency(app: PtyApp, key: str) -> float:
    """Seconds from sending a key to the end of the repaint it causes (output quiet 40 ms)."""
    while select.select([app.fd], [], [], 0.05)[0]:  # drain
        app.raw += os.read(app.fd, 65536)
    start = time.perf_counter()
    app.send(key)
    last = None
    while True:
        ready = select.select([app.fd], [], [], 0.04 if last else 5)[0]
        if not ready:
            break
        app.raw += os.read(app.fd, 65536)
        last = time.perf_counter()
    if last is None:
        raise TimeoutError(f"no repaint after {key!r}")
    return last - start


def terminal_costs(folder: Path, title: str, keys: int) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    app = PtyApp([str(READER), "--library", str(folder)], {"READER_HOME": str(home)})
    try:
        app.wait_for("1 articles" if False else "article")
        time.sleep(0.3)
        start = time.perf_counter()
        app.send("\r")
        app.wait_for("words ·")  # the header with the word count is drawn once the article is in
        result = {"open": time.perf_counter() - start}
        result["G (to the end)"] = key_latency(app, "G")
        result["g (to the top)"] = key_latency(app, "g")
        result["space (page down), median"] = statistics.median(key_latency(app, " ") for _ in range(keys))
        result["j (next sentence), median"] = statistics.median(key_latency(app, "j") for _ in range(keys))
        return result
    finally:
        app.close()
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--keys", type=int, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reader-big-"))
    small_dir, big_dir, big = article_folders(work, args.words)

    costs = domain_costs(big)
    print(
        f"big article: {costs.pop('_words'):,} words, {costs.pop('_sentences'):,} sentences, "
        f"{costs.pop('_lines'):,} screen lines at width 88"
    )
    for name, seconds in costs.items():
        print(f"  {name:<24} {seconds * 1000:7.1f} ms")

    small = terminal_costs(small_dir, "Putin", args.keys)
    large = terminal_costs(big_dir, "One hundred", args.keys)
    print("in a real terminal (pty, 110x32): big article vs the 460-word seed")
    for name in small:
        print(
            f"  {name:<28} big {large[name] * 1000:7.1f} ms   seed {small[name] * 1000:7.1f} ms"
            f"   ratio {large[name] / small[name]:.2f}"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
