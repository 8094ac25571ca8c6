"""Feeds for the CLI, the app and the shell hand-off alike, written once: the one fetcher
factory, following a feed, a web address told apart (a feed followed, an article saved),
and the sync, each new article taken into the library and marked new (unread, in the
inbox) as it is saved. Each front end only presents what these return: the same words.

Every store change goes through `guard(failed)`, a context manager yielding something with
`ok` (the app's `saving`, which turns a store error into a message): `unguarded` lets the
error through, as the CLI wants."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from reader.core.text import inert, plural
from reader.services.fetching import fetcher
from reader.services.rules import Arrivals, Ruled

if TYPE_CHECKING:
    from reader.core.ingest import AddResult
    from reader.core.ingest.feeds import FeedInfo, FeedReport
    from reader.core.ingest.opml import Opml
    from reader.core.library import Entry, Library
    from reader.services import Services
    from reader.services.imports import Fetched
    from reader.services.retention import Cleaned


class Saved(Protocol):
    ok: bool


Guard = Callable[[str], AbstractContextManager[Saved]]


@dataclass
class _Done:
    ok: bool = True


@contextmanager
def unguarded(failed: str) -> Iterator[Saved]:
    """A store change as the shell makes it: an error stops the command, which says why."""
    yield _Done()


# --- following ---
@dataclass
class Followed:
    url: str
    title: str
    new: bool  # False: followed already

    def line(self) -> str:
        """What the shell prints."""
        if not self.new:
            return f"already following {inert(self.title)} ({inert(self.url)})"
        return f"following {inert(self.title)} ({inert(self.url)}); `reader sync` fetches its articles"

    def notice(self, fetching: bool = False) -> str:
        """What the app says (`fetching`: its articles are being fetched now, as after `a`)."""
        if self.new and fetching:
            return f"Following {inert(self.title)}: fetching its articles"
        return f"{'Following' if self.new else 'Already following'} {inert(self.title)}: R syncs its articles"


def keep_feed(services: Services, found: FeedInfo, guard: Guard = unguarded) -> Followed | None:
    """Follow a feed found on the web; None if it could not be saved (the guard said why)."""
    with guard("Feed not followed") as saved:
        new = services.store.feeds.add(found.url, found.title, found.site)
    return Followed(found.url, found.title, new) if saved.ok else None


# --- a list of feeds (OPML) ---
@dataclass
class FeedList:
    """An OPML file read (off the app's event loop: reading 100,000 feeds takes a second)."""

    opml: Opml

    @property
    def skipped(self) -> list[str]:
        """A line for each outline that is not a feed reader follows."""
        return self.opml.skipped

    @classmethod
    def read(cls, path: Path) -> FeedList:
        """OSError if the file cannot be read, OpmlError if it is not OPML reader reads."""
        from reader.core.files import read_file
        from reader.core.ingest.opml import OPML_MAX_BYTES, read_opml

        return cls(read_opml(read_file(path, OPML_MAX_BYTES)))

    def follow(self, services: Services, guard: Guard = unguarded) -> str | None:
        """Every feed followed with its title, site and folders, and every folder kept (empty
        ones too), in one batch (all of it or, on a full disk, none); what to say of it, or
        None if it could not be saved (the guard said why)."""
        from reader.core.store.feeds import NewFeed, with_parents

        outlines = self.opml.outlines
        with guard("Feeds not imported") as saved, services.store.batch():
            added = services.store.feeds.add_many(
                (NewFeed(o.url, o.title or o.url, tuple(o.folders), o.site, titled=bool(o.title)) for o in outlines),
                self.opml.folders,
            )
            for outline in outlines:
                if outline.settings:  # reader's own (a list exported by reader)
                    services.store.feeds.update(outline.url, **outline.settings)
        if not saved.ok:
            return None
        folders = set(self.opml.folders) | {f for o in outlines for f in o.folders}
        empty = len(folders - with_parents(f for o in outlines for f in o.folders))
        also = f"; {plural(len(self.skipped), 'outline')} skipped" if self.skipped else ""
        return (
            f"following {plural(added, 'new feed')} ({len(outlines) - added} already followed)"
            f" in {plural(len(folders), 'folder')}" + (f" ({empty} empty)" if empty else "") + also
        )


async def follow(services: Services, url: str, guard: Guard = unguarded) -> Followed | None:
    """The feed at `url`, or the one the page there names, followed (`reader feed add`);
    FetchError or FeedError if there is none."""
    from reader.core.ingest import discover

    async with fetcher(services) as client:
        found = await discover(client, url)
    return keep_feed(services, found, guard)


async def add_address(
    services: Services, library: Library, url: str, guard: Guard = unguarded
) -> Followed | AddResult | None:
    """A web address told apart by itself (`a` in the app): a feed followed (Followed), or
    an article page saved, taken into the library and marked new (its AddResult: added,
    duplicate or skipped). FetchError or FeedError if it is neither."""
    from reader.core.ingest import AddResult, UrlIndex
    from reader.core.ingest.feeds import take
    from reader.core.ingest.pages import Saver

    async with fetcher(services) as client:
        saver = Saver(client, services.paths.library_dir, UrlIndex(library.entries))
        got = await take(client, url, saver)
    if not isinstance(got, AddResult):  # a feed
        return keep_feed(services, got, guard)
    if got.status == "added" and got.path is not None:
        ruled = Ruled()
        entry = take_in(services, library, got.path, guard, Arrivals(services, library), ruled)
        if entry is not None and entry.id in ruled.skipped:
            got.status, got.reason = "skipped", "a rule skips it (`reader rule list`)"
    return got


def take_in(
    services: Services,
    library: Library,
    path: Path,
    guard: Guard = unguarded,
    arrivals: Arrivals | None = None,
    ruled: Ruled | None = None,
) -> Entry | None:
    """A file just saved in the library folder, taken into the library and marked new
    (unread, in the inbox, under a reused id too), then the `arrivals`' rules run on it, in
    the same batch (`ruled` counts what they did; a skipped one is in `ruled.skipped`). A file
    it has already (the sync that wrote it and the folder's watcher both report it) is left
    as it is. None if this library does not show that folder or the file cannot be read."""
    from reader.core.library import SkipFile

    known = library.entry_at(path) if library.has_file(path) else None
    if known is not None:
        return known
    try:
        entry = library.add_file(path)
    except SkipFile:
        return None
    if not services.store.read_only:  # else the reader that holds the database marks it
        with guard("Read state not saved"), services.store.batch():  # one journal line an article
            services.store.articles.arrived(entry.id)
            if arrivals:
                arrivals.run([entry], ruled if ruled is not None else Ruled())
    return entry


# --- syncing ---
@dataclass
class Tally:
    """How far a sync has got, as its progress reports come in."""

    feeds: int = 0
    feeds_total: int = 0
    entries: int = 0
    entries_total: int = 0
    saved: int = 0
    step: tuple[int, int] = (0, 0)  # the last report: (done, more), of feeds or of entries

    def count(self, kind: str, done: int, more: int) -> None:
        self.step = (done, more)
        if kind == "feeds":
            self.feeds, self.feeds_total = self.feeds + done, self.feeds_total + more
        else:
            self.entries, self.entries_total = self.entries + done, self.entries_total + more

    def status(self) -> str:
        return (
            f"syncing: {self.feeds}/{self.feeds_total} feeds"
            f" · {self.entries}/{self.entries_total} new entries · {self.saved} saved"
        )


@dataclass
class Synced:
    """What a sync did: a report per feed, and the articles it saved where this library
    does not look (a --library that leaves out the library folder)."""

    reports: list[FeedReport]
    library_dir: Path
    outside: list[Path] = field(default_factory=list)
    fetched: Fetched | None = None  # the imported pages fetched (services.imports)
    ruled: Ruled = field(default_factory=Ruled)  # what the rules did to the new articles
    cleaned: Cleaned | None = None  # old read articles to the trash (services.retention)

    @property
    def new(self) -> int:
        """Articles saved."""
        return sum(len(r.new) for r in self.reports)

    @property
    def failed(self) -> list[FeedReport]:
        """The feeds that failed, or some of whose entries did."""
        return [r for r in self.reports if r.error or r.failed]

    @property
    def every_failed(self) -> bool:
        return bool(self.reports) and all(r.error for r in self.reports)

    def head(self) -> str:
        """The summary, in a line."""
        feeds = plural(len(self.reports), "feed")
        if self.every_failed:
            return f"Every feed failed ({feeds}): nothing was synced"
        head = f"Synced {feeds}: {plural(self.new, 'new article')}"
        errors = sum(1 for r in self.reports if r.error)
        if errors:
            head += f"; {plural(errors, 'feed')} failed"
        if self.outside:
            head += f" (saved to {self.library_dir}, which this library does not show)"
        if self.ruled.done:
            head += f"; {self.ruled.line()}"
        if self.cleaned is not None and self.cleaned.line():
            head += f"; {self.cleaned.line()}"
        if self.fetched is not None:
            head = (head + "; " if self.reports else "") + self.fetched.line()
        return head

    def lines(self) -> list[str]:
        """A line per feed."""
        return [r.line() for r in self.reports]


async def sync(
    services: Services,
    feeds: list[dict[str, Any]],
    library: Library,
    guard: Guard = unguarded,
    on_article: Callable[[Entry], None] | None = None,
    on_progress: Callable[[Tally], None] | None = None,
) -> Synced:
    """Fetch the feeds' new entries; each article saved is taken into `library` and marked
    new at once (`on_article` is told), each feed's state is kept as it finishes. Network
    waits are async and extraction runs in worker processes. With a feed-server account, the
    sync goes through the server (services.remote), both ways."""
    from reader.core.ingest import UrlIndex
    from reader.core.ingest import sync as sync_feeds

    tally = Tally()
    synced = Synced([], services.paths.library_dir)

    arrivals = Arrivals(services, library)
    waiting: list[Entry] = []  # taken in, the rules not run on them yet: run a feed's at a time

    def saved(result: AddResult, feed: str) -> Entry | None:
        entry = take_in(services, library, result.path, guard) if result.path else None
        tally.saved += 1
        if entry is None:
            if result.path is not None and result.path.exists():  # gone: a rule skipped it (the watcher's, first)
                synced.outside.append(result.path)
        elif arrivals:
            waiting.append(entry)  # told once the rules have run (`ruled`)
        elif on_article is not None:
            on_article(entry)
        return entry

    def ruled(report: FeedReport | None = None, failed: str = "Rules not applied") -> None:
        """The rules on the articles taken in since the last time (a set operation per rule
        for them all), with the feed's state (`report`) in the same change; the ones kept
        are told."""
        kept, waiting[:] = list(waiting), []
        with guard(failed), services.store.batch():
            if report is not None:
                services.store.feeds.update(report.url, **report.state)
            if kept:
                kept = arrivals.run(kept, synced.ruled)
        for entry in kept:
            if on_article is not None:
                on_article(entry)

    def progress(kind: str, done: int, more: int) -> None:
        tally.count(kind, done, more)
        if on_progress is not None:
            on_progress(tally)

    def keep(report: FeedReport) -> None:
        ruled(report, "Feed state not saved")  # its state and what its rules did to its new articles: one change

    accounts = services.store.remote.accounts()
    if accounts:  # through the feed server, which fetches the feeds
        await _through_servers(services, accounts, library, guard, synced, saved, progress)
    elif feeds:
        async with fetcher(services) as client:
            synced.reports = await sync_feeds(
                client,
                feeds,
                services.paths.library_dir,
                UrlIndex(library.entries),
                on_saved=saved,
                on_progress=progress,
                on_feed=keep,
            )
    if waiting:  # a feed server's articles
        ruled()
    if len(services.store.fetches):  # imported pages still to fetch
        from reader.services.imports import fetch_pending

        with guard("Imported pages not fetched"):
            synced.fetched = await fetch_pending(services, library)
    from reader.services.retention import clean, keeps

    if keeps(services) or services.store.articles.deleted_ids():
        with guard("Old read articles not cleaned"):
            synced.cleaned = clean(services)
    return synced


async def _through_servers(
    services: Services,
    accounts: list[dict[str, Any]],
    library: Library,
    guard: Guard,
    synced: Synced,
    saved: Callable[[AddResult, str], Entry | None],
    progress: Callable[[str, int, int], None],
) -> None:
    """Each account's sync (services.remote); one that cannot be used is a failed report."""
    from reader.core.ingest.feeds import FeedReport
    from reader.core.secrets import SecretError
    from reader.services.remote import GReaderError, account_error, sync_account

    async with fetcher(services) as client:
        for account in accounts:
            try:
                synced.reports += await sync_account(services, account, library, guard, saved, progress, client)
            except (GReaderError, SecretError) as error:
                synced.reports.append(FeedReport(account["url"], account["user"], error=account_error(account, error)))
