"""Following feeds (`reader feed add`, `reader sync`): finding a page's feed, and saving
each feed's new entries as articles (through `pages`). Coroutines on one Fetcher; feed
parsing and extraction run in worker processes (`workers`)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.core.extract import Extracted, ExtractError, extract
from reader.core.ingest.feed_parsing import Entry, Feed, entry_article, feed_links, read_feed
from reader.core.ingest.fetch import ACCEPT_FEED, FEED_TYPES, HTML_TYPES, Fetcher, FetchError, Page, check_url
from reader.core.ingest.files import AddResult, UrlIndex
from reader.core.ingest.pages import Saver
from reader.core.ingest.workers import Crashed, Workers, shared
from reader.core.text import inert

SEEN_KEPT = 5000  # entry ids remembered per feed (more while the feed still lists them)


class FeedError(Exception):
    """No feed at that address; the message says why."""


@dataclass
class FeedInfo:
    url: str
    title: str
    site: str | None


def _feed_title(feed: Feed, url: str, known: str | None = None) -> str:
    """The feed's own title, else the one we knew it by, else its host."""
    return feed.title or known or urlsplit(url).hostname or url


async def discover(fetcher: Fetcher, url: str, workers: Workers | None = None) -> FeedInfo:
    """The feed at `url`, or the first one the page at `url` advertises; FeedError if none."""
    workers = workers or shared()
    page = await fetcher.get(url, accept=ACCEPT_FEED, types=FEED_TYPES + HTML_TYPES)
    feed = await _parse(workers, page.body, page.url)
    if feed.is_feed and page.content_type not in HTML_TYPES:
        return FeedInfo(page.url, _feed_title(feed, page.url), feed.site)
    return await _advertised(fetcher, workers, url, page)


async def take(fetcher: Fetcher, url: str, saver: Saver, workers: Workers | None = None) -> FeedInfo | AddResult:
    """What a web address is, told apart by itself: a feed (its FeedInfo, for the caller to
    follow); a page below a site's root that reads as an article (saved by `saver`: its
    AddResult); else a page that names a feed (that feed). FetchError or FeedError if none."""
    workers = workers or shared()
    url = check_url(url)
    page = await fetcher.get(url, accept=ACCEPT_FEED, types=FEED_TYPES + HTML_TYPES)
    feed = await _parse(workers, page.body, page.url)
    if feed.is_feed and page.content_type not in HTML_TYPES:
        return FeedInfo(page.url, _feed_title(feed, page.url), feed.site)
    if urlsplit(page.url).path.strip("/"):  # a site's home page is never taken for an article
        try:
            found = await workers.run(extract, page.body, page.url, page.charset)
        except ExtractError:
            pass  # too little text to be an article: the feed it names, if any
        else:
            return await saver.keep(url, found, [url, page.url])
    return await _advertised(fetcher, workers, url, page)


async def take_all(
    urls: list[str],
    library_dir: Path,
    index: UrlIndex,
    fetcher: Fetcher,
    on_done: Callable[[object], None] | None = None,
) -> list[FeedInfo | AddResult]:
    """`take` for several addresses at once (`reader add URL...`), in order; a failure is a
    skipped AddResult with its reason."""
    saver = Saver(fetcher, library_dir, index)

    async def one(url: str) -> FeedInfo | AddResult:
        try:
            result: FeedInfo | AddResult = await take(fetcher, url, saver)
        except (FetchError, FeedError) as error:
            result = AddResult(url, "skipped", reason=str(error))
        if on_done:
            on_done(result)
        return result

    return list(await asyncio.gather(*(one(url) for url in urls)))


async def _advertised(fetcher: Fetcher, workers: Workers, url: str, page: Page) -> FeedInfo:
    """The first feed an HTML page names (<link rel="alternate">); FeedError if none."""
    try:
        candidates = await workers.run(feed_links, page.body, page.url)
    except Crashed as error:
        raise FeedError(f"{inert(url)}: {error}") from None
    if not candidates:
        raise FeedError(f'{inert(url)}: not a feed, and the page names no feed (<link rel="alternate">)')
    errors = []
    for candidate in candidates[:3]:
        try:
            found = await fetcher.get(candidate, accept=ACCEPT_FEED, types=FEED_TYPES)
        except FetchError as error:
            errors.append(str(error))
            continue
        feed = await _parse(workers, found.body, found.url)
        if feed.is_feed:
            return FeedInfo(found.url, _feed_title(feed, found.url), feed.site or page.url)
        errors.append(f"{inert(candidate)}: not a feed")
    raise FeedError("; ".join(errors))


async def _parse(workers: Workers, body: bytes, url: str) -> Feed:
    try:
        return await workers.run(read_feed, body, url)
    except Crashed as error:
        raise FeedError(f"{inert(url)}: reading the feed crashed ({error})") from None


@dataclass
class FeedReport:
    """How one feed's sync went, and the state to keep for the next one."""

    url: str
    title: str
    new: list[AddResult] = field(default_factory=list)
    known: int = 0  # entries saved before (or already in the library)
    failed: list[str] = field(default_factory=list)  # reasons, one per entry
    error: str | None = None  # the feed itself could not be had
    not_modified: bool = False
    state: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        name = inert(self.title)
        if self.error:
            return f"{name}: failed: {self.error}"
        if self.not_modified:
            return f"{name}: unchanged (not modified since the last sync)"
        text = f"{name}: {len(self.new)} new, {self.known} already saved"
        if self.failed:
            text += f", {len(self.failed)} failed ({self.failed[0]}{'; …' if len(self.failed) > 1 else ''})"
        return text


async def save_entry(
    saver: Saver, key: str, entry: Entry, feed_title: str, feed_url: str, settings: dict[str, Any] | None = None
) -> AddResult:
    """One entry of a feed (or a feed server's item) as an article: its page's text, else the
    entry's own content; skipped, with the reason, if it has neither. The feed's `settings`:
    `content` "feed" keeps the entry's own content and fetches nothing; `selector` is the
    part of the page that is the article."""

    async def fallback() -> Extracted:  # ExtractError (Crashed among them) if it has no text
        return await saver.workers.run(entry_article, entry, feed_title)

    settings = settings or {}
    link = entry.link or ""
    web = link.lower().startswith(("http://", "https://"))
    if web and settings.get("content") != "feed":
        return await saver.save(
            link,
            feed=feed_title,
            feed_url=feed_url,
            fallback=fallback,
            date=entry.date,
            selector=settings.get("selector"),
        )
    try:  # no page to fetch (or the feed's own text wanted): the entry's own content
        return await saver.keep(key, await fallback(), [link] if web else [], feed_title, feed_url)
    except ExtractError as error:
        return AddResult(key, "skipped", reason=str(error))


async def sync_feed(
    fetcher: Fetcher,
    feed: dict[str, Any],
    saver: Saver,
    on_saved: Callable[[AddResult, str], None] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> FeedReport:
    """Fetch one feed (a 304 if unchanged since last time) and save its new entries. Never
    raises for a bad feed: the report says what went wrong."""
    url = feed["url"]
    report = FeedReport(url, feed.get("title") or url)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        page = await fetcher.get(
            url,
            accept=ACCEPT_FEED,
            types=FEED_TYPES + HTML_TYPES,
            etag=feed.get("etag"),
            modified=feed.get("last_modified"),
        )
    except FetchError as error:
        report.error = str(error)
        report.state = {"last_sync": now, "last_error": report.error}
        return report
    if page.not_modified:
        report.not_modified = True
        report.state = {"last_sync": now, "last_error": None}
        return report
    try:
        parsed = await _parse(saver.workers, page.body, page.url)
    except FeedError as error:
        report.error = str(error)
        report.state = {"last_sync": now, "last_error": report.error}
        return report
    if not parsed.is_feed:
        report.error = f"{inert(url)}: not a feed any more (the address gives {page.content_type or 'something else'})"
        report.state = {"last_sync": now, "last_error": report.error}
        return report
    title = feed["title"] if feed.get("renamed") else _feed_title(parsed, url, feed.get("title"))
    report.title = title
    seen = list(feed.get("seen") or [])
    seen_set = set(seen)
    taken: list[str] = []
    notes: list[str] = []  # what the feed's status says besides errors
    pending = []
    listed: dict[str, None] = {}  # every entry the feed lists now, in its order
    for entry in parsed.entries:
        key = entry.key
        if not key:
            report.failed.append("an entry with neither an id nor a link")
            continue
        listed[key] = None
        if key in seen_set or key in taken:
            report.known += 1 if key in seen_set else 0
            continue
        taken.append(key)
        pending.append((key, entry))
    if on_progress:
        on_progress("entries", 0, len(pending))

    async def take(key: str, entry: Entry) -> None:
        result = await save_entry(saver, key, entry, title, url, feed)
        if result.note and result.note not in notes:
            notes.append(result.note)
        if result.status == "added":
            report.new.append(result)
            seen.insert(0, key)
            if on_saved:
                on_saved(result, title)
        elif result.status == "duplicate":
            report.known += 1
            seen.insert(0, key)
        else:
            report.failed.append(result.reason)
        if on_progress:
            on_progress("entries", 1, 0)

    await asyncio.gather(*(take(*item) for item in pending))
    # an entry is remembered as long as the feed lists it (so it is never saved twice, however
    # long the feed); of the others, the newest, up to SEEN_KEPT in all
    seen_set = set(seen)
    still = [key for key in listed if key in seen_set]
    seen = still + [key for key in seen if key not in listed][: max(SEEN_KEPT - len(still), 0)]
    report.state = {
        "title": title,
        "last_sync": now,
        "last_error": None,
        "seen": seen,
        "last_note": "; ".join(notes) or None,
        # an entry that failed is tried again next time: ask for the whole feed then
        "etag": None if report.failed else page.etag,
        "last_modified": None if report.failed else page.last_modified,
    }
    if parsed.bozo and not parsed.entries:
        report.error = f"{inert(url)}: the feed is malformed and has no readable entries"
    return report


async def sync(
    fetcher: Fetcher,
    feeds: list[dict[str, Any]],
    library_dir: Path,
    index: UrlIndex,
    on_saved: Callable[[AddResult, str], None] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
    on_feed: Callable[[FeedReport], None] | None = None,
    workers: Workers | None = None,
) -> list[FeedReport]:
    """Sync every feed at once (politely per host); one bad feed never stops the others.
    `on_progress(kind, done, more)` counts "feeds" and (new) "entries" as they finish or are
    found;
    `on_feed` gets each feed's report as it finishes, to keep its state."""
    saver = Saver(fetcher, library_dir, index, workers)
    if on_progress:
        on_progress("feeds", 0, len(feeds))

    async def one(feed: dict[str, Any]) -> FeedReport:
        try:
            report = await sync_feed(fetcher, feed, saver, on_saved, on_progress)
        except Exception as error:  # a bug or an odd feed must not stop the other feeds
            report = FeedReport(feed["url"], feed.get("title") or feed["url"], error=f"{type(error).__name__}: {error}")
            report.state = {"last_error": report.error}
        if on_progress:
            on_progress("feeds", 1, 0)
        if on_feed:
            on_feed(report)
        return report

    return list(await asyncio.gather(*(one(feed) for feed in feeds)))
