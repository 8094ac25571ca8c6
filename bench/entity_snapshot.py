"""Every entity reader finds in the BBC corpus (model and rules, span for span), written to
a file or compared with one: the check that a refactor changed nothing.

    python bench/entity_snapshot.py --write /tmp/before.json   # on the old code
    python bench/entity_snapshot.py --compare /tmp/before.json # on the new code

Prints the articles and entities, the time taken, and any article whose entities differ."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from reader.core.articles import SkipFile

from reader.core.entities import Recognizer
from reader.core.library import scan

BBC = Path(__file__).parent.parent.parent / "shared" / "corpora" / "bbc"


def main() -> int:
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path)
    group.add_argument("--compare", type=Path)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    if not BBC.is_dir():
        print(f"no corpus at {BBC}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    library = scan([BBC])
    articles = []
    for entry in library.entries:
        try:
            articles.append(library.load(entry.id))
        except SkipFile:
            pass
    recognizer = Recognizer.shared(None)
    found = {
        str(Path(a.path).relative_to(BBC)): [list(e) for e in entities]
        for a, entities in recognizer.find(articles, n_process=args.processes)
    }
    count = sum(len(v) for v in found.values())
    print(f"{len(found)} articles, {count:,} entities, {time.perf_counter() - started:.1f} s")
    if args.write:
        args.write.write_text(json.dumps(found, sort_keys=True), encoding="utf-8")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = sorted(name for name in before.keys() | found.keys() if before.get(name) != found.get(name))
    for name in differ[:20]:
        print(f"differs: {name}")
    print(f"{len(differ)} of {len(before)} articles differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
