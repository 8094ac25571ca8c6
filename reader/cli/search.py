"""`reader search`: articles by their text, best first."""

from __future__ import annotations

import json
import sys

from reader.cli.common import common_options, fail, progress
from reader.core.text import inert
from reader.services import search


def add_search(commands) -> None:
    search = commands.add_parser("search", help="find articles by their text, best first (query syntax: README)")
    search.add_argument("query", nargs="+", help='words, "a phrase", prefix*, -excluded, tag:name, entity:name')
    search.add_argument("--json", action="store_true", help='print an array of {"id", "title", "score", "snippet"}')
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N results (default 20)")
    common_options(search, suppress=True)
    search.set_defaults(run=lambda services, args: cmd_search(services, " ".join(args.query), args.json, args.limit))


def cmd_search(services, query: str, as_json: bool, limit: int) -> int:
    from reader.core.search import QueryError, SearchIndex, fts_query, sqlite3

    try:
        fts_query(query)  # a query that cannot be searched is said before any indexing
    except QueryError as error:
        return fail(f"search: {error}")
    first = not services.search_path.exists()
    try:
        with progress("indexing the library", 0, enabled=first) as advance:  # the first time: every article
            report = search.update_search(services, lambda done, total: advance(1, total if done == 1 else 0))
        index = SearchIndex(services.search_path)
    except (sqlite3.OperationalError, OSError) as error:  # a full disk, a read-only medium
        if first:
            return fail(f"search: the index cannot be built ({error})")
        print(
            f"search: the index could not be brought up to date ({error}): results as of its last update",
            file=sys.stderr,
        )
        index = SearchIndex(services.search_path, read_only=True)
    else:
        if report.added or report.changed or report.removed:
            print(f"index: {report.added} added, {report.changed} changed, {report.removed} removed", file=sys.stderr)
    try:
        results = index.search(query, limit)
    finally:
        index.close()
    if as_json:
        items = [{"id": r.id, "title": r.title, "score": r.score, "snippet": r.marked("«", "»")} for r in results]
        print(json.dumps(items, ensure_ascii=False, indent=1))
        return 0
    if not results:
        print(f"no article matches {query!r}", file=sys.stderr)
        return 1
    for r in results:
        print(f"{r.score:7.2f}  {inert(r.id)}  {inert(r.title)}")
        print(f"         {inert(r.marked('«', '»'))}")
    return 0
