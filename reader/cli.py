"""The `reader` command: with no subcommand it opens the reader; subcommands work on the
library from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from reader import __version__
from reader.core.text import inert, plural


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--library",
        metavar="DIR",
        type=Path,
        action="append",
        default=default,
        help="read articles from DIR instead of the default library (repeatable)",
    )
    parser.add_argument("--db", metavar="PATH", type=Path, default=default, help="use this database file")
    parser.add_argument("--model", metavar="NAME", default=default, help="the spaCy pipeline for entities")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def _iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A keyboard-driven terminal reader for news articles. With no command, opens the reader.",
        epilog="READER_HOME=DIR keeps all user data (library, database, config) in DIR.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    _common(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", help="print the library")
    listing.add_argument("--json", action="store_true", help="print a JSON array of articles")
    _common(listing, suppress=True)

    add = commands.add_parser("add", help="save web pages (URLs) and copy article files or folders into your library")
    add.add_argument("sources", metavar="URL|PATH", nargs="+", help="http(s) URLs, files (.txt .md .html) or folders")
    add.add_argument("--json", action="store_true", help="print one JSON object per line and input")
    add.add_argument(
        "-v", "--verbose", action="store_true", help="a line for every file found in a folder, not only the summary"
    )
    _common(add, suppress=True)

    show = commands.add_parser("show", help="print articles as plain text (or JSON)")
    show.add_argument("ids", metavar="ID", nargs="+", help="article ids, as `reader list` prints them")
    show.add_argument(
        "--json",
        action="store_true",
        help='print a JSON array of {"id", "title", "url", "date", "author", "site", "words", "body"}',
    )
    _common(show, suppress=True)

    feed = commands.add_parser("feed", help="follow RSS/Atom feeds: add, list, remove")
    feed.add_argument("action", choices=("add", "list", "remove"))
    feed.add_argument(
        "target", nargs="?", metavar="URL|N", help="add: a feed or a page that names one; remove: its URL or number"
    )
    feed.add_argument("--json", action="store_true", help="with list: print a JSON array")
    _common(feed, suppress=True)

    sync = commands.add_parser("sync", help="fetch the new articles of every feed you follow")
    _common(sync, suppress=True)

    paths = commands.add_parser("paths", help="print where reader keeps your data")
    _common(paths, suppress=True)

    backup = commands.add_parser("backup", help="write a consistent copy of your database")
    backup.add_argument("path", nargs="?", type=Path, help="where (default: backups/ beside the database)")
    _common(backup, suppress=True)

    export = commands.add_parser("export", help="export highlights and notes as Markdown (or JSON)")
    export.add_argument("articles", metavar="ARTICLE", nargs="*", help="article ids (default: every annotated one)")
    export.add_argument("--tag", action="append", default=[], help="only highlights with this tag (repeatable)")
    export.add_argument("--entity", metavar="TEXT", help="only highlights whose passage mentions TEXT")
    export.add_argument("--since", metavar="DATE", help="only highlights changed on or after DATE (YYYY-MM-DD)")
    export.add_argument(
        "-o", "--output", help="a file, or a folder (one file per article; end it with /); default stdout"
    )
    export.add_argument(
        "--format", choices=("md", "json"), default="md", help="md (default) or json (W3C Web Annotation)"
    )
    export.add_argument("--template", type=Path, help="a Jinja2 template instead of the default one")
    export.add_argument(
        "--entities", action="store_true", help="add each article's main entities (from the entity cache)"
    )
    _common(export, suppress=True)

    imports = commands.add_parser("import", help="merge highlights from W3C Web Annotation JSON")
    imports.add_argument("file", metavar="FILE.json", type=Path)
    _common(imports, suppress=True)

    index = commands.add_parser(
        "index",
        help="find the entities of every article, or of some (resumes if interrupted)",
        description="Find and cache the entities of the library's articles not indexed yet, newest first.",
    )
    index.add_argument(
        "folders", nargs="*", type=Path, metavar="FOLDER", help="only the articles in these folders of the library"
    )
    index.add_argument("--limit", type=_positive, metavar="N", help="index at most N articles (the newest first)")
    index.add_argument(
        "--since",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="only articles dated on or after this day (undated ones: by the file's modification day)",
    )
    index.add_argument(
        "--processes", type=int, default=0, metavar="N", help="worker processes (default: 2 on 2+ cores)"
    )
    _common(index, suppress=True)

    entities = commands.add_parser("entities", help="print an article's entities")
    entities.add_argument("id", metavar="ID", help="the article's id, as `reader list` prints it")
    entities.add_argument("--json", action="store_true", help='print {"id", "body", "entities": [...]}')
    _common(entities, suppress=True)

    search = commands.add_parser("search", help="find articles by their text, best first (query syntax: README)")
    search.add_argument("query", nargs="+", help='words, "a phrase", prefix*, -excluded, tag:name, entity:name')
    search.add_argument("--json", action="store_true", help='print an array of {"id", "title", "score", "snippet"}')
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N results (default 20)")
    _common(search, suppress=True)

    config = commands.add_parser("config", help="check the config file (settings and [keys])")
    config.add_argument("action", choices=("check",))
    _common(config, suppress=True)

    corrections = commands.add_parser("corrections", help="list, undo or export your entity corrections")
    corrections.add_argument("action", nargs="?", choices=("list", "undo", "export"), default="list")
    corrections.add_argument("text", nargs="?", help="with undo: the surface form whose rule to remove")
    corrections.add_argument("-o", "--output", type=Path, help="with export: write here instead of stdout")
    _common(corrections, suppress=True)
    return parser


def _error(message: str) -> int:
    print(f"reader: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command:  # a command's output to a terminal: never an escape sequence from the data
        from reader.core.text import PrintableStream

        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            if stream.isatty() and not isinstance(stream, PrintableStream):
                setattr(sys, name, PrintableStream(stream))
    from reader.core.config import ConfigError
    from reader.core.entities import ModelUnavailable
    from reader.core.store import StoreError
    from reader.services import Services

    try:
        services = Services.build(
            getattr(args, "library", None), getattr(args, "db", None), getattr(args, "model", None)
        )
    except ConfigError as error:
        return _error(str(error))
    missing = [root for root in services.roots if getattr(args, "library", None) and not root.is_dir()]
    if missing:
        return _error(f"no such folder: {missing[0]}")
    try:
        if args.command == "list":
            return cmd_list(services, args.json)
        if args.command == "add":
            return cmd_add(services, args.sources, args.json, args.verbose)
        if args.command == "show":
            return cmd_show(services, args.ids, args.json)
        if args.command == "feed":
            return cmd_feed(services, args.action, args.target, args.json)
        if args.command == "sync":
            return cmd_sync(services)
        if args.command == "paths":
            return cmd_paths(services)
        if args.command == "export":
            return cmd_export(services, args)
        if args.command == "import":
            return cmd_import(services, args.file)
        if args.command == "backup":
            return cmd_backup(services, args.path)
        if args.command == "index":
            return cmd_index(services, args.processes, args.limit, args.since, args.folders)
        if args.command == "entities":
            return cmd_entities(services, args.id, args.json)
        if args.command == "search":
            return cmd_search(services, " ".join(args.query), args.json, args.limit)
        if args.command == "config":
            return cmd_config_check(services)
        if args.command == "corrections":
            return cmd_corrections(services, args.action, args.text, args.output)
        return run_app(services)
    except StoreError as error:
        return _error(str(error))
    except ModelUnavailable as error:
        return _error(f"entities are off: {error}")
    except BrokenPipeError:  # `reader list | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # e.g. the data folder cannot be created or written
        return _error(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
    finally:
        services.close()


def _report_skipped(skipped) -> None:
    for item in skipped:
        print(f"skipped: {item}", file=sys.stderr)


def cmd_list(services, as_json: bool) -> int:
    library = services.scan()
    _report_skipped(library.skipped)
    for entry in library.entries:
        for warning in entry.warnings:
            print(f"warning: {entry.id}: {warning}", file=sys.stderr)
    if as_json:
        json.dump([entry.to_json() for entry in library.entries], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    width = max((len(e.id) for e in library.entries), default=2)
    for entry in library.entries:
        date = entry.date.isoformat() if entry.date else "-"
        print(f"{entry.id:<{width}}  {date:<10}  {entry.words:>6}  {entry.title}")
    return 0


def cmd_add(services, sources: list[str], as_json: bool, verbose: bool = False) -> int:
    import asyncio

    from reader.core.fetch import is_url
    from reader.core.library import AddResult, UrlIndex, add_to_library
    from reader.core.web import save_urls

    library = services.scan()
    index = UrlIndex(library.entries)
    results: list[tuple[int, AddResult]] = []
    paths = [(i, Path(s).expanduser()) for i, s in enumerate(sources) if not is_url(s)]
    urls = [(i, s) for i, s in enumerate(sources) if is_url(s)]
    if paths:
        report = add_to_library(
            [p for _, p in paths], services.paths.library_dir, services.config.max_file_bytes, index
        )
        results.extend((paths[r.arg][0], r) for r in report.results)
    if urls:
        with _progress("saving pages", len(urls), enabled=len(urls) > 1) as advance:
            saved = asyncio.run(
                _with_fetcher(
                    services,
                    lambda fetcher: save_urls(
                        [u for _, u in urls], services.paths.library_dir, index, fetcher, on_done=lambda _: advance(1)
                    ),
                )
            )
        results.extend((i, result) for (i, _), result in zip(urls, saved))
    results.sort(key=lambda item: item[0])
    ids = _ids_by_path(services.scan()) if any(r.path for _, r in results) else {}
    folders = {i for i, path in paths if path.is_dir()}
    for i, result in results:
        article_id = ids.get(result.path.resolve()) if result.path else None
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
            _say_skipped(result.source, result.reason)
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
    return 0 if as_json or counts["added"] else 1


def _say_skipped(source: str, reason: str) -> None:
    source = inert(source)
    print(f"skipped: {reason}" if reason.startswith(source) else f"skipped: {source}: {reason}", file=sys.stderr)


def _ids_by_path(library) -> dict[Path, str]:
    return {entry.path.resolve(): entry.id for entry in library.entries}


async def _with_fetcher(services, work):
    from reader.core.fetch import Fetcher

    async with Fetcher(services.config.fetch_timeout, services.config.fetch_max_bytes) as fetcher:
        return await work(fetcher)


def _raw(stream):
    """The terminal itself, for rich's progress bars (their own escape sequences must pass)."""
    return getattr(stream, "raw", stream)


class _progress:
    """A rich progress bar on stderr while long web work runs (only on a terminal)."""

    def __init__(self, label: str, total: int, enabled: bool = True):
        self.label, self.total = label, total
        self.enabled = enabled and sys.stderr.isatty()

    def __enter__(self):
        if not self.enabled:
            return lambda done=0, more=0: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn(self.label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=_raw(sys.stderr)),
            transient=True,
        )
        self.progress.start()
        task = self.progress.add_task(self.label, total=self.total)

        def advance(done: int = 0, more: int = 0) -> None:
            if more:
                self.progress.update(task, total=(self.progress.tasks[0].total or 0) + more)
            if done:
                self.progress.advance(task, done)

        return advance

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self.progress.stop()


def cmd_show(services, ids: list[str], as_json: bool) -> int:
    from reader.core.articles import SkipFile

    library = services.scan()
    articles = []
    for article_id in ids:
        if library.get(article_id) is None:
            return _error(f"no article with id {inert(article_id)!r} (see `reader list`)")
        try:
            articles.append(library.load(article_id))
        except SkipFile as error:
            return _error(f"{inert(article_id)}: {error}")
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
                "body": a.body,
            }
            for a in articles
        ]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for n, article in enumerate(articles):
        if n:
            print("\n" + "─" * 40 + "\n")
        print(article_text(article))
    return 0


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


def cmd_feed(services, action: str, target: str | None, as_json: bool) -> int:
    import asyncio

    from reader.core.fetch import FetchError
    from reader.core.web import FeedError, discover

    store = services.store
    if action == "list":
        feeds = store.feeds()
        if as_json:
            keys = ("url", "title", "site", "added", "last_sync", "last_error")
            json.dump([{k: feed.get(k) for k in keys} for feed in feeds], sys.stdout, ensure_ascii=False, indent=2)
            print()
            return 0
        if not feeds:
            print("no feeds yet: reader feed add URL", file=sys.stderr)
        for n, feed in enumerate(feeds, 1):
            when = f"synced {feed['last_sync']}" if feed.get("last_sync") else "not synced yet"
            print(f"{n:>3}  {inert(feed['title'])}  {inert(feed['url'])}  ({when})")
            if feed.get("last_error"):
                print(f"     last error: {inert(feed['last_error'])}")
        return 0
    if not target:
        return _error(f"say which feed: reader feed {action} {'URL' if action == 'add' else 'URL|N'}")
    if action == "remove":
        feeds = store.feeds()
        url = feeds[int(target) - 1]["url"] if target.isdigit() and 0 < int(target) <= len(feeds) else target
        removed = store.remove_feed(url)
        if removed is None:
            return _error(f"not following {inert(target)} (see `reader feed list`)")
        print(f"stopped following {inert(removed['title'])} ({inert(url)}); its saved articles stay in the library")
        return 0
    store.check_writable()  # a read-only database says so before any fetching
    try:
        found = asyncio.run(_with_fetcher(services, lambda fetcher: discover(fetcher, target)))
    except (FetchError, FeedError) as error:
        return _error(str(error))
    if not store.add_feed(found.url, found.title, found.site):
        print(f"already following {inert(found.title)} ({inert(found.url)})")
        return 0
    print(f"following {inert(found.title)} ({inert(found.url)}); `reader sync` fetches its articles")
    return 0


def cmd_sync(services) -> int:
    import asyncio

    from reader.core.library import UrlIndex
    from reader.core.web import sync

    store = services.store
    feeds = store.feeds()
    if not feeds:
        return _error("no feeds to sync: follow one with `reader feed add URL`")
    store.check_writable()
    index = UrlIndex(services.scan().entries)

    def keep(report) -> None:
        store.update_feed(report.url, **report.state)

    with _progress("syncing feeds", len(feeds)) as advance:
        reports = asyncio.run(
            _with_fetcher(
                services,
                lambda fetcher: sync(
                    fetcher, feeds, services.paths.library_dir, index, on_progress=advance, on_feed=keep
                ),
            )
        )
    ids = _ids_by_path(services.scan())
    for report in reports:
        for result in report.new:
            article_id = ids.get(result.path.resolve())
            if article_id:
                store.mark_unread(article_id)
        print(report.line())
    new = sum(len(r.new) for r in reports)
    failed = sum(1 for r in reports if r.error)
    print(
        f"{plural(new, 'new article')} from {plural(len(reports), 'feed')}"
        + (f"; {plural(failed, 'feed')} failed" if failed else ""),
        file=sys.stderr,
    )
    return 1 if failed == len(reports) else 0


def cmd_search(services, query: str, as_json: bool, limit: int) -> int:
    from reader.core.search import QueryError, SearchIndex, fts_query

    try:
        fts_query(query)  # a query that cannot be searched is said before any indexing
    except QueryError as error:
        return _error(f"search: {error}")
    first = not services.search_path.exists()
    with _progress("indexing the library", 0, enabled=first) as advance:  # the first time: every article
        report = services.update_search(lambda done, total: advance(1, total if done == 1 else 0))
    if report.added or report.changed or report.removed:
        print(f"index: {report.added} added, {report.changed} changed, {report.removed} removed", file=sys.stderr)
    index = SearchIndex(services.search_path)
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
        print(f"{r.score:7.2f}  {r.id}  {inert(r.title)}")
        print(f"         {inert(r.marked('«', '»'))}")
    return 0


def cmd_config_check(services) -> int:
    """The settings were checked on loading (a bad one stops there, naming its line); this
    adds the [keys] table: unknown ids and keys bound twice on one screen."""
    from reader.ui.keys import check_keymap

    warnings = check_keymap(services.config.keys)
    for warning in warnings:
        print(f"{services.paths.config_path}: {inert(warning)}", file=sys.stderr)
    if not warnings:
        print(f"{services.paths.config_path}: ok")
    return 1 if warnings else 0


def cmd_paths(services) -> int:
    print(f"library:  {services.paths.library_dir}")
    print(f"database: {services.db_path}")
    print(f"config:   {services.paths.config_path}")
    print(f"cache:    {services.paths.cache_dir}")
    print("reading from:")
    for root in services.roots:
        print(f"  {root}")
    return 0


def offer_fresh_database(services, error) -> bool:
    """The database cannot be used: say why and, on a terminal, offer to start a fresh one
    beside it (the old file is kept, renamed). True if a fresh one was started."""
    from reader.core.files import stamp

    print(f"reader: {error}", file=sys.stderr)
    if not sys.stdin.isatty():
        return False
    path = services.db_path
    kept = path.with_name(f"{path.name}.damaged-{stamp()}")
    answer = input(f"Start a fresh database? The old file is kept as {kept.name}. [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        return False
    path.rename(kept)
    journal = path.with_name(path.name + ".journal")
    if journal.exists():
        journal.rename(kept.with_name(kept.name + ".journal"))
    print(f"kept the old database as {kept}", file=sys.stderr)
    return True


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


def run_app(services) -> int:
    from reader.core.store import StoreError

    try:
        _ = services.store  # a damaged or foreign database stops here, with its message
    except StoreError as error:
        if not offer_fresh_database(services, error):
            return 1
        _ = services.store
    services.scan_in_background()
    from reader.core.entity_process import EntityProcess
    from reader.ui.app import ReaderApp

    try:
        ReaderApp(services).run()
    finally:
        EntityProcess.close_all()  # the model's process goes with the reader
    return 0


def _load_all(services):
    """Every readable article of the library (skipped files reported)."""
    from reader.core.articles import SkipFile

    library = services.scan()
    _report_skipped(library.skipped)
    articles = []
    for entry in library.entries:
        try:
            articles.append(library.load(entry.id))
        except SkipFile as error:
            print(f"skipped: {entry.path}: {error}", file=sys.stderr)
    return articles


def cmd_index(services, processes: int, limit: int | None = None, since=None, folders: list[Path] = ()) -> int:
    import datetime as dt
    import os

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    missing = [folder for folder in folders if not folder.is_dir()]
    if missing:
        return _error(f"no such folder: {missing[0]}")
    print("reading the library…", file=sys.stderr, flush=True)
    library = services.scan()
    _report_skipped(library.skipped)
    wanted = [root.resolve() for root in folders]

    def chosen(entry) -> bool:
        if wanted and not any(entry.path.resolve().is_relative_to(root) for root in wanted):
            return False
        if since is None:
            return True
        try:
            day = entry.date or dt.date.fromtimestamp(entry.path.stat().st_mtime)
        except OSError:
            return False
        return day >= since

    from reader.core.articles import SkipFile
    from reader.core.entities import pick_model
    from reader.core.library import ordered

    entities = services.entities
    articles, todo = [], []
    for entry in ordered([e for e in library.entries if chosen(e)], "date"):  # newest first
        try:
            article = library.load(entry.id)
        except SkipFile as error:
            print(f"skipped: {entry.path}: {error}", file=sys.stderr)
            continue
        articles.append(article)
        if article.fingerprint not in entities.cache:
            todo.append(article)
    todo = todo[:limit] if limit else todo
    if not todo:
        print(f"{plural(len(articles), 'article')}, all indexed with {entities.key}", file=sys.stderr)
        return 0
    print(f"loading the spaCy model ({pick_model(services.model)})…", file=sys.stderr, flush=True)
    _ = entities.recognizer  # a model that cannot be loaded is reported before any work
    if processes <= 0:
        processes = 2 if (os.cpu_count() or 1) >= 2 and len(todo) >= 200 else 1
    columns = (TextColumn("indexing entities"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    from rich.console import Console

    with Progress(*columns, transient=False, console=Console(file=_raw(sys.stdout))) as progress:
        task = progress.add_task("index", total=len(todo))
        try:
            computed = entities.index(todo, n_process=processes, progress=lambda n: progress.advance(task, n))
        except KeyboardInterrupt:
            progress.stop()
            print("interrupted: what was indexed is kept; run `reader index` again to resume", file=sys.stderr)
            return 130
    left = sum(1 for a in articles if a.fingerprint not in entities.cache)
    print(
        f"{plural(len(articles), 'article')}, {computed} newly indexed with {entities.key}"
        + (f", {left} not yet" if left else ""),
        file=sys.stderr,
    )
    return 0


def cmd_entities(services, article_id: str, as_json: bool) -> int:
    from reader.core.articles import SkipFile

    library = services.scan()
    if library.get(article_id) is None:
        return _error(f"no article with id {article_id!r} (see `reader list`)")
    try:
        article = library.load(article_id)
    except SkipFile as error:
        return _error(f"{article_id}: {error}")
    found = services.entities.of(article)
    if as_json:
        payload = {"id": article.id, "body": article.body, "entities": [e.to_json(article.body) for e in found]}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for entity in found:
        print(f"{entity.start:>7} {entity.end:>7}  {entity.label:<12} {entity.text(article.body)}")
    return 0


def cmd_corrections(services, action: str, text: str | None, output: Path | None) -> int:
    store = services.store
    if action == "undo":
        if not text:
            return _error("say which rule to undo: reader corrections undo TEXT")
        if not store.remove_correction(text):
            return _error(f"no correction for {text!r}")
        print(f"removed the correction for {text!r}")
        return 0
    if action == "export":
        from reader.core.entities import training_examples

        lines = [
            json.dumps(example, ensure_ascii=False)
            for example in training_examples(_load_all(services), services.entities)
        ]
        out = "\n".join(lines) + ("\n" if lines else "")
        if output:
            output.write_text(out, encoding="utf-8")
            print(f"wrote {len(lines)} examples to {output}", file=sys.stderr)
        else:
            sys.stdout.write(out)
        return 0
    for doc in store.correction_list():
        print(f"{inert(doc['text'])!r} -> {doc['label'] or 'not an entity'}")
    for doc in store.mention_corrections():
        where = f"{inert(doc['article'])}, character {doc['start']}"
        print(f"{inert(doc['text'])!r} -> {doc['label'] or 'not an entity'}  (here only: {where})")
    return 0


def cmd_export(services, args) -> int:
    import datetime as dt

    from reader.core.export import Exporter, TemplateFailed, annotations_json, collect, write_markdown

    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            return _error(f"--since wants a date like 2024-01-31, not {args.since!r}")
    template = args.template or services.export_template
    if template is not None and not template.is_file():
        return _error(f"no template file at {template}")
    library = services.scan()
    unknown = [a for a in args.articles if library.get(a) is None and not services.store.highlights(a)]
    if unknown:
        return _error(f"no article with id {unknown[0]!r} (see `reader list`)")
    exports = collect(library, services.store, args.articles, args.tag, args.entity, since)
    if args.entities:
        add_main_entities(services, library, exports)
    if not exports:
        print("nothing to export: no highlight matches", file=sys.stderr)
        return 0
    count = sum(len(a.highlights) for a in exports)
    if args.format == "json":
        text = annotations_json(exports)
        if args.output:
            from reader.core.export import document_mode
            from reader.core.files import write_atomically

            write_atomically(Path(args.output).expanduser(), text, document_mode())
            print(f"wrote {count} annotations to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    try:
        exporter = Exporter(template)
        if args.output is None:
            sys.stdout.write(exporter.document(exports))
            return 0
        output = Path(args.output).expanduser()
        folder = output.is_dir() or args.output.endswith(("/", "\\")) or (len(exports) > 1 and not output.suffix)
        written = write_markdown(exports, output, exporter, folder)
    except TemplateFailed as error:  # a user's template that does not parse or fails
        return _error(f"template {error}")
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    print(f"{plural(count, 'highlight')} from {plural(len(exports), 'article')}", file=sys.stderr)
    return 0


def add_main_entities(services, library, exports) -> None:
    """The ten most mentioned entities of each article, from the cache (no model run:
    `reader index` first); hidden labels (CARDINAL, ORDINAL...) left out."""
    from reader.core.articles import SkipFile
    from reader.core.entities import ModelUnavailable, group_entities

    hidden = set(services.config.hidden_labels)
    for export in exports:
        try:
            article = library.load(export.id)
            found = services.entities.cached(article)
        except (SkipFile, OSError, KeyError, ModelUnavailable):
            continue
        if found is None:
            print(f"note: {export.id} is not indexed yet (reader index): no entities listed", file=sys.stderr)
            continue
        groups = [
            g for label, items in group_entities(article.body, found).items() if label not in hidden for g in items
        ]
        groups.sort(key=lambda g: -len(g.spans))
        export.entities = [(g.label, g.name, len(g.spans)) for g in groups[:10]]


def cmd_import(services, path: Path) -> int:
    from reader.core.importing import ImportError_, read_annotations

    try:
        data = path.read_bytes()
    except OSError as error:
        return _error(f"{path}: {error.strerror or error}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _error(f"{path}: not UTF-8 text (byte {error.start}), so not annotation JSON")
    try:
        imported = read_annotations(text, services.config.import_max_items)
    except ImportError_ as error:
        return _error(f"{path}: {error}")
    for reason in imported.skipped:
        print(f"skipped: {reason}", file=sys.stderr)
    summary = {"added": 0, "updated": 0, "skipped": 0}
    for doc in imported.highlights:
        summary[services.store.merge_highlight(doc)] += 1
    print(
        f"{summary['added']} added, {summary['updated']} updated, {summary['skipped']} skipped (already there, "
        f"not newer)" + (f", {len(imported.skipped)} not imported (see above)" if imported.skipped else "")
    )
    return 0
