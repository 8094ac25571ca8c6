"""`reader feed add|list|remove|move|rename|import|export` and `reader sync`: following feeds."""

from __future__ import annotations

import sys

from reader.cli.common import common_options, fail, print_json, progress, write_output
from reader.core.text import clip, inert, plural
from reader.services import feed_settings, triage
from reader.services import feeds as feed_service


def add_feed(commands) -> None:
    feed = commands.add_parser(
        "feed", help="follow RSS, Atom and JSON feeds: add, list, remove, move, rename, import, export, set"
    )
    feed.add_argument("action", choices=("add", "list", "remove", "move", "rename", "import", "export", "set"))
    feed.add_argument(
        "target",
        nargs="?",
        metavar="URL|N|FILE",
        help="add: a feed or a page that names one; remove, move, rename: its URL or number; import: an OPML file",
    )
    feed.add_argument(
        "value", nargs="?", metavar="FOLDER|TITLE", help='move: a folder (A/B; "" for none); rename: a title'
    )
    feed.add_argument("--json", action="store_true", help="with list: print a JSON array")
    feed.add_argument("-o", "--output", metavar="FILE", help="with export: write the OPML here, not to stdout")
    feed.add_argument(
        "--content", choices=("page", "feed"), help="with set: fetch each article's page (page) or keep the feed's text"
    )
    feed.add_argument("--selector", metavar="CSS", help='with set: the part of the page that is the article ("" none)')
    feed.add_argument(
        "--every",
        metavar="MINUTES",
        type=int,
        help="with set: how often the app's sync fetches it (0: as sync_interval)",
    )
    feed.add_argument(
        "--keep-read",
        metavar="DAYS",
        type=int,
        help="with set: its read articles go to the trash after DAYS (0: as keep_read_days)",
    )
    common_options(feed, suppress=True)
    feed.set_defaults(run=cmd_feed_args)


def cmd_feed_args(services, args) -> int:
    if args.action == "import":
        return cmd_feed_import(services, args.target)
    if args.action == "export":
        return cmd_feed_export(services, args.output)
    if args.action in ("move", "rename"):
        return cmd_feed_change(services, args.action, args.target, args.value)
    if args.action == "set":
        return cmd_feed_set(services, args)
    return cmd_feed(services, args.action, args.target, args.json)


def cmd_feed_set(services, args) -> int:
    """A feed's own settings (services.feeds.set_feed); with none given, the ones it has."""
    found = services.store.feeds.find(args.target or "")
    if found is None:
        return fail(f"say which feed: reader feed set URL|N --content page|feed ... (not {inert(args.target or '')!r})")
    given = {key: getattr(args, key) for key in feed_settings.SETTINGS if getattr(args, key) is not None}
    if given:
        try:
            found = feed_settings.set_feed(services, found["url"], given)
        except ValueError as error:
            return fail(inert(str(error)))
    print(f"{inert(found['title'])}: {feed_settings.settings_line(found)}")
    return 0


def cmd_feed_import(services, target: str | None) -> int:
    from pathlib import Path

    from reader.core.ingest.opml import OpmlError
    from reader.services.feeds import FeedList

    if not target:
        return fail("say which file: reader feed import FILE.opml")
    try:
        found = FeedList.read(Path(target).expanduser())
    except OSError as error:
        return fail(f"cannot read {inert(target)}: {error.strerror or error}")
    except OpmlError as error:
        return fail(f"{inert(target)}: {error}")
    for line in found.skipped:
        print(line, file=sys.stderr)
    services.store.check_writable()
    print(f"{found.follow(services)}; `reader sync` fetches their articles")
    return 0


def cmd_feed_export(services, output: str | None) -> int:
    from reader.core.ingest.opml import write_opml
    from reader.core.store.feeds import with_parents

    feeds = services.store.feeds.all()
    filed = with_parents(f for feed in feeds for f in feed["folders"])
    empty = [f for f in services.store.feeds.folder_names() if f not in filed]
    return write_output(write_opml(feeds, empty), output, plural(len(feeds), "feed"))


def cmd_feed_change(services, action: str, target: str | None, value: str | None) -> int:
    store = services.store
    if not target or value is None:
        return fail(
            f"say which feed and {'folder' if action == 'move' else 'title'}: reader feed {action} URL|N "
            f"{'FOLDER' if action == 'move' else 'TITLE'}"
        )
    feed = store.feeds.find(target)
    if feed is None:
        return fail(f"not following {inert(target)} (see `reader feed list`)")
    url = feed["url"]
    if action == "move":
        folder = store.feeds.move(url, value)
        print(f"moved {inert(url)} to {folder or 'no folder'}")
        return 0
    try:
        title = store.feeds.rename(url, value)
    except ValueError as error:
        return fail(str(error))
    print(f"renamed {inert(url)} to {title}")
    return 0


def add_sync(commands) -> None:
    sync = commands.add_parser("sync", help="fetch the new articles of every feed you follow")
    common_options(sync, suppress=True)
    sync.set_defaults(run=lambda services, args: cmd_sync(services))


def cmd_feed(services, action: str, target: str | None, as_json: bool) -> int:
    import asyncio

    from reader.core.ingest import FeedError
    from reader.core.ingest.fetch import FetchError

    store = services.store
    if action == "list":
        feeds = store.feeds.all()
        if as_json:
            keys = (
                "id",
                "url",
                "title",
                "folders",
                "site",
                "added",
                "last_sync",
                "last_error",
                "last_note",
                *feed_settings.SETTINGS,
            )
            counts = triage.feed_counts(services) if feeds else {}
            print_json(
                [
                    {k: feed.get(k) for k in keys}
                    | {
                        "unread": counts[feed["url"]][1],
                        "articles": counts[feed["url"]][0],
                        "error": feed.get("last_error"),
                    }
                    for feed in feeds
                ]
            )
            return 0
        if not feeds:
            print("no feeds yet: reader feed add URL", file=sys.stderr)
        for feed in feeds:
            when = f"synced {feed['last_sync']}" if feed.get("last_sync") else "not synced yet"
            folders = [f"{inert(f)}/" for f in feed["folders"]]
            folder = folders[0] if len(folders) == 1 else ", ".join(folders) + " " if folders else ""
            print(f"{feed['id']:>3}  {folder}{clip(feed['title'], 100)}  {inert(feed['url'])}  ({when})")
            if feed.get("last_error"):
                print(f"     last error: {inert(feed['last_error'])}")
            if any(feed.get(key) for key in feed_settings.SETTINGS):
                print(f"     {feed_settings.settings_line(feed)}")
            if feed.get("last_note"):
                print(f"     note: {inert(feed['last_note'])}")
        return 0
    if not target:
        return fail(f"say which feed: reader feed {action} {'URL' if action == 'add' else 'URL|N'}")
    if action == "remove":
        found = store.feeds.find(target)
        if found is None:
            return fail(f"not following {inert(target)} (see `reader feed list`)")
        store.feeds.remove(found["url"])
        print(
            f"stopped following {inert(found['title'])} ({inert(found['url'])}); its saved articles stay in the library"
        )
        return 0
    from pathlib import Path

    from reader.core.ingest.fetch import is_url

    if not is_url(target) and Path(target).expanduser().exists():
        kind = "a folder" if Path(target).expanduser().is_dir() else "a file"
        return fail(
            f"{inert(target)}: that is {kind}: `reader feed import` reads OPML; `reader feed add` takes a web address"
        )
    if store.in_use:
        return fail("another reader is changing the database (a sync, say): try again when it is done")
    store.check_writable()  # a read-only database says so before any fetching
    try:
        followed = asyncio.run(feed_service.follow(services, target))
    except (FetchError, FeedError) as error:
        return fail(str(error))
    assert followed is not None  # unguarded: a store error is raised, not kept quiet
    print(followed.line())
    return 0


def cmd_sync(services) -> int:
    import asyncio

    store = services.store
    feeds = store.feeds.all()
    if not feeds and not store.remote.accounts() and not len(store.fetches):
        return fail("no feeds to sync: follow one with `reader feed add URL`")
    if store.in_use:
        return fail("another reader is changing the database (a sync, say): this sync waits for none; try again later")
    store.check_writable()
    with progress("fetching feeds and their new entries", 0) as advance:  # the bar grows as entries are found
        run = feed_service.sync(services, feeds, services.scan(), on_progress=lambda tally: advance(*tally.step))
        synced = asyncio.run(run)
    for line in synced.lines():
        print(line)
    print(synced.head(), file=sys.stderr)
    return 1 if synced.every_failed else 0
