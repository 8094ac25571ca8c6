"""A sync through a feed server (the Google Reader API: FreshRSS, Miniflux, Inoreader...), for
the CLI, the app and the shell hand-off alike. In this order, each step kept as it finishes so
that a sync stopped halfway loses nothing and the next one finishes the job:

1. what was read, unread, starred or unstarred in reader since the last sync (an item's state
   that differs from the baseline the server last acknowledged) is sent first;
2. subscriptions: the server's feeds, titles and folders are taken (a feed followed in reader
   that the server does not have is subscribed there);
3. new items: each saved as an article as a direct sync saves an entry (the page's full text
   through the worker pool, the server's content where the page cannot be had), the item's id
   kept with it;
4. the server's read and starred states are taken for every item reader knows.

The conflict rule: a change made in reader since the last sync wins (it is sent before the
server's states are read); otherwise the server's state is taken. Archive, Later, tags, notes
and highlights stay reader's own: the protocol carries none of them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reader.core.ingest.greader import READ, READING_LIST, STARRED, GReader, GReaderError, Item
from reader.core.text import inert

if TYPE_CHECKING:
    from reader.core.ingest.feeds import FeedReport
    from reader.core.library import Entry, Library
    from reader.services import Services

SAVED_AT_ONCE = 250  # items fetched, saved and kept together
OVERLAP = 24 * 3600  # seconds asked for again at each sync (clocks differ; the ids already taken are skipped)


def password(services: Services, account: dict[str, Any]) -> str:
    from reader.core.secrets import password as kept

    return kept(services.paths.data_dir, account["url"], account["user"], account.get("password_command"))


Guard = Callable[[str], Any]  # services.feeds.Guard: the app's saving, or the CLI's unguarded


async def sync_account(
    services: Services,
    account: dict[str, Any],
    library: Library,
    guard: Guard,
    taken: Callable[[Any, str], Entry | None],
    progress: Callable[[str, int, int], None],
    client: Any,
) -> list[FeedReport]:
    """One account's sync (see the module) on a Fetcher: a report per feed that had new items.
    GReaderError or SecretError if the server cannot be used at all."""
    from reader.core.ingest import UrlIndex
    from reader.core.ingest.pages import Saver

    store, url = services.store, account["url"]
    server = GReader(client.client, url, account["user"])
    await server.login(password(services, account))
    await _send_changes(services, server, url, guard)
    streams = await _subscriptions(services, server, guard)
    progress("feeds", len(streams), 0)
    since = int(account.get("since") or 0)
    known = store.remote.items(url)
    ids = [i for i in await server.item_ids(READING_LIST, since=max(since - OVERLAP, 0)) if i not in known]
    progress("entries", 0, len(ids))
    saver = Saver(client, services.paths.library_dir, UrlIndex(library.entries))
    reports: dict[str, FeedReport] = {}
    started = int(time.time())
    for start in range(0, len(ids), SAVED_AT_ONCE):  # kept a batch at a time: a kill loses at most these
        items = await server.items(ids[start : start + SAVED_AT_ONCE])

        async def one(item: Item) -> dict[str, Any]:
            feed = streams.get(item.stream) or {"url": item.stream, "title": item.stream}
            entry = await _save(saver, item, feed, reports.setdefault(item.stream, _report(feed)), taken)
            progress("entries", 1, 0)
            return {"item": item.id, "article": entry.id if entry else None, "read": item.read, "starred": item.starred}

        kept = await asyncio.gather(*(one(item) for item in items))  # pages at once, as the fetcher allows per host
        _take_marks(services, {(k["article"], k["read"], k["starred"]) for k in kept if k["article"]}, guard)
        with guard("Sync state not saved"):
            store.remote.keep_items(url, kept)
    await _take_states(services, server, url, guard)
    with guard("Sync state not saved"):
        store.remote.update_account(url, since=started, last_sync=time.strftime("%Y-%m-%dT%H:%M:%S"))
    return list(reports.values()) or [_report({"url": url, "title": f"{account['user']} at {url}"})]


def _report(feed: dict[str, Any]) -> FeedReport:
    from reader.core.ingest.feeds import FeedReport

    return FeedReport(feed["url"], feed.get("title") or feed["url"])


async def _save(saver: Any, item: Item, feed: dict[str, Any], report: FeedReport, taken: Callable) -> Entry | None:
    """The item as an article: its page's text, else the server's content (as a direct sync
    saves an entry: ingest.feeds.save_entry)."""
    from reader.core.ingest.feed_parsing import Entry as FeedEntry
    from reader.core.ingest.feeds import save_entry

    entry = FeedEntry(item.id, item.link, item.title, item.html, item.author, item.date)
    result = await save_entry(saver, item.id, entry, feed["title"], feed["url"])
    if result.status == "added":
        report.new.append(result)
    elif result.status == "duplicate":
        report.known += 1
    else:
        report.failed.append(result.reason)
    return taken(result, feed["title"]) if result.path is not None else None


def _take_marks(services: Services, states: set[tuple[str, bool, bool]], guard: Guard) -> None:
    """The server's read and starred states on articles of reader's, a batch per kind of mark
    (10,000 states are four journal lines, not 10,000), not for `u` to take back."""
    articles = services.store.articles
    marks: dict[str, list[str]] = {"read": [], "unread": [], "star": [], "unstar": []}
    for article, read, starred in states:
        if read != articles.is_read(article):
            marks["read" if read else "unread"].append(article)
        if starred != articles.state(article).starred:
            marks["star" if starred else "unstar"].append(article)
    with guard("Read state not saved"):
        for mark, ids in marks.items():
            if ids and (change := articles.mark(ids, mark)) is not None:
                articles.forget_change(change)  # the server's doing, not an undoable step of yours


async def _send_changes(services: Services, server: GReader, url: str, guard: Guard) -> None:
    """What changed in reader since the server last acknowledged: sent, then the baseline moved."""
    store = services.store
    changed: dict[tuple[str, bool], list[str]] = {}
    for item, doc in store.remote.items(url).items():
        article = doc.get("article")
        if not article:
            continue
        read, starred = store.articles.is_read(article), store.articles.state(article).starred
        if read != bool(doc.get("read")):
            changed.setdefault((READ, read), []).append(item)
        if starred != bool(doc.get("starred")):
            changed.setdefault((STARRED, starred), []).append(item)
    for (tag, on), items in changed.items():
        await server.mark(items, tag, on)
        field = "read" if tag == READ else "starred"
        with guard("Sync state not saved"):
            store.remote.keep_items(url, [{"item": item, field: on} for item in items])


async def _subscriptions(services: Services, server: GReader, guard: Guard) -> dict[str, dict[str, Any]]:
    """The server's feeds followed here with their titles and folders; reader's own new ones
    subscribed there. The feeds by their stream id."""
    from reader.core.store.feeds import NewFeed

    store = services.store
    for url, stream in store.feeds.unfollowed().items():  # unfollowed in reader since: on the server too
        await server.unsubscribe(stream)
        with guard("Feeds not saved"):
            store.feeds.told(url)
    subscriptions = await server.subscriptions()
    theirs = {s.url: s for s in subscriptions}
    mine = {feed["url"]: feed for feed in store.feeds.all()}
    for url, feed in mine.items():
        if url not in theirs and not feed.get("stream"):  # followed in reader since: the server follows it too
            await server.subscribe(url, feed["title"], feed["folders"])
        elif url in theirs and feed.get("stream") and _changed_here(feed):  # renamed or moved in reader since
            s = theirs[url]
            add, remove = (
                [f for f in feed["folders"] if f not in s.folders],
                [f for f in s.folders if f not in feed["folders"]],
            )
            await server.edit(s.stream, feed["title"], add, remove)
    subscriptions = await server.subscriptions()
    with guard("Feeds not saved"):
        store.feeds.add_many(NewFeed(s.url, s.title, tuple(s.folders), s.site, titled=True) for s in subscriptions)
        for s in subscriptions:  # the server's titles and folders, now the baseline too
            fields = {"title": s.title, "folders": s.folders, "site": s.site, "renamed": True, "stream": s.stream}
            store.feeds.update(s.url, **fields, server_title=s.title, server_folders=s.folders)
        gone = [url for url, feed in mine.items() if feed.get("stream") and url not in {s.url for s in subscriptions}]
        for url in gone:  # unfollowed on the server (the phone, say): here too
            store.feeds.remove(url)
            store.feeds.told(url)
    return {s.stream: {"url": s.url, "title": s.title} for s in subscriptions}


def _changed_here(feed: dict[str, Any]) -> bool:
    """A feed renamed or moved in reader since the server last said its title and folders."""
    return feed["title"] != feed.get("server_title", feed["title"]) or feed["folders"] != feed.get(
        "server_folders", feed["folders"]
    )


async def _take_states(services: Services, server: GReader, url: str, guard: Guard) -> None:
    """The server's read and starred states, taken for every item reader knows."""
    store = services.store
    unread = set(await server.item_ids(READING_LIST, exclude=READ))
    starred = set(await server.item_ids(STARRED))
    changed, states = [], set()
    for item, doc in store.remote.items(url).items():
        read, star = item not in unread, item in starred
        if doc.get("article") and (read, star) != (bool(doc.get("read")), bool(doc.get("starred"))):
            states.add((doc["article"], read, star))
            changed.append({"item": item, "read": read, "starred": star})
    _take_marks(services, states, guard)
    with guard("Sync state not saved"):
        store.remote.keep_items(url, changed)


async def add_account(
    services: Services, url: str, user: str, secret: str, command: str | None, guard: Guard
) -> str | None:
    """Log in at once (GReaderError says what failed), then keep the account and its password
    (not when a command gives it); what to say, or None if it could not be saved (the guard
    said why). The CLI's `reader account add` and the Feeds screen's `S` alike."""
    from reader.core.ingest.greader import check
    from reader.core.secrets import save_password
    from reader.services.fetching import fetcher

    async with fetcher(services) as client:
        await check(client.client, url, user, secret)
    where = "" if command else f"; the password is kept in {save_password(services.paths.data_dir, url, user, secret)}"
    with guard("Account not saved") as saved:
        services.store.remote.add_account(url, user, command)
    if not saved.ok:
        return None
    return f"logged in as {inert(user)} at {inert(url)}{where}"


def account_error(account: dict[str, Any], error: Exception) -> str:
    return f"{inert(account['user'])} at {inert(account['url'])}: {error}"


__all__ = ["GReaderError", "account_error", "sync_account"]
