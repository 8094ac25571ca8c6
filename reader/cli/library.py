"""`reader list`, `add`, `show`, `paths` and `backup`: the library from the shell."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from reader.cli.common import (
    common_options,
    fail,
    ids_by_path,
    print_json,
    progress,
    report_skipped,
    say_skipped,
    with_fetcher,
)
from reader.core.text import inert, plural
from reader.services import triage


def add_list_(commands) -> None:
    listing = commands.add_parser("list", help="print the library")
    listing.add_argument(
        "--json", action="store_true", help="print a JSON array of articles, with state, read, starred, tags and note"
    )
    listing.add_argument("--query", metavar="Q", help="only the articles the query finds (as `/` in the app)")
    common_options(listing, suppress=True)
    listing.set_defaults(run=lambda services, args: cmd_list(services, args.json, args.query))


def add_add(commands) -> None:
    add = commands.add_parser("add", help="save web pages (URLs) and copy article files or folders into your library")
    add.add_argument("sources", metavar="URL|PATH", nargs="+", help="http(s) URLs, files (.txt .md .html) or folders")
    add.add_argument("--json", action="store_true", help="print one JSON object per line and input")
    add.add_argument(
        "-v", "--verbose", action="store_true", help="a line for every file found in a folder, not only the summary"
    )
    common_options(add, suppress=True)
    add.set_defaults(run=lambda services, args: cmd_add(services, args.sources, args.json, args.verbose))


def add_show(commands) -> None:
    show = commands.add_parser("show", help="print articles as plain text (or JSON)")
    show.add_argument("ids", metavar="ID", nargs="+", help="article ids, as `reader list` prints them")
    show.add_argument(
        "--json",
        action="store_true",
        help='print a JSON array of {"id", "title", "url", "date", "author", "site", "words", "body"}',
    )
    common_options(show, suppress=True)
    show.set_defaults(run=lambda services, args: cmd_show(services, args.ids, args.json))


def add_paths(commands) -> None:
    paths = commands.add_parser("paths", help="print where reader keeps your data")
    common_options(paths, suppress=True)
    paths.set_defaults(run=lambda services, args: cmd_paths(services))


def add_backup(commands) -> None:
    backup = commands.add_parser("backup", help="write a consistent copy of your database")
    backup.add_argument("path", nargs="?", type=Path, help="where (default: backups/ beside the database)")
    common_options(backup, suppress=True)
    backup.set_defaults(run=lambda services, args: cmd_backup(services, args.path))


def cmd_list(services, as_json: bool, query: str | None = None) -> int:
    library = services.scan()
    entries = triage.visible(services, library) if query is None else triage.select(services, query)
    if query is None:
        report_skipped(library.skipped)
        for entry in entries:
            for warning in entry.warnings:
                print(f"warning: {entry.id}: {warning}", file=sys.stderr)
    store = services.store
    if as_json:
        rows = []
        origin, articles = triage.feed_columns(services), store.articles
        for entry in entries:  # one dict each, filled in place: 50,000 of them
            row, state = entry.to_json(), articles.state(entry.id)
            row["feed_title"], row["feed_folders"] = origin.of(entry)[0] or None, origin.folders_of(entry)
            row["state"], row["read"], row["starred"] = state.state, articles.is_read(entry.id), state.starred
            row["tags"], row["note"] = list(state.tags), state.note or None
            rows.append(row)
        print_json(rows)
        return 0
    # one line each, whatever the file name or title holds: checked all at once (one line
    # that is not printable and every one is made inert), then formatted by column
    ids, titles = [e.id for e in entries], [e.title for e in entries]
    if not "".join(ids).isprintable():
        ids = [inert(i) for i in ids]
    if not "".join(titles).isprintable():
        titles = [inert(t) for t in titles]
    dates = [e.date.isoformat() if e.date else "-" for e in entries]
    line = f"%-{max(map(len, ids), default=2)}s  %-10s  %6d  %s\n"
    sys.stdout.write("".join([line % row for row in zip(ids, dates, [e.words for e in entries], titles)]))
    return 0


def cmd_add(services, sources: list[str], as_json: bool, verbose: bool = False) -> int:
    import asyncio

    from reader.core.ingest import AddResult, UrlIndex, add_to_library
    from reader.core.ingest.feeds import take_all
    from reader.core.ingest.fetch import is_url

    library = services.scan()
    index = UrlIndex(library.entries)
    results: list[tuple[int, AddResult]] = []
    paths = [(i, Path(s).expanduser()) for i, s in enumerate(sources) if not is_url(s)]
    urls = [(i, s) for i, s in enumerate(sources) if is_url(s)]
    if paths:
        report = add_to_library(
            [p for _, p in paths], services.paths.library_dir, services.config.max_file_bytes, index, library
        )
        results.extend((paths[r.arg][0], r) for r in report.results)
    followed: list[str] = []
    if urls:
        with progress("saving pages", len(urls), enabled=len(urls) > 1) as advance:
            saved = asyncio.run(
                with_fetcher(
                    services,
                    lambda fetcher: take_all(
                        [u for _, u in urls], services.paths.library_dir, index, fetcher, on_done=lambda _: advance(1)
                    ),
                )
            )
        for (i, _), result in zip(urls, saved):
            if isinstance(result, AddResult):
                results.append((i, result))
            else:  # a feed, or a site's page that names one: followed, as `a` in the app does
                followed.append(follow_found(services, result))
    results.sort(key=lambda item: item[0])
    ids = ids_by_path(services.scan()) if any(r.path for _, r in results) else {}
    ruled = rules_for_added(services, [ids.get(r.path.resolve()) for _, r in results if r.status == "added" and r.path])
    folders = {i for i, path in paths if path.is_dir()}
    for i, result in results:
        article_id = ids.get(result.path.resolve()) if result.path else None
        if article_id in ruled.skipped:
            result.status, result.reason = "skipped", "a rule skips it (reader rule list)"
        if as_json:
            record = {"source": result.source, "id": article_id, "status": result.status}
            if result.status == "skipped":
                record["reason"] = result.reason
            print(json.dumps(record, ensure_ascii=False))
        elif i in folders and not verbose:
            continue  # a folder's files: the summary below, or -v
        elif result.status == "added":
            print(f"added: {article_id or result.path}" + (f"  ({inert(result.title)})" if result.title else ""))
        elif result.status == "duplicate":
            print(f"duplicate: {inert(result.source)} (already in the library as {article_id or result.path})")
        else:
            say_skipped(result.source, result.reason)
    for line in followed:
        print(line)
    counts = {status: sum(1 for _, r in results if r.status == status) for status in ("added", "duplicate", "skipped")}
    if not as_json:
        reasons = Counter(r.reason for _, r in results if r.status == "skipped")
        why = "; ".join(f"{n} {reason}" for reason, n in reasons.most_common())
        print(
            f"{counts['added']} added, {plural(counts['duplicate'], 'duplicate')}, {counts['skipped']} skipped"
            + (f" ({why})" if why else "")
            + (" · -v lists every file" if folders and not verbose and len(results) > len(sources) else ""),
            file=sys.stderr,
        )
        if ruled.done:
            print(ruled.line(), file=sys.stderr)
    return 0 if as_json or counts["added"] or followed else 1


def rules_for_added(services, article_ids: list[str | None]):
    """The rules run on the articles `reader add` saved (services.rules.arrive)."""
    from reader.services.rules import arrive

    library = services.scan()
    entries = [entry for entry in (library.get(a) for a in article_ids if a) if entry is not None]
    return arrive(services, library, entries)


def follow_found(services, found) -> str:
    """A feed `reader add` found, followed (by the open reader when it holds the database);
    what to say of it."""
    from reader.core.handoff import HandoffError, ask
    from reader.services.feeds import keep_feed

    if services.store.in_use:
        try:
            reply = ask(services.db_path, {"do": "feed-add", "url": found.url})
        except HandoffError as error:
            return f"not followed: {error}"
        if reply is not None:
            return (reply["out"] or reply["err"]).strip().removeprefix("reader: ")
    kept = keep_feed(services, found)
    return kept.line() if kept else f"not followed: {inert(found.url)}"


def cmd_show(services, ids: list[str], as_json: bool) -> int:
    from reader.core.library import SkipFile

    library = services.scan()
    articles = []
    for article_id in ids:
        if library.get(article_id) is None:
            return fail(f"no article with id {inert(article_id)!r} (see `reader list`)")
        try:
            articles.append(library.load(article_id))
        except SkipFile as error:
            return fail(f"{inert(article_id)}: {error}")
    if as_json:
        payload = [
            {
                "id": a.id,
                "title": a.title,
                "url": a.url,
                "date": a.date.isoformat() if a.date else None,
                "author": a.author,
                "site": a.site_name or None,
                "words": a.words,
                "language": _language(services, a),
                "body": a.body,
            }
            for a in articles
        ]
        print_json(payload)
        return 0
    for n, article in enumerate(articles):
        if n:
            print("\n" + "─" * 40 + "\n")
        print(article_text(article))
    return 0


def _language(services, article) -> str | None:
    """ISO 639-1 (639-3 where there is none), or None when the text cannot tell."""
    from reader.core.entities import language

    told = services.entities.language_of(article)
    return None if told == language.UNDETERMINED else told


def article_text(article) -> str:
    """An article as plain text for a pager: title, a line of details, then its blocks."""
    details = [
        article.site_name,
        article.author,
        article.date.isoformat() if article.date else None,
        article.url,
        f"{article.words:,} words",
    ]
    lines = [article.title, "=" * min(len(article.title), 72), " · ".join(d for d in details if d), ""]
    previous = None
    for block in article.blocks:
        if block.marker and previous is not None and previous.marker:
            lines.pop()  # items of a list, line by line
        text = article.block_text(block)
        if block.kind == "code":
            text = "\n".join("    " + line for line in text.split("\n"))
        elif block.kind == "quote":
            text = "\n".join("> " + line for line in text.split("\n"))
        elif block.marker:
            text = "  " * max(block.depth - 1, 0) + block.marker + text
        lines += [text, ""]
        previous = block
    return "\n".join(lines).rstrip("\n")


def cmd_paths(services) -> int:
    print(f"library:  {services.paths.library_dir}")
    print(f"database: {services.db_path}")
    print(f"config:   {services.paths.config_path}")
    print(f"cache:    {services.paths.cache_dir}")
    print("reading from:")
    for root in services.roots:
        print(f"  {root}")
    return 0


def cmd_backup(services, target: Path | None) -> int:
    from reader.core.files import stamp

    if target is None:
        target = services.db_path.parent / "backups"
        target.mkdir(parents=True, exist_ok=True)
    if target.is_dir():
        target = target / f"reader-{stamp()}.json"
    services.store.backup(target)
    print(f"backed up to {target}")
    return 0
