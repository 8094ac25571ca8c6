"""`reader feed add|list|remove` and `reader sync`: following feeds."""

from __future__ import annotations

import sys

from reader.cli.common import common_options, fail, ids_by_path, print_json, progress, with_fetcher
from reader.core.text import inert, plural


def add_feed(commands) -> None:
    feed = commands.add_parser("feed", help="follow RSS/Atom feeds: add, list, remove")
    feed.add_argument("action", choices=("add", "list", "remove"))
    feed.add_argument(
        "target", nargs="?", metavar="URL|N", help="add: a feed or a page that names one; remove: its URL or number"
    )
    feed.add_argument("--json", action="store_true", help="with list: print a JSON array")
    common_options(feed, suppress=True)
    feed.set_defaults(run=lambda services, args: cmd_feed(services, args.action, args.target, args.json))


def add_sync(commands) -> None:
    sync = commands.add_parser("sync", help="fetch the new articles of every feed you follow")
    common_options(sync, suppress=True)
    sync.set_defaults(run=lambda services, args: cmd_sync(services))


def cmd_feed(services, action: str, target: str | None, as_json: bool) -> int:
    import asyncio

    from reader.core.ingest import FeedError, discover
    from reader.core.ingest.fetch import FetchError

    store = services.store
    if action == "list":
        feeds = store.feeds()
        if as_json:
            keys = ("url", "title", "site", "added", "last_sync", "last_error")
            print_json([{k: feed.get(k) for k in keys} for feed in feeds])
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
        return fail(f"say which feed: reader feed {action} {'URL' if action == 'add' else 'URL|N'}")
    if action == "remove":
        feeds = store.feeds()
        url = feeds[int(target) - 1]["url"] if target.isdigit() and 0 < int(target) <= len(feeds) else target
        removed = store.remove_feed(url)
        if removed is None:
            return fail(f"not following {inert(target)} (see `reader feed list`)")
        print(f"stopped following {inert(removed['title'])} ({inert(url)}); its saved articles stay in the library")
        return 0
    store.check_writable()  # a read-only database says so before any fetching
    try:
        found = asyncio.run(with_fetcher(services, lambda fetcher: discover(fetcher, target)))
    except (FetchError, FeedError) as error:
        return fail(str(error))
    if not store.add_feed(found.url, found.title, found.site):
        print(f"already following {inert(found.title)} ({inert(found.url)})")
        return 0
    print(f"following {inert(found.title)} ({inert(found.url)}); `reader sync` fetches its articles")
    return 0


def cmd_sync(services) -> int:
    import asyncio

    from reader.core.ingest import UrlIndex, sync

    store = services.store
    feeds = store.feeds()
    if not feeds:
        return fail("no feeds to sync: follow one with `reader feed add URL`")
    store.check_writable()
    index = UrlIndex(services.scan().entries)

    def keep(report) -> None:
        store.update_feed(report.url, **report.state)

    with progress("fetching feeds and their new entries", len(feeds)) as advance:
        reports = asyncio.run(
            with_fetcher(
                services,
                lambda fetcher: sync(
                    fetcher,
                    feeds,
                    services.paths.library_dir,
                    index,
                    on_progress=lambda kind, done, more: advance(done, more),
                    on_feed=keep,
                ),
            )
        )
    ids = ids_by_path(services.scan())
    for report in reports:
        for result in report.new:
            article_id = ids.get(result.path.resolve())
            if article_id:
                store.arrived(article_id)
        print(report.line())
    new = sum(len(r.new) for r in reports)
    failed = sum(1 for r in reports if r.error)
    if failed == len(reports):
        print(f"every feed failed ({plural(failed, 'feed')}): nothing was synced", file=sys.stderr)
    else:
        print(
            f"{plural(new, 'new article')} from {plural(len(reports), 'feed')}"
            + (f"; {plural(failed, 'feed')} failed" if failed else ""),
            file=sys.stderr,
        )
    return 1 if failed == len(reports) else 0
